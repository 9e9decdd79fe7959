//! The account pages of a shared server (mounted only there): sign-in,
//! sign-up, sign-out and the account page (password, API tokens, and for
//! an admin, invitations and accounts). Plain forms: they work without
//! JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use iqrah_api::{
    AccountChange, AccountDto, ApiError, INVITATION_DAYS, InvitationDto, Role, SignUpMode,
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;
use crate::access::{SignedInAccount, forget, remember, safe_next};
use crate::account_api::{SignInBody, SignUpBody, sign_up_mode};
use crate::json::PathText;
use crate::pages::{api_error, render};
use crate::progress_charts::civil_date;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-up", get(sign_up_page).post(sign_up))
        .route("/sign-out", post(sign_out))
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/account/invitations", post(invite))
        .route("/account/invitations/{id}/revoke", post(revoke_invitation))
        .route("/account/accounts/{username}", post(update_account))
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    error: Option<String>,
    next: String,
    username: String,
    invitation_only: bool,
}

#[derive(Template)]
#[template(path = "sign_up.html")]
struct SignUpPage {
    error: Option<String>,
    username: String,
    invitation: String,
    invitation_only: bool,
}

/// `?next=/session/…` (sign-in) or `?invitation=…` (sign-up).
#[derive(Debug, Default, Deserialize)]
struct PageQuery {
    next: Option<String>,
    invitation: Option<String>,
}

/// A page's query, or none when it does not parse (a page never fails on
/// its query).
fn page_query(
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> PageQuery {
    query.map(|Query(q)| q).unwrap_or_default()
}

/// The error page's status for `error`, with the form drawn again.
fn with_status(error: &ApiError, page: Response) -> Response {
    let status = crate::error::HttpError::status_of(error);
    (status, page).into_response()
}

async fn sign_in_page(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let query = page_query(query);
    render(&SignInPage {
        error: None,
        next: safe_next(query.next.as_deref().unwrap_or("/")).to_owned(),
        username: String::new(),
        invitation_only: sign_up_mode(&state) == SignUpMode::Invitation,
    })
}

/// The sign-in form: the API's body plus where to go next.
#[derive(Debug, Deserialize)]
struct SignInForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<SignInForm>,
) -> Response {
    let body = SignInBody {
        username: form.username,
        password: form.password,
    };
    let next = safe_next(&form.next).to_owned();
    match state.iqrah.sign_in(&body.username, &body.password).await {
        Ok(signed_in) => match remember(&session, &signed_in).await {
            Ok(()) => Redirect::to(&next).into_response(),
            Err(error) => error.into_response(),
        },
        Err(error) => {
            let page = render(&SignInPage {
                error: Some(error.to_string()),
                next,
                username: body.username,
                invitation_only: sign_up_mode(&state) == SignUpMode::Invitation,
            });
            with_status(&error, page)
        }
    }
}

async fn sign_up_page(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let query = page_query(query);
    render(&SignUpPage {
        error: None,
        username: String::new(),
        invitation: query.invitation.unwrap_or_default(),
        invitation_only: sign_up_mode(&state) == SignUpMode::Invitation,
    })
}

async fn sign_up(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<SignUpBody>,
) -> Response {
    let mode = sign_up_mode(&state);
    match state
        .iqrah
        .sign_up(
            mode,
            &form.username,
            &form.password,
            form.invitation.as_deref(),
        )
        .await
    {
        Ok(signed_in) => match remember(&session, &signed_in).await {
            Ok(()) => Redirect::to("/").into_response(),
            Err(error) => error.into_response(),
        },
        Err(error) => {
            let page = render(&SignUpPage {
                error: Some(error.to_string()),
                username: form.username,
                invitation: form.invitation.unwrap_or_default(),
                invitation_only: mode == SignUpMode::Invitation,
            });
            with_status(&error, page)
        }
    }
}

async fn sign_out(session: Session) -> Response {
    match forget(&session).await {
        Ok(()) => Redirect::to("/sign-in").into_response(),
        Err(error) => error.into_response(),
    }
}

/// A token in the account page's list.
struct TokenRow {
    id: String,
    label: String,
    made: String,
}

/// An invitation in the admin's list: what it gives and what became of it.
struct InvitationRow {
    id: String,
    role: Role,
    made_by: String,
    made: String,
    /// "usable until …", "used by … on …", "revoked by … on …" or
    /// "expired on …".
    state: String,
    usable: bool,
}

impl InvitationRow {
    /// The row of `record` at `now`.
    fn of(record: iqrah_api::InvitationRecord, now: iqrah_api::Timestamp) -> Self {
        let usable = record.used_by.is_none() && record.expires_at > now;
        let state = match (&record.used_by, record.used_at) {
            (Some(name), Some(at)) => format!("used by {name} on {}", date_of(at)),
            _ if usable => format!("usable until {}", date_of(record.expires_at)),
            _ => match (&record.revoked_by, record.revoked_at) {
                (Some(name), Some(at)) => format!("revoked by {name} on {}", date_of(at)),
                _ => format!("expired on {}", date_of(record.expires_at)),
            },
        };
        InvitationRow {
            id: record.id,
            role: record.role,
            made_by: record.made_by.to_string(),
            made: date_of(record.created_at),
            state,
            usable,
        }
    }
}

/// A new invitation as the account page shows it.
struct InvitationView {
    code: String,
    role: Role,
    until: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    account: AccountDto,
    error: Option<String>,
    message: Option<String>,
    new_token: Option<String>,
    tokens: Vec<TokenRow>,
    is_admin: bool,
    new_invitation: Option<InvitationView>,
    invitations: Vec<InvitationRow>,
    accounts: Vec<AccountDto>,
}

