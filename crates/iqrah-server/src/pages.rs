//! The HTML pages: home, session, summary and about.

use askama::Template;
use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Form, OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use iqrah_api::{ApiError, OverviewDto, SessionSummaryDto, VerseProgress};
use serde::Deserialize;

use crate::AppState;
use crate::access::Access;
use crate::learner::Learner;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/start", post(start))
        .route("/find", get(find))
        .route("/verses/{key}/similar", get(crate::similar_pages::similar))
        .route("/session/{id}", get(session))
        .route("/session/{id}/summary", get(summary))
        .route("/about", get(about))
        .method_not_allowed_fallback(|uri: OriginalUri| async move {
            let path = iqrah_quran::shorten(uri.path());
            page_error(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{path} is not a page to open: it takes the home page's forms. Go back home and choose from there."),
            )
        })
        .fallback(|uri: OriginalUri| async move {
            let path = iqrah_quran::shorten(uri.path());
            page_error(
                StatusCode::NOT_FOUND,
                format!("There is no page at {path}."),
            )
        })
}

/// Renders a template, or a plain error if rendering fails.
pub(crate) fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("rendering failed: {error}"),
        )
            .into_response(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: &'static str,
    message: String,
}

pub(crate) fn page_error(status: StatusCode, message: String) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::METHOD_NOT_ALLOWED => "Not a page to open",
        _ => "Something went wrong",
    };
    let mut response = render(&ErrorPage { title, message });
    *response.status_mut() = status;
    response
}

pub(crate) fn api_error(error: ApiError) -> Response {
    let status = crate::error::HttpError::from(error);
    page_error(status.status, status.message)
}

/// A progress bar's known and learning segments, in percent of the width
/// (the rest is new).
pub(crate) struct Bar {
    pub(crate) known: f64,
    pub(crate) learning: f64,
}

impl Bar {
    pub(crate) fn of(progress: &VerseProgress) -> Self {
        let total = f64::from((progress.new + progress.learning + progress.known).max(1));
        Bar {
            known: f64::from(progress.known) * 100.0 / total,
            learning: f64::from(progress.learning) * 100.0 / total,
        }
    }
}

/// A row of the surah and juz lists.
pub(crate) struct DivisionRow {
    pub(crate) number: u8,
    pub(crate) name: String,
    pub(crate) name_arabic: Option<String>,
    /// The mushaf page it begins on.
    pub(crate) page: u16,
    pub(crate) goal: String,
    pub(crate) verse_count: u32,
    pub(crate) progress: VerseProgress,
    pub(crate) bar: Bar,
}

