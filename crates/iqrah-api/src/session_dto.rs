//! Owned, serializable DTOs of the session API.

use iqrah_core::exercise::{CheckOutcome, ExercisePrompt};
use iqrah_core::item::Skill;
use iqrah_core::memory::GradePreview;
use iqrah_core::planner::Reason;
use iqrah_core::session::SessionStatus;
use iqrah_core::summary::SessionSummary;
use iqrah_quran::{Translation, Verse};
use iqrah_store::{SessionRow, StoredItem};
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
    pub status: SessionStatus,
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
            id: row.id.to_string(),
            user_id: row.user_id.to_string(),
            goal_id: row.goal_id.clone(),
            status: row.status,
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
    pub skill: Skill,
    /// `review`, `new`, `practice_ahead` or `manzil`.
    pub reason: Reason,
    /// Whether it is a relearning copy of an item answered Again earlier.
    pub relearning: bool,
    /// The page of the Madani mushaf (1–604) on which the item's verse begins.
    pub page: u16,
    /// The exercise to render (`type` says which).
    pub exercise: ExercisePrompt,
    /// What each grade, Again to Easy, leads to: when the item would next
    /// be due, from its memory state now and the session's scheduler.
    pub grades: [GradePreview; 4],
}

impl SessionItemDto {
    pub(crate) fn new(
        session: &SessionRow,
        stored: &StoredItem,
        index: i64,
        grades: [GradePreview; 4],
    ) -> Self {
        SessionItemDto {
            session_id: session.id.to_string(),
            node_id: stored.item.item.to_string(),
            item_id: stored.item.id,
            index,
            items_count: session.items_count,
            skill: stored.item.item.skill(),
            reason: stored.item.reason,
            relearning: stored.item.relearn_of.is_some(),
            page: iqrah_quran::page_of(stored.item.item.verse()),
            exercise: stored.exercise.prompt.clone(),
            grades,
        }
    }
}

/// A verse shown after an answer, whole: the learner's mistakes are marked
/// in `words` by the outcome's `marked` positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerVerseDto {
    /// Its reference (`112:2`).
    pub reference: String,
    /// The exact Uthmani text.
    pub text: String,
    /// Its words in reading order (position 0 first).
    pub words: Vec<String>,
    /// Its translation in the session's language.
    pub translation: String,
}

impl AnswerVerseDto {
    pub(crate) fn new(verse: &Verse, translation: &Translation) -> Self {
        AnswerVerseDto {
            reference: verse.key.to_string(),
            text: verse.text.clone(),
            words: verse.words.clone(),
            translation: translation.text(verse.key).to_owned(),
        }
    }
}

/// The result of checking an answer: the core's outcome and the item's
/// verse in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResultDto {
    /// Right or wrong, the expected answer, the diff, the suggested grade
    /// and the marked words.
    #[serde(flatten)]
    pub outcome: CheckOutcome,
    /// The item's verse.
    pub verse: AnswerVerseDto,
    /// For a continuity item, the verse that follows (`None` otherwise, or
    /// at the end of a surah).
    pub next: Option<AnswerVerseDto>,
    /// When the answer gave the words of a verse that looks like the item's
    /// (`outcome.confused_with`), that verse beside it, the differing words
    /// marked on both sides: the side-by-side view after a look-alike
    /// mistake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confusion: Option<crate::dto::LookAlikeDto>,
}

/// What a submit gives back: the receipt of the answer and the item that
/// now waits, read after the answer was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitResultDto {
    /// The receipt (the answered session item's id, as text); a retry gets
    /// the first one.
    pub receipt: String,
    /// The item now current; `None` when the session has nothing left.
    pub next: Option<SessionItemDto>,
}

/// What "I don't know / show answer" gives: the receipt of the Again it
/// recorded, the verse, and the item now current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownAnswerDto {
    /// The receipt of the recorded Again (as a submit's).
    pub receipt: String,
    /// The item's verse, whole.
    pub verse: AnswerVerseDto,
    /// The item now current, if any is left.
    pub next: Option<SessionItemDto>,
}

/// An item answered Again or Hard in a session, with its verse's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedDto {
    /// The verse (`112:2`).
    pub reference: String,
    /// Its exact text.
    pub text: String,
    /// The item's lowest grade in the session: 1 (Again) or 2 (Hard).
    pub rating: u8,
    /// `memorization`, `continuity` or `meaning`.
    pub skill: Skill,
}

/// The end-of-session summary with its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummaryDto {
    /// The session, now completed.
    pub session: SessionDto,
    /// The goal as a learner names it ("Al-Ikhlas", "Juz 30").
    pub goal_name: String,
    /// The items answered Again or Hard, once each, in the order they
    /// were first answered so.
    pub missed: Vec<MissedDto>,
    /// The figures.
    #[serde(flatten)]
    pub summary: SessionSummary,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

    use super::*;

    #[test]
    fn typed_fields_serialize_as_the_names_clients_read() {
        let session = SessionDto {
            id: "s".into(),
            user_id: "local".into(),
            goal_id: "surah:112".into(),
            status: SessionStatus::Abandoned,
            started_at: 1,
            completed_at: None,
            items_count: 2,
            items_completed: 0,
        };
        let json = serde_json::to_value(&session).unwrap();
        assert_eq!(json["status"], "abandoned");
        assert_eq!(serde_json::from_value::<SessionDto>(json).unwrap(), session);
        let missed = MissedDto {
            reference: "112:2".into(),
            text: "t".into(),
            rating: 1,
            skill: Skill::Continuity,
        };
        assert_eq!(
            serde_json::to_value(&missed).unwrap()["skill"],
            "continuity"
        );
        assert_eq!(
            serde_json::to_value(Reason::PracticeAhead).unwrap(),
            "practice_ahead"
        );
    }
}
