//! [`UserStore`] on a SQLite file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use iqrah_core::exercise::{Answer, GeneratedExercise};
use iqrah_core::fitting::Evaluation;
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::planner::Reason;
use iqrah_core::session::{
    IdempotencyKey, ItemStatus, KeyedAnswer, SessionError, SessionItem, SessionStatus,
    SkipDecision, UndoDecision,
};
use iqrah_core::settings::Settings;
use iqrah_core::stats::ReviewRecord;
use iqrah_core::summary::SessionSummary;
use iqrah_core::time::{DAY_MS, Timestamp};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Connection, Row, SqliteConnection};

use iqrah_store::{
    CompletionContext, FitRecord, LearnerParameters, NewSession, PassageWrite, RelearnCopy,
    SessionContext, SessionId, SessionRow, StoreError, StoredItem, SubmitWrite, UserId, UserStore,
};

use crate::checkpoint::Checkpoints;
use crate::error::{OpenError, db};

/// The user database's file name inside the data directory.
pub const USER_DB_FILE_NAME: &str = "user.sqlite3";

/// `PRAGMA application_id` of Iqrah's user database ('IQRH').
const APPLICATION_ID: i64 = 0x4951_5248;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The user database on a SQLite file: WAL journal, foreign keys on,
/// `synchronous = NORMAL` (a committed answer survives a crash of the
/// process; a power cut may lose the last moments, never consistency),
/// its checkpoints run in the background instead of inside a commit.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    states: Arc<Mutex<HashMap<UserId, CachedStates>>>,
    /// This process's writers take turns here before `BEGIN IMMEDIATE`, so
    /// that they queue in order instead of polling SQLite's lock in the busy
    /// handler's sleeps (other processes still meet the busy timeout).
    write_turn: Arc<tokio::sync::Mutex<()>>,
    checkpoints: Checkpoints,
}

/// A write transaction holding this process's write turn until it is
/// committed or dropped (rolled back).
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    turn: tokio::sync::OwnedMutexGuard<()>,
    checkpoints: Checkpoints,
}

impl WriteTx {
    /// Commits, hands the write turn to the next writer, then counts the
    /// commit towards the next checkpoint.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        let WriteTx {
            tx,
            turn,
            checkpoints,
        } = self;
        tx.commit().await?;
        drop(turn);
        checkpoints.after_commit();
        Ok(())
    }
}

impl std::ops::Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

/// A learner's memory states as of a version of `state_versions`.
///
/// Loading every state takes tens of milliseconds (SQLite turns each number
/// into text), so they are kept per learner and reused while the learner's
/// version in the database is the one they were read at. This process's own
/// submits and undos update them in place; a change by another process bumps
/// the version and the next read loads them again.
#[derive(Debug)]
struct CachedStates {
    version: i64,
    states: HashMap<ItemKey, MemoryState>,
}

impl SqliteStore {
    /// Opens (creating if needed) and upgrades the database at `path`.
    ///
    /// Refuses a file that is not Iqrah's or that a newer Iqrah wrote.
    pub async fn open(path: &Path) -> Result<Self, OpenError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Checkpoints run off the write path: see `checkpoint.rs`.
            .pragma("wal_autocheckpoint", "0");
        // An empty file is taken as a new database, as SQLite itself does:
        // a crash during the first creation can leave one, and it holds
        // nothing that could be lost.
        let not_ours = || OpenError::NotOurs {
            path: path.to_owned(),
            what: "not a SQLite database".to_owned(),
        };
        // An embedded file cannot drop a connection the way a network
        // server does, so the pool hands out connections without pinging
        // them first: a ping is a round trip to the connection's worker
        // thread (tens of microseconds) on every call.
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .after_release(|conn, _| Box::pin(discard_if_in_transaction(conn)))
            .connect_with(options)
            .await
            .map_err(|e| {
                if is_not_a_database(&e) {
                    not_ours()
                } else {
                    e.into()
                }
            })?;
        let mut conn = pool.acquire().await?;
        let application_id: i64 = sqlx::query_scalar("PRAGMA application_id")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| {
                if is_not_a_database(&e) {
                    not_ours()
                } else {
                    e.into()
                }
            })?;
        if application_id != APPLICATION_ID {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                   AND name <> '_sqlx_migrations' ORDER BY name",
            )
            .fetch_all(&mut *conn)
            .await?;
            if application_id != 0 || !tables.is_empty() {
                let shown: Vec<&str> = tables.iter().take(8).map(String::as_str).collect();
                let more = if tables.len() > shown.len() {
                    ", …"
                } else {
                    ""
                };
                return Err(OpenError::NotOurs {
                    path: path.to_owned(),
                    what: format!(
                        "a SQLite database of another application (application_id {application_id:#x}, tables: {}{more})",
                        if shown.is_empty() {
                            "none".to_owned()
                        } else {
                            shown.join(", ")
                        }
                    ),
                });
            }
        }
        let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        // A new database has no migrations table yet: nothing applied.
        let applied: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
            .fetch_one(&mut *conn)
            .await
            .unwrap_or_default();
        if let Some(found) = applied.filter(|&v| v > known) {
            return Err(OpenError::TooNew {
                path: path.to_owned(),
                found,
                known,
            });
        }
        drop(conn);
        MIGRATOR.run(&pool).await?;
        let write_turn = Arc::new(tokio::sync::Mutex::new(()));
        Ok(SqliteStore {
            states: Arc::new(Mutex::new(HashMap::new())),
            checkpoints: Checkpoints::new(pool.clone(), Arc::clone(&write_turn)),
            write_turn,
            pool,
        })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The learner's states as seen by the transaction `conn` is in: the
    /// kept copy when the learner's version is the one it was read at,
    /// otherwise loaded (and kept).
    async fn states_in(
        &self,
        conn: &mut SqliteConnection,
        user: &UserId,
    ) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
        let version = state_version(&mut *conn, user).await?;
        if let Some(cached) = self.states.lock().ok().and_then(|cache| {
            cache
                .get(user)
                .filter(|c| c.version == version)
                .map(|c| c.states.clone())
        }) {
            return Ok(cached);
        }
        let states = load_states(conn, user).await?;
        if let Ok(mut cache) = self.states.lock() {
            cache.insert(
                user.clone(),
                CachedStates {
                    version,
                    states: states.clone(),
                },
            );
        }
        Ok(states)
    }

    /// Takes this process's write turn and SQLite's write lock, then lets
    /// both go without writing: proves that the database accepts writes
    /// (not read-only, not held by another program past the busy timeout).
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        let unused = self.write_tx().await?;
        // Dropped uncommitted: rolled back, nothing written.
        drop(unused);
        Ok(())
    }

    pub(crate) async fn write_tx(&self) -> Result<WriteTx, StoreError> {
        let turn = Arc::clone(&self.write_turn).lock_owned().await;
        Ok(WriteTx {
            tx: self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?,
            turn,
            checkpoints: self.checkpoints.clone(),
        })
    }

    /// After a committed change of one state that bumped the learner's
    /// version from `before`: applies it to the kept states if they were
    /// current, and forgets them otherwise.
    fn update_cached_state(
        &self,
        user: &UserId,
        before: i64,
        item: ItemKey,
        state: Option<MemoryState>,
    ) {
        self.update_cached_states(user, before, [(item, state)]);
    }

    /// After a committed change of several states in one transaction that
    /// bumped the learner's version once from `before`: applies them to the
    /// kept states if they were current, and forgets them otherwise.
    fn update_cached_states(
        &self,
        user: &UserId,
        before: i64,
        changes: impl IntoIterator<Item = (ItemKey, Option<MemoryState>)>,
    ) {
        let Ok(mut cache) = self.states.lock() else {
            return;
        };
        match cache.get_mut(user) {
            Some(cached) if cached.version == before => {
                cached.version = before + 1;
                for (item, state) in changes {
                    match state {
                        Some(state) => cached.states.insert(item, state),
                        None => cached.states.remove(&item),
                    };
                }
            }
            _ => {
                cache.remove(user);
            }
        }
    }
}

