//! Iqrah's web app, served by the `iqrah serve` command.
//!
//! - `/api/v1/…`: a JSON API mirroring `iqrah-api` (see `docs/http-api.md`),
//!   with proper status codes and `{"error":{"code","message"}}` bodies,
//!   a 64 KiB request limit, and no panic on any input.
//! - `/`, `/session/{id}`, `/session/{id}/summary`, `/about`: pages rendered
//!   with askama templates; the session page runs the client modules in
//!   `assets/` (`session.js` holds the state machine, `app.js` the DOM).
//! - `/assets/…`: CSS, JavaScript and the fonts of every script shown, all served by
//!   this binary: no page makes an external request.
//!
//! Every route sits behind the guard (`guard.rs`: foreign `Host` values and
//! cross-origin writes are refused) and gets the security headers
//! (`headers.rs`); [`serve`] listens on loopback only, with the connection
//! limit and timeouts of [`Limits`] (`listen.rs`). See docs/http-api.md,
//! "Security".

mod access;
mod account_api;
mod account_pages;
mod api;
mod appearance;
mod assets;
mod class_api;
mod class_pages;
mod compression;
mod error;
mod expired_sessions;
mod guard;
mod headers;
mod hosts;
mod installable;
mod json;
mod learner;
mod listen;
mod mushaf_map;
mod pages;
mod placement_pages;
mod progress_charts;
mod progress_pages;
mod similar_pages;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use iqrah_api::Iqrah;
use tower_http::timeout::RequestBodyDeadlineLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use access::{Access, AccountsOptions, SignedInAccount};
pub use assets::{Assets, locate_fonts};
pub use error::HttpError;
pub use headers::CONTENT_SECURITY_POLICY;
use hosts::HostPolicy;
pub use hosts::{HostName, InvalidHostName};
pub use learner::Learner;
pub use listen::{
    BODY_READ_TIMEOUT, HEADER_READ_TIMEOUT, Limits, MAX_CONNECTIONS, ServeError,
    raise_open_file_limit, require_loopback,
};

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The open Iqrah.
    pub iqrah: Iqrah,
    /// The static assets.
    pub assets: Assets,
    /// Whom requests are for: the local learner, or signed-in accounts.
    pub access: Access,
}

impl AppState {
    /// The state of a server for the one local learner.
    pub fn local(iqrah: Iqrah, assets: Assets) -> Self {
        AppState {
            iqrah,
            assets,
            access: Access::Local,
        }
    }
}

/// How [`serve`] serves: the names allowed besides the loopback names and
/// the connection limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServeOptions {
    /// Host names served besides `localhost`, `127.0.0.1`, `[::1]` and the
    /// listening address (`--allowed-host`).
    pub allowed_hosts: Vec<HostName>,
    /// The timeouts and the connection limit.
    pub limits: Limits,
}

/// The whole app (API, pages and assets) behind the guard, answering to the
/// loopback names on any port, with the default body timeout: for tests and
/// benches that send requests without [`serve`].
pub fn router(state: AppState) -> Router {
    app(state, HostPolicy::loopback(), &Limits::default())
}

/// The whole app as [`serve`] serves it on `addr`: behind the guard,
/// answering to the loopback names, `addr`'s IP and `options.allowed_hosts`
/// on `addr`'s port.
pub fn router_for(state: AppState, addr: SocketAddr, options: &ServeOptions) -> Router {
    app(
        state,
        HostPolicy::listening(addr, &options.allowed_hosts),
        &options.limits,
    )
}

fn app(state: AppState, policy: HostPolicy, limits: &Limits) -> Router {
    let mut routes = match &state.access {
        Access::Local => Router::new().nest("/api/v1", api::routes()),
        Access::Accounts(_) => Router::new()
            .nest(
                "/api/v1",
                api::routes()
                    .merge(account_api::routes())
                    .merge(class_api::routes()),
            )
            .merge(account_pages::routes())
            .merge(class_pages::routes()),
    }
    .merge(progress_pages::routes())
    .merge(placement_pages::routes())
    .merge(pages::routes())
    .merge(assets::routes())
    .merge(installable::routes())
    // Inside the sign-in check, so a signed-in account's pages are drawn
    // with its own settings.
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        appearance::with_appearance,
    ));
    if let Access::Accounts(options) = &state.access {
        // The session layer runs first, so the sign-in check finds the
        // browser session in the request.
        routes = routes
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                access::require_sign_in,
            ))
            .layer(
                SessionManagerLayer::new(options.sessions.clone())
                    .with_name(access::cookie_name(options.secure_cookies))
                    .with_secure(options.secure_cookies)
                    .with_http_only(true)
                    .with_same_site(SameSite::Lax)
                    .with_path("/")
                    .with_expiry(Expiry::OnInactivity(Duration::days(
                        access::SESSION_IDLE_DAYS,
                    ))),
            );
    }
    let routes = routes
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyDeadlineLayer::new(limits.body_read_timeout))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(policy),
            guard::refuse_foreign_requests,
        ))
        .with_state(state);
    headers::with_security_headers(routes).layer(compression::layer())
}

/// Serves the app on `addr` until `shutdown` completes; calls `ready` with
/// the bound address (useful with port 0) before serving. For the local
/// learner ([`Access::Local`]), refuses an address that is not loopback
/// before binding ([`require_loopback`]); a server with accounts may
/// listen on any address, and while it serves, deletes expired browser
/// sessions from its database every hour.
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    options: &ServeOptions,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let loopback_only = matches!(state.access, Access::Local);
    let sweep = match &state.access {
        Access::Local => None,
        Access::Accounts(accounts) => Some(tokio::spawn(expired_sessions::sweep(
            accounts.sessions.clone(),
            expired_sessions::SWEEP_EVERY,
        ))),
    };
    let served = listen::listen(
        addr,
        loopback_only,
        |bound| router_for(state, bound, options),
        options.limits,
        ready,
        shutdown,
    )
    .await;
    if let Some(sweep) = sweep {
        sweep.abort();
    }
    served
}
