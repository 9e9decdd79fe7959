//! The simulated learner: personal parameters, true memory (FSRS-6 with
//! those parameters) and how an answer comes out (recall, grade, time).
//!
//! Times are in days since the start of the simulation (`f64`), so true
//! memory sees fractional days; the app's scheduler sees timestamps.

use iqrah_core::exercise::TimingProfile;
use iqrah_core::memory::Rating;
use rand::Rng;
use serde::Serialize;

/// Range of the per-learner stability factor (drawn uniformly).
pub const STABILITY_FACTOR_RANGE: (f64, f64) = (0.6, 1.5);
/// Range of the per-learner difficulty factor (drawn uniformly).
pub const DIFFICULTY_FACTOR_RANGE: (f64, f64) = (0.6, 1.5);
/// Range of the per-learner probability of skipping a day (drawn uniformly).
pub const SKIP_PROBABILITY_RANGE: (f64, f64) = (0.05, 0.20);
/// Range of the per-learner speed factor, a multiplier of every duration
/// (drawn log-uniformly, so 0.8 and 1.25 are equally likely).
pub const SPEED_RANGE: (f64, f64) = (0.8, 1.25);

/// Seconds of study to introduce a verse, before its words are counted.
pub const STUDY_SECONDS_BASE: f64 = 10.0;
/// Seconds of study per word of a verse introduced (read, listen, repeat).
pub const STUDY_SECONDS_PER_WORD: f64 = 6.0;

/// Two reviews of an item less than this many days apart are the same
/// sitting: FSRS's short-term (same-day) stability rule applies.
pub const SAME_DAY: f64 = 0.5;

/// The fastest answer relative to the Easy limit of the exercise's timing
/// profile (a perfectly fluent learner of speed 1).
const FLUENT_FRACTION: f64 = 0.7;
/// Below this true retrievability answers are as slow as the Hard limit.
const SLOWEST_AT_RETRIEVABILITY: f64 = 0.4;
/// Half-width of the log-uniform noise on answer times (e^±0.25 ≈ ×0.78–1.28).
const TIME_NOISE: f64 = 0.25;

/// Lowest and highest FSRS stability (days) and difficulty.
const S_MIN: f64 = 0.001;
const S_MAX: f64 = 36_500.0;
const D_MIN: f64 = 1.0;
const D_MAX: f64 = 10.0;

/// A learner's personal parameters, unknown to the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LearnerProfile {
    /// Multiplies every stability FSRS-6 would give the average learner
    /// (first-review stability, growth on success, stability after a lapse).
    pub stability_factor: f64,
    /// Stretches FSRS difficulty away from 1 (the easiest): the difficulty
    /// used in the stability formulas is `1 + (D - 1) × factor`.
    pub difficulty_factor: f64,
    /// Probability of not practising at all on a given day.
    pub skip_probability: f64,
    /// Multiplies every duration (answers and study); above 1 is slower.
    pub speed: f64,
}

impl LearnerProfile {
    /// The average learner FSRS-6's default parameters describe, who never
    /// skips a day and answers at the reference speed.
    pub const AVERAGE: LearnerProfile = LearnerProfile {
        stability_factor: 1.0,
        difficulty_factor: 1.0,
        skip_probability: 0.0,
        speed: 1.0,
    };

    /// Draws a profile from the ranges above.
    pub fn draw<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let uniform = |rng: &mut R, (lo, hi): (f64, f64)| lo + (hi - lo) * rng.random::<f64>();
        let stability_factor = uniform(rng, STABILITY_FACTOR_RANGE);
        let difficulty_factor = uniform(rng, DIFFICULTY_FACTOR_RANGE);
        let skip_probability = uniform(rng, SKIP_PROBABILITY_RANGE);
        let speed = uniform(rng, (SPEED_RANGE.0.ln(), SPEED_RANGE.1.ln())).exp();
        LearnerProfile {
            stability_factor,
            difficulty_factor,
            skip_probability,
            speed,
        }
    }
}

/// The learner's true memory of one item (FSRS-6 state with the learner's
/// parameters).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrueMemory {
    /// Days until recall falls to 90 %.
    pub stability: f64,
    /// FSRS difficulty, 1–10 (before the learner's difficulty factor).
    pub difficulty: f64,
    /// When it was last exercised, in days since the start.
    pub last_review: f64,
}

/// How one answer came out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outcome {
    /// Whether the learner truly recalled the item.
    pub recalled: bool,
    /// The grade the app records: Again when not recalled (unless a
    /// multiple-choice guess was lucky, graded Hard), else by answer time.
    pub grade: Rating,
    /// Seconds the answer took.
    pub seconds: f64,
}

/// A learner: FSRS-6 parameters personalised by a [`LearnerProfile`].
#[derive(Debug, Clone)]
pub struct Learner {
    profile: LearnerProfile,
    w: [f64; 21],
    factor: f64,
}

impl Learner {
    /// The learner with `profile`.
    pub fn new(profile: LearnerProfile) -> Self {
        let mut w = fsrs::DEFAULT_PARAMETERS.map(f64::from);
        let sf = profile.stability_factor.max(0.01);
        for initial in &mut w[0..4] {
            *initial *= sf;
        }
        // Growth on success is proportional to e^w8; stability after a lapse to w11.
        w[8] += sf.ln();
        w[11] *= sf;
        let decay = w[20];
        let factor = 0.9f64.powf(-1.0 / decay) - 1.0;
        Learner { profile, w, factor }
    }

    /// The learner's profile.
    pub fn profile(&self) -> &LearnerProfile {
        &self.profile
    }

