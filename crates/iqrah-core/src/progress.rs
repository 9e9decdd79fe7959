//! How far a learner has come: verses as new, learning or known, and the
//! streak of practice days.

use iqrah_quran::VerseKey;
use serde::{Deserialize, Serialize};

use crate::item::ItemKey;
use crate::memory::{MemoryStates, Scheduler};
use crate::time::{DAY_MS, Timestamp};

/// A verse is known once its memorization stability reaches this many days
/// and it is currently recalled with at least the desired retention.
pub const KNOWN_STABILITY_DAYS: f32 = 21.0;

/// Counts of verses by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerseProgress {
    /// Never practised (no memorization state).
    pub new: u32,
    /// Started but not yet known.
    pub learning: u32,
    /// Memorization stability of at least [`KNOWN_STABILITY_DAYS`] and
    /// retrievability now at least the desired retention.
    pub known: u32,
}

impl VerseProgress {
    /// Verses started: learning or known.
    pub fn started(&self) -> u32 {
        self.learning + self.known
    }

    /// How far the division these verses make up (a page, a surah) has
    /// come as a whole.
    pub fn division_state(&self) -> DivisionState {
        if self.started() == 0 {
            DivisionState::New
        } else if self.new > 0 {
            DivisionState::Begun
        } else if self.learning > 0 {
            DivisionState::Learning
        } else {
            DivisionState::Known
        }
    }
}

/// How far a division of the Quran (a page, a surah, a juz) has come as a
/// whole, from its verses' states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionState {
    /// No verse started.
    New,
    /// Some verses started, some still new.
    Begun,
    /// Every verse started, not all known.
    Learning,
    /// Every verse known.
    Known,
}

impl DivisionState {
    /// The state's name as the API writes it (`new`, `begun`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DivisionState::New => "new",
            DivisionState::Begun => "begun",
            DivisionState::Learning => "learning",
            DivisionState::Known => "known",
        }
    }
}

/// Classifies `verses` by their memorization state at `now`.
pub fn verse_progress<S: MemoryStates + ?Sized>(
    verses: impl IntoIterator<Item = VerseKey>,
    states: &S,
    scheduler: &Scheduler,
    now: Timestamp,
    desired_retention: f32,
) -> VerseProgress {
    let mut progress = VerseProgress::default();
    for verse in verses {
        match states.get(ItemKey::memorization(verse)) {
            None => progress.new += 1,
            Some(state)
                if state.stability >= KNOWN_STABILITY_DAYS
                    && scheduler.retrievability(state, now) >= desired_retention =>
            {
                progress.known += 1;
            }
            Some(_) => progress.learning += 1,
        }
    }
    progress
}

/// A started verse is at risk once its memorization is recalled with less
/// than this probability now: more than one chance in five of a stumble,
/// twice FSRS's default miss rate (1 − 0.9), so a teacher hears of it
/// before it is lost.
pub const AT_RISK_RETRIEVABILITY: f32 = 0.8;

/// The started verses of `verses` whose memorization is at risk at `now`
/// ([`AT_RISK_RETRIEVABILITY`]), in the order given.
pub fn verses_at_risk<S: MemoryStates + ?Sized>(
    verses: impl IntoIterator<Item = VerseKey>,
    states: &S,
    scheduler: &Scheduler,
    now: Timestamp,
) -> Vec<VerseKey> {
    verses
        .into_iter()
        .filter(|verse| {
            states
                .get(ItemKey::memorization(*verse))
                .is_some_and(|state| scheduler.retrievability(state, now) < AT_RISK_RETRIEVABILITY)
        })
        .collect()
}

/// The learner's day number of a moment: days since the epoch, where a day
/// starts `day_start_offset_ms` after midnight UTC (time zone offset plus the
/// hour the learner's day starts).
pub fn learner_day(at: Timestamp, day_start_offset_ms: i64) -> i64 {
    at.millis()
        .saturating_sub(day_start_offset_ms)
        .div_euclid(DAY_MS)
}

/// The moment learner day `day` (a [`learner_day`] number) starts.
pub fn learner_day_start(day: i64, day_start_offset_ms: i64) -> Timestamp {
    Timestamp::from_millis(
        day.saturating_mul(DAY_MS)
            .saturating_add(day_start_offset_ms),
    )
}