/// Whether a connection coming back to the pool may be used again: not if
/// it is still inside a transaction once the rollback that a dropped
/// transaction queued has run.
///
/// A transaction dropped without a commit (a failed statement, a failed
/// commit, a refused decision, a cancelled call) queues a `ROLLBACK` on its
/// connection. When SQLite has already rolled the transaction back itself
/// (it may, after `SQLITE_FULL` or an I/O error, and it does when `COMMIT`
/// fails that way), that `ROLLBACK` fails and sqlx still counts the
/// connection as inside a transaction, so every later `BEGIN` on it would be
/// refused. Such a connection is closed (SQLite rolls back whatever is left
/// on close) and the pool opens a fresh one.
async fn discard_if_in_transaction(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    if !conn.is_in_transaction() {
        return Ok(true);
    }
    // Any call runs the queued rollback first.
    conn.ping().await?;
    Ok(!conn.is_in_transaction())
}

fn is_not_a_database(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.message().contains("not a database"))
}

/// Serializes a value to JSON for a TEXT column.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::corrupt)
}

/// Reads a JSON TEXT column.
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(StoreError::corrupt)
}

/// Reads a snake_case name stored by serde (`practice_ahead`).
fn from_name<T: DeserializeOwned>(name: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(StoreError::corrupt)
}

/// The serde name of a unit enum variant.
fn name_of<T: Serialize>(value: &T) -> Result<String, StoreError> {
    match serde_json::to_value(value).map_err(StoreError::corrupt)? {
        serde_json::Value::String(name) => Ok(name),
        other => Err(StoreError::corrupt(format!("{other} is not a name"))),
    }
}

const SESSION_COLUMNS: &str = "id, user_id, goal_id, status, seed, started_at, completed_at, items_count, \
                               items_completed, goal_before, summary";

fn session_row(row: &SqliteRow) -> Result<SessionRow, StoreError> {
    let status: String = row.try_get("status").map_err(db)?;
    let summary: Option<String> = row.try_get("summary").map_err(db)?;
    Ok(SessionRow {
        id: SessionId::new(row.try_get::<String, _>("id").map_err(db)?),
        user_id: UserId::new(row.try_get::<String, _>("user_id").map_err(db)?),
        goal_id: row.try_get("goal_id").map_err(db)?,
        status: SessionStatus::from_str(&status).map_err(StoreError::corrupt)?,
        seed: row.try_get("seed").map_err(db)?,
        started_at: Timestamp(row.try_get("started_at").map_err(db)?),
        completed_at: row
            .try_get::<Option<i64>, _>("completed_at")
            .map_err(db)?
            .map(Timestamp),
        items_count: row.try_get("items_count").map_err(db)?,
        items_completed: row.try_get("items_completed").map_err(db)?,
        goal_before: from_json(row.try_get("goal_before").map_err(db)?)?,
        summary: summary.as_deref().map(from_json).transpose()?,
    })
}

/// What the session rules need of an item: everything but its exercise and answer.
const RULE_COLUMNS: &str = "id, position, item_key, reason, exercise_type, status, correct, grade, duration_ms, \
                            answered_at, answered_seq, relearn_of, skips";

const ITEM_COLUMNS: &str = "id, position, item_key, reason, exercise_type, status, correct, grade, duration_ms, \
                            answered_at, answered_seq, relearn_of, skips, prompt, solution, answer";

fn rule_item(row: &SqliteRow) -> Result<SessionItem, StoreError> {
    let item_key: String = row.try_get("item_key").map_err(db)?;
    let status: String = row.try_get("status").map_err(db)?;
    let grade: Option<u8> = row.try_get("grade").map_err(db)?;
    let duration: Option<i64> = row.try_get("duration_ms").map_err(db)?;
    Ok(SessionItem {
        id: row.try_get("id").map_err(db)?,
        position: row.try_get("position").map_err(db)?,
        item: ItemKey::from_str(&item_key).map_err(StoreError::corrupt)?,
        reason: from_name(row.try_get("reason").map_err(db)?)?,
        exercise_type: from_name(row.try_get("exercise_type").map_err(db)?)?,
        status: ItemStatus::from_str(&status).map_err(StoreError::corrupt)?,
        correct: row.try_get("correct").map_err(db)?,
        rating: grade
            .map(Rating::try_from)
            .transpose()
            .map_err(StoreError::corrupt)?,
        duration_ms: duration.map(|d| u64::try_from(d).unwrap_or(0)),
        answered_at: row
            .try_get::<Option<i64>, _>("answered_at")
            .map_err(db)?
            .map(Timestamp),
        answered_seq: row.try_get("answered_seq").map_err(db)?,
        relearn_of: row.try_get("relearn_of").map_err(db)?,
        skips: u32::try_from(row.try_get::<i64, _>("skips").map_err(db)?)
            .map_err(StoreError::corrupt)?,
    })
}

/// An item with its exercise and answer (a row with [`ITEM_COLUMNS`]).
fn stored_item(row: &SqliteRow) -> Result<StoredItem, StoreError> {
    let item = rule_item(row)?;
    let (prompt, solution, answer): (Option<&str>, Option<&str>, Option<&str>) = (
        row.try_get("prompt").map_err(db)?,
        row.try_get("solution").map_err(db)?,
        row.try_get("answer").map_err(db)?,
    );
    let (Some(prompt), Some(solution)) = (prompt, solution) else {
        return Err(StoreError::corrupt(format!(
            "session item {} has no exercise",
            item.id
        )));
    };
    Ok(StoredItem {
        item,
        exercise: GeneratedExercise {
            prompt: from_json(prompt)?,
            solution: from_json(solution)?,
        },
        answer: answer.map(from_json).transpose()?,
    })
}

/// A memory state from a row whose state columns carry `prefix` (`""` for
/// a row of `memory_states` itself).
fn memory_state(row: &SqliteRow, prefix: &str) -> Result<(ItemKey, MemoryState), StoreError> {
    let column = |name: &str| format!("{prefix}{name}");
    let key: String = row.try_get(column("item_key").as_str()).map_err(db)?;
    Ok((
        ItemKey::from_str(&key).map_err(StoreError::corrupt)?,
        MemoryState {
            stability: row
                .try_get::<f64, _>(column("stability").as_str())
                .map_err(db)? as f32,
            difficulty: row
                .try_get::<f64, _>(column("difficulty").as_str())
                .map_err(db)? as f32,
            last_review: Timestamp(row.try_get(column("last_review").as_str()).map_err(db)?),
            due: Timestamp(row.try_get(column("due").as_str()).map_err(db)?),
            reps: row.try_get(column("reps").as_str()).map_err(db)?,
            lapses: row.try_get(column("lapses").as_str()).map_err(db)?,
        },
    ))
}

/// The learner's session (`None` for another learner's).
async fn load_session(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<Option<SessionRow>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?1 AND user_id = ?2"
    ))
    .bind(session.as_str())
    .bind(user.as_str())
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .as_ref()
    .map(session_row)
    .transpose()
}

/// The learner's session's items in position order (none for another
/// learner's session).
async fn load_items(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<Vec<StoredItem>, StoreError> {
    sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM session_items WHERE session_id = ?1
           AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?2)
         ORDER BY position, id"
    ))
    .bind(session.as_str())
    .bind(user.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(stored_item)
    .collect()
}

