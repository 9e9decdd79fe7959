//! FSRS parameters fitted to each learner: fitting them by request or
//! automatically after a session, showing what is in use, resetting them,
//! and the scheduler every call of a learner schedules with.
//!
//! A fit reads the learner's whole review log, runs
//! [`iqrah_core::fitting::fit`] off the async runtime and keeps the fitted
//! parameters only when they predict the log better than the defaults.
//! Sessions keep the parameters they started with, so a fit takes effect
//! from the next session.

use std::collections::HashSet;
use std::sync::Mutex;

use iqrah_core::fitting::{
    DEFAULT_PARAMETERS, Evaluation, Fit, FitError, MIN_REVIEWS_TO_FIT, Review, fit,
};
use iqrah_core::memory::Scheduler;
use iqrah_core::settings::Settings;
use iqrah_core::time::Timestamp;
use iqrah_store::{FitRecord, LearnerParameters, UserId, UserStore};
use serde::{Deserialize, Serialize};

use crate::app::Iqrah;
use crate::error::ApiError;
use crate::session::check_user;

/// New reviews since the last fit (or reset) after which completing a
/// session fits the learner's parameters again. The same as
/// [`MIN_REVIEWS_TO_FIT`]: the first automatic fit is tried once the log
/// holds that many reviews of any kind, the next ones each time it has
/// grown by as much again, also after a try that found too few training
/// reviews (only recitations train the fit, so a learner who also
/// practises links and meaning waits a few such steps). Anki asks the
/// learner to re-optimize about monthly; at 15–30 reviews a day this is
/// every two to four weeks.
pub const AUTOMATIC_FIT_EVERY: u64 = MIN_REVIEWS_TO_FIT as u64;

/// What one fit found, and whether its parameters are now in use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReportDto {
    /// When the fit ran.
    pub fitted_at: Timestamp,
    /// FSRS-6's defaults judged on the learner's log.
    pub default: Evaluation,
    /// The fitted parameters judged on the same log.
    pub fitted: Evaluation,
    /// Reviews read from the log.
    pub reviews: u64,
    /// Of which the optimizer predicted: recitations on a later learner
    /// day than the item's previous one.
    pub training_reviews: u64,
    /// Whether the fitted parameters are kept
    /// ([`Fit::is_usable_and_better`]: finite, accepted by FSRS, and a
    /// lower log loss than the defaults'); otherwise the parameters in use
    /// stay.
    pub kept: bool,
    /// The fitted parameters (21 values).
    pub parameters: Vec<f32>,
}

/// The FSRS parameters a learner's next session schedules with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchedulingParametersDto {
    /// `"default"` (FSRS-6's defaults) or `"fitted"`.
    pub source: String,
    /// The parameters in use (21 values).
    pub parameters: Vec<f32>,
    /// The fit they come from, with its figures, when fitted.
    pub fit: Option<FitRecord>,
    /// When the log was last fitted (kept or not) or the parameters reset.
    pub last_checked_at: Option<Timestamp>,
    /// Reviews in the learner's log now.
    pub reviews: u64,
    /// Training reviews a fit needs ([`MIN_REVIEWS_TO_FIT`]).
    pub min_training_reviews: u64,
    /// The review count at which completing a session fits again.
    pub next_automatic_fit_at: u64,
}

/// The automatic fits running: the learners being fitted, so that two
/// completions in a row start one fit, and the tasks, so that a process
/// about to exit can let them finish.
#[derive(Debug, Default)]
pub(crate) struct FitsRunning {
    learners: Mutex<HashSet<UserId>>,
    tasks: Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

impl FitsRunning {
    /// Marks `user` as being fitted; `false` if it already was.
    fn start(&self, user: &UserId) -> bool {
        self.learners
            .lock()
            .map(|mut running| running.insert(user.clone()))
            .unwrap_or(false)
    }

    /// Marks `user` as being fitted, as [`FitsRunning::start`], with a
    /// guard that marks the fit finished when dropped: when the fit ends,
    /// panics or is cancelled. `None` if the learner already was.
    fn turn(self: &std::sync::Arc<Self>, user: &UserId) -> Option<FitTurn> {
        self.start(user).then(|| FitTurn {
            fits: std::sync::Arc::clone(self),
            user: user.clone(),
        })
    }

    fn finish(&self, user: &UserId) {
        if let Ok(mut running) = self.learners.lock() {
            running.remove(user);
        }
    }

    fn keep(&self, task: tokio::task::JoinHandle<()>) {
        if let Ok(mut tasks) = self.tasks.lock() {
            tasks.retain(|t| !t.is_finished());
            tasks.push(task);
        }
    }

