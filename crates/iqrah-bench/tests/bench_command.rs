//! `iqrah-bench` end to end with tiny parameters: a small learner, three
//! runs of each call, two HTTP clients for half a second each, through the
//! real binary (which starts the real `iqrah` binary as `iqrah serve`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::path::PathBuf;
use std::process::Command;
use std::sync::LazyLock;

use serde_json::Value;

/// The learner's `iqrah` binary beside `iqrah-bench` in this target
/// directory. It is another package's, so Cargo builds it for these tests
/// only in a workspace run (`cargo nextest run --workspace`); otherwise
/// build it first with `cargo build -p iqrah-cli`.
static IQRAH: LazyLock<PathBuf> = LazyLock::new(|| {
    let bench = PathBuf::from(env!("CARGO_BIN_EXE_iqrah-bench"));
    let iqrah = bench.with_file_name(format!("iqrah{}", std::env::consts::EXE_SUFFIX));
    assert!(
        iqrah.is_file(),
        "no {}: run cargo build -p iqrah-cli first",
        iqrah.display()
    );
    iqrah
});

/// `iqrah-bench`, with the environment of a clean shell.
fn bare() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_iqrah-bench"));
    command
        .env_remove("IQRAH_DATA_DIR")
        .env_remove("IQRAH_NOW")
        .env_remove("IQRAH_BIN");
    command
}

/// `iqrah-bench` starting the learner's `iqrah`.
fn bench() -> Command {
    let mut command = bare();
    command.arg("--iqrah").arg(&*IQRAH);
    command
}

fn positive(value: &Value, path: &str) -> f64 {
    let number = value
        .pointer(path)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{path} is not a number in {value}"));
    assert!(
        number.is_finite() && number > 0.0,
        "{path} = {number} is not positive"
    );
    number
}

#[test]
fn a_quick_bench_prints_every_figure_as_json() {
    let output = bench()
        .args([
            "--quick",
            "--json",
            "--runs",
            "3",
            "--clients",
            "2",
            "--seconds",
            "0.5",
        ])
        .output()
        .expect("run iqrah-bench");
    assert!(
        output.status.success(),
        "iqrah-bench failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");

    assert_eq!(report["setup"]["scale"], "quick");
    assert_eq!(positive(&report, "/setup/items_with_state"), 18_594.0);
    assert!(positive(&report, "/setup/review_log_entries") >= 18_594.0);
    positive(&report, "/setup/setup_seconds");
    positive(&report, "/setup/total_seconds");
    positive(&report, "/setup/cpus");

    let operations = report["operations"].as_array().expect("operations");
    let names: Vec<&str> = operations
        .iter()
        .filter_map(|o| o["operation"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "start_session",
            "get_next_session_item",
            "check_answer",
            "submit_session_item",
            "raw SQLite submit transaction",
            "undo_last_answer",
            "complete_session",
            "resume after restart"
        ]
    );
    for (i, operation) in operations.iter().enumerate() {
        assert_eq!(
            positive(&report, &format!("/operations/{i}/runs")),
            3.0,
            "{operation}"
        );
        let median = positive(&report, &format!("/operations/{i}/median_ms"));
        let p99 = positive(&report, &format!("/operations/{i}/p99_ms"));
        assert!(p99 >= median, "{operation}");
        match operation["target_median_ms"].as_f64() {
            Some(target) => assert_eq!(
                operation["met"].as_bool(),
                Some(median <= target),
                "{operation}"
            ),
            None => assert!(operation["met"].is_null(), "{operation}"),
        }
    }
    assert_eq!(operations[0]["target_median_ms"], 10.0);

    let ratio = positive(&report, "/submit_vs_raw/ratio");
    let expected = positive(&report, "/submit_vs_raw/submit_median_ms")
        / positive(&report, "/submit_vs_raw/raw_median_ms");
    assert!((ratio - expected).abs() < 1e-9);
    assert_eq!(report["submit_vs_raw"]["met"].as_bool(), Some(ratio <= 2.0));

    let after_session = positive(&report, "/serve_memory/after_session_mb");
    assert!(positive(&report, "/serve_memory/after_load_mb") >= after_session);
    assert_eq!(positive(&report, "/serve_memory/target_mb"), 150.0);
    assert!(report["serve_memory"]["met"].is_boolean());

    assert_eq!(positive(&report, "/http/clients"), 2.0);
    for load in ["health", "submit", "api_submit"] {
        assert!(positive(&report, &format!("/http/{load}/requests")) >= 1.0);
        positive(&report, &format!("/http/{load}/per_second"));
        positive(&report, &format!("/http/{load}/latency/median_ms"));
        positive(&report, &format!("/http/{load}/latency/p99_ms"));
    }
    let bound = positive(&report, "/http/raw_serial_per_second");
    positive(&report, "/http/raw_grouped_per_second");
    assert!((bound - 1000.0 / positive(&report, "/submit_vs_raw/raw_median_ms")).abs() < 1e-6);
    let ratio = positive(&report, "/http/ratio");
    assert_eq!(report["http"]["met"].as_bool(), Some(ratio >= 0.25));
}

#[test]
fn bad_parameters_are_refused_before_any_work() {
    for args in [
        ["--runs", "0"],
        ["--clients", "0"],
        ["--clients", "115"],
        ["--seconds", "0"],
    ] {
        let output = bench()
            .arg("--json")
            .args(args)
            .output()
            .expect("run iqrah-bench");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let error: Value = serde_json::from_slice(&output.stderr).expect("JSON error on stderr");
        assert_eq!(error["error"]["code"], "invalid_argument", "{args:?}");
    }
}

#[test]
fn a_missing_iqrah_binary_is_refused_before_any_work() {
    let output = bare()
        .args(["--json", "--iqrah", "/nonexistent/iqrah"])
        .output()
        .expect("run iqrah-bench");
    assert_eq!(output.status.code(), Some(1));
    let error: Value = serde_json::from_slice(&output.stderr).expect("JSON error on stderr");
    assert_eq!(error["error"]["code"], "invalid_argument");
}

#[test]
fn a_school_load_runs_on_postgresql_beside_sqlite() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(iqrah_postgres::test_support::TestDatabase::create());
    let output = bench()
        .args(["--school", &database.url()])
        .args(["--accounts", "3", "--clients", "2", "--seconds", "0.5"])
        .args(["--quick", "--runs", "3", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    for backend in ["sqlite", "postgres"] {
        positive(&report, &format!("/{backend}/submits"));
        positive(&report, &format!("/{backend}/per_second"));
        positive(&report, &format!("/{backend}/latency/p99_ms"));
    }
    assert_eq!(report["postgres"]["learners"], 3);
    assert_eq!(report["sqlite"]["learners"], 1);
    positive(&report, "/sign_up_seconds");
    positive(&report, "/submit_vs_raw/submit_median_ms");
    positive(&report, "/submit_vs_raw/raw_median_ms");
    assert_eq!(report["submit_vs_raw"]["rounds"], 3);
    positive(&report, "/learner_reviews");
    positive(&report, "/throughput_ratio");
    assert!(report["p99_met"].is_boolean(), "{report}");
    // Too few accounts for the clients is refused before anything runs.
    let refused = bench()
        .args([
            "--school",
            &database.url(),
            "--accounts",
            "1",
            "--clients",
            "2",
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("fewer than the 2 clients"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    drop(database);
}
