//! Look-alike verses (mutashabihat), computed from the text.
//!
//! Two verses look alike when a memorizer could slide from one into the
//! other: they are the same after normalization, they differ by a word or
//! two, or they share a long run of words, the same opening or the same
//! ending. [`find_look_alikes`] compares every verse with every other that
//! shares a distinctive phrase with it and keeps the pairs that pass one of
//! these tests ([`Likeness`]), each with its score and the words that differ
//! on either side. docs/mutashabihat.md gives the method, its thresholds
//! and a hand check of the pairs it finds.
//!
//! The comparison is on [`normalized`](crate::arabic::normalize) words, so
//! that spelling marks never hide a likeness; word positions are those of
//! [`Verse::words`], so the differences can be marked in the text shown.
//!
//! ```
//! use iqrah_core::look_alike::{Likeness, look_alikes_of};
//! use iqrah_quran::{Verse, VerseKey};
//!
//! let verse = |key: &str, text: &str| Verse {
//!     key: key.parse().unwrap(),
//!     text: text.to_owned(),
//!     words: Verse::split_words(text),
//!     transliteration: String::new(),
//!     juz: 1,
//!     hizb_quarter: 1,
//! };
//! let verses = [
//!     verse("94:5", "فَإِنَّ مَعَ ٱلۡعُسۡرِ يُسۡرًا"),
//!     verse("94:6", "إِنَّ مَعَ ٱلۡعُسۡرِ يُسۡرًا"),
//! ];
//! let pairs = look_alikes_of(&verses);
//! assert_eq!(pairs.len(), 1);
//! assert_eq!(pairs[0].likeness, Likeness::DiffersByWords);
//! assert_eq!(pairs[0].differing, vec![0]); // فإن against إن
//! ```

use std::collections::HashMap;

use iqrah_quran::{Quran, Verse, VerseKey, VerseRange};
use serde::{Deserialize, Serialize};

use crate::arabic::normalize;

/// A phrase of this many words or more found in more verses than
/// [`MAX_PHRASE_VERSES`] is a formula ("إن الله غفور رحيم"), not a sign that
/// two verses look alike, so it does not make them candidates.
pub const MAX_PHRASE_VERSES: usize = 12;

/// Two verses that differ by at most this many words on each side, and
/// share at least [`MIN_SHARED_WORDS`], differ "by a word or two".
pub const MAX_DIFFERING_WORDS: usize = 2;

/// The fewest words two verses must have in common to look alike (unless
/// they are identical, as the one-word openings الم and حم are).
pub const MIN_SHARED_WORDS: usize = 2;

/// A run of this many words in the same order, in both verses, is long
/// enough on its own (a whole clause: "إن في ذلك لآية لقوم يؤمنون").
pub const LONG_RUN_WORDS: usize = 5;

/// A shorter run counts when it has at least this many words and is at
/// least [`SHARED_EDGE_SHARE`] of the shorter verse ("الكتاب لا ريب فيه" in
/// 2:2 and 32:2).
pub const SHORT_RUN_WORDS: usize = 4;

/// Verses whose [score](LookAlike::score) reaches this, sharing at least
/// [`SHORT_RUN_WORDS`] words, look alike even when no run is long: the same
/// words in the same order with a few changed here and there, as in 2:58
/// and 7:161.
pub const SHARED_WORDS_SCORE: f32 = 0.6;

/// An opening or an ending of this many words, shared, counts when it is
/// also at least [`SHARED_EDGE_SHARE`] of the shorter verse, or when both
/// verses open their surahs (the surahs that open with "الحمد لله الذي").
pub const SHARED_EDGE_WORDS: usize = 3;

/// See [`SHARED_EDGE_WORDS`].
pub const SHARED_EDGE_SHARE: f32 = 0.5;

/// The most look-alikes kept for one verse, the best scored first (a pair
/// is kept when it is among the best of either verse): a refrain repeated
/// 31 times is shown as its 10 nearest repetitions.
pub const MAX_PER_VERSE: usize = 10;

