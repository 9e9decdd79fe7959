//! What benchmarks and tests need from inside the SQLite backend, behind
//! the `test-support` feature: seeding a long-time learner, a submit's
//! writes alone (the same statements a submit runs, without its reads and
//! decisions), the stored solution of an item, a full disk, a migration
//! forgotten (to run it again on older rows), and a plain connection pool
//! on the file for tests that inspect or alter rows.
//!
//! Nothing here is for the learner's own use: no interface calls it.

use std::path::Path;

use iqrah_core::exercise::Solution;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::time::{DAY_MS, Timestamp};
use iqrah_store::{SessionId, StoreError, UserId};
use sqlx::SqlitePool;
use sqlx::sqlite::SqliteConnectOptions;

use crate::answers::{Answered, write_submit};
use crate::codec::from_json;
use crate::error::db;
use crate::states::{bump_state_version, save_state};
use crate::store::SqliteStore;

/// The store's own connection pool, for this backend's tests that read or
/// change rows inside the connections the store uses.
pub fn pool(store: &SqliteStore) -> &SqlitePool {
    &store.pool
}

/// Takes the store's database back to before migration `version` as far
/// as the migrator knows (its row in `_sqlx_migrations` goes), so that the
/// next open runs it again on rows an earlier Iqrah left.
pub async fn forget_migration(store: &SqliteStore, version: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = ?1")
        .bind(version)
        .execute(&store.pool)
        .await
        .map_err(db)?;
    Ok(())
}

/// A plain pool on the existing user database at `path` (migrated by a
/// [`SqliteStore`] before), for tests that read or change rows directly.
/// Its writes bypass the store: a store's kept memory states do not see
/// them unless they bump the learner's version in `state_versions`.
pub async fn connect(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    SqlitePool::connect_with(
        SqliteConnectOptions::new()
            .filename(path)
            .foreign_keys(true),
    )
    .await
}

/// Sets SQLite's `max_page_count` on every pooled connection of `store`
/// (`None`: back to SQLite's maximum), so that a write growing the file
/// past `pages` fails as on a full disk.
pub async fn set_max_page_count(store: &SqliteStore, pages: Option<i64>) -> Result<(), StoreError> {
    let size = usize::try_from(store.pool.options().get_max_connections()).unwrap_or(1);
    // Every connection held at once, so that the setting reaches all.
    let mut all = Vec::with_capacity(size);
    for _ in 0..size {
        all.push(store.pool.acquire().await.map_err(db)?);
    }
    for conn in &mut all {
        sqlx::query(&format!(
            "PRAGMA max_page_count = {}",
            pages.unwrap_or(1_073_741_823)
        ))
        .execute(&mut **conn)
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// The database's size in pages.
pub async fn page_count(store: &SqliteStore) -> Result<i64, StoreError> {
    sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&store.pool)
        .await
        .map_err(db)
}

/// Writes `states` for `user` (with the store's own state writes) and
/// `log_rounds` earlier reviews of every one of them, spread back from
/// each state's last review, in one write transaction, then runs
/// `ANALYZE`. Returns the review log's length afterwards.
pub async fn seed_learner(
    store: &SqliteStore,
    user: &UserId,
    states: &[(ItemKey, MemoryState)],
    log_rounds: i64,
) -> Result<i64, StoreError> {
    let mut tx = store.write_tx().await?;
    for (item, state) in states {
        save_state(&mut tx, user, *item, state).await?;
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
    .bind(user.as_str())
    .bind(DAY_MS)
    .bind(log_rounds)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    // The learner's version, bumped as every change of states bumps it.
    bump_state_version(&mut tx, user).await?;
    tx.commit().await?;
    sqlx::query("ANALYZE")
        .execute(&store.pool)
        .await
        .map_err(db)?;
    review_log_len(store).await
}

/// How many rows the review log holds, every learner's.
pub async fn review_log_len(store: &SqliteStore) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT count(*) FROM review_log")
        .fetch_one(&store.pool)
        .await
        .map_err(db)
}

/// A pending item to answer with [`raw_submits`], with the states its
/// answer writes.
#[derive(Debug, Clone)]
pub struct RawSubmit {
    /// The session.
    pub session: SessionId,
    /// The session item.
    pub item_id: i64,
    /// Its item.
    pub item: ItemKey,
    /// The state before the answer.
    pub state_before: MemoryState,
    /// The state after.
    pub state_after: MemoryState,
}

/// The learner's session's pending items of highest position, at most
/// `limit` (an API answers from the lowest one, so both can share a
/// session), each with a Good answer's states at `now`.
pub async fn pending_items(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    limit: usize,
    now: Timestamp,
) -> Result<Vec<RawSubmit>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, item_key FROM session_items WHERE session_id = ?1 AND status = 'pending'
           AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?2)
         ORDER BY position DESC LIMIT ?3",
    )
    .bind(session.as_str())
    .bind(user.as_str())
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(&store.pool)
    .await
    .map_err(db)?;
    let scheduler = iqrah_core::memory::Scheduler::new();
    let before = scheduler.review(
        None,
        Rating::Good,
        Timestamp(now.millis() - 10 * DAY_MS),
        0.9,
    );
    let after = scheduler.review(Some(&before), Rating::Good, now, 0.9);
    rows.into_iter()
        .map(|(item_id, key)| {
            Ok(RawSubmit {
                session: session.clone(),
                item_id,
                item: key.parse().map_err(StoreError::corrupt)?,
                state_before: before,
                state_after: after,
            })
        })
        .collect()
}

/// The writes of a submit of Good for each of `items` (no relearning
/// copy, no key), at `now`, in one write transaction: the statements a
/// submit runs ([`UserStore::submit`](iqrah_store::UserStore::submit)
/// writes through the same function) without its reads and decisions.
pub async fn raw_submits(
    store: &SqliteStore,
    user: &UserId,
    items: &[RawSubmit],
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = store.write_tx().await?;
    for item in items {
        let answered = Answered {
            item_id: item.item_id,
            item: item.item,
            rating: Rating::Good,
            duration_ms: 5_000,
            answered_at: now,
        };
        write_submit(
            &mut tx,
            user,
            &item.session,
            None,
            &answered,
            now.days_since(item.state_before.last_review),
            Some(&item.state_before),
            &item.state_after,
            None,
        )
        .await?;
    }
    tx.commit().await
}

/// The stored solution of the session item `item_id`.
pub async fn item_solution(store: &SqliteStore, item_id: i64) -> Result<Solution, StoreError> {
    let solution: String = sqlx::query_scalar("SELECT solution FROM session_items WHERE id = ?1")
        .bind(item_id)
        .fetch_one(&store.pool)
        .await
        .map_err(db)?;
    from_json(&solution)
}
