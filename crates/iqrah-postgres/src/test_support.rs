//! What tests need from the PostgreSQL backend, behind the `test-support`
//! feature: a fresh database on the test server, dropped afterwards, a
//! migration forgotten (to run it again on older rows), and a submit's raw
//! writes for the benchmark.
//!
//! The server is named by `IQRAH_TEST_DATABASE_URL` (a database the role
//! may connect to, with a role that may create databases), which
//! `scripts/postgres start` prints. Without it, or when the server is
//! unreachable, [`TestDatabase::create`] panics with a one-line message
//! saying how to start it: the tests fail, never skip.
//!
//! Nothing here is for the learner's own use: no interface calls it.

#![allow(clippy::expect_used)] // Test support: a failure is a failed test.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

use crate::PgStore;

/// The variable naming the test server.
pub const URL_VARIABLE: &str = "IQRAH_TEST_DATABASE_URL";

/// How to get a server, said when there is none.
const HOW: &str =
    "run `scripts/postgres start` and export the IQRAH_TEST_DATABASE_URL line it prints";

/// The test server's options, from [`URL_VARIABLE`] (panics without it).
pub fn server_options() -> PgConnectOptions {
    let url =
        std::env::var(URL_VARIABLE).unwrap_or_else(|_| panic!("{URL_VARIABLE} is not set: {HOW}"));
    PgConnectOptions::from_str(&url)
        .unwrap_or_else(|e| panic!("{URL_VARIABLE} is not a PostgreSQL URL ({e}): {HOW}"))
}

/// A connection to the test server's own database (panics when it is
/// unreachable).
async fn admin() -> PgConnection {
    PgConnection::connect_with(&server_options())
        .await
        .unwrap_or_else(|e| panic!("the PostgreSQL test server is unreachable ({e}): {HOW}"))
}

/// A fresh, empty database `iqrah_test_<uuid>` on the test server, dropped
/// (with every connection to it) when the value is.
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
}

impl TestDatabase {
    /// Creates the database.
    pub async fn create() -> Self {
        let name = format!("iqrah_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = admin().await;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("the test role may create databases (scripts/postgres start makes it so)");
        admin.close().await.expect("the admin connection closes");
        TestDatabase { name }
    }

    /// The options that connect to it.
    pub fn options(&self) -> PgConnectOptions {
        server_options().database(&self.name)
    }

    /// A URL that connects to it, for a process given `--database`: the
    /// test server's URL with this database in place of its own.
    pub fn url(&self) -> String {
        let server = std::env::var(URL_VARIABLE)
            .unwrap_or_else(|_| panic!("{URL_VARIABLE} is not set: {HOW}"));
        let (base, query) = match server.split_once('?') {
            Some((base, query)) => (base, Some(query)),
            None => (server.as_str(), None),
        };
        let (scheme, rest) = base
            .split_once("://")
            .unwrap_or_else(|| panic!("{URL_VARIABLE} is not a URL: {HOW}"));
        let authority = rest.split('/').next().unwrap_or(rest);
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        format!("{scheme}://{authority}/{}{query}", self.name)
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A store on it (migrating it the first time), as a process opens one.
    pub async fn store(&self) -> PgStore {
        PgStore::connect_with(self.options())
            .await
            .expect("the store connects to the test database")
    }
}

impl Drop for TestDatabase {
    /// Drops the database on a runtime of its own (the test's may be
    /// ending); `WITH (FORCE)` ends the stores' connections.
    fn drop(&mut self) {
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(async {
                    let mut admin = admin().await;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await
                })
        })
        .join();
        if !std::thread::panicking() {
            dropped
                .expect("the drop thread")
                .expect("the test database drops");
        }
    }
}

/// Takes the store's database back to before migration `version` as far
/// as the migrator knows (its row in `_sqlx_migrations` goes), so that the
/// next connection runs it again on rows an earlier Iqrah left.
pub async fn forget_migration(
    store: &PgStore,
    version: i64,
) -> Result<(), iqrah_store::StoreError> {
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(version)
        .execute(&store.pool)
        .await
        .map_err(crate::error::db)?;
    Ok(())
}

/// A pending item to answer with [`raw_submit`], with the states its
/// answer writes.
#[derive(Debug, Clone)]
pub struct RawSubmit {
    /// The session.
    pub session: iqrah_store::SessionId,
    /// The session item.
    pub item_id: i64,
    /// Its item.
    pub item: iqrah_core::item::ItemKey,
    /// The state before the answer.
    pub state_before: iqrah_core::memory::MemoryState,
    /// The state after.
    pub state_after: iqrah_core::memory::MemoryState,
}

/// The learner's session's pending item of highest position (an API
/// answers from the lowest one, so both can share a session), with a Good
/// answer's states at `now`; `None` when none is pending.
pub async fn pending_item(
    store: &PgStore,
    user: &iqrah_store::UserId,
    session: &iqrah_store::SessionId,
    now: iqrah_core::time::Timestamp,
) -> Result<Option<RawSubmit>, iqrah_store::StoreError> {
    use iqrah_core::memory::{Rating, Scheduler};
    use iqrah_core::time::{DAY_MS, Timestamp};
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, item_key FROM session_items
         WHERE user_id = $1 AND session_id = $2 AND status = 'pending'
         ORDER BY position DESC LIMIT 1",
    )
    .bind(user.as_str())
    .bind(session.as_str())
    .fetch_optional(&store.pool)
    .await
    .map_err(crate::error::db)?;
    let Some((item_id, key)) = row else {
        return Ok(None);
    };
    let scheduler = Scheduler::new();
    let before = scheduler.review(
        None,
        Rating::Good,
        Timestamp(now.millis() - 10 * DAY_MS),
        0.9,
    );
    let after = scheduler.review(Some(&before), Rating::Good, now, 0.9);
    Ok(Some(RawSubmit {
        session: session.clone(),
        item_id,
        item: key.parse().map_err(iqrah_store::StoreError::corrupt)?,
        state_before: before,
        state_after: after,
    }))
}

/// The writes of a submit of Good for `item` (no relearning copy, no key)
/// at `now`, in one write transaction under the learner's lock: the
/// statements a submit runs ([`iqrah_store::UserStore::submit`] writes
/// through the same function) without its reads and decisions.
pub async fn raw_submit(
    store: &PgStore,
    user: &iqrah_store::UserId,
    item: &RawSubmit,
    now: iqrah_core::time::Timestamp,
) -> Result<(), iqrah_store::StoreError> {
    let mut tx = crate::learner_lock::write_tx(&store.pool, user).await?;
    let answered = crate::answers::Answered::new(
        item.item_id,
        item.item,
        iqrah_core::memory::Rating::Good,
        5_000,
        now,
    )?;
    crate::answers::write_submit(
        &mut tx,
        user,
        &item.session,
        None,
        &answered,
        now.days_since(item.state_before.last_review),
        Some(&item.state_before),
        &item.state_after,
        None,
        crate::answers::Then::Nothing,
    )
    .await?;
    crate::learner_lock::commit(tx).await
}
