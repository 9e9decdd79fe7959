//! What tests need from the PostgreSQL backend, behind the `test-support`
//! feature: a fresh database on the test server, dropped afterwards.
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
