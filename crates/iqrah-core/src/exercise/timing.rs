//! Suggested grades from correctness, then answer time.
//!
//! The rule, in order:
//! 1. A wrong answer is Again, whatever the time.
//! 2. A right answer is never Again: at most `easy_ms` is Easy, at most
//!    `good_ms` Good, slower is Hard (however slow: a right answer after a
//!    long think was still recalled).
//! 3. The limits scale with the words the learner had to read or produce
//!    ([`TimingProfile::scaled`], [`TimingProfile::recitation`]), so the time
//!    judged is time per word, not the raw seconds.
//!
//! Good is the normal grade of a right answer: Easy needs an answer in at
//! most half the Good limit (the reference profiles' Easy limits are 3/7,
//! 6/12 and 10/20 of the Good ones), which a learner who still has to think
//! does not reach.

use serde::{Deserialize, Serialize};

use crate::memory::Rating;

/// Answer-time limits for one exercise, in milliseconds: a right answer in
/// at most `easy_ms` is Easy, in at most `good_ms` Good, slower is Hard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimingProfile {
    /// Upper limit for Easy.
    pub easy_ms: u64,
    /// Upper limit for Good.
    pub good_ms: u64,
    /// The time by which a right answer is slow (Hard either side of it;
    /// kept for the stored profiles and for clients that show a pace).
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

    /// The grade a right answer given in `duration_ms` deserves: Easy,
    /// Good or Hard, never Again (see the module's rule).
    pub fn rating_for(self, duration_ms: u64) -> Rating {
        if duration_ms <= self.easy_ms {
            Rating::Easy
        } else if duration_ms <= self.good_ms {
            Rating::Good
        } else {
            Rating::Hard
        }
    }

    /// The suggested grade of an answer: Again when it is wrong, else
    /// [`TimingProfile::rating_for`] its time.
    pub fn suggest(self, correct: bool, duration_ms: u64) -> Rating {
        if correct {
            self.rating_for(duration_ms)
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
        assert_eq!(quick.rating_for(12_001), Rating::Hard);
        assert_eq!(TimingProfile::STANDARD.rating_for(19_000), Rating::Hard);
        assert_eq!(TimingProfile::LONG_RECALL.rating_for(9_000), Rating::Easy);
    }

    #[test]
    fn a_right_answer_is_never_again_and_a_wrong_one_always_is() {
        for profile in [
            TimingProfile::QUICK_CHOICE,
            TimingProfile::STANDARD,
            TimingProfile::recitation(40),
        ] {
            for ms in [
                0,
                1,
                profile.easy_ms,
                profile.good_ms + 1,
                profile.hard_ms + 1,
                u64::MAX,
            ] {
                assert_ne!(profile.suggest(true, ms), Rating::Again, "{ms}");
                assert_eq!(profile.suggest(false, ms), Rating::Again, "{ms}");
            }
            assert_eq!(profile.suggest(true, u64::MAX), Rating::Hard);
        }
        // 12.5 s on a quick choice: right, slow, Hard (not Again).
        assert_eq!(
            TimingProfile::QUICK_CHOICE.suggest(true, 12_500),
            Rating::Hard
        );
    }

    #[test]
    fn easy_needs_a_clearly_fast_answer() {
        // Easy only under half the Good limit: an answer at an ordinary
        // pace (between the two) is Good.
        for profile in [
            TimingProfile::QUICK_CHOICE,
            TimingProfile::STANDARD,
            TimingProfile::LONG_RECALL,
        ] {
            assert!(profile.easy_ms * 2 <= profile.good_ms, "{profile:?}");
            assert_eq!(profile.rating_for(profile.good_ms / 2 + 1), Rating::Good);
        }
        // The limits are per word: the same pace on a verse twice as long
        // gets the same grade.
        let short = TimingProfile::recitation(10).rating_for(15_000);
        let long = TimingProfile::recitation(20).rating_for(30_000);
        assert_eq!((short, long), (Rating::Good, Rating::Good));
        assert_eq!(
            TimingProfile::recitation(20).rating_for(15_000),
            Rating::Easy
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
