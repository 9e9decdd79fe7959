//! The structure facts checked against each other and against well-known boundaries.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use iqrah_quran::facts::{
    HIZB_QUARTER_STARTS, JUZ_STARTS, PAGE_COUNT, PAGE_STARTS, SURAH_VERSE_COUNTS, VERSE_COUNT,
};
use iqrah_quran::{
    KeyError, VerseKey, VerseRange, hizb_quarter_of, hizb_quarter_range, juz_of, juz_range,
    page_of, page_range, surah_range,
};

fn key(text: &str) -> VerseKey {
    text.parse().expect("valid key")
}

#[test]
fn verse_counts_add_up_to_6236() {
    let total: u32 = SURAH_VERSE_COUNTS.iter().map(|&c| u32::from(c)).sum();
    assert_eq!(total, u32::from(VERSE_COUNT));
    assert_eq!(SURAH_VERSE_COUNTS[1], 286);
    assert_eq!(SURAH_VERSE_COUNTS[113], 6);
}

#[test]
fn juz_cover_every_verse_exactly_once() {
    let mut covered = vec![0u8; usize::from(VERSE_COUNT)];
    for juz in 1..=30 {
        for index in juz_range(juz).unwrap().indices() {
            covered[index] += 1;
        }
    }
    assert!(covered.iter().all(|&c| c == 1));
}

#[test]
fn hizb_quarters_cover_every_verse_exactly_once() {
    let mut covered = vec![0u8; usize::from(VERSE_COUNT)];
    for quarter in 1..=240 {
        for index in hizb_quarter_range(quarter).unwrap().indices() {
            covered[index] += 1;
        }
    }
    assert!(covered.iter().all(|&c| c == 1));
}

#[test]
fn pages_cover_every_verse_exactly_once_in_order() {
    assert_eq!(PAGE_COUNT, 604);
    let mut covered = vec![0u8; usize::from(VERSE_COUNT)];
    for page in 1..=u32::from(PAGE_COUNT) {
        for index in page_range(page).unwrap().indices() {
            covered[index] += 1;
        }
    }
    assert!(covered.iter().all(|&c| c == 1));
    assert!(PAGE_STARTS.windows(2).all(|w| w[0] < w[1]));
    for key in VerseRange::new(VerseKey::FIRST, VerseKey::LAST)
        .unwrap()
        .keys()
    {
        assert!(page_range(u32::from(page_of(key))).unwrap().contains(key));
    }
}

#[test]
fn known_page_boundaries() {
    assert_eq!(page_of(VerseKey::FIRST), 1);
    assert_eq!(page_range(1).unwrap().to_string(), "1:1-7");
    assert_eq!(page_of(key("2:255")), 42);
    assert_eq!(page_of(key("78:1")), 582);
    assert_eq!(
        page_range(582).unwrap().start(),
        juz_range(30).unwrap().start()
    );
    assert_eq!(page_of(key("2:142")), 22);
    assert_eq!(page_of(VerseKey::LAST), 604);
    assert_eq!(page_range(604).unwrap().to_string(), "112:1-114:6");
    assert_eq!(page_range(0), Err(KeyError::UnknownPage { page: 0 }));
    assert_eq!(page_range(605), Err(KeyError::UnknownPage { page: 605 }));
}

#[test]
fn known_juz_boundaries() {
    assert_eq!(juz_range(1).unwrap().to_string(), "1:1-2:141");
    assert_eq!(juz_range(2).unwrap().start(), key("2:142"));
    assert_eq!(juz_range(30).unwrap().start(), key("78:1"));
    assert_eq!(juz_range(30).unwrap().len(), 564);
    assert_eq!(juz_range(30).unwrap().end(), VerseKey::LAST);
    assert_eq!(juz_of(key("2:141")), 1);
    assert_eq!(juz_of(key("2:142")), 2);
    assert_eq!(juz_of(key("2:255")), 3);
    assert_eq!(juz_of(key("18:74")), 15);
    assert_eq!(juz_of(key("18:75")), 16);
    assert_eq!(juz_of(key("114:6")), 30);
    assert!(juz_range(0).is_err() && juz_range(31).is_err());
}

#[test]
fn every_juz_starts_on_a_hizb_quarter() {
    for (juz, start) in JUZ_STARTS.iter().enumerate() {
        assert_eq!(HIZB_QUARTER_STARTS[juz * 8], *start, "juz {}", juz + 1);
    }
    for juz in 1..=30u32 {
        let range = juz_range(juz).unwrap();
        assert_eq!(u32::from(hizb_quarter_of(range.start())), (juz - 1) * 8 + 1);
        assert_eq!(u32::from(hizb_quarter_of(range.end())), juz * 8);
    }
}

#[test]
fn known_hizb_quarter_boundaries() {
    assert_eq!(hizb_quarter_of(key("1:1")), 1);
    assert_eq!(hizb_quarter_of(key("2:25")), 1);
    assert_eq!(hizb_quarter_of(key("2:26")), 2);
    assert_eq!(hizb_quarter_of(key("114:6")), 240);
    assert_eq!(hizb_quarter_range(240).unwrap().to_string(), "100:9-114:6");
    assert!(hizb_quarter_range(0).is_err() && hizb_quarter_range(241).is_err());
}

#[test]
fn surah_ranges_match_counts() {
    assert_eq!(surah_range(1).unwrap().to_string(), "1:1-7");
    assert_eq!(surah_range(2).unwrap().len(), 286);
    assert!(surah_range(0).is_err() && surah_range(115).is_err());
    let total: usize = (1..=114).map(|s| surah_range(s).unwrap().len()).sum();
    assert_eq!(total, 6236);
    assert_eq!(VerseRange::whole().len(), 6236);
}
