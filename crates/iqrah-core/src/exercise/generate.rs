//! Making exercises: deterministic from (item, type, seed).

use iqrah_quran::{Verse, VerseKey, VerseRange};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::context::{ExerciseContext, VerseEntry, sequence_key};
use super::distractors::{Picker, Reach, search};
use super::drill;
use super::kind::ExerciseType;
use super::payload::{
    AnswerKey, ExerciseError, ExercisePrompt, GeneratedExercise, ShownVerse, Solution, Trap,
    TrapAnswer,
};
use super::timing::TimingProfile;
use crate::arabic::loose_key;
use crate::item::ItemKey;

/// How many verses around the answer word-level distractors come from.
const WORD_REACH: Reach = Reach(6);
/// How many verses around the answer verse-level distractors come from.
const VERSE_REACH: Reach = Reach(20);
/// Words in a "what comes next" opening (fewer if the verse is shorter).
const OPENING_WORDS: usize = 3;
/// Put in order shrinks its window towards 3 verses above this many words.
const ORDER_MAX_WORDS: usize = 120;
/// The look-alikes a typed verse is compared with when the answer is wrong.
const TYPED_TRAPS: usize = 3;

/// SplitMix64: spreads a seed so nearby seeds pick unrelated types.
pub(crate) fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Generates an exercise for `item`: the type is chosen from `seed` among
/// those that train the item's skill and that the verse supports; if that
/// type cannot be made, the next applicable one is tried.
///
/// `generate(item, ctx, seed)` equals `generate_of_type(item, t, ctx, seed)`
/// for the type `t` it picks.
pub fn generate(
    item: ItemKey,
    ctx: &ExerciseContext<'_>,
    seed: u64,
) -> Result<GeneratedExercise, ExerciseError> {
    let (verse, _) = ctx.verse(item.verse()).ok_or(ExerciseError::StaleIndex)?;
    let types: Vec<ExerciseType> = ExerciseType::applicable(item.skill(), verse).collect();
    let Some(&fallback) = types.first() else {
        return Err(ExerciseError::Unsupported {
            item,
            exercise_type: ExerciseType::Recall,
        });
    };
    let start = (mix(seed) % types.len() as u64) as usize;
    let mut error = ExerciseError::Unsupported {
        item,
        exercise_type: fallback,
    };
    for k in 0..types.len() {
        match generate_of_type(item, types[(start + k) % types.len()], ctx, seed) {
            Ok(exercise) => return Ok(exercise),
            Err(e) => error = e,
        }
    }
    Err(error)
}

/// Generates an exercise of a given type for `item`, deterministically from `seed`.
pub fn generate_of_type(
    item: ItemKey,
    exercise_type: ExerciseType,
    ctx: &ExerciseContext<'_>,
    seed: u64,
) -> Result<GeneratedExercise, ExerciseError> {
    make(item, exercise_type, ctx, seed, None)
}

/// Generates a look-alike drill of `exercise_type` (one of
/// [`ExerciseType::DRILLS`]) for `item`, against `partner` first when given
/// (the verse a confusion was with), deterministically from `seed`. Without
/// look-alikes in `ctx` (and no partner) it cannot be made.
pub fn generate_drill(
    item: ItemKey,
    exercise_type: ExerciseType,
    partner: Option<VerseKey>,
    ctx: &ExerciseContext<'_>,
    seed: u64,
) -> Result<GeneratedExercise, ExerciseError> {
    if !exercise_type.is_drill() {
        return Err(ExerciseError::Unsupported {
            item,
            exercise_type,
        });
    }
    make(item, exercise_type, ctx, seed, partner)
}