/// The session's items in position order without their exercises.
async fn load_rules(
    conn: &mut SqliteConnection,
    session: &SessionId,
) -> Result<Vec<SessionItem>, StoreError> {
    sqlx::query(&format!(
        "SELECT {RULE_COLUMNS} FROM session_items WHERE session_id = ?1 ORDER BY position, id"
    ))
    .bind(session.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(rule_item)
    .collect()
}

async fn load_state(
    conn: &mut SqliteConnection,
    user: &UserId,
    item: ItemKey,
) -> Result<Option<MemoryState>, StoreError> {
    sqlx::query(
        "SELECT item_key, stability, difficulty, last_review, due, reps, lapses
         FROM memory_states WHERE user_id = ?1 AND item_key = ?2",
    )
    .bind(user.as_str())
    .bind(item.to_string())
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .as_ref()
    .map(|row| memory_state(row, "").map(|(_, state)| state))
    .transpose()
}

/// Every memory state of the learner.
///
/// Read as one row of text, a line per state, rather than one row per state:
/// carrying 18,594 rows one by one out of SQLite costs several times more
/// than the scan itself. The text is exact: integers are printed in full and
/// a REAL holding an `f32` is printed with 15 significant digits, far more
/// than the 9 that bring back the same `f32`.
async fn load_states(
    conn: &mut SqliteConnection,
    user: &UserId,
) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
    let text: Option<String> = sqlx::query_scalar(
        "SELECT group_concat(concat_ws(' ', item_key, stability, difficulty, last_review, due, reps, lapses), char(10))
         FROM memory_states WHERE user_id = ?1",
    )
    .bind(user.as_str())
    .fetch_one(&mut *conn)
    .await.map_err(db)?;
    let Some(text) = text else {
        return Ok(HashMap::new());
    };
    let mut states = HashMap::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    for line in text.split('\n') {
        let (item, state) = parse_state_line(line)?;
        states.insert(item, state);
    }
    Ok(states)
}

/// One line of [`load_states`]: `item_key stability difficulty last_review due reps lapses`.
fn parse_state_line(line: &str) -> Result<(ItemKey, MemoryState), StoreError> {
    let corrupt = || {
        StoreError::corrupt(format!(
            "unreadable memory state {:?}",
            iqrah_quran::shorten(line)
        ))
    };
    let mut fields = line.split(' ');
    let mut next = || fields.next().ok_or_else(corrupt);
    let item = ItemKey::from_str(next()?).map_err(StoreError::corrupt)?;
    let real = |text: &str| {
        text.parse::<f64>()
            .map(|value| value as f32)
            .map_err(|_| corrupt())
    };
    let stability = real(next()?)?;
    let difficulty = real(next()?)?;
    let last_review = Timestamp(next()?.parse().map_err(|_| corrupt())?);
    let due = Timestamp(next()?.parse().map_err(|_| corrupt())?);
    let reps = next()?.parse().map_err(|_| corrupt())?;
    let lapses = next()?.parse().map_err(|_| corrupt())?;
    if fields.next().is_some() {
        return Err(corrupt());
    }
    Ok((
        item,
        MemoryState {
            stability,
            difficulty,
            last_review,
            due,
            reps,
            lapses,
        },
    ))
}

/// The learner's version of `state_versions` (0 before any change).
async fn state_version(conn: &mut SqliteConnection, user: &UserId) -> Result<i64, StoreError> {
    let version: Option<i64> =
        sqlx::query_scalar("SELECT version FROM state_versions WHERE user_id = ?1")
            .bind(user.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    Ok(version.unwrap_or(0))
}

/// The learner days (from `day_start_offset_ms`) with at least one review,
/// newest first: one index seek per day (the newest review before the day
/// already found) rather than a scan of the whole log, since completing a
/// session holds the write lock meanwhile.
async fn practice_days(
    conn: &mut SqliteConnection,
    user: &UserId,
    day_start_offset_ms: i64,
) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar(
        "WITH RECURSIVE day(d) AS (
           SELECT (max(reviewed_at) - ?2) / ?3 FROM review_log WHERE user_id = ?1 AND reviewed_at >= ?2
           UNION ALL
           SELECT (SELECT (max(reviewed_at) - ?2) / ?3 FROM review_log
                   WHERE user_id = ?1 AND reviewed_at >= ?2 AND reviewed_at < d * ?3 + ?2)
           FROM day WHERE d IS NOT NULL
         )
         SELECT d FROM day WHERE d IS NOT NULL",
    )
    .bind(user.as_str())
    .bind(day_start_offset_ms)
    .bind(DAY_MS)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)
}

/// Bumps the learner's version inside a write transaction; returns the version before.
async fn bump_state_version(conn: &mut SqliteConnection, user: &UserId) -> Result<i64, StoreError> {
    let after: i64 = sqlx::query_scalar(
        "INSERT INTO state_versions (user_id, version) VALUES (?1, 1)
         ON CONFLICT (user_id) DO UPDATE SET version = version + 1 RETURNING version",
    )
    .bind(user.as_str())
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    Ok(after - 1)
}

pub(crate) async fn save_state(
    conn: &mut SqliteConnection,
    user: &UserId,
    item: ItemKey,
    state: &MemoryState,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (user_id, item_key) DO UPDATE SET stability = excluded.stability,
           difficulty = excluded.difficulty, last_review = excluded.last_review, due = excluded.due,
           reps = excluded.reps, lapses = excluded.lapses",
    )
    .bind(user.as_str())
    .bind(item.to_string())
    .bind(f64::from(state.stability))
    .bind(f64::from(state.difficulty))
    .bind(state.last_review.millis())
    .bind(state.due.millis())
    .bind(state.reps)
    .bind(state.lapses)
    .execute(&mut *conn)
    .await.map_err(db)?;
    Ok(())
}

/// The answer a submit records on its session item.
pub(crate) struct Answered {
    pub(crate) item_id: i64,
    pub(crate) item: ItemKey,
    pub(crate) rating: Rating,
    pub(crate) duration_ms: i64,
    pub(crate) answered_at: Timestamp,
}

