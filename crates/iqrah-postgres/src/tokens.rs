//! API tokens (`api_tokens`, keyed by learner and token id): storing one
//! as its secret's hash, finding its account by that hash, listing and
//! revoking a learner's.

use iqrah_core::time::Timestamp;
use iqrah_store::{Account, StoreError, TokenId, TokenRecord, UserId};
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::error::db;
use crate::rows::{ACCOUNT_COLUMNS, account};
use crate::store::PgStore;

/// Stores a token of `user`'s (who must have an account: the foreign key
/// refuses another id, as a backend error).
pub(crate) async fn create_token(
    store: &PgStore,
    user: &UserId,
    id: TokenId,
    secret_hash: &str,
    label: &str,
    now: Timestamp,
) -> Result<TokenRecord, StoreError> {
    sqlx::query(
        "INSERT INTO api_tokens (user_id, id, secret_hash, label, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user.as_str())
    .bind(id.as_str())
    .bind(secret_hash)
    .bind(label)
    .bind(now.millis())
    .execute(&store.pool)
    .await
    .map_err(db)?;
    Ok(TokenRecord {
        id,
        label: label.to_owned(),
        created_at: now,
    })
}

/// The account whose token has this secret's hash, with the token's id;
/// `None` for an unknown or revoked token (a revoked one has no row).
pub(crate) async fn account_for_token(
    store: &PgStore,
    secret_hash: &str,
) -> Result<Option<(Account, TokenId)>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS}, api_tokens.id AS token_id
         FROM api_tokens JOIN accounts ON accounts.user_id = api_tokens.user_id
         WHERE api_tokens.secret_hash = $1"
    ))
    .bind(secret_hash)
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let token = TokenId::new(row.try_get::<String, _>("token_id").map_err(db)?);
    Ok(Some((account(&row)?, token)))
}

/// The learner's tokens, newest first (by id among those made at once).
pub(crate) async fn tokens(store: &PgStore, user: &UserId) -> Result<Vec<TokenRecord>, StoreError> {
    sqlx::query(
        "SELECT id, label, created_at FROM api_tokens WHERE user_id = $1
         ORDER BY created_at DESC, id",
    )
    .bind(user.as_str())
    .fetch_all(&store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(token_record)
    .collect()
}

/// Deletes the learner's token with this id; whether there was one
/// (another learner's token with the id is left alone).
pub(crate) async fn revoke_token(
    store: &PgStore,
    user: &UserId,
    id: &TokenId,
) -> Result<bool, StoreError> {
    let deleted = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2")
        .bind(user.as_str())
        .bind(id.as_str())
        .execute(&store.pool)
        .await
        .map_err(db)?
        .rows_affected();
    Ok(deleted > 0)
}

/// A token (a row of `api_tokens` with `id, label, created_at`).
fn token_record(row: &PgRow) -> Result<TokenRecord, StoreError> {
    Ok(TokenRecord {
        id: TokenId::new(row.try_get::<String, _>("id").map_err(db)?),
        label: row.try_get("label").map_err(db)?,
        created_at: Timestamp(row.try_get("created_at").map_err(db)?),
    })
}
