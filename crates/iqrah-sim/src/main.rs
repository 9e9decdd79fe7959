//! `iqrah-sim`: simulated learners under Iqrah's planner and three
//! baselines (the model is documented in this crate and
//! docs/simulation.md). A developer's tool, outside the learner's `iqrah`
//! binary.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use iqrah_api::{ApiError, Config, Iqrah};
use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_core::goal::Goal;
use iqrah_sim::{Course, Figures, Options, Policy, Report};
use serde::Serialize;

/// Simulate learners practising a goal for some days and minutes a day
/// under Iqrah's planner, a reference FSRS app (20 verses a day), a
/// traditional schedule and a plain FSRS queue, with the same learners and
/// budget; prints each policy's verses held at the horizon (and 30 days
/// later), per hour practised, minutes a day and T95, with their ratios to
/// Iqrah's. Reads only the content database (imported on first use).
#[derive(Debug, Parser)]
#[command(name = "iqrah-sim", version, about, long_about)]
struct Args {
    /// Where Iqrah keeps its databases [default: the platform's user data
    /// directory, e.g. ~/.local/share/iqrah on Linux]
    #[arg(long, env = "IQRAH_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The goal: surah:N, surah:N-M, juz:N, page:N-M or range:S:A-S:B (not review).
    #[arg(long, default_value = "surah:50-114")]
    goal: String,
    /// Days simulated, 1-3650.
    #[arg(long, default_value_t = 180)]
    days: u32,
    /// Minutes of practice a day, 1-600.
    #[arg(long, default_value_t = 20)]
    minutes: u32,
    /// Simulated learners, 1-1000 (the same ones under every policy).
    #[arg(long, default_value_t = 30)]
    learners: u32,
    /// The seed: the same seed gives the same figures.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The goal of the second run that measures T95 (the first day from
    /// which 95 % of it stays held to the horizon).
    #[arg(long, default_value = "juz:30")]
    t95_goal: String,
    /// Skip the T95 run.
    #[arg(long)]
    no_t95: bool,
    /// Also run every learner with FSRS parameters refitted from their own
    /// review log every this many days, and compare with the defaults.
    #[arg(long, value_name = "DAYS")]
    fit_every: Option<u32>,
    /// Iqrah's learners skip the meaning of the verses (the setting
    /// `practise_meaning` off): their sessions introduce and review only
    /// memorization and continuity. The baselines never practise meaning.
    #[arg(long)]
    skip_meaning: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// A failure: a stable code and a one-line message.
struct Failure {
    code: &'static str,
    message: String,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let json = args.json;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(args)),
        Err(error) => Err(Failure {
            code: "runtime",
            message: error.to_string(),
        }),
    };
    match result {
        Ok(text) => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let mut stderr = std::io::stderr().lock();
            let _ = if json {
                let body = serde_json::json!({
                    "error": { "code": failure.code, "message": failure.message }
                });
                writeln!(stderr, "{body}")
            } else {
                writeln!(stderr, "error: {}", failure.message)
            };
            ExitCode::FAILURE
        }
    }
}

/// The data directory from `--data-dir`, `IQRAH_DATA_DIR` or the platform
/// default (the same as the `iqrah` binary's).
fn data_dir(given: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    Config::default_data_dir().ok_or(Failure {
        code: "data_dir_unusable",
        message: "no home directory to keep data in: pass --data-dir DIR or set IQRAH_DATA_DIR"
            .to_owned(),
    })
}
/// The translation meaning exercises are made from.
const LANGUAGE: &str = "en";

fn invalid(message: String) -> Failure {
    Failure {
        code: "invalid_simulation",
        message,
    }
}

/// What `iqrah-sim --json` prints: the report with FSRS's default
/// parameters and, with `--fit-every`, the same learners with parameters
/// refitted from their own review logs.
#[derive(Debug, Serialize)]
struct Output {
    #[serde(flatten)]
    report: Report,
    fitted: Option<Report>,
    /// Whether Iqrah's learners practised meaning (`--skip-meaning` off).
    practise_meaning: bool,
}

fn goal(text: &str) -> Result<Goal, Failure> {
    let goal: Goal = text.parse().map_err(ApiError::from)?;
    if goal.range().is_none() {
        return Err(invalid(iqrah_sim::SimError::Goal(goal).to_string()));
    }
    Ok(goal)
}

