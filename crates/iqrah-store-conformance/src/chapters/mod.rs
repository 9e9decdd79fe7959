//! The chapters of the story, one per part of the contract. Each takes a
//! fresh, empty store and panics with a message naming what broke.

use iqrah_core::goal::Goal;
use iqrah_core::session::SessionError;
use iqrah_core::summary::SessionSummary;
use iqrah_core::time::Timestamp;
use iqrah_store::{CompletionContext, SessionId, SessionRow, StoreError, UserId, UserStore};

use crate::practice::{answer, current_node, planned};

mod answers;
mod archive;
mod closing;
mod isolation;
mod learner_state;
pub mod migrated;
mod placement;
mod refusals;
mod sessions;

pub use answers::{check_answer, passage, relearning, skip, submit, undo};
pub use archive::learner_archive;
pub use closing::{abandon, complete};
pub use isolation::two_learners;
pub use learner_state::{learner_parameters, session_settings, settings, statistics};
pub use placement::placement;
pub use refusals::refused_decisions;
pub use sessions::{next, session_reads, start};

/// The goal most chapters practise (Al-Ikhlas, four verses).
const GOAL: &str = "surah:112";
/// Another goal (Al-Falaq).
const OTHER_GOAL: &str = "surah:113";
/// A third goal (An-Nas).
const THIRD_GOAL: &str = "surah:114";

/// The learner of the story.
fn learner() -> UserId {
    UserId::new("a")
}

/// Another learner, who must never see the first one's data.
fn other_learner() -> UserId {
    UserId::new("b")
}

/// Starts a session for `goal` planned from what the store holds of
/// `user`, and checks it was created.
async fn start_session<S: UserStore>(
    store: &S,
    user: &UserId,
    id: &str,
    seed: u64,
    goal: &str,
    now: Timestamp,
) -> SessionRow {
    let settings = store.settings(user).await.expect("settings");
    let states = store.memory_states(user).await.expect("memory_states");
    let new = planned(id, seed, goal, &settings, &states, now);
    let (row, created) = store
        .create_session(user, goal, now, new)
        .await
        .expect("create_session");
    assert!(created, "a first session for {goal} is created");
    row
}

/// Submits `grade` for the session's current item at `now` (with `key`,
/// if any) as the API decides it; returns the receipt and the node.
async fn answer_current<S: UserStore>(
    store: &S,
    user: &UserId,
    session: &SessionId,
    grade: u8,
    key: Option<&str>,
    now: Timestamp,
) -> (i64, String) {
    let node = current_node(store, user, session).await;
    let key = key.map(crate::practice::key);
    let receipt = store
        .submit(user, session, key.as_ref(), |ctx| {
            answer(ctx, key.as_ref(), &node, grade, 4_000, now)
        })
        .await
        .expect("submit")
        .receipt;
    (receipt, node)
}

/// The summary the API stores for a session completed at `now`.
fn summary_of(ctx: &CompletionContext, now: Timestamp) -> SessionSummary {
    let goal: Goal = ctx.session.goal_id.parse().expect("a stored goal");
    ctx.summarize(&goal, now)
}

/// Whether `result` is the refusal `expected` of the core.
fn is_rejected<T>(result: &Result<T, StoreError>, expected: &SessionError) -> bool {
    matches!(result, Err(StoreError::Rejected(refused)) if refused == expected)
}
