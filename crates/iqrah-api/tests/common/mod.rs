//! Shared set-up: the content fixture of `iqrah_content::test_support`, and
//! Iqrah opened on it at a fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::Path;
use std::sync::LazyLock;

use iqrah_api::{Clock, Config, Iqrah, Timestamp};

/// 2026-11-24T06:00:00Z.
pub const T0: i64 = 1_795_500_000_000;

/// A fresh data directory holding the imported content.
pub fn data_dir() -> tempfile::TempDir {
    iqrah_content::test_support::data_dir()
}

/// Opens Iqrah on `dir` with the clock fixed at `T0 + offset_ms`.
pub async fn open_at(dir: &Path, offset_ms: i64) -> Iqrah {
    let mut config = Config::new(dir);
    config.clock = Clock::Fixed(Timestamp::from_millis(T0 + offset_ms));
    Iqrah::open(config).await.unwrap()
}

/// The local learner, whom these tests practise as.
pub fn local() -> iqrah_api::UserId {
    iqrah_api::UserId::local()
}

/// Another store on `iqrah`'s user database (opened first if needed), to
/// read what the API wrote.
pub async fn store(iqrah: &Iqrah) -> iqrah_sqlite::SqliteStore {
    iqrah.check_user_db().await.unwrap();
    iqrah_sqlite::SqliteStore::open(&iqrah.config().user_db_path())
        .await
        .unwrap()
}

/// A plain pool on `iqrah`'s user database (opened first if needed), for
/// reading or changing rows directly.
pub async fn pool(iqrah: &Iqrah) -> sqlx::SqlitePool {
    iqrah.check_user_db().await.unwrap();
    iqrah_sqlite::test_support::connect(&iqrah.config().user_db_path())
        .await
        .unwrap()
}

/// The local learner, for calls whose future outlives a temporary.
pub static LOCAL: LazyLock<iqrah_api::UserId> = LazyLock::new(iqrah_api::UserId::local);
