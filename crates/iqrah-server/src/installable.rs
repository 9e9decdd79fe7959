//! The installable web app: the manifest a browser installs the app from,
//! the service worker that keeps the app shell and shows the offline page
//! when the server cannot be reached, and that page.
//!
//! The service worker (`assets/sw.js`) keeps the static assets
//! ([`crate::assets::TEXT_ASSETS`], the icons), `/assets/fonts.css`, the
//! font files that draw Arabic and Latin text, and `/offline`. It answers
//! pages from the network, and with the offline page only when the network
//! fails; it never answers an API call or a write, so nothing a learner
//! does is queued on the device. Its cache is named after a hash of what it
//! keeps, so a new build replaces it.

use std::hash::{DefaultHasher, Hash, Hasher};

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::assets::{ICON_PNGS, TEXT_ASSETS};
use crate::pages::render;

/// The service worker's script, before the server fills in its version and
/// the URLs it keeps.
const SERVICE_WORKER_JS: &str = include_str!("../assets/sw.js");

/// The page shown when the server cannot be reached.
pub(crate) const OFFLINE_PATH: &str = "/offline";

/// The manifest: the app's name, colours and icons, opened at `/`.
const MANIFEST: &str = r##"{
  "name": "Iqrah — Quran memorization",
  "short_name": "Iqrah",
  "description": "Memorize the Quran and keep it memorized, with short daily sessions planned by spaced repetition.",
  "start_url": "/",
  "scope": "/",
  "display": "standalone",
  "background_color": "#faf7f0",
  "theme_color": "#0f6b5c",
  "icons": [
    { "src": "/assets/icon-192.png", "sizes": "192x192", "type": "image/png" },
    { "src": "/assets/icon-512.png", "sizes": "512x512", "type": "image/png" },
    { "src": "/assets/icon.svg", "sizes": "any", "type": "image/svg+xml" }
  ]
}
"##;

/// The paths these routes serve, which need no sign-in on a shared server
/// (the offline page must be kept before anyone signs in).
pub(crate) const PATHS: [&str; 3] = ["/manifest.webmanifest", "/sw.js", OFFLINE_PATH];

#[derive(Template)]
#[template(path = "offline.html")]
struct OfflinePage;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/manifest.webmanifest",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "application/manifest+json"),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    MANIFEST,
                )
                    .into_response()
            }),
        )
        .route("/sw.js", get(service_worker))
        .route(OFFLINE_PATH, get(|| async { render(&OfflinePage) }))
}

/// The URLs the service worker keeps.
fn shell(state: &AppState) -> Vec<String> {
    let mut urls: Vec<String> = TEXT_ASSETS
        .iter()
        .map(|(path, _, _)| (*path).to_owned())
        .chain(ICON_PNGS.iter().map(|(path, _)| (*path).to_owned()))
        .chain(["/assets/fonts.css".to_owned(), OFFLINE_PATH.to_owned()])
        .collect();
    // The files that draw the verses and the interface.
    for (lang, c) in [("ar", 'ب'), ("en", 'a')] {
        if let Some(font) = state.assets.font_for(lang, c) {
            let url = format!("/assets/fonts/{}", font.file);
            if !urls.contains(&url) {
                urls.push(url);
            }
        }
    }
    urls
}

/// The service worker, with its version (a hash of everything it keeps)
/// and its list of URLs filled in. Served with no caching, so the browser
/// notices a new build.
async fn service_worker(State(state): State<AppState>) -> Response {
    let urls = shell(&state);
    let mut hasher = DefaultHasher::new();
    for (_, _, body) in TEXT_ASSETS {
        body.hash(&mut hasher);
    }
    for (_, bytes) in ICON_PNGS {
        bytes.hash(&mut hasher);
    }
    state.assets.fonts_css().hash(&mut hasher);
    urls.hash(&mut hasher);
    SERVICE_WORKER_JS.hash(&mut hasher);
    let version = format!("{:016x}", hasher.finish());
    let list = serde_json::to_string(&urls).unwrap_or_else(|_| "[]".to_owned());
    let script = SERVICE_WORKER_JS
        .replace("__IQRAH_VERSION__", &version)
        .replace("__IQRAH_SHELL__", &list);
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        script,
    )
        .into_response()
}
