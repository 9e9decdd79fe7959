//! The long-time learner the benchmarks measure against, built in a
//! temporary directory: a memory state on every item (18,594), a review log
//! of over 200,000 answers written with plain SQL, then a few sessions
//! practised through the API so that every table looks lived in.
//!
//! Also the helpers both the `iqrah-bench` binary and the criterion bench
//! `crates/iqrah-bench/benches/session.rs` use: sessions to answer, the right
//! answer to an item, and the raw SQLite transaction doing a submit's writes.

use std::path::Path;

use iqrah_api::{
    Answer, Clock, Config, ExercisePrompt, Iqrah, LOCAL_USER, SessionItemDto, Timestamp,
};
use iqrah_core::exercise::{AnswerKey, Solution};
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating, Scheduler};
use iqrah_core::time::DAY_MS;
use sqlx::{SqliteConnection, SqlitePool};
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

fn local() -> String {
    LOCAL_USER.to_owned()
}

/// A learner in a temporary directory (removed on drop), opened through
/// the API.
#[derive(Debug)]
pub struct Learner {
    dir: TempDir,
    /// The open API on the directory, at [`NOW`].
    pub iqrah: Iqrah,
    /// The store's connection pool, for the raw SQL and the stored solutions.
    pub pool: SqlitePool,
    /// Items with a memory state.
    pub items: usize,
    /// Review log entries after the set-up.
    pub review_log: i64,
}

