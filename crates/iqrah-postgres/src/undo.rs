//! Undoing the learner's last answer: its reviews, states and counters as
//! they were before it.

use std::str::FromStr;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::MemoryState;
use iqrah_core::session::{SessionError, UndoDecision};
use iqrah_store::{SessionContext, SessionId, StoreError, UserId};
use sqlx::Row;

use crate::codec::from_json;
use crate::context::session_context;
use crate::error::db;
use crate::learner_lock::{commit, write_tx};
use crate::states::save_states;
use crate::store::PgStore;

/// Undoes the answer `decide` picks in the context: every review log row
/// of it goes (one, or every review of a recited passage), each state is
/// restored (or removed for a first review), its key is marked undone, its
/// relearning copy removed, the item pending again and the counters back.
pub(crate) async fn undo(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
    decide: impl FnOnce(&SessionContext) -> Result<UndoDecision, SessionError> + Send,
) -> Result<i64, StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
    let context = session_context(&mut tx, user, session).await?;
    let UndoDecision {
        item_id,
        remove_copy,
    } = decide(&context)?;
    // The answer's own row, or every review of a recited passage (the
    // first names the passage in both columns, the others only in
    // passage_item_id), deleted and returned in one statement.
    let logs = sqlx::query(
        "DELETE FROM review_log WHERE user_id = $1 AND (session_item_id = $2 OR passage_item_id = $2)
         RETURNING id, item_key, state_before::text AS state_before",
    )
    .bind(user.as_str())
    .bind(item_id)
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?;
    if logs.is_empty() {
        return Err(StoreError::corrupt(format!(
            "no review log for session item {item_id}"
        )));
    }
    let mut restored = Vec::with_capacity(logs.len());
    for log in &logs {
        let id: i64 = log.try_get("id").map_err(db)?;
        let item_key: String = log.try_get("item_key").map_err(db)?;
        let before: Option<String> = log.try_get("state_before").map_err(db)?;
        let item = ItemKey::from_str(&item_key).map_err(StoreError::corrupt)?;
        let state = before
            .as_deref()
            .map(from_json::<MemoryState>)
            .transpose()?;
        restored.push((id, item, state));
    }
    // In log order, as the reviews were made.
    restored.sort_by_key(|(id, _, _)| *id);
    save_states(
        &mut tx,
        user,
        restored
            .iter()
            .map(|(_, item, state)| (*item, state.as_ref())),
    )
    .await?;
    sqlx::query(
        "UPDATE submit_keys SET undone = TRUE
         WHERE user_id = $1 AND session_id = $2 AND session_item_id = $3 AND NOT undone",
    )
    .bind(user.as_str())
    .bind(session.as_str())
    .bind(item_id)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if let Some(copy) = remove_copy {
        sqlx::query(
            "DELETE FROM session_items WHERE user_id = $1 AND id = $2 AND status = 'pending'",
        )
        .bind(user.as_str())
        .bind(copy)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    }
    sqlx::query(
        "UPDATE session_items SET status = 'pending', grade = NULL, duration_ms = NULL, answered_at = NULL,
           answered_seq = NULL WHERE user_id = $1 AND id = $2",
    )
    .bind(user.as_str())
    .bind(item_id)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    sqlx::query(
        "UPDATE sessions SET items_completed = items_completed - 1, items_count = items_count - $1
         WHERE user_id = $2 AND id = $3",
    )
    .bind(i64::from(remove_copy.is_some()))
    .bind(user.as_str())
    .bind(session.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    commit(tx).await?;
    Ok(item_id)
}
