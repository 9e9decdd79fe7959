//! What an answer writes, computed from the rules' decision: for a graded
//! submit and for each review of a recited passage, the memory state
//! after and the elapsed days, and the relearning copy with its exercise.

use std::collections::HashMap;

use crate::exercise::choose::generate_relearning;
use crate::exercise::{ExerciseContext, GeneratedExercise};
use crate::item::ItemKey;
use crate::memory::{MemoryState, Rating, Scheduler};
use crate::passage::{PassageDecision, PassageMark};
use crate::time::Timestamp;

use super::{RelearnPlacement, SubmitDecision};

/// A relearning copy to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct RelearnCopy {
    /// Its position; items at this position or later move one place down.
    pub position: i64,
    /// The item answered Again.
    pub relearn_of: i64,
    /// Its (fresh) exercise.
    pub exercise: GeneratedExercise,
}

/// What a submit writes.
// Made once per submit and consumed at once: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitWrite {
    /// Nothing: the same submit was recorded before, with this receipt.
    AlreadyRecorded {
        /// The session item recorded then.
        item_id: i64,
    },
    /// Record an answer.
    Record {
        /// The session item answered.
        item_id: i64,
        /// The item.
        item: ItemKey,
        /// The grade.
        rating: Rating,
        /// The answer time.
        duration_ms: u64,
        /// When.
        answered_at: Timestamp,
        /// Days since the previous review (0 for a first review).
        elapsed_days: f64,
        /// The state before (`None` for a first review).
        state_before: Option<MemoryState>,
        /// The state after.
        state_after: MemoryState,
        /// A relearning copy, for an Again.
        relearn: Option<RelearnCopy>,
    },
}

/// A fresh exercise for the relearning copy of `item` at `place` in a
/// session of seed `session_seed`, seeded by the session, the place and the
/// item: a retry of the answer makes the same copy. `None` when the text has
/// no relearning exercise for the item.
pub fn relearning_exercise(
    context: &ExerciseContext<'_>,
    session_seed: u64,
    item: ItemKey,
    place: RelearnPlacement,
) -> Option<GeneratedExercise> {
    let seed =
        crate::planner::item_seed(session_seed ^ (place.position as u64).rotate_left(32), item);
    generate_relearning(item, context, seed).ok()
}

/// What turning a submit's decision into its write needs beyond the rules.
#[derive(Debug, Clone, Copy)]
pub struct Answering<'a> {
    /// The memory state of the item answered (`None` for a first review).
    pub state_before: Option<MemoryState>,
    /// The session's scheduler (its parameters and learner day).
    pub scheduler: &'a Scheduler,
    /// The session's desired retention.
    pub desired_retention: f32,
    /// When the answer is recorded.
    pub now: Timestamp,
    /// The answer time.
    pub duration_ms: u64,
    /// The current session item's id and exercise: a relearning copy's
    /// exercise when no fresh one can be made.
    pub current_exercise: Option<(i64, &'a GeneratedExercise)>,
}

impl SubmitDecision {
    /// The write of this decision: the state after is the scheduler's review
    /// of the state before at `now` with the desired retention, the elapsed
    /// days are days since the last review (0 for a first review), and a
    /// relearning copy gets the exercise `relearn_exercise` makes for the
    /// item and its placement, or the failed item's own exercise when it
    /// makes none (no copy when neither exists).
    pub fn into_write(
        self,
        answering: Answering<'_>,
        relearn_exercise: impl FnOnce(ItemKey, RelearnPlacement) -> Option<GeneratedExercise>,
    ) -> SubmitWrite {
        let (item_id, item, rating, relearn) = match self {
            SubmitDecision::AlreadyRecorded { item_id } => {
                return SubmitWrite::AlreadyRecorded { item_id };
            }
            SubmitDecision::Record {
                item_id,
                item,
                rating,
                relearn,
            } => (item_id, item, rating, relearn),
        };
        let Answering {
            state_before,
            scheduler,
            desired_retention,
            now,
            duration_ms,
            current_exercise,
        } = answering;
        let state_after = scheduler.review(state_before.as_ref(), rating, now, desired_retention);
        let relearn = relearn.and_then(|place| {
            let fallback = current_exercise
                .filter(|(id, _)| *id == item_id)
                .map(|(_, exercise)| exercise.clone());
            relearn_exercise(item, place)
                .or(fallback)
                .map(|exercise| RelearnCopy {
                    position: place.position,
                    relearn_of: place.relearn_of,
                    exercise,
                })
        });
        SubmitWrite::Record {
            item_id,
            item,
            rating,
            duration_ms,
            answered_at: now,
            elapsed_days: state_before.map_or(0.0, |b| now.days_since(b.last_review)),
            state_before,
            state_after,
            relearn,
        }
    }
}

