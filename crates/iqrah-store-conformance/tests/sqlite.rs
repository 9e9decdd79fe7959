//! The storage contract's story on the SQLite backend: every chapter on a
//! fresh `user.sqlite3` in its own temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME, test_support};
use iqrah_store_conformance::FreshStore;
use iqrah_store_conformance::chapters::migrated;

/// A fresh SQLite store in a temporary directory removed on drop.
struct FreshSqlite {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl FreshStore for FreshSqlite {
    type Store = SqliteStore;

    async fn fresh() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(&dir.path().join(USER_DB_FILE_NAME))
            .await
            .expect("a fresh SQLite store opens");
        FreshSqlite { store, _dir: dir }
    }

    fn store(&self) -> &SqliteStore {
        &self.store
    }
}

iqrah_store_conformance::conformance_tests!(FreshSqlite);

#[tokio::test]
async fn migration_10_puts_fits_of_every_skill_out_of_use_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(USER_DB_FILE_NAME);
    let store = SqliteStore::open(&path).await.unwrap();
    migrated::fits_of_every_skill(&store).await;
    test_support::forget_migration(&store, 10).await.unwrap();
    store.close().await;
    drop(store);

    let store = SqliteStore::open(&path).await.unwrap();
    let refit = migrated::fits_out_of_use(&store).await;
    store.close().await;
    drop(store);
    let store = SqliteStore::open(&path).await.unwrap();
    migrated::refit_in_use(&store, &refit).await;
}
