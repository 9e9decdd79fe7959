//! The storage contract.

use std::collections::HashMap;
use std::future::Future;

use iqrah_core::exercise::Answer;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::placement::Placement;
use iqrah_core::session::{IdempotencyKey, SessionError, SkipDecision, UndoDecision};
use iqrah_core::settings::Settings;
use iqrah_core::stats::ReviewRecord;
use iqrah_core::summary::SessionSummary;
use iqrah_core::time::Timestamp;

use crate::archive::LearnerArchive;
use crate::error::StoreError;
use crate::ids::{SessionId, UserId};
use crate::records::{
    CompletionContext, FitRecord, LearnerParameters, NewSession, Recorded, SessionContext,
    SessionRow, StoredItem,
};
use iqrah_core::session::{PassageWrite, SubmitWrite};

/// Everything Iqrah stores about its learners. Each method is one transaction.
///
/// Every method names the learner whose data it touches, and a
/// session-scoped method the session too: a session of another learner is
/// treated exactly as a session that does not exist
/// ([`StoreError::SessionNotFound`], or `None` where the method returns an
/// option), and nothing of it is read or written.
pub trait UserStore: Send + Sync {
    /// The learner's settings (defaults if never saved).
    fn settings(&self, user: &UserId) -> impl Future<Output = Result<Settings, StoreError>> + Send;

