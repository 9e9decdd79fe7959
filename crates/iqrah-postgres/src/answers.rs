//! Answers to a session's current item: a checked answer, a skip, a graded
//! submit, and the writes every graded answer makes (a recited passage's
//! too, in `passage.rs`): one statement, with a relearning copy three.

use iqrah_core::exercise::Answer;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::planner::Reason;
use iqrah_core::session::{IdempotencyKey, SessionError, SkipDecision};
use iqrah_core::time::Timestamp;
use iqrah_store::{
    Recorded, RelearnCopy, SessionContext, SessionId, StoreError, SubmitWrite, UserId,
};
use sqlx::PgConnection;
use sqlx::postgres::PgQueryResult;
use sqlx::postgres::PgRow;

use crate::codec::to_json;
use crate::context::{answer_context, context_after, session_context};
use crate::error::db;
use crate::learner_lock::{answer_tx, commit};
use crate::reviews::{LogRow, bind_reviews, insert_reviews_sql};
use crate::rows::{SCHEDULING_COLUMNS, SESSION_COLUMNS};
use crate::sessions::insert_item;
use crate::states::{bind_states, last_changes, upsert_states};
use crate::store::PgStore;

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
fn changed_pending(result: PgQueryResult, item_id: i64) -> Result<(), StoreError> {
    if result.rows_affected() == 1 {
        Ok(())
    } else {
        Err(not_pending(item_id))
    }
}

/// The error of a write to the session item `item_id` that is not pending.
fn not_pending(item_id: i64) -> StoreError {
    StoreError::corrupt(format!("session item {item_id} is not pending"))
}

/// Records the checked answer to the learner's session's current item, as
/// `decide` makes it of the context.
pub(crate) async fn record_check<T: Send>(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
    decide: impl FnOnce(&SessionContext) -> Result<(Answer, Option<bool>, T), SessionError> + Send,
) -> Result<T, StoreError> {
    let mut tx = answer_tx(&store.pool, user).await?;
    let context = session_context(&mut tx, user, session).await?;
    let (answer, correct, result) = decide(&context)?;
    let current = context
        .current
        .as_ref()
        .ok_or_else(|| StoreError::corrupt("no current item"))?;
    sqlx::query(
        "UPDATE session_items SET answer = $1::jsonb, correct = $2 WHERE user_id = $3 AND id = $4",
    )
    .bind(to_json(&answer)?)
    .bind(correct)
    .bind(user.as_str())
    .bind(current.item.id)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    commit(tx).await?;
    Ok(result)
}

/// Moves the pending item `decide` names to the position it gives,
/// counting the skip.
pub(crate) async fn skip(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
    decide: impl FnOnce(&SessionContext) -> Result<SkipDecision, SessionError> + Send,
) -> Result<i64, StoreError> {
    let mut tx = answer_tx(&store.pool, user).await?;
    let context = session_context(&mut tx, user, session).await?;
    let SkipDecision { item_id, position } = decide(&context)?;
    let moved = sqlx::query(
        "UPDATE session_items SET position = $1, skips = skips + 1
         WHERE user_id = $2 AND id = $3 AND session_id = $4 AND status = 'pending'",
    )
    .bind(position)
    .bind(user.as_str())
    .bind(item_id)
    .bind(session.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    changed_pending(moved, item_id)?;
    commit(tx).await?;
    Ok(item_id)
}

/// Records the graded answer `decide` makes of the context (nothing for a
/// repeat of an answer recorded with the same key); returns its receipt
/// with the session after it, read before the commit.
pub(crate) async fn submit(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
    idempotency_key: Option<&IdempotencyKey>,
    decide: impl FnOnce(&SessionContext) -> Result<SubmitWrite, SessionError> + Send,
) -> Result<Recorded, StoreError> {
    let mut tx = answer_tx(&store.pool, user).await?;
    let context = answer_context(&mut tx, user, session, idempotency_key).await?;
    let (receipt, next) = match decide(&context)? {
        SubmitWrite::AlreadyRecorded { item_id } => {
            (item_id, session_context(&mut tx, user, session).await?)
        }
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
            let copied = relearn.is_some();
            let after = write_submit(
                &mut tx,
                user,
                session,
                idempotency_key,
                &answered,
                elapsed_days,
                state_before.as_ref(),
                &state_after,
                relearn,
                Then::ReadSession,
            )
            .await?;
            let next = context_after(&mut tx, user, &context, &answered, copied, &after).await?;
            (item_id, next)
        }
    };
    commit(tx).await?;
    Ok(Recorded { receipt, next })
}

