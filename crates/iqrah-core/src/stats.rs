//! A learner's figures, computed from the review log and memory states —
//! never estimated: verses by state, measured retention beside the desired
//! one (over the last 30 days and week by week), a due forecast, streaks,
//! and daily activity for a year's heatmap.

use serde::{Deserialize, Serialize};

use crate::goal::Goal;
use crate::item::ItemKey;
use crate::memory::{MemoryStates, Rating, Scheduler};
use crate::progress::{
    VerseProgress, current_streak, learner_day, learner_day_start, longest_streak, verse_progress,
};
use crate::time::{DAY_MS, Timestamp};

/// Days of history measured retention looks at.
pub const RETENTION_WINDOW_DAYS: i64 = 30;
/// Days the due forecast covers, today included.
pub const FORECAST_DAYS: usize = 14;
/// Days of daily activity reported, today included.
pub const ACTIVITY_DAYS: usize = 365;
/// Weeks of measured retention reported, the week ending today included.
pub const RETENTION_WEEKS: usize = 12;

/// One answer from the review log.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    /// The item answered.
    pub item: ItemKey,
    /// The grade.
    pub rating: Rating,
    /// When.
    pub reviewed_at: Timestamp,
    /// The answer time.
    pub duration_ms: u64,
    /// When the item was due before this answer (`None` for a first review).
    pub due_before: Option<Timestamp>,
}

impl ReviewRecord {
    /// Whether the item was due when answered (a scheduled review, not a
    /// first sight, a relearning repeat or practice ahead).
    pub fn was_due(&self) -> bool {
        self.due_before.is_some_and(|due| due <= self.reviewed_at)
    }
}

/// Measured retention: passing answers (Hard, Good or Easy) among due reviews.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Retention {
    /// Due reviews in the window.
    pub due_reviews: u32,
    /// Of those, answers graded Hard or better.
    pub passed: u32,
    /// `passed / due_reviews`, when there was any.
    pub measured: Option<f64>,
    /// The retention the scheduler aims for.
    pub desired: f32,
}

/// Measured retention over one week: seven learner days, the last week
/// ending today.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RetentionWeek {
    /// When the week's first day starts.
    pub week_start: Timestamp,
    /// Due reviews in the week.
    pub due_reviews: u32,
    /// Of those, answers graded Hard or better.
    pub passed: u32,
    /// `passed / due_reviews`, when there was any.
    pub measured: Option<f64>,
}

/// Items due on one learner day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastDay {
    /// When the day starts.
    pub day_start: Timestamp,
    /// Items due that day (today includes everything overdue).
    pub due: u32,
}

/// What was practised on one learner day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayActivity {
    /// When the day starts.
    pub day_start: Timestamp,
    /// Answers given.
    pub answers: u32,
    /// Sum of answer times.
    pub active_ms: u64,
}

/// The figures for a learner, or for one goal of theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// The goal the figures are restricted to, if any (`surah:2`).
    pub goal: Option<String>,
    /// Verses by state (the whole Quran without a goal).
    pub verses: VerseProgress,
    /// Measured retention over the last 30 days.
    pub retention: Retention,
    /// Measured retention week by week over the last 12 weeks, oldest first.
    #[serde(default)]
    pub retention_weeks: Vec<RetentionWeek>,
    /// Due items for today and the next 13 days.
    pub forecast: Vec<ForecastDay>,
    /// Consecutive practice days up to today (the learner's, whatever the goal).
    pub streak_days: u32,
    /// The longest run of practice days.
    pub longest_streak_days: u32,
    /// Answers and time per day over the last 365 days, oldest first.
    pub activity: Vec<DayActivity>,
    /// Answers in the whole log (within the goal).
    pub total_answers: u32,
}

