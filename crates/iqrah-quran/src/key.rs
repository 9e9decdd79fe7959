//! Verse keys (`2:255`) and verse ranges (`112:1-4`, `2:1-3:5`).

use std::fmt;
use std::str::FromStr;

use serde_with::{DeserializeFromStr, SerializeDisplay};

use crate::facts::{SURAH_COUNT, SURAH_VERSE_COUNTS, VERSE_COUNT};

/// Index of each surah's first verse in mushaf order (0-based), computed at
/// compile time from [`SURAH_VERSE_COUNTS`].
const SURAH_FIRST_INDEX: [u16; SURAH_COUNT as usize] = {
    let mut starts = [0u16; SURAH_COUNT as usize];
    let mut i = 1;
    while i < SURAH_COUNT as usize {
        starts[i] = starts[i - 1] + SURAH_VERSE_COUNTS[i - 1];
        i += 1;
    }
    starts
};

/// Why a verse key or range was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The text is not of the form `S:A` (or `S:A-B`, `S:A-S:B` for a range).
    #[error(
        "malformed verse key {input:?}: expected SURAH:AYAH such as 2:255, or a range such as 112:1-4 or 2:1-3:5"
    )]
    Malformed {
        /// The rejected input, shortened by [`shorten`](crate::shorten).
        input: String,
    },
    /// The surah number is outside 1–114.
    #[error("unknown surah {surah}: surahs are numbered 1 to 114")]
    UnknownSurah {
        /// The rejected surah number.
        surah: u32,
    },
    /// The ayah number is outside the surah's verses.
    #[error("unknown verse {surah}:{ayah}: surah {surah} has verses 1 to {verse_count}")]
    UnknownAyah {
        /// The surah number (valid).
        surah: u8,
        /// The rejected ayah number.
        ayah: u32,
        /// How many verses the surah has.
        verse_count: u16,
    },
    /// The juz number is outside 1–30.
    #[error("unknown juz {juz}: juz are numbered 1 to 30")]
    UnknownJuz {
        /// The rejected juz number.
        juz: u32,
    },
    /// The hizb quarter number is outside 1–240.
    #[error("unknown hizb quarter {quarter}: hizb quarters are numbered 1 to 240")]
    UnknownHizbQuarter {
        /// The rejected quarter number.
        quarter: u32,
    },
    /// The page number is outside 1–604.
    #[error("unknown page {page}: the Madani mushaf's pages are numbered 1 to 604")]
    UnknownPage {
        /// The rejected page number.
        page: u32,
    },
    /// The range ends before it starts.
    #[error(
        "reversed range {start}-{end}: the first verse must come before the last in mushaf order"
    )]
    ReversedRange {
        /// The first verse given.
        start: VerseKey,
        /// The last verse given.
        end: VerseKey,
    },
}

impl KeyError {
    pub(crate) fn malformed(input: &str) -> Self {
        KeyError::Malformed {
            input: crate::shorten(input),
        }
    }
}

/// A validated verse reference: surah 1–114 and an ayah that exists in it.
///
/// Ordered in mushaf order. Displays and serializes as `surah:ayah`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, SerializeDisplay, DeserializeFromStr,
)]
pub struct VerseKey {
    surah: u8,
    ayah: u16,
}

impl VerseKey {
    /// The first verse of the Quran, 1:1.
    pub const FIRST: VerseKey = VerseKey { surah: 1, ayah: 1 };
    /// The last verse of the Quran, 114:6.
    pub const LAST: VerseKey = VerseKey {
        surah: 114,
        ayah: 6,
    };

    /// Builds a key, checking that the verse exists.
    pub fn new(surah: u32, ayah: u32) -> Result<Self, KeyError> {
        let surah_u8 = u8::try_from(surah)
            .ok()
            .filter(|s| (1..=SURAH_COUNT).contains(s))
            .ok_or(KeyError::UnknownSurah { surah })?;
        let verse_count = verse_count(surah_u8);
        let ayah_u16 = u16::try_from(ayah)
            .ok()
            .filter(|a| (1..=verse_count).contains(a))
            .ok_or(KeyError::UnknownAyah {
                surah: surah_u8,
                ayah,
                verse_count,
            })?;
        Ok(VerseKey {
            surah: surah_u8,
            ayah: ayah_u16,
        })
    }

