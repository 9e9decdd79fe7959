//! Errors of the SQLite backend: opening the file, and sqlx's errors as
//! the contract's [`StoreError`].

use std::path::PathBuf;

use iqrah_store::StoreError;

/// Why the user database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
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
    /// A migration failed.
    #[error("upgrading the user database failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Reading or writing the file failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for OpenError {
    fn from(error: sqlx::Error) -> Self {
        OpenError::Store(db(error))
    }
}

/// SQLite's primary result code `SQLITE_FULL`.
const SQLITE_FULL: i32 = 13;

/// sqlx's error as the contract's: a full disk is [`StoreError::Full`],
/// anything else the backend's failure.
pub(crate) fn db(error: sqlx::Error) -> StoreError {
    let full = matches!(&error, sqlx::Error::Database(db)
        if db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| c & 0xff == SQLITE_FULL));
    if full {
        StoreError::Full
    } else {
        StoreError::backend(error)
    }
}
