//! A full disk, made without mounts: SQLite's `PRAGMA max_page_count` (a
//! setting of each connection) is lowered to the database's current size on
//! every pooled connection, so the next write that needs a new page fails
//! with SQLITE_FULL. Each write must fail with a typed error and leave
//! nothing half-written; once the limit is raised again, the next writes of
//! every kind must succeed on every connection of the pool.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::{data_dir, open_at};
use iqrah_api::{ApiError, Iqrah, LOCAL_USER};
use iqrah_storage::SqliteStore;
use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqlitePool};

/// The store's pool size (`SqliteStore::open`).
const POOL_SIZE: usize = 4;

fn local() -> String {
    LOCAL_USER.to_owned()
}

/// Holds every connection of the pool at once, so that a per-connection
/// setting reaches all of them.
async fn every_connection(pool: &SqlitePool) -> Vec<PoolConnection<Sqlite>> {
    let mut all = Vec::new();
    for _ in 0..POOL_SIZE {
        all.push(pool.acquire().await.unwrap());
    }
    all
}

/// Makes the database "full": no connection may grow it past its size now.
async fn fill_disk(store: &SqliteStore) {
    for mut conn in every_connection(store.pool()).await {
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        sqlx::query(&format!("PRAGMA max_page_count = {pages}"))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

/// Frees the "disk" again on every connection.
async fn free_disk(store: &SqliteStore) {
    for mut conn in every_connection(store.pool()).await {
        sqlx::query("PRAGMA max_page_count = 1073741823")
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

/// What a failed write must leave unchanged: counts of every table.
async fn counts(store: &SqliteStore) -> (i64, i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM session_items),
                (SELECT count(*) FROM review_log), (SELECT count(*) FROM memory_states),
                (SELECT coalesce(sum(items_completed), 0) FROM sessions)",
    )
    .fetch_one(store.pool())
    .await
    .unwrap()
}

fn assert_full(error: &ApiError) {
    assert_eq!(error.code(), "user_db_full", "{error}");
    assert!(error.to_string().contains("disk is full"), "{error}");
}

/// Answers items until a submit fails; returns that error.
async fn submit_until_failure(iqrah: &Iqrah, session: &str) -> ApiError {
    for n in 0..500u64 {
        let item = iqrah
            .get_next_session_item(session.to_owned())
            .await
            .unwrap()
            .expect("the session lasts until the disk is full");
        let before = counts(iqrah.store().await.unwrap()).await;
        match iqrah
            .submit_session_item(session.to_owned(), item.node_id, 3, 1_000 + n)
            .await
        {
            Ok(_) => {}
            Err(error) => {
                assert_eq!(
                    counts(iqrah.store().await.unwrap()).await,
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
        let mut settings = iqrah.settings(local()).await.unwrap();
        settings.new_verses_per_session = 100 + n + 10 * round;
        iqrah
            .save_settings(local(), settings.clone())
            .await
            .unwrap_or_else(|e| {
                panic!("round {round}, settings save {n} after space is back: {e}")
            });
        assert_eq!(iqrah.settings(local()).await.unwrap(), settings);
    }
}

#[tokio::test]
async fn after_a_full_disk_every_write_succeeds_once_space_is_back() {
    let dir = data_dir();
    let iqrah = open_at(dir.path(), 0).await;
    let store = iqrah.store().await.unwrap();
    // Sessions long enough to fill several pages of answers.
    let mut settings = iqrah.settings(local()).await.unwrap();
    (settings.session_size, settings.new_verses_per_session) = (200, 200);
    // The daily cap (10 by default) would end the session after 10 verses.
    settings.new_verses_per_day = 200;
    iqrah.save_settings(local(), settings).await.unwrap();

    // A start (one large transaction) on a full disk.
    fill_disk(store).await;
    let before = counts(store).await;
    let error = iqrah
        .start_session(local(), "juz:30".to_owned())
        .await
        .expect_err("the disk is full");
    assert_full(&error);
    assert_eq!(counts(store).await, before, "a failed start writes nothing");
    assert_eq!(
        iqrah.get_active_session(local()).await.unwrap(),
        None,
        "no half-written session"
    );

    free_disk(store).await;
    save_settings_on_every_connection(&iqrah, 0).await;
    let session = iqrah
        .start_session(local(), "juz:30".to_owned())
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
                .get_next_session_item(session.id.clone())
                .await
                .unwrap()
                .unwrap();
            let receipt = iqrah
                .submit_session_item(session.id.clone(), item.node_id, 3, 50_000 + n)
                .await
                .unwrap_or_else(|e| panic!("round {round}, submit {n} after space is back: {e}"));
            assert_eq!(receipt, item.item_id.to_string());
        }
        save_settings_on_every_connection(&iqrah, round + 1).await;
    }
    let (_, _, logged, _, completed) = counts(store).await;
    assert_eq!(logged, completed, "one review-log row per recorded answer");
}
