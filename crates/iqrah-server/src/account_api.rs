//! The JSON API of accounts on a shared server (mounted under `/api/v1`
//! only there): signing up, in and out, the account, its password and API
//! tokens, and the admin's invitations and accounts. See docs/http-api.md,
//! "Accounts".

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use axum::{Json, Router};
use iqrah_api::{AccountChange, AccountDto, INVITATION_DAYS, Role, SignedIn};
use serde::Deserialize;
use tower_sessions::Session;

use crate::access::{SignedInAccount, forget, remember};
use crate::error::HttpError;
use crate::json::{JsonBody, PathText};
use crate::{Access, AppState};

/// Handler results: JSON or an [`HttpError`].
type Reply<T> = Result<Json<T>, HttpError>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-up", post(sign_up))
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/account", get(account))
        .route("/account/password", put(change_password))
        .route("/tokens", get(tokens).post(create_token))
        .route("/tokens/{id}", delete(revoke_token))
        .route("/invitations", get(invitations).post(invite))
        .route("/invitations/{id}", delete(revoke_invitation))
        .route("/accounts", get(accounts))
        .route("/accounts/{username}", patch(update_account))
}

/// `POST /sign-up`: `{"username","password","invitation"?}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignUpBody {
    pub(crate) username: String,
    pub(crate) password: String,
    #[serde(default)]
    pub(crate) invitation: Option<String>,
}

/// `POST /sign-in`: `{"username","password"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignInBody {
    pub(crate) username: String,
    pub(crate) password: String,
}

/// The sign-up mode of the server (accounts routes run only with accounts).
pub(crate) fn sign_up_mode(state: &AppState) -> iqrah_api::SignUpMode {
    match &state.access {
        Access::Accounts(options) => options.sign_up,
        Access::Local => iqrah_api::SignUpMode::Invitation,
    }
}

/// Signs the browser in: the session remembers the account. Answers the
/// account.
async fn signed_in_reply(session: &Session, signed_in: SignedIn) -> Reply<AccountDto> {
    remember(session, &signed_in).await?;
    Ok(Json(signed_in.account))
}

async fn sign_up(
    State(state): State<AppState>,
    session: Session,
    JsonBody(body): JsonBody<SignUpBody>,
) -> Result<Response, HttpError> {
    let signed_in = state
        .iqrah
        .sign_up(
            sign_up_mode(&state),
            &body.username,
            &body.password,
            body.invitation.as_deref(),
        )
        .await?;
    let account = signed_in_reply(&session, signed_in).await?;
    Ok((StatusCode::CREATED, account).into_response())
}

async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    JsonBody(body): JsonBody<SignInBody>,
) -> Reply<AccountDto> {
    let signed_in = state.iqrah.sign_in(&body.username, &body.password).await?;
    signed_in_reply(&session, signed_in).await
}

/// `POST /sign-out`: ends this browser session (API tokens stay valid).
async fn sign_out(session: Session) -> Result<StatusCode, HttpError> {
    forget(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn account(SignedInAccount(account): SignedInAccount) -> Json<AccountDto> {
    Json(account)
}

/// `PUT /account/password`: `{"current","new"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordBody {
    current: String,
    new: String,
}

/// Changes the password; every other browser session of the account is
/// signed out, this one stays signed in (when it is a browser).
async fn change_password(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    session: Session,
    JsonBody(body): JsonBody<PasswordBody>,
) -> Reply<AccountDto> {
    let signed_in = state
        .iqrah
        .change_password(&account.id, &body.current, &body.new)
        .await?;
    signed_in_reply(&session, signed_in).await
}

async fn tokens(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
) -> Reply<Vec<iqrah_api::TokenRecord>> {
    Ok(Json(state.iqrah.tokens(&account.id).await?))
}

/// `POST /tokens`: `{"label"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    label: String,
}

async fn create_token(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    JsonBody(body): JsonBody<TokenBody>,
) -> Result<Response, HttpError> {
    let token = state.iqrah.create_token(&account.id, &body.label).await?;
    Ok((StatusCode::CREATED, Json(token)).into_response())
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(id): PathText,
) -> Result<StatusCode, HttpError> {
    state.iqrah.revoke_token(&account.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /invitations`: `{"role"?, "days"?}` (a learner for two weeks by
/// default).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InvitationBody {
    #[serde(default)]
    role: Option<Role>,
    #[serde(default)]
    days: Option<u32>,
}

async fn invite(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    JsonBody(body): JsonBody<InvitationBody>,
) -> Result<Response, HttpError> {
    let invitation = state
        .iqrah
        .invite(
            &account.id,
            body.role.unwrap_or(Role::Learner),
            body.days.unwrap_or(INVITATION_DAYS),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(invitation)).into_response())
}

async fn invitations(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
) -> Reply<Vec<iqrah_api::InvitationRecord>> {
    Ok(Json(state.iqrah.invitations(&account.id).await?))
}

async fn revoke_invitation(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(id): PathText,
) -> Result<StatusCode, HttpError> {
    state.iqrah.revoke_invitation(&account.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn accounts(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
) -> Reply<Vec<AccountDto>> {
    Ok(Json(state.iqrah.account_list(Some(&account.id)).await?))
}

async fn update_account(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(username): PathText,
    JsonBody(change): JsonBody<AccountChange>,
) -> Reply<AccountDto> {
    Ok(Json(
        state
            .iqrah
            .update_account(Some(&account.id), &username, change)
            .await?,
    ))
}
