//! Statistics, history and settings from known histories built through the
//! real commands, with IQRAH_NOW moving the clock across days.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::LazyLock;

use serde_json::Value;
use tempfile::TempDir;

static CONTENT: LazyLock<TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        run(dir.path(), &["content", "import"], "2026-11-24T06:00:00Z")
            .status
            .success()
    );
    dir
});

fn data_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        CONTENT.path().join("content.sqlite3"),
        dir.path().join("content.sqlite3"),
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str], now: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iqrah"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("IQRAH_DATA_DIR")
        .env("IQRAH_NOW", now)
        .output()
        .expect("run iqrah")
}

fn ok(dir: &Path, args: &[&str], now: &str) -> Value {
    let output = run(dir, args, now);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Practises a whole session for `goal` at `now`, grading each item with
/// `grade(index)` after 2 seconds; returns the grades given.
fn practise(dir: &Path, goal: &str, now: &str, grade: impl Fn(usize) -> u8) -> Vec<u8> {
    let id = ok(dir, &["session", "start", "--goal", goal], now)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut grades = Vec::new();
    loop {
        let item = ok(dir, &["session", "next", &id], now);
        let Some(node) = item["node_id"].as_str() else {
            break;
        };
        let g = grade(grades.len());
        ok(
            dir,
            &[
                "session",
                "submit",
                &id,
                "--node",
                node,
                "--grade",
                &g.to_string(),
                "--duration-ms",
                "2000",
            ],
            now,
        );
        grades.push(g);
    }
    ok(dir, &["session", "complete", &id], now);
    grades
}

#[test]
fn figures_from_a_known_history_across_days() {
    let dir = data_dir();
    let d = dir.path();
    // Day 0: surah 112 new, everything Good.
    let day0 = practise(d, "surah:112", "2026-11-24T06:00:00Z", |_| 3);
    // Day 1: surah 113 new.
    let day1 = practise(d, "surah:113", "2026-11-25T06:00:00Z", |_| 3);
    // Day 12: review: everything is due by now; every third answer is Again.
    let day12_at = "2026-12-06T06:00:00Z";
    let reviewed = practise(d, "review", day12_at, |i| if i % 3 == 0 { 1 } else { 3 });
    let stats = ok(d, &["stats", "--json"], day12_at);

    assert_eq!(
        stats["streak_days"], 1,
        "days 0 and 1, then a gap, then day 12"
    );
    assert_eq!(stats["longest_streak_days"], 2);
    assert_eq!(
        stats["total_answers"],
        day0.len() + day1.len() + reviewed.len()
    );
    let activity = stats["activity"].as_array().unwrap();
    assert_eq!(activity.len(), 365);
    let answers = |days_ago: usize| activity[364 - days_ago]["answers"].as_u64().unwrap() as usize;
    assert_eq!(
        (answers(12), answers(11), answers(0)),
        (day0.len(), day1.len(), reviewed.len())
    );
    assert_eq!(activity[364]["active_ms"], 2000 * reviewed.len());
    assert_eq!(
        activity
            .iter()
            .map(|d| d["answers"].as_u64().unwrap())
            .sum::<u64>() as usize,
        day0.len() + day1.len() + reviewed.len()
    );

    // Measured retention: only the review session's first answers to due items count
    // (relearning copies come from the same session, answered after their due time moved).
    let retention = &stats["retention"];
    let due = retention["due_reviews"].as_u64().unwrap();
    let passed = retention["passed"].as_u64().unwrap();
    assert!(due > 0 && due <= reviewed.len() as u64);
    assert_eq!(retention["desired"].as_f64().unwrap(), 0.9);
    assert!((retention["measured"].as_f64().unwrap() - passed as f64 / due as f64).abs() < 1e-12);
    let verses = &stats["verses"];
    assert_eq!(
        verses["learning"].as_u64().unwrap() + verses["known"].as_u64().unwrap(),
        4 + 5,
        "surahs 112 and 113"
    );
    assert_eq!(verses["new"], 6236 - 9);

    let forecast = stats["forecast"].as_array().unwrap();
    assert_eq!(forecast.len(), 14);
    let goal = ok(d, &["stats", "--goal", "surah:113", "--json"], day12_at);
    assert_eq!(goal["goal"], "surah:113");
    assert_eq!(goal["verses"]["new"], 0);
    let goal_activity = goal["activity"].as_array().unwrap();
    let goal_answers =
        |days_ago: usize| goal_activity[364 - days_ago]["answers"].as_u64().unwrap() as usize;
    assert_eq!(
        (goal_answers(12), goal_answers(11)),
        (0, day1.len()),
        "only surah 113's answers count"
    );
    let in_goal = goal["total_answers"].as_u64().unwrap() as usize;
    assert!(
        in_goal > day1.len() && in_goal < day1.len() + reviewed.len(),
        "the review covered both surahs"
    );
    assert_eq!(in_goal, day1.len() + goal_answers(0));

    let history = ok(d, &["history", "--json"], day12_at);
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0]["session"]["goal_id"], "review");
    assert_eq!(history[0]["summary"]["items_completed"], reviewed.len());
    assert_eq!(history[2]["summary"]["new_verses"], 4);
}