/// What an account page shows besides the account's own state.
#[derive(Default)]
struct Outcome {
    error: Option<ApiError>,
    message: Option<String>,
    new_token: Option<String>,
    new_invitation: Option<InvitationDto>,
}

impl Outcome {
    /// What a page shows after an action: `shown` of what it gave, or the
    /// error that stopped it.
    fn after<T>(result: Result<T, ApiError>, shown: impl FnOnce(T) -> Outcome) -> Outcome {
        match result {
            Ok(value) => shown(value),
            Err(error) => Outcome {
                error: Some(error),
                ..Outcome::default()
            },
        }
    }

    /// A message.
    fn message(message: impl Into<String>) -> Outcome {
        Outcome {
            message: Some(message.into()),
            ..Outcome::default()
        }
    }
}

fn date_of(at: iqrah_api::Timestamp) -> String {
    civil_date(at.millis().div_euclid(iqrah_api::DAY_MS))
}

/// The account page, after `outcome`.
async fn account_view(state: &AppState, account: AccountDto, outcome: Outcome) -> Response {
    let tokens = match state.iqrah.tokens(&account.id).await {
        Ok(tokens) => tokens,
        Err(error) => return api_error(error),
    };
    let is_admin = account.role.can_manage_accounts();
    let (accounts, invitations) = if is_admin {
        let listed = match state.iqrah.account_list(Some(&account.id)).await {
            Ok(accounts) => accounts,
            Err(error) => return api_error(error),
        };
        let now = state.iqrah.now();
        match state.iqrah.invitations(&account.id).await {
            Ok(invitations) => (
                listed,
                invitations
                    .into_iter()
                    .map(|record| InvitationRow::of(record, now))
                    .collect(),
            ),
            Err(error) => return api_error(error),
        }
    } else {
        (Vec::new(), Vec::new())
    };
    let page = render(&AccountPage {
        account,
        error: outcome.error.as_ref().map(ToString::to_string),
        message: outcome.message,
        new_token: outcome.new_token,
        tokens: tokens
            .into_iter()
            .map(|token| TokenRow {
                id: token.id.to_string(),
                label: token.label,
                made: date_of(token.created_at),
            })
            .collect(),
        is_admin,
        new_invitation: outcome.new_invitation.map(|invitation| InvitationView {
            code: invitation.code,
            role: invitation.role,
            until: date_of(invitation.expires_at),
        }),
        invitations,
        accounts,
    });
    match &outcome.error {
        Some(error) => with_status(error, page),
        None => page,
    }
}

async fn account_page(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
) -> Response {
    account_view(&state, account, Outcome::default()).await
}

/// The password form.
#[derive(Debug, Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
}

async fn change_password(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Response {
    let outcome = match state
        .iqrah
        .change_password(&account.id, &form.current, &form.new)
        .await
    {
        Ok(signed_in) => match remember(&session, &signed_in).await {
            Ok(()) => Outcome::message("Password changed; your other browsers are signed out."),
            Err(error) => return error.into_response(),
        },
        Err(error) => Outcome {
            error: Some(error),
            ..Outcome::default()
        },
    };
    account_view(&state, account, outcome).await
}

/// The new-token form.
#[derive(Debug, Deserialize)]
struct TokenForm {
    label: String,
}

async fn create_token(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    Form(form): Form<TokenForm>,
) -> Response {
    let made = state.iqrah.create_token(&account.id, &form.label).await;
    let outcome = Outcome::after(made, |token| Outcome {
        new_token: Some(token.token),
        ..Outcome::default()
    });
    account_view(&state, account, outcome).await
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(id): PathText,
) -> Response {
    let revoked = state.iqrah.revoke_token(&account.id, &id).await;
    let outcome = Outcome::after(revoked, |()| Outcome::message("Token revoked."));
    account_view(&state, account, outcome).await
}

/// The invitation form.
#[derive(Debug, Deserialize)]
struct InvitationForm {
    role: Role,
}

async fn invite(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    Form(form): Form<InvitationForm>,
) -> Response {
    let made = state
        .iqrah
        .invite(&account.id, form.role, INVITATION_DAYS)
        .await;
    let outcome = Outcome::after(made, |invitation| Outcome {
        new_invitation: Some(invitation),
        ..Outcome::default()
    });
    account_view(&state, account, outcome).await
}

async fn revoke_invitation(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(id): PathText,
) -> Response {
    let revoked = state.iqrah.revoke_invitation(&account.id, &id).await;
    let outcome = Outcome::after(revoked, |()| {
        Outcome::message("Invitation revoked: its code no longer signs up.")
    });
    account_view(&state, account, outcome).await
}

/// An admin's change to another account from the list.
#[derive(Debug, Deserialize)]
struct AccountForm {
    change: AccountFormChange,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AccountFormChange {
    Disable,
    Enable,
}

async fn update_account(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(username): PathText,
    Form(form): Form<AccountForm>,
) -> Response {
    let change = AccountChange::Disabled(matches!(form.change, AccountFormChange::Disable));
    let changed = state
        .iqrah
        .update_account(Some(&account.id), &username, change)
        .await;
    let outcome = Outcome::after(changed, |changed| {
        let state = if changed.disabled {
            "disabled"
        } else {
            "enabled"
        };
        Outcome::message(format!("{} is {state}.", changed.username))
    });
    account_view(&state, account, outcome).await
}
