//! Owned, serializable DTOs of the session API.

use iqrah_core::exercise::{CheckOutcome, ExercisePrompt};
use iqrah_core::summary::SessionSummary;
use iqrah_storage::{SessionRow, StoredItem};
use serde::{Deserialize, Serialize};

/// A session, with the original design's columns and its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDto {
    /// The session id (a UUID).
    pub id: String,
    /// The learner.
    pub user_id: String,
    /// The goal (`surah:112`, `juz:30`, `range:2:1-2:20`, `review`).
    pub goal_id: String,
    /// `active`, `completed` or `abandoned`.
    pub status: String,
    /// Start, in milliseconds since the Unix epoch.
    pub started_at: i64,
    /// Completion or abandonment, in milliseconds since the Unix epoch.
    pub completed_at: Option<i64>,
    /// Items in the session, relearning copies included.
    pub items_count: i64,
    /// Items answered.
    pub items_completed: i64,
}

impl From<&SessionRow> for SessionDto {
    fn from(row: &SessionRow) -> Self {
        SessionDto {
            id: row.id.clone(),
            user_id: row.user_id.clone(),
            goal_id: row.goal_id.clone(),
            status: row.status.as_str().to_owned(),
            started_at: row.started_at.millis(),
            completed_at: row.completed_at.map(|t| t.millis()),
            items_count: row.items_count,
            items_completed: row.items_completed,
        }
    }
}

/// The item a session waits for, with its exercise (never its answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionItemDto {
    /// The session.
    pub session_id: String,
    /// The item's node id, to send back with its answer (`2:255/memorization`).
    pub node_id: String,
    /// The receipt its answer will get.
    pub item_id: i64,
    /// 1-based place of this item among the session's items.
    pub index: i64,
    /// Items in the session.
    pub items_count: i64,
    /// `memorization`, `continuity` or `meaning`.
    pub skill: String,
    /// `review`, `new` or `practice_ahead`.
    pub reason: String,
    /// Whether it is a relearning copy of an item answered Again earlier.
    pub relearning: bool,
    /// The exercise to render (`type` says which).
    pub exercise: ExercisePrompt,
}

impl SessionItemDto {
    pub(crate) fn new(session: &SessionRow, stored: &StoredItem, index: i64) -> Self {
        SessionItemDto {
            session_id: session.id.clone(),
            node_id: stored.item.item.to_string(),
            item_id: stored.item.id,
            index,
            items_count: session.items_count,
            skill: stored.item.item.skill().as_str().to_owned(),
            reason: match stored.item.reason {
                iqrah_core::planner::Reason::Review => "review",
                iqrah_core::planner::Reason::New => "new",
                iqrah_core::planner::Reason::PracticeAhead => "practice_ahead",
                iqrah_core::planner::Reason::Manzil => "manzil",
            }
            .to_owned(),
            relearning: stored.item.relearn_of.is_some(),
            exercise: stored.exercise.prompt.clone(),
        }
    }
}

/// The result of checking an answer.
pub type CheckResultDto = CheckOutcome;

/// The end-of-session summary with its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummaryDto {
    /// The session, now completed.
    pub session: SessionDto,
    /// The figures.
    #[serde(flatten)]
    pub summary: SessionSummary,
}