/// Checks the arguments, loads the text and runs the simulation.
async fn run(args: Args) -> Result<String, Failure> {
    // Check everything before the content is opened (or imported).
    let main_goal = goal(&args.goal)?;
    let t95_goal = if args.no_t95 {
        None
    } else {
        Some(goal(&args.t95_goal)?)
    };
    let mut options = Options::new(args.days, args.minutes, args.learners, args.seed);
    options.settings.practise_meaning = !args.skip_meaning;
    let practise_meaning = options.settings.practise_meaning;
    options.validate().map_err(|e| invalid(e.to_string()))?;
    let fitted_options = args.fit_every.map(|every| Options {
        fit_every: Some(every),
        ..options.clone()
    });
    if let Some(fitted) = &fitted_options {
        fitted.validate().map_err(|e| invalid(e.to_string()))?;
    }

    let iqrah = Iqrah::open(Config::new(data_dir(args.data_dir.clone())?)).await?;
    let quran = Arc::clone(iqrah.content().quran().await.map_err(ApiError::from)?);
    let translation = iqrah
        .content()
        .translation(LANGUAGE)
        .await
        .map_err(ApiError::from)?;
    let started = Instant::now();
    let output = tokio::task::spawn_blocking(move || {
        let index = ExerciseIndex::new(&quran, &translation);
        let ctx = ExerciseContext::new(&quran, &translation, &index);
        let course = Course::new(main_goal, ctx)?;
        let t95 = t95_goal.map(|g| Course::new(g, ctx)).transpose()?;
        let report = iqrah_sim::simulate(&course, t95.as_ref(), &options)?;
        let fitted = fitted_options
            .map(|fitted| iqrah_sim::simulate(&course, None, &fitted))
            .transpose()?;
        Ok::<_, iqrah_sim::SimError>(Output {
            report,
            fitted,
            practise_meaning,
        })
    })
    .await
    .map_err(|e| Failure {
        code: "internal",
        message: e.to_string(),
    })?
    .map_err(|e| invalid(e.to_string()))?;
    if args.json {
        return serde_json::to_string_pretty(&output)
            .map(|text| text + "\n")
            .map_err(|e| Failure {
                code: "output",
                message: e.to_string(),
            });
    }
    let mut text = table(&output.report, started.elapsed().as_secs_f64());
    if args.skip_meaning {
        text.push_str("Iqrah's learners skip meaning (practise_meaning off).\n");
    }
    if let Some(fitted) = &output.fitted {
        text.push_str(&fitting_table(&output.report, fitted, args.fit_every));
    }
    Ok(text)
}

fn ratio(r: Option<f64>) -> String {
    r.map_or("–".to_owned(), |r| format!("{r:.2}"))
}

/// The report as a table: one row per policy, each headline figure (median
/// over learners) with its ratio to Iqrah's.
fn table(report: &Report, seconds: f64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} verses), {} days, {} min/day, {} learners, seed {}: median over learners (× Iqrah's)",
        report.goal,
        report.verses,
        report.days,
        report.minutes_per_day,
        report.learners,
        report.seed
    );
    let t95_header = report
        .t95_goal
        .as_ref()
        .map_or("T95".to_owned(), |t| format!("T95 {}", t.goal));
    let headers = [
        "policy",
        "held",
        "recall sum",
        &format!("held +{}d", iqrah_sim::LATER_DAYS),
        "meaning held",
        "held/hour",
        "min/day",
        &t95_header,
    ];
    let widths = [12, 15, 17, 15, 15, 14, 13, 20];
    let mut line = String::new();
    for (header, width) in headers.iter().zip(widths) {
        let _ = write!(line, "{header:>width$}");
    }
    let _ = writeln!(out, "{}", line.trim_start());
    for policy in &report.policies {
        let m = &policy.median;
        let r = &policy.ratio_to_iqrah;
        let cell = |value: f64, name: &str, decimals: usize| {
            format!("{value:.decimals$} ×{}", ratio(r.get(name)))
        };
        let t95 = policy.t95.as_ref().map_or("–".to_owned(), |t| {
            let day = t
                .median_day
                .map_or("never".to_owned(), |d| format!("day {d:.0}"));
            format!("{day} ({}/{})", t.reached, report.learners)
        });
        let cells = [
            policy.policy.name().to_owned(),
            cell(m.held, "held", 1),
            cell(m.recall_sum, "recall_sum", 1),
            cell(m.held_later, "held_later", 1),
            cell(m.meaning_held, "meaning_held", 1),
            cell(m.held_per_hour, "held_per_hour", 2),
            cell(m.minutes_per_day, "minutes_per_day", 1),
            t95,
        ];
        let mut line = format!("{:<12}", cells[0]);
        for (value, width) in cells.iter().zip(widths).skip(1) {
            let _ = write!(line, "{value:>width$}");
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "held: true recall of the recitation (verse × link to the next) ≥ {:.2} · held +{}d: the same {} days later without practice · T95: median first day from which {:.0} % of the T95 goal stays held (learners reaching it) · {seconds:.1} s",
        iqrah_sim::HELD_AT,
        iqrah_sim::LATER_DAYS,
        iqrah_sim::LATER_DAYS,
        iqrah_sim::T95_SHARE * 100.0,
    );
    out
}

/// Verses held with refitted parameters beside the defaults, per policy
/// that schedules with FSRS, with the median log losses of the defaults and
/// of the fitted parameters on the learner's log at the last fit, and the
/// fits kept of those made (all learners).
fn fitting_table(defaults: &Report, fitted: &Report, every: Option<u32>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nrefitted every {} days from the learner's own review log (median held; × the defaults):",
        every.unwrap_or(0)
    );
    let _ = writeln!(
        out,
        "{:<12}{:>12}{:>18}{:>14}{:>14}  log loss: defaults → fitted (fits kept)",
        "policy", "defaults", "fitted", "min/day", "fitted min"
    );
    for policy in Policy::ALL.into_iter().filter(|p| p.uses_fsrs()) {
        let (Some(d), Some(f)) = (defaults.policy(policy), fitted.policy(policy)) else {
            continue;
        };
        let gain: Figures = f.median;
        let held = format!(
            "{:.1} ×{}",
            gain.held,
            ratio((d.median.held != 0.0).then(|| gain.held / d.median.held))
        );
        let kept = f.mean.fits_kept * f64::from(fitted.learners);
        let made = f.mean.fits * f64::from(fitted.learners);
        let _ = writeln!(
            out,
            "{:<12}{:>12.1}{held:>18}{:>14.1}{:>14.1}  {:.3} → {:.3} ({kept:.0}/{made:.0} kept)",
            policy.name(),
            d.median.held,
            d.median.minutes_per_day,
            gain.minutes_per_day,
            gain.log_loss_default,
            gain.log_loss_fitted,
        );
    }
    out
}
