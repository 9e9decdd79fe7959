//! Who a request is for: the one local learner, or on a shared server the
//! signed-in account, named by a browser session's cookie or an API token.
//!
//! On a shared server ([`Access::Accounts`]) [`require_sign_in`] runs before
//! every route: a request to any path but the public ones
//! ([`is_public_path`]) must name an account that stands (not disabled, its
//! password unchanged since the browser signed in) or it is refused, `401`
//! with `sign_in_required` or `token_not_valid` under `/api`, a redirect to
//! the sign-in page for a page. The account found goes into the request's
//! extensions, where [`crate::Learner`] and [`SignedInAccount`] read it.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use iqrah_api::{AccountDto, AccountError, ApiError, SignUpMode, SignedIn, UserId};
use iqrah_postgres::WebSessionStore;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::AppState;
use crate::error::HttpError;

/// How a server knows whom a request is for.
#[derive(Debug, Clone)]
pub enum Access {
    /// The one learner of this computer, with no sign-in: the server listens
    /// on loopback only.
    Local,
    /// Accounts on a shared server: every route but the public ones needs a
    /// signed-in account.
    Accounts(AccountsOptions),
}

/// The settings of a server with accounts.
#[derive(Debug, Clone)]
pub struct AccountsOptions {
    /// Who may create an account.
    pub sign_up: SignUpMode,
    /// Whether the session cookie is marked `Secure` (sent over HTTPS only)
    /// and named with the `__Host-` prefix. Off only for a server reached
    /// over plain HTTP on a trusted network.
    pub secure_cookies: bool,
    /// Where browser sessions are kept (the server's database).
    pub sessions: WebSessionStore,
}

/// The name of the session cookie; a secure one carries the `__Host-`
/// prefix, which browsers accept only from HTTPS, for the whole site, and
/// for this host alone.
pub(crate) fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-iqrah_session"
    } else {
        "iqrah_session"
    }
}

/// A browser session lasts this long after its last request: 30 days.
pub(crate) const SESSION_IDLE_DAYS: i64 = 30;

/// The key a browser session keeps its sign-in under.
const SIGN_IN_KEY: &str = "sign_in";

/// What a browser session remembers of its sign-in.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WebSignIn {
    user: UserId,
    credentials_version: i64,
}

/// The signed-in account of a request on a shared server, for handlers that
/// need more than the learner's id (the account page, admin actions).
#[derive(Debug, Clone)]
pub struct SignedInAccount(pub AccountDto);

impl FromRequestParts<AppState> for SignedInAccount {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<SignedInAccount>()
            .cloned()
            .ok_or_else(|| {
                refusal(
                    parts.uri.path(),
                    &parts.method,
                    AccountError::SignInRequired,
                )
            })
    }
}

/// The paths served without a sign-in: signing in and up, the health
/// check, the static assets the sign-in page is drawn with, and the
/// installable app's manifest, service worker and offline page (which hold
/// nobody's data).
pub(crate) fn is_public_path(path: &str) -> bool {
    matches!(
        path,
        "/sign-in" | "/sign-up" | "/api/v1/sign-in" | "/api/v1/sign-up" | "/api/v1/health"
    ) || path.starts_with("/assets/")
        || crate::installable::PATHS.contains(&path)
}

/// Refuses every request to a path that is not public unless it names a
/// signed-in account; puts the account in the request's extensions.
pub(crate) async fn require_sign_in(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if is_public_path(request.uri().path()) {
        return next.run(request).await;
    }
    let session = request.extensions().get::<Session>().cloned();
    match authenticate(&state, request.headers(), session.as_ref()).await {
        Ok(account) => {
            let links = account_links(&account);
            request.extensions_mut().insert(SignedInAccount(account));
            with_account_links(next.run(request).await, &links).await
        }
        Err(ApiError::Account(error)) => refusal(request.uri().path(), request.method(), error),
        Err(other) => HttpError::from(other).into_response(),
    }
}

/// Where a page's navigation names the signed-in account (base.html); the
/// local learner's pages keep the bare marker, an HTML comment.
pub(crate) const ACCOUNT_LINKS_MARKER: &str = "<!--account-links-->";

/// The navigation links of a signed-in account: their classes and their
/// account, named.
fn account_links(account: &AccountDto) -> String {
    // A user name is only a–z, 0–9, '.', '_' and '-': nothing to escape.
    format!(
        r#"<a href="/classes">Classes</a> <a href="/account" id="account-link">{}</a>"#,
        account.username
    )
}

