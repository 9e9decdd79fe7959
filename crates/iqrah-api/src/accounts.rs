//! Accounts on a shared server: sign-up, sign-in, password changes, API
//! tokens, invitations and the admin's management of accounts.
//!
//! The rules are the core's (`iqrah_core::account`); here they meet the
//! secrets: passwords hashed with argon2id (the `argon2` crate's defaults,
//! OWASP's minimum: 19 MiB, 2 passes, 1 lane) by [`Passwords`], and
//! random secrets from the operating system for tokens and invitation
//! codes, stored only as SHA-256 hashes. Only a PostgreSQL backend keeps
//! accounts; on the local SQLite file every call is
//! [`AccountError::NoAccounts`].

use std::sync::LazyLock;

use iqrah_core::account::{
    PasswordError, Role, SIGN_IN_WINDOW_MS, SignUpMode, Username, UsernameError,
    check_new_password, is_plausible_password, sign_in_wait,
};
use iqrah_core::time::Timestamp;
use iqrah_postgres::PgStore;
use iqrah_store::{
    Account, AccountStore, InvitationRecord, NewAccount, NewInvitation, StoreError, TokenId,
    TokenRecord, UserId,
};
use rand::TryRngCore;
use rand::rngs::OsRng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::app::Iqrah;
use crate::error::{ApiError, ErrorKind};
use crate::passwords::{Passwords, hash_with_salt};

/// What every API token begins with, so that a leaked one is recognisable
/// (secret scanners, logs).
pub const TOKEN_PREFIX: &str = "iqrah_";
/// The longest label of an API token, in characters.
pub const MAX_TOKEN_LABEL_CHARS: usize = 64;
/// How long an invitation may be used, by default: two weeks.
pub const INVITATION_DAYS: u32 = 14;
/// The longest an invitation may be valid.
pub const MAX_INVITATION_DAYS: u32 = 90;

/// Random bytes in a token's secret (256 bits).
const TOKEN_SECRET_BYTES: usize = 32;
/// Random bytes in an invitation code (128 bits).
const INVITATION_BYTES: usize = 16;

/// An account as the interfaces show it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDto {
    /// The id its data is stored under.
    pub id: UserId,
    /// The name it signs in with.
    pub username: Username,
    /// What it may do besides practising.
    pub role: Role,
    /// Whether it is disabled (it can neither sign in nor use its tokens).
    pub disabled: bool,
    /// When it was created, ms since the epoch.
    pub created_at: Timestamp,
}

impl From<&Account> for AccountDto {
    fn from(account: &Account) -> Self {
        AccountDto {
            id: account.id.clone(),
            username: account.username.clone(),
            role: account.role,
            disabled: account.disabled,
            created_at: account.created_at,
        }
    }
}

/// A successful sign-in (or sign-up, or password change): the account and
/// the credentials version a browser session must remember, so that a later
/// password change signs it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The account.
    pub account: AccountDto,
    /// Its credentials version now.
    pub credentials_version: i64,
}

/// A new API token: its secret, shown this once, and its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewTokenDto {
    /// The secret to send as `Authorization: Bearer …`; only its hash is kept.
    pub token: String,
    /// Its id, label and creation time.
    #[serde(flatten)]
    pub record: TokenRecord,
}

/// A new invitation: its code, shown this once, what it gives and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvitationDto {
    /// The code to sign up with; only its hash is kept.
    pub code: String,
    /// The role of the account made with it.
    pub role: Role,
    /// After this it is refused, ms since the epoch.
    pub expires_at: Timestamp,
}

