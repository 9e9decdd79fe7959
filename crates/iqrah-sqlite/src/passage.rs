//! A recited passage: one session item whose answer reviews several items,
//! recorded in one write transaction.

use std::collections::HashMap;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::session::{IdempotencyKey, SessionError};
use iqrah_store::{PassageWrite, Recorded, SessionContext, SessionId, StoreError, UserId};

use crate::answers::{Answered, count_answer, mark_answered, relearn_reason};
use crate::codec::to_json;
use crate::context::{answer_context, session_context};
use crate::reviews::{LogRow, insert_review};
use crate::states::{bump_state_version, save_state};
use crate::store::SqliteStore;

/// Records the recitation `decide` makes of the context and the learner's
/// states (nothing for a repeat of an answer recorded with the same key):
/// the item answered with its marks, a state and a review log row for
/// every item reviewed, the counters with any relearning copy. Returns the
/// receipt with the session after it, read before the commit.
pub(crate) async fn submit_passage(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    idempotency_key: Option<&IdempotencyKey>,
    decide: impl FnOnce(
        &SessionContext,
        &HashMap<ItemKey, MemoryState>,
    ) -> Result<PassageWrite, SessionError>
    + Send,
) -> Result<Recorded, StoreError> {
    let mut tx = store.write_tx().await?;
    let context = answer_context(&mut tx, user, session, idempotency_key).await?;
    let states = store.states.states_in(&mut tx, user).await?;
    let (receipt, written) = match decide(&context, &states)? {
        PassageWrite::AlreadyRecorded { item_id } => (item_id, None),
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
            mark_answered(&mut tx, session, &answered, idempotency_key, Some(marks)).await?;
            let version_before = bump_state_version(&mut tx, user).await?;
            for (index, review) in reviews.iter().enumerate() {
                save_state(&mut tx, user, review.item, &review.state_after).await?;
                // The first row carries the answer's session item, as any
                // answer's does; every row names the passage.
                insert_review(
                    &mut tx,
                    user,
                    &LogRow {
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
                    },
                )
                .await?;
            }
            // The copy relearns the verse answered Again, not the passage.
            let relearn = match relearn {
                Some(copy) => Some((
                    copy.exercise.solution.item,
                    copy,
                    relearn_reason(&context, item_id)?,
                )),
                None => None,
            };
            count_answer(&mut tx, user, session, relearn).await?;
            (item_id, Some((version_before, reviews)))
        }
    };
    let next = session_context(&mut tx, user, session).await?;
    tx.commit().await?;
    if let Some((version_before, reviews)) = written {
        store.states.after_change(
            user,
            version_before,
            reviews.into_iter().map(|r| (r.item, Some(r.state_after))),
        );
    }
    Ok(Recorded { receipt, next })
}
