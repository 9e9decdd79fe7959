//! The API's error type, with a stable code per kind for scripts and clients.

use iqrah_content::{ContentError, ImportError};
use iqrah_core::goal::GoalError;
use iqrah_core::placement::PlacementError;
use iqrah_core::session::SessionError;
use iqrah_quran::KeyError;
use iqrah_sqlite::OpenError;
use iqrah_store::StoreError;

/// Everything an API call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A verse key, range, surah or juz that does not exist or does not parse.
    #[error(transparent)]
    InvalidReference(#[from] KeyError),
    /// No translation in the requested language.
    #[error("{0}")]
    UnknownLanguage(ContentError),
    /// The content database is missing and cannot be imported automatically.
    #[error("the Quran content is not imported and the quran-json package is not installed: run `{command}` in the Iqrah checkout, or `iqrah content import --from DIR` (looked in {})", looked_in.join(", "))]
    ContentPackageMissing {
        /// The install command.
        command: &'static str,
        /// The directories that were searched.
        looked_in: Vec<String>,
    },
    /// Importing the content failed.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The content database could not be opened or read.
    #[error(transparent)]
    Content(ContentError),
    /// A setting that does not exist or a value out of its range.
    #[error(transparent)]
    Setting(#[from] iqrah_core::settings::SettingError),
    /// A goal that does not parse or does not exist.
    #[error(transparent)]
    InvalidGoal(#[from] GoalError),
    /// A placement that cannot be made: no marks, too many, a mark that is
    /// not `GOAL=LEVEL`, `review`, or a level that does not exist (a goal
    /// that does not parse is [`ApiError::InvalidGoal`]).
    #[error(transparent)]
    InvalidPlacement(iqrah_core::placement::PlacementError),
    /// A user id that is empty, too long or has characters outside `A-Z a-z 0-9 . _ @ -`.
    #[error(
        "invalid user id {0:?}: use 1 to 64 characters among letters, digits, '.', '_', '@' and '-'"
    )]
    InvalidUser(String),
    /// No session has this id.
    #[error("unknown session {0:?}")]
    UnknownSession(String),
    /// The session's rules refused the action (not active, not the current item, bad grade, …).
    #[error(transparent)]
    Session(#[from] SessionError),
    /// The answer cannot be understood.
    #[error("invalid answer: {0}")]
    InvalidAnswer(String),
    /// The goal has nothing to practise.
    #[error("nothing to practise for {goal}: {reason}")]
    NothingToPractise {
        /// The goal.
        goal: String,
        /// Why.
        reason: &'static str,
    },
    /// Nothing of the goal is due, no new verse is left for today and no
    /// item outside the goal is due: the learner is done for today (ask
    /// for practice-ahead to go on).
    #[error("{message}")]
    DoneForToday {
        /// When the learner's next item comes due (the earliest due of
        /// their memory states), if they have any.
        next_due_at: Option<iqrah_core::time::Timestamp>,
        /// How many items come due on the learner's next day.
        due_tomorrow: u32,
        /// What the learner reads ("Done for today: …").
        message: String,
    },
    /// A search that cannot be read (too long).
    #[error(transparent)]
    InvalidSearch(#[from] iqrah_core::find::FindError),
    /// A session time budget outside 1 to 240 minutes.
    #[error("invalid minutes {0}: a session's time budget is 1 to 240 minutes")]
    InvalidMinutes(u32),
    /// The review log is too short to fit FSRS parameters to it.
    #[error(
        "not enough reviews to fit personal scheduling parameters: {have} of the {need} needed (recitations of a verse on a later day than its previous recitation); keep practising"
    )]
    NotEnoughReviews {
        /// Training reviews in the log.
        have: usize,
        /// Training reviews needed.
        need: usize,
    },
    /// A reset or another fit of the learner's parameters was saved while
    /// this fit ran; the newer one stays and this fit is not recorded.
    #[error(
        "the personal scheduling parameters were reset or fitted again while this fit ran; the newer ones stay"
    )]
    FitSuperseded,
    /// The FSRS optimizer failed on the learner's log.
    #[error("fitting personal scheduling parameters failed: {0}")]
    FitFailed(String),
    /// The learner's database could not be opened: it is not Iqrah's, a
    /// newer Iqrah wrote it, or upgrading it failed.
    #[error(transparent)]
    OpenUserDb(OpenError),
    /// The PostgreSQL database could not be opened: the URL does not parse,
    /// the server is unreachable or refuses the role, a newer Iqrah
    /// migrated it, or upgrading it failed. Never shows a password.
    #[error(transparent)]
    OpenServerDb(iqrah_postgres::OpenError),
    /// The learner's database failed (full, damaged, or its backend's error).
    #[error(transparent)]
    Store(StoreError),
    /// An account call failed: bad credentials, a taken name, a missing
    /// invitation, a role that does not allow it, or no accounts here.
    #[error(transparent)]
    Account(#[from] crate::accounts::AccountError),
    /// A class call failed: a bad name, an unknown join code, or a class
    /// the caller does not have.
    #[error(transparent)]
    Class(#[from] crate::classes::ClassError),
    /// A learner archive was not imported: not one this Iqrah reads, or a
    /// learner who already has a history.
    #[error(transparent)]
    Archive(#[from] crate::archive::ArchiveError),
    /// A bug: something that cannot happen did.
    #[error("internal error: {0}")]
    Internal(String),
    /// The data directory is unusable.
    #[error("data directory {path}: {reason}")]
    DataDir {
        /// The directory.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// What kind of failure an [`ApiError`] is, for a client that maps failures
/// to its own terms (the web server to HTTP statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Nothing has the id asked for (another learner's session is unknown too).
    NotFound,
    /// The request is understood but the learner's data refuses it now: a
    /// closed session, another current item, nothing to undo or practise.
    Conflict,
    /// The input is wrong: a reference, goal, grade, answer, key or setting
    /// that does not parse or is out of range.
    Invalid,
    /// The request names no signed-in account, or its credentials are wrong.
    Unauthenticated,
    /// The signed-in account may not do this.
    Forbidden,
    /// Too many attempts lately: wait before the next.
    TooManyAttempts,
    /// The learner's storage is full; nothing was written.
    Full,
    /// The content, the storage or Iqrah itself failed.
    Internal,
}

impl ApiError {
    /// The kind of failure, one per [`ApiError::code`].
    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::UnknownSession(_) => ErrorKind::NotFound,
            ApiError::Session(error) => match error {
                SessionError::NotActive { .. }
                | SessionError::NotCurrentItem { .. }
                | SessionError::NothingToUndo
                | SessionError::AnswerUndone { .. }
                | SessionError::AlreadySkipped { .. } => ErrorKind::Conflict,
                SessionError::InvalidGrade(_)
                | SessionError::InvalidDuration { .. }
                | SessionError::InvalidAnswer(_)
                | SessionError::InvalidIdempotencyKey { .. }
                | SessionError::IdempotencyKeyReused { .. }
                | SessionError::InvalidPassage(_)
                | SessionError::NotAPassage { .. } => ErrorKind::Invalid,
            },
            ApiError::NothingToPractise { .. }
            | ApiError::DoneForToday { .. }
            | ApiError::FitSuperseded => ErrorKind::Conflict,
            ApiError::InvalidReference(_)
            | ApiError::UnknownLanguage(_)
            | ApiError::Setting(_)
            | ApiError::InvalidGoal(_)
            | ApiError::InvalidPlacement(_)
            | ApiError::InvalidUser(_)
            | ApiError::InvalidAnswer(_)
            | ApiError::InvalidMinutes(_)
            | ApiError::InvalidSearch(_)
            | ApiError::NotEnoughReviews { .. } => ErrorKind::Invalid,
            ApiError::Account(error) => error.kind(),
            ApiError::Class(error) => error.kind(),
            ApiError::Archive(error) => error.kind(),
            ApiError::OpenUserDb(OpenError::Store(StoreError::Full))
            | ApiError::Store(StoreError::Full) => ErrorKind::Full,
            ApiError::ContentPackageMissing { .. }
            | ApiError::Import(_)
            | ApiError::Content(_)
            | ApiError::FitFailed(_)
            | ApiError::OpenUserDb(_)
            | ApiError::OpenServerDb(_)
            | ApiError::Store(_)
            | ApiError::Internal(_)
            | ApiError::DataDir { .. } => ErrorKind::Internal,
        }
    }

    /// A stable, machine-readable code for the error's kind.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidReference(_) => "invalid_reference",
            ApiError::UnknownLanguage(_) => "unknown_language",
            ApiError::ContentPackageMissing { .. } => "content_package_missing",
            ApiError::Import(_) => "content_import_failed",
            ApiError::Content(ContentError::NotOurs { .. }) => "content_db_not_ours",
            ApiError::Content(_) => "content_unavailable",
            ApiError::DataDir { .. } => "data_dir_unusable",
            ApiError::InvalidGoal(_) => "invalid_goal",
            ApiError::InvalidPlacement(error) => match error {
                PlacementError::Level(_) => "invalid_level",
                PlacementError::Review | PlacementError::Goal(_) => "invalid_goal",
                PlacementError::NoMarks
                | PlacementError::TooManyMarks { .. }
                | PlacementError::Malformed { .. } => "invalid_placement",
            },
            ApiError::Setting(iqrah_core::settings::SettingError::UnknownKey { .. }) => {
                "unknown_setting"
            }
            ApiError::Setting(iqrah_core::settings::SettingError::Invalid { .. }) => {
                "invalid_setting"
            }
            ApiError::InvalidUser(_) => "invalid_user",
            ApiError::UnknownSession(_) => "unknown_session",
            ApiError::Session(error) => match error {
                SessionError::NotActive { .. } => "session_not_active",
                SessionError::NotCurrentItem { .. } => "not_current_item",
                SessionError::InvalidGrade(_) => "invalid_grade",
                SessionError::InvalidDuration { .. } => "invalid_duration",
                SessionError::NothingToUndo => "nothing_to_undo",
                SessionError::InvalidAnswer(_) => "invalid_answer",
                SessionError::InvalidIdempotencyKey { .. } => "invalid_idempotency_key",
                SessionError::IdempotencyKeyReused { .. } => "idempotency_key_reused",
                SessionError::AnswerUndone { .. } => "answer_undone",
                SessionError::AlreadySkipped { .. } => "already_skipped",
                SessionError::InvalidPassage(_) => "invalid_passage",
                SessionError::NotAPassage { .. } => "not_a_passage",
            },
            ApiError::InvalidAnswer(_) => "invalid_answer",
            ApiError::NothingToPractise { .. } => "nothing_to_practise",
            ApiError::DoneForToday { .. } => "done_for_today",
            ApiError::InvalidMinutes(_) => "invalid_minutes",
            ApiError::InvalidSearch(_) => "invalid_search",
            ApiError::NotEnoughReviews { .. } => "not_enough_reviews",
            ApiError::FitFailed(_) => "fit_failed",
            ApiError::FitSuperseded => "fit_superseded",
            ApiError::OpenUserDb(error) => match error {
                OpenError::NotOurs { .. } => "user_db_not_ours",
                OpenError::TooNew { .. } => "user_db_too_new",
                OpenError::Store(StoreError::Full) => "user_db_full",
                _ => "storage",
            },
            ApiError::OpenServerDb(error) => match error {
                iqrah_postgres::OpenError::Url(_) => "database_url_invalid",
                iqrah_postgres::OpenError::Connect { .. }
                | iqrah_postgres::OpenError::Unreachable { .. } => "database_unreachable",
                iqrah_postgres::OpenError::TooNew { .. } => "user_db_too_new",
                _ => "storage",
            },
            ApiError::Store(error) => match error {
                StoreError::Full => "user_db_full",
                _ => "storage",
            },
            ApiError::Account(error) => error.code(),
            ApiError::Class(error) => error.code(),
            ApiError::Archive(error) => error.code(),
            ApiError::Internal(_) => "internal",
        }
    }
}

