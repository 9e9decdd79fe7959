//! The learner's memory states (`memory_states`), read from the database
//! on every call (another process may have changed them since).

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_store::{StoreError, UserId};
use sqlx::PgConnection;

use crate::error::db;
use crate::rows::{STATE_COLUMNS, memory_state};
use crate::store::PgStore;

/// Every memory state of the learner.
pub(crate) async fn memory_states(
    store: &PgStore,
    user: &UserId,
) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
    let mut conn = store.pool.acquire().await.map_err(db)?;
    load_states(&mut conn, user).await
}

/// Every memory state of the learner, as `conn` sees them.
pub(crate) async fn load_states(
    conn: &mut PgConnection,
    user: &UserId,
) -> Result<HashMap<ItemKey, MemoryState>, StoreError> {
    sqlx::query(&format!(
        "SELECT {STATE_COLUMNS} FROM memory_states WHERE user_id = $1"
    ))
    .bind(user.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(memory_state)
    .collect()
}

/// Writes the learner's states of `states`' items, new or replacing the
/// ones before, in one statement (`None`: the state is removed, the item
/// new again). An item named twice keeps its last change.
pub(crate) async fn save_states<'a>(
    conn: &mut PgConnection,
    user: &UserId,
    states: impl IntoIterator<Item = (ItemKey, Option<&'a MemoryState>)>,
) -> Result<(), StoreError> {
    // The last change of each item, in order.
    let mut last: Vec<(ItemKey, Option<&MemoryState>)> = Vec::new();
    for (item, state) in states {
        last.retain(|(seen, _)| *seen != item);
        last.push((item, state));
    }
    let (saved, removed): (Vec<_>, Vec<_>) = last.into_iter().partition(|(_, s)| s.is_some());
    if !removed.is_empty() {
        let keys: Vec<String> = removed.iter().map(|(item, _)| item.to_string()).collect();
        sqlx::query("DELETE FROM memory_states WHERE user_id = $1 AND item_key = ANY($2)")
            .bind(user.as_str())
            .bind(keys)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
    }
    if saved.is_empty() {
        return Ok(());
    }
    let saved: Vec<(ItemKey, &MemoryState)> = saved
        .into_iter()
        .filter_map(|(item, state)| state.map(|s| (item, s)))
        .collect();
    sqlx::query(
        "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
         SELECT $1, s.* FROM UNNEST($2::text[], $3::real[], $4::real[], $5::bigint[], $6::bigint[],
                                    $7::bigint[], $8::bigint[]) AS s
         ON CONFLICT (user_id, item_key) DO UPDATE SET stability = excluded.stability,
           difficulty = excluded.difficulty, last_review = excluded.last_review, due = excluded.due,
           reps = excluded.reps, lapses = excluded.lapses",
    )
    .bind(user.as_str())
    .bind(saved.iter().map(|(item, _)| item.to_string()).collect::<Vec<_>>())
    .bind(saved.iter().map(|(_, s)| s.stability).collect::<Vec<_>>())
    .bind(saved.iter().map(|(_, s)| s.difficulty).collect::<Vec<_>>())
    .bind(saved.iter().map(|(_, s)| s.last_review.millis()).collect::<Vec<_>>())
    .bind(saved.iter().map(|(_, s)| s.due.millis()).collect::<Vec<_>>())
    .bind(saved.iter().map(|(_, s)| i64::from(s.reps)).collect::<Vec<_>>())
    .bind(saved.iter().map(|(_, s)| i64::from(s.lapses)).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}
