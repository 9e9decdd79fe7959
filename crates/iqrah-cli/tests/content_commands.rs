//! The content commands run as separate processes, as a person or a script would.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::LazyLock;

use serde_json::Value;
use tempfile::TempDir;

/// One data directory with the content imported, shared by the tests that only read.
static IMPORTED: LazyLock<TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let output = iqrah(dir.path(), &["content", "import"]);
    assert!(
        output.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(said.contains("114 surahs, 6236 verses"), "{said}");
    dir
});

fn iqrah(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iqrah"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("IQRAH_DATA_DIR")
        .output()
        .expect("run iqrah")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn show_prints_a_range_with_the_chosen_translation() {
    let verses = json(&iqrah(
        IMPORTED.path(),
        &["show", "112:1-4", "--lang", "fr", "--json"],
    ));
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

    let text = iqrah(IMPORTED.path(), &["show", "2:255"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("2:255  "), "{text}");
    assert!(
        text.contains("Allah - there is no deity except Him"),
        "{text}"
    );
}

#[test]
fn surahs_lists_all_114() {
    let surahs = json(&iqrah(IMPORTED.path(), &["surahs", "--json"]));
    let surahs = surahs.as_array().unwrap();
    assert_eq!(surahs.len(), 114);
    assert_eq!(surahs[113]["name_transliterated"], "An-Nas");
    assert_eq!(surahs[1]["verse_count"], 286);
    let table = String::from_utf8(iqrah(IMPORTED.path(), &["surahs"]).stdout).unwrap();
    assert_eq!(table.lines().count(), 114);
}

#[test]
fn languages_lists_the_ten_translations() {
    let languages = json(&iqrah(IMPORTED.path(), &["languages", "--json"]));
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
        let output = iqrah(fresh.path(), &["show", reference]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{reference}");
        assert_eq!(stderr.lines().count(), 1, "{reference}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{reference}: {stderr}"
        );
        assert!(output.stdout.is_empty());
        assert_eq!(
            std::fs::read_dir(fresh.path()).unwrap().count(),
            0,
            "{reference} wrote to the data directory"
        );
    }
}

#[test]
fn errors_are_json_in_json_mode() {
    let output = iqrah(IMPORTED.path(), &["show", "2:287", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let error: Value = serde_json::from_slice(&output.stderr).unwrap();
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
    let output = iqrah(IMPORTED.path(), &["show", "1:1", "--lang", "xx"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "error: unknown language \"xx\": available languages are bn, en, es, fr, id, ru, sv, tr, ur, zh"
    );
}

#[test]
fn first_use_imports_automatically() {
    let fresh = tempfile::tempdir().unwrap();
    let verses = json(&iqrah(fresh.path(), &["show", "1:1", "--json"]));
    assert_eq!(
        verses[0]["translation"]["text"],
        "In the name of Allah, the Entirely Merciful, the Especially Merciful"
    );
    assert!(fresh.path().join("content.sqlite3").is_file());
}

#[test]
fn import_from_a_missing_package_says_how_to_install_it() {
    let fresh = tempfile::tempdir().unwrap();
    let output = iqrah(
        &fresh.path().join("data"),
        &["content", "import", "--from", "/nonexistent/quran-json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("no quran-json package at /nonexistent/quran-json")
            && stderr.contains("npm ci --prefix data"),
        "{stderr}"
    );
    assert!(!fresh.path().join("data/content.sqlite3").exists());
}

#[test]
fn help_describes_the_commands() {
    let output = Command::new(env!("CARGO_BIN_EXE_iqrah"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for word in [
        "content",
        "surahs",
        "show",
        "languages",
        "--data-dir",
        "IQRAH_DATA_DIR",
    ] {
        assert!(help.contains(word), "--help mentions {word}");
    }
}
