//! `iqrah export` and `iqrah import`: a local learner's history moves into
//! another data directory and into a server account on PostgreSQL, and
//! reads back exactly as it was exported (each session under a new id); an
//! import never doubles a history, and a bad archive changes nothing.
//!
//! The server half needs the test server of `scripts/postgres start`
//! (`IQRAH_TEST_DATABASE_URL`); without it that test fails, never skips.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{Outcome, data_dir, iqrah_at};
use iqrah_postgres::test_support::TestDatabase;
use serde_json::{Value, json};

/// `iqrah --data-dir DIR` on 2026-11-24 at 06:00 plus `minute` minutes.
fn at_minute(dir: &Path, minute: u32) -> Command {
    iqrah_at(
        dir,
        &format!("2026-11-24T{:02}:{:02}:00Z", 6 + minute / 60, minute % 60),
    )
}

/// Starts a session for `goal` and answers `answers` of its items Good
/// (all of them for `None`); returns its id.
fn practise(dir: &Path, goal: &str, minute: u32, answers: Option<usize>) -> String {
    let session = at_minute(dir, minute)
        .args(["session", "start", "--goal", goal])
        .assert()
        .stdout_json();
    let id = session["id"].as_str().unwrap().to_owned();
    let mut answered = 0;
    while answers.is_none_or(|wanted| answered < wanted) {
        let item = at_minute(dir, minute)
            .args(["session", "next", &id])
            .assert()
            .stdout_json();
        if item.is_null() {
            break;
        }
        at_minute(dir, minute)
            .args([
                "session",
                "submit",
                &id,
                "--node",
                item["node_id"].as_str().unwrap(),
                "--grade",
                if answered == 1 { "1" } else { "3" },
                "--duration-ms",
                "5000",
            ])
            .assert()
            .stdout_json();
        answered += 1;
    }
    id
}

/// A local learner who completed a session of 112, abandoned one of 113
/// and left one of 114 active.
fn a_practised_learner() -> tempfile::TempDir {
    let dir = data_dir();
    let d = dir.path();
    let done = practise(d, "surah:112", 0, None);
    at_minute(d, 20)
        .args(["session", "complete", &done])
        .assert()
        .stdout_json();
    let given_up = practise(d, "surah:113", 30, Some(2));
    at_minute(d, 35)
        .args(["session", "abandon", &given_up])
        .assert()
        .stdout_json();
    practise(d, "surah:114", 40, Some(1));
    dir
}

/// `archive` without its header and with its sessions' ids blanked: what
/// must read back the same after an import.
fn history_of(archive: &Value) -> Value {
    let mut learner = archive["learner"].clone();
    for session in learner["sessions"].as_array_mut().unwrap() {
        session["id"] = Value::Null;
    }
    learner
}

#[test]
fn a_history_moves_to_another_data_directory_and_back_exactly_once() {
    let from = a_practised_learner();
    let file = from.path().join("history.json");
    let said = at_minute(from.path(), 50)
        .args(["export", "--output"])
        .arg(&file)
        .assert()
        .stdout_text();
    assert!(said.starts_with("Wrote the history of local to "), "{said}");
    let archive: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(archive["format"], "iqrah-learner-archive");
    assert_eq!(archive["version"], 1);
    let learner = &archive["learner"];
    let statuses: Vec<&str> = learner["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["completed", "abandoned"],
        "the active one is left out"
    );
    let reviews = learner["reviews"].as_array().unwrap().len();
    assert!(
        reviews >= 7,
        "every answer, the active session's too: {reviews}"
    );
    assert!(said.contains(&format!("{reviews} answers")), "{said}");
    // The same archive on standard output.
    let printed = at_minute(from.path(), 50)
        .arg("export")
        .assert()
        .stdout_json();
    assert_eq!(history_of(&printed), history_of(&archive));

    let to = data_dir();
    let imported = at_minute(to.path(), 55)
        .args(["import", "-", "--json"])
        .write_stdin(std::fs::read_to_string(&file).unwrap())
        .assert()
        .stdout_json();
    assert_eq!(
        imported,
        json!({
            "memory_states": learner["memory_states"].as_array().unwrap().len(),
            "sessions": 2,
            "reviews": reviews,
        })
    );
    let again = at_minute(to.path(), 56)
        .arg("export")
        .assert()
        .stdout_json();
    assert_eq!(
        history_of(&again),
        history_of(&archive),
        "it reads back the same"
    );
    assert_ne!(
        again["learner"]["sessions"][0]["id"], archive["learner"]["sessions"][0]["id"],
        "each session has a new id"
    );
    // The statistics are the learner's own, on either side.
    let stats = |dir: &Path| {
        at_minute(dir, 57)
            .args(["stats", "--json"])
            .assert()
            .stdout_json()
    };
    assert_eq!(stats(to.path()), stats(from.path()));

    // Never twice, and never into a learner with a history.
    for dir in [to.path(), from.path()] {
        assert_eq!(
            at_minute(dir, 58)
                .args(["import", "--json"])
                .arg(&file)
                .assert()
                .error_code(),
            "learner_not_empty"
        );
    }
    assert_eq!(
        history_of(
            &at_minute(to.path(), 59)
                .arg("export")
                .assert()
                .stdout_json()
        ),
        history_of(&archive),
        "a refused import wrote nothing"
    );
}

