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

mod api;
mod assets;
mod error;
mod json;
mod pages;
mod progress_pages;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use iqrah_api::Iqrah;

pub use assets::{Assets, locate_fonts};
pub use error::HttpError;

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The open Iqrah.
    pub iqrah: Iqrah,
    /// The static assets.
    pub assets: Assets,
}

/// The whole app: API, pages and assets.
pub fn router(state: AppState) -> Router {
    Router::new()
        .nest("/api/v1", api::routes())
        .merge(progress_pages::routes())
        .merge(pages::routes())
        .merge(assets::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Serves the app on `addr` until `shutdown` completes; calls `ready` with
/// the bound address (useful with port 0) before serving.
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
