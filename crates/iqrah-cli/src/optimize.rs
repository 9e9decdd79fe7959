//! `iqrah optimize`: FSRS parameters fitted to the learner's review log.

use std::fmt::Write as _;

use iqrah_api::{Evaluation, FitReportDto, Iqrah, SchedulingParametersDto};

use crate::cli::OptimizeArgs;
use crate::commands::Failure;
use crate::output::to_json;

/// Fits (or, with `--show`, shows; with `--reset`, resets) the learner's
/// parameters and prints the figures.
pub async fn run(iqrah: Iqrah, args: OptimizeArgs) -> Result<String, Failure> {
    if args.show || args.reset {
        let parameters = if args.reset {
            iqrah.reset_parameters(&args.learner.user_id()).await?
        } else {
            iqrah.scheduling_parameters(&args.learner.user_id()).await?
        };
        return if args.json {
            Ok(to_json(&parameters)?)
        } else {
            Ok(show(&parameters, args.reset))
        };
    }
    let report = iqrah.optimize(&args.learner.user_id()).await?;
    if args.json {
        return Ok(to_json(&report)?);
    }
    Ok(fitted(&report))
}

fn figures(out: &mut String, default: &Evaluation, fitted: &Evaluation) {
    let _ = writeln!(out, "                 log loss   RMSE (bins)");
    let _ = writeln!(
        out,
        "  defaults       {:>8.4}   {:>11.4}",
        default.log_loss, default.rmse_bins
    );
    let _ = writeln!(
        out,
        "  fitted         {:>8.4}   {:>11.4}",
        fitted.log_loss, fitted.rmse_bins
    );
}

fn fitted(report: &FitReportDto) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Fitted FSRS to {} reviews: {} recitations on a later day than the verse's previous recitation.",
        report.reviews, report.training_reviews
    );
    figures(&mut out, &report.default, &report.fitted);
    let verdict = if report.kept {
        "Kept: the fitted parameters predict your recitations better and are used from your next session."
    } else {
        "Not kept: they do not predict your recitations better than the defaults; nothing changed."
    };
    let _ = writeln!(out, "{verdict}");
    out
}

fn show(parameters: &SchedulingParametersDto, reset: bool) -> String {
    let mut out = String::new();
    if reset {
        let _ = writeln!(out, "Back to FSRS-6's defaults from your next session.");
    }
    match &parameters.fit {
        Some(fit) => {
            let _ = writeln!(
                out,
                "Scheduling with parameters fitted to {} reviews ({} recitations predicted) on {}.",
                fit.reviews,
                fit.training_reviews,
                moment(fit.fitted_at)
            );
            figures(&mut out, &fit.default, &fit.fitted);
        }
        None => {
            let _ = writeln!(out, "Scheduling with FSRS-6's default parameters.");
        }
    }
    let rendered: Vec<String> = parameters
        .parameters
        .iter()
        .map(|w| format!("{w:.4}"))
        .collect();
    let _ = writeln!(out, "  parameters     {}", rendered.join(" "));
    let _ = writeln!(
        out,
        "Your log holds {} reviews; a fit needs {} recitations of a verse on a later day than its previous one; the next automatic fit comes at {} reviews.",
        parameters.reviews, parameters.min_training_reviews, parameters.next_automatic_fit_at
    );
    out
}

/// A moment as RFC 3339 UTC text.
fn moment(at: iqrah_api::Timestamp) -> String {
    jiff::Timestamp::from_millisecond(at.millis())
        .map_or_else(|_| format!("{} ms", at.millis()), |t| t.to_string())
}