    /// The key of the verse at `index` (0-based, mushaf order), if any.
    pub fn from_index(index: usize) -> Option<Self> {
        if index >= usize::from(VERSE_COUNT) {
            return None;
        }
        let surah_idx = SURAH_FIRST_INDEX.partition_point(|&first| usize::from(first) <= index) - 1;
        let ayah = index - usize::from(SURAH_FIRST_INDEX[surah_idx]) + 1;
        // Both conversions are in range: surah_idx < 114 and ayah <= 286.
        Some(VerseKey {
            surah: surah_idx as u8 + 1,
            ayah: ayah as u16,
        })
    }

    /// Surah number, 1–114.
    pub fn surah(self) -> u8 {
        self.surah
    }

    /// Ayah number within the surah, from 1.
    pub fn ayah(self) -> u16 {
        self.ayah
    }

    /// Position of the verse in the whole Quran, 0-based (1:1 is 0, 114:6 is 6235).
    pub fn index(self) -> usize {
        usize::from(SURAH_FIRST_INDEX[usize::from(self.surah) - 1]) + usize::from(self.ayah) - 1
    }

    /// The next verse in mushaf order within the same surah, if any.
    pub fn next_in_surah(self) -> Option<Self> {
        (self.ayah < verse_count(self.surah)).then(|| VerseKey {
            surah: self.surah,
            ayah: self.ayah + 1,
        })
    }

    /// The previous verse in mushaf order within the same surah, if any.
    pub fn previous_in_surah(self) -> Option<Self> {
        (self.ayah > 1).then(|| VerseKey {
            surah: self.surah,
            ayah: self.ayah - 1,
        })
    }

    /// Whether this is the last verse of its surah.
    pub fn ends_surah(self) -> bool {
        self.ayah == verse_count(self.surah)
    }
}

/// Verse count of a valid surah number.
pub(crate) fn verse_count(surah: u8) -> u16 {
    SURAH_VERSE_COUNTS[usize::from(surah) - 1]
}

impl fmt::Display for VerseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.surah, self.ayah)
    }
}

/// Parses a decimal number of at most six digits (no sign, no spaces).
fn parse_number(text: &str, whole: &str) -> Result<u32, KeyError> {
    if text.is_empty() || text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(KeyError::malformed(whole));
    }
    text.parse().map_err(|_| KeyError::malformed(whole))
}

impl FromStr for VerseKey {
    type Err = KeyError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        let (surah, ayah) = trimmed
            .split_once(':')
            .ok_or_else(|| KeyError::malformed(input))?;
        VerseKey::new(parse_number(surah, input)?, parse_number(ayah, input)?)
    }
}

/// A non-empty run of consecutive verses in mushaf order, both ends included.
///
/// Parses from `2:255` (one verse), `112:1-4` (within a surah) or `2:1-3:5`
/// (across surahs). Displays in the shortest of those forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, SerializeDisplay, DeserializeFromStr)]
pub struct VerseRange {
    start: VerseKey,
    end: VerseKey,
}

impl VerseRange {
    /// Builds a range, rejecting one whose end comes before its start.
    pub fn new(start: VerseKey, end: VerseKey) -> Result<Self, KeyError> {
        if end < start {
            return Err(KeyError::ReversedRange { start, end });
        }
        Ok(VerseRange { start, end })
    }

    /// The range holding one verse.
    pub fn single(key: VerseKey) -> Self {
        VerseRange {
            start: key,
            end: key,
        }
    }

    /// The whole Quran, 1:1-114:6.
    pub fn whole() -> Self {
        VerseRange {
            start: VerseKey::FIRST,
            end: VerseKey::LAST,
        }
    }

    /// First verse of the range.
    pub fn start(self) -> VerseKey {
        self.start
    }

    /// Last verse of the range (included).
    pub fn end(self) -> VerseKey {
        self.end
    }

    /// Number of verses in the range (never zero).
    pub fn len(self) -> usize {
        self.end.index() - self.start.index() + 1
    }

    /// Always false: a range holds at least one verse. Present for API symmetry with `len`.
    pub fn is_empty(self) -> bool {
        false
    }

    /// Whether `key` lies inside the range.
    pub fn contains(self, key: VerseKey) -> bool {
        self.start <= key && key <= self.end
    }

    /// Indices (0-based, mushaf order) of the verses in the range.
    pub fn indices(self) -> std::ops::RangeInclusive<usize> {
        self.start.index()..=self.end.index()
    }

