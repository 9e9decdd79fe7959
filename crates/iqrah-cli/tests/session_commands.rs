//! The session flow through the command line, one process per call, as a
//! script would drive it: start, answer, restart, resume, undo, complete.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::path::Path;

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use predicates::boolean::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

use common::{Outcome, data_dir, iqrah_at, iqrah_in};

/// `iqrah --data-dir DIR` with the clock at 2026-11-24T06:MM:00Z.
fn at_minute(dir: &Path, minute: u32) -> Command {
    iqrah_at(dir, &format!("2026-11-24T06:{minute:02}:00Z"))
}

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

#[test]
fn a_whole_session_through_separate_processes() {
    let dir = data_dir();
    let d = dir.path();
    let session = at_minute(d, 0)
        .args(["session", "start", "--goal", "surah:112"])
        .assert()
        .stdout_json();
    let id = session["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (session["user_id"].as_str(), session["status"].as_str()),
        (Some("local"), Some("active"))
    );
    assert_eq!(session["started_at"], 1_795_500_000_000i64);
    let planned = session["items_count"].as_i64().unwrap();

    // The same start again returns the same session.
    assert_eq!(
        at_minute(d, 1)
            .args(["session", "start", "--user", "local", "--goal", "surah:112"])
            .assert()
            .stdout_json()["id"],
        id.as_str()
    );
    assert_eq!(
        at_minute(d, 1)
            .args(["session", "active", "--user", "local"])
            .assert()
            .stdout_json()["id"],
        id.as_str()
    );

    let first = at_minute(d, 1)
        .args(["session", "next", &id])
        .assert()
        .stdout_json();
    assert_eq!(first["node_id"], "112:1/memorization");
    assert!(first["exercise"]["type"].is_string());
    let node = first["node_id"].as_str().unwrap().to_owned();
    let receipt = at_minute(d, 2)
        .args([
            "session",
            "submit",
            &id,
            "--node",
            &node,
            "--grade",
            "3",
            "--duration-ms",
            "7000",
        ])
        .assert()
        .stdout_json();
    assert_eq!(receipt["receipt"], first["item_id"].to_string());
    // A retry returns the same receipt and counts nothing twice.
    let again = at_minute(d, 2)
        .args([
            "session",
            "submit",
            &id,
            "--node",
            &node,
            "--grade",
            "3",
            "--duration-ms",
            "7000",
        ])
        .assert()
        .stdout_json();
    assert_eq!(again, receipt);
    assert_eq!(
        at_minute(d, 2)
            .args(["session", "show", &id])
            .assert()
            .stdout_json()["items_completed"],
        1
    );

    // Each call is a new process: the next item is read back from disk.
    let second = at_minute(d, 3)
        .args(["session", "next", &id])
        .assert()
        .stdout_json();
    assert_eq!(
        at_minute(d, 4)
            .args(["session", "next", &id])
            .assert()
            .stdout_json(),
        second,
        "the same payload on every read"
    );
    assert_eq!(
        receipt["next"], second,
        "a submit prints the item that now waits"
    );
    let node2 = second["node_id"].as_str().unwrap().to_owned();
    let checked = at_minute(d, 4)
        .args([
            "session",
            "check",
            &id,
            "--node",
            &node2,
            "--answer",
            &an_answer_to(&second["exercise"]),
            "--duration-ms",
            "3000",
        ])
        .assert()
        .stdout_json();
    assert!(checked["suggested_rating"].is_u64());
    at_minute(d, 5)
        .args([
            "session",
            "submit",
            &id,
            "--node",
            &node2,
            "--grade",
            "2",
            "--duration-ms",
            "9000",
        ])
        .assert()
        .stdout_json();
    let undone = at_minute(d, 5)
        .args(["session", "undo", &id])
        .assert()
        .stdout_json();
    assert_eq!(undone["node_id"], node2.as_str());
    assert_eq!(
        at_minute(d, 5)
            .args(["session", "show", &id])
            .assert()
            .stdout_json()["items_completed"],
        1
    );

    let mut answered = 1;
    let mut minute = 6;
    loop {
        let item = at_minute(d, minute)
            .args(["session", "next", &id])
            .assert()
            .stdout_json();
        if item.is_null() {
            break;
        }
        let node = item["node_id"].as_str().unwrap().to_owned();
        at_minute(d, minute)
            .args([
                "session",
                "submit",
                &id,
                "--node",
                &node,
                "--grade",
                "4",
                "--duration-ms",
                "2000",
            ])
            .assert()
            .stdout_json();
        answered += 1;
        minute += 1;
    }
    let summary = at_minute(d, 20)
        .args(["session", "complete", &id])
        .assert()
        .stdout_json();
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
        at_minute(d, 25)
            .args(["session", "complete", &id])
            .assert()
            .stdout_json(),
        summary,
        "completing again gives the same summary"
    );
    assert!(
        at_minute(d, 25)
            .args(["session", "active"])
            .assert()
            .stdout_json()
            .is_null()
    );
    assert_eq!(
        at_minute(d, 25)
            .args(["session", "list"])
            .assert()
            .stdout_json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn bad_input_through_the_command_line() {
    let dir = data_dir();
    let d = dir.path();
    let id = at_minute(d, 0)
        .args(["session", "start", "--goal", "juz:30"])
        .assert()
        .stdout_json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let node = at_minute(d, 0)
        .args(["session", "next", &id])
        .assert()
        .stdout_json()["node_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let submit = |node: &str, grade: &str, ms: &str| {
        at_minute(d, 30)
            .args([
                "session",
                "submit",
                &id,
                "--node",
                node,
                "--grade",
                grade,
                "--duration-ms",
                ms,
            ])
            .assert()
            .error_code()
    };
    assert_eq!(submit(&node, "0", "1000"), "invalid_grade");
    assert_eq!(submit(&node, "5", "1000"), "invalid_grade");
    assert_eq!(submit("1:1/memorization", "3", "1000"), "not_current_item");
    assert_eq!(submit(&node, "3", "86400000"), "invalid_duration");
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "next", "no-such-session"])
            .assert()
            .error_code(),
        "unknown_session"
    );
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "undo", &id])
            .assert()
            .error_code(),
        "nothing_to_undo"
    );
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "start", "--goal", "juz:31"])
            .assert()
            .error_code(),
        "invalid_goal"
    );
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "start", "--goal", "range:2:5-1:1"])
            .assert()
            .error_code(),
        "invalid_goal"
    );
    for page in ["page:0", "page:605", "page:43-42", "page:4x"] {
        assert_eq!(
            at_minute(d, 30)
                .args(["session", "start", "--goal", page])
                .assert()
                .error_code(),
            "invalid_goal",
            "{page}"
        );
    }
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "start", "--user", "", "--goal", "juz:30"])
            .assert()
            .error_code(),
        "invalid_user"
    );
    assert_eq!(
        at_minute(d, 30)
            .args([
                "session",
                "check",
                &id,
                "--node",
                &node,
                "--answer",
                "{not json"
            ])
            .assert()
            .error_code(),
        "invalid_answer"
    );
    // Nothing changed.
    let session = at_minute(d, 1)
        .args(["session", "show", &id])
        .assert()
        .stdout_json();
    assert_eq!(session["items_completed"], 0);
    assert_eq!(
        at_minute(d, 1)
            .args(["session", "next", &id])
            .assert()
            .stdout_json()["node_id"],
        node.as_str()
    );
    // A closed session refuses answers.
    at_minute(d, 2)
        .args(["session", "abandon", &id])
        .assert()
        .stdout_json();
    assert_eq!(submit(&node, "3", "1000"), "session_not_active");

    assert_eq!(
        iqrah_in(d)
            .env("IQRAH_NOW", "yesterday")
            .args(["session", "active"])
            .assert()
            .error_code(),
        "invalid_time"
    );
}