/// Why an account call failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The learners' data is in a local SQLite file, which has no accounts.
    #[error(
        "accounts exist only on a server whose data is on PostgreSQL (iqrah serve --database postgres://…)"
    )]
    NoAccounts,
    /// The user name does not follow the rules.
    #[error("invalid user name: {0}")]
    InvalidUsername(#[from] UsernameError),
    /// The new password does not follow the rules.
    #[error("invalid password: {0}")]
    InvalidPassword(#[from] PasswordError),
    /// Another account has the name.
    #[error("the user name {0:?} is taken: choose another")]
    UsernameTaken(String),
    /// The server takes new accounts by invitation only.
    #[error("this server takes new accounts by invitation: ask an admin for an invitation code")]
    InvitationRequired,
    /// The invitation is unknown, used or expired.
    #[error("the invitation is unknown, used or expired: ask an admin for a new one")]
    InvitationNotValid,
    /// Wrong user name or password (which of them is not said).
    #[error("wrong user name or password")]
    SignInFailed,
    /// Too many failed sign-ins for this name lately.
    #[error("too many failed sign-ins for this name: try again in {} minutes", (retry_after_ms + 59_999) / 60_000)]
    TooManySignIns {
        /// When the next attempt may be made, in ms from now.
        retry_after_ms: i64,
    },
    /// The request names no signed-in account (or its session ended).
    #[error("sign in first")]
    SignInRequired,
    /// The API token is unknown, revoked, malformed or its account disabled.
    #[error("the API token is not valid: it is unknown, revoked or malformed")]
    TokenNotValid,
    /// The account is disabled by an admin.
    #[error("this account is disabled: ask an admin")]
    AccountDisabled,
    /// The account's role does not allow the action.
    #[error("not allowed: {0}")]
    NotAllowed(&'static str),
    /// No account has this name.
    #[error("no account is named {0:?}")]
    UnknownAccount(String),
    /// The learner has no token with this id.
    #[error("unknown API token {0:?}")]
    UnknownToken(String),
    /// No invitation still usable has this id (unknown, used, expired or
    /// revoked already).
    #[error("no usable invitation has the id {0:?}")]
    UnknownInvitation(String),
    /// A token label that is empty or too long.
    #[error("a token's label has 1 to {MAX_TOKEN_LABEL_CHARS} characters")]
    InvalidTokenLabel,
    /// An invitation valid for no days or too many.
    #[error("an invitation is valid for 1 to {MAX_INVITATION_DAYS} days, not {0}")]
    InvalidInvitationDays(u32),
}

impl AccountError {
    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            AccountError::NoAccounts
            | AccountError::InvalidUsername(_)
            | AccountError::InvalidPassword(_)
            | AccountError::InvitationNotValid
            | AccountError::InvalidTokenLabel
            | AccountError::InvalidInvitationDays(_) => ErrorKind::Invalid,
            AccountError::UsernameTaken(_) => ErrorKind::Conflict,
            AccountError::SignInFailed
            | AccountError::SignInRequired
            | AccountError::TokenNotValid => ErrorKind::Unauthenticated,
            AccountError::InvitationRequired
            | AccountError::AccountDisabled
            | AccountError::NotAllowed(_) => ErrorKind::Forbidden,
            AccountError::TooManySignIns { .. } => ErrorKind::TooManyAttempts,
            AccountError::UnknownAccount(_)
            | AccountError::UnknownToken(_)
            | AccountError::UnknownInvitation(_) => ErrorKind::NotFound,
        }
    }

    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AccountError::NoAccounts => "no_accounts",
            AccountError::InvalidUsername(_) => "invalid_username",
            AccountError::InvalidPassword(_) => "invalid_password",
            AccountError::UsernameTaken(_) => "username_taken",
            AccountError::InvitationRequired => "invitation_required",
            AccountError::InvitationNotValid => "invitation_not_valid",
            AccountError::SignInFailed => "sign_in_failed",
            AccountError::TooManySignIns { .. } => "too_many_sign_ins",
            AccountError::SignInRequired => "sign_in_required",
            AccountError::TokenNotValid => "token_not_valid",
            AccountError::AccountDisabled => "account_disabled",
            AccountError::NotAllowed(_) => "not_allowed",
            AccountError::UnknownAccount(_) => "unknown_account",
            AccountError::UnknownToken(_) => "unknown_token",
            AccountError::UnknownInvitation(_) => "unknown_invitation",
            AccountError::InvalidTokenLabel => "invalid_token_label",
            AccountError::InvalidInvitationDays(_) => "invalid_invitation_days",
        }
    }
}

