//! Owned, serializable data transfer objects for the content API.

use iqrah_quran::{Surah, TranslationInfo, Verse};
use serde::{Deserialize, Serialize};

/// A goal a search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundDto {
    /// What the search was read as: `surah`, `juz`, `page` or `verses`.
    pub kind: iqrah_core::find::FoundKind,
    /// The goal, to start a session with (`surah:112`, `page:42`, …).
    pub goal_id: String,
    /// The goal as a learner names it ("Al-Ikhlas", "Page 42").
    pub title: String,
    /// A surah's Arabic name; `None` for the other kinds.
    pub name_arabic: Option<String>,
}

/// A verse and the verses that look like it (mutashabihat), for a
/// side-by-side view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarDto {
    /// The verse asked about (`2:5`).
    pub key: String,
    /// Its surah's transliterated name ("Al-Baqarah").
    pub surah_name: String,
    /// Its page in the Madani mushaf, 1–604.
    pub page: u16,
    /// Its exact Uthmani text.
    pub text: String,
    /// Its words in reading order (the positions below count in them).
    pub words: Vec<String>,
    /// The verses that look like it, the most alike first.
    pub look_alikes: Vec<LookAlikeDto>,
}

/// One verse that looks like the verse of a [`SimilarDto`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LookAlikeDto {
    /// The look-alike verse (`31:5`).
    pub key: String,
    /// Its surah's transliterated name ("Luqman").
    pub surah_name: String,
    /// Its surah's Arabic name.
    pub surah_name_arabic: String,
    /// Its page in the Madani mushaf.
    pub page: u16,
    /// Its exact Uthmani text.
    pub text: String,
    /// Its words in reading order.
    pub words: Vec<String>,
    /// How the two look alike (`identical`, `differs_by_words`,
    /// `shared_run`, `shared_words`, `same_opening`, `same_ending`).
    pub likeness: iqrah_core::look_alike::Likeness,
    /// The same, as a learner reads it ("a word or two differ").
    pub likeness_label: String,
    /// The share of their words in common, in order, 0–1 (1: identical).
    pub score: f32,
    /// The longest run of words the two share.
    pub shared_run: u32,
    /// Positions (from 0) in this verse's `words` that the asked verse
    /// does not have there.
    pub differing: Vec<u32>,
    /// Positions in the asked verse's words that this verse does not have.
    pub verse_differing: Vec<u32>,
    /// When the pair is part of a look-alike passage (consecutive verses
    /// alike verse by verse): the run around this verse (`70:29-32`).
    pub passage: Option<String>,
    /// The run around the asked verse in that passage (`23:5-8`).
    pub verse_passage: Option<String>,
}

impl LookAlikeDto {
    /// `pair.other` beside `pair.verse`, from the text, with the passage
    /// the pair is part of, if any.
    pub(crate) fn new(
        quran: &iqrah_quran::Quran,
        pair: &iqrah_core::look_alike::LookAlike,
        passage: Option<iqrah_core::look_alike::LookAlikePassage>,
    ) -> Self {
        let verse = quran.verse(pair.other);
        let (surah_name, surah_name_arabic) = quran
            .surah(pair.other.surah())
            .map(|s| (s.name_transliterated.clone(), s.name_arabic.clone()))
            .unwrap_or_default();
        let positions = |p: &[usize]| p.iter().map(|&i| i as u32).collect();
        LookAlikeDto {
            key: pair.other.to_string(),
            surah_name,
            surah_name_arabic,
            page: iqrah_quran::page_of(pair.other),
            text: verse.text.clone(),
            words: verse.words.clone(),
            likeness: pair.likeness,
            likeness_label: pair.likeness.label().to_owned(),
            score: pair.score,
            shared_run: pair.shared_run as u32,
            differing: positions(&pair.other_differing),
            verse_differing: positions(&pair.differing),
            passage: passage.map(|p| p.other.to_string()),
            verse_passage: passage.map(|p| p.verses.to_string()),
        }
    }
}

/// An open confusion: a verse a wrong answer took for another that looks
/// like it (`iqrah_core::confusion`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfusionDto {
    /// The verse asked (`2:49`).
    pub key: String,
    /// How many answers took it for the other since the confusion opened.
    pub times: u32,
    /// Right look-alike drills of the verse since (two in a row close it).
    pub right_since: u32,
    /// The verse it was taken for, beside it, the differing words marked.
    pub other: LookAlikeDto,
}

/// A surah's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurahDto {
    /// Number, 1–114.
    pub number: u8,
    /// Arabic name.
    pub name_arabic: String,
    /// Transliterated name.
    pub name_transliterated: String,
    /// English name.
    pub name_english: String,
    /// `meccan` or `medinan`.
    pub revelation: String,
    /// Number of verses.
    pub verse_count: u16,
}

impl From<&Surah> for SurahDto {
    fn from(surah: &Surah) -> Self {
        SurahDto {
            number: surah.number,
            name_arabic: surah.name_arabic.clone(),
            name_transliterated: surah.name_transliterated.clone(),
            name_english: surah.name_english.clone(),
            revelation: surah.revelation.as_str().to_owned(),
            verse_count: surah.verse_count,
        }
    }
}

/// A translation available in the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageDto {
    /// Language code, e.g. `en`.
    pub code: String,
    /// Language name in English.
    pub name: String,
    /// The translator.
    pub translator: String,
    /// Where the translation was published.
    pub source: String,
}

impl From<&TranslationInfo> for LanguageDto {
    fn from(info: &TranslationInfo) -> Self {
        LanguageDto {
            code: info.language.clone(),
            name: info.language_name.clone(),
            translator: info.translator.clone(),
            source: info.source.clone(),
        }
    }
}

/// One word of a verse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordDto {
    /// Position in the verse, from 1.
    pub position: u16,
    /// The word in the Uthmani script.
    pub text: String,
}

/// A verse's translation in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationTextDto {
    /// Language code.
    pub language: String,
    /// The translator.
    pub translator: String,
    /// The translated text.
    pub text: String,
}

/// One verse with its words, transliteration and a translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerseDto {
    /// Verse key, e.g. `2:255`.
    pub key: String,
    /// Surah number.
    pub surah: u8,
    /// Ayah number.
    pub ayah: u16,
    /// The exact Uthmani text.
    pub text: String,
    /// Words in reading order.
    pub words: Vec<WordDto>,
    /// English transliteration.
    pub transliteration: String,
    /// Juz, 1–30.
    pub juz: u8,
    /// Hizb quarter, 1–240.
    pub hizb_quarter: u8,
    /// The translation in the requested language.
    pub translation: TranslationTextDto,
}

impl VerseDto {
    /// Builds the DTO of a verse with the given translation.
    pub(crate) fn new(verse: &Verse, translation: &iqrah_quran::Translation) -> Self {
        VerseDto {
            key: verse.key.to_string(),
            surah: verse.key.surah(),
            ayah: verse.key.ayah(),
            text: verse.text.clone(),
            words: verse
                .words
                .iter()
                .zip(1u16..)
                .map(|(text, position)| WordDto {
                    position,
                    text: text.clone(),
                })
                .collect(),
            transliteration: verse.transliteration.clone(),
            juz: verse.juz,
            hizb_quarter: verse.hizb_quarter,
            translation: TranslationTextDto {
                language: translation.info().language.clone(),
                translator: translation.info().translator.clone(),
                text: translation.text(verse.key).to_owned(),
            },
        }
    }
}