/// The rows of a surah or juz list (`kind` is `surah` or `juz`).
pub(crate) fn division_rows(
    list: &[iqrah_api::DivisionProgressDto],
    kind: &str,
) -> Vec<DivisionRow> {
    list.iter()
        .map(|d| DivisionRow {
            number: d.number,
            name: d.name.clone(),
            name_arabic: d.name_arabic.clone(),
            page: d.page,
            goal: format!("{kind}:{}", d.number),
            verse_count: d.verse_count,
            progress: d.progress,
            bar: Bar::of(&d.progress),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    overview: OverviewDto,
    /// The active session's goal, as a learner names it.
    active_goal: String,
    surahs: Vec<DivisionRow>,
    juz: Vec<DivisionRow>,
    total_bar: Bar,
    /// The search box's text (empty on the home page).
    query: String,
    /// Whether to offer placement: a learner who has started no verse and
    /// has not been offered it yet.
    offer_placement: bool,
    /// A learner with no verse started, nothing due and no session open:
    /// the page offers first goals instead of a review with nothing in it.
    first_run: bool,
}

async fn home(State(state): State<AppState>, Learner(user): Learner) -> Response {
    let overview = match state.iqrah.overview(&user).await {
        Ok(overview) => overview,
        Err(error) => return api_error(error),
    };
    let active_goal = match &overview.active_session {
        Some(active) => state.iqrah.goal_title(&active.goal_id).await,
        None => String::new(),
    };
    let offered = match state.iqrah.settings(&user).await {
        Ok(settings) => settings.placement_offered,
        Err(error) => return api_error(error),
    };
    let started = overview.total.started();
    let page = HomePage {
        offer_placement: !offered && started == 0,
        first_run: started == 0 && overview.due_now == 0 && overview.active_session.is_none(),
        active_goal,
        surahs: division_rows(&overview.surahs, "surah"),
        juz: division_rows(&overview.juz, "juz"),
        total_bar: Bar::of(&overview.total),
        overview,
        query: String::new(),
    };
    render(&page)
}

/// `/find?q=…`: the search box's text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FindQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "find.html")]
struct FindPage {
    query: String,
    found: Vec<iqrah_api::FoundDto>,
}

impl FindPage {
    /// What a found goal is, as the results list labels it.
    fn kind_label(&self, kind: &iqrah_api::FoundKind) -> &'static str {
        match kind {
            iqrah_api::FoundKind::Surah => "Surah",
            iqrah_api::FoundKind::Juz => "Juz",
            iqrah_api::FoundKind::Page => "Page",
            iqrah_api::FoundKind::Verses => "Verses",
        }
    }
}

async fn find(
    State(state): State<AppState>,
    query: Result<Query<FindQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(FindQuery { q })) = query else {
        return page_error(
            StatusCode::BAD_REQUEST,
            "A search is /find?q= followed by what to find.".to_owned(),
        );
    };
    match state.iqrah.find(&q).await {
        Ok(found) => render(&FindPage {
            query: q.trim().to_owned(),
            found,
        }),
        Err(error) => api_error(error),
    }
}

/// The home page's start form: the goal, and optionally practice ahead
/// (`true`) and a time budget in minutes (empty for none). The page form
/// sends the goal `page` and the page number apart (`goal=page&page=42`).
#[derive(Debug, Deserialize)]
struct StartForm {
    goal: String,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    practice_ahead: Option<String>,
    #[serde(default)]
    minutes: Option<String>,
}

impl StartForm {
    /// The goal's text for the API, which judges it: `page:42` for the page
    /// form, the `goal` field as sent otherwise.
    fn goal_id(&self) -> String {
        match (self.goal.as_str(), &self.page) {
            ("page", Some(page)) => format!("page:{}", page.trim()),
            _ => self.goal.clone(),
        }
    }

    /// The session options the form asks for; a time budget that is not a
    /// whole number of minutes is refused with the page's message (its
    /// range is the API's rule).
    fn options(&self) -> Result<iqrah_api::SessionOptions, String> {
        let practice_ahead = matches!(self.practice_ahead.as_deref(), Some("true" | "on" | "1"));
        let minutes = match self.minutes.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(text.parse::<u32>().map_err(|_| {
                format!("The time budget must be a whole number of minutes, not {text:?}.")
            })?),
        };
        Ok(iqrah_api::SessionOptions {
            practice_ahead,
            minutes,
        })
    }
}

/// The page a start gets when the goal has nothing to practise now: "done
/// for today" (with a button to practise ahead), or nothing to practise at
/// all. Neither is an error of the learner's.
#[derive(Template)]
#[template(path = "done.html")]
struct DonePage {
    title: &'static str,
    /// The API's error code (`done_for_today`, `nothing_to_practise`).
    code: &'static str,
    /// The goal's id, to practise ahead on it.
    goal: String,
    /// The API's message: when the next item comes due, or why there is nothing.
    message: String,
    /// Whether to offer practising ahead.
    practise_ahead: bool,
}

