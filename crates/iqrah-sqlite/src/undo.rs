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
use crate::states::{bump_state_version, delete_state, save_state};
use crate::store::SqliteStore;

/// The review-log rows of the answer to session item `?1` of learner `?2`:
/// its own row, or every review of a recited passage (the first names the
/// passage in both columns, the others only in `passage_item_id`).
///
/// Two searches joined, not one `OR`: with the `OR`, SQLite reads the
/// learner's whole log through `review_log_by_user` (tens of milliseconds
/// for a long-time learner) instead of the two item indexes.
const UNDONE_REVIEWS: &str = "SELECT id, item_key, state_before FROM review_log
     WHERE session_item_id = ?1 AND user_id = ?2
     UNION
     SELECT id, item_key, state_before FROM review_log
     WHERE passage_item_id = ?1 AND user_id = ?2
     ORDER BY id";

/// Undoes the answer `decide` picks in the context: every review log row
/// of it goes (one, or every review of a recited passage), each state is
/// restored (or removed for a first review), its key is marked undone, its
/// relearning copy removed, the item pending again and the counters back.
pub(crate) async fn undo(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    decide: impl FnOnce(&SessionContext) -> Result<UndoDecision, SessionError> + Send,
) -> Result<i64, StoreError> {
    let mut tx = store.write_tx().await?;
    let context = session_context(&mut tx, user, session).await?;
    let UndoDecision {
        item_id,
        remove_copy,
    } = decide(&context)?;
    let logs = sqlx::query(UNDONE_REVIEWS)
        .bind(item_id)
        .bind(user.as_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
    if logs.is_empty() {
        return Err(StoreError::corrupt(format!(
            "no review log for session item {item_id}"
        )));
    }
    let version_before = bump_state_version(&mut tx, user).await?;
    let mut restored = Vec::with_capacity(logs.len());
    for log in &logs {
        let log_id: i64 = log.try_get("id").map_err(db)?;
        let item_key: String = log.try_get("item_key").map_err(db)?;
        let before: Option<String> = log.try_get("state_before").map_err(db)?;
        let item = ItemKey::from_str(&item_key).map_err(StoreError::corrupt)?;
        let state = before
            .as_deref()
            .map(from_json::<MemoryState>)
            .transpose()?;
        match &state {
            Some(state) => save_state(&mut tx, user, item, state).await?,
            None => delete_state(&mut tx, user, item).await?,
        }
        sqlx::query("DELETE FROM review_log WHERE id = ?1")
            .bind(log_id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        restored.push((item, state));
    }
    sqlx::query("UPDATE submit_keys SET undone = 1 WHERE session_item_id = ?1 AND undone = 0")
        .bind(item_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if let Some(copy) = remove_copy {
        sqlx::query("DELETE FROM session_items WHERE id = ?1 AND status = 'pending'")
            .bind(copy)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    sqlx::query(
        "UPDATE session_items SET status = 'pending', grade = NULL, duration_ms = NULL, answered_at = NULL,
           answered_seq = NULL WHERE id = ?1",
    )
    .bind(item_id)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    sqlx::query(
        "UPDATE sessions SET items_completed = items_completed - 1, items_count = items_count - ?1
         WHERE id = ?2 AND user_id = ?3",
    )
    .bind(i64::from(remove_copy.is_some()))
    .bind(session.as_str())
    .bind(user.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    tx.commit().await?;
    store.states.after_change(user, version_before, restored);
    Ok(item_id)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

    use sqlx::Row;

    use super::UNDONE_REVIEWS;
    use crate::SqliteStore;

    /// The plan of the undo's log query searches the item indexes, never the
    /// learner's whole log.
    #[tokio::test]
    async fn the_undone_reviews_are_found_by_the_item_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("user.sqlite3"))
            .await
            .unwrap();
        let rows = sqlx::query(&format!("EXPLAIN QUERY PLAN {UNDONE_REVIEWS}"))
            .bind(1_i64)
            .bind("local")
            .fetch_all(crate::test_support::pool(&store))
            .await
            .unwrap();
        let plan: Vec<String> = rows.iter().map(|r| r.get("detail")).collect();
        let plan = plan.join("\n");
        assert!(plan.contains("sqlite_autoindex_review_log"), "{plan}");
        assert!(plan.contains("review_log_by_passage"), "{plan}");
        assert!(
            !plan.contains("review_log_by_user") && !plan.contains("SCAN"),
            "{plan}"
        );
    }
}