/// One review a passage answer records: an item, its grade, its memory
/// state before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewWrite {
    /// The item reviewed.
    pub item: ItemKey,
    /// Its grade.
    pub rating: Rating,
    /// Its share of the answer time.
    pub duration_ms: u64,
    /// Days since its previous review (0 for a first review).
    pub elapsed_days: f64,
    /// Its state before (`None` for a first review).
    pub state_before: Option<MemoryState>,
    /// Its state after.
    pub state_after: MemoryState,
}

/// What a recited passage writes.
// Made once per submit and consumed at once: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PassageWrite {
    /// Nothing: the same recitation was recorded before, with this receipt.
    AlreadyRecorded {
        /// The session item recorded then.
        item_id: i64,
    },
    /// Record the recitation.
    Record {
        /// The session item answered (the passage).
        item_id: i64,
        /// Its item, as the idempotency key records the node.
        item: ItemKey,
        /// The session item's grade (the worst review).
        rating: Rating,
        /// The whole answer time.
        duration_ms: u64,
        /// When.
        answered_at: Timestamp,
        /// The learner's marks, kept on the item as its answer and with the key.
        marks: Vec<PassageMark>,
        /// Every review, each item once.
        reviews: Vec<ReviewWrite>,
        /// A relearning copy (its exercise names its item), for a verse answered Again.
        relearn: Option<RelearnCopy>,
    },
}

/// What turning a recited passage's decision into its write needs beyond
/// the rules.
#[derive(Debug, Clone, Copy)]
pub struct Reciting<'a> {
    /// The memory state of every item of the learner (those the passage
    /// reviews are looked up; a missing one is a first review).
    pub states: &'a HashMap<ItemKey, MemoryState>,
    /// The session's scheduler (its parameters and learner day).
    pub scheduler: &'a Scheduler,
    /// The session's desired retention.
    pub desired_retention: f32,
    /// When the recitation is recorded.
    pub now: Timestamp,
    /// The whole answer time.
    pub duration_ms: u64,
}

impl PassageDecision {
    /// The write of this decision: each review's state after is the
    /// scheduler's review of its state before at `now`, with its share of
    /// the answer time; the learner's `marks` are kept with the answer; a
    /// relearning copy of the failed verse gets the exercise
    /// `relearn_exercise` makes for its memorization item (no copy when it
    /// makes none).
    pub fn into_write(
        self,
        reciting: Reciting<'_>,
        marks: Vec<PassageMark>,
        relearn_exercise: impl FnOnce(ItemKey, RelearnPlacement) -> Option<GeneratedExercise>,
    ) -> PassageWrite {
        let (item_id, item, rating, grades, durations, relearn) = match self {
            PassageDecision::AlreadyRecorded { item_id } => {
                return PassageWrite::AlreadyRecorded { item_id };
            }
            PassageDecision::Record {
                item_id,
                item,
                rating,
                grades,
                durations,
                relearn,
            } => (item_id, item, rating, grades, durations, relearn),
        };
        let Reciting {
            states,
            scheduler,
            desired_retention,
            now,
            duration_ms,
        } = reciting;
        let reviews = grades
            .iter()
            .zip(durations)
            .map(|(grade, duration_ms)| {
                let before = states.get(&grade.item).copied();
                ReviewWrite {
                    item: grade.item,
                    rating: grade.rating,
                    duration_ms,
                    elapsed_days: before.map_or(0.0, |b| now.days_since(b.last_review)),
                    state_before: before,
                    state_after: scheduler.review(
                        before.as_ref(),
                        grade.rating,
                        now,
                        desired_retention,
                    ),
                }
            })
            .collect();
        let relearn = relearn.and_then(|(place, verse)| {
            relearn_exercise(ItemKey::memorization(verse), place).map(|exercise| RelearnCopy {
                position: place.position,
                relearn_of: place.relearn_of,
                exercise,
            })
        });
        PassageWrite::Record {
            item_id,
            item,
            rating,
            duration_ms,
            answered_at: now,
            marks,
            reviews,
            relearn,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use iqrah_quran::VerseKey;

    use super::*;
    use crate::exercise::ExerciseContext;
    use crate::exercise::ExerciseIndex;
    use crate::exercise::choose::generate_relearning;

    /// Two different relearning exercises on the real text: one for the
    /// copy, one standing for the failed item's own exercise.
    fn exercises(item: ItemKey) -> (GeneratedExercise, GeneratedExercise) {
        let package = iqrah_content::read_package(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/node_modules/quran-json"
        )))
        .expect("quran-json is installed under data/");
        let translation = package
            .translations
            .into_iter()
            .find(|t| t.info().language == "en")
            .expect("an English translation");
        let index = ExerciseIndex::new(&package.quran, &translation);
        let context = ExerciseContext::new(&package.quran, &translation, &index);
        let other = ItemKey::memorization(VerseKey::new(112, 2).unwrap());
        (
            generate_relearning(item, &context, 7).unwrap(),
            generate_relearning(other, &context, 7).unwrap(),
        )
    }