#[test]
fn a_bad_archive_is_refused_and_changes_nothing() {
    let from = a_practised_learner();
    let archive = at_minute(from.path(), 50)
        .arg("export")
        .assert()
        .stdout_json();
    let to = data_dir();
    let with = |change: &dyn Fn(&mut Value)| {
        let mut changed = archive.clone();
        change(&mut changed);
        changed.to_string()
    };
    for (what, text) in [
        ("garbled", "{\"format\": ".to_owned()),
        ("not JSON", "history".to_owned()),
        ("another format", with(&|a| a["format"] = json!("anki"))),
        ("a later version", with(&|a| a["version"] = json!(2))),
        (
            "an unknown field",
            with(&|a| a["learner"]["extra"] = json!(1)),
        ),
        (
            "an active session",
            with(&|a| a["learner"]["sessions"][0]["status"] = json!("active")),
        ),
        (
            "an unknown goal",
            with(&|a| a["learner"]["sessions"][0]["goal_id"] = json!("surah:115")),
        ),
        (
            "a grade out of range",
            with(&|a| a["learner"]["reviews"][0]["rating"] = json!(5)),
        ),
        (
            "a state twice",
            with(&|a| {
                let first = a["learner"]["memory_states"][0].clone();
                a["learner"]["memory_states"]
                    .as_array_mut()
                    .unwrap()
                    .push(first);
            }),
        ),
        (
            "a negative duration",
            with(&|a| a["learner"]["reviews"][0]["duration_ms"] = json!(-1)),
        ),
    ] {
        assert_eq!(
            at_minute(to.path(), 55)
                .args(["import", "-", "--json"])
                .write_stdin(text)
                .assert()
                .error_code(),
            "invalid_archive",
            "{what}"
        );
    }
    assert_eq!(
        at_minute(to.path(), 55)
            .args(["import", "--json", "no-such-file.json"])
            .assert()
            .error_code(),
        "archive_unreadable"
    );
    let empty = at_minute(to.path(), 56)
        .arg("export")
        .assert()
        .stdout_json();
    assert_eq!(
        empty["learner"]["reviews"],
        json!([]),
        "nothing was written: {empty}"
    );
    assert_eq!(empty["learner"]["sessions"], json!([]));
}

#[test]
fn a_local_history_moves_into_a_server_account() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(TestDatabase::create());
    let url = database.url();
    let from = a_practised_learner();
    let file = from.path().join("history.json");
    at_minute(from.path(), 50)
        .args(["export", "-o"])
        .arg(&file)
        .assert()
        .success();
    let archive: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();

    let server = data_dir();
    let on_server = |minute: u32| {
        let mut command = at_minute(server.path(), minute);
        command.args(["--database", &url]);
        command
    };
    for name in ["amina", "zaid"] {
        on_server(51)
            .args(["account", "add", name])
            .write_stdin("a long enough passphrase\n")
            .assert()
            .success();
    }
    let said = on_server(52)
        .args(["import", "--account", "amina"])
        .arg(&file)
        .assert()
        .stdout_text();
    assert!(said.starts_with("Imported into amina: "), "{said}");
    let amina = on_server(53)
        .args(["export", "--account", "amina"])
        .assert()
        .stdout_json();
    assert_eq!(
        history_of(&amina),
        history_of(&archive),
        "her history, exactly"
    );
    // Another account on the server has none of it.
    let zaid = on_server(53)
        .args(["export", "--account", "zaid"])
        .assert()
        .stdout_json();
    assert_eq!(zaid["learner"]["reviews"], json!([]));
    assert_eq!(
        on_server(54)
            .args(["import", "--json", "--account", "amina"])
            .arg(&file)
            .assert()
            .error_code(),
        "learner_not_empty",
        "importing twice is refused"
    );
    assert_eq!(
        on_server(54)
            .args(["import", "--json", "--account", "nobody"])
            .arg(&file)
            .assert()
            .error_code(),
        "unknown_account"
    );
    assert_eq!(
        history_of(
            &on_server(55)
                .args(["export", "--account", "amina"])
                .assert()
                .stdout_json()
        ),
        history_of(&archive),
        "refused imports wrote nothing"
    );
    drop(database);
}
