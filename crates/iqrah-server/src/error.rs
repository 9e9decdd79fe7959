//! HTTP errors: a status code and the JSON body `{"error":{"code","message"}}`,
//! with the error's own fields beside them (`done_for_today` carries
//! `next_due_at`, ms or null, and `due_tomorrow`).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iqrah_api::{ApiError, ErrorKind};

/// An error answered to an HTTP client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct HttpError {
    /// The status code.
    pub status: StatusCode,
    /// A stable machine-readable code.
    pub code: &'static str,
    /// What went wrong and what is accepted.
    pub message: String,
    /// Fields of the error beside code and message (empty for most).
    pub fields: serde_json::Map<String, serde_json::Value>,
}

impl HttpError {
    /// An error with the given status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        HttpError {
            status,
            code,
            message: message.into(),
            fields: serde_json::Map::new(),
        }
    }

    /// 404 for a path that is not a route.
    pub fn no_route(path: &str) -> Self {
        let shown = iqrah_quran::shorten(path);
        HttpError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no such route: {shown}"),
        )
    }
}

impl HttpError {
    /// The status of an [`ApiError`], by its kind.
    pub fn status_of(error: &ApiError) -> StatusCode {
        match error.kind() {
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Full => StatusCode::INSUFFICIENT_STORAGE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<ApiError> for HttpError {
    fn from(error: ApiError) -> Self {
        let code = error.code();
        let status = HttpError::status_of(&error);
        let mut http = HttpError::new(status, code, error.to_string());
        if let ApiError::Account(iqrah_api::AccountError::TooManySignIns { retry_after_ms }) = error
        {
            http.fields
                .insert("retry_after_ms".to_owned(), retry_after_ms.into());
        }
        if let ApiError::DoneForToday {
            next_due_at,
            due_tomorrow,
            ..
        } = error
        {
            http.fields.insert(
                "next_due_at".to_owned(),
                next_due_at.map(|at| at.millis()).into(),
            );
            http.fields
                .insert("due_tomorrow".to_owned(), due_tomorrow.into());
        }
        http
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let mut error = self.fields;
        error.insert("code".to_owned(), self.code.into());
        error.insert("message".to_owned(), self.message.into());
        let body = serde_json::json!({ "error": error });
        (self.status, Json(body)).into_response()
    }
}