    fn take(&self) -> Vec<tokio::task::JoinHandle<()>> {
        self.tasks
            .lock()
            .map(|mut tasks| std::mem::take(&mut *tasks))
            .unwrap_or_default()
    }
}

/// One learner's automatic fit running; dropping it marks the fit finished,
/// so that a fit that panicked or was cancelled does not block the next.
#[derive(Debug)]
struct FitTurn {
    fits: std::sync::Arc<FitsRunning>,
    user: UserId,
}

impl Drop for FitTurn {
    fn drop(&mut self) {
        self.fits.finish(&self.user);
    }
}

/// Whether a fit that ended in `error` counts as a check of the log, so
/// that the automatic fit reads it again only once it has grown by
/// [`AUTOMATIC_FIT_EVERY`] reviews: too few training reviews, or an
/// optimizer that failed on it (it would fail again on the same log).
fn counts_as_check(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::NotEnoughReviews { .. } | ApiError::FitFailed(_)
    )
}

/// The parameters in use of what is stored (empty: the defaults).
fn in_use(stored: Option<&LearnerParameters>) -> Vec<f32> {
    stored
        .and_then(|p| p.in_use.as_ref())
        .map(|fit| fit.parameters.clone())
        .unwrap_or_default()
}

impl Iqrah {
    /// The FSRS parameters the learner's next session uses (empty: the
    /// defaults).
    pub(crate) async fn parameters_in_use(&self, user: &UserId) -> Result<Vec<f32>, ApiError> {
        let store = self.store().await?;
        Ok(in_use(store.learner_parameters(user).await?.as_ref()))
    }

    /// The scheduler for the learner's calls outside a session: their
    /// parameters in use and their learner day.
    pub(crate) async fn learner_scheduler(
        &self,
        user: &UserId,
        settings: &Settings,
    ) -> Result<Scheduler, ApiError> {
        Ok(Scheduler::for_learner(
            &self.parameters_in_use(user).await?,
            settings,
        ))
    }

    /// Fits FSRS parameters to the learner's review log and keeps them when
    /// they predict it better than the defaults (lower log loss). The fit
    /// runs off the async runtime. Fewer than [`MIN_REVIEWS_TO_FIT`]
    /// training reviews is `not_enough_reviews`, and nothing changes. A
    /// reset or another fit saved while this one ran is kept, and this
    /// fit is `fit_superseded` and recorded nowhere.
    pub async fn optimize(&self, user: &UserId) -> Result<FitReportDto, ApiError> {
        check_user(user)?;
        let read = self.store().await?.learner_parameters(user).await?;
        self.fit_and_record(user, read.as_ref()).await
    }

    /// What the learner's next session schedules with: the defaults or
    /// the fitted parameters, with the fit's figures and date.
    pub async fn scheduling_parameters(
        &self,
        user: &UserId,
    ) -> Result<SchedulingParametersDto, ApiError> {
        check_user(user)?;
        let store = self.store().await?;
        let stored = store.learner_parameters(user).await?;
        let reviews = store.review_count(user).await?;
        let fit = stored.as_ref().and_then(|p| p.in_use.clone());
        let parameters = match &fit {
            Some(fit) => fit.parameters.clone(),
            None => fsrs_defaults(),
        };
        Ok(SchedulingParametersDto {
            source: if fit.is_some() { "fitted" } else { "default" }.to_owned(),
            parameters,
            fit,
            last_checked_at: stored.as_ref().map(|p| p.checked_at),
            reviews,
            min_training_reviews: MIN_REVIEWS_TO_FIT as u64,
            next_automatic_fit_at: next_automatic_fit_at(stored.as_ref()),
        })
    }

    /// Goes back to FSRS-6's default parameters from the next session. The
    /// automatic fit counts new reviews from now.
    pub async fn reset_parameters(
        &self,
        user: &UserId,
    ) -> Result<SchedulingParametersDto, ApiError> {
        check_user(user)?;
        let store = self.store().await?;
        let reviews = store.review_count(user).await?;
        store.reset_parameters(user, self.now(), reviews).await?;
        self.scheduling_parameters(user).await
    }

    /// After a session is completed: fits the learner's parameters in the
    /// background when the log has grown by [`AUTOMATIC_FIT_EVERY`] reviews
    /// since the last fit (or reset). Never fails or waits: errors are
    /// written to standard error.
    pub(crate) fn fit_in_background(&self, user: &UserId) {
        if !self.config.automatic_fitting {
            return;
        }
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let Some(turn) = self.fits_running.turn(user) else {
            return;
        };
        let iqrah = self.clone();
        let user = user.clone();
        let task = handle.spawn(async move {
            // Held until the task ends, however it ends.
            let _turn = turn;
            if let Err(error) = iqrah.fit_if_due(&user).await {
                eprintln!(
                    "iqrah: the automatic FSRS fit for {:?} failed ({}): {error}",
                    user.as_str(),
                    error.code()
                );
            }
        });
        self.fits_running.keep(task);
    }

    /// Waits for the automatic fits started so far to finish, for a
    /// process about to exit (the command line after a session): a
    /// runtime shut down with a fit running would drop its result.
    pub async fn finish_background_fits(&self) {
        for task in self.fits_running.take() {
            // A fit that panicked has nothing left to save.
            let _ = task.await;
        }
    }