/// Runs `iqrah practice --goal surah:112` at 06:00 with `input` on stdin,
/// to its end.
fn practice(dir: &Path, input: &str) -> Assert {
    at_minute(dir, 0)
        .args(["practice", "--goal", "surah:112"])
        .write_stdin(input)
        .assert()
}

#[test]
fn practice_saves_each_answer_and_resumes_after_stopping() {
    let dir = data_dir();
    let d = dir.path();
    practice(d, "q\n").success().stdout(contains("[1/"));
    let id = at_minute(d, 0)
        .args(["session", "active"])
        .assert()
        .stdout_json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        at_minute(d, 0)
            .args(["session", "show", &id])
            .assert()
            .stdout_json()["items_completed"],
        0
    );

    // Answer "1" to everything (a choice, then grade Again) until input runs out.
    practice(d, &"1\n".repeat(60)).success();
    let done = at_minute(d, 0)
        .args(["session", "show", &id])
        .assert()
        .stdout_json()["items_completed"]
        .as_i64()
        .unwrap();
    assert!(done >= 1, "answers were saved");

    // The next run resumes the same session where it stopped.
    let said = practice(d, "q\n").stdout_text();
    let status = at_minute(d, 0)
        .args(["session", "show", &id])
        .assert()
        .stdout_json();
    if status["status"] == "active" {
        assert!(
            said.contains(&id) && said.contains(&format!("{done} of")),
            "{said}"
        );
    }
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
        let error = iqrah_in(d).args(args).assert().json_error();
        assert_eq!(error["error"]["code"], "invalid_arguments", "{args:?}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(
            !message.is_empty() && !message.contains('\n'),
            "{message:?}"
        );
    }
    // Asking for help is not an error.
    iqrah_in(d)
        .args(["session", "submit", "--help"])
        .assert()
        .success()
        .stdout(contains("--duration-ms"));
    // Other commands keep clap's usage message and exit code.
    iqrah_in(d)
        .arg("show")
        .assert()
        .code(2)
        .stderr(contains("Usage"));
}

