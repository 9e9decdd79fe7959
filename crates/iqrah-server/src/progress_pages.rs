//! The Progress and Settings pages: figures drawn as inline SVG by the
//! server (no chart library), and a settings form that works without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use iqrah_api::{ApiError, READING_SIZES, SchedulingParametersDto, Settings, Stats, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::learner::Learner;
use crate::pages::{Bar, DivisionRow, api_error, division_rows, render};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/progress", get(progress))
        .route("/settings", get(settings_page).post(save_settings))
        .route("/settings/parameters/optimize", post(fit_now))
        .route("/settings/parameters/reset", post(reset_parameters))
}

/// The civil date (`2026-11-24`) of a day number (days since 1970-01-01);
/// a day beyond jiff's years (±9999) is shown as its number.
pub(crate) fn civil_date(days: i64) -> String {
    date_of(days).map_or_else(|| format!("day {days}"), |date| date.to_string())
}

/// One cell of the year heatmap.
struct HeatCell {
    x: u32,
    y: u32,
    level: u8,
    title: String,
}

/// A label of the year heatmap: a month above its first week, or a weekday
/// beside its row.
struct HeatLabel {
    x: u32,
    y: u32,
    /// `month` or `weekday`, its CSS class.
    kind: &'static str,
    text: String,
}

/// Left margin of the heatmap, for the weekday labels.
const HEAT_LEFT: u32 = 30;
/// Top margin of the heatmap, for the month labels.
const HEAT_TOP: u32 = 14;

/// The calendar date of a day number (days since 1970-01-01), when jiff can
/// hold it.
fn date_of(days: i64) -> Option<jiff::civil::Date> {
    let span = jiff::Span::new().try_days(days).ok()?;
    jiff::civil::date(1970, 1, 1).checked_add(span).ok()
}

/// One bar of the forecast.
struct ForecastBar {
    x: u32,
    height: f64,
    due: u32,
    label: String,
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
    heat: Vec<HeatCell>,
    heat_labels: Vec<HeatLabel>,
    forecast: Vec<ForecastBar>,
    surahs: Vec<DivisionRow>,
    juz: Vec<DivisionRow>,
    history: Vec<HistoryRow>,
    minutes_this_week: u64,
}

async fn progress(State(state): State<AppState>, Learner(user): Learner) -> Response {
    let user = &user;
    let (stats, overview, history) = match tokio::try_join!(
        state.iqrah.stats(user, None),
        state.iqrah.overview(user),
        state.iqrah.history(user, 10)
    ) {
        Ok(all) => all,
        Err(error) => return api_error(error),
    };
    let day_ms = 86_400_000;
    let most = stats
        .activity
        .iter()
        .map(|d| d.answers)
        .max()
        .unwrap_or(0)
        .max(1);
    // Columns are weeks, rows the days of a week, the last column ending today.
    let slot_of = |i: usize| i as u32 + (7 - stats.activity.len() as u32 % 7) % 7;
    let mut heat_labels = Vec::new();
    let mut last_month_column = None;
    for (i, day) in stats.activity.iter().enumerate() {
        let slot = slot_of(i);
        let Some(date) = date_of(day.day_start.millis().div_euclid(day_ms)) else {
            continue;
        };
        // A month is named above the first week that holds its first day,
        // when there is room since the last name.
        let column = slot / 7;
        if (date.day() == 1 || i == 0) && last_month_column.is_none_or(|c| column >= c + 3) {
            last_month_column = Some(column);
            heat_labels.push(HeatLabel {
                x: HEAT_LEFT + column * 12,
                y: HEAT_TOP - 4,
                kind: "month",
                text: date.strftime("%b").to_string(),
            });
        }
        // The weekdays of the rows, from the last week (it is whole).
        if i + 7 >= stats.activity.len() && slot % 2 == 1 {
            heat_labels.push(HeatLabel {
                x: HEAT_LEFT - 4,
                y: HEAT_TOP + (slot % 7) * 12 + 9,
                kind: "weekday",
                text: date.strftime("%a").to_string(),
            });
        }
    }
    let heat = stats
        .activity
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let slot = slot_of(i);
            let level = if day.answers == 0 {
                0
            } else {
                1 + (3 * day.answers / most).min(3) as u8
            };
            HeatCell {
                x: HEAT_LEFT + (slot / 7) * 12,
                y: HEAT_TOP + (slot % 7) * 12,
                level,
                title: format!(
                    "{}: {} answers",
                    civil_date(day.day_start.millis().div_euclid(day_ms)),
                    day.answers
                ),
            }
        })
        .collect();
    let most_due = stats
        .forecast
        .iter()
        .map(|d| d.due)
        .max()
        .unwrap_or(0)
        .max(1);
    let forecast = stats
        .forecast
        .iter()
        .enumerate()
        .map(|(i, day)| ForecastBar {
            x: i as u32 * 24 + 4,
            height: f64::from(day.due) * 80.0 / f64::from(most_due),
            due: day.due,
            label: if i == 0 {
                "today".to_owned()
            } else {
                format!("+{i}")
            },
        })
        .collect();
    let mut rows = Vec::with_capacity(history.len());
    for h in history {
        rows.push(HistoryRow {
            goal: state.iqrah.goal_title(&h.session.goal_id).await,
            id: h.session.id.clone(),
            date: civil_date(h.session.started_at.div_euclid(day_ms)),
            status: h.session.status.as_str().to_owned(),
            answered: h.session.items_completed,
            accuracy: h
                .summary
                .and_then(|s| s.accuracy)
                .map_or("–".to_owned(), |a| format!("{:.0} %", a * 100.0)),
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
        heat,
        heat_labels,
        forecast,
        surahs: division_rows(&overview.surahs, "surah"),
        juz: division_rows(&overview.juz, "juz"),
        history,
        stats,
    };
    render(&page)
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
            civil_date(local.div_euclid(86_400_000))
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
            "Fitted: the new parameters predict your reviews better than FSRS-6's defaults (lower log loss) and are used from your next session."
        }
        "not_kept" => {
            "Fitted, but the new parameters did not predict your reviews better than FSRS-6's defaults (lower log loss); nothing changed."
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
    favour_prayer_surahs: Option<String>,
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
    use super::{civil_date, fit_message};

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

    #[test]
    fn day_numbers_become_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_781), "2026-11-24");
        assert_eq!(civil_date(-1), "1969-12-31");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(i64::MAX), format!("day {}", i64::MAX));
    }
}
