//! Memory states and their scheduling with FSRS-6.
//!
//! Every item the learner has started has one [`MemoryState`]. A
//! [`Scheduler`] (built once) turns a rating given at `now` into the next
//! state, and tells how likely the item is to be recalled at any time.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use serde::{Deserialize, Serialize};

use crate::item::ItemKey;
use crate::progress::learner_day;
use crate::time::{DAY_MS, Timestamp, describe_days};

/// The desired retention used when a learner has not chosen one.
pub const DEFAULT_DESIRED_RETENTION: f32 = 0.9;

/// The lowest desired retention the scheduler accepts (lower values are raised to it).
pub const MIN_DESIRED_RETENTION: f32 = 0.70;

/// The highest desired retention the scheduler accepts (higher values are lowered to it).
pub const MAX_DESIRED_RETENTION: f32 = 0.99;

/// The longest interval the scheduler gives, in learner days (a hundred years).
const MAX_INTERVAL_DAYS: f32 = 36_500.0;

/// How well an item was recalled: FSRS's four grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Rating {
    /// 1: forgotten.
    Again = 1,
    /// 2: recalled with serious difficulty.
    Hard = 2,
    /// 3: recalled.
    Good = 3,
    /// 4: recalled effortlessly.
    Easy = 4,
}

impl Rating {
    /// All four ratings, from Again to Easy.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The grade as a number, 1–4.
    pub const fn value(self) -> u8 {
        self as u8
    }
}

/// A rating outside 1–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid rating {value}: expected 1 (again), 2 (hard), 3 (good) or 4 (easy)")]
pub struct RatingError {
    /// The rejected value.
    pub value: u8,
}

impl TryFrom<u8> for Rating {
    type Error = RatingError;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(Rating::Again),
            2 => Ok(Rating::Hard),
            3 => Ok(Rating::Good),
            4 => Ok(Rating::Easy),
            _ => Err(RatingError { value }),
        }
    }
}

impl From<Rating> for u8 {
    fn from(rating: Rating) -> u8 {
        rating.value()
    }
}

/// What the scheduler knows about one item after at least one review.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MemoryState {
    /// FSRS stability, in days: the interval at which recall drops to 90 %.
    pub stability: f32,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f32,
    /// When the item was last reviewed.
    pub last_review: Timestamp,
    /// When the item should next be reviewed to meet the desired retention.
    pub due: Timestamp,
    /// How many reviews the item has had.
    pub reps: u32,
    /// How many times a started item was forgotten (rated Again).
    pub lapses: u32,
}

impl MemoryState {
    /// Whether the item is due at `now`.
    pub fn is_due(&self, now: Timestamp) -> bool {
        self.due <= now
    }

    /// The FSRS part of the state, if it is usable (finite and positive).
    fn fsrs_memory(&self) -> Option<fsrs::MemoryState> {
        let usable =
            self.stability.is_finite() && self.stability > 0.0 && self.difficulty.is_finite();
        usable.then_some(fsrs::MemoryState {
            stability: self.stability,
            difficulty: self.difficulty,
        })
    }
}

/// Read access to a learner's memory states, one per started item.
///
/// Implemented for `HashMap` and `BTreeMap` keyed by [`ItemKey`]; a storage
/// layer can implement it over its own structure.
pub trait MemoryStates {
    /// The state of one item, if the learner has started it.
    fn get(&self, item: ItemKey) -> Option<&MemoryState>;

    /// Calls `visit` once for every started item, in any order.
    fn for_each(&self, visit: &mut dyn FnMut(ItemKey, &MemoryState));

    /// How many items have a state.
    fn count(&self) -> usize;
}

impl<H: BuildHasher> MemoryStates for HashMap<ItemKey, MemoryState, H> {
    fn get(&self, item: ItemKey) -> Option<&MemoryState> {
        HashMap::get(self, &item)
    }

    fn for_each(&self, visit: &mut dyn FnMut(ItemKey, &MemoryState)) {
        for (item, state) in self {
            visit(*item, state);
        }
    }

    fn count(&self) -> usize {
        self.len()
    }
}

impl MemoryStates for BTreeMap<ItemKey, MemoryState> {
    fn get(&self, item: ItemKey) -> Option<&MemoryState> {
        BTreeMap::get(self, &item)
    }