#[test]
fn now_errors_name_the_flag_or_variable_used_and_every_rfc_3339_form_is_read() {
    let dir = data_dir();
    let d = dir.path();
    let flag = iqrah_in(d)
        .args(["--now", "yesterday", "session", "active"])
        .assert()
        .json_error();
    assert_eq!(flag["error"]["code"], "invalid_time");
    let message = flag["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("--now ") && !message.contains("IQRAH_NOW"),
        "{message}"
    );
    let variable = iqrah_in(d)
        .env("IQRAH_NOW", "yesterday")
        .args(["session", "active"])
        .assert()
        .json_error();
    let message = variable["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("IQRAH_NOW "), "{message}");

    for now in [
        "2026-11-24t06:00:00z",
        "2026-11-24 06:00:00Z",
        "2026-11-24T09:00:00.123456789123+03:00",
        "2026-11-24T06:00:00-00:00",
        "2016-12-31T23:59:60Z",
    ] {
        iqrah_in(d)
            .args(["--now", now, "session", "active"])
            .assert()
            .success();
    }
}

#[test]
fn skip_show_answer_and_end_through_the_command_line() {
    let dir = data_dir();
    let d = dir.path();
    let id = at_minute(d, 0)
        .args(["session", "start", "--goal", "surah:112"])
        .assert()
        .stdout_json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = at_minute(d, 0)
        .args(["session", "next", &id])
        .assert()
        .stdout_json();
    let node = first["node_id"].as_str().unwrap().to_owned();
    assert_eq!(first["grades"].as_array().unwrap().len(), 4);
    let next = at_minute(d, 1)
        .args(["session", "skip", &id, "--node", &node])
        .assert()
        .stdout_json();
    assert_ne!(next["node_id"], first["node_id"]);
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "skip", &id, "--node", &node])
            .assert()
            .error_code(),
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
    let shown = at_minute(d, 2).args(show).assert().stdout_json();
    assert_eq!(shown["receipt"], next["item_id"].to_string());
    assert!(shown["verse"]["text"].is_string());
    assert_eq!(
        at_minute(d, 3).args(show).assert().stdout_json()["receipt"],
        shown["receipt"]
    );
    assert_eq!(
        at_minute(d, 3)
            .args(["session", "show", &id])
            .assert()
            .stdout_json()["items_completed"],
        1
    );
    let summary = at_minute(d, 4)
        .args(["session", "end", &id])
        .assert()
        .stdout_json();
    assert_eq!(summary["session"]["status"], "completed");
    assert_eq!(summary["goal_name"], "Al-Ikhlas");
    assert_eq!(summary["missed"][0]["rating"], 1);
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "skip", &id, "--node", &node])
            .assert()
            .error_code(),
        "session_not_active"
    );
}

#[test]
fn practice_skips_shows_the_answer_and_ends_on_command() {
    let dir = data_dir();
    let d = dir.path();
    // Skip the first item, show the answer of the second, end the session.
    practice(d, "s\n?\ne\n").success().stdout(
        contains("Skipped: it comes back at the end.")
            .and(contains("Recorded as Again"))
            .and(contains("Al-Ikhlas done: 1 answered"))
            .and(contains("To look at again:\n  112:")),
    );
    let sessions = at_minute(d, 0)
        .args(["session", "list"])
        .assert()
        .stdout_json();
    assert_eq!(sessions[0]["status"], "completed");
    assert_eq!(sessions[0]["items_completed"], 1);
}

#[test]
fn every_session_command_acts_for_the_learner_given() {
    let dir = data_dir();
    let d = dir.path();
    let session = at_minute(d, 0)
        .args(["session", "start", "--user", "amina", "--goal", "surah:112"])
        .assert()
        .stdout_json();
    let id = session["id"].as_str().unwrap().to_owned();
    assert_eq!(session["user_id"], "amina");
    let item = at_minute(d, 1)
        .args(["session", "next", &id, "--user", "amina"])
        .assert()
        .stdout_json();
    let node = item["node_id"].as_str().unwrap().to_owned();
    // Amina's session is unknown to the local learner, the default.
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "next", &id])
            .assert()
            .error_code(),
        "unknown_session"
    );
    assert_eq!(
        at_minute(d, 30)
            .args(["session", "show", &id, "--user", "local"])
            .assert()
            .error_code(),
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
    assert_eq!(
        at_minute(d, 30).args(submit).assert().error_code(),
        "unknown_session"
    );
    let mut as_amina = submit.to_vec();
    as_amina.extend(["--user", "amina"]);
    assert_eq!(
        at_minute(d, 2).args(&as_amina).assert().stdout_json()["receipt"],
        item["item_id"].to_string()
    );
    assert_eq!(
        at_minute(d, 3)
            .args(["session", "show", &id, "--user", "amina"])
            .assert()
            .stdout_json()["items_completed"],
        1
    );
}
