//! Every code point the app shows has a glyph in the served font that draws
//! it: each verse as displayed (after `iqrah_quran::display::for_display`),
//! the transliteration and every translation of the pinned quran-json
//! package, checked against the woff2 files the server serves, honouring
//! each file's `unicode-range` and the language's family stack as the
//! generated `/assets/fonts.css` sets them.
//!
//! Exempt, and listed here rather than skipped: white space that HTML
//! collapses, and code points the source text has by mistake or that no
//! served font has (each with the verse it occurs in; the test fails if one
//! of them no longer occurs, so the list cannot outlive its reason).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use iqrah_quran::display::for_display;
use iqrah_server::Assets;
use serde_json::Value;

/// White space that HTML collapses to a space (never drawn as a glyph).
const COLLAPSED_WHITE_SPACE: &[char] = &['\t', '\n', '\r'];

/// Code points left to the system's fonts, with where they occur and why.
const LEFT_TO_THE_SYSTEM: &[(&str, &str, char, &str)] = &[
    // Bengali: HTML character references broken in the source ("&#2453;"
    // became U+A9A3 followed by "2453;"), drawn as they are.
    (
        "bn",
        "2:230",
        '\u{A9A3}',
        "broken character reference in the source",
    ),
    (
        "bn",
        "3:33",
        '\u{0360}',
        "broken character reference in the source",
    ),
    (
        "bn",
        "3:125",
        '\u{07E6}',
        "broken character reference in the source",
    ),
    (
        "bn",
        "5:9",
        '\u{02E6}',
        "broken character reference in the source",
    ),
    (
        "bn",
        "6:83",
        '\u{07A6}',
        "broken character reference in the source",
    ),
    (
        "bn",
        "12:76",
        '\u{6826}',
        "broken character reference in the source",
    ),
    (
        "bn",
        "16:7",
        '\u{06E6}',
        "broken character reference in the source",
    ),
    (
        "bn",
        "20:59",
        '\u{07E0}',
        "broken character reference in the source",
    ),
    // Swedish: "Ã‰" at the end of 61:11, UTF-8 read as Windows-1252.
    ("sv", "61:11", '\u{2030}', "mis-decoded text in the source"),
    // Chinese: two rare characters outside Google's Noto Sans SC subsets.
    (
        "zh",
        "5:3",
        '\u{89DD}',
        "not in Noto Sans SC as served by fontsource",
    ),
    (
        "zh",
        "12:41",
        '\u{9E50}',
        "not in Noto Sans SC as served by fontsource",
    ),
];

fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `npm ci --prefix data`)", path.display()));
    serde_json::from_slice(&bytes).expect("quran-json is JSON")
}

/// `(verse key, text)` of every verse of a quran-json file; `field` names
/// the verse's text (`text`, `translation`, `transliteration`).
fn verses(file: &Path, field: &str) -> Vec<(String, String)> {
    let surahs = read_json(file);
    let mut out = Vec::new();
    for surah in surahs.as_array().expect("an array of surahs") {
        let number = &surah["id"];
        for verse in surah["verses"].as_array().expect("verses") {
            let text = verse[field]
                .as_str()
                .unwrap_or_else(|| panic!("{}: {field}", file.display()));
            out.push((format!("{number}:{}", verse["id"]), text.to_owned()));
        }
    }
    out
}

/// The code points each served file maps to a glyph (other than `.notdef`).
fn glyphs_by_file(assets: &Assets) -> HashMap<String, HashSet<u32>> {
    assets
        .fonts()
        .iter()
        .map(|font| {
            let sfnt = wuff::decompress_woff2(&font.bytes).expect("a valid woff2 file");
            let face = ttf_parser::Face::parse(&sfnt, 0).expect("an OpenType font");
            let mut covered = HashSet::new();
            let cmap = face.tables().cmap.expect("a cmap table");
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|c| {
                    if subtable.glyph_index(c).is_some_and(|g| g.0 != 0) {
                        covered.insert(c);
                    }
                });
            }
            (font.file.clone(), covered)
        })
        .collect()
}

