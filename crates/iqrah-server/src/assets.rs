//! Static assets: the stylesheet and client modules compiled into the
//! binary, and the Amiri Quran font read once at start-up from the pinned
//! npm package.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

/// The stylesheet.
const APP_CSS: &str = include_str!("../assets/app.css");
/// The session state machine (no DOM), also run by `node --test`.
const SESSION_JS: &str = include_str!("../assets/session.js");
/// The session page: renders exercises and drives `session.js`.
const APP_JS: &str = include_str!("../assets/app.js");

/// Where the font lives relative to an Iqrah checkout.
const FONT_PATH: &str =
    "data/node_modules/@fontsource/amiri-quran/files/amiri-quran-arabic-400-normal.woff2";

/// The assets served under `/assets`.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// The Amiri Quran font (woff2), if it was found.
    pub font: Option<Bytes>,
}

impl Assets {
    /// Loads the font from `path`; without it pages fall back to the system's Arabic fonts.
    pub fn load(font_path: Option<&Path>) -> Self {
        let font = font_path
            .and_then(|p| std::fs::read(p).ok())
            .map(Bytes::from);
        Assets { font }
    }
}

/// Finds the font in the installed npm package, where the content package is
/// found (`iqrah_content::locate_in_checkout`).
pub fn locate_font() -> Option<PathBuf> {
    iqrah_content::locate_in_checkout(FONT_PATH, Path::is_file).ok()
}

fn text(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/app.css",
            get(|| async { text("text/css; charset=utf-8", APP_CSS) }),
        )
        .route(
            "/assets/session.js",
            get(|| async { text("text/javascript; charset=utf-8", SESSION_JS) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { text("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/assets/amiri-quran.woff2",
            get(|State(state): State<AppState>| async move {
                match state.assets.font {
                    Some(font) => (
                        [
                            (header::CONTENT_TYPE, "font/woff2"),
                            (header::CACHE_CONTROL, "max-age=86400"),
                        ],
                        font,
                    )
                        .into_response(),
                    None => StatusCode::NOT_FOUND.into_response(),
                }
            }),
        )
}