/// The first writes of every answer: the session's pending item
/// `answered.item_id` becomes answered (with the session's next answer
/// number), and the idempotency key it came with is recorded, with the
/// passage marks of a recited passage.
async fn mark_answered(
    conn: &mut SqliteConnection,
    session: &SessionId,
    answered: &Answered,
    key: Option<&IdempotencyKey>,
    marks: Option<String>,
) -> Result<(), StoreError> {
    let updated = sqlx::query(
        "UPDATE session_items SET status = 'answered', grade = ?1, duration_ms = ?2, answered_at = ?3,
           answered_seq = (SELECT coalesce(max(answered_seq), 0) + 1 FROM session_items WHERE session_id = ?4)
         WHERE id = ?5 AND session_id = ?4 AND status = 'pending'",
    )
    .bind(answered.rating.value())
    .bind(answered.duration_ms)
    .bind(answered.answered_at.millis())
    .bind(session.as_str())
    .bind(answered.item_id)
    .execute(&mut *conn)
    .await.map_err(db)?;
    if updated.rows_affected() != 1 {
        return Err(StoreError::corrupt(format!(
            "session item {} is not pending",
            answered.item_id
        )));
    }
    if let Some(key) = key {
        sqlx::query(
            "INSERT INTO submit_keys (session_id, key, session_item_id, node_id, grade, duration_ms, marks)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(session.as_str())
        .bind(key.as_str())
        .bind(answered.item_id)
        .bind(answered.item.to_string())
        .bind(answered.rating.value())
        .bind(answered.duration_ms)
        .bind(marks)
        .execute(&mut *conn)
        .await.map_err(db)?;
    }
    Ok(())
}

/// The reason of the session's item `item_id`, which its relearning copy keeps.
fn relearn_reason(context: &SessionContext, item_id: i64) -> Result<Reason, StoreError> {
    context
        .items
        .iter()
        .find(|i| i.id == item_id)
        .map(|i| i.reason)
        .ok_or_else(|| StoreError::corrupt("answered item vanished"))
}

/// The last writes of every answer: its relearning copy of an item, if
/// any, goes in at its position (later items move one place down, the copy
/// keeps the answered item's reason), and the session counts the answer
/// and the copy.
async fn count_answer(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
    relearn: Option<(ItemKey, RelearnCopy, Reason)>,
) -> Result<(), StoreError> {
    let added = i64::from(relearn.is_some());
    if let Some((item, copy, reason)) = relearn {
        sqlx::query("UPDATE session_items SET position = position + 1 WHERE session_id = ?1 AND position >= ?2")
            .bind(session.as_str())
            .bind(copy.position)
            .execute(&mut *conn)
            .await.map_err(db)?;
        insert_item(
            conn,
            session,
            copy.position,
            item,
            &reason,
            &copy.exercise,
            Some(copy.relearn_of),
        )
        .await?;
    }
    sqlx::query("UPDATE sessions SET items_completed = items_completed + 1, items_count = items_count + ?1 WHERE id = ?2 AND user_id = ?3")
        .bind(added)
        .bind(session.as_str())
        .bind(user.as_str())
        .execute(&mut *conn)
        .await.map_err(db)?;
    Ok(())
}

/// Every write of a graded answer, in the caller's write transaction: the
/// item answered (with its key), its memory state, the learner's version
/// bumped, the review log row, and the counters with any relearning copy.
/// Returns the learner's version before the bump.
#[allow(clippy::too_many_arguments)] // The answer's parts, each written once.
pub(crate) async fn write_submit(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
    key: Option<&IdempotencyKey>,
    answered: &Answered,
    elapsed_days: f64,
    state_before: Option<&MemoryState>,
    state_after: &MemoryState,
    relearn: Option<(ItemKey, RelearnCopy, Reason)>,
) -> Result<i64, StoreError> {
    mark_answered(conn, session, answered, key, None).await?;
    save_state(conn, user, answered.item, state_after).await?;
    let version_before = bump_state_version(conn, user).await?;
    sqlx::query(
        "INSERT INTO review_log (user_id, item_key, session_item_id, rating, reviewed_at, elapsed_days, duration_ms,
           state_before, state_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .bind(user.as_str())
    .bind(answered.item.to_string())
    .bind(answered.item_id)
    .bind(answered.rating.value())
    .bind(answered.answered_at.millis())
    .bind(elapsed_days)
    .bind(answered.duration_ms)
    .bind(state_before.map(to_json).transpose()?)
    .bind(to_json(state_after)?)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    count_answer(conn, user, session, relearn).await?;
    Ok(version_before)
}

async fn insert_item(
    conn: &mut SqliteConnection,
    session: &SessionId,
    position: i64,
    item: ItemKey,
    reason: &impl Serialize,
    exercise: &GeneratedExercise,
    relearn_of: Option<i64>,
) -> Result<i64, StoreError> {
    let id = sqlx::query(
        "INSERT INTO session_items (session_id, position, item_key, skill, reason, exercise_type, prompt, solution, relearn_of)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .bind(session.as_str())
    .bind(position)
    .bind(item.to_string())
    .bind(item.skill().as_str())
    .bind(name_of(reason)?)
    .bind(exercise.prompt.exercise_type().as_str())
    .bind(to_json(&exercise.prompt)?)
    .bind(to_json(&exercise.solution)?)
    .bind(relearn_of)
    .execute(&mut *conn)
    .await.map_err(db)?
    .last_insert_rowid();
    Ok(id)
}

/// Reads a learner's settings column (defaults if never saved).
fn settings_from(json: Option<&str>) -> Result<Settings, StoreError> {
    json.map(from_json)
        .transpose()
        .map(Option::unwrap_or_default)
}

/// The settings (`settings`) and FSRS parameters (`parameters`) a session
/// schedules with, from a query on `sessions`: those it started with, or
/// the learner's current ones for a session started before sessions kept
/// them.
const SESSION_SCHEDULING_COLUMNS: &str = "coalesce(sessions.settings,
             (SELECT json FROM settings WHERE settings.user_id = sessions.user_id)) AS settings,
           coalesce(sessions.parameters,
             (SELECT parameters FROM learner_parameters WHERE learner_parameters.user_id = sessions.user_id), '[]') AS parameters";

/// The settings and FSRS parameters the session schedules with (see
/// [`SESSION_SCHEDULING_COLUMNS`]).
async fn session_scheduling(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<(Settings, Vec<f32>), StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {SESSION_SCHEDULING_COLUMNS} FROM sessions WHERE sessions.id = ?1 AND sessions.user_id = ?2"
    ))
    .bind(session.as_str())
    .bind(user.as_str())
    .fetch_optional(&mut *conn)
    .await.map_err(db)?
    .ok_or_else(|| StoreError::SessionNotFound(session.clone()))?;
    let settings = settings_from(row.try_get("settings").map_err(db)?)?;
    let parameters: Vec<f32> = from_json(row.try_get("parameters").map_err(db)?)?;
    Ok((settings, parameters))
}

/// Reads what a decision about the session's current item needs, inside a
/// write transaction: the session with the settings it started with, every item
/// without its exercise, and the current item with its exercise and memory
/// state. Only the current item's JSON is read and parsed.
///
/// Two queries, since each is a round trip to the connection's worker
/// thread while the write lock is held: the session with the memory state
/// of its first pending item, then the items.
async fn session_context(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionContext, StoreError> {
    // The state columns come from a one-row table whose names all start
    // with `state_`, so the session's own columns stay unambiguous.
    let row = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS}, {SESSION_SCHEDULING_COLUMNS},
           state.*
         FROM sessions LEFT JOIN (
           SELECT first.item_key AS state_first, memory_states.item_key AS state_item_key, memory_states.stability AS state_stability,
             memory_states.difficulty AS state_difficulty, memory_states.last_review AS state_last_review,
             memory_states.due AS state_due, memory_states.reps AS state_reps, memory_states.lapses AS state_lapses
           FROM (SELECT item_key FROM session_items WHERE session_id = ?1 AND status = 'pending'
                 ORDER BY position, id LIMIT 1) AS first
             JOIN sessions AS owner ON owner.id = ?1
             LEFT JOIN memory_states ON memory_states.user_id = owner.user_id AND memory_states.item_key = first.item_key
         ) AS state ON 1
         WHERE sessions.id = ?1 AND sessions.user_id = ?2"
    ))
    .bind(session.as_str())
    .bind(user.as_str())
    .fetch_optional(&mut *conn)
    .await.map_err(db)?
    .ok_or_else(|| StoreError::SessionNotFound(session.clone()))?;
    let found = session_row(&row)?;
    let settings = settings_from(row.try_get("settings").map_err(db)?)?;
    let parameters: Vec<f32> = from_json(row.try_get("parameters").map_err(db)?)?;
    // The first pending item's key, and its state if it has one.
    let first_key: Option<String> = row.try_get("state_first").map_err(db)?;
    let first_state = match row
        .try_get::<Option<String>, _>("state_item_key")
        .map_err(db)?
    {
        Some(_) => Some(memory_state(&row, "state_")?.1),
        None => None,
    };
    // The exercise columns are read for the first pending item only: the
    // same item `iqrah_core::session::current_item` picks (lowest position).
    let rows = sqlx::query(&format!(
        "SELECT {RULE_COLUMNS},
           CASE WHEN id = current.first THEN prompt END AS prompt,
           CASE WHEN id = current.first THEN solution END AS solution,
           CASE WHEN id = current.first THEN answer END AS answer
         FROM session_items,
           (SELECT (SELECT id FROM session_items WHERE session_id = ?1 AND status = 'pending'
                    ORDER BY position, id LIMIT 1) AS first) AS current
         WHERE session_id = ?1 ORDER BY position, id"
    ))
    .bind(session.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let items = rows.iter().map(rule_item).collect::<Result<Vec<_>, _>>()?;
    let current = match iqrah_core::session::current_item(&items) {
        Some(current) => {
            let row = rows
                .iter()
                .zip(&items)
                .find(|(_, item)| item.id == current.id)
                .map(|(row, _)| row);
            Some(stored_item(row.ok_or_else(|| {
                StoreError::corrupt("current item vanished")
            })?)?)
        }
        None => None,
    };
    // The first pending item, read with the session, is the current item:
    // both are the pending item of lowest position (read again otherwise).
    let current_state = match &current {
        Some(current) if first_key.as_deref() == Some(current.item.item.to_string().as_str()) => {
            first_state
        }
        Some(current) => load_state(conn, user, current.item.item).await?,
        None => None,
    };
    Ok(SessionContext {
        session: found,
        settings,
        parameters,
        items,
        current,
        current_state,
        keyed_answer: None,
    })
}

