//! Storage errors.

use std::path::PathBuf;

/// Why the user database could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an Iqrah user database.
    #[error("{} is not an Iqrah user database: it is {what}; move it away or choose another --data-dir", path.display())]
    NotOurs {
        /// The file.
        path: PathBuf,
        /// What it is instead ("not a SQLite database", "a SQLite database
        /// of another application (tables: …)").
        what: String,
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
    /// SQLite failed.
    #[error("user database error: {0}")]
    Database(sqlx::Error),
    /// A migration failed.
    #[error("upgrading the user database failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

/// SQLite's primary result code `SQLITE_FULL`.
const SQLITE_FULL: i32 = 13;

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        let full = matches!(&error, sqlx::Error::Database(db)
            if db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| c & 0xff == SQLITE_FULL));
        if full {
            StoreError::Full
        } else {
            StoreError::Database(error)
        }
    }
}

impl StoreError {
    pub(crate) fn corrupt(what: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(what.to_string())
    }
}
