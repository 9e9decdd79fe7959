//! Accounts (`accounts`): creating one, with or without an invitation,
//! reading them, and changing a password, a role or whether one is
//! disabled.
//!
//! These writes take no learner lock (`learner_lock`): each change is one
//! statement on one row, and creating an account meets other writers only
//! on a user name, which the table's unique key settles, and on an
//! invitation, which its row lock settles (`invitations`).

use iqrah_core::account::{Role, Username};
use iqrah_core::time::Timestamp;
use iqrah_store::{Account, NewAccount, StoreError, UserId};

use crate::codec::count_from_sql;
use crate::error::db;
use crate::invitations;
use crate::learner_lock::commit;
use crate::rows::{ACCOUNT_COLUMNS, account};
use crate::store::PgStore;

/// The unique key of `accounts.username` (named in migration 0002).
const USERNAME_UNIQUE: &str = "accounts_username_unique";

/// Creates `new` in one transaction, using up `invitation` (a code's hash)
/// in it when given, whose role is then the account's. Refuses a taken
/// name ([`StoreError::UsernameTaken`]) and an unknown, used or expired
/// invitation ([`StoreError::InvitationNotValid`]); a refusal writes
/// nothing (the transaction is dropped, so rolled back).
pub(crate) async fn create_account(
    store: &PgStore,
    new: NewAccount,
    invitation: Option<&str>,
    now: Timestamp,
) -> Result<Account, StoreError> {
    let mut tx = store.pool.begin().await.map_err(db)?;
    let role = match invitation {
        Some(code_hash) => invitations::lock_valid(&mut tx, code_hash, now).await?,
        None => new.role,
    };
    // The unique key, not a look-up beforehand, decides whether the name
    // is free: of two sign-ups with one name at once, the second waits for
    // the first to commit and then fails on the key.
    let row = sqlx::query(&format!(
        "INSERT INTO accounts (user_id, username, role, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING {ACCOUNT_COLUMNS}"
    ))
    .bind(new.id.as_str())
    .bind(new.username.as_str())
    .bind(role.as_str())
    .bind(&new.password_hash)
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await
    .map_err(|error| taken_or_db(error, &new.username))?;
    let created = account(&row)?;
    if let Some(code_hash) = invitation {
        invitations::use_up(&mut tx, code_hash, &created.id, now).await?;
    }
    commit(tx).await?;
    Ok(created)
}

/// A failed insert into `accounts`: [`StoreError::UsernameTaken`] when it
/// broke the user name's unique key, else the backend's failure.
fn taken_or_db(error: sqlx::Error, username: &Username) -> StoreError {
    let taken = matches!(
        &error,
        sqlx::Error::Database(e) if e.is_unique_violation() && e.constraint() == Some(USERNAME_UNIQUE)
    );
    if taken {
        StoreError::UsernameTaken(username.to_string())
    } else {
        db(error)
    }
}

/// The account with this id.
pub(crate) async fn account_by_id(
    store: &PgStore,
    id: &UserId,
) -> Result<Option<Account>, StoreError> {
    sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE user_id = $1"
    ))
    .bind(id.as_str())
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(account)
    .transpose()
}

/// The account with this name.
pub(crate) async fn account_named(
    store: &PgStore,
    username: &Username,
) -> Result<Option<Account>, StoreError> {
    sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE username = $1"
    ))
    .bind(username.as_str())
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(account)
    .transpose()
}

/// Every account, by name.
pub(crate) async fn accounts(store: &PgStore) -> Result<Vec<Account>, StoreError> {
    sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY username"
    ))
    .fetch_all(&store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(account)
    .collect()
}

/// How many accounts there are.
pub(crate) async fn account_count(store: &PgStore) -> Result<u64, StoreError> {
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts")
        .fetch_one(&store.pool)
        .await
        .map_err(db)?;
    count_from_sql(count)
}

/// Replaces the account's password hash and bumps its
/// `credentials_version`; the account after, or `None` for an unknown id.
pub(crate) async fn set_password_hash(
    store: &PgStore,
    id: &UserId,
    password_hash: &str,
) -> Result<Option<Account>, StoreError> {
    sqlx::query(&format!(
        "UPDATE accounts SET password_hash = $2, credentials_version = credentials_version + 1
         WHERE user_id = $1
         RETURNING {ACCOUNT_COLUMNS}"
    ))
    .bind(id.as_str())
    .bind(password_hash)
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(account)
    .transpose()
}

/// Sets the account's role; the account after, or `None` for an unknown id.
pub(crate) async fn set_role(
    store: &PgStore,
    id: &UserId,
    role: Role,
) -> Result<Option<Account>, StoreError> {
    sqlx::query(&format!(
        "UPDATE accounts SET role = $2 WHERE user_id = $1 RETURNING {ACCOUNT_COLUMNS}"
    ))
    .bind(id.as_str())
    .bind(role.as_str())
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(account)
    .transpose()
}

/// Disables or enables the account; the account after, or `None` for an
/// unknown id.
pub(crate) async fn set_disabled(
    store: &PgStore,
    id: &UserId,
    disabled: bool,
) -> Result<Option<Account>, StoreError> {
    sqlx::query(&format!(
        "UPDATE accounts SET disabled = $2 WHERE user_id = $1 RETURNING {ACCOUNT_COLUMNS}"
    ))
    .bind(id.as_str())
    .bind(disabled)
    .fetch_optional(&store.pool)
    .await
    .map_err(db)?
    .as_ref()
    .map(account)
    .transpose()
}