/// What was recorded with `key` in the session, if anything.
async fn keyed_answer(
    conn: &mut SqliteConnection,
    session: &SessionId,
    key: &IdempotencyKey,
) -> Result<Option<KeyedAnswer>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT session_item_id, node_id, grade, duration_ms, undone, marks FROM submit_keys
         WHERE session_id = ?1 AND key = ?2",
    )
    .bind(session.as_str())
    .bind(key.as_str())
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    else {
        return Ok(None);
    };
    let duration: i64 = row.try_get("duration_ms").map_err(db)?;
    Ok(Some(KeyedAnswer {
        item_id: row.try_get("session_item_id").map_err(db)?,
        node_id: row.try_get("node_id").map_err(db)?,
        grade: row.try_get("grade").map_err(db)?,
        duration_ms: u64::try_from(duration).map_err(StoreError::corrupt)?,
        undone: row.try_get("undone").map_err(db)?,
        marks: row
            .try_get::<Option<String>, _>("marks")
            .map_err(db)?
            .as_deref()
            .map(from_json)
            .transpose()?,
    }))
}

/// One line of the review log as [`UserStore::review_records`] reads it:
/// `item_key rating reviewed_at duration_ms due_before` (`-` for none).
fn parse_review_line(line: &str) -> Result<ReviewRecord, StoreError> {
    let corrupt = || {
        StoreError::corrupt(format!(
            "unreadable review {:?}",
            iqrah_quran::shorten(line)
        ))
    };
    let fields: Vec<&str> = line.split(' ').collect();
    let [item, rating, at, duration, due] = fields.as_slice() else {
        return Err(corrupt());
    };
    Ok(ReviewRecord {
        item: ItemKey::from_str(item).map_err(StoreError::corrupt)?,
        rating: rating
            .parse::<u8>()
            .ok()
            .and_then(|r| Rating::try_from(r).ok())
            .ok_or_else(corrupt)?,
        reviewed_at: Timestamp(at.parse().map_err(|_| corrupt())?),
        duration_ms: duration.parse().map_err(|_| corrupt())?,
        due_before: match *due {
            "-" => None,
            due => Some(Timestamp(due.parse().map_err(|_| corrupt())?)),
        },
    })
}

const PARAMETER_COLUMNS: &str = "parameters, fitted_at, reviews, training_reviews, default_log_loss, \
                                 default_rmse_bins, fitted_log_loss, fitted_rmse_bins, checked_at, checked_reviews";

fn learner_parameters(row: &SqliteRow) -> Result<LearnerParameters, StoreError> {
    let count = |name: &str| -> Result<u64, StoreError> {
        let value: i64 = row.try_get(name).map_err(db)?;
        u64::try_from(value).map_err(StoreError::corrupt)
    };
    let in_use = match row.try_get::<Option<String>, _>("parameters").map_err(db)? {
        None => None,
        Some(json) => {
            let real = |name: &str| -> Result<f32, StoreError> {
                let value: f64 = row.try_get(name).map_err(db)?;
                Ok(value as f32)
            };
            Some(FitRecord {
                fitted_at: Timestamp(row.try_get("fitted_at").map_err(db)?),
                parameters: from_json(&json)?,
                default: Evaluation {
                    log_loss: real("default_log_loss")?,
                    rmse_bins: real("default_rmse_bins")?,
                },
                fitted: Evaluation {
                    log_loss: real("fitted_log_loss")?,
                    rmse_bins: real("fitted_rmse_bins")?,
                },
                reviews: count("reviews")?,
                training_reviews: count("training_reviews")?,
            })
        }
    };
    Ok(LearnerParameters {
        in_use,
        checked_at: Timestamp(row.try_get("checked_at").map_err(db)?),
        checked_reviews: count("checked_reviews")?,
    })
}

/// Refuses a fit holding a NaN or an infinity, which would not read back.
fn check_finite(fit: &FitRecord) -> Result<(), StoreError> {
    if !fit.parameters.iter().all(|w| w.is_finite()) {
        return Err(StoreError::NotFinite("parameters"));
    }
    let figures = [
        fit.default.log_loss,
        fit.default.rmse_bins,
        fit.fitted.log_loss,
        fit.fitted.rmse_bins,
    ];
    if !figures.iter().all(|v| v.is_finite()) {
        return Err(StoreError::NotFinite("log loss or RMSE"));
    }
    Ok(())
}

