//! Column lists and the decoders of their rows: sessions, session items,
//! memory states, and the settings and parameters a session schedules with.

use std::str::FromStr;

use iqrah_core::exercise::GeneratedExercise;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::session::{ItemStatus, SessionItem, SessionStatus};
use iqrah_core::settings::Settings;
use iqrah_core::time::Timestamp;
use iqrah_store::{SessionId, SessionRow, StoreError, StoredItem, UserId};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::codec::{from_json, from_name};
use crate::error::db;
use crate::settings::settings_from;

/// The columns of `sessions` that [`session_row`] reads.
pub(crate) const SESSION_COLUMNS: &str = "id, user_id, goal_id, status, seed, started_at, completed_at, items_count, \
                               items_completed, goal_before, summary";

/// A row of `sessions` with [`SESSION_COLUMNS`].
pub(crate) fn session_row(row: &SqliteRow) -> Result<SessionRow, StoreError> {
    let status: String = row.try_get("status").map_err(db)?;
    let summary: Option<String> = row.try_get("summary").map_err(db)?;
    Ok(SessionRow {
        id: SessionId::new(row.try_get::<String, _>("id").map_err(db)?),
        user_id: UserId::new(row.try_get::<String, _>("user_id").map_err(db)?),
        goal_id: row.try_get("goal_id").map_err(db)?,
        status: SessionStatus::from_str(&status).map_err(StoreError::corrupt)?,
        seed: row.try_get("seed").map_err(db)?,
        started_at: Timestamp(row.try_get("started_at").map_err(db)?),
        completed_at: row
            .try_get::<Option<i64>, _>("completed_at")
            .map_err(db)?
            .map(Timestamp),
        items_count: row.try_get("items_count").map_err(db)?,
        items_completed: row.try_get("items_completed").map_err(db)?,
        goal_before: from_json(row.try_get("goal_before").map_err(db)?)?,
        summary: summary.as_deref().map(from_json).transpose()?,
    })
}

/// The columns of `session_items` that the session rules need: everything
/// but the exercise and the answer (a macro, so that [`ITEM_COLUMNS`] can
/// extend it at compile time).
macro_rules! rule_columns {
    () => {
        "id, position, item_key, reason, exercise_type, status, correct, grade, duration_ms, \
         answered_at, answered_seq, relearn_of, skips"
    };
}

/// The columns of `session_items` that [`rule_item`] reads.
pub(crate) const RULE_COLUMNS: &str = rule_columns!();

/// The columns of `session_items` that [`stored_item`] reads.
pub(crate) const ITEM_COLUMNS: &str = concat!(rule_columns!(), ", prompt, solution, answer");

/// An item without its exercise (a row with [`RULE_COLUMNS`]).
pub(crate) fn rule_item(row: &SqliteRow) -> Result<SessionItem, StoreError> {
    let item_key: String = row.try_get("item_key").map_err(db)?;
    let status: String = row.try_get("status").map_err(db)?;
    let grade: Option<u8> = row.try_get("grade").map_err(db)?;
    let duration: Option<i64> = row.try_get("duration_ms").map_err(db)?;
    Ok(SessionItem {
        id: row.try_get("id").map_err(db)?,
        position: row.try_get("position").map_err(db)?,
        item: ItemKey::from_str(&item_key).map_err(StoreError::corrupt)?,
        reason: from_name(row.try_get("reason").map_err(db)?)?,
        exercise_type: from_name(row.try_get("exercise_type").map_err(db)?)?,
        status: ItemStatus::from_str(&status).map_err(StoreError::corrupt)?,
        correct: row.try_get("correct").map_err(db)?,
        rating: grade
            .map(Rating::try_from)
            .transpose()
            .map_err(StoreError::corrupt)?,
        duration_ms: duration.map(|d| u64::try_from(d).unwrap_or(0)),
        answered_at: row
            .try_get::<Option<i64>, _>("answered_at")
            .map_err(db)?
            .map(Timestamp),
        answered_seq: row.try_get("answered_seq").map_err(db)?,
        relearn_of: row.try_get("relearn_of").map_err(db)?,
        skips: u32::try_from(row.try_get::<i64, _>("skips").map_err(db)?)
            .map_err(StoreError::corrupt)?,
    })
}

/// An item with its exercise and answer (a row with [`ITEM_COLUMNS`]).
pub(crate) fn stored_item(row: &SqliteRow) -> Result<StoredItem, StoreError> {
    let item = rule_item(row)?;
    let (prompt, solution, answer): (Option<&str>, Option<&str>, Option<&str>) = (
        row.try_get("prompt").map_err(db)?,
        row.try_get("solution").map_err(db)?,
        row.try_get("answer").map_err(db)?,
    );
    let (Some(prompt), Some(solution)) = (prompt, solution) else {
        return Err(StoreError::corrupt(format!(
            "session item {} has no exercise",
            item.id
        )));
    };
    Ok(StoredItem {
        item,
        exercise: GeneratedExercise {
            prompt: from_json(prompt)?,
            solution: from_json(solution)?,
        },
        answer: answer.map(from_json).transpose()?,
    })
}

/// A memory state from a row whose state columns carry `prefix` (`""` for
/// a row of `memory_states` itself).
pub(crate) fn memory_state(
    row: &SqliteRow,
    prefix: &str,
) -> Result<(ItemKey, MemoryState), StoreError> {
    let column = |name: &str| format!("{prefix}{name}");
    let key: String = row.try_get(column("item_key").as_str()).map_err(db)?;
    Ok((
        ItemKey::from_str(&key).map_err(StoreError::corrupt)?,
        MemoryState {
            stability: row
                .try_get::<f64, _>(column("stability").as_str())
                .map_err(db)? as f32,
            difficulty: row
                .try_get::<f64, _>(column("difficulty").as_str())
                .map_err(db)? as f32,
            last_review: Timestamp(row.try_get(column("last_review").as_str()).map_err(db)?),
            due: Timestamp(row.try_get(column("due").as_str()).map_err(db)?),
            reps: row.try_get(column("reps").as_str()).map_err(db)?,
            lapses: row.try_get(column("lapses").as_str()).map_err(db)?,
        },
    ))
}

/// The settings (`settings`) and FSRS parameters (`parameters`) a session
/// schedules with, from a query on `sessions`: those it started with, or
/// the learner's current ones for a session started before sessions kept
/// them.
pub(crate) const SCHEDULING_COLUMNS: &str = "coalesce(sessions.settings,
             (SELECT json FROM settings WHERE settings.user_id = sessions.user_id)) AS settings,
           coalesce(sessions.parameters,
             (SELECT parameters FROM learner_parameters WHERE learner_parameters.user_id = sessions.user_id), '[]') AS parameters";

/// The settings and FSRS parameters of a row with [`SCHEDULING_COLUMNS`].
pub(crate) fn scheduling(row: &SqliteRow) -> Result<(Settings, Vec<f32>), StoreError> {
    let settings = settings_from(row.try_get("settings").map_err(db)?)?;
    let parameters: Vec<f32> = from_json(row.try_get("parameters").map_err(db)?)?;
    Ok((settings, parameters))
}