/// The hash verified when no account has the name, so that a wrong name
/// costs the same time as a wrong password.
static UNKNOWN_ACCOUNT_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hash_with_salt("no account has this name", &[0x49; 16], &mut Vec::new()).ok());

impl Iqrah {
    /// The accounts of the server's database.
    async fn account_store(&self) -> Result<&PgStore, ApiError> {
        self.store()
            .await?
            .accounts()
            .ok_or(ApiError::Account(AccountError::NoAccounts))
    }

    /// Where a shared server keeps its browser sessions: the same database
    /// as its accounts.
    pub async fn web_session_store(&self) -> Result<iqrah_postgres::WebSessionStore, ApiError> {
        Ok(self.account_store().await?.web_session_store())
    }

    /// Creates an account by sign-up. In [`SignUpMode::Invitation`] an
    /// invitation code is required; in either mode a code given is used up
    /// and its role is the account's. Returns the account signed in.
    pub async fn sign_up(
        &self,
        mode: SignUpMode,
        username: &str,
        password: &str,
        invitation: Option<&str>,
    ) -> Result<SignedIn, ApiError> {
        let invitation = invitation.map(str::trim).filter(|code| !code.is_empty());
        if mode == SignUpMode::Invitation && invitation.is_none() {
            return Err(AccountError::InvitationRequired.into());
        }
        let account = self
            .new_account(
                username,
                password,
                Role::Learner,
                invitation.map(secret_hash),
            )
            .await?;
        Ok(signed_in(&account))
    }

    /// Creates an account with `role`, without an invitation: the server
    /// operator's way (the command line), e.g. for the first admin.
    pub async fn create_account(
        &self,
        username: &str,
        password: &str,
        role: Role,
    ) -> Result<AccountDto, ApiError> {
        let account = self.new_account(username, password, role, None).await?;
        Ok(AccountDto::from(&account))
    }

    async fn new_account(
        &self,
        username: &str,
        password: &str,
        role: Role,
        invitation_hash: Option<String>,
    ) -> Result<Account, ApiError> {
        let store = self.account_store().await?;
        let username: Username = username.parse().map_err(AccountError::from)?;
        check_new_password(password, &username).map_err(AccountError::from)?;
        let password_hash = hash_password(&self.passwords, password).await?;
        let new = NewAccount {
            id: UserId::new(uuid::Uuid::new_v4().to_string()),
            username,
            role,
            password_hash,
        };
        store
            .create_account(new, invitation_hash.as_deref(), self.now())
            .await
            .map_err(account_store_error)
    }

