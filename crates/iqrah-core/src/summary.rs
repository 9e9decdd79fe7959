//! The end-of-session summary, computed from the session's items and a few
//! figures about the learner that the caller looks up.

use serde::{Deserialize, Serialize};

use crate::exercise::ExerciseType;
use crate::goal::Goal;
use crate::item::{ItemKey, Skill};
use crate::memory::{MemoryStates, Rating, Scheduler};
use crate::planner::Reason;
use crate::progress::{VerseProgress, current_streak, learner_day, verse_progress};
use crate::session::{ItemStatus, SessionItem};
use crate::settings::Settings;
use crate::time::{DAY_MS, Timestamp};

/// Counts and accuracy of one exercise type in a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeSummary {
    /// The exercise type.
    pub exercise_type: ExerciseType,
    /// Items of this type answered.
    pub answered: u32,
    /// Answers checked automatically.
    pub checked: u32,
    /// Checked answers that were right.
    pub correct: u32,
    /// `correct / checked`, when anything was checked.
    pub accuracy: Option<f64>,
}

/// Figures about the learner, looked up by the caller, that the summary reports.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct LearnerFigures {
    /// The goal's verses when the session started.
    pub goal_before: VerseProgress,
    /// The goal's verses now.
    pub goal_after: VerseProgress,
    /// The earliest due time among the learner's items.
    pub next_due: Option<Timestamp>,
    /// Items due by the end of tomorrow.
    pub due_tomorrow: u32,
    /// Consecutive days with at least one answer, including today.
    pub streak_days: u32,
}

/// What [`LearnerFigures::at`] reads: the learner's states and days of
/// practice, with the session's goal and scheduling.
#[derive(Debug, Clone, Copy)]
pub struct LearnerRecords<'a, S: MemoryStates + ?Sized> {
    /// The session's goal.
    pub goal: &'a Goal,
    /// The goal's verses when the session started.
    pub goal_before: VerseProgress,
    /// Every memory state of the learner.
    pub states: &'a S,
    /// The learner days with at least one answer.
    pub practice_days: &'a [i64],
    /// The session's scheduler (its parameters and learner day).
    pub scheduler: &'a Scheduler,
    /// The session's settings (desired retention, day start).
    pub settings: &'a Settings,
}

impl LearnerFigures {
    /// The figures at `now`: the goal's verses as they stand, the earliest
    /// due time, the items due by the end of tomorrow (the learner's day
    /// after today) and the streak of learner days up to today.
    pub fn at<S: MemoryStates + ?Sized>(records: LearnerRecords<'_, S>, now: Timestamp) -> Self {
        let LearnerRecords {
            goal,
            goal_before,
            states,
            practice_days,
            scheduler,
            settings,
        } = records;
        let offset = settings.day_start_offset_ms();
        let today = learner_day(now, offset);
        let end_of_tomorrow = Timestamp::from_millis((today + 2) * DAY_MS + offset);
        let mut next_due: Option<Timestamp> = None;
        let mut due_tomorrow = 0u32;
        states.for_each(&mut |item, state| {
            if !settings.practises(item.skill()) {
                return;
            }
            next_due = Some(next_due.map_or(state.due, |d| d.min(state.due)));
            due_tomorrow = due_tomorrow.saturating_add(u32::from(state.due < end_of_tomorrow));
        });
        LearnerFigures {
            goal_before,
            goal_after: verse_progress(
                goal.verses(states),
                states,
                scheduler,
                now,
                settings.desired_retention,
            ),
            next_due,
            due_tomorrow,
            streak_days: current_streak(practice_days, today),
        }
    }
}