    fn for_each(&self, visit: &mut dyn FnMut(ItemKey, &MemoryState)) {
        for (item, state) in self {
            visit(*item, state);
        }
    }

    fn count(&self) -> usize {
        self.len()
    }
}

/// What one grade would lead to: when the item would next be due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradePreview {
    /// The grade, 1 (Again) to 4 (Easy).
    pub rating: u8,
    /// When the item would fall due after this grade.
    pub due_at: Timestamp,
    /// Learner days from now to `due_at`.
    pub days: u32,
    /// The interval as a learner reads it ([`describe_days`]: "in 3 days").
    pub label: String,
}

/// FSRS parameters were rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid FSRS parameters: {reason}")]
pub struct SchedulerError {
    /// What the fsrs crate said.
    pub reason: String,
}

/// Schedules reviews with FSRS-6. Build it once per learner and share it.
///
/// Elapsed time is counted as FSRS counts it, in days, and a day is the
/// learner's day (as Anki counts it): two reviews on the same learner day
/// are 0 days apart, a review after the day boundary is 1 day later, however
/// few hours passed. Days start at midnight UTC unless
/// [`Scheduler::with_day_start`] says otherwise.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: fsrs::FSRS,
    decay: f32,
    /// Stability after a first review, by rating (Again..Easy).
    first_stability: [f32; 4],
    /// Where the learner's day starts, in milliseconds after midnight UTC
    /// (see [`crate::settings::Settings::day_start_offset_ms`]).
    day_start_offset_ms: i64,
}

impl Default for Scheduler {
    fn default() -> Self {
        Scheduler::new()
    }
}

impl Scheduler {
    /// A scheduler with FSRS-6's default parameters (fitted on the average learner).
    pub fn new() -> Self {
        Scheduler::from_fsrs(fsrs::FSRS::default(), fsrs::DEFAULT_PARAMETERS[20])
    }

