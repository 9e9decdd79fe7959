//! The storage contract's story on the SQLite backend: every chapter on a
//! fresh `user.sqlite3` in its own temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME};
use iqrah_store_conformance::FreshStore;

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
