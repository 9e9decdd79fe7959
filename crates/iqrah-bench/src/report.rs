//! The benchmark's figures, their targets, and the table printed from them.

use std::fmt::Write as _;

use serde::Serialize;

use crate::stats::Summary;

/// Everything one `iqrah-bench` run measured. Serialized as is for `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The learner and the machine.
    pub setup: Setup,
    /// The API calls, one by one.
    pub operations: Vec<Operation>,
    /// Submit beside the raw SQLite transaction doing the same writes.
    pub submit_vs_raw: SubmitVsRaw,
    /// The peak memory of `iqrah serve`.
    pub serve_memory: ServeMemory,
    /// Concurrent HTTP clients against `iqrah serve`.
    pub http: Http,
}

/// The learner measured and the machine measuring.
#[derive(Debug, Clone, Serialize)]
pub struct Setup {
    /// `full` (the learner) or `quick` (a small one, for tests).
    pub scale: String,
    /// Items with a memory state.
    pub items_with_state: usize,
    /// Review log entries after the set-up.
    pub review_log_entries: i64,
    /// Seconds taken by the import and the seeding.
    pub setup_seconds: f64,
    /// Seconds taken by the whole run.
    pub total_seconds: f64,
    /// Processors available to this process.
    pub cpus: usize,
    /// The one-minute load average before the run (Linux), or `null`.
    pub load_average_before: Option<f64>,
    /// The one-minute load average after the run (Linux), or `null`.
    pub load_average_after: Option<f64>,
}

/// One API call's timings and target.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The call.
    pub operation: String,
    /// Runs, median and 99th percentile.
    #[serde(flatten)]
    pub timing: Summary,
    /// The ceiling for the median, if it sets one.
    pub target_median_ms: Option<f64>,
    /// Whether the median is within the target (`null` without a target).
    pub met: Option<bool>,
}

impl Operation {
    /// An operation held to `target_median_ms`, if any.
    pub fn new(operation: &str, timing: Summary, target_median_ms: Option<f64>) -> Self {
        let met = target_median_ms.map(|target| timing.median_ms <= target);
        Operation {
            operation: operation.to_owned(),
            timing,
            target_median_ms,
            met,
        }
    }
}

/// Submit through the API against the raw transaction, interleaved.
#[derive(Debug, Clone, Serialize)]
pub struct SubmitVsRaw {
    /// Interleaved rounds (one of each per round).
    pub rounds: usize,
    /// The API submit's median.
    pub submit_median_ms: f64,
    /// The raw transaction's median.
    pub raw_median_ms: f64,
    /// `submit_median_ms / raw_median_ms`.
    pub ratio: f64,
    /// The ceiling for the ratio (2).
    pub target_ratio: f64,
    /// Whether the ratio is within the target.
    pub met: bool,
}

/// `VmHWM` of the `iqrah serve` process.
#[derive(Debug, Clone, Serialize)]
pub struct ServeMemory {
    /// Peak resident memory after the start-up and one session (pages
    /// included), in MB (10⁶ bytes); `null` without `/proc`.
    pub after_session_mb: Option<f64>,
    /// Peak resident memory after the HTTP load too, in MB.
    pub after_load_mb: Option<f64>,
    /// The ceiling, in MB (150).
    pub target_mb: f64,
    /// Whether the higher peak is within the target (`null` without `/proc`).
    pub met: Option<bool>,
}

/// One fixed-time load.
#[derive(Debug, Clone, Serialize)]
pub struct Throughput {
    /// The route measured.
    pub route: String,
    /// Requests counted.
    pub requests: usize,
    /// Requests counted per second of wall time.
    pub per_second: f64,
    /// Latency of the counted requests, as seen by the clients.
    pub latency: Summary,
}