/// Computes the figures at `now` from every memory state and review of the
/// learner, restricted to `goal` when given (streaks count every answer,
/// whatever the goal); `day_start_offset_ms` is the learner's (see
/// `Settings::day_start_offset_ms`).
pub fn compute<S: MemoryStates + ?Sized>(
    goal: Option<&Goal>,
    states: &S,
    reviews: &[ReviewRecord],
    scheduler: &Scheduler,
    desired_retention: f32,
    day_start_offset_ms: i64,
    now: Timestamp,
) -> Stats {
    let in_goal = |item: ItemKey| goal.is_none_or(|g| g.contains(item.verse(), states));
    let verses = match goal {
        Some(goal) => verse_progress(
            goal.verses(states),
            states,
            scheduler,
            now,
            desired_retention,
        ),
        None => verse_progress(
            iqrah_quran::VerseRange::whole().keys(),
            states,
            scheduler,
            now,
            desired_retention,
        ),
    };

    let window_start =
        Timestamp::from_millis(now.millis().saturating_sub(RETENTION_WINDOW_DAYS * DAY_MS));
    let (mut due_reviews, mut passed) = (0u32, 0u32);
    let today = learner_day(now, day_start_offset_ms);
    let first_activity_day = today - ACTIVITY_DAYS as i64 + 1;
    let day_start = |day: i64| learner_day_start(day, day_start_offset_ms);
    let mut activity: Vec<DayActivity> = (first_activity_day..=today)
        .map(|day| DayActivity {
            day_start: day_start(day),
            answers: 0,
            active_ms: 0,
        })
        .collect();
    let first_week_day = today - 7 * RETENTION_WEEKS as i64 + 1;
    let mut weeks: Vec<RetentionWeek> = (0..RETENTION_WEEKS as i64)
        .map(|week| RetentionWeek {
            week_start: day_start(first_week_day + 7 * week),
            due_reviews: 0,
            passed: 0,
            measured: None,
        })
        .collect();
    let mut total_answers = 0u32;
    for review in reviews.iter().filter(|r| in_goal(r.item)) {
        total_answers += 1;
        let day = learner_day(review.reviewed_at, day_start_offset_ms);
        let counted = review.reviewed_at <= now && review.was_due();
        let pass = u32::from(review.rating != Rating::Again);
        if counted && review.reviewed_at >= window_start {
            due_reviews += 1;
            passed += pass;
        }
        if let Some(week) = usize::try_from((day - first_week_day).div_euclid(7))
            .ok()
            .filter(|_| counted)
            .and_then(|i| weeks.get_mut(i))
        {
            week.due_reviews += 1;
            week.passed += pass;
        }
        if let Some(slot) = usize::try_from(day - first_activity_day)
            .ok()
            .and_then(|i| activity.get_mut(i))
        {
            slot.answers += 1;
            slot.active_ms += review.duration_ms;
        }
    }

    let mut forecast: Vec<ForecastDay> = (0..FORECAST_DAYS as i64)
        .map(|d| ForecastDay {
            day_start: day_start(today + d),
            due: 0,
        })
        .collect();
    states.for_each(&mut |item, state| {
        if !in_goal(item) {
            return;
        }
        let offset = (learner_day(state.due, day_start_offset_ms) - today).max(0);
        if let Some(slot) = usize::try_from(offset)
            .ok()
            .and_then(|i| forecast.get_mut(i))
        {
            slot.due += 1;
        }
    });

    let practice_days: Vec<i64> = reviews
        .iter()
        .map(|r| learner_day(r.reviewed_at, day_start_offset_ms))
        .collect();
    for week in &mut weeks {
        week.measured = share(week.passed, week.due_reviews);
    }
    Stats {
        goal: goal.map(ToString::to_string),
        verses,
        retention: Retention {
            due_reviews,
            passed,
            measured: share(passed, due_reviews),
            desired: desired_retention,
        },
        retention_weeks: weeks,
        forecast,
        streak_days: current_streak(&practice_days, today),
        longest_streak_days: longest_streak(&practice_days),
        activity,
        total_answers,
    }
}

