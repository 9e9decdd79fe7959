//! Shared set-up: the content fixture of `iqrah_content::test_support`, and
//! Iqrah opened on it at a fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::Path;

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
