//! Which exercise an item gets: the exercise follows the memory.
//!
//! One rule for the app and the simulator. An item's **stage** comes from
//! its memory state; each stage allows a few exercise types per skill:
//!
//! | stage | memorization | continuity | meaning |
//! |---|---|---|---|
//! | new (no state) | study | put in order | meaning |
//! | young (stability < [`HOLDS_STABILITY_DAYS`]) | recall | what comes next | meaning |
//! | holds (stability ≥ [`HOLDS_STABILITY_DAYS`]) | recall, type the verse | what comes next | meaning reverse |
//! | relearning (a copy after an Again in the session) | missing word, next word, find the mistake; a look-alike drill for a verse with look-alikes | put in order | meaning |
//! | confused (a wrong answer gave a look-alike's words, until two drills in a row are right: [`crate::confusion`]) | which continuation, which surah, against that look-alike | | |
//!
//! Why: a verse is first read, then recited with its words hidden step by
//! step, then recited from memory ("look, cover, recite", GUIDE §3b): testing
//! a verse that was never shown teaches nothing, so a verse's first item is
//! a study step. From then on a verse is reviewed by producing it: recall
//! is cued recall while the memory is young (the prompt shows the previous
//! verse, and the learner reveals the words they miss one by one before
//! grading themselves), and once the verse holds it alternates with typing
//! it unaided. Producing the whole verse is a full review (see
//! [`super::FULL`]); recognising one word among four, or a changed word in
//! a verse shown, is a fraction of one for about the same minutes, because
//! recognition tests give smaller retention gains than recall tests (Kang,
//! McDermott & Roediger 2007; Carpenter & DeLosh 2006; the weights and
//! their reasons are `super::training`'s, docs/simulation.md). The
//! simulator measures the difference: with the word choices, find the
//! mistake and put in order in the young stage, its learners held a third
//! fewer verses for the same minutes (`iqrah simulate`, seed 1, one item
//! per verse: 200 against 295.5). Choices serve after a failure: a
//! relearning copy comes back a few items after an Again, when the verse
//! was just shown, as a quick cued check that it was seen again, not a
//! second full test. A link is introduced by ordering the verses around it
//! (put in order, the verses in view), checked afterwards by the quickest
//! question that asks it (what comes next, one choice), and a failed link
//! is ordered again. The threshold is Anki's line between young and mature
//! cards (an interval of 21 days), the same as the "known" line of
//! `progress` ([`KNOWN_STABILITY_DAYS`]).
//!
//! Within the allowed types the choice is deterministic: it rotates with
//! the item's number of reviews (so successive reviews vary) from a start
//! fixed by the item. When the chosen type cannot be made for a verse (too
//! short, no distractors), the next allowed type is tried, then the other
//! types of the skill (never study).

use iqrah_quran::Verse;

use super::context::ExerciseContext;
use super::generate::{generate_drill, generate_of_type, mix};
use super::kind::ExerciseType;
use super::payload::{ExerciseError, GeneratedExercise};
use crate::item::{ItemKey, Skill};
use crate::memory::MemoryState;
use crate::progress::KNOWN_STABILITY_DAYS;

/// An item's memory holds once its stability reaches this many days: from
/// then on its exercises are full recall (the "known" line of `progress`).
pub const HOLDS_STABILITY_DAYS: f32 = KNOWN_STABILITY_DAYS;

/// Where an item's memory stands, for choosing its exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Never practised: no memory state.
    New,
    /// Started, stability below [`HOLDS_STABILITY_DAYS`].
    Young,
    /// Stability at least [`HOLDS_STABILITY_DAYS`].
    Holds,
    /// A relearning copy after an Again in the same session.
    Relearning,
}

impl Stage {
    /// The stage of an item with `state` (never [`Stage::Relearning`]: that
    /// is the session's copy, not a state).
    pub fn of(state: Option<&MemoryState>) -> Stage {
        match state {
            None => Stage::New,
            // A non-finite stability (a broken state) is treated as young.
            Some(s) if s.stability >= HOLDS_STABILITY_DAYS => Stage::Holds,
            Some(_) => Stage::Young,
        }
    }

