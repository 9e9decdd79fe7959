//! Statistics, history and settings from known histories built through the
//! real commands, with IQRAH_NOW moving the clock across days.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::path::Path;

use predicates::boolean::PredicateBooleanExt;
use predicates::str::contains;

use common::{Outcome, data_dir, iqrah_at};

/// Practises a whole session for `goal` at `now`, grading each item with
/// `grade(index)` after 2 seconds; returns the grades given.
fn practise(dir: &Path, goal: &str, now: &str, grade: impl Fn(usize) -> u8) -> Vec<u8> {
    let id = iqrah_at(dir, now)
        .args(["session", "start", "--goal", goal])
        .assert()
        .stdout_json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut grades = Vec::new();
    loop {
        let item = iqrah_at(dir, now)
            .args(["session", "next", &id])
            .assert()
            .stdout_json();
        let Some(node) = item["node_id"].as_str() else {
            break;
        };
        let g = grade(grades.len());
        iqrah_at(dir, now)
            .args([
                "session",
                "submit",
                &id,
                "--node",
                node,
                "--grade",
                &g.to_string(),
                "--duration-ms",
                "2000",
            ])
            .assert()
            .stdout_json();
        grades.push(g);
    }
    iqrah_at(dir, now)
        .args(["session", "complete", &id])
        .assert()
        .stdout_json();
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
    let stats = iqrah_at(d, day12_at)
        .args(["stats", "--json"])
        .assert()
        .stdout_json();

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
    let goal = iqrah_at(d, day12_at)
        .args(["stats", "--goal", "surah:113", "--json"])
        .assert()
        .stdout_json();
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

    let history = iqrah_at(d, day12_at)
        .args(["history", "--json"])
        .assert()
        .stdout_json();
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
    let next_morning = "2026-11-25T06:00:00Z";
    practise(d, "surah:1", next_morning, |_| 3);
    iqrah_at(d, next_morning)
        .args(["settings", "day_start_hour", "0", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(
        iqrah_at(d, next_morning)
            .args(["stats", "--json"])
            .assert()
            .stdout_json()["streak_days"],
        2
    );
    // …but one day for a learner at UTC+3 (01:30 and 09:00 local).
    iqrah_at(d, next_morning)
        .args(["settings", "utc_offset_minutes", "180", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(
        iqrah_at(d, next_morning)
            .args(["stats", "--json"])
            .assert()
            .stdout_json()["streak_days"],
        1
    );
    // With the day starting at 04:00 local, 01:30 belongs to the day before again.
    iqrah_at(d, next_morning)
        .args(["settings", "day_start_hour", "4", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(
        iqrah_at(d, next_morning)
            .args(["stats", "--json"])
            .assert()
            .stdout_json()["streak_days"],
        2
    );
}

#[test]
fn settings_are_validated_and_take_effect_from_the_next_session() {
    let dir = data_dir();
    let d = dir.path();
    let now = "2026-11-24T06:00:00Z";
    let defaults = iqrah_at(d, now)
        .args(["settings", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(
        (
            defaults["desired_retention"].as_f64(),
            defaults["session_size"].as_u64()
        ),
        (Some(0.9), Some(20))
    );
    let changed = iqrah_at(d, now)
        .args(["settings", "session_size", "6", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(changed["session_size"], 6);
    assert_eq!(
        iqrah_at(d, now)
            .args(["session", "start", "--goal", "surah:2"])
            .assert()
            .stdout_json()["items_count"],
        6
    );

    let refuse = |args: &[&str], code: &str| {
        assert_eq!(
            iqrah_at(d, now).args(args).assert().error_code(),
            code,
            "{args:?}"
        );
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
    refuse(
        &["settings", "reading_size", "300", "--json"],
        "invalid_setting",
    );
    refuse(&["settings", "theme", "blue", "--json"], "invalid_setting");
    refuse(&["settings", "colour", "blue", "--json"], "unknown_setting");
    refuse(&["stats", "--goal", "juz:31", "--json"], "invalid_goal");
    assert_eq!(
        iqrah_at(d, now)
            .args(["settings", "--json"])
            .assert()
            .stdout_json(),
        changed,
        "refused changes changed nothing"
    );

    iqrah_at(d, now)
        .args(["settings", "translation_language", "fr", "--json"])
        .assert()
        .stdout_json();
    iqrah_at(d, now)
        .arg("settings")
        .assert()
        .success()
        .stdout(contains("translation_language").and(contains("\"fr\"")));
    let appearance = iqrah_at(d, now)
        .args(["settings", "theme", "dark", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(appearance["theme"], "dark");
    let appearance = iqrah_at(d, now)
        .args(["settings", "reading_size", "150", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(
        (
            appearance["theme"].as_str(),
            appearance["reading_size"].as_u64()
        ),
        (Some("dark"), Some(150))
    );
}
