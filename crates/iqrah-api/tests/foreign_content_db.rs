//! What is at the content database's path before Iqrah opens it: an empty
//! file, a file that is not SQLite, an empty SQLite database or another
//! application's database is refused with a message naming what it is, and
//! left as it was; it is never imported over without being asked.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_api::{Config, Iqrah};
use sqlx::Connection;

async fn sqlite_with(path: &std::path::Path, statements: &[&str]) {
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for statement in statements {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();
}

#[tokio::test]
async fn a_file_that_is_not_iqrahs_content_is_refused_naming_what_it_is_and_left_alone() {
    let cases: [(&str, &[&str]); 4] = [
        ("an empty file", &[]),
        ("not a SQLite database", &[]),
        (
            "a SQLite database of another application (tables: customers, invoices)",
            &[
                "CREATE TABLE invoices (id INTEGER)",
                "CREATE TABLE customers (id INTEGER)",
            ],
        ),
        ("an empty SQLite database", &["PRAGMA user_version = 7"]),
    ];
    for (what, statements) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(iqrah_content::CONTENT_FILE_NAME);
        match what {
            "an empty file" => std::fs::write(&path, b"").unwrap(),
            "not a SQLite database" => {
                std::fs::write(&path, "my notes, not a database ".repeat(100)).unwrap();
            }
            _ => sqlite_with(&path, statements).await,
        }
        let before = std::fs::read(&path).unwrap();
        let error = Iqrah::open(Config::new(dir.path())).await.unwrap_err();
        assert_eq!(error.code(), "content_db_not_ours", "{what}: {error}");
        let message = error.to_string();
        assert!(
            message.contains(&format!("it is {what}")) && message.contains("content.sqlite3"),
            "{what}: {message}"
        );
        assert_eq!(
            before,
            std::fs::read(&path).unwrap(),
            "{what}: the file is left as it was"
        );
    }
}