    /// The exercise types this stage allows for `skill`, in preference order
    /// (see the module docs for the table and its reasons).
    pub const fn allowed(self, skill: Skill) -> &'static [ExerciseType] {
        use ExerciseType as T;
        match (self, skill) {
            (Stage::New, Skill::Memorization) => &[T::Study],
            (Stage::Young, Skill::Memorization) => &[T::Recall],
            (Stage::Holds, Skill::Memorization) => &[T::Recall, T::TypeVerse],
            (Stage::Relearning, Skill::Memorization) => {
                &[T::MissingWord, T::NextWord, T::FindTheMistake]
            }
            (Stage::New | Stage::Relearning, Skill::Continuity) => &[T::PutInOrder],
            (Stage::Young | Stage::Holds, Skill::Continuity) => &[T::WhatComesNext],
            (Stage::New | Stage::Young | Stage::Relearning, Skill::Meaning) => &[T::Meaning],
            (Stage::Holds, Skill::Meaning) => &[T::MeaningReverse],
        }
    }
}

/// The exercise type the rule gives `item` in `stage` after `reviews`
/// reviews: one of [`Stage::allowed`], rotating with `reviews` from a start
/// fixed by the item.
pub fn exercise_type_for(item: ItemKey, stage: Stage, reviews: u32) -> ExerciseType {
    let allowed = stage.allowed(item.skill());
    let start = mix(item_code(item)) % allowed.len() as u64;
    let index = (start + u64::from(reviews)) % allowed.len() as u64;
    allowed[index as usize]
}

/// The type the rule gives an item with `state` (see the module docs).
pub fn exercise_type_of(item: ItemKey, state: Option<&MemoryState>) -> ExerciseType {
    exercise_type_for(item, Stage::of(state), state.map_or(0, |s| s.reps))
}

/// The types to try, in order, for an item whose rule gave `first` in
/// `stage` on `verse`: `first`, the stage's other allowed types after it,
/// then the skill's other applicable types (never study), each once.
pub fn candidates(
    item: ItemKey,
    stage: Stage,
    first: ExerciseType,
    verse: &Verse,
) -> Vec<ExerciseType> {
    let allowed = stage.allowed(item.skill());
    let at = allowed.iter().position(|&t| t == first).unwrap_or(0);
    let mut order: Vec<ExerciseType> = vec![first];
    let rotated = allowed[at..].iter().chain(&allowed[..at]).copied();
    for t in rotated.chain(ExerciseType::applicable(item.skill(), verse)) {
        if !order.contains(&t) {
            order.push(t);
        }
    }
    order
}

/// Generates the exercise the rule gives: `first` for `item` in `stage`,
/// falling back along [`candidates`] when a type cannot be made.
pub fn generate_following(
    item: ItemKey,
    stage: Stage,
    first: ExerciseType,
    ctx: &ExerciseContext<'_>,
    seed: u64,
) -> Result<GeneratedExercise, ExerciseError> {
    let (verse, _) = ctx.verse(item.verse()).ok_or(ExerciseError::StaleIndex)?;
    let mut error = ExerciseError::Unsupported {
        item,
        exercise_type: first,
    };
    for t in candidates(item, stage, first, verse) {
        match generate_of_type(item, t, ctx, seed) {
            Ok(exercise) => return Ok(exercise),
            Err(e) => error = e,
        }
    }
    Err(error)
}

/// The exercise of a relearning copy of `item` (after an Again): a quick
/// cued check, chosen among [`Stage::Relearning`]'s types from `seed`. A
/// verse with look-alikes (in `ctx`) is drilled against them instead
/// ([`generate_look_alike_drill`]): a verse that slipped is often a verse
/// that slid into its twin.
pub fn generate_relearning(
    item: ItemKey,
    ctx: &ExerciseContext<'_>,
    seed: u64,
) -> Result<GeneratedExercise, ExerciseError> {
    if item.skill() == Skill::Memorization
        && let Ok(drill) = generate_look_alike_drill(item, None, ctx, seed)
    {
        return Ok(drill);
    }
    let allowed = Stage::Relearning.allowed(item.skill());
    let first = allowed[(mix(seed) % allowed.len() as u64) as usize];
    generate_following(item, Stage::Relearning, first, ctx, seed)
}