/// How two verses look alike (the first test they pass, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Likeness {
    /// The same words after normalization.
    Identical,
    /// At most [`MAX_DIFFERING_WORDS`] words differ on either side.
    DiffersByWords,
    /// A run of at least [`LONG_RUN_WORDS`] words in common (or of
    /// [`SHORT_RUN_WORDS`], half the shorter verse).
    SharedRun,
    /// Most of their words in the same order (see [`SHARED_WORDS_SCORE`]).
    SharedWords,
    /// The same first words (see [`SHARED_EDGE_WORDS`]).
    SameOpening,
    /// The same last words (see [`SHARED_EDGE_WORDS`]).
    SameEnding,
}

impl Likeness {
    /// Every likeness, in the order the tests are tried.
    pub const ALL: [Likeness; 6] = [
        Likeness::Identical,
        Likeness::DiffersByWords,
        Likeness::SharedRun,
        Likeness::SharedWords,
        Likeness::SameOpening,
        Likeness::SameEnding,
    ];

    /// The stable name used in storage and on the wire (`differs_by_words`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Likeness::Identical => "identical",
            Likeness::DiffersByWords => "differs_by_words",
            Likeness::SharedRun => "shared_run",
            Likeness::SharedWords => "shared_words",
            Likeness::SameOpening => "same_opening",
            Likeness::SameEnding => "same_ending",
        }
    }

    /// The likeness named `name` by [`Likeness::as_str`].
    pub fn from_name(name: &str) -> Option<Likeness> {
        Likeness::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// What a learner reads: "identical", "a word or two differ", …
    pub const fn label(self) -> &'static str {
        match self {
            Likeness::Identical => "identical",
            Likeness::DiffersByWords => "a word or two differ",
            Likeness::SharedRun => "a long phrase in common",
            Likeness::SharedWords => "most words in common",
            Likeness::SameOpening => "the same opening",
            Likeness::SameEnding => "the same ending",
        }
    }
}

/// Two verses that look alike, `verse` before `other` in mushaf order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LookAlike {
    /// The first verse of the pair in mushaf order.
    pub verse: VerseKey,
    /// The second.
    pub other: VerseKey,
    /// How they look alike.
    pub likeness: Likeness,
    /// The share of their words they have in common, in order: twice the
    /// words of their longest common subsequence over the words of both,
    /// from 0 to 1 (1: identical).
    pub score: f32,
    /// The longest run of words, in the same order, in both verses.
    pub shared_run: usize,
    /// Positions in `verse`'s words (from 0) of the words `other` does not
    /// have there.
    pub differing: Vec<usize>,
    /// Positions in `other`'s words of the words `verse` does not have there.
    pub other_differing: Vec<usize>,
}

impl LookAlike {
    /// Whether `key` is one of the pair's two verses.
    pub fn involves(&self, key: VerseKey) -> bool {
        key == self.verse || key == self.other
    }

    /// The pair turned to face `key`: `key` as [`LookAlike::verse`] and
    /// `differing` its own words, or `None` when `key` is in neither place.
    pub fn facing(self, key: VerseKey) -> Option<LookAlike> {
        if key == self.verse {
            Some(self)
        } else if key == self.other {
            Some(LookAlike {
                verse: self.other,
                other: self.verse,
                differing: self.other_differing,
                other_differing: self.differing,
                ..self
            })
        } else {
            None
        }
    }
}

/// Every verse's look-alikes, each pair [facing](LookAlike::facing) the
/// verse it is listed under, the most alike first (then in mushaf order):
/// what exercise generation reads to make look-alike drills and to notice
/// an answer that gave another verse's words.
#[derive(Debug, Clone, Default)]
pub struct LookAlikes {
    by_verse: HashMap<VerseKey, Vec<LookAlike>>,
}

