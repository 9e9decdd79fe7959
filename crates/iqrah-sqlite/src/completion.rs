//! Ending a session: completing it with its summary, or abandoning it;
//! either way its pending items are skipped.

use iqrah_core::session::{SessionError, SessionStatus};
use iqrah_core::summary::SessionSummary;
use iqrah_core::time::{DAY_MS, Timestamp};
use iqrah_store::{CompletionContext, SessionId, SessionRow, StoreError, UserId};
use sqlx::SqliteConnection;

use crate::codec::to_json;
use crate::context::session_scheduling;
use crate::error::db;
use crate::sessions::{load_rules, owned_session, reload_session};
use crate::store::SqliteStore;

/// Completes the learner's active session with the summary `summarize`
/// makes (the summary kept for a session completed before; refused for an
/// abandoned one).
pub(crate) async fn complete(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    completed_at: Timestamp,
    summarize: impl FnOnce(&CompletionContext) -> SessionSummary + Send,
) -> Result<SessionSummary, StoreError> {
    let mut tx = store.write_tx().await?;
    let row = owned_session(&mut tx, user, session).await?;
    match row.status {
        SessionStatus::Completed => {
            return row
                .summary
                .ok_or_else(|| StoreError::corrupt("completed session without summary"));
        }
        SessionStatus::Abandoned => {
            return Err(SessionError::NotActive {
                status: SessionStatus::Abandoned,
            }
            .into());
        }
        SessionStatus::Active => {}
    }
    skip_pending(&mut tx, session).await?;
    let items = load_rules(&mut tx, session).await?;
    let (settings, parameters) = session_scheduling(&mut tx, user, session).await?;
    let states = store.states.states_in(&mut tx, user).await?;
    let practice_days = practice_days(&mut tx, user, settings.day_start_offset_ms()).await?;
    let summary = summarize(&CompletionContext {
        session: row,
        settings,
        parameters,
        items,
        states,
        practice_days,
    });
    sqlx::query("UPDATE sessions SET status = 'completed', completed_at = ?1, summary = ?2 WHERE id = ?3 AND user_id = ?4")
        .bind(completed_at.millis())
        .bind(to_json(&summary)?)
        .bind(session.as_str())
        .bind(user.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await?;
    Ok(summary)
}

/// Abandons the learner's active session at `at`.
pub(crate) async fn abandon(
    store: &SqliteStore,
    user: &UserId,
    session: &SessionId,
    at: Timestamp,
) -> Result<SessionRow, StoreError> {
    let mut tx = store.write_tx().await?;
    let found = owned_session(&mut tx, user, session).await?;
    if found.status != SessionStatus::Active {
        return Err(SessionError::NotActive {
            status: found.status,
        }
        .into());
    }
    skip_pending(&mut tx, session).await?;
    sqlx::query("UPDATE sessions SET status = 'abandoned', completed_at = ?1 WHERE id = ?2 AND user_id = ?3")
        .bind(at.millis())
        .bind(session.as_str())
        .bind(user.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    let row = reload_session(&mut tx, user, session).await?;
    tx.commit().await?;
    Ok(row)
}

/// Marks every pending item of the session skipped, as an ended session's are.
async fn skip_pending(conn: &mut SqliteConnection, session: &SessionId) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE session_items SET status = 'skipped' WHERE session_id = ?1 AND status = 'pending'",
    )
    .bind(session.as_str())
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// The learner days (`iqrah_core::progress::learner_day` with
/// `day_start_offset_ms`) with at least one review, newest first: one index
/// seek per day (the newest review before the day already found) rather
/// than a scan of the whole log, since completing a session holds the write
/// lock meanwhile. Reviews before the first learner day (in 1970) are left
/// out, so that SQLite's division, which truncates, is the learner day's.
async fn practice_days(
    conn: &mut SqliteConnection,
    user: &UserId,
    day_start_offset_ms: i64,
) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar(
        "WITH RECURSIVE day(d) AS (
           SELECT (max(reviewed_at) - ?2) / ?3 FROM review_log WHERE user_id = ?1 AND reviewed_at >= ?2
           UNION ALL
           SELECT (SELECT (max(reviewed_at) - ?2) / ?3 FROM review_log
                   WHERE user_id = ?1 AND reviewed_at >= ?2 AND reviewed_at < d * ?3 + ?2)
           FROM day WHERE d IS NOT NULL
         )
         SELECT d FROM day WHERE d IS NOT NULL",
    )
    .bind(user.as_str())
    .bind(day_start_offset_ms)
    .bind(DAY_MS)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)
}
#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

    use sqlx::Connection;

    use super::*;

    #[tokio::test]
    async fn practice_days_are_the_distinct_days_of_the_log() {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        sqlx::query(
            "CREATE TABLE review_log (user_id TEXT NOT NULL, reviewed_at INTEGER NOT NULL)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        sqlx::query("CREATE INDEX review_log_by_user ON review_log (user_id, reviewed_at)")
            .execute(&mut conn)
            .await
            .unwrap();
        assert!(
            practice_days(&mut conn, &UserId::new("a"), 0)
                .await
                .unwrap()
                .is_empty(),
            "no reviews, no days"
        );

        // Reviews on irregular days with gaps, several a day, at every hour,
        // and another learner's reviews in between.
        let mut x: u64 = 7;
        for _ in 0..3_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let day = ((x >> 33) % 400) as i64;
            let at = 1_700_000_000_000 + day * 3 / 2 * DAY_MS + ((x >> 20) % 86_400_000) as i64;
            let user = if x.is_multiple_of(5) { "b" } else { "a" };
            sqlx::query("INSERT INTO review_log VALUES (?1, ?2)")
                .bind(user)
                .bind(at)
                .execute(&mut conn)
                .await
                .unwrap();
        }
        sqlx::query("INSERT INTO review_log VALUES ('a', 0), ('a', 5)")
            .execute(&mut conn)
            .await
            .unwrap();
        for offset in [0, 4 * 3_600_000, -5 * 3_600_000, 23 * 3_600_000] {
            let mut expected: Vec<i64> = sqlx::query_scalar(
                "SELECT DISTINCT (reviewed_at - ?2) / ?3 FROM review_log WHERE user_id = ?1 AND reviewed_at >= ?2",
            )
            .bind("a")
            .bind(offset)
            .bind(DAY_MS)
            .fetch_all(&mut conn)
            .await
            .unwrap();
            expected.sort_unstable_by(|x, y| y.cmp(x));
            let found = practice_days(&mut conn, &UserId::new("a"), offset)
                .await
                .unwrap();
            assert!(found.len() > 100, "{} days", found.len());
            assert_eq!(found, expected, "offset {offset}");
        }
    }
}
