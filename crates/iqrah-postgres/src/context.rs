//! What a decision about a session reads inside its transaction: the
//! session with the settings it schedules with, its items, the current
//! item with its exercise and memory state, and a keyed earlier answer.

use iqrah_core::session::{IdempotencyKey, ItemStatus, KeyedAnswer, SessionItem};
use iqrah_core::settings::Settings;
use iqrah_store::{SessionContext, SessionId, StoreError, UserId};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

use crate::answers::Answered;
use crate::codec::{count_from_sql, from_json};
use crate::error::db;
use crate::learner_lock::{commit, read_tx};
use crate::rows::{
    ITEM_COLUMNS, MEMORY_STATE_OF_ITEM, SCHEDULING_COLUMNS, SESSION_COLUMNS, item_state,
    scheduling, session_row, stored_item,
};
use crate::sessions::{load_rules, or_not_found};
use crate::store::PgStore;

/// The decision context of the learner's session, read in one snapshot.
pub(crate) async fn session_view(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionContext, StoreError> {
    let mut tx = read_tx(&store.pool).await?;
    let context = session_context(&mut tx, user, session).await?;
    commit(tx).await?;
    Ok(context)
}

/// The context of an answer sent with `key`: [`session_context`] with
/// what was recorded with that key in the session before, if anything
/// (read with the session's row).
pub(crate) async fn answer_context(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
    key: Option<&IdempotencyKey>,
) -> Result<SessionContext, StoreError> {
    let row = session_with_key(conn, user, session, key).await?;
    let mut context = context_of(conn, user, session, &row).await?;
    if key.is_some() {
        context.keyed_answer = keyed_answer(&row)?;
    }
    Ok(context)
}

/// Reads what a decision about the session's current item needs, inside
/// the caller's transaction: the session with the settings it started
/// with, every item without its exercise, and the current item (the
/// core's `current_item` of them) with its exercise and memory state.
pub(crate) async fn session_context(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<SessionContext, StoreError> {
    let row = session_with_key(conn, user, session, None).await?;
    context_of(conn, user, session, &row).await
}

/// [`session_context`] of the session whose row, with [`SESSION_COLUMNS`]
/// and [`SCHEDULING_COLUMNS`], the caller read: its items, then the
/// current item with its memory state (one query).
pub(crate) async fn context_of(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
    row: &PgRow,
) -> Result<SessionContext, StoreError> {
    let items = load_rules(conn, user, session).await?;
    with_current(conn, user, row, items).await
}

/// [`session_context`] once `answered` is recorded in the session of
/// `before`, given the session's row after it (as [`context_of`] takes
/// it, with the answer's number `answered_seq`). Without a relearning
/// copy (`copied`), the items are `before`'s with that one answered, as
/// the answer's statement wrote it (the learner's lock keeps every other
/// writer out), and only the item now current is read, with its memory
/// state: one read fewer than [`context_of`], which a copy needs, since
/// it moves the items after it.
pub(crate) async fn context_after(
    conn: &mut PgConnection,
    user: &UserId,
    before: &SessionContext,
    answered: &Answered,
    copied: bool,
    row: &PgRow,
) -> Result<SessionContext, StoreError> {
    if copied {
        return context_of(conn, user, &before.session.id, row).await;
    }
    let mut items = before.items.clone();
    let item = items
        .iter_mut()
        .find(|item| item.id == answered.item_id)
        .ok_or_else(|| StoreError::corrupt("answered item vanished"))?;
    item.status = ItemStatus::Answered;
    item.rating = Some(answered.rating);
    item.duration_ms = Some(count_from_sql(answered.duration_ms)?);
    item.answered_at = Some(answered.answered_at);
    item.answered_seq = Some(row.try_get("answered_seq").map_err(db)?);
    with_current(conn, user, row, items).await
}

/// The context of the session whose row (with [`SESSION_COLUMNS`] and
/// [`SCHEDULING_COLUMNS`]) and items the caller read: the current item
/// (the core's `current_item` of them) read with its exercise and memory
/// state (one query).
async fn with_current(
    conn: &mut PgConnection,
    user: &UserId,
    row: &PgRow,
    items: Vec<SessionItem>,
) -> Result<SessionContext, StoreError> {
    let found = session_row(row)?;
    let (settings, parameters) = scheduling(row)?;
    let (current, current_state) = match iqrah_core::session::current_item(&items) {
        Some(current) => {
            let row = sqlx::query(&format!(
                "SELECT {ITEM_COLUMNS}, state.* FROM session_items {MEMORY_STATE_OF_ITEM}
                 WHERE session_items.user_id = $1 AND session_items.id = $2"
            ))
            .bind(user.as_str())
            .bind(current.id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?
            .ok_or_else(|| StoreError::corrupt("current item vanished"))?;
            (Some(stored_item(&row)?), item_state(&row)?)
        }
        None => (None, None),
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

/// The learner's session's row with [`SESSION_COLUMNS`] and
/// [`SCHEDULING_COLUMNS`], and the columns [`keyed_answer`] reads of what
/// was recorded with `key` in it (NULL without a key or a record).
async fn session_with_key(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
    key: Option<&IdempotencyKey>,
) -> Result<PgRow, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS}, {SCHEDULING_COLUMNS}, keyed.* FROM sessions
         LEFT JOIN LATERAL (
           SELECT session_item_id AS key_item_id, node_id AS key_node_id, grade AS key_grade,
             duration_ms AS key_duration_ms, undone AS key_undone, marks::text AS key_marks
           FROM submit_keys k
           WHERE k.user_id = sessions.user_id AND k.session_id = sessions.id AND k.key = $3
         ) AS keyed ON true
         WHERE sessions.user_id = $1 AND sessions.id = $2"
    ))
    .bind(user.as_str())
    .bind(session.as_str())
    .bind(key.map(IdempotencyKey::as_str))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    or_not_found(row, session)
}

/// What was recorded with the key of [`session_with_key`]'s row, if
/// anything.
fn keyed_answer(row: &PgRow) -> Result<Option<KeyedAnswer>, StoreError> {
    let Some(item_id) = row.try_get::<Option<i64>, _>("key_item_id").map_err(db)? else {
        return Ok(None);
    };
    let grade: i16 = row.try_get("key_grade").map_err(db)?;
    Ok(Some(KeyedAnswer {
        item_id,
        node_id: row.try_get("key_node_id").map_err(db)?,
        grade: u8::try_from(grade).map_err(StoreError::corrupt)?,
        duration_ms: count_from_sql(row.try_get::<i64, _>("key_duration_ms").map_err(db)?)?,
        undone: row.try_get("key_undone").map_err(db)?,
        marks: row
            .try_get::<Option<String>, _>("key_marks")
            .map_err(db)?
            .as_deref()
            .map(from_json)
            .transpose()?,
    }))
}

/// The settings and FSRS parameters the learner's session schedules with.
pub(crate) async fn session_scheduling(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<(Settings, Vec<f32>), StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {SCHEDULING_COLUMNS} FROM sessions WHERE user_id = $1 AND id = $2"
    ))
    .bind(user.as_str())
    .bind(session.as_str())
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    scheduling(&or_not_found(row, session)?)
}
