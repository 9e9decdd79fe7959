//! The session flow through the command line, one process per call, as a
//! script would drive it: start, answer, restart, resume, undo, complete.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::LazyLock;

use serde_json::Value;
use tempfile::TempDir;

static CONTENT: LazyLock<TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        run(dir.path(), &["content", "import"], None)
            .status
            .success()
    );
    dir
});

/// A data directory with the content already imported.
fn data_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        CONTENT.path().join("content.sqlite3"),
        dir.path().join("content.sqlite3"),
    )
    .unwrap();
    dir
}

fn run(data_dir: &Path, args: &[&str], now: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_iqrah"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("IQRAH_DATA_DIR")
        .env_remove("IQRAH_NOW");
    if let Some(now) = now {
        command.env("IQRAH_NOW", now);
    }
    command.output().expect("run iqrah")
}

/// Runs a session command at 2026-11-24T06:MM and returns its JSON.
fn ok(dir: &Path, args: &[&str], minute: u32) -> Value {
    let output = run(dir, args, Some(&format!("2026-11-24T06:{minute:02}:00Z")));
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// Runs a command that must fail and returns its error code.
/// An answer of the shape `exercise` takes (right or wrong does not matter
/// here): the exercise of an item is drawn from the session's random seed.
fn an_answer_to(exercise: &Value) -> String {
    match exercise["type"].as_str().unwrap() {
        "recall" | "study" => r#"{"kind":"self_grade","rating":3}"#.to_owned(),
        "type_verse" => "قُلۡ هُوَ".to_owned(),
        "put_in_order" => (0..exercise["verses"].as_array().unwrap().len())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(","),
        _ => "0".to_owned(),
    }
}

fn error_code(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args, Some("2026-11-24T06:30:00Z"));
    assert_eq!(output.status.code(), Some(1), "{args:?} should fail");
    assert!(output.stdout.is_empty());
    let error: Value = serde_json::from_slice(&output.stderr).expect("JSON error on stderr");
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    error["error"]["code"].as_str().unwrap().to_owned()
}

