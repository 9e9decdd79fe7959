//! `iqrah-bench`: Iqrah's benchmark at scale (the `iqrah-bench` crate),
//! printed as one table or as JSON. A developer's tool, outside the
//! learner's `iqrah` binary, which it starts as `iqrah serve`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use iqrah_bench::{Options, Scale};

/// Measure Iqrah at the scale of a long-time learner (a state on every item,
/// a review log of 200,000+ answers, made in a temporary directory): the
/// session calls beside the raw SQLite transaction, resume after a restart,
/// and `iqrah serve`'s peak memory and HTTP throughput with concurrent
/// clients.
#[derive(Debug, Parser)]
#[command(name = "iqrah-bench", version, about, long_about)]
struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Timed runs of each session call.
    #[arg(long, default_value_t = 500, value_name = "N")]
    runs: usize,
    /// Concurrent HTTP clients (1-114), each practising its own surah
    /// [default: 16; 64 with --school]
    #[arg(long, value_name = "N")]
    clients: Option<usize>,
    /// Seconds each HTTP load lasts.
    #[arg(long, default_value_t = 5.0, value_name = "S")]
    seconds: f64,
    /// The `iqrah` binary started as `iqrah serve` [default: `iqrah` beside
    /// this executable]
    #[arg(long, env = "IQRAH_BIN", value_name = "PATH")]
    iqrah: Option<PathBuf>,
    /// A small learner (one earlier review per item) for testing the
    /// command itself; its figures are not the issue's.
    #[arg(long, hide = true)]
    quick: bool,
    /// Instead of the long-time learner: a school's load, --accounts
    /// learners signed up on an `iqrah serve` on this PostgreSQL database
    /// (an empty one: postgres://user:password@host:port/database) and the
    /// clients practising on it, beside the same clients on a local SQLite
    /// server.
    #[arg(long, value_name = "URL")]
    school: Option<String>,
    /// Accounts on the PostgreSQL server with --school.
    #[arg(long, default_value_t = 500, value_name = "N", requires = "school")]
    accounts: usize,
}

/// A failure: a stable code and a one-line message.
struct Failure {
    code: &'static str,
    message: String,
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

/// The `iqrah` binary beside the running executable.
fn sibling_iqrah() -> Result<PathBuf, Failure> {
    let exe = std::env::current_exe().map_err(|e| Failure {
        code: "bench",
        message: format!("cannot find the running executable: {e}"),
    })?;
    Ok(exe.with_file_name(format!("iqrah{}", std::env::consts::EXE_SUFFIX)))
}

/// Runs the benchmark with progress on stderr and returns what to print.
async fn run(args: Args) -> Result<String, Failure> {
    let invalid = |message: String| Failure {
        code: "invalid_argument",
        message,
    };
    if args.runs == 0 {
        return Err(invalid("--runs must be at least 1".to_owned()));
    }
    let clients = args
        .clients
        .unwrap_or(if args.school.is_some() { 64 } else { 16 });
    if !(1..=iqrah_bench::MAX_CLIENTS).contains(&clients) {
        return Err(invalid(format!(
            "--clients {clients} is not between 1 and {}",
            iqrah_bench::MAX_CLIENTS
        )));
    }
    if !(args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 3600.0) {
        return Err(invalid(format!(
            "--seconds {} is not between 0 and 3600",
            args.seconds
        )));
    }
    let iqrah_exe = match args.iqrah {
        Some(path) => path,
        None => sibling_iqrah()?,
    };
    if !iqrah_exe.is_file() {
        return Err(invalid(format!(
            "no iqrah binary at {} (build it with cargo build -p iqrah-cli, or pass --iqrah PATH)",
            iqrah_exe.display()
        )));
    }
    let mut progress = |step: &str| eprintln!("bench: {step}…");
    if let Some(database) = args.school {
        if args.accounts < clients {
            return Err(invalid(format!(
                "--accounts {} is fewer than the {clients} clients",
                args.accounts
            )));
        }
        let options = iqrah_bench::SchoolOptions {
            accounts: args.accounts,
            clients,
            duration: Duration::from_secs_f64(args.seconds),
            database,
            iqrah_exe,
            runs: args.runs,
            scale: if args.quick {
                Scale::Quick
            } else {
                Scale::Full
            },
        };
        let report = iqrah_bench::run_school(&options, &mut progress)
            .await
            .map_err(|e| Failure {
                code: "bench",
                message: e.to_string(),
            })?;
        return if args.json {
            serde_json::to_string_pretty(&report)
                .map(|text| text + "\n")
                .map_err(|e| Failure {
                    code: "output",
                    message: e.to_string(),
                })
        } else {
            Ok(report.table())
        };
    }
    let options = Options {
        runs: args.runs,
        clients,
        duration: Duration::from_secs_f64(args.seconds),
        scale: if args.quick {
            Scale::Quick
        } else {
            Scale::Full
        },
        iqrah_exe,
    };
    let report = iqrah_bench::run(&options, &mut progress)
        .await
        .map_err(|e| Failure {
            code: "bench",
            message: e.to_string(),
        })?;
    if args.json {
        serde_json::to_string_pretty(&report)
            .map(|text| text + "\n")
            .map_err(|e| Failure {
                code: "output",
                message: e.to_string(),
            })
    } else {
        Ok(report.table())
    }
}
