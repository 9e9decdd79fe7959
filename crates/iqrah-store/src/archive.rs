//! A learner's whole history as one value: what moves with them from one
//! backend to another (a local learner's SQLite file into a server
//! account). [`crate::UserStore::export_learner`] reads it,
//! [`crate::UserStore::import_learner`] writes it.
//!
//! It holds the settings, the fitted parameters, every memory state, every
//! answer of the review log with the states around it, and the sessions
//! that ended (completed or abandoned) with their summaries. Not their
//! items: an exercise is drawn for one session and is never shown again,
//! and the review log already holds every answer. An active session is
//! left out; its answers are in the log.

use iqrah_core::item::ItemKey;
use iqrah_core::memory::{MemoryState, Rating};
use iqrah_core::progress::VerseProgress;
use iqrah_core::session::SessionStatus;
use iqrah_core::settings::Settings;
use iqrah_core::summary::SessionSummary;
use iqrah_core::time::Timestamp;
use serde::{Deserialize, Serialize};

use crate::ids::SessionId;
use crate::records::LearnerParameters;

/// One learner's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnerArchive {
    /// Their settings.
    pub settings: Settings,
    /// Their fitted FSRS parameters and last fit, if one ever ran.
    pub parameters: Option<LearnerParameters>,
    /// Every memory state, by item.
    pub memory_states: Vec<ArchivedState>,
    /// The sessions that ended, by start.
    pub sessions: Vec<ArchivedSession>,
    /// Every answer, oldest first.
    pub reviews: Vec<ArchivedReview>,
}

/// An item's memory state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedState {
    /// The item (`112:1/memorization`).
    pub item: ItemKey,
    /// What the scheduler knows of it.
    pub state: MemoryState,
}

/// A session that ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedSession {
    /// Its id.
    pub id: SessionId,
    /// Its goal (`surah:112`).
    pub goal_id: String,
    /// Completed or abandoned.
    pub status: SessionStatus,
    /// The seed its exercises were drawn from.
    pub seed: i64,
    /// When it started.
    pub started_at: Timestamp,
    /// When it ended.
    pub completed_at: Option<Timestamp>,
    /// Items it had, relearning copies included.
    pub items_count: i64,
    /// Items answered.
    pub items_completed: i64,
    /// The goal's verses when it started.
    pub goal_before: VerseProgress,
    /// Its summary, once completed.
    pub summary: Option<SessionSummary>,
    /// The learner's settings when it started.
    pub settings: Settings,
    /// The FSRS parameters it scheduled with (empty: the defaults).
    pub parameters: Vec<f32>,
}

/// One answer of the review log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedReview {
    /// The item answered.
    pub item: ItemKey,
    /// The grade.
    pub rating: Rating,
    /// When.
    pub reviewed_at: Timestamp,
    /// Days since the item's previous review, by the learner's day.
    pub elapsed_days: f64,
    /// The answer time (a recited passage's share of it).
    pub duration_ms: i64,
    /// The state before (`None` for a first review).
    pub state_before: Option<MemoryState>,
    /// The state after.
    pub state_after: MemoryState,
}
