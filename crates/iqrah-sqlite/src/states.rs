//! The learner's memory states (`memory_states`) and their version
//! (`state_versions`), which every change of states bumps.

use std::collections::HashMap;
use std::str::FromStr;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::time::Timestamp;
use iqrah_store::{StoreError, UserId};
use sqlx::SqliteConnection;

use crate::error::db;
use crate::rows::memory_state;
use crate::store::SqliteStore;

/// Every memory state of the learner, read in one snapshot with their
/// version (the kept copy when it is current).
pub(crate) async fn memory_states(
    store: &SqliteStore,
    user: &UserId,
) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
    let mut tx = store.pool.begin().await.map_err(db)?;
    let states = store.states.states_in(&mut tx, user).await?;
    tx.commit().await.map_err(db)?;
    Ok(states)
}

/// The learner's state of `item`, if it has one.
pub(crate) async fn load_state(
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
pub(crate) async fn load_states(
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

/// Writes the learner's state of `item`, new or replacing the one before.
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

/// Removes the learner's state of `item` (the item is new again).
pub(crate) async fn delete_state(
    conn: &mut SqliteConnection,
    user: &UserId,
    item: ItemKey,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM memory_states WHERE user_id = ?1 AND item_key = ?2")
        .bind(user.as_str())
        .bind(item.to_string())
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// The learner's version of `state_versions` (0 before any change).
pub(crate) async fn state_version(
    conn: &mut SqliteConnection,
    user: &UserId,
) -> Result<i64, StoreError> {
    let version: Option<i64> =
        sqlx::query_scalar("SELECT version FROM state_versions WHERE user_id = ?1")
            .bind(user.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    Ok(version.unwrap_or(0))
}

/// Bumps the learner's version inside a write transaction; returns the version before.
pub(crate) async fn bump_state_version(
    conn: &mut SqliteConnection,
    user: &UserId,
) -> Result<i64, StoreError> {
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
