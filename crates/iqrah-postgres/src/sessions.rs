//! Sessions and their items: creating, listing and reading them, and the
//! one query that finds a session's current item.

use iqrah_core::exercise::GeneratedExercise;
use iqrah_core::item::ItemKey;
use iqrah_core::session::SessionItem;
use iqrah_core::time::Timestamp;
use iqrah_store::{NewSession, SessionId, SessionRow, StoreError, StoredItem, UserId};
use serde::Serialize;
use sqlx::PgConnection;

use crate::codec::{name_of, to_json};
use crate::error::db;
use crate::learner_lock::{commit, read_tx, write_tx};
use crate::rows::{
    ITEM_COLUMNS, RULE_COLUMNS, SESSION_COLUMNS, rule_item, session_row, stored_item,
};
use crate::store::PgStore;

/// The id of learner `$1`'s session `$2`'s current item, as a scalar
/// subquery (NULL when nothing is pending): its pending item of lowest
/// position, the first by id among equals, as
/// `iqrah_core::session::current_item` picks it from the items in position
/// order.
pub(crate) const CURRENT_ITEM_ID: &str = "(SELECT id FROM session_items
   WHERE user_id = $1 AND session_id = $2 AND status = 'pending'
   ORDER BY position, id LIMIT 1)";

/// Sessions newest first (the later row first among equal starts).
const NEWEST_FIRST: &str = "ORDER BY started_at DESC, created DESC";

/// `found`, or the contract's error for a session that is not the
/// learner's (or does not exist).
pub(crate) fn or_not_found<T>(found: Option<T>, session: &SessionId) -> Result<T, StoreError> {
    found.ok_or_else(|| StoreError::SessionNotFound(session.clone()))
}

/// The learner's session (`None` for another learner's).
async fn load_session(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<Option<SessionRow>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND id = $2"
    ))
    .bind(user.as_str())
    .bind(session.as_str())
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
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionRow, StoreError> {
    or_not_found(load_session(conn, user, session).await?, session)
}

/// The learner's session read again inside the transaction that just
/// wrote it.
pub(crate) async fn reload_session(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionRow, StoreError> {
    load_session(conn, user, session)
        .await?
        .ok_or_else(|| StoreError::corrupt("session vanished"))
}

/// The learner's session's items in position order without their exercises.
pub(crate) async fn load_rules(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<Vec<SessionItem>, StoreError> {
    sqlx::query(&format!(
        "SELECT {RULE_COLUMNS} FROM session_items WHERE user_id = $1 AND session_id = $2
         ORDER BY position, id"
    ))
    .bind(user.as_str())
    .bind(session.as_str())
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(rule_item)
    .collect()
}

/// Adds an item to the learner's session at `position` (moving none);
/// returns its id.
#[allow(clippy::too_many_arguments)] // The item's columns, each written once.
pub(crate) async fn insert_item(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
    position: i64,
    item: ItemKey,
    reason: &impl Serialize,
    exercise: &GeneratedExercise,
    relearn_of: Option<i64>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO session_items (user_id, session_id, position, item_key, skill, reason, exercise_type,
           prompt, solution, relearn_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10) RETURNING id",
    )
    .bind(user.as_str())
    .bind(session.as_str())
    .bind(position)
    .bind(item.to_string())
    .bind(item.skill().as_str())
    .bind(name_of(reason)?)
    .bind(exercise.prompt.exercise_type().as_str())
    .bind(to_json(&exercise.prompt)?)
    .bind(to_json(&exercise.solution)?)
    .bind(relearn_of)
    .fetch_one(&mut *conn)
    .await
    .map_err(db)
}

/// The learner's active session for the goal, if any.
async fn active_for_goal(
    conn: &mut PgConnection,
    user: &UserId,
    goal_id: &str,
) -> Result<Option<SessionRow>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND goal_id = $2 AND status = 'active'"
    ))
    .bind(user.as_str())
    .bind(goal_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .as_ref()
    .map(session_row)
    .transpose()
}

/// The learner's active session for the goal, if any.
pub(crate) async fn active_session_for_goal(
    store: &PgStore,
    user: &UserId,
    goal_id: &str,
) -> Result<Option<SessionRow>, StoreError> {
    let mut conn = store.pool.acquire().await.map_err(db)?;
    active_for_goal(&mut conn, user, goal_id).await
}