#[test]
fn a_whole_session_through_separate_processes() {
    let dir = data_dir();
    let d = dir.path();
    let session = ok(d, &["session", "start", "--goal", "surah:112"], 0);
    let id = session["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (session["user_id"].as_str(), session["status"].as_str()),
        (Some("local"), Some("active"))
    );
    assert_eq!(session["started_at"], 1_795_500_000_000i64);
    let planned = session["items_count"].as_i64().unwrap();

    // The same start again returns the same session.
    assert_eq!(
        ok(
            d,
            &["session", "start", "--user", "local", "--goal", "surah:112"],
            1
        )["id"],
        id.as_str()
    );
    assert_eq!(
        ok(d, &["session", "active", "--user", "local"], 1)["id"],
        id.as_str()
    );

    let first = ok(d, &["session", "next", &id], 1);
    assert_eq!(first["node_id"], "112:1/memorization");
    assert!(first["exercise"]["type"].is_string());
    let node = first["node_id"].as_str().unwrap().to_owned();
    let receipt = ok(
        d,
        &[
            "session",
            "submit",
            &id,
            "--node",
            &node,
            "--grade",
            "3",
            "--duration-ms",
            "7000",
        ],
        2,
    );
    assert_eq!(receipt["receipt"], first["item_id"].to_string());
    // A retry returns the same receipt and counts nothing twice.
    let again = ok(
        d,
        &[
            "session",
            "submit",
            &id,
            "--node",
            &node,
            "--grade",
            "3",
            "--duration-ms",
            "7000",
        ],
        2,
    );
    assert_eq!(again, receipt);
    assert_eq!(ok(d, &["session", "show", &id], 2)["items_completed"], 1);

    // Each call is a new process: the next item is read back from disk.
    let second = ok(d, &["session", "next", &id], 3);
    assert_eq!(
        ok(d, &["session", "next", &id], 4),
        second,
        "the same payload on every read"
    );
    assert_eq!(
        receipt["next"], second,
        "a submit prints the item that now waits"
    );
    let node2 = second["node_id"].as_str().unwrap().to_owned();
    let checked = ok(
        d,
        &[
            "session",
            "check",
            &id,
            "--node",
            &node2,
            "--answer",
            &an_answer_to(&second["exercise"]),
            "--duration-ms",
            "3000",
        ],
        4,
    );
    assert!(checked["suggested_rating"].is_u64());
    ok(
        d,
        &[
            "session",
            "submit",
            &id,
            "--node",
            &node2,
            "--grade",
            "2",
            "--duration-ms",
            "9000",
        ],
        5,
    );
    let undone = ok(d, &["session", "undo", &id], 5);
    assert_eq!(undone["node_id"], node2.as_str());
    assert_eq!(ok(d, &["session", "show", &id], 5)["items_completed"], 1);

    let mut answered = 1;
    let mut minute = 6;
    while let Some(item) = Some(ok(d, &["session", "next", &id], minute)).filter(|v| !v.is_null()) {
        let node = item["node_id"].as_str().unwrap().to_owned();
        ok(
            d,
            &[
                "session",
                "submit",
                &id,
                "--node",
                &node,
                "--grade",
                "4",
                "--duration-ms",
                "2000",
            ],
            minute,
        );
        answered += 1;
        minute += 1;
    }
    let summary = ok(d, &["session", "complete", &id], 20);
    assert_eq!(summary["session"]["status"], "completed");
    assert_eq!(summary["items_planned"].as_i64(), Some(planned));
    assert_eq!(summary["items_completed"], answered);
    assert_eq!(summary["items_skipped"], 0);
    assert_eq!(summary["active_ms"], 7000 + 2000 * (answered - 1));
    assert_eq!(summary["wall_ms"], 20 * 60_000);
    assert_eq!(
        summary["grades"],
        serde_json::json!([0, 0, 1, answered - 1])
    );
    assert_eq!(summary["new_verses"], 4);
    assert_eq!(summary["streak_days"], 1);
    assert_eq!(
        ok(d, &["session", "complete", &id], 25),
        summary,
        "completing again gives the same summary"
    );
    assert!(ok(d, &["session", "active"], 25).is_null());
    assert_eq!(ok(d, &["session", "list"], 25).as_array().unwrap().len(), 1);
}

#[test]
fn bad_input_through_the_command_line() {
    let dir = data_dir();
    let d = dir.path();
    let id = ok(d, &["session", "start", "--goal", "juz:30"], 0)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let node = ok(d, &["session", "next", &id], 0)["node_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let submit = |node: &str, grade: &str, ms: &str| {
        error_code(
            d,
            &[
                "session",
                "submit",
                &id,
                "--node",
                node,
                "--grade",
                grade,
                "--duration-ms",
                ms,
            ],
        )
    };
    assert_eq!(submit(&node, "0", "1000"), "invalid_grade");
    assert_eq!(submit(&node, "5", "1000"), "invalid_grade");
    assert_eq!(submit("1:1/memorization", "3", "1000"), "not_current_item");
    assert_eq!(submit(&node, "3", "86400000"), "invalid_duration");
    assert_eq!(
        error_code(d, &["session", "next", "no-such-session"]),
        "unknown_session"
    );
    assert_eq!(error_code(d, &["session", "undo", &id]), "nothing_to_undo");
    assert_eq!(
        error_code(d, &["session", "start", "--goal", "juz:31"]),
        "invalid_goal"
    );
    assert_eq!(
        error_code(d, &["session", "start", "--goal", "range:2:5-1:1"]),
        "invalid_goal"
    );
    assert_eq!(
        error_code(d, &["session", "start", "--user", "", "--goal", "juz:30"]),
        "invalid_user"
    );
    assert_eq!(
        error_code(
            d,
            &[
                "session",
                "check",
                &id,
                "--node",
                &node,
                "--answer",
                "{not json"
            ]
        ),
        "invalid_answer"
    );
    // Nothing changed.
    let session = ok(d, &["session", "show", &id], 1);
    assert_eq!(session["items_completed"], 0);
    assert_eq!(
        ok(d, &["session", "next", &id], 1)["node_id"],
        node.as_str()
    );
    // A closed session refuses answers.
    ok(d, &["session", "abandon", &id], 2);
    assert_eq!(submit(&node, "3", "1000"), "session_not_active");

    let output = run(d, &["session", "active"], Some("yesterday"));
    let error: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(error["error"]["code"], "invalid_time");
}

