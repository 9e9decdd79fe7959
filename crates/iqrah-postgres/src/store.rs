//! [`PgStore`]: connecting to the database (pool options, migrations),
//! the web sessions' store on the same pool, and closing it.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tower_sessions_sqlx_store::PostgresStore;

use iqrah_store::StoreError;

use crate::error::{OpenError, db, server_of};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Learners' data in a PostgreSQL database, through a pool of connections.
///
/// Holds nothing read from the database between calls, so any number of
/// stores, in any number of processes, may serve the same learners.
#[derive(Clone)]
pub struct PgStore {
    pub(crate) pool: PgPool,
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/database`)
    /// and upgrades its schema.
    pub async fn connect(url: &str) -> Result<Self, OpenError> {
        // sqlx's parse errors name the part that is wrong, never the URL.
        let options = PgConnectOptions::from_str(url).map_err(OpenError::Url)?;
        Self::connect_with(options).await
    }

    /// Connects with `options` and upgrades the database's schema: our
    /// migrations, then the web sessions' table
    /// ([`PgStore::web_session_store`]), created if missing.
    ///
    /// Refuses a database whose schema a newer Iqrah wrote.
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self, OpenError> {
        let server = server_of(&options);
        // The pool hands out connections without pinging them first: a
        // ping is a round trip to the server on every call, a tenth of a
        // submit's. A connection the server has dropped fails the one call
        // that meets it and is then discarded; a retried answer counts once
        // (its idempotency key).
        //
        // A server that refuses connections (one starting up) is tried
        // again for ten seconds, at start-up as on a call, then the call
        // fails: not sqlx's thirty, which left `iqrah serve` silent that
        // long before saying the server is down.
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|error| match error {
                sqlx::Error::PoolTimedOut => OpenError::Unreachable {
                    server: server.clone(),
                },
                error => OpenError::Connect {
                    server: server.clone(),
                    error,
                },
            })?;
        let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        // A new database has no migrations table yet (the query fails):
        // nothing applied.
        let applied: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
            .fetch_one(&pool)
            .await
            .unwrap_or_default();
        if let Some(found) = applied.filter(|&v| v > known) {
            return Err(OpenError::TooNew {
                server,
                found,
                known,
            });
        }
        MIGRATOR.run(&pool).await?;
        let store = PgStore { pool };
        store
            .web_session_store()
            .migrate()
            .await
            .map_err(OpenError::WebSessions)?;
        Ok(store)
    }

    /// The store of browser sign-in sessions (tower-sessions' own
    /// PostgreSQL store), kept in the same database, table
    /// `tower_sessions.session`, on this store's pool: a session saved
    /// through one process is found by every other on the database.
    /// [`PgStore::connect_with`] has created its table.
    pub fn web_session_store(&self) -> PostgresStore {
        PostgresStore::new(self.pool.clone())
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Proves that the database accepts writes now: a connection is had
    /// and a transaction on it may write (the server is not a read-only
    /// standby, the database not read-only). Nothing is written.
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let read_only: String = sqlx::query_scalar("SHOW transaction_read_only")
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        tx.rollback().await.map_err(db)?;
        if read_only == "off" {
            Ok(())
        } else {
            Err(StoreError::Backend(
                "the PostgreSQL database accepts no writes (a read-only standby or database)"
                    .into(),
            ))
        }
    }
}

/// Shows the pool's state, never its connection options (which hold the
/// password).
impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgStore")
            .field("connections", &self.pool.size())
            .field("closed", &self.pool.is_closed())
            .finish_non_exhaustive()
    }
}