    #[test]
    fn the_write_reviews_the_state_before_and_carries_the_copy_made() {
        let item = ItemKey::memorization(VerseKey::new(112, 1).unwrap());
        let (fresh, own) = exercises(item);
        assert_ne!(fresh, own);
        let scheduler = Scheduler::new();
        let first = Timestamp::from_millis(1_700_000_000_000);
        let before = scheduler.review(None, Rating::Good, first, 0.9);
        let now = first.plus_days(3.0);
        let place = RelearnPlacement {
            position: 5,
            relearn_of: 1,
        };
        let again = SubmitDecision::Record {
            item_id: 1,
            item,
            rating: Rating::Again,
            relearn: Some(place),
        };
        let answering = Answering {
            state_before: Some(before),
            scheduler: &scheduler,
            desired_retention: 0.9,
            now,
            duration_ms: 4_000,
            current_exercise: Some((1, &own)),
        };
        let copy_of = |write: SubmitWrite| match write {
            SubmitWrite::Record { relearn, .. } => relearn,
            SubmitWrite::AlreadyRecorded { .. } => panic!("{write:?}"),
        };

        let write = again.into_write(answering, |asked, at| {
            assert_eq!((asked, at), (item, place));
            Some(fresh.clone())
        });
        let SubmitWrite::Record {
            item_id,
            rating,
            duration_ms,
            answered_at,
            elapsed_days,
            state_before,
            state_after,
            ref relearn,
            ..
        } = write
        else {
            panic!("{write:?}")
        };
        assert_eq!((item_id, rating, duration_ms), (1, Rating::Again, 4_000));
        assert_eq!((answered_at, state_before), (now, Some(before)));
        assert_eq!(
            state_after,
            scheduler.review(Some(&before), Rating::Again, now, 0.9)
        );
        assert_ne!(state_after, before);
        assert!((elapsed_days - 3.0).abs() < 1e-9, "{elapsed_days}");
        assert_eq!(
            relearn.as_ref(),
            Some(&RelearnCopy {
                position: 5,
                relearn_of: 1,
                exercise: fresh.clone(),
            })
        );

        // No fresh exercise: the failed item's own; not the current item's: no copy.
        let fallback = copy_of(again.into_write(answering, |_, _| None));
        assert_eq!(fallback.map(|c| c.exercise), Some(own.clone()));
        let elsewhere = Answering {
            current_exercise: Some((2, &own)),
            ..answering
        };
        assert_eq!(copy_of(again.into_write(elsewhere, |_, _| None)), None);

        // A first review: no state before, no elapsed days.
        let good = SubmitDecision::Record {
            item_id: 1,
            item,
            rating: Rating::Good,
            relearn: None,
        };
        let first_review = Answering {
            state_before: None,
            ..answering
        };
        let SubmitWrite::Record {
            elapsed_days,
            state_after,
            relearn,
            ..
        } = good.into_write(first_review, |_, _| panic!("no copy to make"))
        else {
            panic!()
        };
        assert_eq!(elapsed_days, 0.0);
        assert_eq!(state_after, scheduler.review(None, Rating::Good, now, 0.9));
        assert_eq!(relearn, None);

        assert_eq!(
            SubmitDecision::AlreadyRecorded { item_id: 3 }
                .into_write(answering, |_, _| panic!("nothing to write")),
            SubmitWrite::AlreadyRecorded { item_id: 3 }
        );
    }

