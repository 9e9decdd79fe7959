//! The long-time learner the benchmarks measure against, built in a
//! temporary directory: a memory state on every item (18,594), a review log
//! of over 200,000 answers seeded through the SQLite backend's test
//! support, then a few sessions practised through the API so that every
//! table looks lived in.
//!
//! Also the helpers both the `iqrah-bench` binary and the criterion bench
//! `crates/iqrah-bench/benches/session.rs` use: sessions to answer, the right
//! answer to an item, and the raw SQLite transaction doing a submit's writes.

use std::path::Path;

use iqrah_api::{
    Answer, Backend, Clock, Config, ExercisePrompt, Iqrah, SessionId, SessionItemDto, Timestamp,
    UserId,
};
use iqrah_core::exercise::AnswerKey;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating, Scheduler};
use iqrah_core::time::DAY_MS;
use iqrah_sqlite::SqliteStore;
use iqrah_sqlite::test_support::{self, RawSubmit};
use iqrah_store::StoreError;
use tempfile::TempDir;

use crate::BenchError;

/// The benchmark's fixed clock: 2026-11-24T06:00:00Z, as in the tests.
pub const NOW: Timestamp = Timestamp(1_795_500_000_000);

/// [`NOW`] in RFC 3339, for `iqrah --now`.
pub const NOW_RFC3339: &str = "2026-11-24T06:00:00Z";

/// The goal the measured sessions practise: every due item of the learner.
pub const GOAL: &str = "review";

/// How much history the learner gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// The learner: 11 earlier reviews of every item by SQL (204,534
    /// entries) and 20 completed sessions through the API.
    Full,
    /// A small history (one earlier review of every item, one session), for
    /// tests of the benchmark itself; its figures mean little.
    Quick,
}

impl Scale {
    /// Review log entries per item written by SQL.
    pub fn log_rounds(self) -> i64 {
        match self {
            Scale::Full => 11,
            Scale::Quick => 1,
        }
    }

    /// Completed sessions practised through the API after the SQL seeding.
    pub fn past_sessions(self) -> usize {
        match self {
            Scale::Full => 20,
            Scale::Quick => 1,
        }
    }
}

/// The configuration of a data directory on the fixed clock [`NOW`].
pub fn config(dir: &Path) -> Config {
    let mut config = Config::new(dir);
    config.clock = Clock::Fixed(NOW);
    config
}

pub(crate) fn local() -> UserId {
    UserId::local()
}

/// A learner in a temporary directory (removed on drop), opened through
/// the API.
#[derive(Debug)]
pub struct Learner {
    dir: TempDir,
    /// The open API on the directory, at [`NOW`].
    pub iqrah: Iqrah,
    /// The store the API keeps the learner in, for the raw transaction and
    /// the stored solutions (`iqrah_sqlite::test_support`).
    pub store: SqliteStore,
    /// Items with a memory state.
    pub items: usize,
    /// Review log entries after the set-up.
    pub review_log: i64,
}

