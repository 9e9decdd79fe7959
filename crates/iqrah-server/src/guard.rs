//! The guard in front of every route: requests naming a foreign `Host` are
//! refused (421), and state-changing requests sent by a page of another
//! origin are refused (403), before any handler runs.
//!
//! A request with neither `Origin` nor `Sec-Fetch-Site` is served: browsers
//! send `Origin` on every cross-origin request that is not a GET or HEAD
//! (form posts included), and `Sec-Fetch-Site` on every request, so only a
//! program that is not a browser (curl, a script, the CLI, the bench) sends
//! neither, and such a program is not a page the learner happened to visit.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::HttpError;
use crate::hosts::{HostPolicy, is_same_origin};

/// Values of `Sec-Fetch-Site` that are the learner's own doing: a request of
/// one of the app's pages, or one the learner typed or bookmarked.
const OWN_FETCH_SITES: [&str; 2] = ["same-origin", "none"];

/// Serves the request if it names this server and, for a state-changing
/// method, comes from this server's own pages; refuses it otherwise.
pub(crate) async fn refuse_foreign_requests(
    State(policy): State<Arc<HostPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|v| v.to_str().unwrap_or("").to_owned())
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()));
    if let Some(host) = &host
        && !policy.allows_host(host)
    {
        return refusal(
            request.uri().path(),
            StatusCode::MISDIRECTED_REQUEST,
            "unknown_host",
            format!(
                "{} is not served here: Iqrah answers only to localhost, 127.0.0.1, [::1], \
                 the address it listens on and the names given with --allowed-host",
                iqrah_quran::shorten(host)
            ),
        );
    }
    if !request.method().is_safe()
        && let Err(reason) = check_same_origin(request.headers(), host.as_deref())
    {
        return refusal(
            request.uri().path(),
            StatusCode::FORBIDDEN,
            "cross_origin_request",
            format!(
                "{reason}: a page of another site may not change anything here; \
                 open Iqrah at its own address"
            ),
        );
    }
    next.run(request).await
}

/// Whether a state-changing request comes from this server's own origin,
/// or else what gave it away.
fn check_same_origin(headers: &HeaderMap, host: Option<&str>) -> Result<(), String> {
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("");
        if !OWN_FETCH_SITES.contains(&site) {
            return Err(format!(
                "the browser says the request is {}",
                iqrah_quran::shorten(site)
            ));
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !host.is_some_and(|host| is_same_origin(origin, host)) {
            return Err(format!(
                "the request comes from {}",
                iqrah_quran::shorten(origin)
            ));
        }
    }
    Ok(())
}

/// A refusal: the JSON error under `/api`, the HTML error page elsewhere.
fn refusal(path: &str, status: StatusCode, code: &'static str, message: String) -> Response {
    if path == "/api" || path.starts_with("/api/") {
        HttpError::new(status, code, message).into_response()
    } else {
        crate::pages::page_error(status, message)
    }
}
