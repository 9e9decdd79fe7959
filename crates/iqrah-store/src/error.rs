//! The store's error, the same for every backend.

use iqrah_core::session::SessionError;

use crate::ids::SessionId;

/// Why a store call failed. Backends report their own failures as
/// [`StoreError::Backend`]; opening a store (paths, schema versions) has
/// each backend's own error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Stored data does not decode (a row edited by hand, or damage).
    #[error("damaged user data: {0}")]
    Corrupt(String),
    /// The learner has no session with this id: it does not exist, or it
    /// is another learner's (the same error, so that a session id tells
    /// nothing about other learners).
    #[error("unknown session {:?}", .0.as_str())]
    SessionNotFound(SessionId),
    /// The core refused the action; nothing was written.
    #[error(transparent)]
    Rejected(#[from] SessionError),
    /// A fit to record holds a number that is not finite (SQLite would
    /// keep a NaN as NULL, JSON as null); nothing was written.
    #[error("a fit with a value that is not a finite number is not stored: {0}")]
    NotFinite(&'static str),
    /// The disk (or the database's size limit) is full; nothing of the
    /// failed transaction was written, and writes succeed again once there
    /// is space.
    #[error(
        "the user database could not be written because the disk is full: free some space and try again"
    )]
    Full,
    /// An account already has this user name; nothing was written.
    #[error("the user name {0:?} is taken")]
    UsernameTaken(String),
    /// The invitation code is unknown, used or expired; nothing was written.
    #[error("the invitation is unknown, used or expired")]
    InvitationNotValid,
    /// Another class has this join code; nothing was written.
    #[error("the join code is another class's")]
    JoinCodeTaken,
    /// The learner already has a history (memory states, sessions or
    /// reviews), so an archive is not imported into it; nothing was
    /// written.
    #[error("this learner already has a history: an archive is imported only into a new account")]
    LearnerNotEmpty,
    /// The backend failed (its driver's error).
    #[error("user database error: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Stored data that does not decode, described by `what`.
    pub fn corrupt(what: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(what.to_string())
    }

    /// A failure of the backend's driver.
    pub fn backend(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        StoreError::Backend(Box::new(error))
    }
}
