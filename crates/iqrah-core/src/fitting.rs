//! FSRS parameters fitted to one learner's review log.
//!
//! [`fit`] turns the log into the training items FSRS's optimizer reads
//! (one per review that comes on a later learner day than the item's
//! previous review, with that item's history before it), runs
//! `fsrs::compute_parameters` on them, and judges the defaults and the
//! fitted parameters with `FSRS::evaluate` on the same items: log loss and
//! RMSE(bins), the figures Anki shows after optimizing. The caller keeps
//! the fitted parameters only when [`Fit::is_usable_and_better`].
//!
//! Only recitations train the parameters: the reviews of memorization
//! items ([`trains_parameters`]). The parameters schedule every item, but
//! what a learner keeps is the recitation, and the rest of the log is
//! mostly recognition among choices (meaning, what comes next), which is
//! recalled more often and forgets on another curve: fitted together, the
//! choices outnumber the recitations and the parameters describe them.
//!
//! Days are counted as [`crate::memory::Scheduler::elapsed_days`] counts
//! them: learner days that start `day_start_offset_ms` after midnight UTC,
//! so two reviews on the same learner day are 0 days apart and FSRS-6 fits
//! its short-term (same-day) parameters from them.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::{Deserialize, Serialize};

use crate::item::{ItemKey, Skill};
use crate::memory::{Rating, Scheduler};
use crate::progress::learner_day;
use crate::stats::ReviewRecord;
use crate::time::Timestamp;

/// The fewest training reviews [`fit`] accepts: reviews that train the
/// fit ([`trains_parameters`]) of an item on a later learner day than its
/// previous review (what Anki calls the optimizer's "FSRS items").
///
/// Anki's optimizer asked for 1,000 of them when FSRS arrived (Anki 23.10,
/// `deckConfigMustHave1000Reviews`) and 400 from Anki 24.04 on (its
/// `compute_params` documents the 400-item check); below that the fsrs
/// crate itself falls back: under 8 training items it returns the defaults,
/// under 64 it fits only the four first-review stabilities
/// (`fsrs::compute_parameters`, fsrs 6.6.2). 400 is Anki's current floor.
pub const MIN_REVIEWS_TO_FIT: usize = 400;

/// FSRS-6's default parameters, fitted on the average learner: what every
/// learner is scheduled with until a fit is kept.
pub const DEFAULT_PARAMETERS: [f32; 21] = fsrs::DEFAULT_PARAMETERS;

/// One answer of the review log, as the optimizer needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The item answered.
    pub item: ItemKey,
    /// When it was answered.
    pub at: Timestamp,
    /// The grade given.
    pub rating: Rating,
}

impl From<&ReviewRecord> for Review {
    fn from(record: &ReviewRecord) -> Self {
        Review {
            item: record.item,
            at: record.reviewed_at,
            rating: record.rating,
        }
    }
}

/// How well a set of parameters predicts a learner's recalls.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Weighted binary cross-entropy of the predicted recall probability
    /// against what happened (recalled = rated Hard, Good or Easy). Lower
    /// is better.
    pub log_loss: f32,
    /// Root mean squared error between predicted and actual recall rates
    /// over bins of similar reviews (FSRS's `rmse_bins`). Lower is better.
    pub rmse_bins: f32,
}

/// Parameters fitted to a review log, with both sets judged on that log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    /// The fitted FSRS-6 parameters (21 values), usable with
    /// [`crate::memory::Scheduler::with_parameters`].
    pub parameters: Vec<f32>,
    /// FSRS-6's default parameters judged on the log.
    pub default: Evaluation,
    /// The fitted parameters judged on the same log.
    pub fitted: Evaluation,
    /// Reviews read from the log, of every skill.
    pub reviews: usize,
    /// Distinct items that train the parameters ([`trains_parameters`])
    /// among those reviews.
    pub items: usize,
    /// Training reviews: reviews of those items on a later learner day
    /// than the item's previous review (compared with
    /// [`MIN_REVIEWS_TO_FIT`]).
    pub training_reviews: usize,
}

impl Fit {
    /// Whether the fitted parameters predict the log better than the
    /// defaults (lower log loss). Says nothing of whether they can be
    /// used: keep a fit only when [`Fit::is_usable_and_better`].
    pub fn is_better(&self) -> bool {
        self.fitted.log_loss < self.default.log_loss
    }

