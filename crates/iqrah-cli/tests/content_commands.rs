//! The content commands run as separate processes, as a person or a script would.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use predicates::boolean::PredicateBooleanExt;
use predicates::str::{contains, starts_with};

use common::{Outcome, data_dir, iqrah, iqrah_in};

#[test]
fn show_prints_a_range_with_the_chosen_translation() {
    let verses = iqrah_in(data_dir().path())
        .args(["show", "112:1-4", "--lang", "fr", "--json"])
        .assert()
        .stdout_json();
    let verses = verses.as_array().unwrap();
    assert_eq!(verses.len(), 4);
    assert_eq!(verses[0]["key"], "112:1");
    assert_eq!(verses[0]["translation"]["language"], "fr");
    assert_eq!(
        verses[0]["translation"]["text"],
        "Dis: «Il est Allah, Unique"
    );
    assert_eq!(verses[0]["transliteration"], "Qul huwa Allahu ahadun");
    assert_eq!(verses[0]["words"].as_array().unwrap().len(), 4);
    assert_eq!(verses[3]["words"][0]["position"], 1);

    iqrah_in(data_dir().path())
        .args(["show", "2:255"])
        .assert()
        .success()
        .stdout(starts_with("2:255  ").and(contains("Allah - there is no deity except Him")));
}

#[test]
fn surahs_lists_all_114() {
    let surahs = iqrah_in(data_dir().path())
        .args(["surahs", "--json"])
        .assert()
        .stdout_json();
    let surahs = surahs.as_array().unwrap();
    assert_eq!(surahs.len(), 114);
    assert_eq!(surahs[113]["name_transliterated"], "An-Nas");
    assert_eq!(surahs[1]["verse_count"], 286);
    let table = iqrah_in(data_dir().path())
        .arg("surahs")
        .assert()
        .stdout_text();
    assert_eq!(table.lines().count(), 114, "{table}");
}

