//! A synthetic full Quran for tests that must not depend on the content
//! package: the real structure (114 surahs, their verse counts, juz and hizb
//! quarters) with made-up vocalized words and an English placeholder
//! translation. Only built with the `test-support` feature.

use crate::facts::SURAH_VERSE_COUNTS;
use crate::{
    ModelError, Quran, Revelation, Surah, Translation, TranslationInfo, Verse, VerseKey,
    hizb_quarter_of, juz_of,
};

/// Letters the made-up words are spelled with (each followed by a fatha).
const LETTERS: [char; 12] = ['ب', 'ت', 'ج', 'د', 'ر', 'س', 'ع', 'ف', 'ق', 'ك', 'م', 'ن'];

/// A valid full Quran with made-up vocalized words — verse `i` (in mushaf
/// order, from 0) has `1 + (i * 7) % 13` words of 3–5 letters, drawn from a
/// few hundred distinct forms — and its translation ("Meaning of verse
/// S:A: N words.").
///
/// ```
/// let (quran, translation) = iqrah_quran::synthetic::quran()?;
/// assert_eq!(quran.verses().len(), 6236);
/// assert_eq!(translation.info().language, "en");
/// # Ok::<(), iqrah_quran::ModelError>(())
/// ```
pub fn quran() -> Result<(Quran, Translation), ModelError> {
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
    for (index, key) in (0..).map_while(|i| VerseKey::from_index(i).map(|key| (i, key))) {
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
    Ok((Quran::new(surahs, verses)?, Translation::new(info, texts)?))
}