impl From<PlacementError> for ApiError {
    fn from(error: PlacementError) -> Self {
        match error {
            PlacementError::Goal(goal) => ApiError::InvalidGoal(goal),
            other => ApiError::InvalidPlacement(other),
        }
    }
}

impl From<ContentError> for ApiError {
    fn from(error: ContentError) -> Self {
        match error {
            ContentError::UnknownLanguage { .. } => ApiError::UnknownLanguage(error),
            other => ApiError::Content(other),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Rejected(rule) => ApiError::Session(rule),
            StoreError::SessionNotFound(id) => {
                ApiError::UnknownSession(iqrah_quran::shorten(id.as_str()))
            }
            StoreError::LearnerNotEmpty => crate::archive::ArchiveError::LearnerNotEmpty.into(),
            other => ApiError::Store(other),
        }
    }
}

impl From<iqrah_postgres::OpenError> for ApiError {
    fn from(error: iqrah_postgres::OpenError) -> Self {
        ApiError::OpenServerDb(error)
    }
}

impl From<OpenError> for ApiError {
    fn from(error: OpenError) -> Self {
        match error {
            OpenError::Store(store) => store.into(),
            other => ApiError::OpenUserDb(other),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

    use iqrah_core::item::ItemKey;
    use iqrah_core::memory::RatingError;
    use iqrah_core::session::SessionStatus;
    use iqrah_core::settings::SettingError;

    use super::*;

    /// The kind each code had when clients mapped codes themselves (the web
    /// server's statuses): the table [`ApiError::kind`] must keep.
    fn kind_of_code(code: &str) -> ErrorKind {
        match code {
            "unknown_session" => ErrorKind::NotFound,
            "session_not_active"
            | "not_current_item"
            | "nothing_to_undo"
            | "answer_undone"
            | "already_skipped"
            | "nothing_to_practise"
            | "done_for_today"
            | "fit_superseded"
            | "learner_not_empty" => ErrorKind::Conflict,
            "invalid_reference"
            | "invalid_goal"
            | "invalid_level"
            | "invalid_placement"
            | "invalid_search"
            | "invalid_user"
            | "invalid_grade"
            | "invalid_duration"
            | "invalid_answer"
            | "invalid_passage"
            | "not_a_passage"
            | "unknown_language"
            | "invalid_setting"
            | "unknown_setting"
            | "invalid_idempotency_key"
            | "idempotency_key_reused"
            | "not_enough_reviews"
            | "invalid_minutes"
            | "invalid_archive" => ErrorKind::Invalid,
            "user_db_full" => ErrorKind::Full,
            _ => ErrorKind::Internal,
        }
    }

    #[test]
    fn every_error_has_the_kind_of_its_code() {
        let item = ItemKey::memorization(iqrah_quran::VerseKey::new(112, 1).unwrap());
        let session_errors = [
            SessionError::NotActive {
                status: SessionStatus::Completed,
            },
            SessionError::NotCurrentItem {
                given: "x".into(),
                current: None,
            },
            SessionError::InvalidGrade(RatingError { value: 9 }),
            SessionError::InvalidDuration { duration_ms: 1 },
            SessionError::NothingToUndo,
            SessionError::InvalidAnswer(iqrah_core::exercise::AnswerMismatch {
                reason: "x".into(),
            }),
            SessionError::InvalidIdempotencyKey { given: "x".into() },
            SessionError::IdempotencyKeyReused {
                key: "k".into(),
                recorded: "r".into(),
            },
            SessionError::AnswerUndone { key: "k".into() },
            SessionError::AlreadySkipped { item },
            SessionError::InvalidPassage(iqrah_core::passage::PassageError::Empty),
            SessionError::NotAPassage { item },
        ];
        let mut errors: Vec<ApiError> = session_errors.into_iter().map(ApiError::from).collect();
        errors.extend([
            ApiError::InvalidReference("0:0".parse::<iqrah_quran::VerseKey>().unwrap_err()),
            ApiError::ContentPackageMissing {
                command: "npm ci",
                looked_in: Vec::new(),
            },
            ApiError::Setting(SettingError::UnknownKey { key: "x".into() }),
            ApiError::Setting(SettingError::Invalid {
                key: "x".into(),
                reason: "y".into(),
            }),
            ApiError::InvalidGoal("nonsense".parse::<iqrah_core::goal::Goal>().unwrap_err()),
            ApiError::from(iqrah_core::placement::PlacementError::NoMarks),
            ApiError::from(iqrah_core::placement::PlacementError::Review),
            ApiError::from(
                "surah:1=great"
                    .parse::<iqrah_core::placement::Mark>()
                    .unwrap_err(),
            ),
            ApiError::from(
                "surah:115=solid"
                    .parse::<iqrah_core::placement::Mark>()
                    .unwrap_err(),
            ),
            ApiError::InvalidUser("a b".into()),
            ApiError::UnknownSession("s".into()),
            ApiError::InvalidAnswer("x".into()),
            ApiError::NothingToPractise {
                goal: "review".into(),
                reason: "x",
            },
            ApiError::DoneForToday {
                next_due_at: None,
                due_tomorrow: 0,
                message: "x".into(),
            },
            ApiError::InvalidMinutes(0),
            ApiError::InvalidSearch(iqrah_core::find::FindError::TooLong { chars: 101 }),
            ApiError::NotEnoughReviews { have: 1, need: 2 },
            ApiError::FitSuperseded,
            ApiError::FitFailed("x".into()),
            ApiError::from(StoreError::LearnerNotEmpty),
            ApiError::Archive(crate::archive::ArchiveError::Invalid("x".into())),
            ApiError::Store(StoreError::Full),
            ApiError::OpenUserDb(OpenError::Store(StoreError::Full)),
            ApiError::OpenServerDb(iqrah_postgres::OpenError::TooNew {
                server: "h:5432/db".into(),
                found: 9,
                known: 1,
            }),
            ApiError::Store(StoreError::Corrupt("x".into())),
            ApiError::Internal("x".into()),
            ApiError::DataDir {
                path: "/".into(),
                reason: "x".into(),
            },
        ]);
        for error in &errors {
            assert_eq!(
                error.kind(),
                kind_of_code(error.code()),
                "{}: {error}",
                error.code()
            );
        }
        let full = errors
            .iter()
            .filter(|e| e.kind() == ErrorKind::Full)
            .count();
        assert_eq!(full, 2, "a full store is Full however it is reached");
    }
}
