//! Storage errors.

use std::path::PathBuf;

/// Why the user database could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an Iqrah user database.
    #[error("{} is not an Iqrah user database: move it away or choose another --data-dir", path.display())]
    NotOurs {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by a newer Iqrah.
    #[error("{} was written by a newer version of Iqrah (schema version {found}, this one knows up to {known}): upgrade Iqrah", path.display())]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The newest migration applied to it.
        found: i64,
        /// The newest migration this build knows.
        known: i64,
    },
    /// Stored data does not decode (a row edited by hand, or damage).
    #[error("damaged user data: {0}")]
    Corrupt(String),
    /// The session does not exist.
    #[error("unknown session {0:?}")]
    SessionNotFound(String),
    /// The core refused the action; nothing was written.
    #[error(transparent)]
    Rejected(#[from] iqrah_core::session::SessionError),
    /// SQLite failed.
    #[error("user database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("upgrading the user database failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    pub(crate) fn corrupt(what: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(what.to_string())
    }
}