/// Runs `iqrah practice` with `input` on stdin.
fn practice(dir: &Path, input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_iqrah"))
        .arg("--data-dir")
        .arg(dir)
        .args(["practice", "--goal", "surah:112"])
        .env("IQRAH_NOW", "2026-11-24T06:00:00Z")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn practice_saves_each_answer_and_resumes_after_stopping() {
    let dir = data_dir();
    let d = dir.path();
    let stopped = practice(d, "q\n");
    assert!(
        stopped.status.success(),
        "{}",
        String::from_utf8_lossy(&stopped.stderr)
    );
    assert!(String::from_utf8_lossy(&stopped.stdout).contains("[1/"));
    let id = ok(d, &["session", "active"], 0)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ok(d, &["session", "show", &id], 0)["items_completed"], 0);

    // Answer "1" to everything (a choice, then grade Again) until input runs out.
    let busy = practice(d, &"1\n".repeat(60));
    assert!(
        busy.status.success(),
        "{}",
        String::from_utf8_lossy(&busy.stderr)
    );
    let done = ok(d, &["session", "show", &id], 0)["items_completed"]
        .as_i64()
        .unwrap();
    assert!(done >= 1, "answers were saved");

    // The next run resumes the same session where it stopped.
    let resumed = practice(d, "q\n");
    let said = String::from_utf8(resumed.stdout).unwrap();
    let status = ok(d, &["session", "show", &id], 0);
    if status["status"] == "active" {
        assert!(
            said.contains(&id) && said.contains(&format!("{done} of")),
            "{said}"
        );
    }
}

/// Runs `iqrah ARGS` with `envs`, in a data directory with the content.
fn run_with(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_iqrah"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("IQRAH_DATA_DIR")
        .env_remove("IQRAH_NOW")
        .envs(envs.iter().copied());
    command.output().expect("run iqrah")
}

/// The JSON error a failed session command printed, after checking it
/// exited 1 with nothing on stdout.
fn json_error(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(output.stdout.is_empty());
    serde_json::from_slice(&output.stderr).expect("one JSON error on stderr")
}

#[test]
fn session_argument_errors_are_json_errors_with_exit_code_1() {
    let dir = data_dir();
    let d = dir.path();
    for args in [
        &["session", "start"][..],
        &[
            "session",
            "submit",
            "some-id",
            "--node",
            "112:1/memorization",
            "--grade",
            "five",
            "--duration-ms",
            "1",
        ],
        &[
            "session",
            "submit",
            "some-id",
            "--node",
            "112:1/memorization",
            "--grade",
            "3",
        ],
        &["session", "next"],
        &["session", "teleport"],
        &["session"],
        &[
            "--now",
            "2026-11-24T06:00:00Z",
            "session",
            "list",
            "--limit",
            "-3",
        ],
    ] {
        let error = json_error(&run_with(d, args, &[]));
        assert_eq!(error["error"]["code"], "invalid_arguments", "{args:?}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(
            !message.is_empty() && !message.contains('\n'),
            "{message:?}"
        );
    }
    // Asking for help is not an error.
    let help = run_with(d, &["session", "submit", "--help"], &[]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--duration-ms"));
    // Other commands keep clap's usage message and exit code.
    let other = run_with(d, &["show"], &[]);
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("Usage"));
}

