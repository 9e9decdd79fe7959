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

    use std::cell::Cell;

    use iqrah_core::progress::learner_day;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestCaseError, TestRunner};

    use super::*;
    use crate::USER_DB_FILE_NAME;

    /// 2001-01-01: from here on every moment is past the start of the
    /// first learner day, whatever the offset.
    const START: i64 = 978_307_200_000;

    /// A review's moment: on one of a few hundred days at any time of day
    /// (many share a day), or anywhere in a century.
    fn moment() -> impl Strategy<Value = i64> {
        prop_oneof![
            (0..400i64, 0..DAY_MS).prop_map(|(day, at)| START + day * DAY_MS + at),
            START..START + 100 * 365 * DAY_MS,
        ]
    }

    /// A day start as settings make it: an hour of the day, less a time
    /// zone offset (UTC−12 to UTC+14), to the millisecond here.
    fn day_start_offset() -> impl Strategy<Value = i64> {
        -14 * 3_600_000..36 * 3_600_000i64
    }

    #[test]
    fn practice_days_are_the_learner_days_of_the_reviews() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = runtime
            .block_on(SqliteStore::open(&dir.path().join(USER_DB_FILE_NAME)))
            .unwrap();
        let case = Cell::new(0);
        let reviews = proptest::collection::vec((moment(), any::<bool>()), 0..60);
        TestRunner::new(Config::with_cases(128))
            .run(&(reviews, day_start_offset()), |(reviews, offset)| {
                case.set(case.get() + 1);
                // The learner's reviews and another learner's between them.
                let learner = UserId::new(format!("learner-{}", case.get()));
                let other = UserId::new(format!("other-{}", case.get()));
                runtime.block_on(async {
                    let mut conn = store.pool.acquire().await.unwrap();
                    for &(at, theirs) in &reviews {
                        let user = if theirs { &other } else { &learner };
                        sqlx::query(
                            "INSERT INTO review_log (user_id, item_key, rating, reviewed_at, elapsed_days, duration_ms, state_after)
                             VALUES (?1, '78:1/memorization', 3, ?2, 1.0, 1000, '{}')",
                        )
                        .bind(user.as_str())
                        .bind(at)
                        .execute(&mut *conn)
                        .await
                        .unwrap();
                    }
                    let mut expected: Vec<i64> = reviews
                        .iter()
                        .filter(|(_, theirs)| !theirs)
                        .map(|&(at, _)| learner_day(Timestamp(at), offset))
                        .collect();
                    expected.sort_unstable_by(|x, y| y.cmp(x));
                    expected.dedup();
                    let found = practice_days(&mut conn, &learner, offset).await.unwrap();
                    prop_assert_eq!(found, expected);
                    Ok::<(), TestCaseError>(())
                })
            })
            .unwrap();
    }
}
