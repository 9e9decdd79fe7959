//! What each exercise type trains: which memories an answer exercises and
//! how strongly each answer counts as a review of them.
//!
//! This is the memory model of the exercise catalog, one table for the
//! whole workspace: the simulator's learners follow it (`iqrah-sim`), and
//! `docs/simulation.md` gives the reason and the source of every weight.
//! The app's own beliefs do not read it: the scheduler sees the grade of the
//! exercised item and nothing else, as in any FSRS app.
//!
//! | type | exercises (weight) | graded by |
//! |---|---|---|
//! | study | memorization 1, link from the previous verse 1 | the learner |
//! | recall | memorization 1, link from the previous verse 1 | the learner |
//! | type the verse | memorization 1, link from the previous verse 1 | the app (time) |
//! | next word | memorization [`CUED_CHOICE`] | the app (time) |
//! | missing word | memorization [`CUED_CHOICE`] | the app (time) |
//! | which continuation, which surah (look-alike drills) | memorization [`CUED_CHOICE`] | the app (time) |
//! | find the mistake | memorization [`WHOLE_VERSE_CHECK`] | the app (time) |
//! | what comes next | continuity [`LINK_CHOICE`] | the app (time) |
//! | put in order | continuity [`LINK_CHOICE`] | the app (time) |
//! | meaning, meaning reverse | meaning 1 | the app (time) |
//! | recite a passage | each verse's memorization 1, each link inside it 1, the link from the previous verse 1 | the learner (marks) |
//!
//! A study step ends with the verse recited from memory after the previous
//! one and graded by the learner: it counts as the full recitation it ends
//! with (the reading and the cued recitation before it are how the learner
//! gets there, not extra reviews).
//!
//! A weight of 1 is a full review: the memory's state changes as FSRS-6
//! changes it after a review with that outcome. A weight `w` below 1 is a
//! partial review: the change is scaled down (stability moves by the power
//! `w` of FSRS's factor, and only the share `w` of the time since the last
//! review is forgiven; `iqrah-sim` implements it).

use super::ExerciseType;

/// A full review: reciting the whole verse from memory (study's final
/// recitation, recall, type the verse).
pub const FULL: f32 = 1.0;
/// Choosing one word of a verse among four, with the rest of the verse
/// shown (next word, missing word): a cued recognition of one word.
pub const CUED_CHOICE: f32 = 0.25;
/// Reading the whole verse and finding the one changed word (find the
/// mistake): the whole verse checked against memory, without producing it.
pub const WHOLE_VERSE_CHECK: f32 = 0.5;
/// Recognising the link between verses among choices or in a shuffled
/// order (what comes next, put in order): the link itself, recognised, not
/// produced.
pub const LINK_CHOICE: f32 = 0.5;

/// Which memory an answer exercises, relative to the item the exercise is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The item's own skill (the exercise type's skill).
    Item,
    /// The continuity from the previous verse of the surah into the item's
    /// verse (the continuity item of the previous verse): reciting a verse
    /// after the previous one is shown starts by crossing that link.
    LinkFromPrevious,
}

/// One memory an answer exercises, and how strongly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trains {
    /// The memory exercised.
    pub target: Target,
    /// How much of a full review the answer is, in (0, 1].
    pub weight: f32,
}

/// Who grades an answer of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grader {
    /// The learner grades it (recall: self-graded).
    Learner,
    /// The app checks it and suggests a grade from the answer time.
    App,
}

const RECITATION: &[Trains] = &[
    Trains {
        target: Target::Item,
        weight: FULL,
    },
    Trains {
        target: Target::LinkFromPrevious,
        weight: FULL,
    },
];
const CUED: &[Trains] = &[Trains {
    target: Target::Item,
    weight: CUED_CHOICE,
}];
const CHECK: &[Trains] = &[Trains {
    target: Target::Item,
    weight: WHOLE_VERSE_CHECK,
}];
const LINK: &[Trains] = &[Trains {
    target: Target::Item,
    weight: LINK_CHOICE,
}];
const MEANING: &[Trains] = &[Trains {
    target: Target::Item,
    weight: FULL,
}];

impl ExerciseType {
    /// The memories an answer of this type exercises, with their weights
    /// (one table for the catalog; `docs/simulation.md` gives the reasons).
    pub const fn trains(self) -> &'static [Trains] {
        match self {
            // A passage's first verse, as a recall; every other verse and
            // link of it is a full recitation too (`crate::passage::graded_items`).
            ExerciseType::Study
            | ExerciseType::Recall
            | ExerciseType::TypeVerse
            | ExerciseType::RecitePassage => RECITATION,
            // A drill recognises the verse's own words among its
            // look-alikes', with the rest of the verse shown or the verse
            // itself shown: a cued recognition, as next word.
            ExerciseType::NextWord
            | ExerciseType::MissingWord
            | ExerciseType::WhichContinuation
            | ExerciseType::WhichSurah => CUED,
            ExerciseType::FindTheMistake => CHECK,
            ExerciseType::WhatComesNext | ExerciseType::PutInOrder => LINK,
            ExerciseType::Meaning | ExerciseType::MeaningReverse => MEANING,
        }
    }

    /// Who grades an answer of this type.
    pub const fn grader(self) -> Grader {
        match self {
            ExerciseType::Study | ExerciseType::Recall | ExerciseType::RecitePassage => {
                Grader::Learner
            }
            _ => Grader::App,
        }
    }

    /// Whether this type recites the whole verse from memory (a full review
    /// of its memorization); a study step ends with such a recitation.
    pub const fn is_recitation(self) -> bool {
        matches!(
            self,
            ExerciseType::Study
                | ExerciseType::Recall
                | ExerciseType::TypeVerse
                | ExerciseType::RecitePassage
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::Skill;

    #[test]
    fn only_recitations_fully_review_memorization_and_every_weight_is_in_range() {
        for t in ExerciseType::ALL {
            let trains = t.trains();
            assert!(!trains.is_empty(), "{t}");
            assert!(
                trains.iter().all(|r| r.weight > 0.0 && r.weight <= 1.0),
                "{t}"
            );
            let own = trains.iter().find(|r| r.target == Target::Item);
            let full_memorization = t.skill() == Skill::Memorization
                && own.is_some_and(|r| (r.weight - FULL).abs() < f32::EPSILON);
            assert_eq!(full_memorization, t.is_recitation(), "{t}");
            // Only a recitation crosses the link from the previous verse.
            assert_eq!(
                trains.iter().any(|r| r.target == Target::LinkFromPrevious),
                t.is_recitation(),
                "{t}"
            );
        }
        assert_eq!(ExerciseType::Recall.grader(), Grader::Learner);
        assert_eq!(ExerciseType::Study.grader(), Grader::Learner);
        assert!(ExerciseType::Study.is_recitation());
        assert_eq!(ExerciseType::NextWord.grader(), Grader::App);
        assert!((ExerciseType::Meaning.trains()[0].weight - FULL).abs() < f32::EPSILON);
    }
}