/// Makes an exercise of `exercise_type` for `item`; a drill is made
/// against `partner` first.
fn make(
    item: ItemKey,
    exercise_type: ExerciseType,
    ctx: &ExerciseContext<'_>,
    seed: u64,
    partner: Option<VerseKey>,
) -> Result<GeneratedExercise, ExerciseError> {
    let (verse, entry) = ctx.verse(item.verse()).ok_or(ExerciseError::StaleIndex)?;
    if exercise_type.skill() != item.skill() || !exercise_type.supports(verse) {
        return Err(ExerciseError::Unsupported {
            item,
            exercise_type,
        });
    }
    let mut maker = Maker {
        ctx,
        item,
        exercise_type,
        verse,
        entry,
        rng: ChaCha8Rng::seed_from_u64(seed),
    };
    let mut traps = Vec::new();
    let (prompt, key, timing) = match exercise_type {
        ExerciseType::Study => maker.study(),
        ExerciseType::Recall => maker.recite(),
        ExerciseType::TypeVerse => {
            traps = maker.typed_traps();
            maker.recite()
        }
        ExerciseType::WhichContinuation | ExerciseType::WhichSurah => {
            let drill = if exercise_type == ExerciseType::WhichContinuation {
                drill::which_continuation(ctx, verse, entry, partner, &mut maker.rng)
            } else {
                drill::which_surah(ctx, verse, partner, &mut maker.rng)
            };
            let drill = drill.ok_or_else(|| maker.no_distractors())?;
            traps = drill.traps;
            (drill.prompt, drill.key, drill.timing)
        }
        ExerciseType::NextWord => {
            let (made, word_traps) = maker.next_word()?;
            traps = word_traps;
            made
        }
        ExerciseType::MissingWord => {
            let (made, word_traps) = maker.missing_word()?;
            traps = word_traps;
            made
        }
        ExerciseType::FindTheMistake => maker.find_the_mistake()?,
        ExerciseType::WhatComesNext => maker.what_comes_next()?,
        ExerciseType::PutInOrder => maker.put_in_order()?,
        ExerciseType::Meaning => maker.meaning()?,
        ExerciseType::MeaningReverse => maker.meaning_reverse()?,
        // Never reached (no verse supports it): a passage is made from its
        // verses by `crate::passage::generate_passage`.
        ExerciseType::RecitePassage => {
            return Err(ExerciseError::Unsupported {
                item,
                exercise_type,
            });
        }
    };
    Ok(GeneratedExercise {
        prompt,
        solution: Solution {
            item,
            timing,
            key,
            traps,
        },
    })
}

type Made = (ExercisePrompt, AnswerKey, TimingProfile);

struct Maker<'c, 'a> {
    ctx: &'c ExerciseContext<'a>,
    item: ItemKey,
    exercise_type: ExerciseType,
    verse: &'a Verse,
    entry: &'a VerseEntry,
    rng: ChaCha8Rng,
}

