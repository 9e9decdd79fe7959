//! `iqrah stats`, `iqrah pages`, `iqrah history`, `iqrah settings` and
//! `iqrah placement`.

use std::fmt::Write as _;

use iqrah_api::{Iqrah, UserId};

use crate::commands::Failure;
use crate::output::to_json;

fn percent(value: Option<f64>) -> String {
    value.map_or("–".to_owned(), |v| format!("{:.1} %", v * 100.0))
}

/// Prints the learner's figures.
pub async fn stats(iqrah: Iqrah, goal: Option<String>, json: bool) -> Result<String, Failure> {
    let stats = iqrah.stats(&UserId::local(), goal).await?;
    if json {
        return Ok(to_json(&stats)?);
    }
    let mut out = String::new();
    let v = &stats.verses;
    let _ = writeln!(
        out,
        "{}",
        stats.goal.as_deref().unwrap_or("The whole Quran")
    );
    let _ = writeln!(
        out,
        "  verses     known {}  learning {}  new {}",
        v.known, v.learning, v.new
    );
    let r = &stats.retention;
    let _ = writeln!(
        out,
        "  retention  {} measured over the last 30 days ({} of {} due reviews passed), {:.0} % desired",
        percent(r.measured),
        r.passed,
        r.due_reviews,
        r.desired * 100.0
    );
    let _ = writeln!(
        out,
        "  streak     {} day(s), longest {}",
        stats.streak_days, stats.longest_streak_days
    );
    let forecast: Vec<String> = stats.forecast.iter().map(|d| d.due.to_string()).collect();
    let _ = writeln!(
        out,
        "  due        today {} · next 13 days {}",
        forecast[0],
        forecast[1..].join(" ")
    );
    let week: Vec<String> = stats
        .activity
        .iter()
        .rev()
        .take(7)
        .rev()
        .map(|d| d.answers.to_string())
        .collect();
    let minutes: u64 = stats
        .activity
        .iter()
        .rev()
        .take(7)
        .map(|d| d.active_ms)
        .sum::<u64>()
        / 60_000;
    let _ = writeln!(
        out,
        "  last 7 days answers {} · {} min practised · {} answers in all",
        week.join(" "),
        minutes,
        stats.total_answers
    );
    Ok(out)
}

/// Prints the mushaf's pages: the started ones (or all), then a total.
pub async fn pages(iqrah: Iqrah, all: bool, json: bool) -> Result<String, Failure> {
    let pages = iqrah.page_progress(&UserId::local()).await?;
    if json {
        return Ok(to_json(&pages)?);
    }
    let mut out = String::new();
    let mut started = 0;
    let mut known = 0;
    for page in &pages {
        let p = &page.progress;
        started += u32::from(p.started() > 0);
        known += u32::from(page.state == iqrah_api::DivisionState::Known);
        if all || p.started() > 0 {
            let _ = writeln!(
                out,
                "page {:>3}  juz {:>2}  {:<15} {:<8}  known {}  learning {}  new {}",
                page.page,
                page.juz,
                format!("{}-{}", page.first_verse, page.last_verse),
                page.state.as_str(),
                p.known,
                p.learning,
                p.new
            );
        }
    }
    let _ = writeln!(
        out,
        "{started} of {} pages started, {known} known",
        pages.len()
    );
    Ok(out)
}

/// Prints past sessions with their summaries.
pub async fn history(iqrah: Iqrah, limit: u32, json: bool) -> Result<String, Failure> {
    let history = iqrah.history(&UserId::local(), limit).await?;
    if json {
        return Ok(to_json(&history)?);
    }
    let mut out = String::new();
    for entry in history {
        let s = &entry.session;
        let figures = entry.summary.map_or(String::new(), |sum| {
            format!(
                "  {} answered, accuracy {}, {} new, {} reviews, {} min",
                sum.items_completed,
                percent(sum.accuracy),
                sum.new_verses,
                sum.reviews,
                sum.active_ms / 60_000
            )
        });
        let _ = writeln!(
            out,
            "{}  {:<14} {:<9} {}/{}{figures}",
            s.id, s.goal_id, s.status, s.items_completed, s.items_count
        );
    }
    Ok(out)
}

/// Prints the settings, changing one first when asked.
pub async fn settings(
    iqrah: Iqrah,
    key: Option<String>,
    value: Option<String>,
    json: bool,
) -> Result<String, Failure> {
    let user = UserId::local();
    let settings = match (key, value) {
        (Some(key), Some(value)) => iqrah.update_setting(&user, key, value).await?,
        (Some(key), None) => {
            return Err(Failure {
                code: "invalid_setting",
                message: format!("give a value: iqrah settings {key} VALUE"),
            });
        }
        _ => iqrah.settings(&user).await?,
    };
    if json {
        return Ok(to_json(&settings)?);
    }
    let value = serde_json::to_value(&settings)?;
    let mut out = String::new();
    for key in iqrah_api::SETTING_KEYS {
        let _ = writeln!(out, "{key:<24} {}", value[key]);
    }
    Ok(out)
}

/// Places the marks (`surah:112=solid`) and says what was placed and kept.
pub async fn placement(iqrah: Iqrah, marks: Vec<String>, json: bool) -> Result<String, Failure> {
    let marks = marks
        .iter()
        .map(|mark| mark.parse::<iqrah_api::PlacementMarkDto>())
        .collect::<Result<Vec<_>, _>>()?;
    let placed = iqrah.place(&UserId::local(), marks).await?;
    if json {
        return Ok(to_json(&placed)?);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Placed {} verses: {} items given a first memory state, {} kept (already practised).",
        placed.verses, placed.placed, placed.kept
    );
    let _ = writeln!(
        out,
        "Their first reviews come over the next days; iqrah stats shows them."
    );
    Ok(out)
}