/// What the app shows: `(lang, verse key, text)` for the verses as
/// displayed, the transliteration and every translation in the package.
fn shown_texts() -> Vec<(String, String, String)> {
    let dist = checkout().join("data/node_modules/quran-json/dist");
    let mut shown: Vec<(String, String, String)> = verses(&dist.join("quran.json"), "text")
        .into_iter()
        .map(|(key, text)| ("ar".to_owned(), key, for_display(&text).into_owned()))
        .collect();
    shown.extend(
        verses(&dist.join("quran_transliteration.json"), "transliteration")
            .into_iter()
            .map(|(key, text)| ("ar-Latn".to_owned(), key, text)),
    );
    let mut languages = Vec::new();
    for entry in std::fs::read_dir(&dist).expect("the package's dist directory") {
        let name = entry.expect("a directory entry").file_name();
        let name = name.to_string_lossy();
        if let Some(lang) = name
            .strip_prefix("quran_")
            .and_then(|n| n.strip_suffix(".json"))
            && lang != "transliteration"
        {
            languages.push(lang.to_owned());
        }
    }
    languages.sort();
    assert_eq!(
        languages,
        ["bn", "en", "es", "fr", "id", "ru", "sv", "tr", "ur", "zh"]
    );
    for lang in languages {
        let file = dist.join(format!("quran_{lang}.json"));
        shown.extend(
            verses(&file, "translation")
                .into_iter()
                .map(|(key, text)| (lang.clone(), key, text)),
        );
    }
    shown
}

#[test]
fn every_code_point_shown_has_a_glyph_in_the_font_that_draws_it() {
    let assets = Assets::load(Some(&checkout().join("data/node_modules/@fontsource")));
    assert!(
        assets.problems().is_empty(),
        "fonts not loaded: {:?}",
        assets.problems()
    );
    let glyphs = glyphs_by_file(&assets);

    // Each distinct (language, code point) once, with the first verse it is in.
    let mut first_seen: BTreeMap<(String, char), String> = BTreeMap::new();
    for (lang, key, text) in shown_texts() {
        for c in text.chars() {
            first_seen
                .entry((lang.clone(), c))
                .or_insert_with(|| key.clone());
        }
    }

    let mut failures = Vec::new();
    for ((lang, c), key) in &first_seen {
        if COLLAPSED_WHITE_SPACE.contains(c) {
            continue;
        }
        if LEFT_TO_THE_SYSTEM
            .iter()
            .any(|(l, _, e, _)| l == lang && e == c)
        {
            continue;
        }
        let code = format!("U+{:04X} {c:?}", u32::from(*c));
        match assets.font_for(lang, *c) {
            None => failures.push(format!(
                "{lang} {key}: {code} is in no served font's unicode-range"
            )),
            Some(font) if !glyphs[&font.file].contains(&u32::from(*c)) => {
                failures.push(format!(
                    "{lang} {key}: {code} has no glyph in {} ({})",
                    font.family, font.file
                ));
            }
            Some(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} code points without a glyph:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Each exemption still occurs, first in the verse it names.
    for (lang, key, c, why) in LEFT_TO_THE_SYSTEM {
        assert_eq!(
            first_seen.get(&(lang.to_string(), *c)).map(String::as_str),
            Some(*key),
            "{lang} U+{:04X} ({why}) is no longer first in {key}: update the list",
            u32::from(*c)
        );
    }
}

#[test]
fn the_stylesheets_declare_every_served_file_once() {
    let assets = Assets::load(Some(&checkout().join("data/node_modules/@fontsource")));
    let css = assets.fonts_css();
    let chinese = assets
        .family_css("noto-sans-sc.css")
        .expect("Noto Sans SC's own stylesheet");
    for font in assets.fonts() {
        let url = format!("url(/assets/fonts/{})", font.file);
        let (home, other) = if font.family == "Noto Sans SC" {
            (chinese, css)
        } else {
            (css, chinese)
        };
        assert!(
            home.contains(&url) && !other.contains(&url),
            "{}",
            font.file
        );
    }
    assert!(
        !chinese.contains("[lang"),
        "the language rules are in fonts.css alone"
    );
    assert!(css.contains("[lang|=\"ar\"]:not(html) { font-family: \"Amiri Quran\", serif; }"));
    assert!(
        css.contains("[lang|=\"ur\"]:not(html) { font-family: \"Noto Nastaliq Urdu\", serif; }")
    );
}
