//! Juz, hizb quarters and surahs as verse ranges, and which juz or quarter a
//! verse belongs to.

use crate::facts::{HIZB_QUARTER_COUNT, HIZB_QUARTER_STARTS, JUZ_COUNT, JUZ_STARTS};
use crate::key::{KeyError, VerseKey, VerseRange, verse_count};

/// Converts a table of `(surah, ayah)` starts into verse keys at compile-time-checked indices.
fn start_key((surah, ayah): (u8, u16)) -> VerseKey {
    // The tables are facts checked by this crate's tests.
    VerseKey::new(u32::from(surah), u32::from(ayah)).unwrap_or(VerseKey::FIRST)
}

/// The 1-based number of the division (juz or quarter) that contains `key`.
fn division_of(starts: &[(u8, u16)], key: VerseKey) -> u8 {
    let after = starts.partition_point(|&(s, a)| (s, a) <= (key.surah(), key.ayah()));
    // `after` is at least 1 because every table starts at 1:1, and at most 240.
    after as u8
}

/// The range of division `number` (1-based) in a table of starts.
fn division_range(starts: &[(u8, u16)], number: usize) -> VerseRange {
    let start = start_key(starts[number - 1]);
    let end = starts
        .get(number)
        .and_then(|&next| VerseKey::from_index(start_key(next).index() - 1))
        .unwrap_or(VerseKey::LAST);
    VerseRange::new(start, end).unwrap_or(VerseRange::single(start))
}

/// The juz (1–30) that contains a verse.
pub fn juz_of(key: VerseKey) -> u8 {
    division_of(&JUZ_STARTS, key)
}

/// The hizb quarter (1–240) that contains a verse.
pub fn hizb_quarter_of(key: VerseKey) -> u8 {
    division_of(&HIZB_QUARTER_STARTS, key)
}

/// The verses of juz `juz` (1–30).
pub fn juz_range(juz: u32) -> Result<VerseRange, KeyError> {
    let number = usize::try_from(juz)
        .ok()
        .filter(|j| (1..=usize::from(JUZ_COUNT)).contains(j));
    number
        .map(|n| division_range(&JUZ_STARTS, n))
        .ok_or(KeyError::UnknownJuz { juz })
}

/// The verses of hizb quarter `quarter` (1–240).
pub fn hizb_quarter_range(quarter: u32) -> Result<VerseRange, KeyError> {
    let number = usize::try_from(quarter)
        .ok()
        .filter(|q| (1..=usize::from(HIZB_QUARTER_COUNT)).contains(q));
    number
        .map(|n| division_range(&HIZB_QUARTER_STARTS, n))
        .ok_or(KeyError::UnknownHizbQuarter { quarter })
}

/// The verses of surah `surah` (1–114).
pub fn surah_range(surah: u32) -> Result<VerseRange, KeyError> {
    let first = VerseKey::new(surah, 1)?;
    let last = VerseKey::new(surah, u32::from(verse_count(first.surah())))?;
    VerseRange::new(first, last)
}