impl LookAlikes {
    /// The index of `pairs` (each pair once, as [`find_look_alikes`] gives
    /// them or the content database stores them).
    pub fn new(pairs: impl IntoIterator<Item = LookAlike>) -> Self {
        let mut by_verse: HashMap<VerseKey, Vec<LookAlike>> = HashMap::new();
        for pair in pairs {
            let (verse, other) = (pair.verse, pair.other);
            if let Some(mirrored) = pair.clone().facing(other) {
                by_verse.entry(other).or_default().push(mirrored);
            }
            by_verse.entry(verse).or_default().push(pair);
        }
        for list in by_verse.values_mut() {
            list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.other.cmp(&b.other)));
        }
        LookAlikes { by_verse }
    }

    /// The look-alikes of `key`, facing it, the most alike first.
    pub fn of(&self, key: VerseKey) -> &[LookAlike] {
        self.by_verse.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The pair of `key` and `other`, facing `key`, if they look alike.
    pub fn pair(&self, key: VerseKey, other: VerseKey) -> Option<&LookAlike> {
        self.of(key).iter().find(|p| p.other == other)
    }

    /// The look-alike passage the pair of `key` and `other` is part of:
    /// the run of consecutive verses around `key`, each alike to the verse
    /// as far from `other` (`23:5-8` and `70:29-32`), grown backwards and
    /// then forwards while both runs stay within their surahs and share no
    /// verse. `None` when the run is the one
    /// verse, or the two do not look alike.
    pub fn passage(&self, key: VerseKey, other: VerseKey) -> Option<LookAlikePassage> {
        self.pair(key, other)?;
        // Whether the runs `a_first..=a_last` and `b_first..=b_last` share no verse.
        let apart = |a_first: VerseKey, a_last: VerseKey, b_first: VerseKey, b_last: VerseKey| {
            a_last < b_first || b_last < a_first
        };
        let (mut first, mut other_first) = (key, other);
        while let (Some(a), Some(b)) = (first.previous_in_surah(), other_first.previous_in_surah())
        {
            if !apart(a, key, b, other) || self.pair(a, b).is_none() {
                break;
            }
            (first, other_first) = (a, b);
        }
        let (mut last, mut other_last) = (key, other);
        while let (Some(a), Some(b)) = (last.next_in_surah(), other_last.next_in_surah()) {
            if !apart(first, a, other_first, b) || self.pair(a, b).is_none() {
                break;
            }
            (last, other_last) = (a, b);
        }
        (first != last).then(|| LookAlikePassage {
            verses: VerseRange::new(first, last).unwrap_or(VerseRange::single(key)),
            other: VerseRange::new(other_first, other_last).unwrap_or(VerseRange::single(other)),
        })
    }
}

/// Two runs of consecutive verses, verse by verse alike
/// ([`LookAlikes::passage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookAlikePassage {
    /// The run around the verse asked about.
    pub verses: VerseRange,
    /// The run around its look-alike, as long.
    pub other: VerseRange,
}

/// The look-alike pairs of the whole text, in mushaf order of their first
/// verse, then of the second.
pub fn find_look_alikes(quran: &Quran) -> Vec<LookAlike> {
    look_alikes_of(quran.verses())
}

/// The look-alike pairs among `verses` (see the module docs), in the order
/// of their first verse in `verses`, then of the second.
pub fn look_alikes_of(verses: &[Verse]) -> Vec<LookAlike> {
    let words = WordIds::of(verses);
    let mut pairs: Vec<(usize, usize)> = candidates(&words.verses);
    pairs.sort_unstable();
    pairs.dedup();
    let mut found: Vec<(usize, usize, LookAlike)> = pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let both_open = verses[a].key.ayah() == 1 && verses[b].key.ayah() == 1;
            compare(&words.verses[a], &words.verses[b], both_open)
                .map(|c| (a, b, c.into_look_alike(verses[a].key, verses[b].key)))
        })
        .collect();
    keep_best_per_verse(&mut found, verses.len());
    found.into_iter().map(|(_, _, pair)| pair).collect()
}

/// Each verse's words as numbers (one per distinct normalized word), with
/// the position in [`Verse::words`] of each; words that normalize to
/// nothing (a sajda sign) are left out.
struct WordIds {
    verses: Vec<Vec<(u32, usize)>>,
}

impl WordIds {
    fn of(verses: &[Verse]) -> WordIds {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let verses = verses
            .iter()
            .map(|verse| {
                verse
                    .words
                    .iter()
                    .enumerate()
                    .filter_map(|(position, word)| {
                        let normalized = normalize(word);
                        if normalized.is_empty() {
                            return None;
                        }
                        let next = ids.len() as u32;
                        Some((*ids.entry(normalized).or_insert(next), position))
                    })
                    .collect()
            })
            .collect();
        WordIds { verses }
    }
}

