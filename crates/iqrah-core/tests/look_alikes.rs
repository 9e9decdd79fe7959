//! The look-alike verses computed from the real text: the hand-made list of
//! well-known pairs (tests/data/look_alikes.tsv, each with its source) must
//! be found, with the words that differ marked where they differ.

mod common;

use iqrah_core::arabic::normalize;
use iqrah_core::look_alike::{Likeness, LookAlike, find_look_alikes};
use iqrah_quran::VerseKey;

fn key(text: &str) -> VerseKey {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn computed() -> &'static [LookAlike] {
    static PAIRS: std::sync::LazyLock<Vec<LookAlike>> =
        std::sync::LazyLock::new(|| find_look_alikes(&common::REAL.quran));
    &PAIRS
}

fn find(a: VerseKey, b: VerseKey) -> Option<&'static LookAlike> {
    let (a, b) = (a.min(b), a.max(b));
    computed().iter().find(|p| p.verse == a && p.other == b)
}

/// The pairs of the hand-made list, with their sources.
fn well_known() -> Vec<(VerseKey, VerseKey, String)> {
    include_str!("data/look_alikes.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut fields = line.split('\t');
            let (a, b) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            let source = fields.next().unwrap_or("").trim().to_owned();
            assert!(!source.is_empty(), "a pair without its source: {line}");
            (key(a), key(b), source)
        })
        .collect()
}

#[test]
fn at_least_nine_in_ten_well_known_pairs_are_found() {
    let list = well_known();
    assert!(list.len() >= 50, "the list has {} pairs", list.len());
    let missed: Vec<String> = list
        .iter()
        .filter(|(a, b, _)| find(*a, *b).is_none())
        .map(|(a, b, source)| format!("{a} {b} ({source})"))
        .collect();
    let recall = 1.0 - missed.len() as f64 / list.len() as f64;
    println!(
        "look-alike recall on the well-known list: {}/{} = {:.1} %; missed: {missed:?}; {} pairs in all",
        list.len() - missed.len(),
        list.len(),
        recall * 100.0,
        computed().len()
    );
    assert!(recall >= 0.9, "recall {recall:.3}, missed {missed:?}");
}

#[test]
fn the_differing_words_are_the_ones_that_differ() {
    let quran = &common::REAL.quran;
    let words = |k: VerseKey, at: &[usize]| -> Vec<String> {
        at.iter()
            .map(|&i| normalize(&quran.verse(k).words[i]))
            .collect()
    };
    // 2:5 and 31:5 are the same verse.
    let same = find(key("2:5"), key("31:5")).expect("2:5 and 31:5");
    assert_eq!(same.likeness, Likeness::Identical);
    assert!(same.differing.is_empty());
    // Al-Falaq and An-Nas open with the same words but the last.
    let refuge = find(key("113:1"), key("114:1")).expect("113:1 and 114:1");
    assert_eq!(refuge.likeness, Likeness::DiffersByWords);
    assert_eq!(words(key("113:1"), &refuge.differing), ["الفلق"]);
    assert_eq!(words(key("114:1"), &refuge.other_differing), ["الناس"]);
    // 2:49 "yudhabbihuna" against 7:141 "yuqattiluna" (and anjaynakum).
    let pharaoh = find(key("2:49"), key("7:141")).expect("2:49 and 7:141");
    assert!(words(key("2:49"), &pharaoh.differing).contains(&"يذبحون".to_owned()));
    assert!(words(key("7:141"), &pharaoh.other_differing).contains(&"يقتلون".to_owned()));
}

#[test]
fn pairs_are_ordered_scored_and_never_a_verse_with_itself() {
    let pairs = computed();
    assert!(
        pairs
            .windows(2)
            .all(|w| (w[0].verse, w[0].other) < (w[1].verse, w[1].other))
    );
    for p in pairs {
        assert!(p.verse < p.other, "{} {}", p.verse, p.other);
        assert!(p.score > 0.0 && p.score <= 1.0);
        assert_eq!(p.likeness == Likeness::Identical, p.score == 1.0);
    }
    // Every verse keeps a bounded list, a refrain too (55:13 is repeated 31 times).
    let of_refrain = pairs.iter().filter(|p| p.involves(key("55:13"))).count();
    assert!((10..=31).contains(&of_refrain), "{of_refrain}");
}

#[test]
fn consecutive_look_alike_verses_make_a_look_alike_passage() {
    let index = iqrah_core::look_alike::LookAlikes::new(computed().iter().cloned());
    // The believers' qualities in al-Muminun and al-Maarij.
    let passage = index.passage(key("23:6"), key("70:30")).expect("a passage");
    println!("23:6 / 70:30: {} and {}", passage.verses, passage.other);
    assert!(
        passage.verses.contains(key("23:5")) && passage.verses.contains(key("23:7")),
        "{passage:?}"
    );
    assert!(
        passage.other.contains(key("70:29")) && passage.other.contains(key("70:31")),
        "{passage:?}"
    );
    assert_eq!(passage.verses.len(), passage.other.len());
    // Seen from the other side, the same passage turned round.
    let mirrored = index.passage(key("70:30"), key("23:6")).expect("a passage");
    assert_eq!(
        (mirrored.verses, mirrored.other),
        (passage.other, passage.verses)
    );
    // A lone pair is no passage; nor is a pair that does not exist.
    assert!(index.passage(key("113:1"), key("114:1")).is_none());
    assert!(index.passage(key("1:1"), key("114:6")).is_none());
    // Every passage of the text: runs as long as each other, apart, inside
    // their surahs, every verse alike to its counterpart.
    let mut passages = std::collections::BTreeSet::new();
    for pair in computed() {
        if let Some(p) = index.passage(pair.verse, pair.other) {
            assert_eq!(p.verses.len(), p.other.len());
            assert!(
                p.verses.end() < p.other.start() || p.other.end() < p.verses.start(),
                "{p:?}"
            );
            for (a, b) in p.verses.keys().zip(p.other.keys()) {
                assert!(index.pair(a, b).is_some(), "{a} / {b} in {p:?}");
            }
            let (a, b) = if p.verses.start() < p.other.start() {
                (p.verses, p.other)
            } else {
                (p.other, p.verses)
            };
            passages.insert((a.len(), a.to_string(), b.to_string()));
        }
    }
    println!(
        "{} look-alike passages of two verses or more",
        passages.len()
    );
    for (len, a, b) in passages.iter().rev().take(12) {
        println!("  {len} verses: {a} and {b}");
    }
    assert!(passages.len() > 20, "{}", passages.len());
}
