//! The loaded text of the Quran: surahs, verses with their words, and
//! translations. Built by the content layer, read by everything else.

use serde::{Deserialize, Serialize};

use crate::facts::{SURAH_COUNT, VERSE_COUNT};
use crate::key::{VerseKey, VerseRange};

/// Where a surah was revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Revelation {
    /// Revealed in Mecca.
    Meccan,
    /// Revealed in Medina.
    Medinan,
}

impl Revelation {
    /// The lowercase name used in the database and in JSON (`meccan`, `medinan`).
    pub fn as_str(self) -> &'static str {
        match self {
            Revelation::Meccan => "meccan",
            Revelation::Medinan => "medinan",
        }
    }
}

/// One surah's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surah {
    /// Number, 1–114.
    pub number: u8,
    /// Arabic name, e.g. `الفاتحة`.
    pub name_arabic: String,
    /// Transliterated name, e.g. `Al-Fatihah`.
    pub name_transliterated: String,
    /// English name, e.g. `The Opener`.
    pub name_english: String,
    /// Meccan or Medinan.
    pub revelation: Revelation,
    /// Number of verses.
    pub verse_count: u16,
}

/// One verse in the Uthmani script with its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verse {
    /// The verse's key.
    pub key: VerseKey,
    /// The exact Uthmani source text (including any rub' al-hizb sign `۞`).
    pub text: String,
    /// The words in reading order: the text split at spaces, without the
    /// rub' al-hizb sign, which marks a division rather than belonging to a word.
    pub words: Vec<String>,
    /// English transliteration.
    pub transliteration: String,
    /// Juz, 1–30.
    pub juz: u8,
    /// Hizb quarter, 1–240.
    pub hizb_quarter: u8,
}

/// The sign that marks the start of a hizb quarter inside the Uthmani text.
pub const RUB_EL_HIZB: char = '\u{06DE}';

impl Verse {
    /// Splits a verse text into its words: at ASCII spaces only (the source
    /// uses a thin space inside one word of 2:72), dropping the `۞` sign.
    pub fn split_words(text: &str) -> Vec<String> {
        text.split(' ')
            .map(|w| w.trim_start_matches(RUB_EL_HIZB))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Who made a translation and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationInfo {
    /// ISO 639-1 language code, e.g. `en`.
    pub language: String,
    /// The language's English name, e.g. `English`.
    pub language_name: String,
    /// The translator, e.g. `Saheeh International`.
    pub translator: String,
    /// Where the translation was published.
    pub source: String,
}

/// A complete translation: one text per verse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    info: TranslationInfo,
    texts: Vec<String>,
}

impl Translation {
    /// Builds a translation from one text per verse in mushaf order.
    pub fn new(info: TranslationInfo, texts: Vec<String>) -> Result<Self, ModelError> {
        if texts.len() != usize::from(VERSE_COUNT) {
            return Err(ModelError::TranslationLength {
                language: info.language,
                found: texts.len(),
            });
        }
        Ok(Translation { info, texts })
    }

    /// Who made it and where it comes from.
    pub fn info(&self) -> &TranslationInfo {
        &self.info
    }

    /// The translation of one verse.
    pub fn text(&self, key: VerseKey) -> &str {
        &self.texts[key.index()]
    }
}

/// Why loaded content does not form a valid Quran.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// Not exactly 114 surahs, or not numbered 1–114 in order.
    #[error("expected surahs 1 to 114 in order, found {found} surahs")]
    Surahs {
        /// How many surahs were given.
        found: usize,
    },
    /// A surah's verse count or verses do not match the Quran's structure.
    #[error("surah {surah}: expected {expected} verses, found {found}")]
    VerseCount {
        /// The surah.
        surah: u8,
        /// Its known verse count.
        expected: u16,
        /// What was given.
        found: usize,
    },
    /// Verses are not exactly 1:1 to 114:6 in mushaf order.
    #[error("verse {found} found where {expected} was expected")]
    VerseOrder {
        /// The verse expected at this position.
        expected: VerseKey,
        /// The verse given.
        found: VerseKey,
    },
    /// A verse has no text or no words.
    #[error("verse {key} has no text")]
    EmptyVerse {
        /// The verse.
        key: VerseKey,
    },
    /// A translation does not have one text per verse.
    #[error("translation {language:?} has {found} verses, expected 6236")]
    TranslationLength {
        /// The translation's language.
        language: String,
        /// How many texts were given.
        found: usize,
    },
}

/// The whole Quran in memory: 114 surahs and 6,236 verses, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quran {
    surahs: Vec<Surah>,
    verses: Vec<Verse>,
}

impl Quran {
    /// Checks that the surahs and verses are complete and in mushaf order.
    pub fn new(surahs: Vec<Surah>, verses: Vec<Verse>) -> Result<Self, ModelError> {
        let numbered = surahs
            .iter()
            .enumerate()
            .all(|(i, s)| usize::from(s.number) == i + 1);
        if surahs.len() != usize::from(SURAH_COUNT) || !numbered {
            return Err(ModelError::Surahs {
                found: surahs.len(),
            });
        }
        for surah in &surahs {
            let expected = crate::key::verse_count(surah.number);
            if surah.verse_count != expected {
                return Err(ModelError::VerseCount {
                    surah: surah.number,
                    expected,
                    found: usize::from(surah.verse_count),
                });
            }
        }
        if verses.len() != usize::from(VERSE_COUNT) {
            let found_in = |n: u8| verses.iter().filter(|v| v.key.surah() == n).count();
            let wrong = surahs
                .iter()
                .find(|s| found_in(s.number) != usize::from(s.verse_count));
            return Err(match wrong {
                Some(s) => ModelError::VerseCount {
                    surah: s.number,
                    expected: s.verse_count,
                    found: found_in(s.number),
                },
                None => ModelError::Surahs {
                    found: surahs.len(),
                },
            });
        }
        for (index, verse) in verses.iter().enumerate() {
            let expected = VerseKey::from_index(index).unwrap_or(VerseKey::LAST);
            if verse.key != expected {
                return Err(ModelError::VerseOrder {
                    expected,
                    found: verse.key,
                });
            }
            if verse.text.trim().is_empty() || verse.words.is_empty() {
                return Err(ModelError::EmptyVerse { key: verse.key });
            }
        }
        Ok(Quran { surahs, verses })
    }

    /// All 114 surahs in order.
    pub fn surahs(&self) -> &[Surah] {
        &self.surahs
    }

    /// One surah's metadata, if `number` is 1–114.
    pub fn surah(&self, number: u8) -> Option<&Surah> {
        self.surahs.get(usize::from(number).checked_sub(1)?)
    }

    /// All 6,236 verses in mushaf order.
    pub fn verses(&self) -> &[Verse] {
        &self.verses
    }

    /// One verse.
    pub fn verse(&self, key: VerseKey) -> &Verse {
        &self.verses[key.index()]
    }

    /// The verses of a range, in mushaf order.
    pub fn range(&self, range: VerseRange) -> &[Verse] {
        &self.verses[range.indices()]
    }
}
