//! What a decision about a session reads inside its transaction: the
//! session with the settings it schedules with, its items, the current
//! item with its exercise and memory state, and a keyed earlier answer.

use iqrah_core::session::{IdempotencyKey, KeyedAnswer};
use iqrah_core::settings::Settings;
use iqrah_store::{SessionContext, SessionId, StoreError, UserId};
use sqlx::{Row, SqliteConnection};

use crate::codec::from_json;
use crate::error::db;
use crate::rows::{
    RULE_COLUMNS, SCHEDULING_COLUMNS, SESSION_COLUMNS, memory_state, rule_item, scheduling,
    session_row, stored_item,
};
use crate::sessions::{CURRENT_ITEM_ID, or_not_found};
use crate::states::load_state;
use crate::store::SqliteStore;

/// The decision context of the learner's session, read in one snapshot.
pub(crate) async fn session_view(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionContext, StoreError> {
    let mut tx = store.pool.begin().await.map_err(db)?;
    let context = session_context(&mut tx, user, session).await?;
    tx.commit().await.map_err(db)?;
    Ok(context)
}

/// The context of an answer sent with `key`: [`session_context`] with
/// what was recorded with that key in the session before, if anything.
pub(crate) async fn answer_context(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
    key: Option<&IdempotencyKey>,
) -> Result<SessionContext, StoreError> {
    let mut context = session_context(conn, user, session).await?;
    if let Some(key) = key {
        context.keyed_answer = keyed_answer(conn, session, key).await?;
    }
    Ok(context)
}

/// Reads what a decision about the session's current item needs, inside a
/// write transaction: the session with the settings it started with, every item
/// without its exercise, and the current item with its exercise and memory
/// state. Only the current item's JSON is read and parsed.
///
/// Two queries, since each is a round trip to the connection's worker
/// thread while the write lock is held: the session with the memory state
/// of its current item, then the items.
pub(crate) async fn session_context(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionContext, StoreError> {
    // The state columns come from a one-row table whose names all start
    // with `state_`, so the session's own columns stay unambiguous.
    let row = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS}, {SCHEDULING_COLUMNS},
           state.*
         FROM sessions LEFT JOIN (
           SELECT first.item_key AS state_first, memory_states.item_key AS state_item_key, memory_states.stability AS state_stability,
             memory_states.difficulty AS state_difficulty, memory_states.last_review AS state_last_review,
             memory_states.due AS state_due, memory_states.reps AS state_reps, memory_states.lapses AS state_lapses
           FROM (SELECT item_key FROM session_items WHERE id = {CURRENT_ITEM_ID}) AS first
             JOIN sessions AS owner ON owner.id = ?1
             LEFT JOIN memory_states ON memory_states.user_id = owner.user_id AND memory_states.item_key = first.item_key
         ) AS state ON 1
         WHERE sessions.id = ?1 AND sessions.user_id = ?2"
    ))
    .bind(session.as_str())
    .bind(user.as_str())
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    let row = or_not_found(row, session)?;
    let found = session_row(&row)?;
    let (settings, parameters) = scheduling(&row)?;
    // The current item's key, and its state if it has one.
    let first_key: Option<String> = row.try_get("state_first").map_err(db)?;
    let first_state = match row
        .try_get::<Option<String>, _>("state_item_key")
        .map_err(db)?
    {
        Some(_) => Some(memory_state(&row, "state_")?.1),
        None => None,
    };
    // The exercise columns are read for the current item only.
    let rows = sqlx::query(&format!(
        "SELECT {RULE_COLUMNS},
           CASE WHEN id = current.first THEN prompt END AS prompt,
           CASE WHEN id = current.first THEN solution END AS solution,
           CASE WHEN id = current.first THEN answer END AS answer
         FROM session_items, (SELECT {CURRENT_ITEM_ID} AS first) AS current
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
    // The current item read with the session is the core's current item
    // (read again otherwise).
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

/// The settings and FSRS parameters the learner's session schedules with
/// (see [`SCHEDULING_COLUMNS`]).
pub(crate) async fn session_scheduling(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<(Settings, Vec<f32>), StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {SCHEDULING_COLUMNS} FROM sessions WHERE sessions.id = ?1 AND sessions.user_id = ?2"
    ))
    .bind(session.as_str())
    .bind(user.as_str())
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    scheduling(&or_not_found(row, session)?)
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