    /// Signs in with a name and password. After
    /// [`iqrah_core::account::SIGN_IN_FAILURES_ALLOWED`] failures for a
    /// name within the window, the next attempt waits
    /// ([`AccountError::TooManySignIns`]) without being checked.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SignedIn, ApiError> {
        let store = self.account_store().await?;
        // A name no account can have: nothing to count or check.
        let Ok(username) = username.parse::<Username>() else {
            return Err(AccountError::SignInFailed.into());
        };
        let account = self.check_password(store, &username, password).await?;
        if account.disabled {
            return Err(AccountError::AccountDisabled.into());
        }
        Ok(signed_in(&account))
    }

    /// The account named, if `password` is its password; counts a failure
    /// otherwise, and refuses without checking while the name must wait.
    async fn check_password(
        &self,
        store: &PgStore,
        username: &Username,
        password: &str,
    ) -> Result<Account, ApiError> {
        let now = self.now();
        let failures = store
            .sign_in_failures(username, Timestamp(now.0 - SIGN_IN_WINDOW_MS))
            .await?;
        if let Some(retry_after_ms) = sign_in_wait(&failures, now) {
            return Err(AccountError::TooManySignIns { retry_after_ms }.into());
        }
        let account = store.account_named(username).await?;
        let hash = account
            .as_ref()
            .map(|account| account.password_hash.clone())
            .or_else(|| UNKNOWN_ACCOUNT_HASH.clone());
        let matches = match hash {
            Some(hash) if is_plausible_password(password) => {
                self.passwords.verify(password.to_owned(), hash).await?
            }
            _ => false,
        };
        match account {
            Some(account) if matches => {
                store.clear_sign_in_failures(username).await?;
                Ok(account)
            }
            _ => {
                store.record_sign_in_failure(username, now).await?;
                Err(AccountError::SignInFailed.into())
            }
        }
    }

    /// The account a browser session names, if it still stands: the account
    /// exists, is not disabled, and its password has not changed since
    /// `credentials_version`.
    pub async fn signed_in_account(
        &self,
        user: &UserId,
        credentials_version: i64,
    ) -> Result<AccountDto, ApiError> {
        let store = self.account_store().await?;
        match store.account(user).await? {
            Some(account)
                if !account.disabled && account.credentials_version == credentials_version =>
            {
                Ok(AccountDto::from(&account))
            }
            _ => Err(AccountError::SignInRequired.into()),
        }
    }

    /// The account an API token (as sent after `Bearer `) belongs to.
    pub async fn token_account(&self, token: &str) -> Result<AccountDto, ApiError> {
        let store = self.account_store().await?;
        if !is_token_shaped(token) {
            return Err(AccountError::TokenNotValid.into());
        }
        match store.account_for_token(&secret_hash(token)).await? {
            Some((account, _)) if !account.disabled => Ok(AccountDto::from(&account)),
            _ => Err(AccountError::TokenNotValid.into()),
        }
    }

    /// The account of `user`.
    pub async fn account(&self, user: &UserId) -> Result<AccountDto, ApiError> {
        let store = self.account_store().await?;
        let account = store
            .account(user)
            .await?
            .ok_or(AccountError::SignInRequired)?;
        Ok(AccountDto::from(&account))
    }

    /// Changes the learner's password, given the current one (counted as a
    /// sign-in: failures hold back further attempts). Every other browser
    /// session of the account is signed out; the returned version keeps
    /// the caller's.
    pub async fn change_password(
        &self,
        user: &UserId,
        current: &str,
        new: &str,
    ) -> Result<SignedIn, ApiError> {
        let store = self.account_store().await?;
        let account = store
            .account(user)
            .await?
            .ok_or(AccountError::SignInRequired)?;
        check_new_password(new, &account.username).map_err(AccountError::from)?;
        self.check_password(store, &account.username, current)
            .await?;
        let hash = hash_password(&self.passwords, new).await?;
        let changed = store
            .set_password_hash(user, &hash)
            .await?
            .ok_or(AccountError::SignInRequired)?;
        Ok(signed_in(&changed))
    }

    /// Makes an API token for the learner; its secret is in the answer only.
    pub async fn create_token(&self, user: &UserId, label: &str) -> Result<NewTokenDto, ApiError> {
        let store = self.account_store().await?;
        let label = label.trim();
        if !(1..=MAX_TOKEN_LABEL_CHARS).contains(&label.chars().count()) {
            return Err(AccountError::InvalidTokenLabel.into());
        }
        let token = format!("{TOKEN_PREFIX}{}", random_code::<TOKEN_SECRET_BYTES>()?);
        let id = TokenId::new(uuid::Uuid::new_v4().to_string());
        let record = store
            .create_token(user, id, &secret_hash(&token), label, self.now())
            .await?;
        Ok(NewTokenDto { token, record })
    }

    /// The learner's API tokens, newest first (their secrets are not kept).
    pub async fn tokens(&self, user: &UserId) -> Result<Vec<TokenRecord>, ApiError> {
        Ok(self.account_store().await?.tokens(user).await?)
    }

    /// Revokes one of the learner's API tokens.
    pub async fn revoke_token(&self, user: &UserId, id: &str) -> Result<(), ApiError> {
        let store = self.account_store().await?;
        if store.revoke_token(user, &TokenId::new(id)).await? {
            Ok(())
        } else {
            Err(AccountError::UnknownToken(iqrah_quran::shorten(id)).into())
        }
    }

    /// The account of `actor` if it may manage accounts.
    async fn admin(&self, store: &PgStore, actor: &UserId) -> Result<Account, ApiError> {
        match store.account(actor).await? {
            Some(account) if account.role.can_manage_accounts() && !account.disabled => Ok(account),
            Some(_) => Err(AccountError::NotAllowed("only an admin may manage accounts").into()),
            None => Err(AccountError::SignInRequired.into()),
        }
    }

    /// Makes an invitation (admins only) giving `role`, valid for `days`.
    pub async fn invite(
        &self,
        actor: &UserId,
        role: Role,
        days: u32,
    ) -> Result<InvitationDto, ApiError> {
        let store = self.account_store().await?;
        let admin = self.admin(store, actor).await?;
        if !(1..=MAX_INVITATION_DAYS).contains(&days) {
            return Err(AccountError::InvalidInvitationDays(days).into());
        }
        let code = random_code::<INVITATION_BYTES>()?;
        let now = self.now();
        let expires_at = Timestamp(now.0 + i64::from(days) * 86_400_000);
        store
            .create_invitation(
                NewInvitation {
                    code_hash: secret_hash(&code),
                    role,
                    created_by: admin.id,
                    expires_at,
                },
                now,
            )
            .await?;
        Ok(InvitationDto {
            code,
            role,
            expires_at,
        })
    }

    /// Every invitation, newest first, without their codes (admins only).
    pub async fn invitations(&self, actor: &UserId) -> Result<Vec<InvitationRecord>, ApiError> {
        let store = self.account_store().await?;
        self.admin(store, actor).await?;
        Ok(store.invitations().await?)
    }

    /// Revokes the invitation `id` (admins only): its code is refused from
    /// now on. An invitation used, expired or revoked already is
    /// `unknown_invitation`.
    pub async fn revoke_invitation(&self, actor: &UserId, id: &str) -> Result<(), ApiError> {
        let store = self.account_store().await?;
        self.admin(store, actor).await?;
        if store.revoke_invitation(id, actor, self.now()).await? {
            Ok(())
        } else {
            Err(AccountError::UnknownInvitation(iqrah_quran::shorten(id)).into())
        }
    }

    /// Every account (admins only; the command line's operator passes
    /// `None`).
    pub async fn account_list(&self, actor: Option<&UserId>) -> Result<Vec<AccountDto>, ApiError> {
        let store = self.account_store().await?;
        if let Some(actor) = actor {
            self.admin(store, actor).await?;
        }
        Ok(store
            .accounts()
            .await?
            .iter()
            .map(AccountDto::from)
            .collect())
    }

    /// The account named `username`, for the command line's operator.
    pub async fn account_named(&self, username: &str) -> Result<AccountDto, ApiError> {
        let store = self.account_store().await?;
        let unknown = || AccountError::UnknownAccount(iqrah_quran::shorten(username));
        let name: Username = username.parse().map_err(|_| unknown())?;
        let account = store.account_named(&name).await?.ok_or_else(unknown)?;
        Ok(AccountDto::from(&account))
    }

    /// Sets the role of the account named `username`, or disables or
    /// enables it (admins only; the operator passes `None`). An admin may
    /// not demote or disable their own account, so a server always keeps
    /// the admin who acts.
    pub async fn update_account(
        &self,
        actor: Option<&UserId>,
        username: &str,
        change: AccountChange,
    ) -> Result<AccountDto, ApiError> {
        let store = self.account_store().await?;
        let admin = match actor {
            Some(actor) => Some(self.admin(store, actor).await?),
            None => None,
        };
        let unknown = || AccountError::UnknownAccount(iqrah_quran::shorten(username));
        let name: Username = username.parse().map_err(|_| unknown())?;
        let target = store.account_named(&name).await?.ok_or_else(unknown)?;
        if admin.is_some_and(|admin| admin.id == target.id)
            && change != AccountChange::Role(Role::Admin)
            && change != AccountChange::Disabled(false)
        {
            return Err(AccountError::NotAllowed(
                "an admin may not demote or disable their own account",
            )
            .into());
        }
        let changed = match change {
            AccountChange::Role(role) => store.set_role(&target.id, role).await?,
            AccountChange::Disabled(disabled) => store.set_disabled(&target.id, disabled).await?,
        };
        let changed = changed.ok_or_else(unknown)?;
        Ok(AccountDto::from(&changed))
    }
}

