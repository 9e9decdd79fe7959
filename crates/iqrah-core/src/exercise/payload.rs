//! The serializable shapes of an exercise: the prompt a screen renders, the
//! solution the server keeps, the learner's answer and the checked outcome.

use iqrah_quran::{VerseKey, VerseRange};
use serde::{Deserialize, Serialize};

use super::kind::ExerciseType;
use super::timing::TimingProfile;
use crate::arabic::WordDiff;
use crate::item::ItemKey;
use crate::memory::Rating;

/// A verse shown as context (never the one being asked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownVerse {
    /// Its reference.
    pub reference: VerseKey,
    /// Its exact text.
    pub text: String,
}

/// What a screen needs to render an exercise — and never its answer.
///
/// Serialized with a `type` tag in snake_case; see the crate docs for one
/// example of each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExercisePrompt {
    /// Study a new verse: read it large with the verse before, its
    /// translation and transliteration; recite it with its words hidden step
    /// by step (the learner reveals what they miss); then recite it from
    /// memory and grade that recitation. The text is shown: this is the
    /// verse's first contact, not a test.
    Study {
        /// The verse studied.
        reference: VerseKey,
        /// The surah's transliterated name.
        surah_name: String,
        /// The verse before, if the surah has one.
        previous: Option<ShownVerse>,
        /// The verse's exact text.
        text: String,
        /// Its words in reading order (what is hidden step by step).
        words: Vec<String>,
        /// Its English transliteration.
        transliteration: String,
        /// Its translation.
        translation: String,
    },
    /// Recite the verse; the screen reveals its words one by one on demand
    /// (from the solution, through the API) and the learner grades themself.
    Recall {
        /// The verse to recite.
        reference: VerseKey,
        /// The surah's transliterated name.
        surah_name: String,
        /// The verse before, if the surah has one.
        previous: Option<ShownVerse>,
        /// How many words the verse has (for placeholders).
        word_count: usize,
    },
    /// Choose the word that comes after `shown`.
    NextWord {
        /// The verse.
        reference: VerseKey,
        /// The verse's first words, exactly.
        shown: Vec<String>,
        /// Four candidate words; one is right.
        choices: Vec<String>,
    },
    /// Choose the word that fills the blank between `before` and `after`.
    MissingWord {
        /// The verse.
        reference: VerseKey,
        /// The words before the blank.
        before: Vec<String>,
        /// The words after the blank.
        after: Vec<String>,
        /// Four candidate words; one is right.
        choices: Vec<String>,
    },
    /// One word of the verse was replaced; pick its position.
    FindTheMistake {
        /// The verse.
        reference: VerseKey,
        /// The verse's words with one replaced.
        words: Vec<String>,
    },
    /// Type the verse from memory.
    TypeVerse {
        /// The verse to type.
        reference: VerseKey,
        /// The surah's transliterated name.
        surah_name: String,
        /// The verse before, if the surah has one.
        previous: Option<ShownVerse>,
        /// How many words the verse has.
        word_count: usize,
    },
    /// Choose how the next verse opens.
    WhatComesNext {
        /// The verse shown.
        reference: VerseKey,
        /// Its exact text.
        text: String,
        /// Four candidate openings (the first words of a verse); one is right.
        choices: Vec<String>,
    },
    /// Put the verses of `range` in mushaf order.
    PutInOrder {
        /// The consecutive verses involved.
        range: VerseRange,
        /// Their texts, shuffled.
        verses: Vec<String>,
    },
    /// Choose the verse's translation.
    Meaning {
        /// The verse.
        reference: VerseKey,
        /// Its exact text.
        text: String,
        /// Four candidate translations; one is right.
        choices: Vec<String>,
    },
    /// Choose the verse a translation renders (no reference: it would give the answer away).
    MeaningReverse {
        /// The translation.
        translation: String,
        /// Four candidate verse texts; one is right.
        choices: Vec<String>,
    },
    /// Recite the consecutive verses of `range` from memory in one go,
    /// marking where one stumbled or needed a prompt (never the text).
    RecitePassage {
        /// The verses, consecutive in one surah.
        range: VerseRange,
        /// The surah's transliterated name.
        surah_name: String,
        /// The verse before the passage, if the surah has one.
        previous: Option<ShownVerse>,
        /// Each verse's reference and word count, in order.
        verses: Vec<crate::passage::PassageVerse>,
    },
    /// A look-alike drill: the verse's words up to where a look-alike goes
    /// on differently; choose how this verse goes on.
    WhichContinuation {
        /// The verse.
        reference: VerseKey,
        /// The surah's transliterated name.
        surah_name: String,
        /// The verse's first words, exactly, up to the choice.
        shown: Vec<String>,
        /// Two to four continuations (a few words each): the verse's own
        /// and its look-alikes'.
        choices: Vec<String>,
    },
    /// A look-alike drill: a verse without its reference; choose its
    /// surah among those of the verses that look like it.
    WhichSurah {
        /// The verse's exact text.
        text: String,
        /// Two to four surahs' transliterated names; one is the verse's.
        choices: Vec<String>,
    },
}