/// Consecutive days with practice ending today, or ending yesterday when
/// nothing was practised yet today (the streak is not broken until the day
/// is over). `days` are learner day numbers, in any order, repeats allowed.
pub fn current_streak(days: &[i64], today: i64) -> u32 {
    let mut sorted: Vec<i64> = days.iter().copied().filter(|&d| d <= today).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let Some(&last) = sorted.last() else { return 0 };
    if last < today - 1 {
        return 0;
    }
    let mut streak = 1;
    for pair in sorted.windows(2).rev() {
        if pair[1] - pair[0] != 1 {
            break;
        }
        streak += 1;
    }
    streak
}

/// The longest run of consecutive practice days.
pub fn longest_streak(days: &[i64]) -> u32 {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let (mut best, mut run) = (0, 0);
    for (i, day) in sorted.iter().enumerate() {
        run = if i > 0 && day - sorted[i - 1] == 1 {
            run + 1
        } else {
            1
        };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

    #[test]
    fn a_division_is_known_only_when_every_verse_is() {
        let state = |new, learning, known| {
            VerseProgress {
                new,
                learning,
                known,
            }
            .division_state()
        };
        assert_eq!(state(4, 0, 0), DivisionState::New);
        assert_eq!(state(3, 1, 0), DivisionState::Begun);
        assert_eq!(state(1, 0, 3), DivisionState::Begun);
        assert_eq!(state(0, 1, 3), DivisionState::Learning);
        assert_eq!(state(0, 0, 4), DivisionState::Known);
        assert_eq!(
            state(0, 0, 0),
            DivisionState::New,
            "an empty division has nothing started"
        );
        assert_eq!(
            serde_json::to_string(&DivisionState::Begun).unwrap(),
            format!("\"{}\"", DivisionState::Begun.as_str())
        );
    }

    use super::*;

    #[test]
    fn a_verse_is_at_risk_once_its_recall_falls_below_four_in_five() {
        use std::collections::HashMap;

        use crate::memory::{MemoryState, Rating};

        let scheduler = Scheduler::new();
        let t0 = Timestamp(1_800_000_000_000);
        let first = VerseKey::new(112, 1).unwrap();
        let second = VerseKey::new(112, 2).unwrap();
        let new = VerseKey::new(112, 3).unwrap();
        let mut states: HashMap<ItemKey, MemoryState> = HashMap::new();
        let state = scheduler.review(None, Rating::Good, t0, 0.9);
        states.insert(ItemKey::memorization(first), state);
        states.insert(ItemKey::memorization(second), state);
        let verses = [first, second, new];
        let at = |days: i64| Timestamp(t0.0 + days * DAY_MS);
        assert!(verses_at_risk(verses, &states, &scheduler, at(1)).is_empty());
        // The day recall falls below 0.8, both started verses are at risk;
        // a verse never started is new, not at risk.
        let falls = (1..400)
            .find(|&d| scheduler.retrievability(&state, at(d)) < AT_RISK_RETRIEVABILITY)
            .unwrap();
        assert!(verses_at_risk(verses, &states, &scheduler, at(falls - 1)).is_empty());
        assert_eq!(
            verses_at_risk(verses, &states, &scheduler, at(falls)),
            vec![first, second]
        );
    }

    #[test]
    fn streaks_count_consecutive_days() {
        assert_eq!(current_streak(&[], 10), 0);
        assert_eq!(current_streak(&[10], 10), 1);
        assert_eq!(current_streak(&[8, 9, 10, 10], 10), 3);
        assert_eq!(
            current_streak(&[8, 9], 10),
            2,
            "not broken before the day ends"
        );
        assert_eq!(current_streak(&[7, 8], 10), 0);
        assert_eq!(current_streak(&[1, 2, 5, 6, 7], 7), 3);
        assert_eq!(longest_streak(&[1, 2, 3, 5, 6]), 3);
        assert_eq!(longest_streak(&[]), 0);
    }

    #[test]
    fn a_learner_day_starts_where_learner_day_counts_it() {
        let offset = 4 * 3_600_000;
        let start = learner_day_start(20_000, offset);
        assert_eq!(learner_day(start, offset), 20_000);
        assert_eq!(learner_day(Timestamp(start.0 - 1), offset), 19_999);
    }

    #[test]
    fn learner_days_start_at_the_offset() {
        let hour = 3_600_000;
        // 02:00 UTC with a day that starts at 04:00 belongs to the previous day.
        assert_eq!(
            learner_day(Timestamp::from_millis(DAY_MS + 2 * hour), 4 * hour),
            0
        );
        assert_eq!(
            learner_day(Timestamp::from_millis(DAY_MS + 5 * hour), 4 * hour),
            1
        );
        // UTC+3 (offset -3 h): 22:00 UTC is already the next day.
        assert_eq!(learner_day(Timestamp::from_millis(22 * hour), -3 * hour), 1);
    }
}
