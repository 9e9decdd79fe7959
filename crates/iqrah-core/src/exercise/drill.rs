//! Look-alike drills: which continuation belongs to this verse, and which
//! surah a verse is from, against the verses that look like it
//! ([`crate::look_alike`]).
//!
//! **Which continuation.** The verse is cut where a look-alike goes on
//! differently: after the longest run of words the two share that both go
//! on after (the partner's, when the drill reviews a confusion, else the
//! most alike look-alike's that has one). The learner sees the verse's words
//! up to the cut and chooses among the next [`CONTINUATION_WORDS`] words of
//! the verse and of every other verse where the last [`ANCHOR_WORDS`] words
//! before the cut go on differently, look-alikes first, then in mushaf
//! order: the same phrase continuing elsewhere is exactly what a memorizer
//! slides into. At most [`MAX_CHOICES`] choices, at least two.
//!
//! **Which surah.** The verse is shown whole, without its reference, and the
//! learner chooses its surah among its own and its look-alikes' surahs (the
//! most alike first). A verse repeated word for word in another surah has no
//! answer, so it gets no such drill.
//!
//! Every wrong choice is another verse's, and the solution says whose
//! ([`super::Trap`]), so a wrong answer is noticed as a confusion.

use iqrah_quran::{Verse, VerseKey};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::context::{ExerciseContext, VerseEntry};
use super::payload::{AnswerKey, ExercisePrompt, Trap, TrapAnswer};
use super::timing::TimingProfile;
use crate::look_alike::Likeness;

/// Words in a continuation (fewer at the end of a verse).
pub const CONTINUATION_WORDS: usize = 3;

/// The words just before the cut that another verse must have, in order,
/// for its continuation after them to be offered (fewer when the shared run
/// is shorter).
pub const ANCHOR_WORDS: usize = 3;

/// The most choices a drill offers.
pub const MAX_CHOICES: usize = 4;

/// A drill made: the prompt, its answer, its timing and its traps.
pub(crate) struct Drill {
    pub prompt: ExercisePrompt,
    pub key: AnswerKey,
    pub timing: TimingProfile,
    pub traps: Vec<Trap>,
}

/// The verses to drill `verse` against: `partner` first when given, then
/// its look-alikes, the most alike first.
fn opponents(
    ctx: &ExerciseContext<'_>,
    verse: VerseKey,
    partner: Option<VerseKey>,
) -> Vec<VerseKey> {
    let mut keys: Vec<VerseKey> = partner.into_iter().filter(|&p| p != verse).collect();
    for pair in ctx.look_alikes_of(verse) {
        if !keys.contains(&pair.other) {
            keys.push(pair.other);
        }
    }
    keys
}

/// The longest run of words `a` and `b` share after which both go on,
/// as (end in `a`, end in `b`, length); the earliest in `a` among equals.
fn shared_run_with_continuation(a: &[u64], b: &[u64]) -> Option<(usize, usize, usize)> {
    // Longest common substring by dynamic programming over word keys.
    let mut best: Option<(usize, usize, usize)> = None;
    let mut previous = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        let mut current = vec![0usize; b.len() + 1];
        for j in 1..=b.len() {
            if a[i - 1] == b[j - 1] {
                current[j] = previous[j - 1] + 1;
                let len = current[j];
                let goes_on = i < a.len() && j < b.len() && a[i] != b[j];
                if goes_on && best.is_none_or(|(_, _, l)| len > l) {
                    best = Some((i, j, len));
                }
            }
        }
        previous = current;
    }
    best
}

/// The continuation of `keys` from `from`: at most [`CONTINUATION_WORDS`].
fn continuation(keys: &[u64], from: usize) -> &[u64] {
    &keys[from..(from + CONTINUATION_WORDS).min(keys.len())]
}

/// Shuffles the right choice in among the others (each with the verse it
/// belongs to); returns the choices, the right index and the traps.
fn shuffle_in(
    rng: &mut ChaCha8Rng,
    right: String,
    others: Vec<(VerseKey, String)>,
) -> (Vec<String>, usize, Vec<Trap>) {
    let mut all: Vec<(Option<VerseKey>, String)> = std::iter::once((None, right))
        .chain(others.into_iter().map(|(k, t)| (Some(k), t)))
        .collect();
    all.shuffle(rng);
    let index = all.iter().position(|(k, _)| k.is_none()).unwrap_or(0);
    let traps = all
        .iter()
        .enumerate()
        .filter_map(|(i, (k, _))| {
            k.map(|verse| Trap {
                verse,
                answer: TrapAnswer::Choice { index: i },
            })
        })
        .collect();
    (all.into_iter().map(|(_, t)| t).collect(), index, traps)
}