    /// A scheduler with personal parameters (19 or 21 values, as the FSRS
    /// optimizer produces; an empty slice means the defaults).
    pub fn with_parameters(parameters: &[f32]) -> Result<Self, SchedulerError> {
        let error = |e: fsrs::FSRSError| SchedulerError {
            reason: e.to_string(),
        };
        let filled = fsrs::check_and_fill_parameters(parameters).map_err(error)?;
        let decay = filled
            .get(20)
            .copied()
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY)
            .clamp(0.1, 0.8);
        Ok(Scheduler::from_fsrs(
            fsrs::FSRS::new(&filled).map_err(error)?,
            decay,
        ))
    }

    /// The scheduler a learner's session schedules with: their stored
    /// parameters (FSRS-6's defaults when they are empty or unusable) and
    /// their learner day from `settings`.
    pub fn for_learner(parameters: &[f32], settings: &crate::settings::Settings) -> Self {
        Scheduler::with_parameters(parameters)
            .unwrap_or_default()
            .with_day_start(settings.day_start_offset_ms())
    }

    fn from_fsrs(fsrs: fsrs::FSRS, decay: f32) -> Self {
        let mut first_stability = [0.0; 4];
        for (slot, rating) in first_stability.iter_mut().zip(1..=4) {
            *slot = fsrs.next_interval(None, 0.9, rating).max(0.0);
        }
        // With desired retention 0.9 the interval equals the stability.
        Scheduler {
            fsrs,
            decay,
            first_stability,
            day_start_offset_ms: 0,
        }
    }

    /// The same scheduler counting days that start `day_start_offset_ms`
    /// after midnight UTC (the learner's time zone and day start hour, as
    /// [`crate::settings::Settings::day_start_offset_ms`] gives them).
    #[must_use]
    pub fn with_day_start(mut self, day_start_offset_ms: i64) -> Self {
        self.day_start_offset_ms = day_start_offset_ms;
        self
    }

    /// When an item reviewed at `now` with an FSRS interval of
    /// `interval_days` falls due: the start of the learner day `interval_days`
    /// (rounded, at least 1, at most a hundred years) after `now`'s.
    pub fn due_after(&self, now: Timestamp, interval_days: f32) -> Timestamp {
        let days = if interval_days.is_finite() {
            interval_days.round().clamp(1.0, MAX_INTERVAL_DAYS) as i64
        } else {
            1
        };
        let day = learner_day(now, self.day_start_offset_ms).saturating_add(days);
        Timestamp(
            day.saturating_mul(DAY_MS)
                .saturating_add(self.day_start_offset_ms),
        )
    }

    /// FSRS's interval for `stability` at `desired_retention` (clamped to
    /// 0.70–0.99), in fractional days: how long after its last review an
    /// item of that stability falls to the desired recall (at 0.9 the
    /// interval is the stability).
    pub fn interval_days(&self, stability: f32, desired_retention: f32) -> f32 {
        let retention = clamp_retention(desired_retention);
        let interval = self.fsrs.next_interval(Some(stability), retention, 0);
        if interval.is_finite() {
            interval.clamp(0.0, MAX_INTERVAL_DAYS)
        } else {
            0.0
        }
    }

    /// Days FSRS sees between two reviews: learner days from `earlier` to
    /// `now`, never negative.
    pub fn elapsed_days(&self, earlier: Timestamp, now: Timestamp) -> u32 {
        let days = learner_day(now, self.day_start_offset_ms)
            - learner_day(earlier, self.day_start_offset_ms);
        u32::try_from(days.max(0)).unwrap_or(u32::MAX)
    }

    /// The state after a review rated `rating` at `now`.
    ///
    /// `previous` is the state before the review (`None` for a first
    /// review). The learner days elapsed since the last review
    /// ([`Scheduler::elapsed_days`]) go to FSRS. A review on the same
    /// learner day as the previous one (relearning inside a session, a
    /// second session that day) never raises stability above the larger
    /// of the previous stability and what a first review with the same
    /// rating gives, so repeating an item many times in one sitting does not
    /// inflate it. `desired_retention` is clamped to 0.70–0.99.
    ///
    /// The item falls due at the start of a learner day ([`Scheduler::due_after`]):
    /// FSRS's interval rounded to whole learner days, at least the next day,
    /// as Anki schedules reviews. Repeats within the day are the session's
    /// relearning copies, not scheduled reviews.
    pub fn review(
        &self,
        previous: Option<&MemoryState>,
        rating: Rating,
        now: Timestamp,
        desired_retention: f32,
    ) -> MemoryState {
        let [again, hard, good, easy] = self.review_each(previous, now, desired_retention);
        match rating {
            Rating::Again => again,
            Rating::Hard => hard,
            Rating::Good => good,
            Rating::Easy => easy,
        }
    }

    /// The state after a review at `now` for each grade, Again to Easy, by
    /// the rule of [`Scheduler::review`]; one FSRS step serves all four.
    fn review_each(
        &self,
        previous: Option<&MemoryState>,
        now: Timestamp,
        desired_retention: f32,
    ) -> [MemoryState; 4] {
        let retention = clamp_retention(desired_retention);
        let memory = previous.and_then(MemoryState::fsrs_memory);
        let days = previous.map_or(0, |p| self.elapsed_days(p.last_review, now));
        let next = self
            .fsrs
            .next_states(memory, retention, days)
            .or_else(|_| self.fsrs.next_states(None, retention, 0))
            .ok();
        let started = previous.is_some();
        Rating::ALL.map(|rating| {
            let first = self.first_stability[usize::from(rating.value() - 1)];
            let (mut stability, difficulty) = match &next {
                Some(states) => {
                    let state = match rating {
                        Rating::Again => &states.again,
                        Rating::Hard => &states.hard,
                        Rating::Good => &states.good,
                        Rating::Easy => &states.easy,
                    };
                    (state.memory.stability, state.memory.difficulty)
                }
                None => (first, 5.0),
            };
            if let (Some(memory), 0) = (memory, days) {
                stability = stability.min(memory.stability.max(first));
            }
            let interval = self.fsrs.next_interval(Some(stability), retention, 0);
            MemoryState {
                stability,
                difficulty,
                last_review: now,
                due: self.due_after(now, interval),
                reps: previous.map_or(0, |p| p.reps).saturating_add(1),
                lapses: previous
                    .map_or(0, |p| p.lapses)
                    .saturating_add(u32::from(started && rating == Rating::Again)),
            }
        })
    }

    /// What each grade, Again to Easy, would lead to if given at `now` to
    /// an item in `state` (`None`: never reviewed): the due date
    /// [`Scheduler::review`] would set, so the preview and the review
    /// follow one rule.
    pub fn preview(
        &self,
        state: Option<&MemoryState>,
        now: Timestamp,
        desired_retention: f32,
    ) -> [GradePreview; 4] {
        let after = self.review_each(state, now, desired_retention);
        Rating::ALL.map(|rating| {
            let due_at = after[usize::from(rating.value() - 1)].due;
            let days = self.elapsed_days(now, due_at);
            GradePreview {
                rating: rating.value(),
                due_at,
                days,
                label: describe_days(days),
            }
        })
    }

    /// The probability (0–1) that the item is recalled at `now`. An unusable
    /// state (non-finite or non-positive stability) counts as forgotten (0).
    pub fn retrievability(&self, state: &MemoryState, now: Timestamp) -> f32 {
        let Some(memory) = state.fsrs_memory() else {
            return 0.0;
        };
        let days = now.days_since(state.last_review) as f32;
        let r = fsrs::current_retrievability(memory, days, self.decay);
        if r.is_finite() {
            r.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// Clamps a desired retention to the accepted range (NaN becomes the default).
fn clamp_retention(retention: f32) -> f32 {
    if retention.is_nan() {
        DEFAULT_DESIRED_RETENTION
    } else {
        retention.clamp(MIN_DESIRED_RETENTION, MAX_DESIRED_RETENTION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DAY_MS;

    const T0: Timestamp = Timestamp(1_700_000_000_000);

    #[test]
    fn ratings_convert_from_numbers_with_typed_errors() {
        assert_eq!(Rating::try_from(1), Ok(Rating::Again));
        assert_eq!(Rating::try_from(4), Ok(Rating::Easy));
        for bad in [0u8, 5, 255] {
            assert_eq!(Rating::try_from(bad), Err(RatingError { value: bad }));
        }
        assert_eq!(serde_json::to_string(&Rating::Good).unwrap(), "3");
        assert!(serde_json::from_str::<Rating>("0").is_err());
        assert_eq!(serde_json::from_str::<Rating>("2").unwrap(), Rating::Hard);
    }

    #[test]
    fn a_first_review_schedules_by_rating() {
        let s = Scheduler::new();
        let states: Vec<MemoryState> = Rating::ALL
            .iter()
            .map(|&r| s.review(None, r, T0, 0.9))
            .collect();
        for pair in states.windows(2) {
            assert!(pair[0].stability < pair[1].stability);
            assert!(pair[0].due <= pair[1].due);
        }
        let good = states[2];
        assert_eq!((good.reps, good.lapses, good.last_review), (1, 0, T0));
        assert!((good.stability - 2.3065).abs() < 1e-3, "{}", good.stability);
        // At retention 0.9 the interval is the stability, in whole learner
        // days: 2.3 days after 2023-11-14T22:13Z is due 2023-11-16T00:00Z.
        assert_eq!(s.elapsed_days(T0, good.due), 2);
        assert_eq!(good.due, Timestamp(19_677 * DAY_MS));
        // Even an Again is due the next learner day, not later the same day.
        assert_eq!(s.elapsed_days(T0, states[0].due), 1);
    }

    #[test]
    fn previews_are_what_the_review_schedules() {
        let s = Scheduler::new().with_day_start(4 * 3_600_000);
        let started = s.review(None, Rating::Good, T0, 0.9);
        let later = T0.plus_days(3.0);
        for (state, now) in [(None, T0), (Some(&started), later)] {
            let previews = s.preview(state, now, 0.9);
            for (preview, rating) in previews.iter().zip(Rating::ALL) {
                let due = s.review(state, rating, now, 0.9).due;
                assert_eq!((preview.rating, preview.due_at), (rating.value(), due));
                assert_eq!(preview.days, s.elapsed_days(now, due));
                assert_eq!(preview.label, describe_days(preview.days));
            }
            assert!(previews.windows(2).all(|p| p[0].days <= p[1].days));
        }
        let first = s.preview(None, T0, 0.9);
        assert_eq!(first[0].label, "tomorrow");
        assert_eq!(first[2].label, "in 2 days");
    }

    #[test]
    fn items_fall_due_at_the_start_of_a_learner_day() {
        let four_am = 4 * 3_600_000;
        let s = Scheduler::new().with_day_start(four_am);
        for (hours_after_t0, interval, days_later) in [
            (0.0, 2.3, 2),
            (6.0, 2.3, 2),
            (0.0, 0.2, 1),
            (0.0, 7.6, 8),
            (0.0, f32::NAN, 1),
        ] {
            let now = T0.plus_days(hours_after_t0 / 24.0);
            let due = s.due_after(now, interval);
            assert_eq!((due.millis() - four_am).rem_euclid(DAY_MS), 0, "{due:?}");
            assert_eq!(s.elapsed_days(now, due), days_later, "{interval}");
            assert!(due > now);
        }
        assert_eq!(s.due_after(Timestamp(i64::MAX), 1e9), Timestamp(i64::MAX));
    }

    #[test]
    fn a_successful_review_after_the_interval_grows_stability() {
        let s = Scheduler::new();
        let first = s.review(None, Rating::Good, T0, 0.9);
        let second = s.review(Some(&first), Rating::Good, first.due, 0.9);
        assert!(
            second.stability > first.stability * 1.5,
            "{first:?} -> {second:?}"
        );
        assert_eq!(second.reps, 2);
        let lapse = s.review(Some(&second), Rating::Again, second.due, 0.9);
        assert!(lapse.stability < second.stability);
        assert_eq!(lapse.lapses, 1);
    }

    #[test]
    fn ten_same_day_goods_do_not_inflate_stability() {
        let s = Scheduler::new();
        for first_rating in Rating::ALL {
            let once = s.review(None, first_rating, T0, 0.9);
            let mut state = once;
            for minute in 1..10 {
                state = s.review(
                    Some(&state),
                    Rating::Good,
                    Timestamp(T0.millis() + minute * 60_000),
                    0.9,
                );
            }
            let one_good = s.review(None, Rating::Good, T0, 0.9).stability;
            assert!(
                state.stability <= once.stability.max(one_good) + 1e-6,
                "{first_rating:?}: {once:?} -> {state:?}"
            );
        }
        // Even ten same-day Easys stay at what one Easy gives.
        let mut state = s.review(None, Rating::Easy, T0, 0.9);
        let once = state.stability;
        for minute in 1..10 {
            state = s.review(
                Some(&state),
                Rating::Easy,
                Timestamp(T0.millis() + minute * 60_000),
                0.9,
            );
        }
        assert!(
            state.stability <= once + 1e-6,
            "{once} -> {}",
            state.stability
        );
    }

    #[test]
    fn retrievability_falls_with_time_and_meets_the_target_when_due() {
        let s = Scheduler::new();
        let state = s.review(None, Rating::Good, T0, 0.9);
        assert!((s.retrievability(&state, T0) - 1.0).abs() < 1e-6);
        // Due two learner days later (stability 2.3 rounded): recall there
        // is above the target, and it is below it 2.3 days after the review.
        let at_due = s.retrievability(&state, state.due);
        assert!(at_due > 0.9, "{at_due}");
        let at_stability = s.retrievability(&state, T0.plus_days(f64::from(state.stability)));
        assert!((at_stability - 0.9).abs() < 0.01, "{at_stability}");
        assert!(s.retrievability(&state, state.due.plus_days(30.0)) < at_due);
        let high = s.review(None, Rating::Good, T0, 0.97);
        assert!(high.due < state.due);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let s = Scheduler::new();
        let broken = MemoryState {
            stability: f32::NAN,
            difficulty: f32::INFINITY,
            last_review: Timestamp(i64::MAX),
            due: Timestamp(i64::MIN),
            reps: u32::MAX,
            lapses: u32::MAX,
        };
        assert_eq!(s.retrievability(&broken, T0), 0.0);
        let next = s.review(Some(&broken), Rating::Again, Timestamp(i64::MIN), f32::NAN);
        assert!(next.stability.is_finite() && next.stability > 0.0);
        assert_eq!((next.reps, next.lapses), (u32::MAX, u32::MAX));
        let far = s.review(Some(&next), Rating::Easy, Timestamp(i64::MAX), 5.0);
        assert!(far.stability.is_finite() && far.due >= far.last_review);
    }

    #[test]
    fn elapsed_days_follow_the_learners_day() {
        // 2023-11-14T22:13:20Z; the learner's day starts at 04:00 UTC.
        let s = Scheduler::new().with_day_start(4 * 3_600_000);
        let evening = T0;
        let hours = |h: f64| evening.plus_days(h / 24.0);
        // 22:13 → 03:59 the next morning is still the same learner day…
        assert_eq!(s.elapsed_days(evening, hours(5.7)), 0);
        // …and 04:01 is the next one, though only six hours passed.
        assert_eq!(s.elapsed_days(evening, hours(5.8)), 1);
        // 23.99 h and 24.00 h later are both one day later.
        assert_eq!(s.elapsed_days(evening, hours(23.99)), 1);
        assert_eq!(s.elapsed_days(evening, hours(24.0)), 1);
        assert_eq!(s.elapsed_days(hours(24.0), evening), 0);
        // So a Good 23.99 h after a first Good is a real next-day review.
        let first = s.review(None, Rating::Good, evening, 0.9);
        let day_later = s.review(Some(&first), Rating::Good, hours(23.99), 0.9);
        let same_day = s.review(Some(&first), Rating::Good, hours(5.0), 0.9);
        assert!(day_later.stability > first.stability * 1.5, "{day_later:?}");
        assert!(same_day.stability <= first.stability + 1e-6, "{same_day:?}");
        // Midnight UTC is the default day start.
        let utc = Scheduler::new();
        assert_eq!(utc.elapsed_days(evening, hours(1.0)), 0);
        assert_eq!(utc.elapsed_days(evening, hours(2.0)), 1);
    }

    #[test]
    fn personal_parameters_are_checked() {
        assert!(Scheduler::with_parameters(&[]).is_ok());
        assert!(Scheduler::with_parameters(&fsrs::DEFAULT_PARAMETERS).is_ok());
        assert!(Scheduler::with_parameters(&[1.0, 2.0]).is_err());
    }

    #[test]
    fn a_learners_scheduler_keeps_their_day_and_survives_damaged_parameters() {
        let settings = crate::settings::Settings {
            day_start_hour: 4,
            ..crate::settings::Settings::default()
        };
        let expected = Scheduler::new().with_day_start(4 * 3_600_000);
        let good = |s: &Scheduler| s.review(None, Rating::Good, T0, 0.9);
        // Damaged parameters schedule as the defaults do, on the learner's day.
        let damaged = Scheduler::for_learner(&[1.0, 2.0], &settings);
        assert_eq!(good(&damaged), good(&expected));
        // The due time is the start of a learner day, 4 am here.
        assert_ne!(good(&damaged), good(&Scheduler::new()));
        // Personal parameters are used.
        let mut personal = fsrs::DEFAULT_PARAMETERS;
        personal[2] *= 3.0;
        let fitted = Scheduler::for_learner(&personal, &settings);
        assert_ne!(good(&fitted), good(&expected));
    }

    proptest::proptest! {
        #[test]
        fn states_stay_finite_and_due_after_review(
            ratings in proptest::collection::vec(1u8..=4, 1..30),
            gaps in proptest::collection::vec(0i64..(40 * DAY_MS), 30),
            retention in 0.0f32..1.5,
        ) {
            let s = Scheduler::new();
            let mut state: Option<MemoryState> = None;
            let mut now = T0;
            for (rating, gap) in ratings.iter().zip(&gaps) {
                now = Timestamp(now.millis() + gap);
                let next = s.review(state.as_ref(), Rating::try_from(*rating).unwrap(), now, retention);
                proptest::prop_assert!(next.stability.is_finite() && next.stability > 0.0);
                proptest::prop_assert!((1.0..=10.0).contains(&next.difficulty));
                proptest::prop_assert!(next.due > now);
                let r = s.retrievability(&next, next.due);
                proptest::prop_assert!((0.0..=1.0).contains(&r));
                state = Some(next);
            }
        }
    }
}