impl<'a> Maker<'_, 'a> {
    fn no_distractors(&self) -> ExerciseError {
        ExerciseError::NoDistractors {
            item: self.item,
            exercise_type: self.exercise_type,
        }
    }

    fn key(&self) -> VerseKey {
        self.verse.key
    }

    /// The verse at a mushaf index with its keys.
    fn at(&self, index: usize) -> Option<(&'a Verse, &'a VerseEntry)> {
        VerseKey::from_index(index).and_then(|key| self.ctx.verse(key))
    }

    /// `need` words near the verse, distinct from the word with `key` and `len`.
    fn word_distractors(
        &mut self,
        key: u64,
        len: u16,
        need: usize,
    ) -> Result<Vec<String>, ExerciseError> {
        let mut picker = Picker::new(key, u32::from(len), need);
        let (ctx, center) = (self.ctx, self.key());
        let found = search(
            &mut self.rng,
            &mut picker,
            center,
            WORD_REACH,
            |rng, picker, index| {
                let Some(entry) = VerseKey::from_index(index)
                    .and_then(|k| ctx.verse(k))
                    .map(|(_, e)| e)
                else {
                    return;
                };
                for (w, (&key, &len)) in entry.word_keys.iter().zip(&entry.word_lens).enumerate() {
                    picker.offer(rng, key, u32::from(len), (index, w));
                }
            },
        );
        let found = found.ok_or_else(|| self.no_distractors())?;
        Ok(found
            .into_iter()
            .filter_map(|(v, w)| {
                self.at(v)
                    .and_then(|(verse, _)| verse.words.get(w).cloned())
            })
            .collect())
    }

    /// Shuffles the answer among the distractors; returns the choices and the answer's index.
    fn shuffle_in(&mut self, answer: String, distractors: Vec<String>) -> (Vec<String>, usize) {
        let mut choices: Vec<(bool, String)> = std::iter::once((true, answer))
            .chain(distractors.into_iter().map(|d| (false, d)))
            .collect();
        choices.shuffle(&mut self.rng);
        let index = choices.iter().position(|(right, _)| *right).unwrap_or(0);
        (choices.into_iter().map(|(_, text)| text).collect(), index)
    }

    /// A typed verse's traps: the words of its look-alikes (at most
    /// [`TYPED_TRAPS`]), the most alike first, other than its own words.
    fn typed_traps(&self) -> Vec<Trap> {
        self.ctx
            .look_alikes_of(self.key())
            .iter()
            .filter(|pair| pair.likeness != crate::look_alike::Likeness::Identical)
            .filter_map(|pair| self.ctx.verse(pair.other))
            .take(TYPED_TRAPS)
            .map(|(other, _)| Trap {
                verse: other.key,
                answer: TrapAnswer::Words {
                    words: other.words.clone(),
                },
            })
            .collect()
    }

    fn words(&self) -> &'a [String] {
        &self.verse.words
    }

    fn previous(&self) -> Option<ShownVerse> {
        let previous = self.key().previous_in_surah()?;
        let (verse, _) = self.ctx.verse(previous)?;
        Some(ShownVerse {
            reference: previous,
            text: verse.text.clone(),
        })
    }

    fn surah_name(&self) -> String {
        self.ctx
            .quran
            .surah(self.key().surah())
            .map(|s| s.name_transliterated.clone())
            .unwrap_or_default()
    }

    fn study(&mut self) -> Made {
        let words = self.words().to_vec();
        let timing = TimingProfile::recitation(words.len());
        let prompt = ExercisePrompt::Study {
            reference: self.key(),
            surah_name: self.surah_name(),
            previous: self.previous(),
            text: self.verse.text.clone(),
            words: words.clone(),
            transliteration: self.verse.transliteration.clone(),
            translation: self.ctx.translation.text(self.key()).to_owned(),
        };
        (prompt, AnswerKey::Words { words }, timing)
    }

    fn recite(&mut self) -> Made {
        let (reference, surah_name, previous, word_count) = (
            self.key(),
            self.surah_name(),
            self.previous(),
            self.words().len(),
        );
        let prompt = if self.exercise_type == ExerciseType::Recall {
            ExercisePrompt::Recall {
                reference,
                surah_name,
                previous,
                word_count,
            }
        } else {
            ExercisePrompt::TypeVerse {
                reference,
                surah_name,
                previous,
                word_count,
            }
        };
        let timing = TimingProfile::recitation(word_count);
        (
            prompt,
            AnswerKey::Words {
                words: self.words().to_vec(),
            },
            timing,
        )
    }

    fn next_word(&mut self) -> Result<(Made, Vec<Trap>), ExerciseError> {
        let at = self.word_position(1..self.words().len());
        let (choices, index, traps) = self.word_choices(at)?;
        let prompt = ExercisePrompt::NextWord {
            reference: self.key(),
            shown: self.words()[..at].to_vec(),
            choices,
        };
        Ok((
            (
                prompt,
                AnswerKey::Choice { index },
                TimingProfile::QUICK_CHOICE.scaled(at, 20),
            ),
            traps,
        ))
    }

    fn missing_word(&mut self) -> Result<(Made, Vec<Trap>), ExerciseError> {
        let at = self.word_position(0..self.words().len());
        let (choices, index, traps) = self.word_choices(at)?;
        let words = self.words();
        let prompt = ExercisePrompt::MissingWord {
            reference: self.key(),
            before: words[..at].to_vec(),
            after: words[at + 1..].to_vec(),
            choices,
        };
        Ok((
            (
                prompt,
                AnswerKey::Choice { index },
                TimingProfile::QUICK_CHOICE.scaled(words.len(), 20),
            ),
            traps,
        ))
    }

    /// The word to ask for, in `range`: where the verse has a look-alike
    /// that says another word there, one of those places half the time
    /// (the point where a memorizer slips into the other verse), else any.
    fn word_position(&mut self, range: std::ops::Range<usize>) -> usize {
        let traps: Vec<usize> = range
            .clone()
            .filter(|&at| self.look_alike_word(at).is_some())
            .collect();
        if !traps.is_empty() && self.rng.random_bool(0.5) {
            traps[self.rng.random_range(0..traps.len())]
        } else {
            self.rng.random_range(range)
        }
    }

    /// The choices for the word at `at`: the word, the word a look-alike has
    /// in its place (a trap: choosing it is a confusion with that verse),
    /// and words from nearby verses, three distractors in all; with the
    /// answer's index.
    fn word_choices(
        &mut self,
        at: usize,
    ) -> Result<(Vec<String>, usize, Vec<Trap>), ExerciseError> {
        let trap = self.look_alike_word(at);
        let mut distractors =
            self.word_distractors(self.entry.word_keys[at], self.entry.word_lens[at], 3)?;
        if let Some((word, _)) = &trap {
            let trap_word = loose_key(word);
            distractors.retain(|d| loose_key(d) != trap_word);
            distractors.truncate(2);
            distractors.insert(0, word.clone());
        }
        let trap_text = trap.as_ref().map(|(word, _)| word.clone());
        let (choices, index) = self.shuffle_in(self.words()[at].clone(), distractors);
        let traps = trap
            .and_then(|(_, verse)| {
                let index = choices.iter().position(|c| Some(c) == trap_text.as_ref())?;
                Some(Trap {
                    verse,
                    answer: TrapAnswer::Choice { index },
                })
            })
            .into_iter()
            .collect();
        Ok((choices, index, traps))
    }

    /// The word the most alike look-alike (not identical) has where this
    /// verse has word `at` and the two differ, with that verse. The two
    /// verses' words outside what they share come in stretches between
    /// shared words; `at` lies `k` words into one, after the verse's
    /// `shared_before` shared words, and the look-alike's stretch after as
    /// many shared words is matched to it: its first word where the verses
    /// part (`k` = 0), or its `k`-th word when both stretches are as long (a
    /// word or a few replaced). A place deeper into stretches of different
    /// lengths has no counterpart.
    fn look_alike_word(&self, at: usize) -> Option<(String, VerseKey)> {
        let own_key = *self.entry.word_keys.get(at)?;
        let words = self.words().len();
        self.ctx
            .look_alikes_of(self.key())
            .iter()
            .filter(|pair| pair.likeness != crate::look_alike::Likeness::Identical)
            .filter(|pair| pair.differing.contains(&at))
            .find_map(|pair| {
                let own = stretch_at(&pair.differing, words, at)?;
                let (other, other_entry) = self.ctx.verse(pair.other)?;
                let theirs =
                    stretch_after(&pair.other_differing, other.words.len(), own.shared_before)?;
                let place = if own.k == 0 {
                    theirs.start
                } else if theirs.len() == own.len {
                    theirs.start + own.k
                } else {
                    return None;
                };
                let word = other.words.get(place)?;
                (other_entry.word_keys.get(place) != Some(&own_key))
                    .then(|| (word.clone(), other.key))
            })
    }

    fn find_the_mistake(&mut self) -> Result<Made, ExerciseError> {
        let mut words = self.words().to_vec();
        let at = self.rng.random_range(0..words.len());
        let replacement =
            self.word_distractors(self.entry.word_keys[at], self.entry.word_lens[at], 1)?;
        let replacement = replacement
            .into_iter()
            .next()
            .ok_or_else(|| self.no_distractors())?;
        let original = std::mem::replace(&mut words[at], replacement);
        let timing = TimingProfile::STANDARD.scaled(words.len(), 15);
        let prompt = ExercisePrompt::FindTheMistake {
            reference: self.key(),
            words,
        };
        Ok((
            prompt,
            AnswerKey::Mistake {
                index: at,
                original,
            },
            timing,
        ))
    }

    fn what_comes_next(&mut self) -> Result<Made, ExerciseError> {
        let next_key = self
            .key()
            .next_in_surah()
            .ok_or_else(|| self.no_distractors())?;
        let (next, next_entry) = self.ctx.verse(next_key).ok_or(ExerciseError::StaleIndex)?;
        let k = OPENING_WORDS.min(next.words.len());
        let opening = |entry: &VerseEntry| {
            let k = k.min(entry.word_keys.len());
            let len: u32 = entry.word_lens[..k].iter().map(|&l| u32::from(l) + 1).sum();
            (sequence_key(&entry.word_keys[..k]), len)
        };
        let (answer_key, answer_len) = opening(next_entry);
        let mut picker = Picker::new(answer_key, answer_len, 3);
        let (ctx, own, next_index) = (self.ctx, self.key().index(), next_key.index());
        let found = search(
            &mut self.rng,
            &mut picker,
            next_key,
            VERSE_REACH,
            |rng, picker, index| {
                if index == own || index == next_index {
                    return;
                }
                if let Some((_, entry)) = VerseKey::from_index(index).and_then(|k| ctx.verse(k)) {
                    let (key, len) = opening(entry);
                    picker.offer(rng, key, len, index);
                }
            },
        );
        let found = found.ok_or_else(|| self.no_distractors())?;
        let text_of = |verse: &Verse| verse.words[..k.min(verse.words.len())].join(" ");
        let distractors = found
            .into_iter()
            .filter_map(|i| self.at(i).map(|(v, _)| text_of(v)))
            .collect();
        let (choices, index) = self.shuffle_in(text_of(next), distractors);
        let timing = TimingProfile::QUICK_CHOICE.scaled(self.words().len(), 20);
        let prompt = ExercisePrompt::WhatComesNext {
            reference: self.key(),
            text: self.verse.text.clone(),
            choices,
        };
        Ok((prompt, AnswerKey::Choice { index }, timing))
    }

    fn put_in_order(&mut self) -> Result<Made, ExerciseError> {
        let key = self.key();
        let surah =
            iqrah_quran::surah_range(u32::from(key.surah())).map_err(|_| self.no_distractors())?;
        let (first, last, here) = (surah.start().index(), surah.end().index(), key.index());
        let max_len = 5.min(last - first + 1);
        if max_len < 3 || here >= last {
            return Err(self.no_distractors());
        }
        let ctx = self.ctx;
        let at = |i: usize| VerseKey::from_index(i).and_then(|k| ctx.verse(k));
        let words_in = |start: usize, len: usize| -> usize {
            (start..start + len)
                .filter_map(at)
                .map(|(v, _)| v.words.len())
                .sum()
        };
        let mut len = self.rng.random_range(3..=max_len);
        // The window holds this verse and the next: start in [here + 1 - (len - 1), here].
        let pick_start = |rng: &mut ChaCha8Rng, len: usize| {
            let lo = (here + 2).saturating_sub(len).max(first);
            let hi = here.min(last + 1 - len);
            rng.random_range(lo..=hi)
        };
        let mut start = pick_start(&mut self.rng, len);
        while len > 3 && words_in(start, len) > ORDER_MAX_WORDS {
            len -= 1;
            start = pick_start(&mut self.rng, len);
        }
        let window: Vec<(&Verse, &VerseEntry)> = (start..start + len).filter_map(at).collect();
        if window.len() != len {
            return Err(ExerciseError::StaleIndex);
        }
        let mut shown: Vec<usize> = (0..len).collect();
        shown.shuffle(&mut self.rng);
        // Never show the verses already in order (or in an order that reads the same).
        let reads_in_order = |shown: &[usize]| {
            shown
                .iter()
                .enumerate()
                .all(|(pos, &v)| window[v].1.text_key == window[pos].1.text_key)
        };
        for _ in 0..len {
            if !reads_in_order(&shown) {
                break;
            }
            shown.rotate_left(1);
        }
        // order[k] = position in the shown list of the k-th verse.
        let mut order = vec![0; len];
        for (pos, &v) in shown.iter().enumerate() {
            order[v] = pos;
        }
        let verses = shown.iter().map(|&v| window[v].0.text.clone()).collect();
        let range = VerseRange::new(window[0].0.key, window[len - 1].0.key)
            .map_err(|_| ExerciseError::StaleIndex)?;
        let timing = TimingProfile::STANDARD.scaled(words_in(start, len), 30);
        Ok((
            ExercisePrompt::PutInOrder { range, verses },
            AnswerKey::Order { order },
            timing,
        ))
    }

    fn meaning(&mut self) -> Result<Made, ExerciseError> {
        let key = self.key();
        let mut picker = Picker::new(self.entry.translation_key, self.entry.translation_words, 3);
        let ctx = self.ctx;
        let found = search(
            &mut self.rng,
            &mut picker,
            key,
            VERSE_REACH,
            |rng, picker, index| {
                if let Some((_, entry)) = VerseKey::from_index(index).and_then(|k| ctx.verse(k)) {
                    picker.offer(rng, entry.translation_key, entry.translation_words, index);
                }
            },
        );
        let found = found.ok_or_else(|| self.no_distractors())?;
        let distractors: Vec<String> = found
            .into_iter()
            .filter_map(VerseKey::from_index)
            .map(|k| ctx.translation.text(k).to_owned())
            .collect();
        let words: usize = distractors
            .iter()
            .map(|d| d.split_whitespace().count())
            .sum::<usize>()
            + ctx.translation.text(key).split_whitespace().count();
        let (choices, index) = self.shuffle_in(ctx.translation.text(key).to_owned(), distractors);
        let prompt = ExercisePrompt::Meaning {
            reference: key,
            text: self.verse.text.clone(),
            choices,
        };
        Ok((
            prompt,
            AnswerKey::Choice { index },
            TimingProfile::STANDARD.scaled(words, 60),
        ))
    }

    fn meaning_reverse(&mut self) -> Result<Made, ExerciseError> {
        let key = self.key();
        let mut picker = Picker::new(self.entry.text_key, self.entry.text_len, 3);
        let ctx = self.ctx;
        let found = search(
            &mut self.rng,
            &mut picker,
            key,
            VERSE_REACH,
            |rng, picker, index| {
                if let Some((_, entry)) = VerseKey::from_index(index).and_then(|k| ctx.verse(k)) {
                    picker.offer(rng, entry.text_key, entry.text_len, index);
                }
            },
        );
        let found = found.ok_or_else(|| self.no_distractors())?;
        let distractors: Vec<&Verse> = found
            .into_iter()
            .filter_map(|i| self.at(i).map(|(v, _)| v))
            .collect();
        let words = distractors.iter().map(|v| v.words.len()).sum::<usize>() + self.words().len();
        let distractors = distractors.into_iter().map(|v| v.text.clone()).collect();
        let (choices, index) = self.shuffle_in(self.verse.text.clone(), distractors);
        let prompt = ExercisePrompt::MeaningReverse {
            translation: ctx.translation.text(key).to_owned(),
            choices,
        };
        Ok((
            prompt,
            AnswerKey::Choice { index },
            TimingProfile::STANDARD.scaled(words, 30),
        ))
    }
}

