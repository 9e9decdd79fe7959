//! `iqrah simulate`: simulated learners under Iqrah's planner and two
//! baselines (the model is documented in the `iqrah-sim` crate).

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use iqrah_api::{ApiError, Config};
use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_core::goal::Goal;
use iqrah_sim::{Course, Options, Report};

use crate::cli::SimulateArgs;
use crate::commands::{Failure, open};
use crate::output::to_json;

/// The translation meaning exercises are made from.
const LANGUAGE: &str = "en";

fn invalid(message: String) -> Failure {
    Failure {
        code: "invalid_simulation",
        message,
    }
}

/// Checks the arguments, loads the text and runs the simulation.
pub async fn run(config: Config, args: SimulateArgs) -> Result<String, Failure> {
    // Check everything before the content is opened (or imported).
    let goal: Goal = args.goal.parse().map_err(ApiError::from)?;
    if goal.range().is_none() {
        return Err(invalid(iqrah_sim::SimError::Goal(goal).to_string()));
    }
    let options = Options::new(args.days, args.minutes, args.learners, args.seed);
    options.validate().map_err(|e| invalid(e.to_string()))?;

    let iqrah = open(config).await?;
    let quran = Arc::clone(iqrah.content().quran().await.map_err(ApiError::from)?);
    let translation = iqrah
        .content()
        .translation(LANGUAGE)
        .await
        .map_err(ApiError::from)?;
    let started = Instant::now();
    let report = tokio::task::spawn_blocking(move || {
        let index = ExerciseIndex::new(&quran, &translation);
        let course = Course::new(goal, ExerciseContext::new(&quran, &translation, &index))?;
        iqrah_sim::simulate(&course, &options)
    })
    .await
    .map_err(|e| Failure {
        code: "internal",
        message: e.to_string(),
    })?
    .map_err(|e| invalid(e.to_string()))?;
    if args.json {
        return Ok(to_json(&report)?);
    }
    Ok(table(&report, started.elapsed().as_secs_f64()))
}

/// The report as a table: one row per policy, each figure with its ratio
/// to Iqrah's.
pub fn table(report: &Report, seconds: f64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} verses), {} days, {} min/day, {} learners, seed {}: mean over learners (× Iqrah's)",
        report.goal,
        report.verses,
        report.days,
        report.minutes_per_day,
        report.learners,
        report.seed
    );
    let headers = [
        "policy",
        "memorized",
        "median",
        "retention",
        "continuity",
        "at risk",
        "introduced",
        "answers/day",
        "min/day",
    ];
    let widths = [12, 15, 7, 14, 14, 15, 14, 14, 13];
    let mut line = String::new();
    for (header, width) in headers.iter().zip(widths) {
        let _ = write!(line, "{header:>width$}");
    }
    let _ = writeln!(out, "{}", line.trim_start());
    for policy in &report.policies {
        let figures = policy.mean.fields();
        let ratios = policy.ratio_to_iqrah.fields();
        let cell = |k: usize, decimals: usize| {
            let ratio = ratios[k].1.map_or("–".to_owned(), |r| format!("{r:.2}"));
            format!("{:.decimals$} ×{ratio}", figures[k].1)
        };
        let cells = [
            policy.policy.name().to_owned(),
            cell(0, 1),
            format!("{:.0}", policy.median_memorized),
            cell(1, 3),
            cell(2, 3),
            cell(3, 1),
            cell(4, 1),
            cell(5, 1),
            cell(6, 1),
        ];
        let mut line = format!("{:<12}", cells[0]);
        for (value, width) in cells.iter().zip(widths).skip(1) {
            let _ = write!(line, "{value:>width$}");
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "memorized: true recall ≥ {:.2} · at risk: introduced, true recall < {:.2} · continuity: mean true recall of links between introduced verses · {seconds:.1} s",
        iqrah_sim::MEMORIZED_AT,
        iqrah_sim::AT_RISK_BELOW
    );
    out
}
