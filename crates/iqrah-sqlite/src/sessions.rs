//! Sessions and their items: creating, listing and reading them, and the
//! one query that finds a session's current item.

use iqrah_core::exercise::GeneratedExercise;
use iqrah_core::item::ItemKey;
use iqrah_core::session::SessionItem;
use iqrah_core::time::Timestamp;
use iqrah_store::{NewSession, SessionId, SessionRow, StoreError, StoredItem, UserId};
use serde::Serialize;
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteExecutor;

use crate::codec::{name_of, to_json};
use crate::error::db;
use crate::rows::{
    ITEM_COLUMNS, RULE_COLUMNS, SESSION_COLUMNS, rule_item, session_row, stored_item,
};
use crate::store::SqliteStore;

/// The id of session `?1`'s current item, as a scalar subquery (NULL when
/// nothing is pending): its pending item of lowest position, the first by
/// id among equals, as `iqrah_core::session::current_item` picks it from
/// the items in position order.
pub(crate) const CURRENT_ITEM_ID: &str =
    "(SELECT id FROM session_items WHERE session_id = ?1 AND status = 'pending'
   ORDER BY position, id LIMIT 1)";

/// Sessions newest first (the later row first among equal starts).
const NEWEST_FIRST: &str = "ORDER BY started_at DESC, rowid DESC";

/// `found`, or the contract's error for a session that is not the
/// learner's (or does not exist).
pub(crate) fn or_not_found<T>(found: Option<T>, session: &SessionId) -> Result<T, StoreError> {
    found.ok_or_else(|| StoreError::SessionNotFound(session.clone()))
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

/// The learner's session, or [`StoreError::SessionNotFound`] for another
/// learner's.
pub(crate) async fn owned_session(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionRow, StoreError> {
    or_not_found(load_session(conn, user, session).await?, session)
}

/// The learner's session read again inside the transaction that just
/// wrote it.
pub(crate) async fn reload_session(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionRow, StoreError> {
    load_session(conn, user, session)
        .await?
        .ok_or_else(|| StoreError::corrupt("session vanished"))
}

/// The session's items in position order without their exercises.
pub(crate) async fn load_rules(
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

/// Adds an item to the session at `position` (moving none); returns its id.
pub(crate) async fn insert_item(
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

/// The learner's active session for the goal, if any.
async fn active_for_goal(
    conn: impl SqliteExecutor<'_>,
    user: &UserId,
    goal_id: &str,
) -> Result<Option<SessionRow>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?1 AND goal_id = ?2 AND status = 'active'"
    ))
    .bind(user.as_str())
    .bind(goal_id)
    .fetch_optional(conn)
    .await
    .map_err(db)?
    .as_ref()
    .map(session_row)
    .transpose()
}

/// The learner's active session for the goal, if any.
pub(crate) async fn active_session_for_goal(
    store: &SqliteStore,
    user: &UserId,
    goal_id: &str,
) -> Result<Option<SessionRow>, StoreError> {
    active_for_goal(&store.pool, user, goal_id).await
}

/// The learner's newest active session, if any.
pub(crate) async fn active_session(
    store: &SqliteStore,
    user: &UserId,
) -> Result<Option<SessionRow>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?1 AND status = 'active'
         {NEWEST_FIRST} LIMIT 1"
    ))
    .bind(user.as_str())
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(session_row)
    .transpose()
}

/// Creates the session with its items, unless the learner already has an
/// active one for the goal (returned then, with `false`).
pub(crate) async fn create_session(
    store: &SqliteStore,
    user: &UserId,
    goal_id: &str,
    started_at: Timestamp,
    session: NewSession,
) -> Result<(SessionRow, bool), StoreError> {
    let mut tx = store.write_tx().await?;
    if let Some(existing) = active_for_goal(&mut *tx, user, goal_id).await? {
        return Ok((existing, false));
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
    let row = reload_session(&mut tx, user, &session.id).await?;
    tx.commit().await?;
    Ok((row, true))
}

/// The learner's session (`None` for another learner's).
pub(crate) async fn session(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
) -> Result<Option<SessionRow>, StoreError> {
    let mut conn = store.pool.acquire().await.map_err(db)?;
    load_session(&mut conn, user, session).await
}

/// The learner's newest sessions, at most `limit`.
pub(crate) async fn sessions(
    store: &SqliteStore,
    user: &UserId,
    limit: u32,
) -> Result<Vec<SessionRow>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?1 {NEWEST_FIRST} LIMIT ?2"
    ))
    .bind(user.as_str())
    .bind(limit)
    .fetch_all(&store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(session_row)
    .collect()
}

/// The learner's session's items in position order, with their exercises.
pub(crate) async fn session_items(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
) -> Result<Vec<StoredItem>, StoreError> {
    // The session and its items in one snapshot.
    let mut tx = store.pool.begin().await.map_err(db)?;
    owned_session(&mut tx, user, session).await?;
    let items = sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM session_items WHERE session_id = ?1
           AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?2)
         ORDER BY position, id"
    ))
    .bind(session.as_str())
    .bind(user.as_str())
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?
    .iter()
    .map(stored_item)
    .collect::<Result<_, _>>()?;
    tx.commit().await.map_err(db)?;
    Ok(items)
}

/// The learner's session's current item (see [`CURRENT_ITEM_ID`]), with
/// its exercise.
pub(crate) async fn current_item(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
) -> Result<Option<StoredItem>, StoreError> {
    sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM session_items WHERE id = {CURRENT_ITEM_ID}
           AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?2)"
    ))
    .bind(session.as_str())
    .bind(user.as_str())
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(stored_item)
    .transpose()
}