/// How a session went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// Items planned at the start.
    pub items_planned: u32,
    /// Relearning copies added during the session.
    pub relearning_added: u32,
    /// Items answered.
    pub items_completed: u32,
    /// Items never reached.
    pub items_skipped: u32,
    /// Answers checked automatically (not self-graded).
    pub checked_answers: u32,
    /// Checked answers that were right.
    pub correct_answers: u32,
    /// `correct_answers / checked_answers`, when anything was checked.
    pub accuracy: Option<f64>,
    /// Answers per grade: Again, Hard, Good, Easy.
    pub grades: [u32; 4],
    /// Sum of answer times.
    pub active_ms: u64,
    /// From the start of the session to its end.
    pub wall_ms: u64,
    /// New verses introduced (memorization items answered for the first time).
    pub new_verses: u32,
    /// Due items reviewed.
    pub reviews: u32,
    /// Relearning copies answered.
    pub relearned: u32,
    /// Per exercise type, in catalog order, for the types practised.
    pub per_type: Vec<TypeSummary>,
    /// Figures about the learner at the end.
    #[serde(flatten)]
    pub learner: LearnerFigures,
}

fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// An item the learner missed or found hard in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedItem {
    /// The item.
    pub item: ItemKey,
    /// Its lowest grade in the session: Again or Hard.
    pub rating: Rating,
}

/// The items answered Again or Hard in a session, once per item (its
/// relearning copies are the same item) with its lowest grade, in the
/// order they were first answered so.
pub fn missed(items: &[SessionItem]) -> Vec<MissedItem> {
    let mut answered: Vec<&SessionItem> = items
        .iter()
        .filter(|i| i.status == ItemStatus::Answered)
        .collect();
    answered.sort_by_key(|i| i.answered_seq);
    let mut missed: Vec<MissedItem> = Vec::new();
    for item in answered {
        let Some(rating) = item.rating.filter(|&r| r <= Rating::Hard) else {
            continue;
        };
        match missed.iter_mut().find(|m| m.item == item.item) {
            Some(found) => found.rating = found.rating.min(rating),
            None => missed.push(MissedItem {
                item: item.item,
                rating,
            }),
        }
    }
    missed
}

