//! SQLite's automatic checkpoints are off (they ran inside a writer's
//! commit); the store checkpoints in the background instead. Check that the
//! log is still copied back and reused, so it cannot grow without end.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_core::settings::Settings;
use iqrah_sqlite::{SqliteStore, USER_DB_FILE_NAME, test_support};
use iqrah_store::{UserId, UserStore};

/// Frames in the write-ahead log since it last started over, as a passive
/// checkpoint reports them (copied or not).
async fn wal_frames(store: &SqliteStore) -> i64 {
    let (_busy, frames, _copied): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(test_support::pool(store))
            .await
            .unwrap();
    frames
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_is_checkpointed_and_reused_while_writing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join(USER_DB_FILE_NAME))
        .await
        .unwrap();
    let autocheckpoint: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
        .fetch_one(test_support::pool(&store))
        .await
        .unwrap();
    assert_eq!(autocheckpoint, 0, "no checkpoint inside a commit");

    // Each commit appends at least one frame: without checkpoints the log
    // would hold at least this many.
    let commits: usize = 2_000;
    let mut settings = Settings::default();
    for i in 0..commits {
        settings.session_size = i % 50 + 1;
        store
            .save_settings(&UserId::new("local"), &settings)
            .await
            .unwrap();
    }
    let frames = wal_frames(&store).await;
    assert!(
        frames < (commits / 4) as i64,
        "{frames} frames in the log after {commits} commits: the log was not reused"
    );
    assert_eq!(
        store.settings(&UserId::new("local")).await.unwrap(),
        settings
    );
}
