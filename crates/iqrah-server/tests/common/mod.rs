//! Shared set-up of the server tests: an Iqrah over a fresh data directory
//! holding the content fixture of `iqrah_content::test_support`.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use iqrah_api::{Clock, Config, Iqrah, Timestamp};

pub mod accounts;

/// 2026-11-24T06:00:00Z, the tests' fixed clock.
pub const T0: i64 = 1_795_500_000_000;

/// Iqrah on a fresh data directory with the content, its clock fixed at [`T0`].
pub async fn open_iqrah() -> (tempfile::TempDir, Iqrah) {
    let (dir, iqrah, _) = open_iqrah_with_store().await;
    (dir, iqrah)
}

/// Like [`open_iqrah`], also returning the store Iqrah keeps the learner
/// in, for tests that need the SQLite backend's test support on it.
pub async fn open_iqrah_with_store() -> (tempfile::TempDir, Iqrah, iqrah_sqlite::SqliteStore) {
    let dir = iqrah_content::test_support::data_dir();
    let mut config = Config::new(dir.path());
    config.clock = Clock::Fixed(Timestamp::from_millis(T0));
    let store = iqrah_sqlite::SqliteStore::open(&config.user_db_path())
        .await
        .unwrap();
    let iqrah = Iqrah::open_with_backend(config, iqrah_api::Backend::Sqlite(store.clone()))
        .await
        .unwrap();
    (dir, iqrah, store)
}

/// Another store on `iqrah`'s user database, to read what the API wrote.
pub async fn store(iqrah: &Iqrah) -> iqrah_sqlite::SqliteStore {
    iqrah_sqlite::SqliteStore::open(&iqrah.config().user_db_path())
        .await
        .unwrap()
}

/// A plain pool on `iqrah`'s user database, for reading or changing rows
/// directly.
pub async fn pool(iqrah: &Iqrah) -> sqlx::SqlitePool {
    iqrah.check_user_db().await.unwrap();
    iqrah_sqlite::test_support::connect(&iqrah.config().user_db_path())
        .await
        .unwrap()
}
