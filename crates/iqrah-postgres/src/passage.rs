//! A recited passage: one session item whose answer reviews several items,
//! recorded in one write transaction.

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::session::{IdempotencyKey, SessionError};
use iqrah_store::{PassageWrite, Recorded, SessionContext, SessionId, StoreError, UserId};

use crate::answers::{Answered, Then, relearn_reason, write_answer};
use crate::codec::to_json;
use crate::context::{answer_context, context_after, session_context};
use crate::learner_lock::{commit, write_tx};
use crate::reviews::LogRow;
use crate::states::load_states;
use crate::store::PgStore;

/// Records the recitation `decide` makes of the context and the learner's
/// states (nothing for a repeat of an answer recorded with the same key):
/// the item answered with its marks, a state and a review log row for
/// every item reviewed (each in one statement), the counters with any
/// relearning copy. Returns the receipt with the session after it, read
/// before the commit.
pub(crate) async fn submit_passage(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
    idempotency_key: Option<&IdempotencyKey>,
    decide: impl FnOnce(
        &SessionContext,
        &HashMap<ItemKey, MemoryState>,
    ) -> Result<PassageWrite, SessionError>
    + Send,
) -> Result<Recorded, StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
    let context = answer_context(&mut tx, user, session, idempotency_key).await?;
    let states = load_states(&mut tx, user).await?;
    let (receipt, next) = match decide(&context, &states)? {
        PassageWrite::AlreadyRecorded { item_id } => {
            (item_id, session_context(&mut tx, user, session).await?)
        }
        PassageWrite::Record {
            item_id,
            item,
            rating,
            duration_ms,
            answered_at,
            marks,
            reviews,
            relearn,
        } => {
            let answered = Answered::new(item_id, item, rating, duration_ms, answered_at)?;
            let marks = to_json(&marks)?;
            // The first row carries the answer's session item, as any
            // answer's does; every row names the passage.
            let rows = reviews
                .iter()
                .enumerate()
                .map(|(index, review)| {
                    Ok(LogRow {
                        item: review.item,
                        session_item_id: (index == 0).then_some(item_id),
                        passage_item_id: Some(item_id),
                        rating: review.rating,
                        reviewed_at: answered_at,
                        elapsed_days: review.elapsed_days,
                        duration_ms: i64::try_from(review.duration_ms)
                            .map_err(StoreError::corrupt)?,
                        state_before: review.state_before.as_ref(),
                        state_after: &review.state_after,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            // The copy relearns the verse answered Again, not the passage.
            let relearn = match relearn {
                Some(copy) => Some((
                    copy.exercise.solution.item,
                    copy,
                    relearn_reason(&context, item_id)?,
                )),
                None => None,
            };
            let copied = relearn.is_some();
            let after = write_answer(
                &mut tx,
                user,
                session,
                &answered,
                idempotency_key,
                Some(marks),
                &rows,
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
