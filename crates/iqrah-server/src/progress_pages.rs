//! The Progress and Settings pages: figures drawn as inline SVG by the
//! server (no chart library), and a settings form that works without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use iqrah_api::{ApiError, READING_SIZES, SchedulingParametersDto, Settings, Stats, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::learner::Learner;
use crate::mushaf_map::{CELL, MushafMap};
use crate::pages::{Bar, DivisionRow, api_error, division_rows, page_error, percent, render};
use crate::progress_charts::{Forecast, Heatmap, RetentionChart, civil_date};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/progress", get(progress))
        .route("/progress/mushaf", get(mushaf))
        .route("/settings", get(settings_page).post(save_settings))
        .route("/settings/parameters/optimize", post(fit_now))
        .route("/settings/parameters/reset", post(reset_parameters))
}

/// A past session in the history list.
struct HistoryRow {
    id: String,
    goal: String,
    date: String,
    status: String,
    answered: i64,
    accuracy: String,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    stats: Stats,
    total_bar: Bar,
    retention_measured: String,
    retention_desired: String,
    heatmap: Heatmap,
    forecast: Forecast,
    retention_chart: Option<RetentionChart>,
    /// The surahs the table lists: the started ones, or all of them.
    surahs: Vec<DivisionRow>,
    /// Whether the table lists every surah.
    all_surahs: bool,
    juz: Vec<DivisionRow>,
    history: Vec<HistoryRow>,
    minutes_this_week: u64,
}

/// `/progress?surahs=all`: which surahs the page's table lists.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgressQuery {
    #[serde(default)]
    surahs: SurahList,
}

/// The surahs the Progress page lists: by default only those with a verse
/// learning or known, so a phone draws a short table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SurahList {
    #[default]
    Started,
    All,
}

async fn progress(
    State(state): State<AppState>,
    Learner(user): Learner,
    query: Result<Query<ProgressQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(ProgressQuery { surahs: list })) = query else {
        return page_error(
            StatusCode::BAD_REQUEST,
            "The surah list is /progress?surahs=all or /progress?surahs=started.".to_owned(),
        );
    };
    let user = &user;
    let (stats, overview, history) = match tokio::try_join!(
        state.iqrah.stats(user, None),
        state.iqrah.overview(user),
        state.iqrah.history(user, 10)
    ) {
        Ok(all) => all,
        Err(error) => return api_error(error),
    };
    let mut rows = Vec::with_capacity(history.len());
    for h in history {
        rows.push(HistoryRow {
            goal: state.iqrah.goal_title(&h.session.goal_id).await,
            id: h.session.id.clone(),
            date: civil_date(h.session.started_at.div_euclid(iqrah_api::DAY_MS)),
            status: h.session.status.as_str().to_owned(),
            answered: h.session.items_completed,
            accuracy: percent(h.summary.and_then(|s| s.accuracy)),
        });
    }
    let history = rows;
    let page = ProgressPage {
        total_bar: Bar::of(&stats.verses),
        retention_measured: stats
            .retention
            .measured
            .map_or("–".to_owned(), |m| format!("{:.1} %", m * 100.0)),
        retention_desired: format!("{:.0} %", stats.retention.desired * 100.0),
        minutes_this_week: stats
            .activity
            .iter()
            .rev()
            .take(7)
            .map(|d| d.active_ms)
            .sum::<u64>()
            / 60_000,
        heatmap: Heatmap::of(&stats.activity),
        forecast: Forecast::of(&stats.forecast),
        retention_chart: RetentionChart::of(&stats.retention_weeks, stats.retention.desired),
        surahs: division_rows(&overview.surahs, "surah")
            .into_iter()
            .filter(|row| list == SurahList::All || row.progress.started() > 0)
            .collect(),
        all_surahs: list == SurahList::All,
        juz: division_rows(&overview.juz, "juz"),
        history,
        stats,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "mushaf.html")]
struct MushafPage {
    map: MushafMap,
    /// The side of a page's square, for the SVG rows' height.
    cell: u32,
}

async fn mushaf(State(state): State<AppState>, Learner(user): Learner) -> Response {
    match state.iqrah.page_progress(&user).await {
        Ok(pages) => render(&MushafPage {
            map: MushafMap::of(&pages),
            cell: CELL,
        }),
        Err(error) => api_error(error),
    }
}

/// The themes the settings form offers: each one's name and label.
const THEMES: [(&str, &str); 3] = [
    ("system", "As the device is set"),
    ("light", "Light"),
    ("dark", "Dark"),
];

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    settings: Settings,
    /// The themes to choose from, each with its label.
    themes: [(&'static str, &'static str); 3],
    /// The reading sizes to choose from, in percent.
    reading_sizes: [u16; 8],
    languages: Vec<iqrah_api::LanguageDto>,
    error: Option<String>,
    saved: bool,
    scheduling: SchedulingView,
    fit_message: Option<String>,
}

