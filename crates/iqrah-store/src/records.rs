//! What the store reads and writes.

use iqrah_core::exercise::{Answer, GeneratedExercise};
use iqrah_core::fitting::Evaluation;
use iqrah_core::goal::Goal;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Scheduler};
use iqrah_core::planner::Reason;
use iqrah_core::progress::VerseProgress;
use iqrah_core::session::{Answering, KeyedAnswer, SessionItem, SessionStatus};
use iqrah_core::settings::Settings;
use iqrah_core::summary::{LearnerFigures, LearnerRecords, SessionSummary, summarize};
use iqrah_core::time::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::{SessionId, UserId};

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    /// Its id (a UUID).
    pub id: SessionId,
    /// The learner.
    pub user_id: UserId,
    /// The goal, as text (`surah:112`).
    pub goal_id: String,
    /// Active, completed or abandoned.
    pub status: SessionStatus,
    /// The seed its exercises were made from.
    pub seed: i64,
    /// When it started.
    pub started_at: Timestamp,
    /// When it was completed or abandoned.
    pub completed_at: Option<Timestamp>,
    /// Items in the session, relearning copies included.
    pub items_count: i64,
    /// Items answered.
    pub items_completed: i64,
    /// The goal's verses when it started.
    pub goal_before: VerseProgress,
    /// The summary, once completed.
    pub summary: Option<SessionSummary>,
}

/// A session item with its exercise and last checked answer.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    /// What the session rules need.
    pub item: SessionItem,
    /// The exercise, exactly as generated at the start.
    pub exercise: GeneratedExercise,
    /// The last checked answer.
    pub answer: Option<Answer>,
}

/// An item of a new session.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    /// The item.
    pub item: ItemKey,
    /// Why it is practised.
    pub reason: Reason,
    /// Its exercise.
    pub exercise: GeneratedExercise,
}

/// A session to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    /// Its id.
    pub id: SessionId,
    /// The seed its exercises were made from.
    pub seed: i64,
    /// The goal's verses at the start.
    pub goal_before: VerseProgress,
    /// The learner's settings at the start, which the whole session keeps.
    pub settings: iqrah_core::settings::Settings,
    /// The FSRS parameters the session schedules with (empty: the
    /// defaults), which the whole session keeps.
    pub parameters: Vec<f32>,
    /// Its items in order.
    pub items: Vec<NewItem>,
}

/// What a decision about a session's current item sees (a check, a submit,
/// an undo), read inside the transaction that acts on it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionContext {
    /// The session.
    pub session: SessionRow,
    /// The settings the session started with (the learner's current ones
    /// for a session started before sessions kept them).
    pub settings: Settings,
    /// The FSRS parameters the session schedules with (empty: the
    /// defaults; the learner's current ones for a session started before
    /// sessions kept them).
    pub parameters: Vec<f32>,
    /// Its items in position order, without their exercises.
    pub items: Vec<SessionItem>,
    /// The current item (see `iqrah_core::session::current_item`) with its
    /// exercise and last checked answer, if an item is pending.
    pub current: Option<StoredItem>,
    /// The memory state of the current item, if it has one.
    pub current_state: Option<MemoryState>,
    /// For a submit sent with an idempotency key, what was recorded with
    /// that key in this session before, if anything.
    pub keyed_answer: Option<KeyedAnswer>,
}

impl SessionContext {
    /// The items' rule views, for `iqrah_core::session`.
    pub fn rule_items(&self) -> &[SessionItem] {
        &self.items
    }

    /// The scheduler the session schedules with: its parameters and the
    /// learner day of its settings ([`Scheduler::for_learner`]).
    pub fn scheduler(&self) -> Scheduler {
        Scheduler::for_learner(&self.parameters, &self.settings)
    }

    /// What turning a submit's decision about the current item into its
    /// write needs: its memory state, the session's `scheduler` (from
    /// [`SessionContext::scheduler`]) and desired retention, and the current
    /// item's exercise, for an answer at `now` after `duration_ms`.
    pub fn answering<'a>(
        &'a self,
        scheduler: &'a Scheduler,
        now: Timestamp,
        duration_ms: u64,
    ) -> Answering<'a> {
        Answering {
            state_before: self.current_state,
            scheduler,
            desired_retention: self.settings.desired_retention,
            now,
            duration_ms,
            current_exercise: self.current.as_ref().map(|i| (i.item.id, &i.exercise)),
        }
    }
}

impl CompletionContext {
    /// The session's summary at `now` for its `goal`: its items summarized
    /// with the learner's figures ([`LearnerFigures::at`]) under the
    /// session's own settings and parameters, as its start and its answers
    /// used (a fit kept or a setting changed since takes effect from the
    /// next session).
    pub fn summarize(&self, goal: &Goal, now: Timestamp) -> SessionSummary {
        let scheduler = Scheduler::for_learner(&self.parameters, &self.settings);
        let figures = LearnerFigures::at(
            LearnerRecords {
                goal,
                goal_before: self.session.goal_before,
                states: &self.states,
                practice_days: &self.practice_days,
                scheduler: &scheduler,
                settings: &self.settings,
            },
            now,
        );
        summarize(&self.items, self.session.started_at, now, figures)
    }
}

/// A recorded answer, or the retry of one: its receipt and the session as
/// it stands after it, read in the answer's own transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The session item that holds the answer.
    pub receipt: i64,
    /// The session after the answer, as [`UserStore::session_view`]
    /// would read it: what the item that now waits is shown from.
    ///
    /// [`UserStore::session_view`]: crate::UserStore::session_view
    pub next: SessionContext,
}

/// What completing a session sees, read inside its transaction after the
/// unreached items were marked skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletionContext {
    /// The session (still active).
    pub session: SessionRow,
    /// The settings the session started with (the learner's current ones
    /// for a session started before sessions kept them), as in
    /// [`SessionContext::settings`].
    pub settings: Settings,
    /// The FSRS parameters the session schedules with (empty: the
    /// defaults), as in [`SessionContext::parameters`].
    pub parameters: Vec<f32>,
    /// Its items in position order, unreached ones now skipped (without
    /// their exercises: a summary does not need them).
    pub items: Vec<SessionItem>,
    /// Every memory state of the learner.
    pub states: std::collections::HashMap<ItemKey, MemoryState>,
    /// The learner days (see `iqrah_core::progress::learner_day`) with at least one answer.
    pub practice_days: Vec<i64>,
}

impl CompletionContext {
    /// The items' rule views, for `iqrah_core::summary`.
    pub fn rule_items(&self) -> &[SessionItem] {
        &self.items
    }
}

/// FSRS parameters fitted to a learner's review log, with the figures that
/// judged them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitRecord {
    /// When they were fitted.
    pub fitted_at: Timestamp,
    /// The parameters (21 values).
    pub parameters: Vec<f32>,
    /// FSRS-6's defaults judged on the log.
    pub default: Evaluation,
    /// The fitted parameters judged on the same log.
    pub fitted: Evaluation,
    /// Reviews in the log.
    pub reviews: u64,
    /// Of which the optimizer predicted: recitations on a later learner day
    /// than the verse's previous one (see `iqrah_core::fitting`).
    pub training_reviews: u64,
}

/// What is stored about a learner's FSRS parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerParameters {
    /// The fitted parameters in use; `None`: the defaults.
    pub in_use: Option<FitRecord>,
    /// When the log was last fitted (the result kept or not) or the
    /// parameters reset.
    pub checked_at: Timestamp,
    /// Reviews in the log then.
    pub checked_reviews: u64,
}