impl ExercisePrompt {
    /// The prompt's exercise type.
    pub fn exercise_type(&self) -> ExerciseType {
        match self {
            ExercisePrompt::Study { .. } => ExerciseType::Study,
            ExercisePrompt::Recall { .. } => ExerciseType::Recall,
            ExercisePrompt::NextWord { .. } => ExerciseType::NextWord,
            ExercisePrompt::MissingWord { .. } => ExerciseType::MissingWord,
            ExercisePrompt::FindTheMistake { .. } => ExerciseType::FindTheMistake,
            ExercisePrompt::TypeVerse { .. } => ExerciseType::TypeVerse,
            ExercisePrompt::WhatComesNext { .. } => ExerciseType::WhatComesNext,
            ExercisePrompt::PutInOrder { .. } => ExerciseType::PutInOrder,
            ExercisePrompt::Meaning { .. } => ExerciseType::Meaning,
            ExercisePrompt::MeaningReverse { .. } => ExerciseType::MeaningReverse,
            ExercisePrompt::RecitePassage { .. } => ExerciseType::RecitePassage,
            ExercisePrompt::WhichContinuation { .. } => ExerciseType::WhichContinuation,
            ExercisePrompt::WhichSurah { .. } => ExerciseType::WhichSurah,
        }
    }

    /// The choices of a multiple-choice prompt (empty for the others).
    pub fn choices(&self) -> &[String] {
        match self {
            ExercisePrompt::NextWord { choices, .. }
            | ExercisePrompt::MissingWord { choices, .. }
            | ExercisePrompt::WhatComesNext { choices, .. }
            | ExercisePrompt::Meaning { choices, .. }
            | ExercisePrompt::MeaningReverse { choices, .. }
            | ExercisePrompt::WhichContinuation { choices, .. }
            | ExercisePrompt::WhichSurah { choices, .. } => choices,
            _ => &[],
        }
    }
}

/// The right answer, as the solution stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerKey {
    /// The exact words of the verse (study, recall and type the verse).
    Words {
        /// The verse's words.
        words: Vec<String>,
    },
    /// The index of the right choice.
    Choice {
        /// Index into the prompt's choices.
        index: usize,
    },
    /// The position of the replaced word and the word it replaced.
    Mistake {
        /// Index into the prompt's words.
        index: usize,
        /// The verse's real word at that position.
        original: String,
    },
    /// The shown verses in mushaf order, as indices into the prompt's list.
    Order {
        /// `order[k]` is the index of the k-th verse.
        order: Vec<usize>,
    },
    /// A passage's verses, each as its exact words.
    Passage {
        /// `verses[k]` is the words of the k-th verse.
        verses: Vec<Vec<String>>,
    },
}