/// The "Personal scheduling" section: the parameters in use, and the
/// figures of the fit they come from.
struct SchedulingView {
    /// "FSRS-6's defaults" or "Fitted to your reviews".
    source: &'static str,
    fit: Option<FitView>,
    /// The last fit or reset, as a date.
    last_checked: Option<String>,
    reviews: u64,
    min_training_reviews: u64,
    next_automatic_fit_at: u64,
}

/// A fit's figures, formatted.
struct FitView {
    date: String,
    reviews: u64,
    training_reviews: u64,
    default_log_loss: String,
    default_rmse: String,
    fitted_log_loss: String,
    fitted_rmse: String,
}

impl SchedulingView {
    fn new(parameters: &SchedulingParametersDto, settings: &Settings) -> Self {
        let date = |at: iqrah_api::Timestamp| {
            let local = at.millis() + i64::from(settings.utc_offset_minutes) * 60_000;
            civil_date(local.div_euclid(iqrah_api::DAY_MS))
        };
        SchedulingView {
            source: if parameters.fit.is_some() {
                "Fitted to your reviews"
            } else {
                "FSRS-6's defaults"
            },
            fit: parameters.fit.as_ref().map(|fit| FitView {
                date: date(fit.fitted_at),
                reviews: fit.reviews,
                training_reviews: fit.training_reviews,
                default_log_loss: format!("{:.4}", fit.default.log_loss),
                default_rmse: format!("{:.4}", fit.default.rmse_bins),
                fitted_log_loss: format!("{:.4}", fit.fitted.log_loss),
                fitted_rmse: format!("{:.4}", fit.fitted.rmse_bins),
            }),
            last_checked: parameters.last_checked_at.map(date),
            reviews: parameters.reviews,
            min_training_reviews: parameters.min_training_reviews,
            next_automatic_fit_at: parameters.next_automatic_fit_at,
        }
    }
}

/// `?saved=1` after a successful save; `?fit=…` after fitting or resetting.
#[derive(Debug, Deserialize)]
struct SavedQuery {
    saved: Option<String>,
    fit: Option<String>,
}

/// What the page says after a fit or reset (`?fit=…`).
fn fit_message(outcome: &str) -> Option<String> {
    let message = match outcome {
        "kept" => {
            "Fitted: the new parameters predict your recitations better than FSRS-6's defaults (lower log loss) and are used from your next session."
        }
        "not_kept" => {
            "Fitted, but the new parameters did not predict your recitations better than FSRS-6's defaults (lower log loss); nothing changed."
        }
        "reset" => "Back to FSRS-6's defaults from your next session.",
        _ => return None,
    };
    Some(message.to_owned())
}

async fn settings_page(
    State(state): State<AppState>,
    Learner(user): Learner,
    query: Result<axum::extract::Query<SavedQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let (saved, fit) = match query {
        Ok(axum::extract::Query(q)) => (q.saved.is_some(), q.fit),
        Err(_) => (false, None),
    };
    let message = fit.as_deref().and_then(fit_message);
    settings_response(&state, &user, None, saved, message).await
}

/// The settings page with an optional error, or the API's error page.
async fn settings_response(
    state: &AppState,
    user: &UserId,
    error: Option<String>,
    saved: bool,
    fit_message: Option<String>,
) -> Response {
    let settings = match state.iqrah.settings(user).await {
        Ok(settings) => settings,
        Err(error) => return api_error(error),
    };
    let parameters = match state.iqrah.scheduling_parameters(user).await {
        Ok(parameters) => parameters,
        Err(error) => return api_error(error),
    };
    render(&SettingsPage {
        scheduling: SchedulingView::new(&parameters, &settings),
        settings,
        themes: THEMES,
        reading_sizes: READING_SIZES,
        languages: state.iqrah.languages(),
        error,
        saved,
        fit_message,
    })
}

