//! Refitting a learner's FSRS parameters from the app's review log.

use iqrah_core::fitting::{Review, fit};
use iqrah_core::memory::Scheduler;
use iqrah_core::settings::Settings;

use crate::practice::AppReview;

/// Whether this build can refit parameters.
pub(crate) const AVAILABLE: bool = true;

/// What a refit gave.
pub(crate) enum Refit {
    /// Too few reviews, or the optimizer failed: nothing was fitted.
    NotFitted,
    /// Fitted, but no better than the defaults on the log: not kept. The
    /// log losses of the defaults and of the fitted parameters.
    NotBetter(f32, f32),
    /// Fitted and better than the defaults: the scheduler to use, and the
    /// log losses of the defaults and of the fitted parameters.
    Kept(Scheduler, f32, f32),
}

/// Parameters fitted to `log` (`iqrah_core::fitting::fit`, learner days
/// from the settings), kept only when they predict the log better than the
/// defaults (`Fit::is_better`), as the app keeps them.
pub(crate) fn refit(log: &[AppReview], settings: &Settings) -> Refit {
    let reviews: Vec<Review> = log
        .iter()
        .map(|r| Review {
            item: r.item,
            at: r.at,
            rating: r.rating,
        })
        .collect();
    let offset = settings.day_start_offset_ms();
    let Ok(fitted) = fit(&reviews, offset) else {
        return Refit::NotFitted;
    };
    let losses = (fitted.default.log_loss, fitted.fitted.log_loss);
    // The app's rule for keeping a fit.
    if !fitted.is_usable_and_better() {
        return Refit::NotBetter(losses.0, losses.1);
    }
    match Scheduler::with_parameters(&fitted.parameters) {
        Ok(scheduler) => Refit::Kept(scheduler.with_day_start(offset), losses.0, losses.1),
        Err(_) => Refit::NotFitted,
    }
}