impl DonePage {
    /// The page for a start refused with `error`, if it is one of these.
    fn for_error(error: &ApiError, goal: &str) -> Option<Self> {
        let (title, practise_ahead) = match error.code() {
            "done_for_today" => ("Done for today", true),
            "nothing_to_practise" => ("Nothing to practise now", false),
            _ => return None,
        };
        let text = error.to_string();
        let mut message = text
            .strip_prefix("Done for today: ")
            .unwrap_or(&text)
            .to_owned();
        if let Some(first) = message.get(..1) {
            message = first.to_uppercase() + &message[1..];
        }
        if !message.ends_with('.') {
            message.push('.');
        }
        Some(DonePage {
            title,
            code: error.code(),
            goal: goal.to_owned(),
            message,
            practise_ahead,
        })
    }
}

async fn start(
    State(state): State<AppState>,
    Learner(user): Learner,
    form: Result<Form<StartForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return page_error(
            StatusCode::BAD_REQUEST,
            "Choose a goal to practise.".to_owned(),
        );
    };
    let options = match form.options() {
        Ok(options) => options,
        Err(message) => return page_error(StatusCode::BAD_REQUEST, message),
    };
    let goal = form.goal_id();
    match state
        .iqrah
        .start_session_with(&user, goal.clone(), options)
        .await
    {
        Ok((session, _)) => Redirect::to(&format!("/session/{}", session.id)).into_response(),
        // Nothing due and no new verse left today: not an error, a page that says so.
        Err(error) => match DonePage::for_error(&error, &goal) {
            Some(page) => render(&page),
            None => api_error(error),
        },
    }
}

#[derive(Template)]
#[template(path = "session.html")]
struct SessionPage {
    session: iqrah_api::SessionDto,
    /// The language of the translations in the exercises (the learner's
    /// setting), for their `lang`.
    translation_lang: String,
    /// `rtl` or `ltr`: the direction of that language.
    translation_dir: &'static str,
    /// The extra font stylesheet that language needs, if any.
    fonts_stylesheet: Option<String>,
}

/// A page's path parameter, or the HTML error page for one that is not
/// UTF-8 once percent-decoded.
fn bad_path(rejection: &PathRejection) -> Response {
    page_error(
        StatusCode::BAD_REQUEST,
        format!(
            "The address must be UTF-8 once percent-decoded ({}).",
            rejection.body_text()
        ),
    )
}

async fn session(
    State(state): State<AppState>,
    Learner(user): Learner,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match path {
        Ok(Path(id)) => id,
        Err(rejection) => return bad_path(&rejection),
    };
    match state.iqrah.get_session(&user, id).await {
        Ok(session) if session.status == iqrah_api::SessionStatus::Completed => {
            Redirect::to(&format!("/session/{}/summary", session.id)).into_response()
        }
        Ok(session) => match state.iqrah.settings(&user).await {
            Ok(settings) => {
                let translation_lang = settings.translation_language;
                let translation_dir = if iqrah_quran::display::is_right_to_left(&translation_lang) {
                    "rtl"
                } else {
                    "ltr"
                };
                let fonts_stylesheet = crate::assets::stylesheet_for(&translation_lang);
                render(&SessionPage {
                    session,
                    translation_lang,
                    translation_dir,
                    fonts_stylesheet,
                })
            }
            Err(error) => api_error(error),
        },
        Err(error) => api_error(error),
    }
}

/// One bar of the grade chart.
struct GradeBar {
    label: &'static str,
    count: u32,
    height: f64,
    x: u32,
}

/// One row of the summary's per-exercise table.
struct TypeRow {
    label: &'static str,
    answered: u32,
    correct: u32,
    checked: u32,
}

/// How a person would name an exercise type.
fn type_label(exercise_type: iqrah_api::ExerciseType) -> &'static str {
    use iqrah_api::ExerciseType as T;
    match exercise_type {
        T::Study => "Study",
        T::Recall => "Recall",
        T::NextWord => "Next word",
        T::MissingWord => "Missing word",
        T::FindTheMistake => "Find the mistake",
        T::TypeVerse => "Type the verse",
        T::WhatComesNext => "What comes next",
        T::PutInOrder => "Put in order",
        T::Meaning => "Meaning",
        T::MeaningReverse => "Meaning (reverse)",
        T::RecitePassage => "Recite a passage",
        T::WhichContinuation => "Which continuation",
        T::WhichSurah => "Which surah",
    }
}

