//! Suggested grades from answer time (GUIDE §3 reference profiles).

use serde::{Deserialize, Serialize};

use crate::memory::Rating;

/// Answer-time limits for one exercise, in milliseconds: at most `easy_ms`
/// is Easy, at most `good_ms` Good, at most `hard_ms` Hard, slower is Again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimingProfile {
    /// Upper limit for Easy.
    pub easy_ms: u64,
    /// Upper limit for Good.
    pub good_ms: u64,
    /// Upper limit for Hard; slower answers are graded Again.
    pub hard_ms: u64,
}

impl TimingProfile {
    /// Quick choice exercises (next word, missing word, what comes next): 3 / 7 / 12 s.
    pub const QUICK_CHOICE: TimingProfile = TimingProfile {
        easy_ms: 3_000,
        good_ms: 7_000,
        hard_ms: 12_000,
    };
    /// Standard exercises (find the mistake, put in order, meaning): 6 / 12 / 20 s.
    pub const STANDARD: TimingProfile = TimingProfile {
        easy_ms: 6_000,
        good_ms: 12_000,
        hard_ms: 20_000,
    };
    /// Long recall exercises (recall, type the verse): 10 / 20 / 35 s.
    pub const LONG_RECALL: TimingProfile = TimingProfile {
        easy_ms: 10_000,
        good_ms: 20_000,
        hard_ms: 35_000,
    };

    /// The profile of reciting (or typing) a verse of `words` words from
    /// memory: [`TimingProfile::LONG_RECALL`] once per 10 words.
    pub fn recitation(words: usize) -> TimingProfile {
        TimingProfile::LONG_RECALL.scaled(words, 10)
    }

    /// The profile stretched for a long text: multiplied by
    /// `ceil(words / words_per_unit)`, at least once and at most 20 times.
    pub fn scaled(self, words: usize, words_per_unit: usize) -> TimingProfile {
        let factor = words.div_ceil(words_per_unit.max(1)).clamp(1, 20) as u64;
        TimingProfile {
            easy_ms: self.easy_ms * factor,
            good_ms: self.good_ms * factor,
            hard_ms: self.hard_ms * factor,
        }
    }

    /// The grade a correct answer given in `duration_ms` deserves.
    pub fn rating_for(self, duration_ms: u64) -> Rating {
        if duration_ms <= self.easy_ms {
            Rating::Easy
        } else if duration_ms <= self.good_ms {
            Rating::Good
        } else if duration_ms <= self.hard_ms {
            Rating::Hard
        } else {
            Rating::Again
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_reference_profiles() {
        let quick = TimingProfile::QUICK_CHOICE;
        assert_eq!(quick.rating_for(0), Rating::Easy);
        assert_eq!(quick.rating_for(3_000), Rating::Easy);
        assert_eq!(quick.rating_for(3_001), Rating::Good);
        assert_eq!(quick.rating_for(7_001), Rating::Hard);
        assert_eq!(quick.rating_for(12_001), Rating::Again);
        assert_eq!(TimingProfile::STANDARD.rating_for(19_000), Rating::Hard);
        assert_eq!(TimingProfile::LONG_RECALL.rating_for(9_000), Rating::Easy);
        assert_eq!(
            TimingProfile::LONG_RECALL.rating_for(u64::MAX),
            Rating::Again
        );
    }

    #[test]
    fn long_texts_stretch_the_profile() {
        assert_eq!(
            TimingProfile::LONG_RECALL.scaled(4, 10),
            TimingProfile::LONG_RECALL
        );
        assert_eq!(TimingProfile::LONG_RECALL.scaled(25, 10).hard_ms, 105_000);
        assert_eq!(
            TimingProfile::LONG_RECALL.scaled(10_000, 0).easy_ms,
            200_000
        );
    }
}
