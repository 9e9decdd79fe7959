//! The placement page: the learner says which surahs (or whole juz) they
//! already know and how well, in a form that works without JavaScript;
//! the API places them ([`iqrah_api::Iqrah::place`]).

use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use iqrah_api::{ApiError, Level, PlacementMarkDto, UserId};
use iqrah_quran::VerseKey;
use serde::Deserialize;

use crate::AppState;
use crate::learner::Learner;
use crate::pages::{api_error, render};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/placement", get(placement_page).post(place))
        .route("/placement/dismiss", post(dismiss))
}

/// One surah of the form.
struct SurahRow {
    number: u8,
    name: String,
    name_arabic: Option<String>,
    verse_count: u32,
    /// Verses already started (known or learning): they keep their memory.
    started: u32,
}

/// One juz of the form: its surahs are those that begin in it.
struct JuzGroup {
    number: u8,
    surahs: Vec<SurahRow>,
}

/// What the page confirms after a placement.
struct Placed {
    verses: u32,
    placed: u32,
    kept: u32,
}

#[derive(Template)]
#[template(path = "placement.html")]
struct PlacementPage {
    /// Juz 30 first, then back to juz 1, as hifz usually goes.
    groups: Vec<JuzGroup>,
    /// The levels, strongest first: name and what it means.
    levels: Vec<(&'static str, &'static str)>,
    placed: Option<Placed>,
    error: Option<String>,
}

/// The confirmation a placement redirects to (`/placement?verses=…`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacedQuery {
    verses: Option<u32>,
    placed: Option<u32>,
    kept: Option<u32>,
}

/// The page for `user`, with a confirmation or an error.
async fn page(
    state: &AppState,
    user: &UserId,
    placed: Option<Placed>,
    error: Option<String>,
) -> Response {
    let overview = match state.iqrah.overview(user).await {
        Ok(overview) => overview,
        Err(error) => return api_error(error),
    };
    let mut groups: Vec<JuzGroup> = (1..=30)
        .rev()
        .map(|number| JuzGroup {
            number,
            surahs: Vec::new(),
        })
        .collect();
    for surah in &overview.surahs {
        let juz = VerseKey::new(u32::from(surah.number), 1).map_or(1, iqrah_quran::juz_of);
        if let Some(group) = groups.iter_mut().find(|g| g.number == juz) {
            group.surahs.push(SurahRow {
                number: surah.number,
                name: surah.name.clone(),
                name_arabic: surah.name_arabic.clone(),
                verse_count: surah.verse_count,
                started: surah.progress.started(),
            });
        }
    }
    let mut response = render(&PlacementPage {
        groups,
        levels: Level::ALL.iter().map(|l| (l.as_str(), l.label())).collect(),
        placed,
        error: error.clone(),
    });
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

async fn placement_page(
    State(state): State<AppState>,
    Learner(user): Learner,
    query: Result<Query<PlacedQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let placed = match query {
        Ok(Query(PlacedQuery {
            verses: Some(verses),
            placed: Some(placed),
            kept,
        })) => Some(Placed {
            verses,
            placed,
            kept: kept.unwrap_or(0),
        }),
        _ => None,
    };
    page(&state, &user, placed, None).await
}

/// The marks of the form's fields: `surah_N` and `juz_N`, each a level
/// name or empty (not known, no mark). Another field is refused.
fn marks(fields: &[(String, String)]) -> Result<Vec<PlacementMarkDto>, String> {
    let mut marks = Vec::new();
    for (name, level) in fields {
        let goal = match name.split_once('_') {
            Some(("surah", n)) => format!("surah:{n}"),
            Some(("juz", n)) => format!("juz:{n}"),
            _ => {
                return Err(format!(
                    "The form sent a field it does not have ({:?}); nothing was placed.",
                    iqrah_quran::shorten(name)
                ));
            }
        };
        if !level.trim().is_empty() {
            marks.push(PlacementMarkDto::new(goal, level.trim()));
        }
    }
    Ok(marks)
}

async fn place(
    State(state): State<AppState>,
    Learner(user): Learner,
    form: Result<Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(fields)) = form else {
        return page(
            &state,
            &user,
            None,
            Some("The form was incomplete; nothing was placed.".to_owned()),
        )
        .await;
    };
    let marks = match marks(&fields) {
        Ok(marks) => marks,
        Err(message) => return page(&state, &user, None, Some(message)).await,
    };
    if marks.is_empty() {
        let message = "Choose a level for at least one surah or juz; nothing was placed.";
        return page(&state, &user, None, Some(message.to_owned())).await;
    }
    match state.iqrah.place(&user, marks).await {
        Ok(placed) => Redirect::to(&format!(
            "/placement?verses={}&placed={}&kept={}",
            placed.verses, placed.placed, placed.kept
        ))
        .into_response(),
        Err(error @ (ApiError::InvalidGoal(_) | ApiError::InvalidPlacement(_))) => {
            page(
                &state,
                &user,
                None,
                Some(format!("{error}. Nothing was placed.")),
            )
            .await
        }
        Err(error) => api_error(error),
    }
}

async fn dismiss(State(state): State<AppState>, Learner(user): Learner) -> Response {
    match state.iqrah.dismiss_placement(&user).await {
        Ok(_) => Redirect::to("/").into_response(),
        Err(error) => api_error(error),
    }
}
