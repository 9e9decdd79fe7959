//! The goal being learned: its verses in mushaf order, their word counts,
//! and the index of every item's true memory.

use iqrah_core::exercise::ExerciseContext;
use iqrah_core::goal::Goal;
use iqrah_core::item::{ItemKey, Skill};
use iqrah_quran::{VerseKey, VerseRange};

use crate::SimError;

/// A goal's verses with what the simulation needs to know about each.
#[derive(Debug, Clone)]
pub struct Course<'a> {
    goal: Goal,
    range: VerseRange,
    words: Vec<usize>,
    ctx: ExerciseContext<'a>,
}

impl<'a> Course<'a> {
    /// The course of `goal` (not `review`, whose verses depend on a learner)
    /// over the text and translation in `ctx`.
    pub fn new(goal: Goal, ctx: ExerciseContext<'a>) -> Result<Self, SimError> {
        let range = goal.range().ok_or(SimError::Goal(goal))?;
        let words = range
            .keys()
            .map(|key| {
                ctx.quran
                    .verses()
                    .get(key.index())
                    .map(|v| v.words.len())
                    .ok_or(SimError::Content(key))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Course {
            goal,
            range,
            words,
            ctx,
        })
    }

    /// The goal.
    pub fn goal(&self) -> Goal {
        self.goal
    }

    /// The exercise context (text, translation, index).
    pub fn ctx(&self) -> &ExerciseContext<'a> {
        &self.ctx
    }

    /// How many verses the goal has.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the goal has no verse (never: a range holds at least one).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The `i`-th verse of the goal.
    pub fn verse(&self, i: usize) -> Option<VerseKey> {
        VerseKey::from_index(self.range.start().index() + i).filter(|key| self.range.contains(*key))
    }

    /// The position of `verse` in the goal.
    pub fn position(&self, verse: VerseKey) -> Option<usize> {
        self.range
            .contains(verse)
            .then(|| verse.index() - self.range.start().index())
    }

    /// Words of the `i`-th verse (0 outside the goal).
    pub fn words(&self, i: usize) -> usize {
        self.words.get(i).copied().unwrap_or(0)
    }

    /// Whether verse `i + 1` of the goal follows verse `i` in the same
    /// surah, so that verse `i` has a continuity item inside the goal.
    pub fn continues(&self, i: usize) -> bool {
        match (self.verse(i), self.verse(i + 1)) {
            (Some(a), Some(b)) => a.next_in_surah() == Some(b),
            _ => false,
        }
    }

    /// The slot of an item in per-item tables (`3 × verse position + skill`).
    pub fn slot(&self, item: ItemKey) -> Option<usize> {
        Some(self.position(item.verse())? * 3 + skill_index(item.skill()))
    }

    /// How many per-item slots the course has.
    pub fn slots(&self) -> usize {
        self.len() * 3
    }
}

/// The slot of `skill` among a verse's three.
pub(crate) const fn skill_index(skill: Skill) -> usize {
    match skill {
        Skill::Memorization => 0,
        Skill::Continuity => 1,
        Skill::Meaning => 2,
    }
}
