//! The learner's theme and reading size, drawn into every page: the page's
//! `<html>` element carries `data-theme` and `data-reading-size`, which
//! `app.css` turns into its palette and the `--arabic-scale` variable, so a
//! page is drawn in the right colours from its first paint (no flash, no
//! script, no inline style under the Content-Security-Policy).

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use iqrah_api::{ApiError, Settings};

use crate::AppState;
use crate::access::learner_of;
use crate::error::HttpError;

/// The `<html>` start tag of `base.html` as rendered, with the defaults:
/// the one place a page's theme and reading size are written.
pub(crate) const HTML_START_TAG: &str =
    r#"<html lang="en" data-theme="system" data-reading-size="100">"#;

/// The largest page the appearance is put into (pages are far smaller).
const PAGE_LIMIT_BYTES: usize = 8 << 20;

/// The `<html>` start tag for `settings`' theme and reading size.
pub(crate) fn html_start_tag(settings: &Settings) -> String {
    // Both are validated names and numbers: nothing to escape.
    format!(
        r#"<html lang="en" data-theme="{}" data-reading-size="{}">"#,
        settings.theme.as_str(),
        settings.reading_size
    )
}

/// Puts the learner's theme and reading size into every page (HTML) the
/// inner routes answer; other responses, pages with the defaults, and pages
/// of a request naming no learner (sign-in) pass unchanged. Settings that
/// cannot be read leave the defaults: a page is never refused for its
/// colours.
pub(crate) async fn with_appearance(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let learner = learner_of(&parts, &state.access);
    let response = next.run(Request::from_parts(parts, body)).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let Some(user) = learner.filter(|_| is_html) else {
        return response;
    };
    let Ok(settings) = state.iqrah.settings(&user).await else {
        return response;
    };
    let tag = html_start_tag(&settings);
    if tag == HTML_START_TAG {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, PAGE_LIMIT_BYTES).await else {
        return HttpError::from(ApiError::Internal("a page too large to draw".into()))
            .into_response();
    };
    let page = String::from_utf8_lossy(&bytes).replacen(HTML_START_TAG, &tag, 1);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iqrah_api::Theme;

    #[test]
    fn the_base_template_starts_with_the_default_tag() {
        let base = include_str!("../templates/base.html");
        assert!(
            base.contains(HTML_START_TAG),
            "base.html lost {HTML_START_TAG}"
        );
        assert_eq!(html_start_tag(&Settings::default()), HTML_START_TAG);
    }

    #[test]
    fn the_tag_names_the_learners_theme_and_size() {
        let settings = Settings {
            theme: Theme::Dark,
            reading_size: 150,
            ..Settings::default()
        };
        assert_eq!(
            html_start_tag(&settings),
            r#"<html lang="en" data-theme="dark" data-reading-size="150">"#
        );
    }
}