/// Every write of a graded answer, in the caller's write transaction: the
/// item answered (and its key), the state after, the review, the
/// relearning copy if any and the session's count. Returns the session's
/// row after them, as [`write_answer`], when `then` reads it.
#[allow(clippy::too_many_arguments)] // The parts of one write, each needed.
pub(crate) async fn write_submit(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
    key: Option<&IdempotencyKey>,
    answered: &Answered,
    elapsed_days: f64,
    state_before: Option<&MemoryState>,
    state_after: &MemoryState,
    relearn: Option<(ItemKey, RelearnCopy, Reason)>,
    then: Then,
) -> Result<PgRow, StoreError> {
    let review = LogRow {
        item: answered.item,
        session_item_id: Some(answered.item_id),
        passage_item_id: None,
        rating: answered.rating,
        reviewed_at: answered.answered_at,
        elapsed_days,
        duration_ms: answered.duration_ms,
        state_before,
        state_after,
    };
    write_answer(
        conn,
        user,
        session,
        answered,
        key,
        None,
        &[review],
        relearn,
        then,
    )
    .await
}

/// Every write of a graded answer, in the caller's write transaction:
/// its relearning copy of an item, if any, goes in at its position (later
/// items move one place down, the copy keeps the answered item's reason);
/// then, in one statement, the learner's session's pending item
/// `answered.item_id` becomes answered (with the session's next answer
/// number), the idempotency key it came with is recorded (with a recited
/// passage's `marks`), every reviewed item takes its state after, the
/// reviews join the log and the session counts the answer and the copy.
/// Returns the session's row after them, with [`SESSION_COLUMNS`] and
/// [`SCHEDULING_COLUMNS`] and the number the answer took
/// (`answered_seq`), when `then` reads it.
#[allow(clippy::too_many_arguments)] // The parts of one write, each needed.
pub(crate) async fn write_answer(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
    answered: &Answered,
    key: Option<&IdempotencyKey>,
    marks: Option<String>,
    reviews: &[LogRow<'_>],
    relearn: Option<(ItemKey, RelearnCopy, Reason)>,
    then: Then,
) -> Result<PgRow, StoreError> {
    let added = i64::from(relearn.is_some());
    if let Some((item, copy, reason)) = relearn {
        insert_relearn_copy(conn, user, session, item, &copy, &reason).await?;
    }
    let states = last_changes(reviews.iter().map(|r| (r.item, r.state_after)));
    let statement = format!(
        "WITH answered AS (
           UPDATE session_items SET status = 'answered', grade = $3, duration_ms = $4, answered_at = $5,
             answered_seq = (SELECT coalesce(max(answered_seq), 0) + 1 FROM session_items
                             WHERE user_id = $1 AND session_id = $2)
           WHERE user_id = $1 AND id = $6 AND session_id = $2 AND status = 'pending'
           RETURNING id, answered_seq
         ), keyed AS (
           INSERT INTO submit_keys (user_id, session_id, key, session_item_id, node_id, grade, duration_ms, marks)
           SELECT $1, $2, $7, id, $8, $3, $4, $9::jsonb FROM answered WHERE $7::text IS NOT NULL
         ), states AS ({states}
         ), reviews AS ({reviews}
         ), counted AS (
           UPDATE sessions SET items_completed = items_completed + 1, items_count = items_count + $10
           WHERE user_id = $1 AND id = $2 AND EXISTS (SELECT 1 FROM answered)
           {returning}
         )
         SELECT {selected} FROM counted",
        states = upsert_states(11, Some("answered")),
        reviews = insert_reviews_sql(18, Some("answered")),
        returning = match then {
            Then::ReadSession => "RETURNING *",
            Then::Nothing => "RETURNING id",
        },
        selected = match then {
            Then::ReadSession => format!(
                "{SESSION_COLUMNS}, {SCHEDULING_COLUMNS},
                 (SELECT answered_seq FROM answered) AS answered_seq"
            ),
            Then::Nothing => "id".to_owned(),
        },
    );
    let query = sqlx::query(&statement)
        .bind(user.as_str())
        .bind(session.as_str())
        .bind(i16::from(answered.rating.value()))
        .bind(answered.duration_ms)
        .bind(answered.answered_at.millis())
        .bind(answered.item_id)
        .bind(key.map(IdempotencyKey::as_str))
        .bind(answered.item.to_string())
        .bind(marks)
        .bind(added);
    let query = bind_reviews(bind_states(query, &states), reviews)?;
    // No row: the item was not pending, and nothing was written.
    query
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or_else(|| not_pending(answered.item_id))
}

/// What an answer's statement reads after its writes.
pub(crate) enum Then {
    /// The session's row, for the context after the answer.
    ReadSession,
    /// Nothing: only whether the item was pending (the raw transaction a
    /// benchmark compares a submit with, which makes no read).
    #[cfg_attr(not(feature = "test-support"), allow(dead_code))]
    Nothing,
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

/// Puts a relearning copy of `item` in the learner's session at its
/// position: later items move one place down, the copy keeps `reason`.
async fn insert_relearn_copy(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
    item: ItemKey,
    copy: &RelearnCopy,
    reason: &Reason,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE session_items SET position = position + 1
         WHERE user_id = $1 AND session_id = $2 AND position >= $3",
    )
    .bind(user.as_str())
    .bind(session.as_str())
    .bind(copy.position)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    insert_item(
        conn,
        user,
        session,
        copy.position,
        item,
        reason,
        &copy.exercise,
        Some(copy.relearn_of),
    )
    .await?;
    Ok(())
}
