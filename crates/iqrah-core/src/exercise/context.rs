//! What exercise generation reads: the text, a translation, and an index of
//! comparison keys built once so that distractor search stays cheap.

use iqrah_quran::{Quran, Translation, Verse, VerseKey};

use crate::arabic::loose_key;
use crate::look_alike::{LookAlike, LookAlikes};

/// Precomputed comparison keys for every verse: built once per content
/// load (tens of milliseconds), then shared by every generation.
#[derive(Debug, Clone)]
pub struct ExerciseIndex {
    verses: Vec<VerseEntry>,
}

/// Keys of one verse.
#[derive(Debug, Clone)]
pub(crate) struct VerseEntry {
    /// Hash of each word's [`loose_key`].
    pub word_keys: Vec<u64>,
    /// Normalized length (characters) of each word.
    pub word_lens: Vec<u16>,
    /// Hash of the whole text's loose key (word by word).
    pub text_key: u64,
    /// Normalized length (characters) of the whole text.
    pub text_len: u32,
    /// Hash of the translation's lowercase alphanumeric words.
    pub translation_key: u64,
    /// Words in the translation.
    pub translation_words: u32,
}

/// FNV-1a, 64 bits: a small, fixed hash (stable across runs and platforms).
pub(crate) fn fnv(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The FNV-1a offset basis.
pub(crate) const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Combines word keys into the key of the word sequence.
pub(crate) fn sequence_key(keys: &[u64]) -> u64 {
    keys.iter()
        .fold(FNV_START, |hash, key| fnv(&key.to_le_bytes(), hash))
}

/// The comparison key of a translation: its letters and digits, lowercased,
/// word by word (punctuation and spacing do not make two texts different).
pub(crate) fn translation_key(text: &str) -> (u64, u32) {
    let mut hash = FNV_START;
    let mut words = 0u32;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            hash = fnv(c.encode_utf8(&mut buf).as_bytes(), hash);
        }
        hash = fnv(b" ", hash);
        words = words.saturating_add(1);
    }
    (hash, words)
}

impl VerseEntry {
    fn new(verse: &Verse, translation: &str) -> Self {
        let mut word_keys = Vec::with_capacity(verse.words.len());
        let mut word_lens = Vec::with_capacity(verse.words.len());
        for word in &verse.words {
            let key = loose_key(word);
            word_keys.push(fnv(key.as_bytes(), FNV_START));
            let len = crate::arabic::normalize(word).chars().count();
            word_lens.push(u16::try_from(len).unwrap_or(u16::MAX));
        }
        let text_len = word_lens
            .iter()
            .map(|&l| u32::from(l) + 1)
            .sum::<u32>()
            .saturating_sub(1);
        let (translation_key, translation_words) = translation_key(translation);
        VerseEntry {
            text_key: sequence_key(&word_keys),
            word_keys,
            word_lens,
            text_len,
            translation_key,
            translation_words,
        }
    }
}

impl ExerciseIndex {
    /// Builds the index for a text and one translation.
    pub fn new(quran: &Quran, translation: &Translation) -> Self {
        let verses = quran
            .verses()
            .iter()
            .map(|v| VerseEntry::new(v, translation.text(v.key)))
            .collect();
        ExerciseIndex { verses }
    }

    /// The keys of one verse.
    pub(crate) fn entry(&self, key: VerseKey) -> Option<&VerseEntry> {
        self.verses.get(key.index())
    }
}

/// Everything exercise generation reads. Cheap to build: it only borrows.
#[derive(Debug, Clone, Copy)]
pub struct ExerciseContext<'a> {
    /// The Quran text.
    pub quran: &'a Quran,
    /// The translation used by meaning exercises.
    pub translation: &'a Translation,
    /// Keys built from `quran` and `translation` by [`ExerciseIndex::new`].
    pub index: &'a ExerciseIndex,
    /// The verses that look alike, for look-alike drills and for noticing an
    /// answer that gave a look-alike's words; `None`: no drills, nothing
    /// noticed ([`ExerciseContext::with_look_alikes`]).
    pub look_alikes: Option<&'a LookAlikes>,
}

impl<'a> ExerciseContext<'a> {
    /// Bundles a text, a translation and their index.
    pub fn new(quran: &'a Quran, translation: &'a Translation, index: &'a ExerciseIndex) -> Self {
        ExerciseContext {
            quran,
            translation,
            index,
            look_alikes: None,
        }
    }

    /// The same context with the text's look-alike verses.
    pub fn with_look_alikes(self, look_alikes: &'a LookAlikes) -> Self {
        ExerciseContext {
            look_alikes: Some(look_alikes),
            ..self
        }
    }

    /// The look-alikes of `key` (none without [`ExerciseContext::with_look_alikes`]).
    pub fn look_alikes_of(&self, key: VerseKey) -> &'a [LookAlike] {
        self.look_alikes.map_or(&[], |l| l.of(key))
    }

    /// A verse with its keys, if the index was built from this text (word
    /// counts agree).
    pub(crate) fn verse(&self, key: VerseKey) -> Option<(&'a Verse, &'a VerseEntry)> {
        let verse = self.quran.verses().get(key.index())?;
        let entry = self.index.entry(key)?;
        (entry.word_keys.len() == verse.words.len()).then_some((verse, entry))
    }
}
