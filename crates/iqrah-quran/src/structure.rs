//! Juz, hizb quarters, mushaf pages and surahs as verse ranges, and which
//! juz, quarter or page a verse belongs to.

use crate::facts::{HIZB_QUARTER_STARTS, JUZ_STARTS, PAGE_STARTS};
use crate::key::{KeyError, VerseKey, VerseRange, verse_count};

/// Converts a table of `(surah, ayah)` starts into verse keys at compile-time-checked indices.
fn start_key((surah, ayah): (u8, u16)) -> VerseKey {
    // The tables are facts checked by this crate's tests.
    VerseKey::new(u32::from(surah), u32::from(ayah)).unwrap_or(VerseKey::FIRST)
}

/// The 1-based number of the division (juz, quarter or page) that contains
/// `key`: at least 1, because every table starts at 1:1.
fn division_of(starts: &[(u8, u16)], key: VerseKey) -> usize {
    starts.partition_point(|&(s, a)| (s, a) <= (key.surah(), key.ayah()))
}

/// The range of division `number` (1-based) in a table of starts, or
/// `None` for a number outside the table.
fn division_range(starts: &[(u8, u16)], number: u32) -> Option<VerseRange> {
    let index = usize::try_from(number).ok()?.checked_sub(1)?;
    let start = start_key(*starts.get(index)?);
    let end = starts
        .get(index + 1)
        .and_then(|&next| VerseKey::from_index(start_key(next).index() - 1))
        .unwrap_or(VerseKey::LAST);
    Some(VerseRange::new(start, end).unwrap_or(VerseRange::single(start)))
}

/// The juz (1–30) that contains a verse.
pub fn juz_of(key: VerseKey) -> u8 {
    // At most 30.
    division_of(&JUZ_STARTS, key) as u8
}

/// The hizb quarter (1–240) that contains a verse.
pub fn hizb_quarter_of(key: VerseKey) -> u8 {
    // At most 240.
    division_of(&HIZB_QUARTER_STARTS, key) as u8
}

/// The page (1–604) of the Madani mushaf on which a verse begins.
pub fn page_of(key: VerseKey) -> u16 {
    // At most 604.
    division_of(&PAGE_STARTS, key) as u16
}

/// The verses of juz `juz` (1–30).
pub fn juz_range(juz: u32) -> Result<VerseRange, KeyError> {
    division_range(&JUZ_STARTS, juz).ok_or(KeyError::UnknownJuz { juz })
}

/// The verses of hizb quarter `quarter` (1–240).
pub fn hizb_quarter_range(quarter: u32) -> Result<VerseRange, KeyError> {
    division_range(&HIZB_QUARTER_STARTS, quarter).ok_or(KeyError::UnknownHizbQuarter { quarter })
}

/// The verses that begin on page `page` (1–604) of the Madani mushaf.
pub fn page_range(page: u32) -> Result<VerseRange, KeyError> {
    division_range(&PAGE_STARTS, page).ok_or(KeyError::UnknownPage { page })
}

/// The verses of surah `surah` (1–114).
pub fn surah_range(surah: u32) -> Result<VerseRange, KeyError> {
    let first = VerseKey::new(surah, 1)?;
    let last = VerseKey::new(surah, u32::from(verse_count(first.surah())))?;
    VerseRange::new(first, last)
}