/// What the server keeps to check an answer; never sent to a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Solution {
    /// The item the exercise trains.
    pub item: ItemKey,
    /// Answer-time limits for the suggested grade.
    pub timing: TimingProfile,
    /// The right answer.
    pub key: AnswerKey,
    /// Answers that are another verse's words: a drill's choices that are
    /// look-alikes' continuations or surahs, a look-alike's words for a
    /// typed verse. A wrong answer that matches one is a confusion with that
    /// verse ([`CheckOutcome::confused_with`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traps: Vec<Trap>,
}

/// An answer that would be another verse's (see [`Solution::traps`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trap {
    /// The verse whose words the answer would be.
    pub verse: VerseKey,
    /// The answer.
    pub answer: TrapAnswer,
}

/// What a [`Trap`] matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrapAnswer {
    /// A choice of the prompt.
    Choice {
        /// Index into the prompt's choices.
        index: usize,
    },
    /// A typed verse nearer to these words (the other verse's) than to the
    /// verse asked.
    Words {
        /// The other verse's words.
        words: Vec<String>,
    },
}

impl Solution {
    /// The first `count` words of the verse, for recall's word-by-word
    /// reveal (and hints when typing); empty for other exercises.
    pub fn revealed_words(&self, count: usize) -> &[String] {
        match &self.key {
            AnswerKey::Words { words } => &words[..count.min(words.len())],
            _ => &[],
        }
    }
}

/// An exercise ready to show: the prompt for the screen, the solution for the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedExercise {
    /// What the screen renders.
    pub prompt: ExercisePrompt,
    /// How to check it.
    pub solution: Solution,
}

/// A learner's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// A choice, or for find the mistake the position of the wrong word.
    Choice {
        /// Index into the prompt's choices (or words).
        index: usize,
    },
    /// An order of the prompt's verses: indices into its list.
    Order {
        /// The proposed order.
        order: Vec<usize>,
    },
    /// Typed text.
    Text {
        /// What was typed.
        text: String,
    },
    /// A self-grade (recall).
    SelfGrade {
        /// The learner's grade.
        rating: Rating,
    },
    /// A recited passage: where the learner stumbled or needed a prompt
    /// (no mark: recited unaided).
    Passage {
        /// The marks.
        marks: Vec<crate::passage::PassageMark>,
    },
}

/// The result of checking an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// Whether the answer was right; `None` for self-graded recall.
    pub correct: Option<bool>,
    /// The right answer, as text to show.
    pub expected: String,
    /// For typed answers, the word-by-word comparison.
    pub diff: Option<WordDiff>,
    /// The grade suggested from correctness and time (the learner may override it).
    pub suggested_rating: Rating,
    /// The positions (0-based) of the item's verse's words the learner
    /// missed, to mark in the verse shown after the answer: a typed verse's
    /// wrong and left-out words, the asked word of next word and missing
    /// word, the replaced word of find the mistake. Empty when right.
    #[serde(default)]
    pub marked: Vec<usize>,
    /// The look-alike verse whose words a wrong answer gave (a confusion):
    /// a drill's choice that is another verse's, or a typed verse nearer to
    /// a look-alike than to itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confused_with: Option<VerseKey>,
}

/// Why an exercise could not be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExerciseError {
    /// The type trains another skill, or the verse is too short for it.
    #[error("{exercise_type} exercises cannot be made for {item}")]
    Unsupported {
        /// The item.
        item: ItemKey,
        /// The type asked for.
        exercise_type: ExerciseType,
    },
    /// Not enough distinct distractors were found.
    #[error("not enough distinct distractors for a {exercise_type} exercise on {item}")]
    NoDistractors {
        /// The item.
        item: ItemKey,
        /// The type asked for.
        exercise_type: ExerciseType,
    },
    /// The exercise index was built from another text.
    #[error("the exercise index does not match the loaded text")]
    StaleIndex,
}

/// Why an answer could not be checked: the prompt and solution do not belong together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the solution does not belong to this {exercise_type} prompt")]
pub struct CheckError {
    /// The prompt's type.
    pub exercise_type: ExerciseType,
}
