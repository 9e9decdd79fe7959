//! The JSON API under `/api/v1`, one handler per API call, for the local learner.

use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use iqrah_api::Answer;
use serde::Deserialize;

use crate::AppState;
use crate::error::HttpError;
use crate::json::{JsonBody, PathText};
use crate::learner::Learner;

/// Handler results: JSON or an [`HttpError`].
type Reply<T> = Result<Json<T>, HttpError>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/health",
            get(|| async { Json(serde_json::json!({ "status": "ok" })) }),
        )
        .route("/surahs", get(surahs))
        .route("/languages", get(languages))
        .route("/verses/{range}", get(verses))
        .route("/verses/{key}/similar", get(similar))
        .route("/confusions", get(confusions))
        .route("/find", get(find))
        .route("/overview", get(overview))
        .route("/pages", get(pages))
        .route("/stats", get(stats))
        .route("/history", get(history))
        .route(
            "/settings",
            get(get_settings).put(put_settings).patch(patch_settings),
        )
        .route("/parameters", get(get_parameters).delete(reset_parameters))
        .route("/parameters/optimize", post(optimize))
        .route("/placement", post(place))
        .route("/placement/dismiss", post(dismiss_placement))
        .route("/sessions", get(list_sessions).post(start_session))
        .route("/sessions/active", get(active_session))
        .route("/sessions/{id}", get(get_session))
        .route("/sessions/{id}/next", get(next_item))
        .route("/sessions/{id}/reveal", post(reveal))
        .route("/sessions/{id}/check", post(check))
        .route("/sessions/{id}/submit", post(submit))
        .route("/sessions/{id}/skip", post(skip))
        .route("/sessions/{id}/show-answer", post(show_answer))
        .route("/sessions/{id}/submit-passage", post(submit_passage))
        .route("/sessions/{id}/undo", post(undo))
        .route("/sessions/{id}/complete", post(complete))
        .route("/sessions/{id}/abandon", post(abandon))
        .fallback(|uri: OriginalUri| async move { HttpError::no_route(uri.path()) })
        .method_not_allowed_fallback(|uri: OriginalUri| async move {
            let shown = iqrah_quran::shorten(uri.path());
            HttpError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!("{shown} does not accept this method"),
            )
        })
}

async fn surahs(State(state): State<AppState>) -> Reply<Vec<iqrah_api::SurahDto>> {
    Ok(Json(state.iqrah.surahs().await?))
}

async fn languages(State(state): State<AppState>) -> Reply<Vec<iqrah_api::LanguageDto>> {
    Ok(Json(state.iqrah.languages()))
}

/// `?lang=fr`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageQuery {
    lang: Option<String>,
}

fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, HttpError> {
    query.map(|Query(q)| q).map_err(|e| {
        HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_query",
            e.body_text(),
        )
    })
}

async fn verses(
    State(state): State<AppState>,
    PathText(range): PathText,
    lang: Result<Query<LanguageQuery>, QueryRejection>,
) -> Reply<Vec<iqrah_api::VerseDto>> {
    let lang = query(lang)?.lang;
    Ok(Json(state.iqrah.verses(&range, lang.as_deref()).await?))
}

async fn similar(
    State(state): State<AppState>,
    PathText(key): PathText,
) -> Reply<iqrah_api::SimilarDto> {
    Ok(Json(state.iqrah.similar(&key).await?))
}

async fn confusions(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<Vec<iqrah_api::ConfusionDto>> {
    Ok(Json(state.iqrah.confusions(&user).await?))
}

/// `?q=ikhlas`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FindQuery {
    q: String,
}

async fn find(
    State(state): State<AppState>,
    q: Result<Query<FindQuery>, QueryRejection>,
) -> Reply<Vec<iqrah_api::FoundDto>> {
    let q = query(q)?.q;
    Ok(Json(state.iqrah.find(&q).await?))
}

/// `?goal=surah:2`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalQuery {
    goal: Option<String>,
}

async fn stats(
    State(state): State<AppState>,
    Learner(user): Learner,
    goal: Result<Query<GoalQuery>, QueryRejection>,
) -> Reply<iqrah_api::Stats> {
    let goal = query(goal)?.goal;
    Ok(Json(state.iqrah.stats(&user, goal).await?))
}

async fn history(
    State(state): State<AppState>,
    Learner(user): Learner,
    limit: Result<Query<LimitQuery>, QueryRejection>,
) -> Reply<Vec<iqrah_api::SessionHistoryDto>> {
    let limit = query(limit)?.limit.unwrap_or(20);
    Ok(Json(state.iqrah.history(&user, limit).await?))
}

