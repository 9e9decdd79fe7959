//! Answers to a session's current item: a checked answer, a skip, a graded
//! submit, and the writes every graded answer makes (a recited passage's
//! too, in `passage.rs`).

use iqrah_core::exercise::Answer;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::planner::Reason;
use iqrah_core::session::{IdempotencyKey, SessionError, SkipDecision};
use iqrah_core::time::Timestamp;
use iqrah_store::{
    Recorded, RelearnCopy, SessionContext, SessionId, StoreError, SubmitWrite, UserId,
};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteQueryResult;

use crate::codec::to_json;
use crate::context::{answer_context, session_context};
use crate::error::db;
use crate::reviews::{LogRow, insert_review};
use crate::sessions::insert_item;
use crate::states::{bump_state_version, save_state};
use crate::store::SqliteStore;

/// The answer a submit records on its session item.
pub(crate) struct Answered {
    pub(crate) item_id: i64,
    pub(crate) item: ItemKey,
    pub(crate) rating: Rating,
    pub(crate) duration_ms: i64,
    pub(crate) answered_at: Timestamp,
}

impl Answered {
    /// The answer to the session item `item_id`, its time as stored.
    pub(crate) fn new(
        item_id: i64,
        item: ItemKey,
        rating: Rating,
        duration_ms: u64,
        answered_at: Timestamp,
    ) -> Result<Self, StoreError> {
        Ok(Answered {
            item_id,
            item,
            rating,
            duration_ms: i64::try_from(duration_ms).map_err(StoreError::corrupt)?,
            answered_at,
        })
    }
}

/// Refuses a change of a pending item that changed no row: the decision
/// named an item that is not pending.
fn changed_pending(result: SqliteQueryResult, item_id: i64) -> Result<(), StoreError> {
    if result.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::corrupt(format!(
            "session item {item_id} is not pending"
        )))
    }
}

/// Records the checked answer to the learner's session's current item, as
/// `decide` makes it of the context.
pub(crate) async fn record_check<T: Send>(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    decide: impl FnOnce(&SessionContext) -> Result<(Answer, Option<bool>, T), SessionError> + Send,
) -> Result<T, StoreError> {
    let mut tx = store.write_tx().await?;
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
    tx.commit().await?;
    Ok(result)
}

/// Moves the pending item `decide` names to the position it gives,
/// counting the skip.
pub(crate) async fn skip(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    decide: impl FnOnce(&SessionContext) -> Result<SkipDecision, SessionError> + Send,
) -> Result<i64, StoreError> {
    let mut tx = store.write_tx().await?;
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
    changed_pending(moved, item_id)?;
    tx.commit().await?;
    Ok(item_id)
}

/// Records the graded answer `decide` makes of the context (nothing for a
/// repeat of an answer recorded with the same key); returns its receipt
/// with the session after it, read before the commit.
pub(crate) async fn submit(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    idempotency_key: Option<&IdempotencyKey>,
    decide: impl FnOnce(&SessionContext) -> Result<SubmitWrite, SessionError> + Send,
) -> Result<Recorded, StoreError> {
    let mut tx = store.write_tx().await?;
    let context = answer_context(&mut tx, user, session, idempotency_key).await?;
    let (receipt, written) = match decide(&context)? {
        SubmitWrite::AlreadyRecorded { item_id } => (item_id, None),
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
        } => {
            let answered = Answered::new(item_id, item, rating, duration_ms, answered_at)?;
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
            (item_id, Some((item, version_before, state_after)))
        }
    };
    let next = session_context(&mut tx, user, session).await?;
    tx.commit().await?;
    if let Some((item, version_before, state_after)) = written {
        store
            .states
            .after_change(user, version_before, [(item, Some(state_after))]);
    }
    Ok(Recorded { receipt, next })
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
    insert_review(
        conn,
        user,
        &LogRow {
            item: answered.item,
            session_item_id: Some(answered.item_id),
            passage_item_id: None,
            rating: answered.rating,
            reviewed_at: answered.answered_at,
            elapsed_days,
            duration_ms: answered.duration_ms,
            state_before,
            state_after,
        },
    )
    .await?;
    count_answer(conn, user, session, relearn).await?;
    Ok(version_before)
}

/// The first writes of every answer: the session's pending item
/// `answered.item_id` becomes answered (with the session's next answer
/// number), and the idempotency key it came with is recorded, with the
/// passage marks of a recited passage.
pub(crate) async fn mark_answered(
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
    .await
    .map_err(db)?;
    changed_pending(updated, answered.item_id)?;
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
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// The reason of the session's item `item_id`, which its relearning copy keeps.
pub(crate) fn relearn_reason(context: &SessionContext, item_id: i64) -> Result<Reason, StoreError> {
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
pub(crate) async fn count_answer(
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
            .await
            .map_err(db)?;
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
        .await
        .map_err(db)?;
    Ok(())
}