/// Pairs of verses worth comparing (`a < b`, maybe repeated): identical
/// verses, and verses that share a phrase of three words (two when one of
/// them has at most three) found in at most [`MAX_PHRASE_VERSES`] verses.
fn candidates(verses: &[Vec<(u32, usize)>]) -> Vec<(usize, usize)> {
    let mut identical: HashMap<Vec<u32>, Vec<usize>> = HashMap::new();
    let mut phrases: HashMap<(u32, u32, u32), Vec<usize>> = HashMap::new();
    let mut short_phrases: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (index, words) in verses.iter().enumerate() {
        let ids: Vec<u32> = words.iter().map(|&(id, _)| id).collect();
        for w in ids.windows(3) {
            push_once(phrases.entry((w[0], w[1], w[2])).or_default(), index);
        }
        for w in ids.windows(2) {
            push_once(short_phrases.entry((w[0], w[1])).or_default(), index);
        }
        identical.entry(ids).or_default().push(index);
    }
    let mut pairs = Vec::new();
    for group in identical.values() {
        all_pairs(group, &mut pairs, |_, _| true);
    }
    for group in phrases.values().filter(|g| g.len() <= MAX_PHRASE_VERSES) {
        all_pairs(group, &mut pairs, |_, _| true);
    }
    for group in short_phrases
        .values()
        .filter(|g| g.len() <= MAX_PHRASE_VERSES)
    {
        all_pairs(group, &mut pairs, |a, b| {
            verses[a].len().min(verses[b].len()) <= 3
        });
    }
    pairs
}

fn push_once(group: &mut Vec<usize>, index: usize) {
    if group.last() != Some(&index) {
        group.push(index);
    }
}

fn all_pairs(
    group: &[usize],
    pairs: &mut Vec<(usize, usize)>,
    keep: impl Fn(usize, usize) -> bool,
) {
    for (i, &a) in group.iter().enumerate() {
        for &b in &group[i + 1..] {
            if a != b && keep(a, b) {
                pairs.push((a.min(b), a.max(b)));
            }
        }
    }
}

/// What comparing two verses' words found.
struct Comparison {
    likeness: Likeness,
    score: f32,
    shared_run: usize,
    differing: Vec<usize>,
    other_differing: Vec<usize>,
}

impl Comparison {
    fn into_look_alike(self, verse: VerseKey, other: VerseKey) -> LookAlike {
        LookAlike {
            verse,
            other,
            likeness: self.likeness,
            score: self.score,
            shared_run: self.shared_run,
            differing: self.differing,
            other_differing: self.other_differing,
        }
    }
}

