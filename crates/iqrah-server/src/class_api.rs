//! The JSON API of classes on a shared server (mounted under `/api/v1` only
//! there): a teacher's classes and their members' progress, joining and
//! leaving. See docs/http-api.md, "Classes".

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use iqrah_api::{ClassDto, ClassProgressDto, ClassesDto};
use serde::Deserialize;

use crate::AppState;
use crate::error::HttpError;
use crate::json::{JsonBody, PathText};
use crate::learner::Learner;

/// Handler results: JSON or an [`HttpError`].
type Reply<T> = Result<Json<T>, HttpError>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/classes", get(classes).post(create_class))
        .route("/classes/join", post(join_class))
        .route("/classes/{id}", get(class_progress).delete(delete_class))
        .route("/classes/{id}/membership", delete(leave_class))
}

async fn classes(State(state): State<AppState>, Learner(user): Learner) -> Reply<ClassesDto> {
    Ok(Json(state.iqrah.classes(&user).await?))
}

/// `POST /classes`: `{"name","goal"?}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassBody {
    name: String,
    #[serde(default)]
    goal: Option<String>,
}

async fn create_class(
    State(state): State<AppState>,
    Learner(user): Learner,
    JsonBody(body): JsonBody<ClassBody>,
) -> Result<Response, HttpError> {
    let class = state
        .iqrah
        .create_class(&user, &body.name, body.goal.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(class)).into_response())
}

/// `POST /classes/join`: `{"code"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinBody {
    code: String,
}

async fn join_class(
    State(state): State<AppState>,
    Learner(user): Learner,
    JsonBody(body): JsonBody<JoinBody>,
) -> Reply<ClassDto> {
    Ok(Json(state.iqrah.join_class(&user, &body.code).await?))
}

async fn class_progress(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
) -> Reply<ClassProgressDto> {
    Ok(Json(state.iqrah.class_progress(&user, &id).await?))
}

async fn delete_class(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
) -> Result<StatusCode, HttpError> {
    state.iqrah.delete_class(&user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn leave_class(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
) -> Result<StatusCode, HttpError> {
    state.iqrah.leave_class(&user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
