//! Invitations (`invitations`, one row per code's hash): storing one,
//! listing and revoking them, and using one up in the transaction that
//! creates its account.

use std::str::FromStr;

use iqrah_core::account::{Role, Username};
use iqrah_core::time::Timestamp;
use iqrah_store::{InvitationRecord, NewInvitation, StoreError, UserId};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

use crate::error::db;
use crate::store::PgStore;

/// Stores an invitation (its maker must be an account: the foreign key
/// refuses another id, as a backend error).
pub(crate) async fn create_invitation(
    store: &PgStore,
    invitation: NewInvitation,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO invitations (code_hash, role, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&invitation.code_hash)
    .bind(invitation.role.as_str())
    .bind(invitation.created_by.as_str())
    .bind(now.millis())
    .bind(invitation.expires_at.millis())
    .execute(&store.pool)
    .await
    .map_err(db)?;
    Ok(())
}

/// Every invitation with the names of its maker and of the account made
/// with it, newest first.
pub(crate) async fn invitations(store: &PgStore) -> Result<Vec<InvitationRecord>, StoreError> {
    sqlx::query(
        "SELECT i.code_hash, i.role, maker.username AS made_by, i.created_at, i.expires_at,
           used.username AS used_by, i.used_at, revoker.username AS revoked_by, i.revoked_at
         FROM invitations i
         JOIN accounts maker ON maker.user_id = i.created_by
         LEFT JOIN accounts used ON used.user_id = i.used_by
         LEFT JOIN accounts revoker ON revoker.user_id = i.revoked_by
         ORDER BY i.created_at DESC, i.code_hash",
    )
    .fetch_all(&store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(invitation_record)
    .collect()
}

/// Makes the unused, unexpired invitation `id` expire at `now`, revoked
/// by `by`; whether there was one.
pub(crate) async fn revoke_invitation(
    store: &PgStore,
    id: &str,
    by: &UserId,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let revoked = sqlx::query(
        "UPDATE invitations SET expires_at = $2, revoked_at = $2, revoked_by = $3
         WHERE code_hash = $1 AND used_by IS NULL AND expires_at > $2",
    )
    .bind(id)
    .bind(now.millis())
    .bind(by.as_str())
    .execute(&store.pool)
    .await
    .map_err(db)?
    .rows_affected();
    Ok(revoked > 0)
}

/// An invitation (a row of [`invitations`]' query).
fn invitation_record(row: &PgRow) -> Result<InvitationRecord, StoreError> {
    let name = |column: &str| -> Result<Option<Username>, StoreError> {
        row.try_get::<Option<String>, _>(column)
            .map_err(db)?
            .map(|name| Username::from_str(&name).map_err(StoreError::corrupt))
            .transpose()
    };
    let role: String = row.try_get("role").map_err(db)?;
    Ok(InvitationRecord {
        id: row.try_get("code_hash").map_err(db)?,
        role: Role::from_str(&role).map_err(StoreError::corrupt)?,
        made_by: name("made_by")?
            .ok_or_else(|| StoreError::corrupt("an invitation without a maker"))?,
        created_at: Timestamp(row.try_get("created_at").map_err(db)?),
        expires_at: Timestamp(row.try_get("expires_at").map_err(db)?),
        used_by: name("used_by")?,
        used_at: row
            .try_get::<Option<i64>, _>("used_at")
            .map_err(db)?
            .map(Timestamp),
        revoked_by: name("revoked_by")?,
        revoked_at: row
            .try_get::<Option<i64>, _>("revoked_at")
            .map_err(db)?
            .map(Timestamp),
    })
}

/// Locks the invitation with this code's hash until the transaction ends
/// and returns the role it gives, or refuses with
/// [`StoreError::InvitationNotValid`] when there is none, it is used, or it
/// expires at or before `now`.
///
/// The row lock makes two sign-ups with one code take turns: the second
/// waits for the first to commit, then reads the invitation as it left it
/// (used) and is refused.
pub(crate) async fn lock_valid(
    conn: &mut PgConnection,
    code_hash: &str,
    now: Timestamp,
) -> Result<Role, StoreError> {
    let row = sqlx::query(
        "SELECT role, expires_at, used_by FROM invitations WHERE code_hash = $1 FOR UPDATE",
    )
    .bind(code_hash)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .ok_or(StoreError::InvitationNotValid)?;
    let expires_at: i64 = row.try_get("expires_at").map_err(db)?;
    let used_by: Option<String> = row.try_get("used_by").map_err(db)?;
    if used_by.is_some() || expires_at <= now.millis() {
        return Err(StoreError::InvitationNotValid);
    }
    let role: String = row.try_get("role").map_err(db)?;
    Role::from_str(&role).map_err(StoreError::corrupt)
}

/// Marks the invitation (locked by [`lock_valid`]) used by `user` at `now`.
pub(crate) async fn use_up(
    conn: &mut PgConnection,
    code_hash: &str,
    user: &UserId,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE invitations SET used_by = $2, used_at = $3 WHERE code_hash = $1")
        .bind(code_hash)
        .bind(user.as_str())
        .bind(now.millis())
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}
