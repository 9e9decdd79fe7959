//! Extractors whose rejections are our JSON errors. The JSON body: 415
//! without a JSON content type, 413 over the size limit, 400 for malformed
//! JSON, 422 for JSON of the wrong shape (missing, extra or mistyped
//! fields). A path parameter: 400 `invalid_path` when it is not UTF-8 once
//! percent-decoded.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::HttpError;

/// The request body, parsed as `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(HttpError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    HttpError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "payload_too_large",
                        format!(
                            "the request body is over the {} byte limit",
                            crate::MAX_BODY_BYTES
                        ),
                    )
                } else {
                    HttpError::new(
                        StatusCode::BAD_REQUEST,
                        "invalid_body",
                        rejection.body_text(),
                    )
                }
            })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            let (status, code) = match e.classify() {
                serde_json::error::Category::Data => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields")
                }
                _ => (StatusCode::BAD_REQUEST, "invalid_json"),
            };
            HttpError::new(status, code, format!("request body: {e}"))
        })
    }
}

/// The route's one path parameter (a session id, a verse range) as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathText(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathText {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(text)| PathText(text))
            .map_err(|rejection| {
                HttpError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_path",
                    format!(
                        "the path must be UTF-8 once percent-decoded: {}",
                        rejection.body_text()
                    ),
                )
            })
    }
}