    /// Saves the learner's settings.
    fn save_settings(
        &self,
        user: &UserId,
        settings: &Settings,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Changes the learner's settings in one transaction: `change` gets the
    /// current ones and returns the ones to save, or a refusal (nothing is
    /// written then).
    fn update_settings<E: Send>(
        &self,
        user: &UserId,
        change: impl FnOnce(Settings) -> Result<Settings, E> + Send,
    ) -> impl Future<Output = Result<Result<Settings, E>, StoreError>> + Send;

    /// Every memory state of the learner.
    fn memory_states(
        &self,
        user: &UserId,
    ) -> impl Future<Output = Result<HashMap<ItemKey, MemoryState>, StoreError>> + Send;

    /// Every answer in the learner's review log, oldest first.
    fn review_records(
        &self,
        user: &UserId,
    ) -> impl Future<Output = Result<Vec<ReviewRecord>, StoreError>> + Send;

    /// How many answers the learner's review log holds.
    fn review_count(&self, user: &UserId) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// The items introduced at or after `since`, of every skill: those
    /// whose first answer (a review-log row with no state before) was given
    /// then, each once, sorted. An undone answer no longer counts (undo
    /// deletes its row).
    fn items_introduced(
        &self,
        user: &UserId,
        since: Timestamp,
    ) -> impl Future<Output = Result<Vec<ItemKey>, StoreError>> + Send;

    /// The learner's answered items that bear on confusions of look-alike
    /// verses (`iqrah_core::confusion`), each with its exercise and checked
    /// answer, in the order they were answered: memorization items answered
    /// with a look-alike drill, and typed verses answered wrong. An undone
    /// answer is pending again, so it is not among them.
    fn look_alike_answers(
        &self,
        user: &UserId,
    ) -> impl Future<Output = Result<Vec<StoredItem>, StoreError>> + Send;

    /// The learner's FSRS parameters and when they were last fitted, if a
    /// fit or a reset ever ran.
    fn learner_parameters(
        &self,
        user: &UserId,
    ) -> impl Future<Output = Result<Option<LearnerParameters>, StoreError>> + Send;

    /// Records a fit of the learner's log made at `checked_at` on
    /// `checked_reviews` reviews: with `kept`, those parameters are used
    /// from now on; without, the parameters in use stay.
    ///
    /// A compare-and-set: `read` is what [`UserStore::learner_parameters`]
    /// returned before the log was read for the fit, and the fit is
    /// recorded only if the stored row is still exactly that. Otherwise a
    /// reset or another fit was saved meanwhile, nothing is written and
    /// the result is `false`. One transaction.
    fn record_fit(
        &self,
        user: &UserId,
        read: Option<&LearnerParameters>,
        checked_at: Timestamp,
        checked_reviews: u64,
        kept: Option<&FitRecord>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Deletes the learner's fitted parameters (the defaults are used from
    /// now on), recording `at` and `reviews` as the last check. One
    /// transaction.
    fn reset_parameters(
        &self,
        user: &UserId,
        at: Timestamp,
        reviews: u64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The active session of the learner for `goal_id`, if any.
    fn active_session_for_goal(
        &self,
        user: &UserId,
        goal_id: &str,
    ) -> impl Future<Output = Result<Option<SessionRow>, StoreError>> + Send;

    /// The learner's most recently started active session, if any.
    fn active_session(
        &self,
        user: &UserId,
    ) -> impl Future<Output = Result<Option<SessionRow>, StoreError>> + Send;

    /// Creates a session and all its items, unless the learner already has
    /// an active session for the goal, which is returned instead (the
    /// boolean says whether the session was created).
    fn create_session(
        &self,
        user: &UserId,
        goal_id: &str,
        started_at: Timestamp,
        session: NewSession,
    ) -> impl Future<Output = Result<(SessionRow, bool), StoreError>> + Send;

    /// One session of the learner (`None` for a session that does not
    /// exist or is another learner's).
    fn session(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> impl Future<Output = Result<Option<SessionRow>, StoreError>> + Send;

    /// The learner's sessions, newest first.
    fn sessions(
        &self,
        user: &UserId,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<SessionRow>, StoreError>> + Send;

    /// The session's items in position order.
    fn session_items(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> impl Future<Output = Result<Vec<StoredItem>, StoreError>> + Send;

    /// The item the session waits for: its pending item of lowest position
    /// (`None` also for another learner's session).
    fn current_item(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> impl Future<Output = Result<Option<StoredItem>, StoreError>> + Send;

    /// What a decision about the session's current item would see (its
    /// settings and parameters, the items, the current item with its
    /// exercise and memory state), read in one read transaction; for
    /// showing the current item, never for deciding a write.
    fn session_view(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> impl Future<Output = Result<SessionContext, StoreError>> + Send;

    /// Skips the item `decide` picks: moves it to the position `decide`
    /// gives and counts the skip, in one transaction. Nothing else changes.
    /// Returns the skipped item's id.
    fn skip(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<SkipDecision, SessionError> + Send,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Records a checked answer on the session's current item: `decide`
    /// checks it (and that the session accepts it) and returns the answer,
    /// its correctness and the result to hand back.
    fn record_check<T: Send>(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<(Answer, Option<bool>, T), SessionError> + Send,
    ) -> impl Future<Output = Result<T, StoreError>> + Send;

    /// Records a submit as `decide` says, reading and writing in one
    /// transaction. With an idempotency key, `decide` sees what was recorded
    /// with it before (`SessionContext::keyed_answer`), and a recorded answer
    /// is stored with the key. Returns the receipt with the session as it
    /// stands after the answer, read in the same transaction.
    fn submit(
        &self,
        user: &UserId,
        session: &SessionId,
        idempotency_key: Option<&IdempotencyKey>,
        decide: impl FnOnce(&SessionContext) -> Result<SubmitWrite, SessionError> + Send,
    ) -> impl Future<Output = Result<Recorded, StoreError>> + Send;

    /// Records a recited passage as `decide` says, in one transaction:
    /// the session item answered, every review of the passage (memory
    /// state, review log row naming the passage), the counters, the
    /// idempotency key with its marks, and any relearning copy. `decide`
    /// sees the session and every memory state of its learner (the
    /// passage's items are several). A failure anywhere writes nothing.
    /// Returns the receipt with the session after the answer, as
    /// [`UserStore::submit`] does.
    fn submit_passage(
        &self,
        user: &UserId,
        session: &SessionId,
        idempotency_key: Option<&IdempotencyKey>,
        decide: impl FnOnce(
            &SessionContext,
            &HashMap<ItemKey, MemoryState>,
        ) -> Result<PassageWrite, SessionError>
        + Send,
    ) -> impl Future<Output = Result<Recorded, StoreError>> + Send;

    /// Reverts the answer `decide` picks: restores the memory state from the
    /// review log (every review of a recited passage), removes the log
    /// entries and any relearning copy it created,
    /// marks the idempotency key it was sent with undone, and makes the item
    /// current again. Returns the reverted item's id.
    fn undo(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<UndoDecision, SessionError> + Send,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Completes an active session: marks unreached items skipped, stores the
    /// summary `summarize` computes and returns it. A completed session
    /// returns its stored summary; an abandoned one is refused. Practice
    /// days are counted with the day start of the session's settings.
    fn complete(
        &self,
        user: &UserId,
        session: &SessionId,
        completed_at: Timestamp,
        summarize: impl FnOnce(&CompletionContext) -> SessionSummary + Send,
    ) -> impl Future<Output = Result<SessionSummary, StoreError>> + Send;

    /// Abandons an active session; its answers stay recorded.
    fn abandon(
        &self,
        user: &UserId,
        session: &SessionId,
        at: Timestamp,
    ) -> impl Future<Output = Result<SessionRow, StoreError>> + Send;

    /// Writes the memory states of a placement (what the learner says they
    /// already know) in one transaction: `decide` gets the learner's
    /// settings and every memory state, as read in that transaction, and
    /// returns the placement with the settings to save beside it, or a
    /// refusal (nothing is written then). Only items without a state are
    /// written: a state written by anything before this transaction is
    /// never overwritten, whatever `decide` returned. The states count as
    /// a change of states, as a submit's do, but nothing is written to the
    /// review log (a placement is not a review). Returns the placement
    /// as decided.
    fn place_states<E: Send>(
        &self,
        user: &UserId,
        decide: impl FnOnce(
            &Settings,
            &HashMap<ItemKey, MemoryState>,
        ) -> Result<(Placement, Settings), E>
        + Send,
    ) -> impl Future<Output = Result<Result<Placement, E>, StoreError>> + Send;

    /// The learner's whole history ([`LearnerArchive`]), read in one
    /// snapshot: memory states by item, sessions that ended by start,
    /// reviews oldest first.
    fn export_learner(
        &self,
        user: &UserId,
    ) -> impl Future<Output = Result<LearnerArchive, StoreError>> + Send;

    /// Writes `archive` as the learner's history, in one transaction: their
    /// settings and parameters, every memory state, session and review.
    /// Only into a learner with no history yet (no memory state, session
    /// or review; saved settings are replaced): otherwise
    /// [`StoreError::LearnerNotEmpty`] and nothing is written, so an import
    /// retried never doubles anything. A session id the learner already
    /// has, or that another learner has in a store whose session ids are
    /// unique across learners, fails as a backend error, also writing nothing.
    fn import_learner(
        &self,
        user: &UserId,
        archive: &LearnerArchive,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}
