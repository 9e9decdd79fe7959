//! A learner's whole history in and out ([`LearnerArchive`]): read in one
//! snapshot, written in one write transaction into a learner with none.

use std::str::FromStr;

use iqrah_core::item::ItemKey;
use iqrah_core::memory::Rating;
use iqrah_core::time::Timestamp;
use iqrah_store::{
    ArchivedReview, ArchivedSession, ArchivedState, LearnerArchive, StoreError, UserId,
};
use sqlx::Row;
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteRow;

use crate::codec::{from_json, to_json};
use crate::error::db;
use crate::reviews::{LogRow, insert_review};
use crate::rows::{SCHEDULING_COLUMNS, SESSION_COLUMNS, scheduling, session_row};
use crate::states::{bump_state_version, load_states, save_state};
use crate::store::SqliteStore;
use crate::{parameters, settings};

/// The learner's history, read in one snapshot.
pub(crate) async fn export_learner(
    store: &SqliteStore,
    user: &UserId,
) -> Result<LearnerArchive, StoreError> {
    let mut tx = store.pool.begin().await.map_err(db)?;
    let settings = settings::read(&mut *tx, user).await?;
    let parameters = parameters::read(&mut *tx, user).await?;
    let mut memory_states: Vec<ArchivedState> = load_states(&mut tx, user)
        .await?
        .into_iter()
        .map(|(item, state)| ArchivedState { item, state })
        .collect();
    memory_states.sort_by_key(|archived| archived.item);
    let sessions = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS}, {SCHEDULING_COLUMNS} FROM sessions
         WHERE user_id = ?1 AND status <> 'active'
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
        "SELECT item_key, rating, reviewed_at, elapsed_days, duration_ms, state_before, state_after
         FROM review_log WHERE user_id = ?1 ORDER BY id",
    )
    .bind(user.as_str())
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?
    .iter()
    .map(archived_review)
    .collect::<Result<Vec<_>, _>>()?;
    tx.commit().await.map_err(db)?;
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
    store: &SqliteStore,
    user: &UserId,
    archive: &LearnerArchive,
) -> Result<(), StoreError> {
    let mut tx = store.write_tx().await?;
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
    for archived in &archive.memory_states {
        save_state(&mut tx, user, archived.item, &archived.state).await?;
    }
    for session in &archive.sessions {
        insert_session(&mut tx, user, session).await?;
    }
    for review in &archive.reviews {
        let row = LogRow {
            item: review.item,
            session_item_id: None,
            passage_item_id: None,
            rating: review.rating,
            reviewed_at: review.reviewed_at,
            elapsed_days: review.elapsed_days,
            duration_ms: review.duration_ms,
            state_before: review.state_before.as_ref(),
            state_after: &review.state_after,
        };
        insert_review(&mut tx, user, &row).await?;
    }
    // The states changed wholesale: the kept copy is forgotten, not patched.
    bump_state_version(&mut tx, user).await?;
    tx.commit().await?;
    store.states.forget(user);
    Ok(())
}

/// Whether the learner has any memory state, session or review.
async fn has_history(conn: &mut SqliteConnection, user: &UserId) -> Result<bool, StoreError> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM memory_states WHERE user_id = ?1)
             OR EXISTS (SELECT 1 FROM sessions WHERE user_id = ?1)
             OR EXISTS (SELECT 1 FROM review_log WHERE user_id = ?1)",
    )
    .bind(user.as_str())
    .fetch_one(&mut *conn)
    .await
    .map_err(db)
}

/// Writes a session that ended, without items.
async fn insert_session(
    conn: &mut SqliteConnection,
    user: &UserId,
    session: &ArchivedSession,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (id, user_id, goal_id, status, seed, started_at, completed_at, items_count,
           items_completed, goal_before, summary, settings, parameters)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
fn archived_session(row: &SqliteRow) -> Result<ArchivedSession, StoreError> {
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

/// A row of `review_log`.
fn archived_review(row: &SqliteRow) -> Result<ArchivedReview, StoreError> {
    let item: String = row.try_get("item_key").map_err(db)?;
    let rating: u8 = row.try_get("rating").map_err(db)?;
    let state_before: Option<String> = row.try_get("state_before").map_err(db)?;
    let state_after: String = row.try_get("state_after").map_err(db)?;
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