    /// The FSRS-6 forgetting curve: probability of recall `elapsed` days
    /// after a review that left stability `stability`.
    pub fn forgetting_curve(&self, elapsed: f64, stability: f64) -> f64 {
        let r = (1.0 + self.factor * elapsed.max(0.0) / stability.clamp(S_MIN, S_MAX))
            .powf(-self.w[20]);
        if r.is_finite() {
            r.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// True retrievability of `memory` at `at`.
    pub fn retrievability(&self, memory: &TrueMemory, at: f64) -> f64 {
        self.forgetting_curve(at - memory.last_review, memory.stability)
    }

    /// The memory a first study of a verse leaves at `at`: FSRS-6's first
    /// review rated Good, with the learner's parameters.
    pub fn study(&self, at: f64) -> TrueMemory {
        TrueMemory {
            stability: self.w[2].clamp(S_MIN, S_MAX),
            difficulty: self.initial_difficulty(3.0),
            last_review: at,
        }
    }

    /// Seconds the learner studies a new verse of `words` words.
    pub fn study_seconds(&self, words: usize) -> f64 {
        (STUDY_SECONDS_BASE + STUDY_SECONDS_PER_WORD * words as f64) * self.profile.speed
    }

    /// The memory after the item was exercised at `at` with the true grade
    /// `grade` (Again when not recalled). Within [`SAME_DAY`] of the last
    /// review FSRS-6's short-term rule applies, so same-day repeats barely
    /// move stability; a same-day success never takes stability above the
    /// larger of its value before and the stability of a first review rated
    /// Easy.
    pub fn review(&self, memory: &TrueMemory, grade: Rating, at: f64) -> TrueMemory {
        let w = &self.w;
        let g = f64::from(grade.value());
        let s = memory.stability.clamp(S_MIN, S_MAX);
        let d = memory.difficulty.clamp(D_MIN, D_MAX);
        let elapsed = (at - memory.last_review).max(0.0);
        let stability = if elapsed < SAME_DAY {
            let increase = (w[17] * (g - 3.0 + w[18])).exp() * s.powf(-w[19]);
            if grade == Rating::Again {
                s * increase
            } else {
                // One sitting can bring memory at most to what a first
                // review rated Easy gives (10 Easys in a row are not 10 days).
                (s * increase.max(1.0)).min(s.max(w[3]))
            }
        } else {
            let r = self.forgetting_curve(elapsed, s);
            let felt = (1.0 + (d - 1.0) * self.profile.difficulty_factor).clamp(D_MIN, D_MAX);
            if grade == Rating::Again {
                let after = w[11]
                    * felt.powf(-w[12])
                    * ((s + 1.0).powf(w[13]) - 1.0)
                    * ((1.0 - r) * w[14]).exp();
                after.min(s / (w[17] * w[18]).exp())
            } else {
                let hard = if grade == Rating::Hard { w[15] } else { 1.0 };
                let easy = if grade == Rating::Easy { w[16] } else { 1.0 };
                s * (1.0
                    + w[8].exp()
                        * (11.0 - felt)
                        * s.powf(-w[9])
                        * (((1.0 - r) * w[10]).exp() - 1.0)
                        * hard
                        * easy)
            }
        };
        let damped = d + (10.0 - d) * (-w[6] * (g - 3.0)) / 9.0;
        let difficulty =
            (w[7] * (self.initial_difficulty(4.0) - damped) + damped).clamp(D_MIN, D_MAX);
        let stability = if stability.is_finite() {
            stability.clamp(S_MIN, S_MAX)
        } else {
            s
        };
        TrueMemory {
            stability,
            difficulty,
            last_review: at,
        }
    }

    fn initial_difficulty(&self, g: f64) -> f64 {
        (self.w[4] - (self.w[5] * (g - 1.0)).exp() + 1.0).clamp(D_MIN, D_MAX)
    }

    /// Draws an answer to an exercise with timing profile `timing` when the
    /// item's true retrievability is `r`.
    ///
    /// Recall succeeds with probability `r`. A recalled answer takes from
    /// 0.7 × the Easy limit (at r = 1) to the Hard limit (at r ≤ 0.4),
    /// linearly, times the learner's speed and a ±25 % log-uniform noise, and
    /// is graded as the profile judges that time (never Again: it was
    /// recalled). A failure takes the Hard limit × speed; on a
    /// multiple-choice exercise the learner then guesses, right with
    /// probability `guess`, which the app sees as a slow right answer (Hard).
    pub fn answer<R: Rng + ?Sized>(
        &self,
        r: f64,
        timing: TimingProfile,
        guess: f64,
        rng: &mut R,
    ) -> Outcome {
        let (easy, hard) = (timing.easy_ms as f64, timing.hard_ms as f64);
        let recalled = rng.random::<f64>() < r;
        if recalled {
            let slowness = ((1.0 - r) / (1.0 - SLOWEST_AT_RETRIEVABILITY)).clamp(0.0, 1.0);
            let base = FLUENT_FRACTION * easy + (hard - FLUENT_FRACTION * easy) * slowness;
            let noise = (TIME_NOISE * (2.0 * rng.random::<f64>() - 1.0)).exp();
            let ms = base * self.profile.speed * noise;
            let grade = match timing.rating_for(ms as u64) {
                Rating::Again => Rating::Hard,
                other => other,
            };
            return Outcome {
                recalled,
                grade,
                seconds: ms / 1000.0,
            };
        }
        let lucky = guess > 0.0 && rng.random::<f64>() < guess;
        let grade = if lucky { Rating::Hard } else { Rating::Again };
        Outcome {
            recalled,
            grade,
            seconds: hard * self.profile.speed / 1000.0,
        }
    }
}