/// The learner's newest active session, if any.
pub(crate) async fn active_session(
    store: &PgStore,
    user: &UserId,
) -> Result<Option<SessionRow>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND status = 'active'
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

/// Creates the session with its items (one statement for all of them),
/// unless the learner already has an active one for the goal (returned
/// then, with `false`).
pub(crate) async fn create_session(
    store: &PgStore,
    user: &UserId,
    goal_id: &str,
    started_at: Timestamp,
    session: NewSession,
) -> Result<(SessionRow, bool), StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
    if let Some(existing) = active_for_goal(&mut tx, user, goal_id).await? {
        return Ok((existing, false));
    }
    sqlx::query(
        "INSERT INTO sessions (user_id, id, goal_id, status, seed, started_at, items_count, goal_before,
           settings, parameters)
         VALUES ($1, $2, $3, 'active', $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb)",
    )
    .bind(user.as_str())
    .bind(session.id.as_str())
    .bind(goal_id)
    .bind(session.seed)
    .bind(started_at.millis())
    .bind(i64::try_from(session.items.len()).map_err(StoreError::corrupt)?)
    .bind(to_json(&session.goal_before)?)
    .bind(to_json(&session.settings)?)
    .bind(to_json(&session.parameters)?)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    let count = session.items.len();
    let (mut keys, mut skills, mut reasons, mut types, mut prompts, mut solutions) = (
        Vec::with_capacity(count),
        Vec::with_capacity(count),
        Vec::with_capacity(count),
        Vec::with_capacity(count),
        Vec::with_capacity(count),
        Vec::with_capacity(count),
    );
    for item in &session.items {
        keys.push(item.item.to_string());
        skills.push(item.item.skill().as_str());
        reasons.push(name_of(&item.reason)?);
        types.push(item.exercise.prompt.exercise_type().as_str());
        prompts.push(to_json(&item.exercise.prompt)?);
        solutions.push(to_json(&item.exercise.solution)?);
    }
    // Positions 1, 2, … in the items' order; ids in the same order.
    sqlx::query(
        "INSERT INTO session_items (user_id, session_id, position, item_key, skill, reason, exercise_type,
           prompt, solution)
         SELECT $1, $2, i.n, i.item_key, i.skill, i.reason, i.exercise_type, i.prompt::jsonb, i.solution::jsonb
         FROM UNNEST($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
           AS i(item_key, skill, reason, exercise_type, prompt, solution, n)
         ORDER BY i.n",
    )
    .bind(user.as_str())
    .bind(session.id.as_str())
    .bind(keys)
    .bind(skills)
    .bind(reasons)
    .bind(types)
    .bind(prompts)
    .bind(solutions)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    let row = reload_session(&mut tx, user, &session.id).await?;
    commit(tx).await?;
    Ok((row, true))
}

/// The learner's session (`None` for another learner's).
pub(crate) async fn session(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
) -> Result<Option<SessionRow>, StoreError> {
    let mut conn = store.pool.acquire().await.map_err(db)?;
    load_session(&mut conn, user, session).await
}

/// The learner's newest sessions, at most `limit`.
pub(crate) async fn sessions(
    store: &PgStore,
    user: &UserId,
    limit: u32,
) -> Result<Vec<SessionRow>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 {NEWEST_FIRST} LIMIT $2"
    ))
    .bind(user.as_str())
    .bind(i64::from(limit))
    .fetch_all(&store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(session_row)
    .collect()
}

/// The learner's session's items in position order, with their exercises.
pub(crate) async fn session_items(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
) -> Result<Vec<StoredItem>, StoreError> {
    // The session and its items in one snapshot.
    let mut tx = read_tx(&store.pool).await?;
    owned_session(&mut tx, user, session).await?;
    let items = sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM session_items WHERE user_id = $1 AND session_id = $2
         ORDER BY position, id"
    ))
    .bind(user.as_str())
    .bind(session.as_str())
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?
    .iter()
    .map(stored_item)
    .collect::<Result<_, _>>()?;
    commit(tx).await?;
    Ok(items)
}

/// The learner's session's current item (see [`CURRENT_ITEM_ID`]), with
/// its exercise (`None` also for another learner's session: its items do
/// not carry this learner's id).
pub(crate) async fn current_item(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
) -> Result<Option<StoredItem>, StoreError> {
    sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM session_items WHERE user_id = $1 AND id = {CURRENT_ITEM_ID}"
    ))
    .bind(user.as_str())
    .bind(session.as_str())
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(stored_item)
    .transpose()
}