/// A change an admin makes to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountChange {
    /// Gives the account this role.
    Role(Role),
    /// Disables (`true`) or enables (`false`) the account.
    Disabled(bool),
}

fn signed_in(account: &Account) -> SignedIn {
    SignedIn {
        account: AccountDto::from(account),
        credentials_version: account.credentials_version,
    }
}

/// The store's refusals of a new account in the API's terms.
fn account_store_error(error: StoreError) -> ApiError {
    match error {
        StoreError::UsernameTaken(name) => AccountError::UsernameTaken(name).into(),
        StoreError::InvitationNotValid => AccountError::InvitationNotValid.into(),
        other => other.into(),
    }
}

/// Whether `token` has the shape of one of ours: the prefix, then the
/// secret's bytes in lowercase hex.
fn is_token_shaped(token: &str) -> bool {
    token.strip_prefix(TOKEN_PREFIX).is_some_and(|secret| {
        secret.len() == 2 * TOKEN_SECRET_BYTES
            && secret
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The SHA-256 of a secret (token or invitation code), in lowercase hex: what
/// the store keeps and looks up.
fn secret_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// `N` random bytes from the operating system, in lowercase hex.
pub(crate) fn random_code<const N: usize>() -> Result<String, ApiError> {
    let mut bytes = [0u8; N];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| ApiError::Internal(format!("no randomness from the operating system: {e}")))?;
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes a password with argon2id and a random salt.
async fn hash_password(passwords: &Passwords, password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    OsRng
        .try_fill_bytes(&mut salt)
        .map_err(|e| ApiError::Internal(format!("no randomness from the operating system: {e}")))?;
    passwords.hash(password, salt).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

    use super::*;

    #[tokio::test]
    async fn a_password_hash_is_argon2id_salted_and_verifies_only_its_password() {
        let passwords = Passwords::with_hashers(1);
        let one = hash_password(&passwords, "correct horse battery")
            .await
            .unwrap();
        let two = hash_password(&passwords, "correct horse battery")
            .await
            .unwrap();
        assert!(one.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{one}");
        assert_ne!(one, two, "each hash has its own salt");
        assert!(
            passwords
                .verify("correct horse battery".into(), one.clone())
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify("correct horse batterY".into(), one)
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify("x".into(), "not a hash".into())
                .await
                .unwrap()
        );
        assert!(UNKNOWN_ACCOUNT_HASH.is_some());
    }

    #[test]
    fn tokens_have_a_prefix_and_256_bits_and_only_their_hash_is_kept() {
        let token = format!(
            "{TOKEN_PREFIX}{}",
            random_code::<TOKEN_SECRET_BYTES>().unwrap()
        );
        assert!(is_token_shaped(&token), "{token}");
        assert_eq!(token.len(), TOKEN_PREFIX.len() + 64);
        assert!(!is_token_shaped(&token.to_uppercase()));
        assert!(!is_token_shaped(&token[..token.len() - 1]));
        assert!(!is_token_shaped("Bearer x"));
        assert_ne!(random_code::<16>().unwrap(), random_code::<16>().unwrap());
        let hash = secret_hash(&token);
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(&token[TOKEN_PREFIX.len()..]));
        // SHA-256 of "abc", the standard test vector.
        assert_eq!(
            secret_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
