//! HTTP errors: a status code and the JSON body `{"error":{"code","message"}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iqrah_api::ApiError;

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
}

impl HttpError {
    /// An error with the given status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        HttpError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 404 for a path that is not a route.
    pub fn no_route(path: &str) -> Self {
        let shown: String = path.chars().take(100).collect();
        HttpError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no such route: {shown}"),
        )
    }
}

impl From<ApiError> for HttpError {
    fn from(error: ApiError) -> Self {
        let code = error.code();
        let status = match code {
            "unknown_session" => StatusCode::NOT_FOUND,
            "session_not_active"
            | "not_current_item"
            | "nothing_to_undo"
            | "answer_undone"
            | "already_skipped"
            | "nothing_to_practise"
            | "fit_superseded" => StatusCode::CONFLICT,
            "invalid_reference"
            | "invalid_goal"
            | "invalid_user"
            | "invalid_grade"
            | "invalid_duration"
            | "invalid_answer"
            | "invalid_passage"
            | "not_a_passage"
            | "unknown_language"
            | "invalid_setting"
            | "unknown_setting"
            | "invalid_idempotency_key"
            | "idempotency_key_reused"
            | "not_enough_reviews" => StatusCode::UNPROCESSABLE_ENTITY,
            "user_db_full" => StatusCode::INSUFFICIENT_STORAGE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        HttpError::new(status, code, error.to_string())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}
