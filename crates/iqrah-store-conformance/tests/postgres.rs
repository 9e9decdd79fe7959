//! The storage contract's story on the PostgreSQL backend: every chapter
//! on a fresh database (`iqrah_test_<uuid>`) of the server at
//! `IQRAH_TEST_DATABASE_URL`, dropped afterwards.
//!
//! The server must be running: `scripts/postgres start` starts it and
//! prints the `export IQRAH_TEST_DATABASE_URL=…` line. Without it every
//! chapter fails; none is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_postgres::PgStore;
use iqrah_postgres::test_support::{TestDatabase, forget_migration};
use iqrah_store_conformance::FreshStore;
use iqrah_store_conformance::chapters::migrated;

/// A fresh PostgreSQL store on its own database, dropped with it.
struct FreshPostgres {
    store: PgStore,
    // Dropped after the store (fields drop in order).
    _database: TestDatabase,
}

impl FreshStore for FreshPostgres {
    type Store = PgStore;

    async fn fresh() -> Self {
        let database = TestDatabase::create().await;
        FreshPostgres {
            store: database.store().await,
            _database: database,
        }
    }

    fn store(&self) -> &PgStore {
        &self.store
    }
}

iqrah_store_conformance::conformance_tests!(FreshPostgres);

#[tokio::test]
async fn migration_6_puts_fits_of_every_skill_out_of_use_once() {
    let database = TestDatabase::create().await;
    let store = database.store().await;
    migrated::fits_of_every_skill(&store).await;
    forget_migration(&store, 6).await.unwrap();
    store.close().await;

    let store = database.store().await;
    let refit = migrated::fits_out_of_use(&store).await;
    store.close().await;
    let store = database.store().await;
    migrated::refit_in_use(&store, &refit).await;
    store.close().await;
}