async fn get_parameters(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<iqrah_api::SchedulingParametersDto> {
    Ok(Json(state.iqrah.scheduling_parameters(&user).await?))
}

/// `POST /parameters/optimize`: fits the learner's FSRS parameters (no body).
async fn optimize(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<iqrah_api::FitReportDto> {
    Ok(Json(state.iqrah.optimize(&user).await?))
}

/// `DELETE /parameters`: back to FSRS-6's defaults.
async fn reset_parameters(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<iqrah_api::SchedulingParametersDto> {
    Ok(Json(state.iqrah.reset_parameters(&user).await?))
}

async fn get_settings(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<iqrah_api::Settings> {
    Ok(Json(state.iqrah.settings(&user).await?))
}

/// `PUT /settings`: every setting (the same shape `GET /settings` returns);
/// a body without all of them is refused, naming the missing ones, rather
/// than the others reset to their defaults.
async fn put_settings(
    State(state): State<AppState>,
    Learner(user): Learner,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Reply<iqrah_api::Settings> {
    let fields = |e: serde_json::Error| {
        HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
            format!("request body: {e}"),
        )
    };
    let Some(object) = body.as_object() else {
        return Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
            "request body: PUT /settings takes an object with every setting (PATCH changes some)",
        ));
    };
    let missing: Vec<&str> = iqrah_api::SETTING_KEYS
        .iter()
        .copied()
        .filter(|key| !object.contains_key(*key))
        .collect();
    if !missing.is_empty() {
        return Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fields",
            format!(
                "request body: PUT /settings replaces every setting; missing {} (PATCH changes only the settings it names)",
                missing.join(", ")
            ),
        ));
    }
    let settings: iqrah_api::Settings = serde_json::from_value(body).map_err(fields)?;
    Ok(Json(state.iqrah.save_settings(&user, settings).await?))
}

/// `PATCH /settings`: the settings named, the others kept, in one transaction.
async fn patch_settings(
    State(state): State<AppState>,
    Learner(user): Learner,
    JsonBody(patch): JsonBody<iqrah_api::SettingsPatch>,
) -> Reply<iqrah_api::Settings> {
    Ok(Json(state.iqrah.patch_settings(&user, patch).await?))
}

async fn overview(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<iqrah_api::OverviewDto> {
    Ok(Json(state.iqrah.overview(&user).await?))
}

async fn pages(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<Vec<iqrah_api::PageProgressDto>> {
    Ok(Json(state.iqrah.page_progress(&user).await?))
}

/// `?limit=20`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitQuery {
    limit: Option<u32>,
}

async fn list_sessions(
    State(state): State<AppState>,
    Learner(user): Learner,
    limit: Result<Query<LimitQuery>, QueryRejection>,
) -> Reply<Vec<iqrah_api::SessionDto>> {
    let limit = query(limit)?.limit.unwrap_or(20);
    Ok(Json(state.iqrah.list_sessions(&user, limit).await?))
}

/// `POST /placement`: the marks, each a goal and a level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacementBody {
    marks: Vec<iqrah_api::PlacementMarkDto>,
}

/// `POST /placement`: places what the learner says they know.
async fn place(
    State(state): State<AppState>,
    Learner(user): Learner,
    JsonBody(body): JsonBody<PlacementBody>,
) -> Reply<iqrah_api::PlacementDto> {
    Ok(Json(state.iqrah.place(&user, body.marks).await?))
}

/// `POST /placement/dismiss`: the home page stops offering placement.
async fn dismiss_placement(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<iqrah_api::Settings> {
    Ok(Json(state.iqrah.dismiss_placement(&user).await?))
}

/// `POST /sessions`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StartBody {
    goal_id: String,
    #[serde(default)]
    practice_ahead: bool,
    #[serde(default)]
    minutes: Option<u32>,
}

async fn start_session(
    State(state): State<AppState>,
    Learner(user): Learner,
    JsonBody(body): JsonBody<StartBody>,
) -> Result<Response, HttpError> {
    let (session, created) = state
        .iqrah
        .start_session_with(
            &user,
            body.goal_id,
            iqrah_api::SessionOptions {
                practice_ahead: body.practice_ahead,
                minutes: body.minutes,
            },
        )
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(session)).into_response())
}

async fn active_session(
    State(state): State<AppState>,
    Learner(user): Learner,
) -> Reply<Option<iqrah_api::SessionDto>> {
    Ok(Json(state.iqrah.get_active_session(&user).await?))
}

async fn get_session(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
) -> Reply<iqrah_api::SessionDto> {
    Ok(Json(state.iqrah.get_session(&user, id).await?))
}

