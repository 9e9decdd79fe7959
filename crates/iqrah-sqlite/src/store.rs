//! [`SqliteStore`]: opening the user database (pool options, the rule for
//! reusing a returned connection, the file's identity and migrations) and
//! closing it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use iqrah_store::StoreError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, SqliteConnection};

use crate::error::OpenError;
use crate::state_cache::StateCache;
use crate::write_turn::{WriteTurn, WriteTx};

/// The user database's file name inside the data directory.
pub const USER_DB_FILE_NAME: &str = "user.sqlite3";

/// Where the user database lives in a data directory.
pub fn user_db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(USER_DB_FILE_NAME)
}

/// `PRAGMA application_id` of Iqrah's user database ('IQRH').
const APPLICATION_ID: i64 = 0x4951_5248;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The user database on a SQLite file: WAL journal, foreign keys on,
/// `synchronous = NORMAL` (a committed answer survives a crash of the
/// process; a power cut may lose the last moments, never consistency),
/// its checkpoints run in the background instead of inside a commit.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    /// The learners' memory states kept between calls.
    pub(crate) states: StateCache,
    /// The turn this process's writers take before `BEGIN IMMEDIATE`.
    write_turn: WriteTurn,
}

impl SqliteStore {
    /// Opens (creating if needed) and upgrades the database at `path`.
    ///
    /// Refuses a file that is not Iqrah's or that a newer Iqrah wrote.
    pub async fn open(path: &Path) -> Result<Self, OpenError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Checkpoints run off the write path: see `checkpoint.rs`.
            .pragma("wal_autocheckpoint", "0");
        // An empty file is taken as a new database, as SQLite itself does:
        // a crash during the first creation can leave one, and it holds
        // nothing that could be lost.
        let not_ours = |error: sqlx::Error| {
            if is_not_a_database(&error) {
                OpenError::NotOurs {
                    path: path.to_owned(),
                    what: "not a SQLite database".to_owned(),
                }
            } else {
                error.into()
            }
        };
        // An embedded file cannot drop a connection the way a network
        // server does, so the pool hands out connections without pinging
        // them first: a ping is a round trip to the connection's worker
        // thread (tens of microseconds) on every call.
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .after_release(|conn, _| Box::pin(discard_if_in_transaction(conn)))
            .connect_with(options)
            .await
            .map_err(not_ours)?;
        let mut conn = pool.acquire().await?;
        let application_id: i64 = sqlx::query_scalar("PRAGMA application_id")
            .fetch_one(&mut *conn)
            .await
            .map_err(not_ours)?;
        if application_id != APPLICATION_ID {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                   AND name <> '_sqlx_migrations' ORDER BY name",
            )
            .fetch_all(&mut *conn)
            .await?;
            if application_id != 0 || !tables.is_empty() {
                let shown: Vec<&str> = tables.iter().take(8).map(String::as_str).collect();
                let more = if tables.len() > shown.len() {
                    ", …"
                } else {
                    ""
                };
                return Err(OpenError::NotOurs {
                    path: path.to_owned(),
                    what: format!(
                        "a SQLite database of another application (application_id {application_id:#x}, tables: {}{more})",
                        if shown.is_empty() {
                            "none".to_owned()
                        } else {
                            shown.join(", ")
                        }
                    ),
                });
            }
        }
        let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        // A new database has no migrations table yet: nothing applied.
        let applied: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
            .fetch_one(&mut *conn)
            .await
            .unwrap_or_default();
        if let Some(found) = applied.filter(|&v| v > known) {
            return Err(OpenError::TooNew {
                path: path.to_owned(),
                found,
                known,
            });
        }
        drop(conn);
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore {
            states: StateCache::default(),
            write_turn: WriteTurn::new(pool.clone()),
            pool,
        })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Takes this process's write turn and SQLite's write lock, then lets
    /// both go without writing: proves that the database accepts writes
    /// (not read-only, not held by another program past the busy timeout).
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        let unused = self.write_tx().await?;
        // Dropped uncommitted: rolled back, nothing written.
        drop(unused);
        Ok(())
    }

    /// A write transaction, once this process's earlier writers are done.
    pub(crate) async fn write_tx(&self) -> Result<WriteTx, StoreError> {
        self.write_turn.begin(&self.pool).await
    }
}

/// Whether a connection coming back to the pool may be used again: not if
/// it is still inside a transaction once the rollback that a dropped
/// transaction queued has run.
///
/// A transaction dropped without a commit (a failed statement, a failed
/// commit, a refused decision, a cancelled call) queues a `ROLLBACK` on its
/// connection. When SQLite has already rolled the transaction back itself
/// (it may, after `SQLITE_FULL` or an I/O error, and it does when `COMMIT`
/// fails that way), that `ROLLBACK` fails and sqlx still counts the
/// connection as inside a transaction, so every later `BEGIN` on it would be
/// refused. Such a connection is closed (SQLite rolls back whatever is left
/// on close) and the pool opens a fresh one.
async fn discard_if_in_transaction(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    if !conn.is_in_transaction() {
        return Ok(true);
    }
    // Any call runs the queued rollback first.
    conn.ping().await?;
    Ok(!conn.is_in_transaction())
}

fn is_not_a_database(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.message().contains("not a database"))
}
