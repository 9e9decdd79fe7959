//! Refitting a learner's FSRS parameters from the app's review log.

use iqrah_core::memory::Scheduler;
use iqrah_core::settings::Settings;

use crate::practice::AppReview;

/// Whether this build can refit parameters.
pub(crate) const AVAILABLE: bool = false;

/// A scheduler with parameters fitted to `log`, when fitting is
/// available, enough reviews have accumulated and the fitted parameters
/// predict the log better than the defaults; else `None` (the scheduler in
/// use stays).
pub(crate) fn refit(log: &[AppReview], settings: &Settings) -> Option<Scheduler> {
    let _ = (log, settings);
    None
}
