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
