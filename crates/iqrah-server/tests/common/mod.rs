//! Shared set-up of the server tests: an Iqrah over a fresh data directory
//! holding the content fixture of `iqrah_content::test_support`.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use iqrah_api::{Clock, Config, Iqrah, Timestamp};

/// 2026-11-24T06:00:00Z, the tests' fixed clock.
pub const T0: i64 = 1_795_500_000_000;

/// Iqrah on a fresh data directory with the content, its clock fixed at [`T0`].
pub async fn open_iqrah() -> (tempfile::TempDir, Iqrah) {
    let dir = iqrah_content::test_support::data_dir();
    let mut config = Config::new(dir.path());
    config.clock = Clock::Fixed(Timestamp::from_millis(T0));
    let iqrah = Iqrah::open(config).await.unwrap();
    (dir, iqrah)
}