/// Summarizes a session from its items, from `started_at` to `ended_at`.
pub fn summarize(
    items: &[SessionItem],
    started_at: Timestamp,
    ended_at: Timestamp,
    learner: LearnerFigures,
) -> SessionSummary {
    let count =
        |keep: &dyn Fn(&SessionItem) -> bool| items.iter().filter(|i| keep(i)).count() as u32;
    let answered: Vec<&SessionItem> = items
        .iter()
        .filter(|i| i.status == ItemStatus::Answered)
        .collect();
    let checked = answered.iter().filter(|i| i.correct.is_some()).count() as u32;
    let correct = answered.iter().filter(|i| i.correct == Some(true)).count() as u32;
    let mut grades = [0u32; 4];
    for rating in answered.iter().filter_map(|i| i.rating) {
        grades[usize::from(rating.value() - 1)] += 1;
    }
    let per_type = ExerciseType::every()
        .filter_map(|exercise_type| {
            let of_type: Vec<&&SessionItem> = answered
                .iter()
                .filter(|i| i.exercise_type == exercise_type)
                .collect();
            if of_type.is_empty() {
                return None;
            }
            let checked = of_type.iter().filter(|i| i.correct.is_some()).count() as u32;
            let correct = of_type.iter().filter(|i| i.correct == Some(true)).count() as u32;
            Some(TypeSummary {
                exercise_type,
                answered: of_type.len() as u32,
                checked,
                correct,
                accuracy: ratio(correct, checked),
            })
        })
        .collect();
    let first_answers = |reason: Reason| {
        answered
            .iter()
            .filter(|i| i.reason == reason && i.relearn_of.is_none())
            .collect::<Vec<_>>()
    };
    SessionSummary {
        items_planned: count(&|i| i.relearn_of.is_none()),
        relearning_added: count(&|i| i.relearn_of.is_some()),
        items_completed: answered.len() as u32,
        items_skipped: count(&|i| i.status == ItemStatus::Skipped),
        checked_answers: checked,
        correct_answers: correct,
        accuracy: ratio(correct, checked),
        grades,
        active_ms: answered.iter().filter_map(|i| i.duration_ms).sum(),
        wall_ms: u64::try_from(ended_at.millis().saturating_sub(started_at.millis())).unwrap_or(0),
        new_verses: first_answers(Reason::New)
            .iter()
            .filter(|i| i.item.skill() == Skill::Memorization)
            .count() as u32,
        reviews: first_answers(Reason::Review).len() as u32,
        relearned: answered.iter().filter(|i| i.relearn_of.is_some()).count() as u32,
        per_type,
        learner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(id: i64, verse: u32, rating: Rating, seq: i64) -> SessionItem {
        SessionItem {
            id,
            position: id,
            item: ItemKey::memorization(iqrah_quran::VerseKey::new(112, verse).unwrap()),
            reason: Reason::New,
            exercise_type: ExerciseType::Recall,
            status: ItemStatus::Answered,
            correct: None,
            rating: Some(rating),
            duration_ms: Some(1_000),
            answered_at: None,
            answered_seq: Some(seq),
            relearn_of: None,
            skips: 0,
        }
    }

    #[test]
    fn learner_figures_count_on_the_learners_day() {
        use std::collections::HashMap;
        let verse = |ayah| iqrah_quran::VerseKey::new(112, ayah).unwrap();
        let settings = Settings {
            day_start_hour: 4,
            ..Settings::default()
        };
        let offset = settings.day_start_offset_ms();
        let scheduler = Scheduler::new().with_day_start(offset);
        // 2026-01-10 12:00 UTC.
        let now = Timestamp::from_millis(1_768_046_400_000);
        let today = learner_day(now, offset);
        let day_start = |day: i64| Timestamp::from_millis(day * DAY_MS + offset);
        let state = |due| {
            let mut s = scheduler.review(None, Rating::Good, now, 0.9);
            s.due = due;
            s
        };
        let states = HashMap::from([
            (ItemKey::memorization(verse(1)), state(day_start(today + 1))),
            // The last instant of tomorrow still counts; the day after not.
            (
                ItemKey::memorization(verse(2)),
                state(Timestamp::from_millis(day_start(today + 2).millis() - 1)),
            ),
            (ItemKey::memorization(verse(3)), state(day_start(today + 2))),
            (
                ItemKey::memorization(iqrah_quran::VerseKey::new(113, 1).unwrap()),
                state(day_start(today + 9)),
            ),
        ]);
        let goal: Goal = "surah:112".parse().unwrap();
        let figures = LearnerFigures::at(
            LearnerRecords {
                goal: &goal,
                goal_before: VerseProgress::default(),
                states: &states,
                practice_days: &[today - 2, today - 1, today, today],
                scheduler: &scheduler,
                settings: &settings,
            },
            now,
        );
        assert_eq!(figures.next_due, Some(day_start(today + 1)));
        assert_eq!(figures.due_tomorrow, 2);
        assert_eq!(figures.streak_days, 3);
        assert_eq!(
            figures.goal_after,
            verse_progress(goal.verses(&states), &states, &scheduler, now, 0.9)
        );
        assert_ne!(figures.goal_after, VerseProgress::default());
    }

    #[test]
    fn missed_items_are_the_again_and_hard_ones_once_each() {
        let mut copy = answered(5, 2, Rating::Hard, 4);
        copy.relearn_of = Some(2);
        let mut pending = answered(6, 4, Rating::Again, 9);
        pending.status = ItemStatus::Skipped;
        let items = [
            answered(1, 1, Rating::Good, 1),
            answered(3, 3, Rating::Hard, 3),
            answered(2, 2, Rating::Again, 2),
            copy,
            answered(4, 1, Rating::Easy, 5),
            pending,
        ];
        let missed = missed(&items);
        let verses: Vec<(u32, Rating)> = missed
            .iter()
            .map(|m| (m.item.verse().ayah().into(), m.rating))
            .collect();
        assert_eq!(verses, [(2, Rating::Again), (3, Rating::Hard)]);
    }
}