/// A verse of the summary's "to look at again" list.
struct MissedRow {
    reference: String,
    /// The verse as it is drawn (`iqrah_quran::display::for_display`).
    text: String,
    /// 1 (Again) or 2 (Hard).
    rating: u8,
    /// What was missed, as a learner reads it.
    skill: &'static str,
}

/// How a person would name a skill.
fn skill_label(skill: iqrah_api::Skill) -> &'static str {
    match skill {
        iqrah_api::Skill::Memorization => "Words",
        iqrah_api::Skill::Continuity => "What comes next",
        iqrah_api::Skill::Meaning => "Meaning",
    }
}

#[derive(Template)]
#[template(path = "summary.html")]
struct SummaryPage {
    summary: SessionSummaryDto,
    missed: Vec<MissedRow>,
    types: Vec<TypeRow>,
    grades: Vec<GradeBar>,
    accuracy: String,
    active_minutes: String,
    wall_minutes: String,
    before_bar: Bar,
    after_bar: Bar,
}

/// A share as a whole percentage (`88 %`), or `–` when there is none.
pub(crate) fn percent(share: Option<f64>) -> String {
    share.map_or("–".to_owned(), |share| format!("{:.0} %", share * 100.0))
}

fn minutes(ms: u64) -> String {
    let seconds = ms / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

async fn summary(
    State(state): State<AppState>,
    Learner(user): Learner,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match path {
        Ok(Path(id)) => id,
        Err(rejection) => return bad_path(&rejection),
    };
    let session = match state.iqrah.get_session(&user, id.clone()).await {
        Ok(session) => session,
        Err(error) => return api_error(error),
    };
    if session.status != iqrah_api::SessionStatus::Completed {
        return Redirect::to(&format!("/session/{}", session.id)).into_response();
    }
    // Completing a completed session returns its stored summary.
    let summary = match state.iqrah.complete_session(&user, id).await {
        Ok(summary) => summary,
        Err(error) => return api_error(error),
    };
    let s = &summary.summary;
    let most = s.grades.iter().copied().max().unwrap_or(0).max(1);
    let grades = ["Again", "Hard", "Good", "Easy"]
        .into_iter()
        .zip(s.grades)
        .zip(0u32..)
        .map(|((label, count), i)| GradeBar {
            label,
            count,
            height: f64::from(count) * 90.0 / f64::from(most),
            x: i * 60 + 10,
        })
        .collect();
    let types = s
        .per_type
        .iter()
        .map(|t| TypeRow {
            label: type_label(t.exercise_type),
            answered: t.answered,
            correct: t.correct,
            checked: t.checked,
        })
        .collect();
    let missed = summary
        .missed
        .iter()
        .map(|m| MissedRow {
            reference: m.reference.clone(),
            text: iqrah_quran::display::for_display(&m.text).into_owned(),
            rating: m.rating,
            skill: skill_label(m.skill),
        })
        .collect();
    let page = SummaryPage {
        missed,
        types,
        grades,
        accuracy: percent(s.accuracy),
        active_minutes: minutes(s.active_ms),
        wall_minutes: minutes(s.wall_ms),
        before_bar: Bar::of(&s.learner.goal_before),
        after_bar: Bar::of(&s.learner.goal_after),
        summary,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    languages: Vec<iqrah_api::LanguageDto>,
    /// Whether this is a shared server with accounts (the learner's work
    /// is kept there), not the learner's own computer.
    shared: bool,
}

async fn about(State(state): State<AppState>) -> Response {
    render(&AboutPage {
        languages: state.iqrah.languages(),
        shared: matches!(state.access, Access::Accounts(_)),
    })
}