    async fn fit_if_due(&self, user: &UserId) -> Result<(), ApiError> {
        let store = self.store().await?;
        let stored = store.learner_parameters(user).await?;
        let reviews = store.review_count(user).await?;
        if reviews < next_automatic_fit_at(stored.as_ref()) {
            return Ok(());
        }
        match self.fit_and_record(user, stored.as_ref()).await {
            // Too few training reviews, or the optimizer failed: count this
            // as a check, so the log is read again only after as many new
            // reviews (unless a reset or a fit was saved meanwhile: it
            // stays). A failure is still reported.
            Err(error) if counts_as_check(&error) => {
                store
                    .record_fit(user, stored.as_ref(), self.now(), reviews, None)
                    .await?;
                match error {
                    ApiError::NotEnoughReviews { .. } => Ok(()),
                    error => Err(error),
                }
            }
            // A newer reset or fit was saved while this one ran: it stays.
            Err(ApiError::FitSuperseded) => Ok(()),
            other => other.map(|_| ()),
        }
    }

    /// Fits the learner's log and records the fit, if what is stored is
    /// still `read` (what was stored before the log was read); otherwise
    /// [`ApiError::FitSuperseded`] and nothing is written.
    async fn fit_and_record(
        &self,
        user: &UserId,
        read: Option<&LearnerParameters>,
    ) -> Result<FitReportDto, ApiError> {
        let store = self.store().await?;
        let settings = store.settings(user).await?;
        let reviews: Vec<Review> = store
            .review_records(user)
            .await?
            .iter()
            .map(Review::from)
            .collect();
        let offset = settings.day_start_offset_ms();
        let count = reviews.len() as u64;
        let result = tokio::task::spawn_blocking(move || fit(&reviews, offset))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let fitted: Fit = result.map_err(|error| match error {
            FitError::NotEnoughReviews { have, need } => ApiError::NotEnoughReviews { have, need },
            FitError::Optimizer { reason } => ApiError::FitFailed(reason),
        })?;
        let now = self.now();
        let kept = fitted.is_usable_and_better();
        let record = FitRecord {
            fitted_at: now,
            parameters: fitted.parameters.clone(),
            default: fitted.default,
            fitted: fitted.fitted,
            reviews: count,
            training_reviews: fitted.training_reviews as u64,
        };
        let recorded = store
            .record_fit(user, read, now, count, kept.then_some(&record))
            .await?;
        if !recorded {
            return Err(ApiError::FitSuperseded);
        }
        Ok(FitReportDto {
            fitted_at: now,
            default: fitted.default,
            fitted: fitted.fitted,
            reviews: count,
            training_reviews: record.training_reviews,
            kept,
            parameters: fitted.parameters,
        })
    }
}

/// FSRS-6's default parameters.
fn fsrs_defaults() -> Vec<f32> {
    DEFAULT_PARAMETERS.to_vec()
}

/// The review count from which completing a session fits again.
fn next_automatic_fit_at(stored: Option<&LearnerParameters>) -> u64 {
    match stored {
        None => MIN_REVIEWS_TO_FIT as u64,
        Some(stored) => stored
            .checked_reviews
            .saturating_add(AUTOMATIC_FIT_EVERY)
            .max(MIN_REVIEWS_TO_FIT as u64),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn a_fit_that_panics_or_is_cancelled_lets_the_next_one_start() {
        let fits = Arc::new(FitsRunning::default());
        // A fit that panics.
        let turn = fits.turn(&UserId::new("a")).expect("not running yet");
        assert!(
            fits.turn(&UserId::new("a")).is_none(),
            "one fit per learner at a time"
        );
        let task = tokio::spawn(async move {
            let _turn = turn;
            panic!("the optimizer panicked");
        });
        assert!(task.await.unwrap_err().is_panic());
        // A fit that is cancelled while it waits.
        let turn = fits
            .turn(&UserId::new("a"))
            .expect("the panicked fit finished");
        let task = tokio::spawn(async move {
            let _turn = turn;
            std::future::pending::<()>().await;
        });
        tokio::task::yield_now().await;
        assert!(fits.turn(&UserId::new("a")).is_none());
        task.abort();
        assert!(task.await.unwrap_err().is_cancelled());
        assert!(
            fits.turn(&UserId::new("a")).is_some(),
            "the cancelled fit finished"
        );
    }

    #[test]
    fn a_failed_optimizer_counts_as_a_check_like_too_few_reviews() {
        assert!(counts_as_check(&ApiError::FitFailed("NaN loss".into())));
        assert!(counts_as_check(&ApiError::NotEnoughReviews {
            have: 3,
            need: MIN_REVIEWS_TO_FIT
        }));
        assert!(!counts_as_check(&ApiError::FitSuperseded));
        assert!(!counts_as_check(&ApiError::Internal("join".into())));
    }
}