    /// Whether the fit is to be kept: its parameters and the four figures
    /// are finite numbers (a NaN would be stored as nothing and read back
    /// as damage), FSRS accepts the parameters
    /// ([`Scheduler::with_parameters`]), and they predict the log better
    /// than the defaults ([`Fit::is_better`]).
    pub fn is_usable_and_better(&self) -> bool {
        let figures = [
            self.default.log_loss,
            self.default.rmse_bins,
            self.fitted.log_loss,
            self.fitted.rmse_bins,
        ];
        !self.parameters.is_empty()
            && self
                .parameters
                .iter()
                .chain(&figures)
                .all(|v| v.is_finite())
            && Scheduler::with_parameters(&self.parameters).is_ok()
            && self.is_better()
    }
}

/// Why parameters could not be fitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    /// The log holds too few training reviews.
    #[error("not enough reviews to fit FSRS: {have} of {need} needed")]
    NotEnoughReviews {
        /// Training reviews in the log.
        have: usize,
        /// [`MIN_REVIEWS_TO_FIT`].
        need: usize,
    },
    /// The fsrs crate's optimizer or evaluation failed.
    #[error("the FSRS optimizer failed: {reason}")]
    Optimizer {
        /// What the fsrs crate said.
        reason: String,
    },
}

/// Whether the reviews of `item` train the parameters: those of a verse's
/// memorization, the recitations. Continuity and meaning are reviewed
/// mostly as choices, and are scheduled with the parameters the
/// recitations give.
pub fn trains_parameters(item: ItemKey) -> bool {
    item.skill() == Skill::Memorization
}

/// The optimizer's training items built from a review log.
struct TrainingSet {
    items: Vec<fsrs::FSRSItem>,
    /// The index of each training item's verse × skill, aligned with `items`.
    item_ids: Vec<i64>,
    reviews: usize,
    distinct_items: usize,
}

/// Fits FSRS-6 parameters to the recitations of `reviews` (any order;
/// [`trains_parameters`]) and judges them against the defaults on the same
/// recitations. Deterministic: the same reviews, in
/// any order, give the same parameters and log losses.
pub fn fit(reviews: &[Review], day_start_offset_ms: i64) -> Result<Fit, FitError> {
    let set = training_set(reviews, day_start_offset_ms);
    if set.items.len() < MIN_REVIEWS_TO_FIT {
        return Err(FitError::NotEnoughReviews {
            have: set.items.len(),
            need: MIN_REVIEWS_TO_FIT,
        });
    }
    // The fsrs crate unwraps in places; a panic inside it must not take
    // down the caller, so it becomes a typed error.
    let fitted = catch_unwind(AssertUnwindSafe(|| optimize_and_judge(&set)))
        .unwrap_or_else(|_| Err(optimizer_error("the optimizer panicked")))?;
    Ok(fitted)
}

fn optimize_and_judge(set: &TrainingSet) -> Result<Fit, FitError> {
    let parameters = fsrs::compute_parameters(fsrs::ComputeParametersInput {
        train_set: set.items.clone(),
        card_ids: Some(set.item_ids.clone()),
        enable_short_term: true,
        ..fsrs::ComputeParametersInput::default()
    })
    .map_err(optimizer_error)?;
    let default = evaluate(&fsrs::DEFAULT_PARAMETERS, set)?;
    let fitted = evaluate(&parameters, set)?;
    Ok(Fit {
        parameters,
        default,
        fitted,
        reviews: set.reviews,
        items: set.distinct_items,
        training_reviews: set.items.len(),
    })
}

fn evaluate(parameters: &[f32], set: &TrainingSet) -> Result<Evaluation, FitError> {
    let model = fsrs::FSRS::new(parameters).map_err(optimizer_error)?;
    let evaluation = model
        .evaluate_with_card_ids(set.items.clone(), set.item_ids.clone(), |_| true)
        .map_err(optimizer_error)?;
    Ok(Evaluation {
        log_loss: evaluation.log_loss,
        rmse_bins: evaluation.rmse_bins,
    })
}

fn optimizer_error(error: impl std::fmt::Display) -> FitError {
    FitError::Optimizer {
        reason: error.to_string(),
    }
}

