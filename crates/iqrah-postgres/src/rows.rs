//! Rows as values: the columns each query selects, and the decoding of
//! sessions, items, memory states, a session's scheduling, accounts and
//! classes.

use std::str::FromStr;

use iqrah_core::account::{Role, Username};
use iqrah_core::exercise::GeneratedExercise;
use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::session::{ItemStatus, SessionItem, SessionStatus};
use iqrah_core::settings::Settings;
use iqrah_core::time::Timestamp;
use iqrah_store::{
    Account, ClassId, ClassRecord, Member, SessionId, SessionRow, StoreError, StoredItem, UserId,
};
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::codec::{count_from_sql, from_json, from_name};
use crate::error::db;

/// The columns of `sessions` that [`session_row`] reads (JSONB as text).
pub(crate) const SESSION_COLUMNS: &str = "id, user_id, goal_id, status, seed, started_at, completed_at, items_count, \
     items_completed, goal_before::text AS goal_before, summary::text AS summary";

/// A row of `sessions` with [`SESSION_COLUMNS`].
pub(crate) fn session_row(row: &PgRow) -> Result<SessionRow, StoreError> {
    let status: String = row.try_get("status").map_err(db)?;
    let summary: Option<String> = row.try_get("summary").map_err(db)?;
    let goal_before: String = row.try_get("goal_before").map_err(db)?;
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
        goal_before: from_json(&goal_before)?,
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
pub(crate) const ITEM_COLUMNS: &str = concat!(
    rule_columns!(),
    ", prompt::text AS prompt, solution::text AS solution, answer::text AS answer"
);

/// An item without its exercise (a row with [`RULE_COLUMNS`]).
pub(crate) fn rule_item(row: &PgRow) -> Result<SessionItem, StoreError> {
    let item_key: String = row.try_get("item_key").map_err(db)?;
    let status: String = row.try_get("status").map_err(db)?;
    let reason: String = row.try_get("reason").map_err(db)?;
    let exercise_type: String = row.try_get("exercise_type").map_err(db)?;
    let grade: Option<i16> = row.try_get("grade").map_err(db)?;
    let duration: Option<i64> = row.try_get("duration_ms").map_err(db)?;
    Ok(SessionItem {
        id: row.try_get("id").map_err(db)?,
        position: row.try_get("position").map_err(db)?,
        item: ItemKey::from_str(&item_key).map_err(StoreError::corrupt)?,
        reason: from_name(&reason)?,
        exercise_type: from_name(&exercise_type)?,
        status: ItemStatus::from_str(&status).map_err(StoreError::corrupt)?,
        correct: row.try_get("correct").map_err(db)?,
        rating: grade
            .map(|g| {
                u8::try_from(g)
                    .map_err(StoreError::corrupt)
                    .and_then(|g| Rating::try_from(g).map_err(StoreError::corrupt))
            })
            .transpose()?,
        duration_ms: duration.map(count_from_sql).transpose()?,
        answered_at: row
            .try_get::<Option<i64>, _>("answered_at")
            .map_err(db)?
            .map(Timestamp),
        answered_seq: row.try_get("answered_seq").map_err(db)?,
        relearn_of: row.try_get("relearn_of").map_err(db)?,
        skips: count_from_sql(row.try_get::<i64, _>("skips").map_err(db)?)?,
    })
}

/// An item with its exercise and answer (a row with [`ITEM_COLUMNS`]).
pub(crate) fn stored_item(row: &PgRow) -> Result<StoredItem, StoreError> {
    let item = rule_item(row)?;
    let prompt: String = row.try_get("prompt").map_err(db)?;
    let solution: String = row.try_get("solution").map_err(db)?;
    let answer: Option<String> = row.try_get("answer").map_err(db)?;
    Ok(StoredItem {
        item,
        exercise: GeneratedExercise {
            prompt: from_json(&prompt)?,
            solution: from_json(&solution)?,
        },
        answer: answer.as_deref().map(from_json).transpose()?,
    })
}

/// The columns of `memory_states` that [`memory_state`] reads.
pub(crate) const STATE_COLUMNS: &str =
    "item_key, stability, difficulty, last_review, due, reps, lapses";

/// A memory state (a row with [`STATE_COLUMNS`]).
pub(crate) fn memory_state(row: &PgRow) -> Result<(ItemKey, MemoryState), StoreError> {
    let key: String = row.try_get("item_key").map_err(db)?;
    Ok((
        ItemKey::from_str(&key).map_err(StoreError::corrupt)?,
        state_fields(row, row.try_get("stability").map_err(db)?)?,
    ))
}

/// The state columns of [`MEMORY_STATE_OF_ITEM`] beside an item's: its
/// memory state, or `None` when the columns are NULL (the item is new).
pub(crate) fn item_state(row: &PgRow) -> Result<Option<MemoryState>, StoreError> {
    row.try_get::<Option<f32>, _>("stability")
        .map_err(db)?
        .map(|stability| state_fields(row, stability))
        .transpose()
}

/// A join of `session_items` with the learner's memory state of each
/// item's item (`LEFT JOIN LATERAL … ON true`), whose state columns
/// [`item_state`] reads.
pub(crate) const MEMORY_STATE_OF_ITEM: &str = "LEFT JOIN LATERAL (
       SELECT stability, difficulty, last_review, due, reps, lapses FROM memory_states m
       WHERE m.user_id = session_items.user_id AND m.item_key = session_items.item_key
     ) AS state ON true";

