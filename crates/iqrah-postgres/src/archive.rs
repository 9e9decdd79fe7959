//! A learner's whole history in and out ([`LearnerArchive`]): read in one
//! snapshot, written in one transaction under the learner's lock into a
//! learner with none.

use std::str::FromStr;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::Rating;
use iqrah_core::time::Timestamp;
use iqrah_store::{
    ArchivedReview, ArchivedSession, ArchivedState, LearnerArchive, StoreError, UserId,
};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

use crate::codec::{from_json, to_json};
use crate::error::db;
use crate::learner_lock::{commit, read_tx, write_tx};
use crate::reviews::{LogRow, insert_reviews};
use crate::rows::{SCHEDULING_COLUMNS, SESSION_COLUMNS, scheduling, session_row};
use crate::states::{load_states, save_states};
use crate::store::PgStore;
use crate::{parameters, settings};

/// The learner's history, read in one snapshot.
pub(crate) async fn export_learner(
    store: &PgStore,
    user: &UserId,
) -> Result<LearnerArchive, StoreError> {
    let mut tx = read_tx(&store.pool).await?;
    let settings = settings::read(&mut tx, user).await?;
    let parameters = parameters::read(&mut tx, user).await?;
    let mut memory_states: Vec<ArchivedState> = load_states(&mut tx, user)
        .await?
        .into_iter()
        .map(|(item, state)| ArchivedState { item, state })
        .collect();
    memory_states.sort_by_key(|archived| archived.item);
    let sessions = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS}, {SCHEDULING_COLUMNS} FROM sessions
         WHERE user_id = $1 AND status <> 'active'
         ORDER BY started_at, id"
    ))
    .bind(user.as_str())
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?
    .iter()
    .map(archived_session)
    .collect::<Result<Vec<_>, _>>()?;
    let reviews = sqlx::query(
        "SELECT item_key, rating, reviewed_at, elapsed_days, duration_ms,
                state_before::text AS state_before, state_after::text AS state_after
         FROM review_log WHERE user_id = $1 ORDER BY id",
    )
    .bind(user.as_str())
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?
    .iter()
    .map(archived_review)
    .collect::<Result<Vec<_>, _>>()?;
    commit(tx).await?;
    Ok(LearnerArchive {
        settings,
        parameters,
        memory_states,
        sessions,
        reviews,
    })
}

/// Writes `archive` as the learner's history, refusing a learner who has
/// one ([`StoreError::LearnerNotEmpty`]).
pub(crate) async fn import_learner(
    store: &PgStore,
    user: &UserId,
    archive: &LearnerArchive,
) -> Result<(), StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
    if has_history(&mut tx, user).await? {
        return Err(StoreError::LearnerNotEmpty);
    }
    settings::write(&mut tx, user, &archive.settings).await?;
    if let Some(record) = &archive.parameters {
        match &record.in_use {
            Some(fit) => {
                parameters::write_fit(
                    &mut tx,
                    user,
                    fit,
                    record.checked_at,
                    record.checked_reviews,
                )
                .await?
            }
            None => {
                parameters::write_reset(&mut tx, user, record.checked_at, record.checked_reviews)
                    .await?
            }
        }
    }
    save_states(
        &mut tx,
        user,
        archive
            .memory_states
            .iter()
            .map(|archived| (archived.item, Some(&archived.state))),
    )
    .await?;
    for session in &archive.sessions {
        insert_session(&mut tx, user, session).await?;
    }
    let rows: Vec<LogRow<'_>> = archive
        .reviews
        .iter()
        .map(|review| LogRow {
            item: review.item,
            session_item_id: None,
            passage_item_id: None,
            rating: review.rating,
            reviewed_at: review.reviewed_at,
            elapsed_days: review.elapsed_days,
            duration_ms: review.duration_ms,
            state_before: review.state_before.as_ref(),
            state_after: &review.state_after,
        })
        .collect();
    if !rows.is_empty() {
        insert_reviews(&mut tx, user, &rows).await?;
    }
    commit(tx).await
}

/// Whether the learner has any memory state, session or review.
async fn has_history(conn: &mut PgConnection, user: &UserId) -> Result<bool, StoreError> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM memory_states WHERE user_id = $1)
             OR EXISTS (SELECT 1 FROM sessions WHERE user_id = $1)
             OR EXISTS (SELECT 1 FROM review_log WHERE user_id = $1)",
    )
    .bind(user.as_str())
    .fetch_one(&mut *conn)
    .await
    .map_err(db)
}

/// Writes a session that ended, without items.
async fn insert_session(
    conn: &mut PgConnection,
    user: &UserId,
    session: &ArchivedSession,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (id, user_id, goal_id, status, seed, started_at, completed_at, items_count,
           items_completed, goal_before, summary, settings, parameters)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb)",
    )
    .bind(session.id.as_str())
    .bind(user.as_str())
    .bind(&session.goal_id)
    .bind(session.status.as_str())
    .bind(session.seed)
    .bind(session.started_at.millis())
    .bind(session.completed_at.map(Timestamp::millis))
    .bind(session.items_count)
    .bind(session.items_completed)
    .bind(to_json(&session.goal_before)?)
    .bind(session.summary.as_ref().map(to_json).transpose()?)
    .bind(to_json(&session.settings)?)
    .bind(to_json(&session.parameters)?)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// A row with [`SESSION_COLUMNS`] and [`SCHEDULING_COLUMNS`].
fn archived_session(row: &PgRow) -> Result<ArchivedSession, StoreError> {
    let session = session_row(row)?;
    let (settings, parameters) = scheduling(row)?;
    Ok(ArchivedSession {
        id: session.id,
        goal_id: session.goal_id,
        status: session.status,
        seed: session.seed,
        started_at: session.started_at,
        completed_at: session.completed_at,
        items_count: session.items_count,
        items_completed: session.items_completed,
        goal_before: session.goal_before,
        summary: session.summary,
        settings,
        parameters,
    })
}

/// A row of `review_log`, its states as text.
fn archived_review(row: &PgRow) -> Result<ArchivedReview, StoreError> {
    let item: String = row.try_get("item_key").map_err(db)?;
    let rating: i16 = row.try_get("rating").map_err(db)?;
    let state_before: Option<String> = row.try_get("state_before").map_err(db)?;
    let state_after: String = row.try_get("state_after").map_err(db)?;
    let rating = u8::try_from(rating).map_err(StoreError::corrupt)?;
    Ok(ArchivedReview {
        item: ItemKey::from_str(&item).map_err(StoreError::corrupt)?,
        rating: Rating::try_from(rating).map_err(StoreError::corrupt)?,
        reviewed_at: Timestamp(row.try_get("reviewed_at").map_err(db)?),
        elapsed_days: row.try_get("elapsed_days").map_err(db)?,
        duration_ms: row.try_get("duration_ms").map_err(db)?,
        state_before: state_before.as_deref().map(from_json).transpose()?,
        state_after: from_json(&state_after)?,
    })
}
