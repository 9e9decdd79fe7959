//! The accounts contract of a shared server: accounts and their password
//! hashes, API tokens, invitations and the failed sign-ins that hold back
//! the next attempt.
//!
//! The store keeps only hashes: of passwords (argon2id, made by the API),
//! of tokens and of invitation codes (SHA-256 of random secrets, so a
//! stolen table opens nothing). Every decision (who may sign up, sign in,
//! see what) is the core's and the API's; the store persists and looks up.

use std::fmt;
use std::future::Future;

use iqrah_core::account::{Role, Username};
use iqrah_core::time::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::ids::UserId;

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The learner the account's data is stored under (a UUID; never
    /// [`UserId::LOCAL`]).
    pub id: UserId,
    /// The name it signs in with, unique on the server.
    pub username: Username,
    /// What it may do besides practising.
    pub role: Role,
    /// The password's PHC string (`$argon2id$…`).
    pub password_hash: String,
    /// Bumped by every password change: a signed-in browser remembers the
    /// version it signed in with, and an older one is signed out.
    pub credentials_version: i64,
    /// A disabled account can neither sign in nor use its tokens.
    pub disabled: bool,
    /// When it was created.
    pub created_at: Timestamp,
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Its id (a fresh UUID, chosen by the caller).
    pub id: UserId,
    /// Its name.
    pub username: Username,
    /// Its role; with an invitation, the invitation's role is used instead.
    pub role: Role,
    /// The password's PHC string.
    pub password_hash: String,
}

/// An API token, without its secret (which is shown once, when made, and
/// stored only as a hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// The token's id, to revoke it by.
    pub id: TokenId,
    /// What the learner called it ("phone", "backup script").
    pub label: String,
    /// When it was made.
    pub created_at: Timestamp,
}

/// The id of an API token (a UUID), never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenId(String);

impl TokenId {
    /// The token named by `id`.
    pub fn new(id: impl Into<String>) -> Self {
        TokenId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An invitation to create: its code's hash, the role it gives, who made
/// it and until when it may be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    /// SHA-256 of the code, hex.
    pub code_hash: String,
    /// The role of the account made with it.
    pub role: Role,
    /// The admin who made it.
    pub created_by: UserId,
    /// After this it is refused.
    pub expires_at: Timestamp,
}

/// An invitation as an admin sees it: never its code, which is shown once,
/// when made, and stored only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRecord {
    /// Its id, to revoke it by: the code's hash (SHA-256, hex), from which
    /// the code cannot be recovered.
    pub id: String,
    /// The role of the account made with it.
    pub role: Role,
    /// The name of the admin who made it.
    pub made_by: Username,
    /// When it was made.
    pub created_at: Timestamp,
    /// After this it is refused (a revoked invitation expired when it was
    /// revoked).
    pub expires_at: Timestamp,
    /// The name of the admin who revoked it, if one did.
    pub revoked_by: Option<Username>,
    /// When it was revoked.
    pub revoked_at: Option<Timestamp>,
    /// The name of the account made with it, once used.
    pub used_by: Option<Username>,
    /// When it was used.
    pub used_at: Option<Timestamp>,
}

/// The accounts of a shared server. Each method is one transaction.
pub trait AccountStore: Send + Sync {
    /// Creates `account`, or refuses with [`StoreError::UsernameTaken`].
    /// With `invitation` (a code's hash), the invitation must exist, be
    /// unused and not expired at `now` ([`StoreError::InvitationNotValid`]
    /// otherwise); it is used up in the same transaction and its role is
    /// the account's.
    fn create_account(
        &self,
        account: NewAccount,
        invitation: Option<&str>,
        now: Timestamp,
    ) -> impl Future<Output = Result<Account, StoreError>> + Send;

    /// The account with this id.
    fn account(
        &self,
        id: &UserId,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// The account with this name.
    fn account_named(
        &self,
        username: &Username,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Every account, by name.
    fn accounts(&self) -> impl Future<Output = Result<Vec<Account>, StoreError>> + Send;

    /// How many accounts there are.
    fn account_count(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Replaces the account's password hash and bumps its
    /// `credentials_version`; returns the account after, or `None` when no
    /// account has this id.
    fn set_password_hash(
        &self,
        id: &UserId,
        password_hash: &str,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Sets the account's role; `None` when no account has this id.
    fn set_role(
        &self,
        id: &UserId,
        role: Role,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Disables or enables the account; `None` when no account has this id.
    fn set_disabled(
        &self,
        id: &UserId,
        disabled: bool,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Records a failed sign-in for `username` (whether an account has the
    /// name or not) at `at`.
    fn record_sign_in_failure(
        &self,
        username: &Username,
        at: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The times of the failed sign-ins for `username` after `since`.
    fn sign_in_failures(
        &self,
        username: &Username,
        since: Timestamp,
    ) -> impl Future<Output = Result<Vec<Timestamp>, StoreError>> + Send;

    /// Forgets the failed sign-ins for `username` (after a successful one).
    fn clear_sign_in_failures(
        &self,
        username: &Username,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a token of `user`'s: its secret's hash (SHA-256, hex) and
    /// label.
    fn create_token(
        &self,
        user: &UserId,
        id: TokenId,
        secret_hash: &str,
        label: &str,
        now: Timestamp,
    ) -> impl Future<Output = Result<TokenRecord, StoreError>> + Send;

    /// The account a token secret's hash belongs to, with the token's id;
    /// `None` for an unknown or revoked token.
    fn account_for_token(
        &self,
        secret_hash: &str,
    ) -> impl Future<Output = Result<Option<(Account, TokenId)>, StoreError>> + Send;

    /// The user's tokens, newest first.
    fn tokens(
        &self,
        user: &UserId,
    ) -> impl Future<Output = Result<Vec<TokenRecord>, StoreError>> + Send;

    /// Revokes one of the user's tokens; `false` when the user has no
    /// token with this id (another user's token is not theirs).
    fn revoke_token(
        &self,
        user: &UserId,
        id: &TokenId,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Stores an invitation.
    fn create_invitation(
        &self,
        invitation: NewInvitation,
        now: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every invitation, newest first.
    fn invitations(&self)
    -> impl Future<Output = Result<Vec<InvitationRecord>, StoreError>> + Send;

    /// Makes the invitation `id` expire at `now`, revoked by the account
    /// `by`, so that its code is refused from then on; `false` when there
    /// is no such invitation still usable (unknown, used or expired).
    fn revoke_invitation(
        &self,
        id: &str,
        by: &UserId,
        now: Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
