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
    /// Memorization: the first contact with a verse. Read it (with the
    /// previous verse, translation and transliteration), recite it with its
    /// words hidden step by step, then recite it from memory and grade the
    /// recitation; self-graded. Only the planner's rule picks it, for a
    /// verse's first item (see [`crate::exercise::choose`]).
    Study,
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
    /// Memorization, a look-alike drill: the verse's words up to where a
    /// verse that looks like it goes on differently; choose how this one
    /// goes on, against the look-alikes' continuations. Made only for a
    /// verse with look-alikes (the relearning copy after an Again, a
    /// confusion's review; [`crate::exercise::choose`]), so it is not in
    /// [`ExerciseType::ALL`] but in [`ExerciseType::DRILLS`].
    WhichContinuation,
    /// Memorization, a look-alike drill: a verse without its reference;
    /// choose its surah, against the surahs of the verses that look like
    /// it. In [`ExerciseType::DRILLS`], as which continuation.
    WhichSurah,
}

impl ExerciseType {
    /// Every type, in catalog order.
    pub const ALL: [ExerciseType; 10] = [
        ExerciseType::Study,
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

    /// The look-alike drills, which need the text's look-alike verses.
    pub const DRILLS: [ExerciseType; 2] =
        [ExerciseType::WhichContinuation, ExerciseType::WhichSurah];

    /// Every type there is: [`ExerciseType::ALL`], the passage and the drills.
    pub fn every() -> impl Iterator<Item = ExerciseType> {
        ExerciseType::ALL
            .into_iter()
            .chain([ExerciseType::RecitePassage])
            .chain(ExerciseType::DRILLS)
    }

    /// Whether the type is a look-alike drill.
    pub const fn is_drill(self) -> bool {
        matches!(
            self,
            ExerciseType::WhichContinuation | ExerciseType::WhichSurah
        )
    }

    /// The skill the type trains.
    pub const fn skill(self) -> Skill {
        match self {
            ExerciseType::Study
            | ExerciseType::Recall
            | ExerciseType::NextWord
            | ExerciseType::MissingWord
            | ExerciseType::FindTheMistake
            | ExerciseType::TypeVerse
            | ExerciseType::RecitePassage
            | ExerciseType::WhichContinuation
            | ExerciseType::WhichSurah => Skill::Memorization,
            ExerciseType::WhatComesNext | ExerciseType::PutInOrder => Skill::Continuity,
            ExerciseType::Meaning | ExerciseType::MeaningReverse => Skill::Meaning,
        }
    }

    /// The snake_case name (`find_the_mistake`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ExerciseType::Study => "study",
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
            ExerciseType::WhichContinuation => "which_continuation",
            ExerciseType::WhichSurah => "which_surah",
        }
    }

    /// The fewest words a verse needs for this type: next word and missing
    /// word need 2 (something shown, something asked), find the mistake 3.
    pub const fn min_words(self) -> usize {
        match self {
            ExerciseType::NextWord
            | ExerciseType::MissingWord
            | ExerciseType::WhichContinuation => 2,
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

    /// The time a session plans for one exercise of this type, in
    /// milliseconds: the "good" limit of the type's reference answer-time
    /// profile (GUIDE §3), before any stretching for long verses: 20 s for a
    /// recitation (recall, type the verse), 7 s for a quick choice (next
    /// word, missing word, what comes next), 12 s for the others; a study
    /// step is three recitations (read, recite with cues, recite from
    /// memory), 60 s; a passage 20 s per verse.
    pub const fn expected_ms(self) -> u64 {
        use super::timing::TimingProfile as P;
        match self {
            ExerciseType::Study => 3 * P::LONG_RECALL.good_ms,
            // A passage: per verse it recites (`crate::passage`'s planner
            // rule counts it once per verse).
            ExerciseType::Recall | ExerciseType::TypeVerse | ExerciseType::RecitePassage => {
                P::LONG_RECALL.good_ms
            }
            ExerciseType::NextWord | ExerciseType::MissingWord | ExerciseType::WhatComesNext => {
                P::QUICK_CHOICE.good_ms
            }
            ExerciseType::FindTheMistake
            | ExerciseType::PutInOrder
            | ExerciseType::Meaning
            | ExerciseType::MeaningReverse
            | ExerciseType::WhichContinuation
            | ExerciseType::WhichSurah => P::STANDARD.good_ms,
        }
    }

    /// The types that train `skill` and can be made for `verse`, in catalog
    /// order. [`ExerciseType::Study`] is never among them: it is not a test,
    /// and only the planner's rule gives it, to a verse's first item.
    pub fn applicable(skill: Skill, verse: &Verse) -> impl Iterator<Item = ExerciseType> + '_ {
        ExerciseType::ALL
            .into_iter()
            .filter(move |t| *t != ExerciseType::Study && t.skill() == skill && t.supports(verse))
    }
}

impl fmt::Display for ExerciseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
