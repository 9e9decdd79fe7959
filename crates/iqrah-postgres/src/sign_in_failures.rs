//! Failed sign-ins (`sign_in_failures`, a row per failure, by user name
//! whether an account has it or not): recording one, reading the recent
//! ones, forgetting a name's.
//!
//! Nothing deletes old rows but a successful sign-in of their name: only
//! those inside the window the core counts are ever read, so the rest are
//! dead weight until then, never a wrong answer.

use iqrah_core::account::Username;
use iqrah_core::time::Timestamp;
use iqrah_store::StoreError;

use crate::error::db;
use crate::store::PgStore;

/// Records a failed sign-in for `username` at `at`.
pub(crate) async fn record_sign_in_failure(
    store: &PgStore,
    username: &Username,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO sign_in_failures (username, at) VALUES ($1, $2)")
        .bind(username.as_str())
        .bind(at.millis())
        .execute(&store.pool)
        .await
        .map_err(db)?;
    Ok(())
}

/// The times of the failed sign-ins for `username` after `since`, oldest
/// first.
pub(crate) async fn sign_in_failures(
    store: &PgStore,
    username: &Username,
    since: Timestamp,
) -> Result<Vec<Timestamp>, StoreError> {
    let times: Vec<i64> = sqlx::query_scalar(
        "SELECT at FROM sign_in_failures WHERE username = $1 AND at > $2 ORDER BY at",
    )
    .bind(username.as_str())
    .bind(since.millis())
    .fetch_all(&store.pool)
    .await
    .map_err(db)?;
    Ok(times.into_iter().map(Timestamp).collect())
}

/// Forgets every failed sign-in for `username`.
pub(crate) async fn clear_sign_in_failures(
    store: &PgStore,
    username: &Username,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE username = $1")
        .bind(username.as_str())
        .execute(&store.pool)
        .await
        .map_err(db)?;
    Ok(())
}