/// Concurrent clients on `iqrah serve`.
#[derive(Debug, Clone, Serialize)]
pub struct Http {
    /// Concurrent keep-alive connections.
    pub clients: usize,
    /// Seconds each load lasted.
    pub seconds: f64,
    /// The trivial route: the framework's ceiling.
    pub health: Throughput,
    /// Submits (each answers the next item with its receipt; the clients
    /// also complete and start sessions; only submits count).
    pub submit: Throughput,
    /// The same number of sessions answered at once through the API in the
    /// benchmark's own process, with no HTTP: what the storage allows.
    pub api_submit: Throughput,
    /// `submit.per_second / health.per_second`.
    pub ratio: f64,
    /// The most submits a second that one raw SQLite submit transaction at
    /// a time allows (1 / its median): SQLite has a single writer, so a
    /// transaction per submit cannot go faster, whatever the HTTP layer.
    pub raw_serial_per_second: f64,
    /// The most submits a second the raw writes allow when `clients` of
    /// them share each transaction (`clients` / the median transaction):
    /// group commit's bound, before any read, decision or HTTP.
    pub raw_grouped_per_second: f64,
    /// The floor for the ratio (0.25).
    pub target_ratio: f64,
    /// Whether the ratio reaches the target.
    pub met: bool,
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

fn ms(value: f64) -> String {
    if value < 1.0 {
        format!("{value:.3} ms")
    } else if value < 100.0 {
        format!("{value:.2} ms")
    } else {
        format!("{value:.0} ms")
    }
}

fn per_second(value: f64) -> String {
    format!("{value:.0}/s")
}

impl Report {
    /// The one table: operation, runs, median, p99, target, result.
    pub fn table(&self) -> String {
        let mut rows: Vec<[String; 6]> = Vec::new();
        for op in &self.operations {
            let (target, result) = match (op.target_median_ms, op.met) {
                (Some(target), Some(met)) => (format!("≤ {}", ms(target)), verdict(met).to_owned()),
                _ => ("–".to_owned(), "–".to_owned()),
            };
            rows.push([
                op.operation.clone(),
                op.timing.runs.to_string(),
                ms(op.timing.median_ms),
                ms(op.timing.p99_ms),
                target,
                result,
            ]);
            if op.operation == SUBMIT {
                let s = &self.submit_vs_raw;
                if let Some(last) = rows.last_mut() {
                    last[4] = format!("≤ {}× raw", s.target_ratio);
                    last[5] = format!("{:.2}× raw: {}", s.ratio, verdict(s.met));
                }
            }
        }
        let m = &self.serve_memory;
        for (label, value) in [
            ("serve peak RSS, after a session", m.after_session_mb),
            ("serve peak RSS, after the load", m.after_load_mb),
        ] {
            let shown = value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1} MB"));
            let met = value.map(|v| verdict(v <= m.target_mb)).unwrap_or("–");
            rows.push([
                label.to_owned(),
                "1".to_owned(),
                shown,
                "–".to_owned(),
                format!("≤ {:.0} MB", m.target_mb),
                met.to_owned(),
            ]);
        }
        let h = &self.http;
        for (t, target, result) in [
            (
                &h.health,
                "ceiling".to_owned(),
                per_second(h.health.per_second),
            ),
            (
                &h.submit,
                format!("≥ {:.0}% of health", h.target_ratio * 100.0),
                format!(
                    "{} = {:.1}% of health: {}",
                    per_second(h.submit.per_second),
                    h.ratio * 100.0,
                    verdict(h.met)
                ),
            ),
        ] {
            let label = format!("HTTP {} ({} clients)", t.route, h.clients);
            rows.push([
                label,
                t.requests.to_string(),
                ms(t.latency.median_ms),
                ms(t.latency.p99_ms),
                target,
                result,
            ]);
        }
        let a = &h.api_submit;
        rows.push([
            format!("{} ({} sessions at once, no HTTP)", a.route, h.clients),
            a.requests.to_string(),
            ms(a.latency.median_ms),
            ms(a.latency.p99_ms),
            "–".to_owned(),
            per_second(a.per_second),
        ]);

        let header = ["operation", "runs", "median", "p99", "target", "result"];
        let mut widths = header.map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let s = &self.setup;
        let _ = writeln!(
            out,
            "iqrah bench ({} learner): {} items with a state, {} review log entries; {} CPUs, load average {} before, {} after; set-up {:.1} s, total {:.1} s",
            s.scale,
            s.items_with_state,
            s.review_log_entries,
            s.cpus,
            s.load_average_before
                .map_or_else(|| "n/a".to_owned(), |l| format!("{l:.2}")),
            s.load_average_after
                .map_or_else(|| "n/a".to_owned(), |l| format!("{l:.2}")),
            s.setup_seconds,
            s.total_seconds,
        );
        let _ = writeln!(out);
        for row in std::iter::once(header.map(str::to_owned)).chain(rows) {
            let line: Vec<String> = row
                .iter()
                .zip(widths)
                .enumerate()
                .map(|(i, (cell, width))| {
                    let pad = width - cell.chars().count();
                    // Numbers right-aligned, text left-aligned.
                    if (1..=3).contains(&i) {
                        format!("{}{cell}", " ".repeat(pad))
                    } else {
                        format!("{cell}{}", " ".repeat(pad))
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", line.join("  ").trim_end());
        }
        let _ = writeln!(
            out,
            "\nSQLite has one writer: one raw submit transaction at a time allows {} ({:.1}% of health), the bound on a transaction per submit;\n{} raw submits to a transaction allow {} ({:.1}% of health), the bound with group commit.",
            per_second(h.raw_serial_per_second),
            h.raw_serial_per_second / h.health.per_second * 100.0,
            h.clients,
            per_second(h.raw_grouped_per_second),
            h.raw_grouped_per_second / h.health.per_second * 100.0,
        );
        out
    }
}

/// The operation name of the API submit.
pub(crate) const SUBMIT: &str = "submit_session_item";