fn count_to_sql(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

impl UserStore for SqliteStore {
    async fn review_count(&self, user: &UserId) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM review_log WHERE user_id = ?1")
            .bind(user.as_str())
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        u64::try_from(count).map_err(StoreError::corrupt)
    }

    async fn new_verses_introduced(
        &self,
        user: &UserId,
        since: Timestamp,
    ) -> Result<u32, StoreError> {
        // Walks only the rows since `since` (index review_log_by_user).
        let count: i64 = sqlx::query_scalar(
            "SELECT count(DISTINCT item_key) FROM review_log \
             WHERE user_id = ?1 AND reviewed_at >= ?2 AND state_before IS NULL \
             AND item_key LIKE '%/' || ?3",
        )
        .bind(user.as_str())
        .bind(since.millis())
        .bind(Skill::Memorization.as_str())
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        u32::try_from(count).map_err(StoreError::corrupt)
    }

    async fn learner_parameters(
        &self,
        user: &UserId,
    ) -> Result<Option<LearnerParameters>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PARAMETER_COLUMNS} FROM learner_parameters WHERE user_id = ?1"
        ))
        .bind(user.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(learner_parameters).transpose()
    }

    async fn record_fit(
        &self,
        user: &UserId,
        read: Option<&LearnerParameters>,
        checked_at: Timestamp,
        checked_reviews: u64,
        kept: Option<&FitRecord>,
    ) -> Result<bool, StoreError> {
        if let Some(fit) = kept {
            check_finite(fit)?;
        }
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "SELECT {PARAMETER_COLUMNS} FROM learner_parameters WHERE user_id = ?1"
        ))
        .bind(user.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let now_stored = row.as_ref().map(learner_parameters).transpose()?;
        if now_stored.as_ref() != read {
            // Dropping the transaction rolls it back: nothing was written.
            return Ok(false);
        }
        match kept {
            Some(fit) => {
                sqlx::query(&format!(
                    "INSERT INTO learner_parameters (user_id, {PARAMETER_COLUMNS})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT (user_id) DO UPDATE SET
                       parameters = excluded.parameters, fitted_at = excluded.fitted_at,
                       reviews = excluded.reviews, training_reviews = excluded.training_reviews,
                       default_log_loss = excluded.default_log_loss, default_rmse_bins = excluded.default_rmse_bins,
                       fitted_log_loss = excluded.fitted_log_loss, fitted_rmse_bins = excluded.fitted_rmse_bins,
                       checked_at = excluded.checked_at, checked_reviews = excluded.checked_reviews"
                ))
                .bind(user.as_str())
                .bind(to_json(&fit.parameters)?)
                .bind(fit.fitted_at.millis())
                .bind(count_to_sql(fit.reviews))
                .bind(count_to_sql(fit.training_reviews))
                .bind(f64::from(fit.default.log_loss))
                .bind(f64::from(fit.default.rmse_bins))
                .bind(f64::from(fit.fitted.log_loss))
                .bind(f64::from(fit.fitted.rmse_bins))
                .bind(checked_at.millis())
                .bind(count_to_sql(checked_reviews))
                .execute(&mut *tx)
                .await.map_err(db)?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO learner_parameters (user_id, checked_at, checked_reviews) VALUES (?1, ?2, ?3)
                     ON CONFLICT (user_id) DO UPDATE SET
                       checked_at = excluded.checked_at, checked_reviews = excluded.checked_reviews",
                )
                .bind(user.as_str())
                .bind(checked_at.millis())
                .bind(count_to_sql(checked_reviews))
                .execute(&mut *tx)
                .await.map_err(db)?;
            }
        }
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    async fn reset_parameters(
        &self,
        user: &UserId,
        at: Timestamp,
        reviews: u64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query(&format!(
            "INSERT INTO learner_parameters (user_id, {PARAMETER_COLUMNS})
             VALUES (?1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?2, ?3)
             ON CONFLICT (user_id) DO UPDATE SET
               parameters = NULL, fitted_at = NULL, reviews = NULL, training_reviews = NULL,
               default_log_loss = NULL, default_rmse_bins = NULL, fitted_log_loss = NULL, fitted_rmse_bins = NULL,
               checked_at = excluded.checked_at, checked_reviews = excluded.checked_reviews"
        ))
        .bind(user.as_str())
        .bind(at.millis())
        .bind(count_to_sql(reviews))
        .execute(&mut *tx)
        .await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    async fn review_records(&self, user: &UserId) -> Result<Vec<ReviewRecord>, StoreError> {
        // One row of text rather than a row per answer: see `load_states`.
        let text: Option<String> = sqlx::query_scalar(
            "SELECT group_concat(line, char(10)) FROM (
               SELECT concat_ws(' ', item_key, rating, reviewed_at, duration_ms,
                        coalesce(json_extract(state_before, '$.due'), '-')) AS line
               FROM review_log WHERE user_id = ?1 ORDER BY reviewed_at, id)",
        )
        .bind(user.as_str())
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        text.as_deref().map_or(Ok(Vec::new()), |text| {
            text.split('\n').map(parse_review_line).collect()
        })
    }

    async fn settings(&self, user: &UserId) -> Result<Settings, StoreError> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT json FROM settings WHERE user_id = ?1")
                .bind(user.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        settings_from(json.as_deref())
    }

    async fn save_settings(&self, user: &UserId, settings: &Settings) -> Result<(), StoreError> {
        let json = to_json(settings)?;
        let mut tx = self.write_tx().await?;
        sqlx::query("INSERT INTO settings (user_id, json) VALUES (?1, ?2) ON CONFLICT (user_id) DO UPDATE SET json = excluded.json")
            .bind(user.as_str())
            .bind(json)
            .execute(&mut *tx)
            .await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    async fn update_settings<E: Send>(
        &self,
        user: &UserId,
        change: impl FnOnce(Settings) -> Result<Settings, E> + Send,
    ) -> Result<Result<Settings, E>, StoreError> {
        let mut tx = self.write_tx().await?;
        let json: Option<String> =
            sqlx::query_scalar("SELECT json FROM settings WHERE user_id = ?1")
                .bind(user.as_str())
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
        let next = match change(settings_from(json.as_deref())?) {
            Ok(next) => next,
            Err(refused) => return Ok(Err(refused)),
        };
        sqlx::query("INSERT INTO settings (user_id, json) VALUES (?1, ?2) ON CONFLICT (user_id) DO UPDATE SET json = excluded.json")
            .bind(user.as_str())
            .bind(to_json(&next)?)
            .execute(&mut *tx)
            .await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(Ok(next))
    }

    async fn memory_states(
        &self,
        user: &UserId,
    ) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
        // The version and the states are read in one snapshot.
        let mut tx = self.pool.begin().await.map_err(db)?;
        let states = self.states_in(&mut tx, user).await?;
        tx.commit().await.map_err(db)?;
        Ok(states)
    }

    async fn active_session_for_goal(
        &self,
        user: &UserId,
        goal_id: &str,
    ) -> Result<Option<SessionRow>, StoreError> {
        sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?1 AND goal_id = ?2 AND status = 'active'"
        ))
        .bind(user.as_str())
        .bind(goal_id)
        .fetch_optional(&self.pool)
        .await.map_err(db)?
        .as_ref()
        .map(session_row)
        .transpose()
    }

    async fn active_session(&self, user: &UserId) -> Result<Option<SessionRow>, StoreError> {
        sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?1 AND status = 'active'
             ORDER BY started_at DESC, rowid DESC LIMIT 1"
        ))
        .bind(user.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .as_ref()
        .map(session_row)
        .transpose()
    }

    async fn create_session(
        &self,
        user: &UserId,
        goal_id: &str,
        started_at: Timestamp,
        session: NewSession,
    ) -> Result<(SessionRow, bool), StoreError> {
        let mut tx = self.write_tx().await?;
        let existing = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?1 AND goal_id = ?2 AND status = 'active'"
        ))
        .bind(user.as_str())
        .bind(goal_id)
        .fetch_optional(&mut *tx)
        .await.map_err(db)?;
        if let Some(row) = existing {
            return Ok((session_row(&row)?, false));
        }
        sqlx::query(
            "INSERT INTO sessions (id, user_id, goal_id, status, seed, started_at, items_count, goal_before, settings, parameters)
             VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(session.id.as_str())
        .bind(user.as_str())
        .bind(goal_id)
        .bind(session.seed)
        .bind(started_at.millis())
        .bind(session.items.len() as i64)
        .bind(to_json(&session.goal_before)?)
        .bind(to_json(&session.settings)?)
        .bind(to_json(&session.parameters)?)
        .execute(&mut *tx)
        .await.map_err(db)?;
        for (position, item) in (1i64..).zip(&session.items) {
            insert_item(
                &mut tx,
                &session.id,
                position,
                item.item,
                &item.reason,
                &item.exercise,
                None,
            )
            .await?;
        }
        let row = load_session(&mut tx, user, &session.id)
            .await?
            .ok_or_else(|| StoreError::corrupt("session vanished"))?;
        tx.commit().await.map_err(db)?;
        Ok((row, true))
    }

    async fn session(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Option<SessionRow>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        load_session(&mut conn, user, session).await
    }

    async fn sessions(&self, user: &UserId, limit: u32) -> Result<Vec<SessionRow>, StoreError> {
        sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?1 ORDER BY started_at DESC, rowid DESC LIMIT ?2"
        ))
        .bind(user.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await.map_err(db)?
        .iter()
        .map(session_row)
        .collect()
    }

    async fn session_items(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Vec<StoredItem>, StoreError> {
        // The session and its items in one snapshot.
        let mut tx = self.pool.begin().await.map_err(db)?;
        if load_session(&mut tx, user, session).await?.is_none() {
            return Err(StoreError::SessionNotFound(session.clone()));
        }
        let items = load_items(&mut tx, user, session).await?;
        tx.commit().await.map_err(db)?;
        Ok(items)
    }

    async fn current_item(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<Option<StoredItem>, StoreError> {
        sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM session_items WHERE session_id = ?1 AND status = 'pending'
               AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?2)
             ORDER BY position, id LIMIT 1"
        ))
        .bind(session.as_str())
        .bind(user.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .as_ref()
        .map(stored_item)
        .transpose()
    }

    async fn session_view(
        &self,
        user: &UserId,
        session: &SessionId,
    ) -> Result<SessionContext, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let context = session_context(&mut tx, user, session).await?;
        tx.commit().await.map_err(db)?;
        Ok(context)
    }

    async fn skip(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<SkipDecision, SessionError> + Send,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let context = session_context(&mut tx, user, session).await?;
        let SkipDecision { item_id, position } = decide(&context)?;
        let moved = sqlx::query(
            "UPDATE session_items SET position = ?1, skips = skips + 1
             WHERE id = ?2 AND session_id = ?3 AND status = 'pending'",
        )
        .bind(position)
        .bind(item_id)
        .bind(session.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if moved.rows_affected() != 1 {
            return Err(StoreError::corrupt(format!(
                "session item {item_id} is not pending"
            )));
        }
        tx.commit().await.map_err(db)?;
        Ok(item_id)
    }

    async fn record_check<T: Send>(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<(Answer, Option<bool>, T), SessionError> + Send,
    ) -> Result<T, StoreError> {
        let mut tx = self.write_tx().await?;
        let context = session_context(&mut tx, user, session).await?;
        let (answer, correct, result) = decide(&context)?;
        let current = context
            .current
            .as_ref()
            .ok_or_else(|| StoreError::corrupt("no current item"))?;
        sqlx::query("UPDATE session_items SET answer = ?1, correct = ?2 WHERE id = ?3")
            .bind(to_json(&answer)?)
            .bind(correct)
            .bind(current.item.id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(result)
    }

    async fn submit(
        &self,
        user: &UserId,
        session: &SessionId,
        idempotency_key: Option<&IdempotencyKey>,
        decide: impl FnOnce(&SessionContext) -> Result<SubmitWrite, SessionError> + Send,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let mut context = session_context(&mut tx, user, session).await?;
        if let Some(key) = idempotency_key {
            context.keyed_answer = keyed_answer(&mut tx, session, key).await?;
        }
        let (
            item_id,
            item,
            rating,
            duration_ms,
            answered_at,
            elapsed_days,
            state_before,
            state_after,
            relearn,
        ) = match decide(&context)? {
            SubmitWrite::AlreadyRecorded { item_id } => return Ok(item_id),
            SubmitWrite::Record {
                item_id,
                item,
                rating,
                duration_ms,
                answered_at,
                elapsed_days,
                state_before,
                state_after,
                relearn,
            } => (
                item_id,
                item,
                rating,
                duration_ms,
                answered_at,
                elapsed_days,
                state_before,
                state_after,
                relearn,
            ),
        };
        let answered = Answered {
            item_id,
            item,
            rating,
            duration_ms: i64::try_from(duration_ms).map_err(StoreError::corrupt)?,
            answered_at,
        };
        let relearn = match relearn {
            Some(copy) => Some((item, copy, relearn_reason(&context, item_id)?)),
            None => None,
        };
        let version_before = write_submit(
            &mut tx,
            user,
            session,
            idempotency_key,
            &answered,
            elapsed_days,
            state_before.as_ref(),
            &state_after,
            relearn,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        self.update_cached_state(user, version_before, item, Some(state_after));
        Ok(item_id)
    }

    async fn submit_passage(
        &self,
        user: &UserId,
        session: &SessionId,
        idempotency_key: Option<&IdempotencyKey>,
        decide: impl FnOnce(
            &SessionContext,
            &HashMap<ItemKey, MemoryState>,
        ) -> Result<PassageWrite, SessionError>
        + Send,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let mut context = session_context(&mut tx, user, session).await?;
        if let Some(key) = idempotency_key {
            context.keyed_answer = keyed_answer(&mut tx, session, key).await?;
        }
        let states = self.states_in(&mut tx, user).await?;
        let (item_id, item, rating, duration_ms, answered_at, marks, reviews, relearn) =
            match decide(&context, &states)? {
                PassageWrite::AlreadyRecorded { item_id } => return Ok(item_id),
                PassageWrite::Record {
                    item_id,
                    item,
                    rating,
                    duration_ms,
                    answered_at,
                    marks,
                    reviews,
                    relearn,
                } => (
                    item_id,
                    item,
                    rating,
                    duration_ms,
                    answered_at,
                    marks,
                    reviews,
                    relearn,
                ),
            };
        let answered = Answered {
            item_id,
            item,
            rating,
            duration_ms: i64::try_from(duration_ms).map_err(StoreError::corrupt)?,
            answered_at,
        };
        let marks = to_json(&marks)?;
        mark_answered(&mut tx, session, &answered, idempotency_key, Some(marks)).await?;
        let version_before = bump_state_version(&mut tx, user).await?;
        for (index, review) in reviews.iter().enumerate() {
            save_state(&mut tx, user, review.item, &review.state_after).await?;
            // The first row carries the answer's session item, as any
            // answer's does; every row names the passage.
            let own = (index == 0).then_some(item_id);
            sqlx::query(
                "INSERT INTO review_log (user_id, item_key, session_item_id, passage_item_id, rating, reviewed_at,
                   elapsed_days, duration_ms, state_before, state_after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .bind(user.as_str())
            .bind(review.item.to_string())
            .bind(own)
            .bind(item_id)
            .bind(review.rating.value())
            .bind(answered_at.millis())
            .bind(review.elapsed_days)
            .bind(i64::try_from(review.duration_ms).map_err(StoreError::corrupt)?)
            .bind(review.state_before.as_ref().map(to_json).transpose()?)
            .bind(to_json(&review.state_after)?)
            .execute(&mut *tx)
            .await.map_err(db)?;
        }
        // The copy relearns the verse answered Again, not the passage.
        let relearn = match relearn {
            Some(copy) => Some((
                copy.exercise.solution.item,
                copy,
                relearn_reason(&context, item_id)?,
            )),
            None => None,
        };
        count_answer(&mut tx, user, session, relearn).await?;
        tx.commit().await.map_err(db)?;
        self.update_cached_states(
            user,
            version_before,
            reviews.into_iter().map(|r| (r.item, Some(r.state_after))),
        );
        Ok(item_id)
    }

    async fn undo(
        &self,
        user: &UserId,
        session: &SessionId,
        decide: impl FnOnce(&SessionContext) -> Result<UndoDecision, SessionError> + Send,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let context = session_context(&mut tx, user, session).await?;
        let UndoDecision {
            item_id,
            remove_copy,
        } = decide(&context)?;
        // One row, or every review of a recited passage.
        let logs = sqlx::query(
            "SELECT id, item_key, state_before FROM review_log
             WHERE (session_item_id = ?1 OR passage_item_id = ?1) AND user_id = ?2 ORDER BY id",
        )
        .bind(item_id)
        .bind(user.as_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        if logs.is_empty() {
            return Err(StoreError::corrupt(format!(
                "no review log for session item {item_id}"
            )));
        }
        let version_before = bump_state_version(&mut tx, user).await?;
        let mut restored = Vec::with_capacity(logs.len());
        for log in &logs {
            let log_id: i64 = log.try_get("id").map_err(db)?;
            let item_key: String = log.try_get("item_key").map_err(db)?;
            let before: Option<String> = log.try_get("state_before").map_err(db)?;
            let item = ItemKey::from_str(&item_key).map_err(StoreError::corrupt)?;
            let state = before
                .as_deref()
                .map(from_json::<MemoryState>)
                .transpose()?;
            match &state {
                Some(state) => {
                    save_state(&mut tx, user, item, state).await?;
                }
                None => {
                    sqlx::query("DELETE FROM memory_states WHERE user_id = ?1 AND item_key = ?2")
                        .bind(user.as_str())
                        .bind(&item_key)
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
            }
            sqlx::query("DELETE FROM review_log WHERE id = ?1")
                .bind(log_id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            restored.push((item, state));
        }
        sqlx::query("UPDATE submit_keys SET undone = 1 WHERE session_item_id = ?1 AND undone = 0")
            .bind(item_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if let Some(copy) = remove_copy {
            sqlx::query("DELETE FROM session_items WHERE id = ?1 AND status = 'pending'")
                .bind(copy)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        sqlx::query(
            "UPDATE session_items SET status = 'pending', grade = NULL, duration_ms = NULL, answered_at = NULL,
               answered_seq = NULL WHERE id = ?1",
        )
        .bind(item_id)
        .execute(&mut *tx)
        .await.map_err(db)?;
        sqlx::query(
            "UPDATE sessions SET items_completed = items_completed - 1, items_count = items_count - ?1
             WHERE id = ?2 AND user_id = ?3",
        )
        .bind(i64::from(remove_copy.is_some()))
        .bind(session.as_str())
        .bind(user.as_str())
        .execute(&mut *tx)
        .await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        self.update_cached_states(user, version_before, restored);
        Ok(item_id)
    }

    async fn complete(
        &self,
        user: &UserId,
        session: &SessionId,
        completed_at: Timestamp,
        summarize: impl FnOnce(&CompletionContext) -> SessionSummary + Send,
    ) -> Result<SessionSummary, StoreError> {
        let mut tx = self.write_tx().await?;
        let row = load_session(&mut tx, user, session)
            .await?
            .ok_or_else(|| StoreError::SessionNotFound(session.clone()))?;
        match row.status {
            SessionStatus::Completed => {
                return row
                    .summary
                    .ok_or_else(|| StoreError::corrupt("completed session without summary"));
            }
            SessionStatus::Abandoned => {
                return Err(SessionError::NotActive {
                    status: SessionStatus::Abandoned,
                }
                .into());
            }
            SessionStatus::Active => {}
        }
        sqlx::query("UPDATE session_items SET status = 'skipped' WHERE session_id = ?1 AND status = 'pending'")
            .bind(session.as_str())
            .execute(&mut *tx)
            .await.map_err(db)?;
        let items = load_rules(&mut tx, session).await?;
        let (settings, parameters) = session_scheduling(&mut tx, user, session).await?;
        let states = self.states_in(&mut tx, user).await?;
        let practice_days = practice_days(&mut tx, user, settings.day_start_offset_ms()).await?;
        let summary = summarize(&CompletionContext {
            session: row,
            settings,
            parameters,
            items,
            states,
            practice_days,
        });
        sqlx::query("UPDATE sessions SET status = 'completed', completed_at = ?1, summary = ?2 WHERE id = ?3 AND user_id = ?4")
            .bind(completed_at.millis())
            .bind(to_json(&summary)?)
            .bind(session.as_str())
            .bind(user.as_str())
            .execute(&mut *tx)
            .await.map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(summary)
    }

    async fn abandon(
        &self,
        user: &UserId,
        session: &SessionId,
        at: Timestamp,
    ) -> Result<SessionRow, StoreError> {
        let mut tx = self.write_tx().await?;
        let found = load_session(&mut tx, user, session)
            .await?
            .ok_or_else(|| StoreError::SessionNotFound(session.clone()))?;
        if found.status != SessionStatus::Active {
            return Err(SessionError::NotActive {
                status: found.status,
            }
            .into());
        }
        sqlx::query("UPDATE session_items SET status = 'skipped' WHERE session_id = ?1 AND status = 'pending'")
            .bind(session.as_str())
            .execute(&mut *tx)
            .await.map_err(db)?;
        sqlx::query("UPDATE sessions SET status = 'abandoned', completed_at = ?1 WHERE id = ?2 AND user_id = ?3")
            .bind(at.millis())
            .bind(session.as_str())
            .bind(user.as_str())
            .execute(&mut *tx)
            .await.map_err(db)?;
        let row = load_session(&mut tx, user, session)
            .await?
            .ok_or_else(|| StoreError::corrupt("session vanished"))?;
        tx.commit().await.map_err(db)?;
        Ok(row)
    }
}

/// Where the user database lives in a data directory.
pub fn user_db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(USER_DB_FILE_NAME)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

    use sqlx::Connection;

    use super::*;

    #[tokio::test]
    async fn practice_days_are_the_distinct_days_of_the_log() {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        sqlx::query(
            "CREATE TABLE review_log (user_id TEXT NOT NULL, reviewed_at INTEGER NOT NULL)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        sqlx::query("CREATE INDEX review_log_by_user ON review_log (user_id, reviewed_at)")
            .execute(&mut conn)
            .await
            .unwrap();
        assert!(
            practice_days(&mut conn, &UserId::new("a"), 0)
                .await
                .unwrap()
                .is_empty(),
            "no reviews, no days"
        );

        // Reviews on irregular days with gaps, several a day, at every hour,
        // and another learner's reviews in between.
        let mut x: u64 = 7;
        for _ in 0..3_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let day = ((x >> 33) % 400) as i64;
            let at = 1_700_000_000_000 + day * 3 / 2 * DAY_MS + ((x >> 20) % 86_400_000) as i64;
            let user = if x.is_multiple_of(5) { "b" } else { "a" };
            sqlx::query("INSERT INTO review_log VALUES (?1, ?2)")
                .bind(user)
                .bind(at)
                .execute(&mut conn)
                .await
                .unwrap();
        }
        sqlx::query("INSERT INTO review_log VALUES ('a', 0), ('a', 5)")
            .execute(&mut conn)
            .await
            .unwrap();
        for offset in [0, 4 * 3_600_000, -5 * 3_600_000, 23 * 3_600_000] {
            let mut expected: Vec<i64> = sqlx::query_scalar(
                "SELECT DISTINCT (reviewed_at - ?2) / ?3 FROM review_log WHERE user_id = ?1 AND reviewed_at >= ?2",
            )
            .bind("a")
            .bind(offset)
            .bind(DAY_MS)
            .fetch_all(&mut conn)
            .await
            .unwrap();
            expected.sort_unstable_by(|x, y| y.cmp(x));
            let found = practice_days(&mut conn, &UserId::new("a"), offset)
                .await
                .unwrap();
            assert!(found.len() > 100, "{} days", found.len());
            assert_eq!(found, expected, "offset {offset}");
        }
    }
}
