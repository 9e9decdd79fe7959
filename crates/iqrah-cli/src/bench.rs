//! `iqrah bench`: the benchmark at scale of `iqrah-bench`, printed as one
//! table or as JSON.

use std::time::Duration;

use iqrah_bench::{Options, Scale};

use crate::cli::BenchArgs;
use crate::commands::Failure;
use crate::output::to_json;

/// Runs the benchmark with progress on stderr and returns what to print.
pub async fn run(args: BenchArgs) -> Result<String, Failure> {
    let invalid = |message: String| Failure {
        code: "invalid_argument",
        message,
    };
    if args.runs == 0 {
        return Err(invalid("--runs must be at least 1".to_owned()));
    }
    if !(1..=iqrah_bench::MAX_CLIENTS).contains(&args.clients) {
        return Err(invalid(format!(
            "--clients {} is not between 1 and {}",
            args.clients,
            iqrah_bench::MAX_CLIENTS
        )));
    }
    if !(args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 3600.0) {
        return Err(invalid(format!(
            "--seconds {} is not between 0 and 3600",
            args.seconds
        )));
    }
    let iqrah_exe = std::env::current_exe().map_err(|e| Failure {
        code: "bench",
        message: format!("cannot find the running iqrah executable: {e}"),
    })?;
    let options = Options {
        runs: args.runs,
        clients: args.clients,
        duration: Duration::from_secs_f64(args.seconds),
        scale: if args.quick {
            Scale::Quick
        } else {
            Scale::Full
        },
        iqrah_exe,
    };
    let mut progress = |step: &str| eprintln!("bench: {step}…");
    let report = iqrah_bench::run(&options, &mut progress)
        .await
        .map_err(|e| Failure {
            code: "bench",
            message: e.to_string(),
        })?;
    if args.json {
        Ok(to_json(&report)?)
    } else {
        Ok(report.table())
    }
}
