//! The learner's settings (`settings`, one JSONB column a learner).

use iqrah_core::settings::Settings;
use iqrah_store::{StoreError, UserId};
use sqlx::PgConnection;

use crate::codec::{from_json, to_json};
use crate::error::db;
use crate::learner_lock::{commit, write_tx};
use crate::store::PgStore;

/// The learner's settings (defaults if never saved).
pub(crate) async fn settings(store: &PgStore, user: &UserId) -> Result<Settings, StoreError> {
    let mut conn = store.pool.acquire().await.map_err(db)?;
    read(&mut conn, user).await
}

/// Saves the learner's settings.
pub(crate) async fn save_settings(
    store: &PgStore,
    user: &UserId,
    settings: &Settings,
) -> Result<(), StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
    write(&mut tx, user, settings).await?;
    commit(tx).await
}

/// Reads the learner's settings, saves what `change` makes of them, in one
/// write transaction; a refusal writes nothing.
pub(crate) async fn update_settings<E: Send>(
    store: &PgStore,
    user: &UserId,
    change: impl FnOnce(Settings) -> Result<Settings, E> + Send,
) -> Result<Result<Settings, E>, StoreError> {
    let mut tx = write_tx(&store.pool, user).await?;
    let next = match change(read(&mut tx, user).await?) {
        Ok(next) => next,
        Err(refused) => return Ok(Err(refused)),
    };
    write(&mut tx, user, &next).await?;
    commit(tx).await?;
    Ok(Ok(next))
}

/// The learner's settings as `conn` sees them (defaults if never saved).
pub(crate) async fn read(conn: &mut PgConnection, user: &UserId) -> Result<Settings, StoreError> {
    let json: Option<String> =
        sqlx::query_scalar("SELECT json::text FROM settings WHERE user_id = $1")
            .bind(user.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    json.as_deref()
        .map(from_json)
        .transpose()
        .map(Option::unwrap_or_default)
}

pub(crate) async fn write(
    conn: &mut PgConnection,
    user: &UserId,
    settings: &Settings,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO settings (user_id, json) VALUES ($1, $2::jsonb)
         ON CONFLICT (user_id) DO UPDATE SET json = excluded.json",
    )
    .bind(user.as_str())
    .bind(to_json(settings)?)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}
