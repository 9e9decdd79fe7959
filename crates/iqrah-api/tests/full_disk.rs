//! A full disk, made without mounts: SQLite's `PRAGMA max_page_count` (a
//! setting of each connection) is lowered to the database's current size on
//! every pooled connection, so the next write that needs a new page fails
//! with SQLITE_FULL. Each write must fail with a typed error and leave
//! nothing half-written; once the limit is raised again, the next writes of
//! every kind must succeed on every connection of the pool.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::data_dir;
use iqrah_api::{ApiError, Iqrah};
use iqrah_api::{Backend, Clock, Config, Timestamp};
use iqrah_sqlite::{SqliteStore, test_support};

/// The store's pool size (`SqliteStore::open`).
const POOL_SIZE: usize = 4;

fn local() -> iqrah_api::UserId {
    iqrah_api::UserId::local()
}

/// Iqrah on `dir` at `T0` keeping the learner in `store`, which the test
/// keeps to fill its "disk".
async fn open_with_store(dir: &std::path::Path) -> (Iqrah, SqliteStore) {
    let mut config = Config::new(dir);
    config.clock = Clock::Fixed(Timestamp::from_millis(common::T0));
    let store = SqliteStore::open(&config.user_db_path()).await.unwrap();
    let iqrah = Iqrah::open_with_backend(config, Backend::Sqlite(store.clone()))
        .await
        .unwrap();
    (iqrah, store)
}

/// Makes the database "full": no connection of the store may grow it past
/// its size now.
async fn fill_disk(store: &SqliteStore) {
    let pages = test_support::page_count(store).await.unwrap();
    test_support::set_max_page_count(store, Some(pages))
        .await
        .unwrap();
}

/// Frees the "disk" again on every connection.
async fn free_disk(store: &SqliteStore) {
    test_support::set_max_page_count(store, None).await.unwrap();
}

/// What a failed write must leave unchanged: counts of every table.
async fn counts(iqrah: &Iqrah) -> (i64, i64, i64, i64, i64) {
    let pool = common::pool(iqrah).await;
    let found = sqlx::query_as(
        "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM session_items),
                (SELECT count(*) FROM review_log), (SELECT count(*) FROM memory_states),
                (SELECT coalesce(sum(items_completed), 0) FROM sessions)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    found
}

fn assert_full(error: &ApiError) {
    assert_eq!(error.code(), "user_db_full", "{error}");
    assert!(error.to_string().contains("disk is full"), "{error}");
}

/// Answers items until a submit fails; returns that error.
async fn submit_until_failure(iqrah: &Iqrah, session: &str) -> ApiError {
    for n in 0..500u64 {
        let item = iqrah
            .get_next_session_item(&common::LOCAL, session.to_owned())
            .await
            .unwrap()
            .expect("the session lasts until the disk is full");
        let before = counts(iqrah).await;
        match iqrah
            .submit_session_item(
                &common::LOCAL,
                session.to_owned(),
                item.node_id,
                3,
                1_000 + n,
            )
            .await
        {
            Ok(_) => {}
            Err(error) => {
                assert_eq!(
                    counts(iqrah).await,
                    before,
                    "a failed submit writes nothing"
                );
                return error;
            }
        }
    }
    panic!("500 submits fitted in a full database");
}

/// Saves changed settings more times than the pool has connections.
async fn save_settings_on_every_connection(iqrah: &Iqrah, round: usize) {
    for n in 0..2 * POOL_SIZE {
        let mut settings = iqrah.settings(&local()).await.unwrap();
        settings.new_verses_per_session = 100 + n + 10 * round;
        iqrah
            .save_settings(&local(), settings.clone())
            .await
            .unwrap_or_else(|e| {
                panic!("round {round}, settings save {n} after space is back: {e}")
            });
        assert_eq!(iqrah.settings(&local()).await.unwrap(), settings);
    }
}

#[tokio::test]
async fn after_a_full_disk_every_write_succeeds_once_space_is_back() {
    let dir = data_dir();
    let (iqrah, store) = open_with_store(dir.path()).await;
    let store = &store;
    // Sessions long enough to fill several pages of answers.
    let mut settings = iqrah.settings(&local()).await.unwrap();
    (settings.session_size, settings.new_verses_per_session) = (200, 200);
    // The daily cap (10 by default) would end the session after 10 verses.
    settings.new_verses_per_day = 200;
    iqrah.save_settings(&local(), settings).await.unwrap();

    // A start (one large transaction) on a full disk.
    fill_disk(store).await;
    let before = counts(&iqrah).await;
    let error = iqrah
        .start_session(&local(), "juz:30".to_owned())
        .await
        .expect_err("the disk is full");
    assert_full(&error);
    assert_eq!(
        counts(&iqrah).await,
        before,
        "a failed start writes nothing"
    );
    assert_eq!(
        iqrah.get_active_session(&local()).await.unwrap(),
        None,
        "no half-written session"
    );

    free_disk(store).await;
    save_settings_on_every_connection(&iqrah, 0).await;
    let session = iqrah
        .start_session(&local(), "juz:30".to_owned())
        .await
        .expect("a start succeeds once space is back");

    // Submits on a full disk, then on a free one, on every pooled connection.
    for round in 0..3 {
        fill_disk(store).await;
        let error = submit_until_failure(&iqrah, &session.id).await;
        assert_full(&error);
        free_disk(store).await;
        for n in 0..(2 * POOL_SIZE as u64) {
            let item = iqrah
                .get_next_session_item(&common::LOCAL, session.id.clone())
                .await
                .unwrap()
                .unwrap();
            let receipt = iqrah
                .submit_session_item(
                    &common::LOCAL,
                    session.id.clone(),
                    item.node_id,
                    3,
                    50_000 + n,
                )
                .await
                .unwrap_or_else(|e| panic!("round {round}, submit {n} after space is back: {e}"))
                .receipt;
            assert_eq!(receipt, item.item_id.to_string());
        }
        save_settings_on_every_connection(&iqrah, round + 1).await;
    }
    let (_, _, logged, _, completed) = counts(&iqrah).await;
    assert_eq!(logged, completed, "one review-log row per recorded answer");
}