/// The memory state in a row's state columns, given its stability.
fn state_fields(row: &PgRow, stability: f32) -> Result<MemoryState, StoreError> {
    Ok(MemoryState {
        stability,
        difficulty: row.try_get("difficulty").map_err(db)?,
        last_review: Timestamp(row.try_get("last_review").map_err(db)?),
        due: Timestamp(row.try_get("due").map_err(db)?),
        reps: count_from_sql(row.try_get::<i64, _>("reps").map_err(db)?)?,
        lapses: count_from_sql(row.try_get::<i64, _>("lapses").map_err(db)?)?,
    })
}

/// The settings and FSRS parameters a session schedules with (those it
/// started with), from a query on `sessions`.
pub(crate) const SCHEDULING_COLUMNS: &str =
    "settings::text AS settings, parameters::text AS parameters";

/// The settings and FSRS parameters of a row with [`SCHEDULING_COLUMNS`].
pub(crate) fn scheduling(row: &PgRow) -> Result<(Settings, Vec<f32>), StoreError> {
    let settings: String = row.try_get("settings").map_err(db)?;
    let parameters: String = row.try_get("parameters").map_err(db)?;
    Ok((from_json(&settings)?, from_json(&parameters)?))
}

/// The columns of `accounts` that [`account`] reads, named with their table
/// so that a join with `api_tokens` (which has `user_id` and `created_at`
/// too) reads the account's.
pub(crate) const ACCOUNT_COLUMNS: &str = "accounts.user_id, accounts.username, accounts.role, \
     accounts.password_hash, accounts.credentials_version, accounts.disabled, accounts.created_at";

/// An account (a row with [`ACCOUNT_COLUMNS`]). A user name is stored as
/// it parses (trimmed, lowercased): one that parses to another is damage,
/// since looking it up by its parsed name would miss it.
pub(crate) fn account(row: &PgRow) -> Result<Account, StoreError> {
    let role: String = row.try_get("role").map_err(db)?;
    Ok(Account {
        id: UserId::new(row.try_get::<String, _>("user_id").map_err(db)?),
        username: stored_username(row, "username")?,
        role: Role::from_str(&role).map_err(StoreError::corrupt)?,
        password_hash: row.try_get("password_hash").map_err(db)?,
        credentials_version: row.try_get("credentials_version").map_err(db)?,
        disabled: row.try_get("disabled").map_err(db)?,
        created_at: Timestamp(row.try_get("created_at").map_err(db)?),
    })
}

/// The user name in `column`, which must be stored as it parses.
fn stored_username(row: &PgRow, column: &str) -> Result<Username, StoreError> {
    let username: String = row.try_get(column).map_err(db)?;
    let parsed = Username::from_str(&username).map_err(StoreError::corrupt)?;
    if parsed.as_str() != username {
        return Err(StoreError::corrupt(format!(
            "the user name {username:?} is not stored as it parses ({parsed})"
        )));
    }
    Ok(parsed)
}

/// The columns that [`class`] reads, from `classes` joined with its
/// teacher's row of `accounts`.
pub(crate) const CLASS_COLUMNS: &str = "classes.class_id, classes.teacher_id, \
     accounts.username AS teacher_name, classes.name, classes.goal, classes.join_code, \
     classes.created_at";

/// A class (a row with [`CLASS_COLUMNS`]).
pub(crate) fn class(row: &PgRow) -> Result<ClassRecord, StoreError> {
    Ok(ClassRecord {
        id: ClassId::new(row.try_get::<String, _>("class_id").map_err(db)?),
        teacher: UserId::new(row.try_get::<String, _>("teacher_id").map_err(db)?),
        teacher_name: stored_username(row, "teacher_name")?,
        name: row.try_get("name").map_err(db)?,
        goal: row.try_get("goal").map_err(db)?,
        join_code: row.try_get("join_code").map_err(db)?,
        created_at: Timestamp(row.try_get("created_at").map_err(db)?),
    })
}

/// A member of a class: `class_members.user_id`, `joined_at` and the
/// member's `username`.
pub(crate) fn member(row: &PgRow) -> Result<Member, StoreError> {
    Ok(Member {
        user: UserId::new(row.try_get::<String, _>("user_id").map_err(db)?),
        username: stored_username(row, "username")?,
        joined_at: Timestamp(row.try_get("joined_at").map_err(db)?),
    })
}