/// `passed / of`, when `of` is not zero.
fn share(passed: u32, of: u32) -> Option<f64> {
    (of > 0).then(|| f64::from(passed) / f64::from(of))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::memory::MemoryState;

    const NOW: Timestamp = Timestamp(1_795_500_000_000); // 2026-11-24T06:00:00Z

    fn key(text: &str) -> ItemKey {
        text.parse().unwrap()
    }

    fn review(
        item: &str,
        rating: Rating,
        days_ago: i64,
        due_days_before: Option<i64>,
    ) -> ReviewRecord {
        let at = Timestamp(NOW.0 - days_ago * DAY_MS);
        ReviewRecord {
            item: key(item),
            rating,
            reviewed_at: at,
            duration_ms: 1000,
            due_before: due_days_before.map(|d| Timestamp(at.0 - d * DAY_MS)),
        }
    }

    fn state(due_in_days: f64) -> MemoryState {
        MemoryState {
            stability: 10.0,
            difficulty: 5.0,
            last_review: Timestamp(NOW.0 - DAY_MS),
            due: NOW.plus_days(due_in_days),
            reps: 2,
            lapses: 0,
        }
    }

    #[test]
    fn retention_counts_only_due_reviews_in_the_window() {
        let reviews = [
            review("1:1/memorization", Rating::Good, 1, Some(0)), // due: passed
            review("1:2/memorization", Rating::Again, 2, Some(1)), // due: failed
            review("1:3/memorization", Rating::Hard, 3, Some(0)), // due: passed
            review("1:4/memorization", Rating::Good, 1, None),    // first review: not due
            review("1:5/memorization", Rating::Good, 1, Some(-2)), // ahead of time: not due
            review("1:6/memorization", Rating::Again, 40, Some(0)), // outside the window
        ];
        let stats = compute(
            None,
            &HashMap::new(),
            &reviews,
            &Scheduler::new(),
            0.9,
            0,
            NOW,
        );
        assert_eq!(
            (stats.retention.due_reviews, stats.retention.passed),
            (3, 2)
        );
        assert_eq!(stats.retention.measured, Some(2.0 / 3.0));
        assert_eq!(stats.total_answers, 6);
        assert_eq!(stats.activity.len(), ACTIVITY_DAYS);
        assert_eq!(stats.activity.last().unwrap().answers, 0, "nothing today");
        assert_eq!(
            stats.activity[ACTIVITY_DAYS - 2].answers,
            3,
            "three answers yesterday"
        );
        assert_eq!(stats.activity.iter().map(|d| d.answers).sum::<u32>(), 6);
    }

    #[test]
    fn retention_is_measured_week_by_week_up_to_today() {
        let reviews = [
            review("1:1/memorization", Rating::Good, 0, Some(1)), // this week
            review("1:2/memorization", Rating::Again, 6, Some(0)), // this week: day 7 of 7
            review("1:3/memorization", Rating::Good, 7, Some(0)), // the week before
            review("1:4/memorization", Rating::Good, 7, None),    // first review: not due
            review("1:5/memorization", Rating::Hard, 83, Some(2)), // the oldest week
            review("1:6/memorization", Rating::Again, 84, Some(0)), // beyond 12 weeks
        ];
        let stats = compute(
            None,
            &HashMap::new(),
            &reviews,
            &Scheduler::new(),
            0.9,
            0,
            NOW,
        );
        let weeks = &stats.retention_weeks;
        assert_eq!(weeks.len(), RETENTION_WEEKS);
        let counts: Vec<(u32, u32)> = weeks.iter().map(|w| (w.passed, w.due_reviews)).collect();
        assert_eq!(counts[RETENTION_WEEKS - 1], (1, 2));
        assert_eq!(counts[RETENTION_WEEKS - 2], (1, 1));
        assert_eq!(counts[0], (1, 1));
        assert_eq!(counts.iter().map(|c| c.1).sum::<u32>(), 4);
        assert_eq!(weeks[RETENTION_WEEKS - 1].measured, Some(0.5));
        assert_eq!(weeks[1].measured, None, "a week without due reviews");
        assert_eq!(
            weeks[RETENTION_WEEKS - 1].week_start.millis(),
            NOW.millis().div_euclid(DAY_MS) * DAY_MS - 6 * DAY_MS,
            "the last week ends today"
        );
    }

    #[test]
    fn forecast_puts_overdue_items_today_and_respects_the_goal() {
        let states: HashMap<ItemKey, MemoryState> = [
            (key("1:1/memorization"), state(-3.0)),
            (key("1:2/memorization"), state(0.1)),
            (key("2:1/memorization"), state(1.0)),
            (key("2:2/memorization"), state(13.0)),
            (key("2:3/memorization"), state(20.0)),
        ]
        .into();
        let all = compute(None, &states, &[], &Scheduler::new(), 0.9, 0, NOW);
        let due: Vec<u32> = all.forecast.iter().map(|d| d.due).collect();
        assert_eq!(due.len(), FORECAST_DAYS);
        assert_eq!((due[0], due[1], due[13]), (2, 1, 1));
        assert_eq!(
            due.iter().sum::<u32>(),
            4,
            "the item due in 20 days is beyond the forecast"
        );
        let goal: Goal = "surah:2".parse().unwrap();
        let surah = compute(Some(&goal), &states, &[], &Scheduler::new(), 0.9, 0, NOW);
        assert_eq!(surah.forecast.iter().map(|d| d.due).sum::<u32>(), 2);
        assert_eq!((surah.verses.new, surah.verses.learning), (283, 3));
        assert_eq!(surah.goal.as_deref(), Some("surah:2"));
    }

    #[test]
    fn streaks_follow_the_learner_day() {
        let reviews =
            [5, 1, 0].map(|days_ago| review("114:1/memorization", Rating::Good, days_ago, None));
        let stats = compute(
            None,
            &HashMap::<ItemKey, MemoryState>::new(),
            &reviews,
            &Scheduler::new(),
            0.9,
            0,
            NOW,
        );
        assert_eq!((stats.streak_days, stats.longest_streak_days), (2, 2));
    }
}
