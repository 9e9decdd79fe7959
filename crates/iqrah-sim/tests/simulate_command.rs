//! `iqrah-sim` through the real binary: a small simulation's table and
//! JSON, determinism for a seed, and typed errors for bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iqrah-sim"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("IQRAH_DATA_DIR")
        .env_remove("IQRAH_NOW")
        .output()
        .expect("run iqrah-sim")
}

const SMALL: [&str; 12] = [
    "--goal",
    "surah:112-114",
    "--days",
    "12",
    "--minutes",
    "4",
    "--learners",
    "2",
    "--seed",
    "3",
    "--t95-goal",
    "surah:113",
];

#[test]
fn a_small_simulation_prints_a_table_and_the_same_json_for_a_seed() {
    let dir = iqrah_content::test_support::data_dir();
    let d = dir.path();
    let table = run(d, &SMALL);
    assert!(
        table.status.success(),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );
    let text = String::from_utf8(table.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("surah:112-114 (15 verses), 12 days, 4 min/day, 2 learners, seed 3"),
        "{text}"
    );
    assert!(
        lines[1].contains("held")
            && lines[1].contains("recall sum")
            && lines[1].contains("held +30d")
            && lines[1].contains("held/hour")
            && lines[1].contains("min/day")
            && lines[1].contains("T95 surah:113"),
        "{text}"
    );
    for (line, policy) in
        lines[2..6]
            .iter()
            .zip(["iqrah", "reference", "traditional", "fsrs_queue"])
    {
        assert!(line.starts_with(policy), "{text}");
    }
    assert!(
        lines[2].contains("×1.00"),
        "Iqrah's ratios to itself: {text}"
    );

    let json = |seed: &str| {
        let mut args = SMALL.to_vec();
        args[9] = seed;
        args.push("--json");
        let output = run(d, &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    let report = json("3");
    assert_eq!(
        (
            report["goal"].as_str(),
            report["verses"].as_u64(),
            report["learners"].as_u64()
        ),
        (Some("surah:112-114"), Some(15), Some(2))
    );
    let policies = report["policies"].as_array().unwrap();
    let names: Vec<&str> = policies
        .iter()
        .map(|p| p["policy"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["iqrah", "reference", "traditional", "fsrs_queue"]);
    for policy in policies {
        for field in [
            "held",
            "recall_sum",
            "held_later",
            "meaning_held",
            "meaning_sum",
            "introduced",
            "held_per_hour",
            "minutes_per_day",
            "answers_per_day",
        ] {
            assert!(policy["median"][field].is_f64(), "{field}: {policy}");
            assert!(policy["mean"][field].is_f64(), "{field}: {policy}");
        }
        assert_eq!(policy["t95"]["days"].as_array().map(Vec::len), Some(2));
    }
    assert_eq!(policies[0]["ratio_to_iqrah"]["introduced"], 1.0);
    assert_eq!(report["t95_goal"]["goal"], "surah:113");
    assert_eq!(report["t95_goal"]["verses"], 5);
    assert!(report["fitted"].is_null());
    assert_eq!(json("3"), report, "same seed, same report");
    // With refitting, the same learners again with fitted parameters (too
    // few reviews here: nothing is fitted, and the table says so).
    let mut args = SMALL.to_vec();
    args.extend(["--fit-every", "5", "--json"]);
    let output = run(d, &args);
    assert!(output.status.success());
    let fitted: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        fitted["fitted"]["policies"].as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(fitted["fitted"]["policies"][0]["mean"]["fits"], 0.0);
    let mut args = SMALL.to_vec();
    args.extend(["--fit-every", "5"]);
    let text = String::from_utf8(run(d, &args).stdout).unwrap();
    assert!(text.contains("refitted every 5 days"), "{text}");
    assert_ne!(json("4"), report, "another seed, another report");
}

#[test]
fn bad_input_gets_a_typed_error() {
    let dir = iqrah_content::test_support::data_dir();
    let d = dir.path();
    let cases: [(&[&str], &str); 8] = [
        (&["--goal", "juz:31"], "invalid_goal"),
        (&["--goal", "page:605"], "invalid_goal"),
        (&["--goal", "review"], "invalid_simulation"),
        (&["--learners", "0"], "invalid_simulation"),
        (&["--days", "100000"], "invalid_simulation"),
        (&["--minutes", "0"], "invalid_simulation"),
        (&["--t95-goal", "review"], "invalid_simulation"),
        (&["--fit-every", "0"], "invalid_simulation"),
    ];
    for (args, code) in cases {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let output = run(d, &all);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(output.stdout.is_empty());
        let error: Value = serde_json::from_slice(&output.stderr).unwrap();
        assert_eq!(error["error"]["code"], code, "{args:?}: {error}");
        // Without --json: one line of text.
        let output = run(d, args);
        let text = String::from_utf8(output.stderr).unwrap();
        assert!(
            text.starts_with("error: ") && text.lines().count() == 1,
            "{args:?}: {text}"
        );
    }
}
