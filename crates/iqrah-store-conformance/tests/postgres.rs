//! The storage contract's story on the PostgreSQL backend: every chapter
//! on a fresh database (`iqrah_test_<uuid>`), created through an admin
//! connection to the server at `IQRAH_TEST_DATABASE_URL` and dropped
//! afterwards.
//!
//! The server must be running: `scripts/postgres start` starts it and
//! prints the `export IQRAH_TEST_DATABASE_URL=…` line. Without it every
//! chapter fails; none is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::str::FromStr;

use iqrah_postgres::PgStore;
use iqrah_store_conformance::FreshStore;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

/// The variable naming the test server (a database the role may connect
/// to; the role may create databases).
const URL_VARIABLE: &str = "IQRAH_TEST_DATABASE_URL";

/// How to get a server, said when there is none.
const HOW: &str =
    "run `scripts/postgres start` and export the IQRAH_TEST_DATABASE_URL line it prints";

/// The admin connection's options, from the environment.
fn admin_options() -> PgConnectOptions {
    let url =
        std::env::var(URL_VARIABLE).unwrap_or_else(|_| panic!("{URL_VARIABLE} is not set: {HOW}"));
    PgConnectOptions::from_str(&url)
        .unwrap_or_else(|e| panic!("{URL_VARIABLE} is not a PostgreSQL URL ({e}): {HOW}"))
}

/// An admin connection to the test server.
async fn admin() -> PgConnection {
    PgConnection::connect_with(&admin_options())
        .await
        .unwrap_or_else(|e| panic!("the PostgreSQL test server is unreachable ({e}): {HOW}"))
}

/// A fresh PostgreSQL store on its own database, dropped with it.
struct FreshPostgres {
    store: PgStore,
    database: String,
}

impl FreshStore for FreshPostgres {
    type Store = PgStore;

    async fn fresh() -> Self {
        let database = format!("iqrah_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = admin().await;
        sqlx::query(&format!("CREATE DATABASE {database}"))
            .execute(&mut admin)
            .await
            .expect("the test role may create databases (scripts/postgres start makes it so)");
        admin.close().await.expect("the admin connection closes");
        let store = PgStore::connect_with(admin_options().database(&database))
            .await
            .expect("a fresh PostgreSQL store connects and migrates");
        FreshPostgres { store, database }
    }

    fn store(&self) -> &PgStore {
        &self.store
    }
}

impl Drop for FreshPostgres {
    /// Drops the database, on a runtime of its own (the test's may be
    /// ending); `WITH (FORCE)` ends the store's connections.
    fn drop(&mut self) {
        let database = self.database.clone();
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(async {
                    let mut admin = admin().await;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
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

iqrah_store_conformance::conformance_tests!(FreshPostgres);