/// Compares two verses' words (`both_open`: both are the first verses of
/// their surahs): `None` when they do not look alike.
fn compare(a: &[(u32, usize)], b: &[(u32, usize)], both_open: bool) -> Option<Comparison> {
    let (la, lb) = (a.len(), b.len());
    if la == 0 || lb == 0 {
        return None;
    }
    // Longest common subsequence (which words match) and longest common
    // run, in one table of (la + 1) × (lb + 1).
    let width = lb + 1;
    let mut common = vec![0u16; (la + 1) * width];
    let mut run = vec![0u16; (la + 1) * width];
    let mut shared_run = 0usize;
    for i in 1..=la {
        for j in 1..=lb {
            let at = i * width + j;
            if a[i - 1].0 == b[j - 1].0 {
                common[at] = common[at - width - 1] + 1;
                run[at] = run[at - width - 1] + 1;
                shared_run = shared_run.max(usize::from(run[at]));
            } else {
                common[at] = common[at - width].max(common[at - 1]);
            }
        }
    }
    let shared = usize::from(common[la * width + lb]);
    let shorter = la.min(lb);
    let opening = a.iter().zip(b).take_while(|(x, y)| x.0 == y.0).count();
    let ending = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x.0 == y.0)
        .count();
    let half_of_shorter = |n: usize| n as f32 >= SHARED_EDGE_SHARE * shorter as f32;
    let edge = |n: usize| n >= SHARED_EDGE_WORDS && (both_open || half_of_shorter(n));
    let score = (2 * shared) as f32 / (la + lb) as f32;
    let likeness = if shared == la && la == lb {
        Likeness::Identical
    } else if shared >= MIN_SHARED_WORDS
        && la - shared <= MAX_DIFFERING_WORDS
        && lb - shared <= MAX_DIFFERING_WORDS
        && shared * 2 > la.max(lb)
    {
        Likeness::DiffersByWords
    } else if shared_run >= LONG_RUN_WORDS
        || (shared_run >= SHORT_RUN_WORDS && half_of_shorter(shared_run))
    {
        Likeness::SharedRun
    } else if shared >= SHORT_RUN_WORDS && score >= SHARED_WORDS_SCORE {
        Likeness::SharedWords
    } else if edge(opening) {
        Likeness::SameOpening
    } else if edge(ending) {
        Likeness::SameEnding
    } else {
        return None;
    };
    // Walk the table back for the matched words; the rest differ.
    let (mut matched_a, mut matched_b) = (vec![false; la], vec![false; lb]);
    let (mut i, mut j) = (la, lb);
    while i > 0 && j > 0 {
        let at = i * width + j;
        if a[i - 1].0 == b[j - 1].0 {
            matched_a[i - 1] = true;
            matched_b[j - 1] = true;
            i -= 1;
            j -= 1;
        } else if common[at - width] >= common[at - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    let unmatched = |words: &[(u32, usize)], matched: &[bool]| {
        words
            .iter()
            .zip(matched)
            .filter(|(_, m)| !**m)
            .map(|(&(_, position), _)| position)
            .collect()
    };
    Some(Comparison {
        likeness,
        score,
        shared_run,
        differing: unmatched(a, &matched_a),
        other_differing: unmatched(b, &matched_b),
    })
}

/// Keeps a pair when it is among the [`MAX_PER_VERSE`] best of either of
/// its verses (by score, then nearer in the text), and sorts the pairs.
fn keep_best_per_verse(found: &mut Vec<(usize, usize, LookAlike)>, verses: usize) {
    let mut by_verse: Vec<Vec<usize>> = vec![Vec::new(); verses];
    for (n, (a, b, _)) in found.iter().enumerate() {
        by_verse[*a].push(n);
        by_verse[*b].push(n);
    }
    let mut keep = vec![false; found.len()];
    for list in &mut by_verse {
        list.sort_by(|&x, &y| {
            let (fx, fy) = (&found[x], &found[y]);
            fy.2.score
                .total_cmp(&fx.2.score)
                .then((fx.1 - fx.0).cmp(&(fy.1 - fy.0)))
                .then(x.cmp(&y))
        });
        for &n in list.iter().take(MAX_PER_VERSE) {
            keep[n] = true;
        }
    }
    let mut n = 0;
    found.retain(|_| {
        n += 1;
        keep[n - 1]
    });
    found.sort_by_key(|(a, b, _)| (*a, *b));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verse(key: &str, text: &str) -> Verse {
        Verse {
            key: key.parse().expect("a verse key"),
            text: text.to_owned(),
            words: Verse::split_words(text),
            transliteration: String::new(),
            juz: 1,
            hizb_quarter: 1,
        }
    }

    fn pair<'a>(pairs: &'a [LookAlike], a: &str, b: &str) -> Option<&'a LookAlike> {
        let (a, b): (VerseKey, VerseKey) = (a.parse().ok()?, b.parse().ok()?);
        pairs.iter().find(|p| p.verse == a && p.other == b)
    }

    #[test]
    fn identical_verses_are_found_whatever_their_length() {
        let verses = [
            verse("2:1", "الٓمٓ"),
            verse("2:2", "ذَٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ فِيهِۛ هُدٗى لِّلۡمُتَّقِينَ"),
            verse("3:1", "الٓمٓ"),
        ];
        let pairs = look_alikes_of(&verses);
        let found = pair(&pairs, "2:1", "3:1").expect("الم twice");
        assert_eq!(found.likeness, Likeness::Identical);
        assert_eq!(found.score, 1.0);
        assert!(found.differing.is_empty() && found.other_differing.is_empty());
        assert_eq!(pairs.len(), 1);
    }

    #[test]
    fn a_changed_word_is_marked_on_both_sides() {
        // 23:9 and 70:34: صلواتهم against صلاتهم.
        let verses = [
            verse("23:9", "وَٱلَّذِينَ هُمۡ عَلَىٰ صَلَوَٰتِهِمۡ يُحَافِظُونَ"),
            verse("70:34", "وَٱلَّذِينَ هُمۡ عَلَىٰ صَلَاتِهِمۡ يُحَافِظُونَ"),
        ];
        let pairs = look_alikes_of(&verses);
        let found = pair(&pairs, "23:9", "70:34").expect("one word differs");
        assert_eq!(found.likeness, Likeness::DiffersByWords);
        assert_eq!(found.differing, vec![3]);
        assert_eq!(found.other_differing, vec![3]);
        assert!((found.score - 0.8).abs() < 1e-6);
        assert_eq!(found.shared_run, 3);
        let seen = found
            .clone()
            .facing("70:34".parse().expect("a key"))
            .expect("a side");
        assert_eq!(seen.other.to_string(), "23:9");
        assert_eq!(seen.differing, found.other_differing);
        assert!(found.involves("70:34".parse().expect("a key")));
        assert!(
            found
                .clone()
                .facing("1:1".parse().expect("a key"))
                .is_none()
        );
    }

    #[test]
    fn unrelated_verses_and_formulae_alone_do_not_look_alike() {
        let verses = [
            verse("112:1", "قُلۡ هُوَ ٱللَّهُ أَحَدٌ"),
            verse("108:1", "إِنَّآ أَعۡطَيۡنَٰكَ ٱلۡكَوۡثَرَ"),
        ];
        assert!(look_alikes_of(&verses).is_empty());
        // Two long verses that share only a two-word phrase.
        let verses = [
            verse("1:1", "ا ب ت ث ج ح خ د"),
            verse("1:2", "ذ ر ا ب ز س ش ص"),
        ];
        assert!(look_alikes_of(&verses).is_empty());
    }

    #[test]
    fn a_long_run_an_opening_or_an_ending_is_enough() {
        let verses = [
            verse("1:1", "ا ب ت ث ج ح خ د"),
            verse("1:2", "ذ ر ز ا ب ت ث ج س ش"),
            verse("1:3", "ا ب ت ص ض"),
            verse("1:4", "ط ظ خ د"),
        ];
        let pairs = look_alikes_of(&verses);
        let run = pair(&pairs, "1:1", "1:2").expect("five words in a row");
        assert_eq!(run.likeness, Likeness::SharedRun);
        assert_eq!(run.shared_run, 5);
        assert_eq!(run.differing, vec![5, 6, 7]);
        assert_eq!(
            pair(&pairs, "1:1", "1:3").map(|p| p.likeness),
            Some(Likeness::SameOpening)
        );
        // Two words of four, at the end: under the opening/ending bar.
        assert!(pair(&pairs, "1:1", "1:4").is_none());
    }

    #[test]
    fn a_refrain_keeps_only_its_nearest_repetitions() {
        let verses: Vec<Verse> = (1..=30)
            .map(|ayah| verse(&format!("55:{ayah}"), "فَبِأَيِّ ءَالَآءِ رَبِّكُمَا تُكَذِّبَانِ"))
            .collect();
        let pairs = look_alikes_of(&verses);
        for v in &verses {
            let of_v = pairs.iter().filter(|p| p.involves(v.key)).count();
            assert!(of_v >= MAX_PER_VERSE, "{}: {of_v}", v.key);
        }
        assert!(pairs.len() < 30 * 29 / 2);
        assert!(
            pairs
                .windows(2)
                .all(|w| (w[0].verse, w[0].other) < (w[1].verse, w[1].other))
        );
    }

    #[test]
    fn likeness_names_round_trip() {
        for l in Likeness::ALL {
            assert_eq!(Likeness::from_name(l.as_str()), Some(l));
        }
        assert_eq!(Likeness::from_name("close"), None);
    }
}