    #[test]
    fn a_passage_write_reviews_each_item_from_its_own_state() {
        let verse = |ayah| VerseKey::new(112, ayah).unwrap();
        let first = ItemKey::memorization(verse(1));
        let link = ItemKey::continuity(verse(1)).unwrap();
        let second = ItemKey::memorization(verse(2));
        let (fresh, _) = exercises(second);
        let scheduler = Scheduler::new();
        let then = Timestamp::from_millis(1_700_000_000_000);
        let known = scheduler.review(None, Rating::Good, then, 0.9);
        let states = HashMap::from([(first, known)]);
        let now = then.plus_days(2.0);
        let place = RelearnPlacement {
            position: 4,
            relearn_of: 2,
        };
        let decision = PassageDecision::Record {
            item_id: 2,
            item: first,
            rating: Rating::Again,
            grades: vec![
                crate::passage::PassageGrade {
                    item: first,
                    rating: Rating::Good,
                },
                crate::passage::PassageGrade {
                    item: link,
                    rating: Rating::Hard,
                },
                crate::passage::PassageGrade {
                    item: second,
                    rating: Rating::Again,
                },
            ],
            durations: vec![3_000, 1_000, 2_000],
            relearn: Some((place, verse(2))),
        };
        let marks = vec![PassageMark {
            verse: 1,
            word: None,
            mark: crate::passage::MarkKind::Prompted,
        }];
        let reciting = Reciting {
            states: &states,
            scheduler: &scheduler,
            desired_retention: 0.9,
            now,
            duration_ms: 6_000,
        };

        let write = decision
            .clone()
            .into_write(reciting, marks.clone(), |asked, at| {
                assert_eq!((asked, at), (second, place));
                Some(fresh.clone())
            });
        let PassageWrite::Record {
            item_id,
            duration_ms,
            answered_at,
            marks: kept,
            reviews,
            relearn,
            ..
        } = write
        else {
            panic!("{write:?}")
        };
        assert_eq!((item_id, duration_ms, answered_at), (2, 6_000, now));
        assert_eq!(kept, marks);
        let seen: Vec<_> = reviews
            .iter()
            .map(|r| (r.item, r.rating, r.duration_ms, r.state_before))
            .collect();
        assert_eq!(
            seen,
            vec![
                (first, Rating::Good, 3_000, Some(known)),
                (link, Rating::Hard, 1_000, None),
                (second, Rating::Again, 2_000, None),
            ]
        );
        assert_eq!(
            reviews[0].state_after,
            scheduler.review(Some(&known), Rating::Good, now, 0.9)
        );
        assert!((reviews[0].elapsed_days - 2.0).abs() < 1e-9);
        assert_eq!(reviews[1].elapsed_days, 0.0);
        assert_eq!(
            reviews[2].state_after,
            scheduler.review(None, Rating::Again, now, 0.9)
        );
        assert_eq!(
            relearn,
            Some(RelearnCopy {
                position: 4,
                relearn_of: 2,
                exercise: fresh,
            })
        );

        // No exercise made: no copy.
        let PassageWrite::Record { relearn, .. } =
            decision.into_write(reciting, marks.clone(), |_, _| None)
        else {
            panic!()
        };
        assert_eq!(relearn, None);
        assert_eq!(
            PassageDecision::AlreadyRecorded { item_id: 9 }.into_write(
                reciting,
                marks,
                |_, _| panic!("nothing to write")
            ),
            PassageWrite::AlreadyRecorded { item_id: 9 }
        );
    }
}
