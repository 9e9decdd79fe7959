//! Iqrah's benchmark at scale, run by the `iqrah-bench` binary (issue 7).
//!
//! [`run`] creates in a temporary directory a long-time learner
//! ([`learner::Learner`]: a memory state on all 18,594 items, a review log
//! of over 200,000 answers), then measures through the real API, in one run:
//!
//! - `start_session`, `get_next_session_item`, `check_answer`,
//!   `submit_session_item`, `undo_last_answer`, `complete_session` and a
//!   resume after a restart (every handle dropped, the directory opened
//!   again, the active session and its current item read): median and 99th
//!   percentile over many runs;
//! - the raw SQLite transaction doing a submit's writes, interleaved with
//!   the API submits, and the ratio of their medians;
//! - `iqrah serve` as a separate process on the same directory: its peak
//!   resident memory (`VmHWM`) after a session through HTTP, then
//!   concurrent keep-alive clients submitting answers, beside the same
//!   clients on the trivial `GET /api/v1/health` route.
//!
//! The [`Report`] holds the figures and the targets, and prints as
//! one table.

mod api;
mod error;
mod http;
pub mod learner;
mod postgres;
mod report;
mod school;
mod stats;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use error::BenchError;
pub use learner::Scale;
pub use report::{Http, Operation, Report, ServeMemory, Setup, SubmitVsRaw, Throughput};
pub use school::{SchoolOptions, SchoolReport, ServerLoad, run_school};
pub use stats::Summary;

/// The ceilings and floors.
pub mod targets {
    /// Median of `start_session`, in milliseconds.
    pub const START_MS: f64 = 10.0;
    /// Median of `get_next_session_item`, in milliseconds.
    pub const NEXT_MS: f64 = 0.5;
    /// Median of a resume after a restart, in milliseconds.
    pub const RESUME_MS: f64 = 50.0;
    /// Submit's median over the raw transaction's.
    pub const SUBMIT_OVER_RAW: f64 = 2.0;
    /// Peak resident memory of `iqrah serve`, in MB (10⁶ bytes).
    pub const SERVE_PEAK_MB: f64 = 150.0;
    /// HTTP submits per second over health requests per second.
    pub const HTTP_SUBMIT_OVER_HEALTH: f64 = 0.25;
}

/// The most concurrent clients: one surah goal each.
pub const MAX_CLIENTS: usize = 114;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Timed runs of each API call (at least 1).
    pub runs: usize,
    /// Concurrent HTTP clients, 1 to [`MAX_CLIENTS`].
    pub clients: usize,
    /// How long each HTTP load lasts.
    pub duration: Duration,
    /// The learner's history.
    pub scale: Scale,
    /// The `iqrah` executable to run `serve` with (for the `iqrah-bench`
    /// binary, `--iqrah` or the `iqrah` beside it).
    pub iqrah_exe: PathBuf,
}

/// The surah of client `n`'s goal: 2, 3, …, 114, then 1 (distinct for
/// up to [`MAX_CLIENTS`] clients).
pub(crate) fn goal_surah(n: usize) -> usize {
    (n + 1) % 114 + 1
}

fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn summary(samples: &[Duration]) -> Result<Summary, BenchError> {
    Summary::of(samples).ok_or_else(|| BenchError::Setup("no samples".to_owned()))
}