/// Where a differing word lies among a verse's words: after
/// `shared_before` shared words, `k` words into a stretch of `len`
/// differing words.
struct StretchPlace {
    shared_before: usize,
    k: usize,
    len: usize,
}

/// The stretch of `differing` positions (of a verse of `words` words) that
/// holds `at`, if `at` is one.
fn stretch_at(differing: &[usize], words: usize, at: usize) -> Option<StretchPlace> {
    let differs = |i: usize| differing.contains(&i);
    if !differs(at) {
        return None;
    }
    let start = (0..at).rev().take_while(|&i| differs(i)).count();
    let start = at - start;
    let end = (at..words).take_while(|&i| differs(i)).count() + at;
    Some(StretchPlace {
        shared_before: (0..start).filter(|&i| !differs(i)).count(),
        k: at - start,
        len: end - start,
    })
}

/// The stretch of `differing` positions (of a verse of `words` words) that
/// begins right after its first `shared` shared words, if one does.
fn stretch_after(
    differing: &[usize],
    words: usize,
    shared: usize,
) -> Option<std::ops::Range<usize>> {
    let differs = |i: usize| differing.contains(&i);
    let mut start = 0;
    let mut seen = 0;
    while seen < shared {
        if start >= words {
            return None;
        }
        seen += usize::from(!differs(start));
        start += 1;
    }
    let end = start + (start..words).take_while(|&i| differs(i)).count();
    (end > start).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differing_words_are_matched_by_their_stretch_between_shared_words() {
        // "A B X1 X2 X3 E" against "A B Y1 E": a stretch of 3 after 2 shared
        // words, against one of 1.
        let place = |at| stretch_at(&[2, 3, 4], 6, at).map(|p| (p.shared_before, p.k, p.len));
        assert_eq!(place(2), Some((2, 0, 3)));
        assert_eq!(place(4), Some((2, 2, 3)));
        assert_eq!(place(1), None, "a shared word");
        assert_eq!(stretch_after(&[2], 4, 2), Some(2..3));
        // "Y0 A B": a stretch at the start; none right after A.
        assert_eq!(stretch_after(&[0], 3, 0), Some(0..1));
        assert_eq!(stretch_after(&[0], 3, 1), None);
        assert_eq!(stretch_after(&[2, 3], 4, 5), None, "fewer shared words");
        // "A Y1 Y2 B Y3": after A, 1..3; after B, 4..5.
        assert_eq!(stretch_after(&[1, 2, 4], 5, 1), Some(1..3));
        assert_eq!(stretch_after(&[1, 2, 4], 5, 2), Some(4..5));
    }
}