/// A "which continuation" drill for `verse` (see the module docs), or
/// `None` when no verse that looks like it goes on differently after a
/// shared run.
pub(crate) fn which_continuation(
    ctx: &ExerciseContext<'_>,
    verse: &Verse,
    entry: &VerseEntry,
    partner: Option<VerseKey>,
    rng: &mut ChaCha8Rng,
) -> Option<Drill> {
    let own = &entry.word_keys;
    let opponents = opponents(ctx, verse.key, partner);
    let (cut, run) = opponents.iter().find_map(|&other| {
        let (_, other_entry) = ctx.verse(other)?;
        shared_run_with_continuation(own, &other_entry.word_keys).map(|(end, _, len)| (end, len))
    })?;
    let anchor = &own[cut - ANCHOR_WORDS.min(run)..cut];
    let right = continuation(own, cut);
    let mut seen: Vec<&[u64]> = vec![right];
    let mut others: Vec<(VerseKey, String)> = Vec::new();
    let mushaf = ctx.quran.verses().iter().map(|v| v.key);
    for other in opponents.iter().copied().chain(mushaf) {
        if others.len() + 1 >= MAX_CHOICES {
            break;
        }
        if other == verse.key {
            continue;
        }
        let Some((other_verse, other_entry)) = ctx.verse(other) else {
            continue;
        };
        let keys = &other_entry.word_keys;
        let found = keys
            .windows(anchor.len())
            .enumerate()
            .map(|(start, window)| (start + anchor.len(), window))
            .find(|&(end, window)| {
                window == anchor && end < keys.len() && !seen.contains(&continuation(keys, end))
            });
        if let Some((end, _)) = found {
            seen.push(continuation(keys, end));
            let words = &other_verse.words[end..(end + CONTINUATION_WORDS).min(keys.len())];
            others.push((other, words.join(" ")));
        }
    }
    if others.is_empty() {
        return None;
    }
    let right_words = verse.words[cut..(cut + CONTINUATION_WORDS).min(verse.words.len())].join(" ");
    let (choices, index, traps) = shuffle_in(rng, right_words, others);
    let surah_name = ctx
        .quran
        .surah(verse.key.surah())
        .map(|s| s.name_transliterated.clone())
        .unwrap_or_default();
    Some(Drill {
        prompt: ExercisePrompt::WhichContinuation {
            reference: verse.key,
            surah_name,
            shown: verse.words[..cut].to_vec(),
            choices,
        },
        key: AnswerKey::Choice { index },
        timing: TimingProfile::STANDARD.scaled(cut, 15),
        traps,
    })
}

/// A "which surah" drill for `verse` (see the module docs), or `None` when
/// no look-alike is in another surah, or one in another surah is the same
/// verse word for word.
pub(crate) fn which_surah(
    ctx: &ExerciseContext<'_>,
    verse: &Verse,
    partner: Option<VerseKey>,
    rng: &mut ChaCha8Rng,
) -> Option<Drill> {
    let surah = verse.key.surah();
    let pairs = ctx.look_alikes_of(verse.key);
    if pairs
        .iter()
        .any(|p| p.likeness == Likeness::Identical && p.other.surah() != surah)
    {
        return None;
    }
    let mut surahs: Vec<(u8, VerseKey)> = Vec::new();
    for other in opponents(ctx, verse.key, partner) {
        if surahs.len() + 1 >= MAX_CHOICES {
            break;
        }
        if other.surah() != surah && !surahs.iter().any(|&(s, _)| s == other.surah()) {
            surahs.push((other.surah(), other));
        }
    }
    if surahs.is_empty() {
        return None;
    }
    let name = |s: u8| {
        ctx.quran
            .surah(s)
            .map(|s| s.name_transliterated.clone())
            .unwrap_or_default()
    };
    let others = surahs.iter().map(|&(s, key)| (key, name(s))).collect();
    let (choices, index, traps) = shuffle_in(rng, name(surah), others);
    Some(Drill {
        prompt: ExercisePrompt::WhichSurah {
            text: verse.text.clone(),
            choices,
        },
        key: AnswerKey::Choice { index },
        timing: TimingProfile::STANDARD.scaled(verse.words.len(), 15),
        traps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cut_follows_the_longest_run_both_verses_go_on_after() {
        // a: 1 2 3 4 9 ; b: 7 1 2 3 4 5: the run 1 2 3 4, then 9 against 5.
        assert_eq!(
            shared_run_with_continuation(&[1, 2, 3, 4, 9], &[7, 1, 2, 3, 4, 5]),
            Some((4, 5, 4))
        );
        // A run at the end of either verse has no continuation to choose.
        assert_eq!(
            shared_run_with_continuation(&[1, 2, 3], &[1, 2, 3, 4]),
            None
        );
        assert_eq!(shared_run_with_continuation(&[5, 6], &[7, 8]), None);
    }
}
