//! `iqrah placement`: marks GOAL=LEVEL placed, shown in the statistics;
//! every bad mark prints one line, exits 1 and places nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use predicates::boolean::PredicateBooleanExt;
use predicates::str::{contains, starts_with};

use common::{Outcome, data_dir, iqrah, iqrah_at};

const NOW: &str = "2026-11-24T06:00:00Z";

/// Verses known and learning, from `iqrah stats --json`.
fn started(dir: &std::path::Path) -> (u64, u64) {
    let stats = iqrah_at(dir, NOW)
        .args(["stats", "--json"])
        .assert()
        .stdout_json();
    (
        stats["verses"]["known"].as_u64().unwrap(),
        stats["verses"]["learning"].as_u64().unwrap(),
    )
}

#[test]
fn placing_marks_starts_their_verses_and_says_what_was_placed() {
    let dir = data_dir();
    let d = dir.path();
    let text = iqrah_at(d, NOW)
        .args([
            "placement",
            "surah:112=solid",
            "surah:113=shaky",
            "surah:114=rusty",
        ])
        .assert()
        .stdout_text();
    assert!(text.contains("Placed 15 verses"), "{text}");
    assert!(text.contains("0 kept"), "{text}");
    // Solid verses are known; shaky and rusty ones learning.
    assert_eq!(started(d), (4, 11));
    let json = iqrah_at(d, NOW)
        .args(["placement", "juz:30=shaky", "--json"])
        .assert()
        .stdout_json();
    // The juz's 564 verses and 527 links, of which the 15 verses and
    // 12 links placed above are kept.
    assert_eq!(json["verses"], 564);
    assert_eq!(json["kept"], 27);
    assert_eq!(json["placed"], 564 + 527 - 27);
    let stats = iqrah_at(d, NOW)
        .args(["stats", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(stats["total_answers"], 0, "a placement is not an answer");
}

#[test]
fn bad_marks_print_one_line_exit_1_and_place_nothing() {
    let dir = data_dir();
    let d = dir.path();
    for (args, expected) in [
        (&["surah:115=solid"][..], "unknown surah 115"),
        (&["page:0=solid"][..], "page"),
        (&["page:605=solid"][..], "page"),
        (&["page:43-42=solid"][..], "reversed pages"),
        (&["review=solid"][..], "review cannot be placed"),
        (&["surah:112=great"][..], "unknown level \"great\""),
        (&["surah:112"][..], "malformed mark"),
        (&["surah:112=solid", "juz:31=solid"][..], "juz"),
        (&[][..], "no marks"),
    ] {
        let refused = iqrah_at(d, NOW)
            .arg("placement")
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(starts_with("error: ").and(contains(expected)));
        let stderr = String::from_utf8_lossy(&refused.get_output().stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert_eq!(started(d), (0, 0), "{args:?} placed something");
    }
    let error = iqrah_at(d, NOW)
        .args(["placement", "surah:112=great", "--json"])
        .assert()
        .json_error();
    assert_eq!(error["error"]["code"], "invalid_level");
}

#[test]
fn the_help_names_the_levels_and_the_goals() {
    iqrah()
        .args(["placement", "--help"])
        .assert()
        .success()
        .stdout(
            contains("solid")
                .and(contains("shaky"))
                .and(contains("rusty"))
                .and(contains("juz:N")),
        );
}

#[test]
fn pages_lists_the_started_pages_of_the_mushaf_and_a_total() {
    let dir = data_dir();
    let d = dir.path();
    let none = iqrah_at(d, NOW).args(["pages"]).assert().stdout_text();
    assert_eq!(none, "0 of 604 pages started, 0 known\n");
    iqrah_at(d, NOW)
        .args(["placement", "page:1=solid", "surah:114=shaky"])
        .assert()
        .stdout_text();
    let text = iqrah_at(d, NOW).args(["pages"]).assert().stdout_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let words = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        words(lines[0]),
        "page 1 juz 1 1:1-1:7 known known 7 learning 0 new 0"
    );
    assert_eq!(
        words(lines[1]),
        "page 604 juz 30 112:1-114:6 begun known 0 learning 6 new 9"
    );
    assert_eq!(lines[2], "2 of 604 pages started, 1 known");
    let all = iqrah_at(d, NOW)
        .args(["pages", "--all"])
        .assert()
        .stdout_text();
    assert_eq!(all.lines().count(), 605);
    let json = iqrah_at(d, NOW)
        .args(["pages", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(json.as_array().unwrap().len(), 604);
    assert_eq!(json[0]["state"], "known");
    assert_eq!(json[603]["progress"]["learning"], 6);
}
