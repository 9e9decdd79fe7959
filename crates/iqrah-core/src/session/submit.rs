//! What a submit writes, computed from the rules' decision: the memory
//! state after, the elapsed days and the relearning copy with its exercise.

use crate::exercise::GeneratedExercise;
use crate::item::ItemKey;
use crate::memory::{MemoryState, Rating, Scheduler};
use crate::time::Timestamp;

use super::{RelearnPlacement, SubmitDecision};

/// A relearning copy to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct RelearnCopy {
    /// Its position; items at this position or later move one place down.
    pub position: i64,
    /// The item answered Again.
    pub relearn_of: i64,
    /// Its (fresh) exercise.
    pub exercise: GeneratedExercise,
}

/// What a submit writes.
// Made once per submit and consumed at once: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitWrite {
    /// Nothing: the same submit was recorded before, with this receipt.
    AlreadyRecorded {
        /// The session item recorded then.
        item_id: i64,
    },
    /// Record an answer.
    Record {
        /// The session item answered.
        item_id: i64,
        /// The item.
        item: ItemKey,
        /// The grade.
        rating: Rating,
        /// The answer time.
        duration_ms: u64,
        /// When.
        answered_at: Timestamp,
        /// Days since the previous review (0 for a first review).
        elapsed_days: f64,
        /// The state before (`None` for a first review).
        state_before: Option<MemoryState>,
        /// The state after.
        state_after: MemoryState,
        /// A relearning copy, for an Again.
        relearn: Option<RelearnCopy>,
    },
}

/// What turning a submit's decision into its write needs beyond the rules.
#[derive(Debug, Clone, Copy)]
pub struct Answering<'a> {
    /// The memory state of the item answered (`None` for a first review).
    pub state_before: Option<MemoryState>,
    /// The session's scheduler (its parameters and learner day).
    pub scheduler: &'a Scheduler,
    /// The session's desired retention.
    pub desired_retention: f32,
    /// When the answer is recorded.
    pub now: Timestamp,
    /// The answer time.
    pub duration_ms: u64,
    /// The current session item's id and exercise: a relearning copy's
    /// exercise when no fresh one can be made.
    pub current_exercise: Option<(i64, &'a GeneratedExercise)>,
}

impl SubmitDecision {
    /// The write of this decision: the state after is the scheduler's review
    /// of the state before at `now` with the desired retention, the elapsed
    /// days are days since the last review (0 for a first review), and a
    /// relearning copy gets the exercise `relearn_exercise` makes for the
    /// item and its placement, or the failed item's own exercise when it
    /// makes none (no copy when neither exists).
    pub fn into_write(
        self,
        answering: Answering<'_>,
        relearn_exercise: impl FnOnce(ItemKey, RelearnPlacement) -> Option<GeneratedExercise>,
    ) -> SubmitWrite {
        let (item_id, item, rating, relearn) = match self {
            SubmitDecision::AlreadyRecorded { item_id } => {
                return SubmitWrite::AlreadyRecorded { item_id };
            }
            SubmitDecision::Record {
                item_id,
                item,
                rating,
                relearn,
            } => (item_id, item, rating, relearn),
        };
        let Answering {
            state_before,
            scheduler,
            desired_retention,
            now,
            duration_ms,
            current_exercise,
        } = answering;
        let state_after = scheduler.review(state_before.as_ref(), rating, now, desired_retention);
        let relearn = relearn.and_then(|place| {
            let fallback = current_exercise
                .filter(|(id, _)| *id == item_id)
                .map(|(_, exercise)| exercise.clone());
            relearn_exercise(item, place)
                .or(fallback)
                .map(|exercise| RelearnCopy {
                    position: place.position,
                    relearn_of: place.relearn_of,
                    exercise,
                })
        });
        SubmitWrite::Record {
            item_id,
            item,
            rating,
            duration_ms,
            answered_at: now,
            elapsed_days: state_before.map_or(0.0, |b| now.days_since(b.last_review)),
            state_before,
            state_after,
            relearn,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use iqrah_quran::VerseKey;

    use super::*;
    use crate::exercise::ExerciseContext;
    use crate::exercise::ExerciseIndex;
    use crate::exercise::choose::generate_relearning;

    /// Two different relearning exercises on the real text: one for the
    /// copy, one standing for the failed item's own exercise.
    fn exercises(item: ItemKey) -> (GeneratedExercise, GeneratedExercise) {
        let package = iqrah_content::read_package(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/node_modules/quran-json"
        )))
        .expect("quran-json is installed under data/");
        let translation = package
            .translations
            .into_iter()
            .find(|t| t.info().language == "en")
            .expect("an English translation");
        let index = ExerciseIndex::new(&package.quran, &translation);
        let context = ExerciseContext::new(&package.quran, &translation, &index);
        let other = ItemKey::memorization(VerseKey::new(112, 2).unwrap());
        (
            generate_relearning(item, &context, 7).unwrap(),
            generate_relearning(other, &context, 7).unwrap(),
        )
    }