    /// The verses of the range in mushaf order.
    pub fn keys(self) -> impl DoubleEndedIterator<Item = VerseKey> {
        // Every index inside a valid range is a valid verse index.
        self.indices().filter_map(VerseKey::from_index)
    }
}

impl fmt::Display for VerseRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else if self.start.surah == self.end.surah {
            write!(f, "{}-{}", self.start, self.end.ayah)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

impl FromStr for VerseRange {
    type Err = KeyError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        let Some((first, last)) = trimmed.split_once('-') else {
            return Ok(VerseRange::single(trimmed.parse()?));
        };
        let start: VerseKey = first.parse().map_err(|e| match e {
            KeyError::Malformed { .. } => KeyError::malformed(input),
            other => other,
        })?;
        let end = if last.contains(':') {
            last.parse().map_err(|e| match e {
                KeyError::Malformed { .. } => KeyError::malformed(input),
                other => other,
            })?
        } else {
            VerseKey::new(u32::from(start.surah), parse_number(last, input)?)?
        };
        VerseRange::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_round_trips_over_the_whole_quran() {
        for index in 0..usize::from(VERSE_COUNT) {
            let key = VerseKey::from_index(index).expect("index in range");
            assert_eq!(key.index(), index);
        }
        assert_eq!(VerseKey::from_index(usize::from(VERSE_COUNT)), None);
        assert_eq!(VerseKey::LAST.index(), 6235);
    }

    #[test]
    fn rejects_bad_keys_with_the_reason() {
        assert_eq!(
            "115:1".parse::<VerseKey>(),
            Err(KeyError::UnknownSurah { surah: 115 })
        );
        assert_eq!(
            "0:1".parse::<VerseKey>(),
            Err(KeyError::UnknownSurah { surah: 0 })
        );
        assert_eq!(
            "2:287".parse::<VerseKey>(),
            Err(KeyError::UnknownAyah {
                surah: 2,
                ayah: 287,
                verse_count: 286
            })
        );
        for bad in [
            "abc",
            "",
            ":",
            "2:",
            ":5",
            "2:-1",
            "+2:1",
            "2:1:3",
            "99999999999:1",
            "٢:١",
        ] {
            assert!(
                matches!(bad.parse::<VerseKey>(), Err(KeyError::Malformed { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_and_displays_ranges() {
        let r: VerseRange = "112:1-4".parse().unwrap();
        assert_eq!(
            (r.start().to_string(), r.end().to_string(), r.len()),
            ("112:1".into(), "112:4".into(), 4)
        );
        assert_eq!(r.to_string(), "112:1-4");
        let across: VerseRange = "1:7-2:2".parse().unwrap();
        assert_eq!(
            (across.len(), across.to_string()),
            (3, "1:7-2:2".to_string())
        );
        assert_eq!("2:255".parse::<VerseRange>().unwrap().len(), 1);
        assert!(matches!(
            "112:4-1".parse::<VerseRange>(),
            Err(KeyError::ReversedRange { .. })
        ));
        assert!(matches!(
            "2:5-1:1".parse::<VerseRange>(),
            Err(KeyError::ReversedRange { .. })
        ));
        assert!(matches!(
            "112:1-9".parse::<VerseRange>(),
            Err(KeyError::UnknownAyah { .. })
        ));
        assert!(matches!(
            "112:1-".parse::<VerseRange>(),
            Err(KeyError::Malformed { .. })
        ));
    }

    #[test]
    fn serializes_as_text() {
        let key: VerseKey = "2:255".parse().unwrap();
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"2:255\"");
        assert_eq!(serde_json::from_str::<VerseKey>("\"2:255\"").unwrap(), key);
        assert!(serde_json::from_str::<VerseKey>("\"2:999\"").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(input in ".{0,64}") {
            let _ = input.parse::<VerseKey>();
            let _ = input.parse::<VerseRange>();
        }

        #[test]
        fn range_display_round_trips(a in 0usize..6236, b in 0usize..6236) {
            let (lo, hi) = (a.min(b), a.max(b));
            let range = VerseRange::new(VerseKey::from_index(lo).unwrap(), VerseKey::from_index(hi).unwrap()).unwrap();
            proptest::prop_assert_eq!(range.to_string().parse::<VerseRange>().unwrap(), range);
            proptest::prop_assert_eq!(range.keys().count(), hi - lo + 1);
        }
    }
}