#[test]
fn find_names_the_goals_a_search_means() {
    let found = iqrah_in(data_dir().path())
        .args(["find", "الاخلاص", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(found[0]["goal_id"], "surah:112");
    assert_eq!(found[0]["name_arabic"], "الإخلاص");
    let table = iqrah_in(data_dir().path())
        .args(["find", "30"])
        .assert()
        .stdout_text();
    let goals: Vec<&str> = table
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(goals, ["surah:30", "juz:30", "page:30"], "{table}");
    iqrah_in(data_dir().path())
        .args(["find", "zzz"])
        .assert()
        .success()
        .stdout(starts_with("Nothing found"));
    let error = iqrah_in(data_dir().path())
        .args(["find", &"a".repeat(101), "--json"])
        .assert()
        .json_error();
    assert_eq!(error["error"]["code"], "invalid_search");
}

#[test]
fn similar_shows_the_look_alikes_with_the_differing_words_bracketed() {
    let text = iqrah_in(data_dir().path())
        .args(["similar", "113:1"])
        .assert()
        .stdout_text();
    assert!(text.starts_with("113:1 Al-Falaq · page 604"), "{text}");
    assert!(
        text.contains("114:1 An-Nas · page 604 · a word or two differ"),
        "{text}"
    );
    // An-Nas's last word is bracketed, and Al-Falaq's is named in its place.
    let last = |line: &str| line.split(' ').next_back().unwrap_or("").to_owned();
    let lines: Vec<&str> = text.lines().collect();
    let nas = lines
        .iter()
        .find(|l| l.contains('['))
        .expect("a bracketed word");
    assert!(
        last(nas).starts_with("[ٱلن") && last(nas).ends_with(']'),
        "{text}"
    );
    assert!(text.contains("where 113:1 has: ٱلۡ"), "{text}");
    let similar = iqrah_in(data_dir().path())
        .args(["similar", "2:5", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(similar["look_alikes"][0]["key"], "31:5");
    assert_eq!(similar["look_alikes"][0]["likeness"], "identical");
    let passage = iqrah_in(data_dir().path())
        .args(["similar", "23:6"])
        .assert()
        .stdout_text();
    assert!(
        passage.contains("part of a look-alike passage: 23:5-8 and 70:29-32, verse by verse"),
        "{passage}"
    );
    let error = iqrah_in(data_dir().path())
        .args(["similar", "2:287", "--json"])
        .assert()
        .json_error();
    assert_eq!(error["error"]["code"], "invalid_reference");
}

#[test]
fn languages_lists_the_ten_translations() {
    let languages = iqrah_in(data_dir().path())
        .args(["languages", "--json"])
        .assert()
        .stdout_json();
    let codes: Vec<_> = languages
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["bn", "en", "es", "fr", "id", "ru", "sv", "tr", "ur", "zh"]
    );
}

#[test]
fn bad_references_fail_with_one_line_and_write_nothing() {
    let cases = [
        ("115:1", "unknown surah 115: surahs are numbered 1 to 114"),
        ("2:287", "unknown verse 2:287: surah 2 has verses 1 to 286"),
        ("0:1", "unknown surah 0"),
        (
            "abc",
            "expected SURAH:AYAH such as 2:255, or a range such as 112:1-4",
        ),
        ("112:4-1", "reversed range 112:4-112:1"),
        ("2:5-1:1", "reversed range 2:5-1:1"),
    ];
    for (reference, expected) in cases {
        let fresh = tempfile::tempdir().unwrap();
        let refused = iqrah_in(fresh.path())
            .args(["show", reference])
            .assert()
            .code(1)
            .stdout("")
            .stderr(starts_with("error: ").and(contains(expected)));
        let stderr = String::from_utf8_lossy(&refused.get_output().stderr);
        assert_eq!(stderr.lines().count(), 1, "{reference}: {stderr}");
        assert_eq!(
            std::fs::read_dir(fresh.path()).unwrap().count(),
            0,
            "{reference} wrote to the data directory"
        );
    }
}

#[test]
fn errors_are_json_in_json_mode() {
    let error = iqrah_in(data_dir().path())
        .args(["show", "2:287", "--json"])
        .assert()
        .json_error();
    assert_eq!(error["error"]["code"], "invalid_reference");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2:287")
    );
}

#[test]
fn unknown_language_names_the_accepted_ones() {
    iqrah_in(data_dir().path())
        .args(["show", "1:1", "--lang", "xx"])
        .assert()
        .code(1)
        .stderr(
            "error: unknown language \"xx\": available languages are bn, en, es, fr, id, ru, sv, tr, ur, zh\n",
        );
}

#[test]
fn first_use_imports_automatically() {
    let fresh = tempfile::tempdir().unwrap();
    let verses = iqrah_in(fresh.path())
        .args(["show", "1:1", "--json"])
        .assert()
        .stdout_json();
    assert_eq!(
        verses[0]["translation"]["text"],
        "In the name of Allah, the Entirely Merciful, the Especially Merciful"
    );
    assert!(fresh.path().join("content.sqlite3").is_file());
}

#[test]
fn import_from_a_missing_package_says_how_to_install_it() {
    let fresh = tempfile::tempdir().unwrap();
    iqrah_in(&fresh.path().join("data"))
        .args(["content", "import", "--from", "/nonexistent/quran-json"])
        .assert()
        .code(1)
        .stderr(
            contains("no quran-json package at /nonexistent/quran-json")
                .and(contains("npm ci --prefix data")),
        );
    assert!(!fresh.path().join("data/content.sqlite3").exists());
}

#[test]
fn help_describes_the_commands() {
    let mut help = iqrah().arg("--help").assert().success();
    for word in [
        "content",
        "surahs",
        "show",
        "languages",
        "find",
        "similar",
        "--data-dir",
        "IQRAH_DATA_DIR",
    ] {
        help = help.stdout(contains(word));
    }
}
