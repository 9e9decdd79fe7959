//! A learner's history as a file: exported from one Iqrah (a local
//! learner's SQLite file) and imported into another (a server account).
//! The format is documented in docs/learner-archive.md.

use std::collections::HashSet;
use std::str::FromStr;

use iqrah_core::goal::Goal;
use iqrah_core::session::SessionStatus;
use iqrah_core::time::Timestamp;
use iqrah_store::{LearnerArchive, SessionId, UserId, UserStore};
use serde::{Deserialize, Serialize};

use crate::app::Iqrah;
use crate::error::ApiError;
use crate::session::check_user;

/// The `format` of an archive file.
pub const ARCHIVE_FORMAT: &str = "iqrah-learner-archive";
/// The version of the format this Iqrah writes and reads.
pub const ARCHIVE_VERSION: u32 = 1;

/// A learner's history with the header that names its format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnerArchiveDto {
    /// Always [`ARCHIVE_FORMAT`].
    pub format: String,
    /// The format's version, [`ARCHIVE_VERSION`].
    pub version: u32,
    /// When it was exported, ms since the epoch.
    pub exported_at: Timestamp,
    /// The history.
    pub learner: LearnerArchive,
}

impl LearnerArchiveDto {
    /// Reads an archive file's text: JSON with this format's header, or
    /// [`ArchiveError::Invalid`] naming what is wrong.
    pub fn from_json(text: &str) -> Result<Self, ApiError> {
        #[derive(Deserialize)]
        struct Header {
            format: String,
            version: u32,
        }
        let header: Header = serde_json::from_str(text)
            .map_err(|e| ArchiveError::Invalid(format!("not an Iqrah learner archive: {e}")))?;
        if header.format != ARCHIVE_FORMAT {
            return Err(ArchiveError::Invalid(format!(
                "the format is {:?}, not {ARCHIVE_FORMAT:?}",
                iqrah_quran::shorten(&header.format)
            ))
            .into());
        }
        if header.version != ARCHIVE_VERSION {
            return Err(ArchiveError::Invalid(format!(
                "version {} of the format; this Iqrah reads version {ARCHIVE_VERSION}",
                header.version
            ))
            .into());
        }
        Ok(serde_json::from_str(text).map_err(|e| ArchiveError::Invalid(e.to_string()))?)
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedDto {
    /// Memory states.
    pub memory_states: usize,
    /// Sessions (each with a new id).
    pub sessions: usize,
    /// Answers of the review log.
    pub reviews: usize,
}

impl Iqrah {
    /// `user`'s whole history: settings, fitted parameters, memory
    /// states, the sessions that ended and every answer (an active session
    /// is left out; its answers are in the log).
    pub async fn export_learner(&self, user: &UserId) -> Result<LearnerArchiveDto, ApiError> {
        check_user(user)?;
        let learner = self.store().await?.export_learner(user).await?;
        Ok(LearnerArchiveDto {
            format: ARCHIVE_FORMAT.to_owned(),
            version: ARCHIVE_VERSION,
            exported_at: self.now(),
            learner,
        })
    }

    /// Writes `archive` as `user`'s history, in one transaction, only into
    /// a learner with none ([`ArchiveError::LearnerNotEmpty`] otherwise, so
    /// that an import run twice never doubles anything). The archive is
    /// checked first ([`ArchiveError::Invalid`]); each session gets a new
    /// id, so one archive can be imported into several accounts.
    pub async fn import_learner(
        &self,
        user: &UserId,
        archive: LearnerArchiveDto,
    ) -> Result<ImportedDto, ApiError> {
        check_user(user)?;
        let mut learner = archive.learner;
        check(&learner)?;
        for session in &mut learner.sessions {
            session.id = SessionId::new(uuid::Uuid::new_v4().to_string());
        }
        self.store().await?.import_learner(user, &learner).await?;
        Ok(ImportedDto {
            memory_states: learner.memory_states.len(),
            sessions: learner.sessions.len(),
            reviews: learner.reviews.len(),
        })
    }
}

/// What the types do not hold of an archive: valid settings, one state
/// per item, closed sessions of real goals, and review times and
/// durations that are not negative.
fn check(learner: &LearnerArchive) -> Result<(), ArchiveError> {
    let invalid = |what: String| ArchiveError::Invalid(what);
    learner
        .settings
        .validate()
        .map_err(|e| invalid(format!("settings: {e}")))?;
    for session in &learner.sessions {
        let id = iqrah_quran::shorten(session.id.as_str());
        if session.status == SessionStatus::Active {
            return Err(invalid(format!(
                "session {id:?} is active: only sessions that ended are imported"
            )));
        }
        Goal::from_str(&session.goal_id).map_err(|e| invalid(format!("session {id:?}: {e}")))?;
        session
            .settings
            .validate()
            .map_err(|e| invalid(format!("session {id:?}'s settings: {e}")))?;
        if session.items_count < 0
            || session.items_completed < 0
            || session.items_completed > session.items_count
        {
            return Err(invalid(format!("session {id:?}: impossible item counts")));
        }
    }
    let mut items = HashSet::new();
    for archived in &learner.memory_states {
        if !items.insert(archived.item) {
            return Err(invalid(format!("two memory states for {}", archived.item)));
        }
    }
    for review in &learner.reviews {
        if review.duration_ms < 0 || review.elapsed_days < 0.0 || !review.elapsed_days.is_finite() {
            return Err(invalid(format!(
                "a review of {} at {} with a negative time",
                review.item, review.reviewed_at.0
            )));
        }
    }
    Ok(())
}

/// Why an archive was not exported or imported.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The file is not a learner archive this Iqrah reads, or holds
    /// something impossible; nothing was written.
    #[error("invalid learner archive: {0}")]
    Invalid(String),
    /// The learner already has a history; nothing was written.
    #[error(
        "this learner already has a history (memory states, sessions or answers): an archive is imported only into a new account"
    )]
    LearnerNotEmpty,
}

impl ArchiveError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ArchiveError::Invalid(_) => "invalid_archive",
            ArchiveError::LearnerNotEmpty => "learner_not_empty",
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            ArchiveError::Invalid(_) => crate::ErrorKind::Invalid,
            ArchiveError::LearnerNotEmpty => crate::ErrorKind::Conflict,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

    use super::*;

    /// An empty learner's archive with `settings`.
    fn archive_with(settings: &str) -> String {
        format!(
            r#"{{"format":"{ARCHIVE_FORMAT}","version":{ARCHIVE_VERSION},"exported_at":0,
              "learner":{{"settings":{settings},"parameters":null,"memory_states":[],
                          "sessions":[],"reviews":[]}}}}"#
        )
    }

    #[test]
    fn a_setting_missing_from_an_archive_takes_its_default_and_an_unknown_one_is_refused() {
        // Written before the learner could skip the meaning.
        let read = LearnerArchiveDto::from_json(&archive_with(r#"{"session_size":9}"#)).unwrap();
        assert_eq!(read.learner.settings.session_size, 9);
        assert!(read.learner.settings.practise_meaning);
        let skipping =
            LearnerArchiveDto::from_json(&archive_with(r#"{"practise_meaning":false}"#)).unwrap();
        assert!(!skipping.learner.settings.practise_meaning);
        let error =
            LearnerArchiveDto::from_json(&archive_with(r#"{"colour":"blue"}"#)).unwrap_err();
        assert_eq!(error.code(), "invalid_archive", "{error}");
        assert!(error.to_string().contains("colour"), "{error}");
    }
}