impl Learner {
    /// Creates the learner: imports the content from the installed
    /// quran-json package, seeds the states and the review log with SQL,
    /// then practises and completes [`Scale::past_sessions`] sessions
    /// through the API (grades 1–4, so relearning copies exist too).
    pub async fn create(scale: Scale) -> Result<Learner, BenchError> {
        let dir = tempfile::Builder::new()
            .prefix("iqrah-bench-")
            .tempdir()
            .map_err(BenchError::io("creating a temporary directory"))?;
        let iqrah = Iqrah::open(config(dir.path())).await?;
        let pool = iqrah.store().await?.pool().clone();
        let (items, review_log) = seed_learner(&pool, scale.log_rounds()).await?;
        for _ in 0..scale.past_sessions() {
            let id = fresh_session(&iqrah).await?;
            let mut n = 0u64;
            while let Some(item) = iqrah.get_next_session_item(id.clone()).await? {
                n += 1;
                let grade = if n.is_multiple_of(9) {
                    1
                } else {
                    2 + (n % 3) as u8
                };
                iqrah
                    .submit_session_item(id.clone(), item.node_id, grade, 3_000 + n * 100)
                    .await?;
            }
            iqrah.complete_session(id).await?;
        }
        let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM review_log")
            .fetch_one(&pool)
            .await?;
        debug_assert!(logged >= review_log);
        Ok(Learner {
            dir,
            iqrah,
            pool,
            items,
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
        self.pool.close().await;
        drop(self.iqrah);
        self.dir
    }
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

/// Writes the local learner's states ([`all_states`]) and `log_rounds`
/// earlier reviews of every item, spread over the past two years, with plain
/// SQL in one transaction, then runs `ANALYZE`. Returns the number of states
/// and of review log entries.
pub async fn seed_learner(pool: &SqlitePool, log_rounds: i64) -> Result<(usize, i64), BenchError> {
    let states = all_states();
    let mut tx = pool.begin().await?;
    for (item, state) in &states {
        sqlx::query(
            "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(LOCAL_USER)
        .bind(item.to_string())
        .bind(f64::from(state.stability))
        .bind(f64::from(state.difficulty))
        .bind(state.last_review.millis())
        .bind(state.due.millis())
        .bind(state.reps)
        .bind(state.lapses)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "WITH RECURSIVE round(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM round WHERE n < ?3)
         INSERT INTO review_log (user_id, item_key, session_item_id, rating, reviewed_at, elapsed_days, duration_ms,
           state_before, state_after)
         SELECT m.user_id, m.item_key, NULL, 1 + (n + length(m.item_key)) % 4,
                m.last_review - n * ((n + length(m.item_key)) % 7 + 4) * ?2, (n % 7) + 4.0, 4000 + n * 500,
                json_object('stability', m.stability / (n + 1), 'difficulty', m.difficulty, 'last_review',
                  m.last_review - (n + 1) * 5 * ?2, 'due', m.last_review - n * 4 * ?2, 'reps', n, 'lapses', 0),
                json_object('stability', m.stability / n, 'difficulty', m.difficulty, 'last_review',
                  m.last_review - n * 5 * ?2, 'due', m.last_review, 'reps', n + 1, 'lapses', 0)
         FROM memory_states m CROSS JOIN round WHERE m.user_id = ?1",
    )
    .bind(LOCAL_USER)
    .bind(DAY_MS)
    .bind(log_rounds)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM review_log")
        .fetch_one(pool)
        .await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok((states.len(), logged))
}

/// Abandons any active session of the learner and starts a new one for
/// [`GOAL`]; returns its id.
pub async fn fresh_session(iqrah: &Iqrah) -> Result<String, BenchError> {
    if let Some(active) = iqrah.get_active_session(local()).await? {
        iqrah.abandon_session(active.id).await?;
    }
    let session = iqrah.start_session(local(), GOAL.to_owned()).await?;
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
    if let Some(item) = iqrah.get_next_session_item(session.clone()).await? {
        return Ok(item);
    }
    *session = fresh_session(iqrah).await?;
    iqrah
        .get_next_session_item(session.clone())
        .await?
        .ok_or_else(|| BenchError::Setup(format!("the new session {session} has no item")))
}

/// The right answer to an item, from its stored solution.
pub async fn right_answer(pool: &SqlitePool, item: &SessionItemDto) -> Result<Answer, BenchError> {
    let solution: String = sqlx::query_scalar("SELECT solution FROM session_items WHERE id = ?1")
        .bind(item.item_id)
        .fetch_one(pool)
        .await?;
    let solution: Solution = serde_json::from_str(&solution)?;
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

/// A pending item for the raw transaction, with the values it writes.
#[derive(Debug, Clone)]
pub struct RawItem {
    session_id: String,
    item_id: i64,
    item_key: String,
    state_before: String,
    state_after: String,
}

/// The session's pending items of highest position, at most `limit`, for
/// the raw transaction (the API answers from the lowest one, so both can
/// share a session).
pub async fn raw_items(
    pool: &SqlitePool,
    session_id: &str,
    limit: usize,
) -> Result<Vec<RawItem>, BenchError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, item_key FROM session_items WHERE session_id = ?1 AND status = 'pending'
         ORDER BY position DESC LIMIT ?2",
    )
    .bind(session_id)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    let scheduler = Scheduler::new();
    let before = scheduler.review(
        None,
        Rating::Good,
        Timestamp(NOW.millis() - 10 * DAY_MS),
        0.9,
    );
    let after = scheduler.review(Some(&before), Rating::Good, NOW, 0.9);
    let (state_before, state_after) = (
        serde_json::to_string(&before)?,
        serde_json::to_string(&after)?,
    );
    Ok(rows
        .into_iter()
        .map(|(item_id, item_key)| RawItem {
            session_id: session_id.to_owned(),
            item_id,
            item_key,
            state_before: state_before.clone(),
            state_after: state_after.clone(),
        })
        .collect())
}

/// A pending item for the raw transaction, starting a new session (and
/// updating `session`) when the current one has nothing left.
pub async fn raw_pending(
    iqrah: &Iqrah,
    pool: &SqlitePool,
    session: &mut String,
) -> Result<RawItem, BenchError> {
    if let Some(item) = raw_items(pool, session, 1).await?.pop() {
        return Ok(item);
    }
    *session = fresh_session(iqrah).await?;
    raw_items(pool, session, 1)
        .await?
        .pop()
        .ok_or_else(|| BenchError::Setup(format!("the new session {session} has no item")))
}

/// `count` distinct pending items for the raw transaction, from new
/// sessions (the last of which stays active).
pub async fn raw_pending_many(
    iqrah: &Iqrah,
    pool: &SqlitePool,
    count: usize,
) -> Result<Vec<RawItem>, BenchError> {
    let mut items = Vec::with_capacity(count);
    while items.len() < count {
        let session = fresh_session(iqrah).await?;
        let found = raw_items(pool, &session, count - items.len()).await?;
        if found.is_empty() {
            return Err(BenchError::Setup(format!(
                "the new session {session} has no item"
            )));
        }
        items.extend(found);
    }
    Ok(items)
}

/// The writes of a submit (grade 3, no relearning copy) as plain SQL in one
/// `BEGIN IMMEDIATE` transaction: no reads, no decisions. The baseline a
/// submit through the API is compared with.
pub async fn raw_submit(pool: &SqlitePool, item: &RawItem) -> Result<(), BenchError> {
    raw_submits(pool, std::slice::from_ref(item)).await
}

/// The writes of several submits in one transaction: what group commit, with
/// nothing but the writes, would cost a submit.
pub async fn raw_submits(pool: &SqlitePool, items: &[RawItem]) -> Result<(), BenchError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    for item in items {
        raw_writes(&mut tx, item).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A submit's writes for `item`, in the caller's transaction.
async fn raw_writes(conn: &mut SqliteConnection, item: &RawItem) -> Result<(), BenchError> {
    let updated = sqlx::query(
        "UPDATE session_items SET status = 'answered', grade = ?1, duration_ms = ?2, answered_at = ?3,
           answered_seq = (SELECT coalesce(max(answered_seq), 0) + 1 FROM session_items WHERE session_id = ?4)
         WHERE id = ?5 AND session_id = ?4 AND status = 'pending'",
    )
    .bind(3u8)
    .bind(5_000i64)
    .bind(NOW.millis())
    .bind(&item.session_id)
    .bind(item.item_id)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(BenchError::Setup(format!(
            "session item {} was not pending",
            item.item_id
        )));
    }
    sqlx::query(
        "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (user_id, item_key) DO UPDATE SET stability = excluded.stability,
           difficulty = excluded.difficulty, last_review = excluded.last_review, due = excluded.due,
           reps = excluded.reps, lapses = excluded.lapses",
    )
    .bind(LOCAL_USER)
    .bind(&item.item_key)
    .bind(12.5f64)
    .bind(5.0f64)
    .bind(NOW.millis())
    .bind(NOW.millis() + 12 * DAY_MS)
    .bind(4u32)
    .bind(0u32)
    .execute(&mut *conn)
    .await?;
    // The learner's state version, bumped as a submit bumps it.
    sqlx::query(
        "INSERT INTO state_versions (user_id, version) VALUES (?1, 1)
         ON CONFLICT (user_id) DO UPDATE SET version = version + 1 RETURNING version",
    )
    .bind(LOCAL_USER)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO review_log (user_id, item_key, session_item_id, rating, reviewed_at, elapsed_days, duration_ms,
           state_before, state_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .bind(LOCAL_USER)
    .bind(&item.item_key)
    .bind(item.item_id)
    .bind(3u8)
    .bind(NOW.millis())
    .bind(10.0f64)
    .bind(5_000i64)
    .bind(&item.state_before)
    .bind(&item.state_after)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE sessions SET items_completed = items_completed + 1, items_count = items_count + ?1 WHERE id = ?2")
        .bind(0i64)
        .bind(&item.session_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
