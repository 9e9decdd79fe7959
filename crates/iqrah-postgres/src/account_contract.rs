//! [`AccountStore`] for [`PgStore`]: each call handed to the module of its
//! job (`accounts`, `sign_in_failures`, `tokens`, `invitations`).

use iqrah_core::account::{Role, Username};
use iqrah_core::time::Timestamp;
use iqrah_store::{
    Account, AccountStore, InvitationRecord, NewAccount, NewInvitation, StoreError, TokenId,
    TokenRecord, UserId,
};

use crate::store::PgStore;
use crate::{accounts, invitations, sign_in_failures, tokens};

impl AccountStore for PgStore {
    async fn create_account(
        &self,
        account: NewAccount,
        invitation: Option<&str>,
        now: Timestamp,
    ) -> Result<Account, StoreError> {
        accounts::create_account(self, account, invitation, now).await
    }

    async fn account(&self, id: &UserId) -> Result<Option<Account>, StoreError> {
        accounts::account_by_id(self, id).await
    }

    async fn account_named(&self, username: &Username) -> Result<Option<Account>, StoreError> {
        accounts::account_named(self, username).await
    }

    async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        accounts::accounts(self).await
    }

    async fn account_count(&self) -> Result<u64, StoreError> {
        accounts::account_count(self).await
    }

    async fn set_password_hash(
        &self,
        id: &UserId,
        password_hash: &str,
    ) -> Result<Option<Account>, StoreError> {
        accounts::set_password_hash(self, id, password_hash).await
    }

    async fn set_role(&self, id: &UserId, role: Role) -> Result<Option<Account>, StoreError> {
        accounts::set_role(self, id, role).await
    }

    async fn set_disabled(
        &self,
        id: &UserId,
        disabled: bool,
    ) -> Result<Option<Account>, StoreError> {
        accounts::set_disabled(self, id, disabled).await
    }

    async fn record_sign_in_failure(
        &self,
        username: &Username,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        sign_in_failures::record_sign_in_failure(self, username, at).await
    }

    async fn sign_in_failures(
        &self,
        username: &Username,
        since: Timestamp,
    ) -> Result<Vec<Timestamp>, StoreError> {
        sign_in_failures::sign_in_failures(self, username, since).await
    }

    async fn clear_sign_in_failures(&self, username: &Username) -> Result<(), StoreError> {
        sign_in_failures::clear_sign_in_failures(self, username).await
    }

    async fn create_token(
        &self,
        user: &UserId,
        id: TokenId,
        secret_hash: &str,
        label: &str,
        now: Timestamp,
    ) -> Result<TokenRecord, StoreError> {
        tokens::create_token(self, user, id, secret_hash, label, now).await
    }

    async fn account_for_token(
        &self,
        secret_hash: &str,
    ) -> Result<Option<(Account, TokenId)>, StoreError> {
        tokens::account_for_token(self, secret_hash).await
    }

    async fn tokens(&self, user: &UserId) -> Result<Vec<TokenRecord>, StoreError> {
        tokens::tokens(self, user).await
    }

    async fn revoke_token(&self, user: &UserId, id: &TokenId) -> Result<bool, StoreError> {
        tokens::revoke_token(self, user, id).await
    }

    async fn create_invitation(
        &self,
        invitation: NewInvitation,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        invitations::create_invitation(self, invitation, now).await
    }

    async fn invitations(&self) -> Result<Vec<InvitationRecord>, StoreError> {
        invitations::invitations(self).await
    }

    async fn revoke_invitation(
        &self,
        id: &str,
        by: &UserId,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        invitations::revoke_invitation(self, id, by, now).await
    }
}
