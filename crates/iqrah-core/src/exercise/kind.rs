//! The exercise catalog: which types exist, which skill each trains, and
//! which verses each can be made from.

use std::fmt;

use iqrah_quran::Verse;
use serde::{Deserialize, Serialize};

use crate::item::Skill;

/// One kind of exercise. Serialized in snake_case (`next_word`), which is
/// also the `type` tag of its prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseType {
    /// Memorization: recite from the reference and previous verse, revealing
    /// words on demand; self-graded.
    Recall,
    /// Memorization: the verse up to a point; choose the next word among 4.
    NextWord,
    /// Memorization: one word blanked; choose it among 4.
    MissingWord,
    /// Memorization: one word replaced by a plausible one; pick it.
    FindTheMistake,
    /// Memorization: type the verse; checked after normalization, with a word diff.
    TypeVerse,
    /// Continuity: given a verse, choose the opening words of the next among 4.
    WhatComesNext,
    /// Continuity: 3–5 consecutive verses shuffled; put them in order.
    PutInOrder,
    /// Meaning: a verse; choose its translation among 4.
    Meaning,
    /// Meaning: a translation; choose its verse among 4.
    MeaningReverse,
    /// Memorization: consecutive verses of one surah recited in one go,
    /// the learner marking where they stumbled or needed a prompt; every
    /// verse and link is graded from the marks (`crate::passage`). Made
    /// only by the planner's passage rule, never for one verse: it is not
    /// in [`ExerciseType::ALL`] and [`ExerciseType::supports`] no verse.
    RecitePassage,
}

impl ExerciseType {
    /// Every type, in catalog order.
    pub const ALL: [ExerciseType; 9] = [
        ExerciseType::Recall,
        ExerciseType::NextWord,
        ExerciseType::MissingWord,
        ExerciseType::FindTheMistake,
        ExerciseType::TypeVerse,
        ExerciseType::WhatComesNext,
        ExerciseType::PutInOrder,
        ExerciseType::Meaning,
        ExerciseType::MeaningReverse,
    ];

    /// The skill the type trains.
    pub const fn skill(self) -> Skill {
        match self {
            ExerciseType::Recall
            | ExerciseType::NextWord
            | ExerciseType::MissingWord
            | ExerciseType::FindTheMistake
            | ExerciseType::TypeVerse
            | ExerciseType::RecitePassage => Skill::Memorization,
            ExerciseType::WhatComesNext | ExerciseType::PutInOrder => Skill::Continuity,
            ExerciseType::Meaning | ExerciseType::MeaningReverse => Skill::Meaning,
        }
    }

    /// The snake_case name (`find_the_mistake`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ExerciseType::Recall => "recall",
            ExerciseType::NextWord => "next_word",
            ExerciseType::MissingWord => "missing_word",
            ExerciseType::FindTheMistake => "find_the_mistake",
            ExerciseType::TypeVerse => "type_verse",
            ExerciseType::WhatComesNext => "what_comes_next",
            ExerciseType::PutInOrder => "put_in_order",
            ExerciseType::Meaning => "meaning",
            ExerciseType::MeaningReverse => "meaning_reverse",
            ExerciseType::RecitePassage => "recite_passage",
        }
    }

    /// The fewest words a verse needs for this type: next word and missing
    /// word need 2 (something shown, something asked), find the mistake 3.
    pub const fn min_words(self) -> usize {
        match self {
            ExerciseType::NextWord | ExerciseType::MissingWord => 2,
            ExerciseType::FindTheMistake => 3,
            _ => 1,
        }
    }

    /// Whether the type can be made for `verse` (continuity types need a
    /// next verse in the surah; some types need a few words; a passage is
    /// made from several verses, never from one).
    pub fn supports(self, verse: &Verse) -> bool {
        if self == ExerciseType::RecitePassage {
            return false;
        }
        let continues = self.skill() != Skill::Continuity || !verse.key.ends_surah();
        continues && verse.words.len() >= self.min_words()
    }

    /// The types that train `skill` and can be made for `verse`, in catalog order.
    pub fn applicable(skill: Skill, verse: &Verse) -> impl Iterator<Item = ExerciseType> + '_ {
        ExerciseType::ALL
            .into_iter()
            .filter(move |t| t.skill() == skill && t.supports(verse))
    }
}

impl fmt::Display for ExerciseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