/// Groups the log's recitations by item, orders each item's reviews in time and builds
/// one training item per review on a later learner day than the item's
/// previous one (Anki's rule: same-day reviews stay in the history, with
/// `delta_t` 0, but are not predicted). Training items are ordered by the
/// time of the review they predict, as Anki orders them, since the
/// optimizer weights recent reviews more.
fn training_set(reviews: &[Review], day_start_offset_ms: i64) -> TrainingSet {
    let mut by_item: BTreeMap<ItemKey, Vec<(Timestamp, Rating)>> = BTreeMap::new();
    for review in reviews.iter().filter(|r| trains_parameters(r.item)) {
        by_item
            .entry(review.item)
            .or_default()
            .push((review.at, review.rating));
    }
    let mut predicted: Vec<(Timestamp, i64, fsrs::FSRSItem)> = Vec::new();
    for (item_id, history) in by_item.values_mut().enumerate() {
        history.sort_unstable();
        let item_id = i64::try_from(item_id).unwrap_or(i64::MAX);
        let mut previous_day: Option<i64> = None;
        let mut so_far: Vec<fsrs::FSRSReview> = Vec::with_capacity(history.len());
        for &(at, rating) in history.iter() {
            let day = learner_day(at, day_start_offset_ms);
            let delta_t = previous_day.map_or(0, |previous| {
                u32::try_from(day.saturating_sub(previous).max(0)).unwrap_or(u32::MAX)
            });
            previous_day = Some(day);
            so_far.push(fsrs::FSRSReview {
                rating: u32::from(rating.value()),
                delta_t,
            });
            if so_far.len() > 1 && delta_t > 0 {
                predicted.push((
                    at,
                    item_id,
                    fsrs::FSRSItem {
                        reviews: so_far.clone(),
                    },
                ));
            }
        }
    }
    predicted.sort_by_key(|(at, item_id, _)| (*at, *item_id));
    let (item_ids, items): (Vec<i64>, Vec<fsrs::FSRSItem>) = predicted
        .into_iter()
        .map(|(_, item_id, item)| (item_id, item))
        .unzip();
    TrainingSet {
        items,
        item_ids,
        reviews: reviews.len(),
        distinct_items: by_item.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DAY_MS;
    use iqrah_quran::VerseKey;

    const T0: Timestamp = Timestamp(1_700_000_000_000);
    const HOUR: i64 = 3_600_000;

    fn item(ayah: u32) -> ItemKey {
        ItemKey::new(VerseKey::new(2, ayah).unwrap(), Skill::Memorization).unwrap()
    }

    fn review(ayah: u32, at: i64, rating: Rating) -> Review {
        Review {
            item: item(ayah),
            at: Timestamp(at),
            rating,
        }
    }

    fn a_better_fit() -> Fit {
        Fit {
            parameters: DEFAULT_PARAMETERS.iter().map(|w| w * 1.01).collect(),
            default: Evaluation {
                log_loss: 0.40,
                rmse_bins: 0.07,
            },
            fitted: Evaluation {
                log_loss: 0.35,
                rmse_bins: 0.03,
            },
            reviews: 1_000,
            items: 50,
            training_reviews: 800,
        }
    }

    #[test]
    fn only_finite_parameters_fsrs_accepts_that_beat_the_defaults_are_kept() {
        assert!(a_better_fit().is_usable_and_better());
        let worse = Fit {
            fitted: Evaluation {
                log_loss: 0.45,
                rmse_bins: 0.03,
            },
            ..a_better_fit()
        };
        assert!(!worse.is_usable_and_better());

        // A non-finite parameter or figure: never kept, though NaN < x is
        // false and -inf < x is true.
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            let mut fit = a_better_fit();
            fit.parameters[3] = bad;
            assert!(!fit.is_usable_and_better(), "parameter {bad}");
            let mut fit = a_better_fit();
            fit.fitted.log_loss = bad;
            assert!(!fit.is_usable_and_better(), "fitted log loss {bad}");
            let mut fit = a_better_fit();
            fit.fitted.rmse_bins = bad;
            assert!(!fit.is_usable_and_better(), "fitted rmse {bad}");
            let mut fit = a_better_fit();
            fit.default.log_loss = bad;
            assert!(!fit.is_usable_and_better(), "default log loss {bad}");
            let mut fit = a_better_fit();
            fit.default.rmse_bins = bad;
            assert!(!fit.is_usable_and_better(), "default rmse {bad}");
        }
        // Parameters FSRS refuses (a wrong count), or none at all.
        let mut fit = a_better_fit();
        fit.parameters.truncate(20);
        assert!(Scheduler::with_parameters(&fit.parameters).is_err());
        assert!(!fit.is_usable_and_better());
        fit.parameters.clear();
        assert!(!fit.is_usable_and_better());
    }

    #[test]
    fn training_items_count_learner_days_and_skip_same_day_predictions() {
        // 2023-11-14T22:13:20Z, day start 04:00 UTC.
        let offset = 4 * HOUR;
        let t = T0.millis();
        let log = [
            review(1, t + 24 * HOUR, Rating::Good), // unsorted on purpose
            review(1, t, Rating::Good),
            review(1, t + HOUR, Rating::Again), // 23:13, same day
            review(1, t + 6 * HOUR, Rating::Good), // 04:13 next day
            review(2, t, Rating::Easy),         // one review only
        ];
        let set = training_set(&log, offset);
        assert_eq!((set.reviews, set.distinct_items), (5, 2));
        // Only the 04:13 review is predicted: one learner day after the
        // first, with the same-day Again in its history.
        let deltas: Vec<Vec<u32>> = set
            .items
            .iter()
            .map(|i| i.reviews.iter().map(|r| r.delta_t).collect())
            .collect();
        assert_eq!(deltas, vec![vec![0, 0, 1]]);
        // The review 24 h after the first is on the same learner day as
        // 04:13, so it is history for later reviews but not predicted.
        let mut later = log.to_vec();
        later.push(review(1, t + 48 * HOUR, Rating::Good));
        let set = training_set(&later, offset);
        let last: Vec<u32> = set.items[1].reviews.iter().map(|r| r.delta_t).collect();
        assert_eq!(last, vec![0, 0, 1, 0, 1]);
        assert_eq!(set.items[1].reviews[1].rating, 1);
    }

    #[test]
    fn too_few_reviews_is_a_typed_error() {
        let log: Vec<Review> = (1..=50)
            .flat_map(|ayah| {
                (0..5).map(move |day| review(ayah, T0.millis() + day * DAY_MS, Rating::Good))
            })
            .collect();
        // 50 items × 4 later-day reviews = 200 training reviews.
        assert_eq!(
            fit(&log, 0),
            Err(FitError::NotEnoughReviews {
                have: 200,
                need: MIN_REVIEWS_TO_FIT
            })
        );
        assert_eq!(
            fit(&[], 0),
            Err(FitError::NotEnoughReviews {
                have: 0,
                need: MIN_REVIEWS_TO_FIT
            })
        );
    }

    #[test]
    fn hostile_logs_do_not_panic() {
        // The same timestamp many times, extreme timestamps, one review per
        // item, in reverse order.
        let mut log = Vec::new();
        for ayah in 1..=200u32 {
            log.push(review(ayah, T0.millis(), Rating::Good));
            log.push(review(ayah, T0.millis(), Rating::Again));
            log.push(review(ayah, i64::MAX, Rating::Easy));
            log.push(review(ayah, i64::MIN, Rating::Hard));
            log.push(review(ayah, T0.millis() + DAY_MS, Rating::Good));
        }
        for ayah in 201..=286u32 {
            log.push(review(ayah, T0.millis(), Rating::Good));
        }
        log.reverse();
        for offset in [0, i64::MIN, i64::MAX] {
            let result = fit(&log, offset);
            assert!(
                matches!(
                    result,
                    Ok(_) | Err(FitError::Optimizer { .. } | FitError::NotEnoughReviews { .. })
                ),
                "{result:?}"
            );
            if let Ok(fit) = result {
                assert!(crate::memory::Scheduler::with_parameters(&fit.parameters).is_ok());
            }
        }
        // All ratings Again on later days: nothing was ever recalled.
        let failed: Vec<Review> = (1..=250u32)
            .flat_map(|ayah| {
                (0..3).map(move |day| review(ayah, T0.millis() + day * DAY_MS, Rating::Again))
            })
            .collect();
        let result = fit(&failed, 0);
        if let Ok(fit) = result {
            assert!(crate::memory::Scheduler::with_parameters(&fit.parameters).is_ok());
        }
    }
}
