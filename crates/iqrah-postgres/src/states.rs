//! The learner's memory states (`memory_states`), read from the database
//! on every call (another process may have changed them since).

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_store::{StoreError, UserId};
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgConnection, Postgres};

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
    let (saved, removed): (Vec<_>, Vec<_>) = last_changes(states)
        .into_iter()
        .partition(|(_, s)| s.is_some());
    if !removed.is_empty() {
        let keys: Vec<String> = removed.iter().map(|(item, _)| item.to_string()).collect();
        sqlx::query("DELETE FROM memory_states WHERE user_id = $1 AND item_key = ANY($2)")
            .bind(user.as_str())
            .bind(keys)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
    }
    let saved: Vec<(ItemKey, &MemoryState)> = saved
        .into_iter()
        .filter_map(|(item, state)| state.map(|s| (item, s)))
        .collect();
    if saved.is_empty() {
        return Ok(());
    }
    let upsert = upsert_states(2, None);
    bind_states(sqlx::query(&upsert).bind(user.as_str()), &saved)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// The last change of each item named in `states`, in order.
pub(crate) fn last_changes<S>(states: impl IntoIterator<Item = (ItemKey, S)>) -> Vec<(ItemKey, S)> {
    let mut last: Vec<(ItemKey, S)> = Vec::new();
    for (item, state) in states {
        last.retain(|(seen, _)| *seen != item);
        last.push((item, state));
    }
    last
}

/// The statement that writes the learner's (`$1`) states bound by
/// [`bind_states`] as the parameters from `$first` on, new or replacing
/// the ones before; with `gate`, only when the relation of that name (a
/// `WITH` query before it) has a row.
pub(crate) fn upsert_states(first: usize, gate: Option<&str>) -> String {
    let [item, stability, difficulty, last_review, due, reps, lapses] =
        std::array::from_fn(|n| first + n);
    let gate = gate.map(|g| format!("{g}, ")).unwrap_or_default();
    format!(
        "INSERT INTO memory_states (user_id, item_key, stability, difficulty, last_review, due, reps, lapses)
         SELECT $1, s.* FROM {gate}UNNEST(${item}::text[], ${stability}::real[], ${difficulty}::real[],
           ${last_review}::bigint[], ${due}::bigint[], ${reps}::bigint[], ${lapses}::bigint[]) AS s
         ON CONFLICT (user_id, item_key) DO UPDATE SET stability = excluded.stability,
           difficulty = excluded.difficulty, last_review = excluded.last_review, due = excluded.due,
           reps = excluded.reps, lapses = excluded.lapses"
    )
}

/// Binds the states of `saved` (each item once) to `query`, as the
/// parameters [`upsert_states`] reads.
pub(crate) fn bind_states<'q>(
    query: Query<'q, Postgres, PgArguments>,
    saved: &[(ItemKey, &MemoryState)],
) -> Query<'q, Postgres, PgArguments> {
    query
        .bind(
            saved
                .iter()
                .map(|(item, _)| item.to_string())
                .collect::<Vec<_>>(),
        )
        .bind(saved.iter().map(|(_, s)| s.stability).collect::<Vec<_>>())
        .bind(saved.iter().map(|(_, s)| s.difficulty).collect::<Vec<_>>())
        .bind(
            saved
                .iter()
                .map(|(_, s)| s.last_review.millis())
                .collect::<Vec<_>>(),
        )
        .bind(
            saved
                .iter()
                .map(|(_, s)| s.due.millis())
                .collect::<Vec<_>>(),
        )
        .bind(
            saved
                .iter()
                .map(|(_, s)| i64::from(s.reps))
                .collect::<Vec<_>>(),
        )
        .bind(
            saved
                .iter()
                .map(|(_, s)| i64::from(s.lapses))
                .collect::<Vec<_>>(),
        )
}