/// A look-alike drill for the memorization `item`: which continuation,
/// else which surah, against `partner` first (the verse of a confusion) and
/// then the verse's look-alikes ([`ExerciseType::DRILLS`]).
pub fn generate_look_alike_drill(
    item: ItemKey,
    partner: Option<iqrah_quran::VerseKey>,
    ctx: &ExerciseContext<'_>,
    seed: u64,
) -> Result<GeneratedExercise, ExerciseError> {
    let mut error = ExerciseError::Unsupported {
        item,
        exercise_type: ExerciseType::WhichContinuation,
    };
    for t in ExerciseType::DRILLS {
        match generate_drill(item, t, partner, ctx, seed) {
            Ok(exercise) => return Ok(exercise),
            Err(e) => error = e,
        }
    }
    Err(error)
}

/// A number that tells items apart (verse index and skill).
fn item_code(item: ItemKey) -> u64 {
    item.verse().index() as u64 * 3 + item.skill() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Rating, Scheduler};
    use crate::time::Timestamp;

    fn state(stability: f32) -> MemoryState {
        let mut s = Scheduler::new().review(None, Rating::Good, Timestamp(0), 0.9);
        s.stability = stability;
        s
    }

    #[test]
    fn the_stage_follows_stability() {
        assert_eq!(Stage::of(None), Stage::New);
        assert_eq!(Stage::of(Some(&state(2.0))), Stage::Young);
        assert_eq!(Stage::of(Some(&state(20.9))), Stage::Young);
        assert_eq!(Stage::of(Some(&state(21.0))), Stage::Holds);
        assert_eq!(Stage::of(Some(&state(f32::NAN))), Stage::Young);
    }

    #[test]
    fn only_a_new_memorization_item_is_studied() {
        let verse = "112:2".parse().unwrap();
        let memorization = ItemKey::memorization(verse);
        assert_eq!(exercise_type_of(memorization, None), ExerciseType::Study);
        for stage in [Stage::Young, Stage::Holds, Stage::Relearning] {
            for skill in [Skill::Memorization, Skill::Continuity, Skill::Meaning] {
                assert!(!stage.allowed(skill).contains(&ExerciseType::Study));
            }
        }
        for skill in [Skill::Continuity, Skill::Meaning] {
            assert!(!Stage::New.allowed(skill).contains(&ExerciseType::Study));
        }
        let young = exercise_type_of(memorization, Some(&state(3.0)));
        assert!(Stage::Young.allowed(Skill::Memorization).contains(&young));
        let holds = exercise_type_of(memorization, Some(&state(60.0)));
        assert!(Stage::Holds.allowed(Skill::Memorization).contains(&holds));
        assert!(holds.is_recitation());
    }

    #[test]
    fn every_allowed_type_trains_its_skill_and_holding_memories_are_not_cued() {
        for stage in [Stage::New, Stage::Young, Stage::Holds, Stage::Relearning] {
            for skill in [Skill::Memorization, Skill::Continuity, Skill::Meaning] {
                assert!(!stage.allowed(skill).is_empty());
                assert!(stage.allowed(skill).iter().all(|t| t.skill() == skill));
            }
        }
        // A memory that holds is reviewed by producing the verse.
        assert!(
            Stage::Holds
                .allowed(Skill::Memorization)
                .iter()
                .all(|t| t.is_recitation())
        );
        // A relearning copy is a quick choice, never a recitation.
        assert!(
            Stage::Relearning
                .allowed(Skill::Memorization)
                .iter()
                .all(|t| !t.is_recitation())
        );
    }

    #[test]
    fn successive_reviews_rotate_through_the_allowed_types() {
        let item = ItemKey::memorization("67:3".parse().unwrap());
        let seen: std::collections::HashSet<ExerciseType> = (0..4)
            .map(|reps| exercise_type_for(item, Stage::Holds, reps))
            .collect();
        assert_eq!(seen.len(), Stage::Holds.allowed(Skill::Memorization).len());
        assert_eq!(
            exercise_type_for(item, Stage::Holds, 1),
            exercise_type_for(item, Stage::Holds, 1)
        );
    }
}
