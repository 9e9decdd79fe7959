//! Ending a session: completing it with its summary, or abandoning it;
//! either way its pending items are skipped.

use iqrah_core::session::{SessionError, SessionStatus};
use iqrah_core::summary::SessionSummary;
use iqrah_core::time::{DAY_MS, Timestamp};
use iqrah_store::{CompletionContext, SessionId, SessionRow, StoreError, UserId};
use sqlx::PgConnection;

use crate::codec::to_json;
use crate::context::session_scheduling;
use crate::error::db;
use crate::learner_lock::{commit, write_tx};
use crate::sessions::{load_rules, owned_session, reload_session};
use crate::states::load_states;
use crate::store::PgStore;

/// Completes the learner's active session with the summary `summarize`
/// makes (the summary kept for a session completed before; refused for an
/// abandoned one).
pub(crate) async fn complete(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
    completed_at: Timestamp,
    summarize: impl FnOnce(&CompletionContext) -> SessionSummary + Send,
) -> Result<SessionSummary, StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
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
    skip_pending(&mut tx, user, session).await?;
    let items = load_rules(&mut tx, user, session).await?;
    let (settings, parameters) = session_scheduling(&mut tx, user, session).await?;
    let states = load_states(&mut tx, user).await?;
    let practice_days = practice_days(&mut tx, user, settings.day_start_offset_ms()).await?;
    let summary = summarize(&CompletionContext {
        session: row,
        settings,
        parameters,
        items,
        states,
        practice_days,
    });
    sqlx::query(
        "UPDATE sessions SET status = 'completed', completed_at = $1, summary = $2::jsonb
         WHERE user_id = $3 AND id = $4",
    )
    .bind(completed_at.millis())
    .bind(to_json(&summary)?)
    .bind(user.as_str())
    .bind(session.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    commit(tx).await?;
    Ok(summary)
}

/// Abandons the learner's active session at `at`.
pub(crate) async fn abandon(
    store: &PgStore,
    user: &UserId,
    session: &SessionId,
    at: Timestamp,
) -> Result<SessionRow, StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
    let found = owned_session(&mut tx, user, session).await?;
    if found.status != SessionStatus::Active {
        return Err(SessionError::NotActive {
            status: found.status,
        }
        .into());
    }
    skip_pending(&mut tx, user, session).await?;
    sqlx::query(
        "UPDATE sessions SET status = 'abandoned', completed_at = $1 WHERE user_id = $2 AND id = $3",
    )
    .bind(at.millis())
    .bind(user.as_str())
    .bind(session.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    let row = reload_session(&mut tx, user, session).await?;
    commit(tx).await?;
    Ok(row)
}

/// Marks every pending item of the learner's session skipped, as an ended
/// session's are.
async fn skip_pending(
    conn: &mut PgConnection,
    user: &UserId,
    session: &SessionId,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE session_items SET status = 'skipped'
         WHERE user_id = $1 AND session_id = $2 AND status = 'pending'",
    )
    .bind(user.as_str())
    .bind(session.as_str())
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// The learner days (`iqrah_core::progress::learner_day` with
/// `day_start_offset_ms`) with at least one review, newest first: one index
/// seek per day (the newest review before the day already found) rather
/// than a scan of the whole log. Reviews before the first learner day (in
/// 1970) are left out, so that PostgreSQL's integer division, which
/// truncates, is the learner day's.
async fn practice_days(
    conn: &mut PgConnection,
    user: &UserId,
    day_start_offset_ms: i64,
) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar(
        "WITH RECURSIVE day(d) AS (
           SELECT (max(reviewed_at) - $2) / $3 FROM review_log WHERE user_id = $1 AND reviewed_at >= $2
           UNION ALL
           SELECT (SELECT (max(reviewed_at) - $2) / $3 FROM review_log
                   WHERE user_id = $1 AND reviewed_at >= $2 AND reviewed_at < d * $3 + $2)
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