/// `POST /settings/parameters/optimize`: fits now, then back to the page.
/// Too short a log renders the page with the reason (422), a reset or fit
/// saved while this one ran with that (409).
async fn fit_now(State(state): State<AppState>, Learner(user): Learner) -> Response {
    let status = |error: &ApiError| match error {
        ApiError::NotEnoughReviews { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::CONFLICT,
    };
    match state.iqrah.optimize(&user).await {
        Ok(report) if report.kept => Redirect::to("/settings?fit=kept").into_response(),
        Ok(_) => Redirect::to("/settings?fit=not_kept").into_response(),
        Err(error @ (ApiError::NotEnoughReviews { .. } | ApiError::FitSuperseded)) => {
            let mut response =
                settings_response(&state, &user, Some(format!("{error}.")), false, None).await;
            *response.status_mut() = status(&error);
            response
        }
        Err(error) => api_error(error),
    }
}

/// `POST /settings/parameters/reset`: back to the defaults.
async fn reset_parameters(State(state): State<AppState>, Learner(user): Learner) -> Response {
    match state.iqrah.reset_parameters(&user).await {
        Ok(_) => Redirect::to("/settings?fit=reset").into_response(),
        Err(error) => api_error(error),
    }
}

/// The settings form: every field as text, parsed by the settings' own rules.
#[derive(Debug, Deserialize)]
struct SettingsForm {
    desired_retention: String,
    session_size: String,
    new_verses_per_session: String,
    /// Optional: a form from before the daily cap keeps the saved value.
    new_verses_per_day: Option<String>,
    /// Optional: a form from before pages per day keeps the saved value.
    new_pages_per_day: Option<String>,
    favour_prayer_surahs: Option<String>,
    /// Optional: a form from before it keeps the saved value.
    practise_meaning: Option<String>,
    day_start_hour: String,
    utc_offset_minutes: String,
    translation_language: String,
    /// Optional: a form from before themes keeps the saved theme.
    theme: Option<String>,
    /// Optional: a form from before reading sizes keeps the saved size.
    reading_size: Option<String>,
}

async fn save_settings(
    State(state): State<AppState>,
    Learner(user): Learner,
    form: Result<Form<SettingsForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let user = &user;
    let current = match state.iqrah.settings(user).await {
        Ok(settings) => settings,
        Err(error) => return api_error(error),
    };
    let parameters = match state.iqrah.scheduling_parameters(user).await {
        Ok(parameters) => parameters,
        Err(error) => return api_error(error),
    };
    let fail = |settings: Settings, message: String| {
        let mut response = render(&SettingsPage {
            scheduling: SchedulingView::new(&parameters, &settings),
            settings,
            themes: THEMES,
            reading_sizes: READING_SIZES,
            languages: state.iqrah.languages(),
            error: Some(message),
            saved: false,
            fit_message: None,
        });
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        response
    };
    let Ok(Form(form)) = form else {
        return fail(
            current,
            "The form was incomplete; nothing was changed.".to_owned(),
        );
    };
    let mut next = current.clone();
    let prayer = if form.favour_prayer_surahs.is_some() {
        "true"
    } else {
        "false"
    };
    let fields = [
        ("desired_retention", form.desired_retention.as_str()),
        ("session_size", form.session_size.as_str()),
        (
            "new_verses_per_session",
            form.new_verses_per_session.as_str(),
        ),
        ("favour_prayer_surahs", prayer),
        ("day_start_hour", form.day_start_hour.as_str()),
        ("utc_offset_minutes", form.utc_offset_minutes.as_str()),
        ("translation_language", form.translation_language.as_str()),
    ];
    // Session size first when it grows, so new verses per session can follow it.
    for (key, value) in fields {
        if let Err(error) = next.set(key, value) {
            if key == "new_verses_per_session" {
                continue;
            }
            return fail(current, format!("{error}. Nothing was changed."));
        }
    }
    if let Err(error) = next.set("new_verses_per_session", &form.new_verses_per_session) {
        return fail(current, format!("{error}. Nothing was changed."));
    }
    let optional = [
        ("new_verses_per_day", &form.new_verses_per_day),
        ("new_pages_per_day", &form.new_pages_per_day),
        ("practise_meaning", &form.practise_meaning),
        ("theme", &form.theme),
        ("reading_size", &form.reading_size),
    ];
    for (key, value) in optional {
        if let Some(value) = value
            && let Err(error) = next.set(key, value)
        {
            return fail(current, format!("{error}. Nothing was changed."));
        }
    }
    match state.iqrah.save_settings(user, next).await {
        Ok(_) => Redirect::to("/settings?saved=1").into_response(),
        Err(error) => fail(current, format!("{error}. Nothing was changed.")),
    }
}

#[cfg(test)]
mod tests {
    use super::fit_message;

    #[test]
    fn fit_messages_name_what_a_fit_is_compared_with() {
        for outcome in ["kept", "not_kept"] {
            let message = fit_message(outcome).unwrap_or_default();
            assert!(message.contains("FSRS-6's defaults"), "{message}");
            assert!(message.contains("log loss"), "{message}");
            assert!(!message.contains("ones in use"), "{message}");
        }
        assert_eq!(fit_message("anything else"), None);
    }
}