#[test]
fn streaks_follow_the_learners_day_and_time_zone() {
    let dir = data_dir();
    let d = dir.path();
    // 22:30 UTC and 06:00 UTC the next morning: two days in UTC…
    practise(d, "surah:114", "2026-11-24T22:30:00Z", |_| 3);
    practise(d, "surah:1", "2026-11-25T06:00:00Z", |_| 3);
    ok(
        d,
        &["settings", "day_start_hour", "0", "--json"],
        "2026-11-25T06:00:00Z",
    );
    assert_eq!(
        ok(d, &["stats", "--json"], "2026-11-25T06:00:00Z")["streak_days"],
        2
    );
    // …but one day for a learner at UTC+3 (01:30 and 09:00 local).
    ok(
        d,
        &["settings", "utc_offset_minutes", "180", "--json"],
        "2026-11-25T06:00:00Z",
    );
    assert_eq!(
        ok(d, &["stats", "--json"], "2026-11-25T06:00:00Z")["streak_days"],
        1
    );
    // With the day starting at 04:00 local, 01:30 belongs to the day before again.
    ok(
        d,
        &["settings", "day_start_hour", "4", "--json"],
        "2026-11-25T06:00:00Z",
    );
    assert_eq!(
        ok(d, &["stats", "--json"], "2026-11-25T06:00:00Z")["streak_days"],
        2
    );
}

#[test]
fn settings_are_validated_and_take_effect_from_the_next_session() {
    let dir = data_dir();
    let d = dir.path();
    let now = "2026-11-24T06:00:00Z";
    let defaults = ok(d, &["settings", "--json"], now);
    assert_eq!(
        (
            defaults["desired_retention"].as_f64(),
            defaults["session_size"].as_u64()
        ),
        (Some(0.9), Some(20))
    );
    let changed = ok(d, &["settings", "session_size", "6", "--json"], now);
    assert_eq!(changed["session_size"], 6);
    assert_eq!(
        ok(d, &["session", "start", "--goal", "surah:2"], now)["items_count"],
        6
    );

    let refuse = |args: &[&str], code: &str| {
        let output = run(d, args, now);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let error: Value = serde_json::from_slice(&output.stderr).unwrap();
        assert_eq!(error["error"]["code"], code, "{args:?}");
    };
    refuse(
        &["settings", "desired_retention", "0.5", "--json"],
        "invalid_setting",
    );
    refuse(
        &["settings", "desired_retention", "0.995", "--json"],
        "invalid_setting",
    );
    refuse(
        &["settings", "session_size", "0", "--json"],
        "invalid_setting",
    );
    refuse(
        &["settings", "new_verses_per_session", "50", "--json"],
        "invalid_setting",
    );
    refuse(
        &["settings", "day_start_hour", "24", "--json"],
        "invalid_setting",
    );
    refuse(
        &["settings", "translation_language", "xx", "--json"],
        "invalid_setting",
    );
    refuse(&["settings", "colour", "blue", "--json"], "unknown_setting");
    refuse(&["stats", "--goal", "juz:31", "--json"], "invalid_goal");
    assert_eq!(
        ok(d, &["settings", "--json"], now),
        changed,
        "refused changes changed nothing"
    );

    ok(
        d,
        &["settings", "translation_language", "fr", "--json"],
        now,
    );
    let text = String::from_utf8(run(d, &["settings"], now).stdout).unwrap();
    assert!(
        text.contains("translation_language") && text.contains("\"fr\""),
        "{text}"
    );
}
