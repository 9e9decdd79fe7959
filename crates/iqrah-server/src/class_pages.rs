//! The class pages of a shared server (mounted only there): a learner's
//! classes (join, leave), a teacher's classes (make, delete) and the
//! teacher's read-only view of a class's progress. Plain forms.

use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use iqrah_api::{ApiError, ClassProgressDto, ClassesDto};
use serde::Deserialize;

use crate::AppState;
use crate::access::SignedInAccount;
use crate::json::PathText;
use crate::pages::{api_error, percent, render};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/classes", get(classes_page).post(create_class))
        .route("/classes/join", post(join_class))
        .route("/classes/{id}", get(class_page))
        .route("/classes/{id}/leave", post(leave_class))
        .route("/classes/{id}/delete", post(delete_class))
}

#[derive(Template)]
#[template(path = "classes.html")]
struct ClassesPage {
    classes: ClassesDto,
    can_teach: bool,
    error: Option<String>,
    message: Option<String>,
}

/// The classes page after `outcome` (a message, or the error that stopped
/// the action, with its status).
async fn classes_view(
    state: &AppState,
    account: &iqrah_api::AccountDto,
    outcome: Result<Option<String>, ApiError>,
) -> Response {
    let classes = match state.iqrah.classes(&account.id).await {
        Ok(classes) => classes,
        Err(error) => return api_error(error),
    };
    let (message, error) = match &outcome {
        Ok(message) => (message.clone(), None),
        Err(error) => (None, Some(error.to_string())),
    };
    let page = render(&ClassesPage {
        classes,
        can_teach: account.role.can_teach(),
        error,
        message,
    });
    match outcome {
        Err(error) => (crate::error::HttpError::status_of(&error), page).into_response(),
        Ok(_) => page,
    }
}

async fn classes_page(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
) -> Response {
    classes_view(&state, &account, Ok(None)).await
}

/// The new-class form.
#[derive(Debug, Deserialize)]
struct ClassForm {
    name: String,
    #[serde(default)]
    goal: String,
}

async fn create_class(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    Form(form): Form<ClassForm>,
) -> Response {
    let made = state
        .iqrah
        .create_class(&account.id, &form.name, Some(&form.goal))
        .await;
    match made {
        Ok(class) => Redirect::to(&format!("/classes/{}", class.id)).into_response(),
        Err(error) => classes_view(&state, &account, Err(error)).await,
    }
}

/// The join form.
#[derive(Debug, Deserialize)]
struct JoinForm {
    code: String,
}

async fn join_class(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    Form(form): Form<JoinForm>,
) -> Response {
    let outcome = state
        .iqrah
        .join_class(&account.id, &form.code)
        .await
        .map(|class| Some(format!("You joined {}.", class.name)));
    classes_view(&state, &account, outcome).await
}

async fn leave_class(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(id): PathText,
) -> Response {
    let outcome = state
        .iqrah
        .leave_class(&account.id, &id)
        .await
        .map(|()| Some("You left the class.".to_owned()));
    classes_view(&state, &account, outcome).await
}

async fn delete_class(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(id): PathText,
) -> Response {
    let outcome = state
        .iqrah
        .delete_class(&account.id, &id)
        .await
        .map(|()| Some("The class is deleted.".to_owned()));
    classes_view(&state, &account, outcome).await
}

/// One member's row in the teacher's view.
struct MemberRow {
    username: String,
    new: u32,
    learning: u32,
    known: u32,
    due_today: u32,
    streak: String,
    retention: String,
    at_risk: String,
    last_session: String,
}

#[derive(Template)]
#[template(path = "class.html")]
struct ClassPage {
    view: ClassProgressDto,
    goal: String,
    rows: Vec<MemberRow>,
}

async fn class_page(
    State(state): State<AppState>,
    SignedInAccount(account): SignedInAccount,
    PathText(id): PathText,
) -> Response {
    let view = match state.iqrah.class_progress(&account.id, &id).await {
        Ok(view) => view,
        Err(error) => return api_error(error),
    };
    let rows = view
        .members
        .iter()
        .map(|member| MemberRow {
            username: member.username.clone(),
            new: member.verses.new,
            learning: member.verses.learning,
            known: member.verses.known,
            due_today: member.due_today,
            streak: match member.streak_days {
                1 => "1 day".to_owned(),
                days => format!("{days} days"),
            },
            retention: percent(member.retention.measured),
            at_risk: match member.at_risk.len() {
                0 => "none".to_owned(),
                n if n <= 3 => member.at_risk.join(", "),
                n => format!("{n} verses ({}, …)", member.at_risk[..3].join(", ")),
            },
            last_session: member.recent_sessions.first().map_or("–".to_owned(), |s| {
                crate::progress_charts::civil_date(
                    s.session.started_at.div_euclid(iqrah_api::DAY_MS),
                )
            }),
        })
        .collect();
    let goal = match &view.class.goal {
        Some(goal) => state.iqrah.goal_title(goal).await,
        None => "the whole Quran".to_owned(),
    };
    render(&ClassPage { view, goal, rows })
}
