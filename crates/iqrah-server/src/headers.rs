//! The security headers sent with every response (pages, JSON, assets and
//! errors alike).
//!
//! - `Content-Security-Policy`: scripts, styles, fonts, images and fetches
//!   only from this server, no inline script or style (the pages have
//!   none), no plugins, no `<base>`, forms only to this server, and no
//!   framing by any page.
//! - `X-Frame-Options: DENY`: no framing, for browsers without
//!   `frame-ancestors`.
//! - `X-Content-Type-Options: nosniff`: a response is only what its
//!   content type says.
//! - `Referrer-Policy: same-origin`: no address of the app leaves with a
//!   link to another site. (Not `no-referrer`: under it browsers send
//!   `Origin: null` on the app's own form posts, which the guard refuses.)
//! - `Cross-Origin-Resource-Policy: same-origin`: another site cannot embed
//!   a response (`<script src>`, `<img src>`) to read it.
//! - `Cross-Origin-Opener-Policy: same-origin`: a page that opens the app
//!   keeps no handle on its window.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every security header and its value.
const HEADERS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// `router` with the security headers set on all its responses (replacing
/// any a handler set).
pub(crate) fn with_security_headers<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
) -> Router<S> {
    HEADERS.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ))
    })
}
