//! What is at the user database's path before Iqrah opens it: another
//! application's SQLite database, or a file that is not SQLite at all, is
//! refused with a message naming what it is, and no table is added; an empty
//! file (what a crash during the database's first creation can leave) holds
//! nothing to lose and becomes a new database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use common::data_dir;
use iqrah_api::{Config, Iqrah};
use sqlx::Connection;

async fn open_user_db(dir: &std::path::Path) -> Result<(), iqrah_api::ApiError> {
    let iqrah = Iqrah::open(Config::new(dir)).await.unwrap();
    iqrah.settings(&common::LOCAL).await.map(|_| ())
}

#[tokio::test]
async fn another_applications_database_is_refused_naming_its_tables() {
    let dir = data_dir();
    let path = dir.path().join("user.sqlite3");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let error = open_user_db(dir.path()).await.unwrap_err();
    assert_eq!(error.code(), "user_db_not_ours");
    let message = error.to_string();
    assert!(
        message.contains("SQLite database of another application")
            && message.contains("customers, invoices"),
        "{message}"
    );
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(tables, ["customers", "invoices"], "no table added");
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_refused_as_such() {
    let dir = data_dir();
    let path = dir.path().join("user.sqlite3");
    std::fs::write(&path, "name,total\nalice,3\n".repeat(300)).unwrap();
    let error = open_user_db(dir.path()).await.unwrap_err();
    assert_eq!(error.code(), "user_db_not_ours");
    assert!(
        error.to_string().contains("is not a SQLite database"),
        "{error}"
    );
}

#[tokio::test]
async fn an_empty_file_becomes_a_new_database() {
    let dir = data_dir();
    std::fs::write(dir.path().join("user.sqlite3"), b"").unwrap();
    open_user_db(dir.path()).await.unwrap();
}