    #[test]
    fn the_write_reviews_the_state_before_and_carries_the_copy_made() {
        let item = ItemKey::memorization(VerseKey::new(112, 1).unwrap());
        let (fresh, own) = exercises(item);
        assert_ne!(fresh, own);
        let scheduler = Scheduler::new();
        let first = Timestamp::from_millis(1_700_000_000_000);
        let before = scheduler.review(None, Rating::Good, first, 0.9);
        let now = first.plus_days(3.0);
        let place = RelearnPlacement {
            position: 5,
            relearn_of: 1,
        };
        let again = SubmitDecision::Record {
            item_id: 1,
            item,
            rating: Rating::Again,
            relearn: Some(place),
        };
        let answering = Answering {
            state_before: Some(before),
            scheduler: &scheduler,
            desired_retention: 0.9,
            now,
            duration_ms: 4_000,
            current_exercise: Some((1, &own)),
        };
        let copy_of = |write: SubmitWrite| match write {
            SubmitWrite::Record { relearn, .. } => relearn,
            SubmitWrite::AlreadyRecorded { .. } => panic!("{write:?}"),
        };

        let write = again.into_write(answering, |asked, at| {
            assert_eq!((asked, at), (item, place));
            Some(fresh.clone())
        });
        let SubmitWrite::Record {
            item_id,
            rating,
            duration_ms,
            answered_at,
            elapsed_days,
            state_before,
            state_after,
            ref relearn,
            ..
        } = write
        else {
            panic!("{write:?}")
        };
        assert_eq!((item_id, rating, duration_ms), (1, Rating::Again, 4_000));
        assert_eq!((answered_at, state_before), (now, Some(before)));
        assert_eq!(
            state_after,
            scheduler.review(Some(&before), Rating::Again, now, 0.9)
        );
        assert_ne!(state_after, before);
        assert!((elapsed_days - 3.0).abs() < 1e-9, "{elapsed_days}");
        assert_eq!(
            relearn.as_ref(),
            Some(&RelearnCopy {
                position: 5,
                relearn_of: 1,
                exercise: fresh.clone(),
            })
        );

        // No fresh exercise: the failed item's own; not the current item's: no copy.
        let fallback = copy_of(again.into_write(answering, |_, _| None));
        assert_eq!(fallback.map(|c| c.exercise), Some(own.clone()));
        let elsewhere = Answering {
            current_exercise: Some((2, &own)),
            ..answering
        };
        assert_eq!(copy_of(again.into_write(elsewhere, |_, _| None)), None);

        // A first review: no state before, no elapsed days.
        let good = SubmitDecision::Record {
            item_id: 1,
            item,
            rating: Rating::Good,
            relearn: None,
        };
        let first_review = Answering {
            state_before: None,
            ..answering
        };
        let SubmitWrite::Record {
            elapsed_days,
            state_after,
            relearn,
            ..
        } = good.into_write(first_review, |_, _| panic!("no copy to make"))
        else {
            panic!()
        };
        assert_eq!(elapsed_days, 0.0);
        assert_eq!(state_after, scheduler.review(None, Rating::Good, now, 0.9));
        assert_eq!(relearn, None);

        assert_eq!(
            SubmitDecision::AlreadyRecorded { item_id: 3 }
                .into_write(answering, |_, _| panic!("nothing to write")),
            SubmitWrite::AlreadyRecorded { item_id: 3 }
        );
    }
}