/// Runs the whole benchmark; `progress` is told each step as it starts.
pub async fn run(options: &Options, progress: &mut dyn FnMut(&str)) -> Result<Report, BenchError> {
    if options.runs == 0 {
        return Err(BenchError::Setup("at least one run is needed".to_owned()));
    }
    if !(1..=MAX_CLIENTS).contains(&options.clients) {
        return Err(BenchError::Setup(format!(
            "clients must be 1 to {MAX_CLIENTS} (one surah goal each)"
        )));
    }
    if options.duration.is_zero() {
        return Err(BenchError::Setup(
            "the HTTP load needs a positive duration".to_owned(),
        ));
    }
    let load_average_before = load_average();
    let began = Instant::now();
    progress("creating the learner (content import, states, review log, past sessions)");
    let learner = learner::Learner::create(options.scale).await?;
    let setup_seconds = began.elapsed().as_secs_f64();
    let (items_with_state, review_log_entries) = (learner.items, learner.review_log);

    let samples = api::measure(&learner, options.runs, progress).await?;
    progress(&format!(
        "submit_session_item, {} sessions at once (no HTTP)",
        options.clients
    ));
    let (api_submits, api_elapsed) =
        api::concurrent_submits(&learner.iqrah, options.clients).await?;
    progress(&format!(
        "raw SQLite submit writes, {} to a transaction",
        options.clients
    ));
    let group_commits = api::raw_group_commits(
        &learner,
        options.clients,
        options.runs.div_ceil(options.clients).max(5),
    )
    .await?;
    let dir = learner.close().await;
    progress("resume after a restart");
    let resume = api::measure_resume(dir.path(), options.runs).await?;

    progress("iqrah serve: start-up and one session");
    let exe = options.iqrah_exe.clone();
    let data_dir = dir.path().to_owned();
    let mut server = tokio::task::spawn_blocking(move || http::Server::spawn(&exe, &data_dir))
        .await
        .map_err(|e| BenchError::Serve(e.to_string()))??;
    http::drive_session(server.addr).await?;
    let after_session = server.peak_memory_bytes();
    progress(&format!(
        "HTTP: {} clients on GET /api/v1/health",
        options.clients
    ));
    let health = http::health_load(server.addr, options.clients, options.duration).await?;
    progress(&format!("HTTP: {} clients submitting", options.clients));
    let submit = http::submit_load(server.addr, options.clients, options.duration).await?;
    server.check_running()?;
    let after_load = server.peak_memory_bytes();
    drop(server);
    drop(dir);

    let mb = |bytes: Option<u64>| bytes.map(|b| b as f64 / 1e6);
    let (after_session_mb, after_load_mb) = (mb(after_session), mb(after_load));
    let throughput = |route: &str, load: &http::Load| -> Result<Throughput, BenchError> {
        Ok(Throughput {
            route: route.to_owned(),
            requests: load.latencies.len(),
            per_second: load.latencies.len() as f64 / load.elapsed.as_secs_f64(),
            latency: summary(&load.latencies)?,
        })
    };
    let health = throughput("GET /api/v1/health", &health)?;
    let submit = throughput("POST …/submit", &submit)?;
    let api_submit = throughput(
        "submit_session_item, API",
        &http::Load {
            latencies: api_submits,
            elapsed: api_elapsed,
        },
    )?;
    let http_ratio = submit.per_second / health.per_second;

    let submit_timing = summary(&samples.submit)?;
    let raw_timing = summary(&samples.raw_submit)?;
    let group_timing = summary(&group_commits)?;
    let ratio = submit_timing.median_ms / raw_timing.median_ms;
    let operations = vec![
        Operation::new(
            "start_session",
            summary(&samples.start)?,
            Some(targets::START_MS),
        ),
        Operation::new(
            "get_next_session_item",
            summary(&samples.next)?,
            Some(targets::NEXT_MS),
        ),
        Operation::new("check_answer", summary(&samples.check)?, None),
        Operation::new(report::SUBMIT, submit_timing, None),
        Operation::new("raw SQLite submit transaction", raw_timing, None),
        Operation::new("undo_last_answer", summary(&samples.undo)?, None),
        Operation::new("complete_session", summary(&samples.complete)?, None),
        Operation::new(
            "resume after restart",
            summary(&resume)?,
            Some(targets::RESUME_MS),
        ),
    ];
    Ok(Report {
        setup: Setup {
            scale: match options.scale {
                Scale::Full => "full",
                Scale::Quick => "quick",
            }
            .to_owned(),
            items_with_state,
            review_log_entries,
            setup_seconds,
            total_seconds: began.elapsed().as_secs_f64(),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            load_average_before,
            load_average_after: load_average(),
        },
        operations,
        submit_vs_raw: SubmitVsRaw {
            rounds: options.runs,
            submit_median_ms: submit_timing.median_ms,
            raw_median_ms: raw_timing.median_ms,
            ratio,
            target_ratio: targets::SUBMIT_OVER_RAW,
            met: ratio <= targets::SUBMIT_OVER_RAW,
        },
        serve_memory: ServeMemory {
            after_session_mb,
            after_load_mb,
            target_mb: targets::SERVE_PEAK_MB,
            met: after_load_mb
                .or(after_session_mb)
                .map(|peak| peak <= targets::SERVE_PEAK_MB),
        },
        http: Http {
            clients: options.clients,
            seconds: options.duration.as_secs_f64(),
            health,
            submit,
            api_submit,
            ratio: http_ratio,
            raw_serial_per_second: 1000.0 / raw_timing.median_ms,
            raw_grouped_per_second: options.clients as f64 * 1000.0 / group_timing.median_ms,
            target_ratio: targets::HTTP_SUBMIT_OVER_HEALTH,
            met: http_ratio >= targets::HTTP_SUBMIT_OVER_HEALTH,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_gets_its_own_surah() {
        let surahs: Vec<usize> = (0..MAX_CLIENTS).map(goal_surah).collect();
        assert_eq!(&surahs[..3], &[2, 3, 4]);
        assert_eq!(surahs[112], 114);
        assert_eq!(surahs[113], 1);
        let mut sorted = surahs.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), MAX_CLIENTS);
    }
}