async fn next_item(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
) -> Reply<Option<iqrah_api::SessionItemDto>> {
    Ok(Json(state.iqrah.get_next_session_item(&user, id).await?))
}

/// `POST /sessions/{id}/reveal`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevealBody {
    node_id: String,
    count: u32,
}

async fn reveal(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
    JsonBody(body): JsonBody<RevealBody>,
) -> Reply<serde_json::Value> {
    let words = state
        .iqrah
        .reveal_words(&user, id, body.node_id, body.count)
        .await?;
    Ok(Json(serde_json::json!({ "words": words })))
}

/// `POST /sessions/{id}/check`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckBody {
    node_id: String,
    answer: Answer,
    duration_ms: u64,
}

async fn check(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
    JsonBody(body): JsonBody<CheckBody>,
) -> Reply<iqrah_api::CheckResultDto> {
    Ok(Json(
        state
            .iqrah
            .check_answer(&user, id, body.node_id, body.answer, body.duration_ms)
            .await?,
    ))
}

/// `POST /sessions/{id}/submit`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubmitBody {
    node_id: String,
    grade: u8,
    duration_ms: u64,
    /// The client's key for this answer, sent again on a retry.
    #[serde(default)]
    idempotency_key: Option<String>,
}

/// Records a grade and answers the receipt with the item that now waits
/// (`null` when none), which saves the client a round trip.
async fn submit(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
    JsonBody(body): JsonBody<SubmitBody>,
) -> Reply<iqrah_api::SubmitResultDto> {
    let submitted = match body.idempotency_key {
        Some(key) => {
            state
                .iqrah
                .submit_session_item_once(
                    &user,
                    id,
                    body.node_id,
                    body.grade,
                    body.duration_ms,
                    key,
                )
                .await?
        }
        None => {
            state
                .iqrah
                .submit_session_item(&user, id, body.node_id, body.grade, body.duration_ms)
                .await?
        }
    };
    Ok(Json(submitted))
}

/// `POST /sessions/{id}/skip`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkipBody {
    node_id: String,
}

/// Skips the current item once: it goes to the end of the session. Answers
/// the item now current (`null` when none).
async fn skip(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
    JsonBody(body): JsonBody<SkipBody>,
) -> Reply<Option<iqrah_api::SessionItemDto>> {
    Ok(Json(
        state
            .iqrah
            .skip_session_item(&user, id, body.node_id)
            .await?,
    ))
}

/// `POST /sessions/{id}/show-answer`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowAnswerBody {
    node_id: String,
    duration_ms: u64,
    /// The client's key for this answer, sent again on a retry.
    #[serde(default)]
    idempotency_key: Option<String>,
}

/// "I don't know / show answer": records an Again and answers the receipt,
/// the verse and the item now current.
async fn show_answer(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
    JsonBody(body): JsonBody<ShowAnswerBody>,
) -> Reply<iqrah_api::ShownAnswerDto> {
    Ok(Json(
        state
            .iqrah
            .show_answer(
                &user,
                id,
                body.node_id,
                body.duration_ms,
                body.idempotency_key,
            )
            .await?,
    ))
}

/// `POST /sessions/{id}/submit-passage`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubmitPassageBody {
    node_id: String,
    /// Where the learner stumbled or needed a prompt (none: recited unaided).
    #[serde(default)]
    marks: Vec<iqrah_api::PassageMark>,
    duration_ms: u64,
    /// The client's key for this answer, sent again on a retry.
    #[serde(default)]
    idempotency_key: Option<String>,
}

/// A recited passage: every verse and link graded from the marks in one
/// transaction. Answers the receipt, the passage whole with the marks, the
/// grades recorded and the item now current.
async fn submit_passage(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
    JsonBody(body): JsonBody<SubmitPassageBody>,
) -> Reply<iqrah_api::PassageResultDto> {
    Ok(Json(
        state
            .iqrah
            .submit_passage(
                &user,
                id,
                body.node_id,
                body.marks,
                body.duration_ms,
                body.idempotency_key,
            )
            .await?,
    ))
}

async fn undo(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
) -> Reply<Option<iqrah_api::SessionItemDto>> {
    Ok(Json(state.iqrah.undo_last_answer(&user, id).await?))
}

async fn complete(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
) -> Reply<iqrah_api::SessionSummaryDto> {
    Ok(Json(state.iqrah.complete_session(&user, id).await?))
}

async fn abandon(
    State(state): State<AppState>,
    Learner(user): Learner,
    PathText(id): PathText,
) -> Reply<iqrah_api::SessionDto> {
    Ok(Json(state.iqrah.abandon_session(&user, id).await?))
}
