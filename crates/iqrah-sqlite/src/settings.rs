//! The learner's settings (`settings`, one JSON column a learner).

use iqrah_core::settings::Settings;
use iqrah_store::{StoreError, UserId};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteExecutor;

use crate::codec::{from_json, to_json};
use crate::error::db;
use crate::store::SqliteStore;

/// Reads a learner's settings column (defaults if never saved).
pub(crate) fn settings_from(json: Option<&str>) -> Result<Settings, StoreError> {
    json.map(from_json)
        .transpose()
        .map(Option::unwrap_or_default)
}

/// The learner's settings (defaults if never saved).
pub(crate) async fn settings(store: &SqliteStore, user: &UserId) -> Result<Settings, StoreError> {
    read(&store.pool, user).await
}

/// Saves the learner's settings.
pub(crate) async fn save_settings(
    store: &SqliteStore,
    user: &UserId,
    settings: &Settings,
) -> Result<(), StoreError> {
    let mut tx = store.write_tx().await?;
    write(&mut tx, user, settings).await?;
    tx.commit().await
}

/// Reads the learner's settings, saves what `change` makes of them, in one
/// write transaction; a refusal writes nothing.
pub(crate) async fn update_settings<E: Send>(
    store: &SqliteStore,
    user: &UserId,
    change: impl FnOnce(Settings) -> Result<Settings, E> + Send,
) -> Result<Result<Settings, E>, StoreError> {
    let mut tx = store.write_tx().await?;
    let next = match change(read(&mut *tx, user).await?) {
        Ok(next) => next,
        Err(refused) => return Ok(Err(refused)),
    };
    write(&mut tx, user, &next).await?;
    tx.commit().await?;
    Ok(Ok(next))
}

pub(crate) async fn read(
    conn: impl SqliteExecutor<'_>,
    user: &UserId,
) -> Result<Settings, StoreError> {
    let json: Option<String> = sqlx::query_scalar("SELECT json FROM settings WHERE user_id = ?1")
        .bind(user.as_str())
        .fetch_optional(conn)
        .await
        .map_err(db)?;
    settings_from(json.as_deref())
}

pub(crate) async fn write(
    conn: &mut SqliteConnection,
    user: &UserId,
    settings: &Settings,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO settings (user_id, json) VALUES (?1, ?2) ON CONFLICT (user_id) DO UPDATE SET json = excluded.json")
        .bind(user.as_str())
        .bind(to_json(settings)?)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}