#[test]
fn now_errors_name_the_flag_or_variable_used_and_every_rfc_3339_form_is_read() {
    let dir = data_dir();
    let d = dir.path();
    let flag = json_error(&run_with(
        d,
        &["--now", "yesterday", "session", "active"],
        &[],
    ));
    assert_eq!(flag["error"]["code"], "invalid_time");
    let message = flag["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("--now ") && !message.contains("IQRAH_NOW"),
        "{message}"
    );
    let variable = json_error(&run_with(
        d,
        &["session", "active"],
        &[("IQRAH_NOW", "yesterday")],
    ));
    let message = variable["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("IQRAH_NOW "), "{message}");

    for now in [
        "2026-11-24t06:00:00z",
        "2026-11-24 06:00:00Z",
        "2026-11-24T09:00:00.123456789123+03:00",
        "2026-11-24T06:00:00-00:00",
        "2016-12-31T23:59:60Z",
    ] {
        let output = run_with(d, &["--now", now, "session", "active"], &[]);
        assert!(
            output.status.success(),
            "{now}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn skip_show_answer_and_end_through_the_command_line() {
    let dir = data_dir();
    let d = dir.path();
    let id = ok(d, &["session", "start", "--goal", "surah:112"], 0)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = ok(d, &["session", "next", &id], 0);
    let node = first["node_id"].as_str().unwrap().to_owned();
    assert_eq!(first["grades"].as_array().unwrap().len(), 4);
    let next = ok(d, &["session", "skip", &id, "--node", &node], 1);
    assert_ne!(next["node_id"], first["node_id"]);
    assert_eq!(
        error_code(d, &["session", "skip", &id, "--node", &node]),
        "not_current_item"
    );
    let second = next["node_id"].as_str().unwrap().to_owned();
    let show = [
        "session",
        "show-answer",
        &id,
        "--node",
        &second,
        "--duration-ms",
        "2000",
        "--idempotency-key",
        "cli-1",
    ];
    let shown = ok(d, &show, 2);
    assert_eq!(shown["receipt"], next["item_id"].to_string());
    assert!(shown["verse"]["text"].is_string());
    assert_eq!(ok(d, &show, 3)["receipt"], shown["receipt"]);
    assert_eq!(ok(d, &["session", "show", &id], 3)["items_completed"], 1);
    let summary = ok(d, &["session", "end", &id], 4);
    assert_eq!(summary["session"]["status"], "completed");
    assert_eq!(summary["goal_name"], "Al-Ikhlas");
    assert_eq!(summary["missed"][0]["rating"], 1);
    assert_eq!(
        error_code(d, &["session", "skip", &id, "--node", &node]),
        "session_not_active"
    );
}

#[test]
fn practice_skips_shows_the_answer_and_ends_on_command() {
    let dir = data_dir();
    let d = dir.path();
    // Skip the first item, show the answer of the second, end the session.
    let out = practice(d, "s\n?\ne\n");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("Skipped: it comes back at the end."),
        "{said}"
    );
    assert!(said.contains("Recorded as Again"), "{said}");
    assert!(said.contains("Al-Ikhlas done: 1 answered"), "{said}");
    assert!(said.contains("To look at again:\n  112:"), "{said}");
    let sessions = ok(d, &["session", "list"], 0);
    assert_eq!(sessions[0]["status"], "completed");
    assert_eq!(sessions[0]["items_completed"], 1);
}

#[test]
fn every_session_command_acts_for_the_learner_given() {
    let dir = data_dir();
    let d = dir.path();
    let session = ok(
        d,
        &["session", "start", "--user", "amina", "--goal", "surah:112"],
        0,
    );
    let id = session["id"].as_str().unwrap().to_owned();
    assert_eq!(session["user_id"], "amina");
    let item = ok(d, &["session", "next", &id, "--user", "amina"], 1);
    let node = item["node_id"].as_str().unwrap().to_owned();
    // Amina's session is unknown to the local learner, the default.
    assert_eq!(error_code(d, &["session", "next", &id]), "unknown_session");
    assert_eq!(
        error_code(d, &["session", "show", &id, "--user", "local"]),
        "unknown_session"
    );
    let submit = [
        "session",
        "submit",
        &id,
        "--node",
        &node,
        "--grade",
        "3",
        "--duration-ms",
        "4000",
    ];
    assert_eq!(error_code(d, &submit), "unknown_session");
    let mut as_amina = submit.to_vec();
    as_amina.extend(["--user", "amina"]);
    assert_eq!(ok(d, &as_amina, 2)["receipt"], item["item_id"].to_string());
    assert_eq!(
        ok(d, &["session", "show", &id, "--user", "amina"], 3)["items_completed"],
        1
    );
}