impl Learner {
    /// Creates the learner: imports the content from the installed
    /// quran-json package, seeds the states and the review log through the
    /// SQLite backend's test support, then practises and completes
    /// [`Scale::past_sessions`] sessions through the API (grades 1–4, so
    /// relearning copies exist too).
    pub async fn create(scale: Scale) -> Result<Learner, BenchError> {
        let dir = tempfile::Builder::new()
            .prefix("iqrah-bench-")
            .tempdir()
            .map_err(BenchError::io("creating a temporary directory"))?;
        let config = config(dir.path());
        std::fs::create_dir_all(&config.data_dir)
            .map_err(BenchError::io("creating the data directory"))?;
        let store = SqliteStore::open(&config.user_db_path())
            .await
            .map_err(|e| BenchError::Setup(e.to_string()))?;
        let iqrah = Iqrah::open_with_backend(config, Backend::Sqlite(store.clone())).await?;
        let states = all_states();
        let review_log = test_support::seed_learner(&store, &local(), &states, scale.log_rounds())
            .await
            .map_err(store_error)?;
        for _ in 0..scale.past_sessions() {
            let id = fresh_session(&iqrah).await?;
            let mut n = 0u64;
            while let Some(item) = iqrah.get_next_session_item(&local(), id.clone()).await? {
                n += 1;
                let grade = if n.is_multiple_of(9) {
                    1
                } else {
                    2 + (n % 3) as u8
                };
                iqrah
                    .submit_session_item(&local(), id.clone(), item.node_id, grade, 3_000 + n * 100)
                    .await?;
            }
            iqrah.complete_session(&local(), id).await?;
        }
        let logged = test_support::review_log_len(&store)
            .await
            .map_err(store_error)?;
        debug_assert!(logged >= review_log);
        Ok(Learner {
            dir,
            iqrah,
            store,
            items: states.len(),
            review_log: logged,
        })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Closes the database and drops the API handle, keeping the directory:
    /// nothing of this process holds the learner afterwards.
    pub async fn close(self) -> TempDir {
        self.iqrah.close().await;
        drop(self.iqrah);
        self.dir
    }
}

/// A store error met while setting the benchmark up.
fn store_error(error: StoreError) -> BenchError {
    BenchError::Setup(error.to_string())
}

/// A state on every item: reviewed 0–59 days before [`NOW`] with
/// stabilities of 1–90 days, so that roughly a third are due.
pub fn all_states() -> Vec<(ItemKey, MemoryState)> {
    let scheduler = Scheduler::new();
    ItemKey::all()
        .enumerate()
        .map(|(i, item)| {
            let reviewed =
                Timestamp(NOW.millis() - (i as i64 % 60) * DAY_MS - (i as i64 % 997) * 60_000);
            let first = scheduler.review(None, Rating::Good, reviewed, 0.9);
            let stability = 1.0 + ((i * 7) % 90) as f32;
            let state = MemoryState {
                stability,
                due: reviewed.plus_days(f64::from(stability)),
                reps: 3 + (i % 9) as u32,
                lapses: (i % 4) as u32,
                ..first
            };
            (item, state)
        })
        .collect()
}

/// Abandons any active session of the learner and starts a new one for
/// [`GOAL`]; returns its id.
pub async fn fresh_session(iqrah: &Iqrah) -> Result<String, BenchError> {
    if let Some(active) = iqrah.get_active_session(&local()).await? {
        iqrah.abandon_session(&local(), active.id).await?;
    }
    let session = iqrah.start_session(&local(), GOAL.to_owned()).await?;
    if session.items_completed != 0 {
        return Err(BenchError::Setup(format!(
            "session {} was not new",
            session.id
        )));
    }
    Ok(session.id)
}

/// The current item of the active session `session`, starting a new
/// session (and updating `session`) when it has nothing left.
pub async fn pending_item(
    iqrah: &Iqrah,
    session: &mut String,
) -> Result<SessionItemDto, BenchError> {
    if let Some(item) = iqrah
        .get_next_session_item(&local(), session.clone())
        .await?
    {
        return Ok(item);
    }
    *session = fresh_session(iqrah).await?;
    iqrah
        .get_next_session_item(&local(), session.clone())
        .await?
        .ok_or_else(|| BenchError::Setup(format!("the new session {session} has no item")))
}

/// The right answer to an item, from its stored solution.
pub async fn right_answer(
    store: &SqliteStore,
    item: &SessionItemDto,
) -> Result<Answer, BenchError> {
    let solution = test_support::item_solution(store, item.item_id)
        .await
        .map_err(store_error)?;
    Ok(match solution.key {
        AnswerKey::Words { words } => match item.exercise {
            ExercisePrompt::Recall { .. } => Answer::SelfGrade {
                rating: Rating::Good,
            },
            _ => Answer::Text {
                text: words.join(" "),
            },
        },
        AnswerKey::Choice { index } | AnswerKey::Mistake { index, .. } => Answer::Choice { index },
        AnswerKey::Order { order } => Answer::Order { order },
        AnswerKey::Passage { .. } => Answer::Passage { marks: Vec::new() },
    })
}

/// A pending item for the raw transaction (see [`test_support::RawSubmit`]).
pub type RawItem = RawSubmit;

/// The session's pending items of highest position, at most `limit`, for
/// the raw transaction (the API answers from the lowest one, so both can
/// share a session).
pub async fn raw_items(
    store: &SqliteStore,
    session_id: &str,
    limit: usize,
) -> Result<Vec<RawItem>, BenchError> {
    test_support::pending_items(store, &local(), &SessionId::new(session_id), limit, NOW)
        .await
        .map_err(store_error)
}

/// A pending item for the raw transaction, starting a new session (and
/// updating `session`) when the current one has nothing left.
pub async fn raw_pending(
    iqrah: &Iqrah,
    store: &SqliteStore,
    session: &mut String,
) -> Result<RawItem, BenchError> {
    if let Some(item) = raw_items(store, session, 1).await?.pop() {
        return Ok(item);
    }
    *session = fresh_session(iqrah).await?;
    raw_items(store, session, 1)
        .await?
        .pop()
        .ok_or_else(|| BenchError::Setup(format!("the new session {session} has no item")))
}

/// `count` distinct pending items for the raw transaction, from new
/// sessions (the last of which stays active).
pub async fn raw_pending_many(
    iqrah: &Iqrah,
    store: &SqliteStore,
    count: usize,
) -> Result<Vec<RawItem>, BenchError> {
    let mut items = Vec::with_capacity(count);
    while items.len() < count {
        let session = fresh_session(iqrah).await?;
        let found = raw_items(store, &session, count - items.len()).await?;
        if found.is_empty() {
            return Err(BenchError::Setup(format!(
                "the new session {session} has no item"
            )));
        }
        items.extend(found);
    }
    Ok(items)
}

/// The writes of a submit (grade 3, no relearning copy) in one write
/// transaction, with the store's own statements and no reads or decisions
/// (`test_support::raw_submits`). The baseline a submit through the API is
/// compared with.
pub async fn raw_submit(store: &SqliteStore, item: &RawItem) -> Result<(), BenchError> {
    raw_submits(store, std::slice::from_ref(item)).await
}

/// The writes of several submits in one transaction: what group commit, with
/// nothing but the writes, would cost a submit.
pub async fn raw_submits(store: &SqliteStore, items: &[RawItem]) -> Result<(), BenchError> {
    test_support::raw_submits(store, &local(), items, NOW)
        .await
        .map_err(store_error)
}