/// `response` with the account's links in place of the marker, when it is
/// a page (HTML); any other response unchanged.
async fn with_account_links(response: Response, links: &str) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, PAGE_LIMIT_BYTES).await else {
        return HttpError::from(ApiError::Internal("a page too large to draw".into()))
            .into_response();
    };
    let page = String::from_utf8_lossy(&bytes).replacen(ACCOUNT_LINKS_MARKER, links, 1);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(page))
}

/// The largest page the account links are put into (pages are far smaller).
const PAGE_LIMIT_BYTES: usize = 8 << 20;

/// The account a request names: its bearer token if it sends one (and then
/// only that), else its browser session's sign-in.
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    session: Option<&Session>,
) -> Result<AccountDto, ApiError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(AccountError::TokenNotValid)?;
        return state.iqrah.token_account(token.trim()).await;
    }
    let session = session.ok_or(AccountError::SignInRequired)?;
    let sign_in: Option<WebSignIn> = session
        .get(SIGN_IN_KEY)
        .await
        .map_err(|e| ApiError::Internal(format!("reading the browser session: {e}")))?;
    let sign_in = sign_in.ok_or(AccountError::SignInRequired)?;
    state
        .iqrah
        .signed_in_account(&sign_in.user, sign_in.credentials_version)
        .await
}

/// Remembers a sign-in in the browser session, under a new session id (an
/// id set before the sign-in, by anyone, is worth nothing after it).
pub(crate) async fn remember(session: &Session, signed_in: &SignedIn) -> Result<(), HttpError> {
    let sign_in = WebSignIn {
        user: signed_in.account.id.clone(),
        credentials_version: signed_in.credentials_version,
    };
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(SIGN_IN_KEY, sign_in)
        .await
        .map_err(session_error)
}

/// Ends the browser session: its record is deleted and its cookie cleared.
pub(crate) async fn forget(session: &Session) -> Result<(), HttpError> {
    session.flush().await.map_err(session_error)
}

fn session_error(error: tower_sessions::session::Error) -> HttpError {
    HttpError::from(ApiError::Internal(format!("the browser session: {error}")))
}

/// A refused request: JSON under `/api`; for a page without a sign-in, the
/// sign-in page (with the page to come back to, for a read); else the
/// error page.
fn refusal(path: &str, method: &axum::http::Method, error: AccountError) -> Response {
    if path == "/api" || path.starts_with("/api/") {
        return HttpError::from(ApiError::Account(error)).into_response();
    }
    if matches!(error, AccountError::SignInRequired) {
        // A form sent after the session ended starts again from home.
        let next = if method == axum::http::Method::GET {
            path
        } else {
            "/"
        };
        return Redirect::to(&format!("/sign-in?next={}", encode_next(next))).into_response();
    }
    crate::pages::api_error(ApiError::Account(error))
}

/// `path` for a `next=` query: only our own absolute paths (`/…`, never
/// `//host`), with the characters a query needs escaped.
pub(crate) fn encode_next(path: &str) -> String {
    let path = safe_next(path);
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Where to go after signing in: `next` if it is a path of this server
/// (one leading `/`, no scheme, no backslash), else the home page.
pub(crate) fn safe_next(next: &str) -> &str {
    let ours = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.contains("://")
        && next.chars().all(|c| !c.is_control());
    if ours { next } else { "/" }
}

/// The learner a request acts for, given the server's access.
pub(crate) fn learner_of(parts: &Parts, access: &Access) -> Option<UserId> {
    match access {
        Access::Local => Some(UserId::local()),
        Access::Accounts(_) => parts
            .extensions
            .get::<SignedInAccount>()
            .map(|account| account.0.id.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_paths_are_gone_back_to_after_signing_in() {
        assert_eq!(safe_next("/session/abc"), "/session/abc");
        assert_eq!(safe_next("/progress?x=1"), "/progress?x=1");
        for foreign in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "evil",
            "",
            "/a\nb",
        ] {
            assert_eq!(safe_next(foreign), "/", "{foreign:?}");
        }
        assert_eq!(encode_next("/session/a b?c=d"), "/session/a%20b%3Fc%3Dd");
        assert_eq!(encode_next("//evil"), "/");
    }

    #[test]
    fn the_public_paths_are_only_sign_in_sign_up_health_assets_and_the_installable_app() {
        for public in [
            "/sign-in",
            "/sign-up",
            "/api/v1/sign-in",
            "/api/v1/health",
            "/assets/app.css",
            "/manifest.webmanifest",
            "/sw.js",
            "/offline",
        ] {
            assert!(is_public_path(public), "{public}");
        }
        for private in [
            "/",
            "/about",
            "/account",
            "/api/v1/surahs",
            "/api/v1/sessions",
            "/sign-in/x",
            "/assetsx",
            "/offline/x",
            "/sw.jsx",
        ] {
            assert!(!is_public_path(private), "{private}");
        }
    }
}
