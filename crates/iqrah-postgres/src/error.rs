//! Errors of the PostgreSQL backend: connecting, and sqlx's errors as the
//! contract's [`StoreError`]. None of them shows a password.

use iqrah_store::StoreError;
use sqlx::postgres::PgConnectOptions;

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The connection URL does not parse.
    #[error("the PostgreSQL URL is not valid: {0}")]
    Url(#[source] sqlx::Error),
    /// The server refused every connection, or did not answer, for the
    /// pool's ten seconds: it is not running or not listening there.
    #[error(
        "PostgreSQL at {server} refused the connection or did not answer for 10 s: is it running, and listening there?"
    )]
    Unreachable {
        /// The server and database, `host:port/database`.
        server: String,
    },
    /// The server answered with an error (a wrong password, an unknown
    /// database), or the connection failed otherwise.
    #[error("could not connect to PostgreSQL at {server}: {error}")]
    Connect {
        /// The server and database, `host:port/database` (no user, no password).
        server: String,
        /// sqlx's error.
        #[source]
        error: sqlx::Error,
    },
    /// The schema was written by a newer Iqrah.
    #[error(
        "the database at {server} was written by a newer version of Iqrah (schema version {found}, this one knows up to {known}): upgrade Iqrah"
    )]
    TooNew {
        /// The server and database, `host:port/database`.
        server: String,
        /// The newest migration applied to it.
        found: i64,
        /// The newest migration this build knows.
        known: i64,
    },
    /// A migration failed.
    #[error("upgrading the database failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The web sessions' table (`tower_sessions.session`) could not be
    /// created.
    #[error("creating the web sessions' table failed: {0}")]
    WebSessions(#[source] sqlx::Error),
}

/// Where `options` connect, without user or password: `host:port/database`.
pub(crate) fn server_of(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("")
    )
}

/// SQLSTATE `disk_full`.
const DISK_FULL: &str = "53100";

/// sqlx's error as the contract's: a full disk is [`StoreError::Full`],
/// anything else the backend's failure.
pub(crate) fn db(error: sqlx::Error) -> StoreError {
    let full =
        matches!(&error, sqlx::Error::Database(db) if db.code().as_deref() == Some(DISK_FULL));
    if full {
        StoreError::Full
    } else {
        StoreError::backend(error)
    }
}
