//! Shared test fixtures: the real Quran (loaded once per test binary) and a
//! synthetic full Quran for tests that must not depend on the package.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use iqrah_content::ContentPackage;
use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_quran::facts::SURAH_VERSE_COUNTS;
use iqrah_quran::{
    Quran, Revelation, Surah, Translation, TranslationInfo, Verse, VerseKey, hizb_quarter_of,
    juz_of,
};

/// The installed quran-json package.
pub const PACKAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/node_modules/quran-json"
);

/// The real text and its English translation, with the exercise index.
pub struct Fixture {
    pub quran: Quran,
    pub translation: Translation,
    pub index: ExerciseIndex,
}

impl Fixture {
    pub fn ctx(&self) -> ExerciseContext<'_> {
        ExerciseContext::new(&self.quran, &self.translation, &self.index)
    }

    fn new(quran: Quran, translation: Translation) -> Self {
        let index = ExerciseIndex::new(&quran, &translation);
        Fixture {
            quran,
            translation,
            index,
        }
    }
}

pub static REAL: LazyLock<Fixture> = LazyLock::new(|| {
    let ContentPackage {
        quran,
        translations,
        ..
    } = iqrah_content::read_package(std::path::Path::new(PACKAGE))
        .expect("quran-json is installed under data/");
    let english = translations
        .into_iter()
        .find(|t| t.info().language == "en")
        .expect("an English translation");
    Fixture::new(quran, english)
});

pub static SYNTHETIC: LazyLock<Fixture> = LazyLock::new(|| {
    let (quran, translation) = synthetic_quran();
    Fixture::new(quran, translation)
});

/// A valid full Quran with made-up vocalized words: verse `i` has
/// `1 + (i * 7) % 13` words, drawn from a few hundred distinct forms.
pub fn synthetic_quran() -> (Quran, Translation) {
    const LETTERS: [char; 12] = ['ب', 'ت', 'ج', 'د', 'ر', 'س', 'ع', 'ف', 'ق', 'ك', 'م', 'ن'];
    let surahs = (1..=114u8)
        .map(|n| Surah {
            number: n,
            name_arabic: format!("سورة {n}"),
            name_transliterated: format!("Surah {n}"),
            name_english: format!("Surah number {n}"),
            revelation: if n % 2 == 0 {
                Revelation::Medinan
            } else {
                Revelation::Meccan
            },
            verse_count: SURAH_VERSE_COUNTS[usize::from(n) - 1],
        })
        .collect();
    let mut verses = Vec::new();
    let mut texts = Vec::new();
    for index in 0..6236usize {
        let key = VerseKey::from_index(index).unwrap();
        let words: Vec<String> = (0..1 + (index * 7) % 13)
            .map(|w| {
                let seed = index * 31 + w * 17;
                (0..3 + seed % 3)
                    .map(|l| format!("{}\u{064E}", LETTERS[(seed / (l + 1) + l * 5) % 12]))
                    .collect()
            })
            .collect();
        texts.push(format!("Meaning of verse {key}: {} words.", words.len()));
        verses.push(Verse {
            key,
            text: words.join(" "),
            words,
            transliteration: format!("verse {key}"),
            juz: juz_of(key),
            hizb_quarter: hizb_quarter_of(key),
        });
    }
    let info = TranslationInfo {
        language: "en".into(),
        language_name: "English".into(),
        translator: "Test".into(),
        source: "synthetic".into(),
    };
    (
        Quran::new(surahs, verses).unwrap(),
        Translation::new(info, texts).unwrap(),
    )
}
