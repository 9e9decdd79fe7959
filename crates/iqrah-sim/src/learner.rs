//! The simulated learner: personal parameters, true memory (FSRS-6 with
//! those parameters) and how an answer comes out (recall, the learner's own
//! grade, time, and the grade the app records).
//!
//! Times are in days since the start of the simulation (`f64`), so true
//! memory sees fractional days; the app's scheduler sees timestamps.

use iqrah_core::exercise::{ExerciseType, Grader, TimingProfile};
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

/// Seconds of a first exposure to a verse before its words are counted
/// (finding the place, reading the translation).
pub const STUDY_SECONDS_BASE: f64 = 15.0;
/// Seconds of a first exposure per word of the verse: listening once
/// (≈ 1.2 s a word), reading it aloud three times (≈ 1 s a word each) and
/// reciting it twice with words hidden step by step (≈ 1.5 s a word each).
pub const STUDY_SECONDS_PER_WORD: f64 = 7.0;

/// The learner's grade of a first exposure (the recitation that ends the
/// study), Again, Hard, Good, Easy: FSRS's own default first-rating
/// distribution (`fsrs::SimulatorConfig::default().first_rating_prob`,
/// measured on Anki review logs), the one FSRS's first-review stabilities
/// go with.
pub const FIRST_RATING_PROBABILITIES: [f64; 4] = [0.24, 0.094, 0.495, 0.171];
/// The learner's grade of a recalled review, Hard, Good, Easy: FSRS's
/// default review-rating distribution
/// (`fsrs::SimulatorConfig::default().review_rating_prob`).
pub const REVIEW_RATING_PROBABILITIES: [f64; 3] = [0.224, 0.631, 0.145];

/// Two reviews of an item less than this many days apart are the same
/// sitting: FSRS's short-term (same-day) stability rule applies.
pub const SAME_DAY: f64 = 0.5;

/// The fastest Easy answer, relative to the Easy limit of the exercise's
/// timing profile.
const FASTEST_EASY: f64 = 0.5;

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
    /// When it was last exercised, in days since the start (a partial
    /// review moves it only part of the way to the review's time).
    pub last_review: f64,
}

/// How an exercise is answered: its type, the app's timing profile for
/// it, and the chance that a guess is right.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Exercise {
    /// The exercise type (what it trains: [`ExerciseType::trains`]).
    pub kind: ExerciseType,
    /// The app's time limits for its suggested grade.
    pub timing: TimingProfile,
    /// Chance that a guess is right when the item is not recalled (0 for
    /// recitation: nothing to guess from).
    pub guess: f64,
}

impl Exercise {
    /// Reciting a verse of `words` words from memory (the recall
    /// exercise, as the app times it).
    pub fn recite(words: usize) -> Self {
        Exercise {
            kind: ExerciseType::Recall,
            timing: TimingProfile::recitation(words),
            guess: 0.0,
        }
    }
}

/// How one answer came out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outcome {
    /// Whether the learner truly recalled the item.
    pub recalled: bool,
    /// The true outcome as a grade: the learner's own grade when recalled
    /// (Hard, Good, Easy), Again when not. Only this moves the true memory.
    pub felt: Rating,
    /// The grade the app records: the learner's own for a self-graded
    /// exercise; for a checked one, Again when wrong, else the grade the
    /// app suggests from the answer time (a lucky guess is right).
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

    /// The memory a first review rated `grade` leaves at `at`: FSRS-6's
    /// first-review stability and difficulty for that grade, with the
    /// learner's stability factor (for the average learner, exactly what
    /// the app's scheduler believes after the same first grade).
    pub fn first_review(&self, grade: Rating, at: f64) -> TrueMemory {
        let g = usize::from(grade.value());
        TrueMemory {
            stability: self.w[g - 1].clamp(S_MIN, S_MAX),
            difficulty: self.initial_difficulty(f64::from(grade.value())),
            last_review: at,
        }
    }

    /// Seconds of the first exposure to a verse of `words` words (read,
    /// repeat, recite; see [`STUDY_SECONDS_PER_WORD`]).
    pub fn study_seconds(&self, words: usize) -> f64 {
        (STUDY_SECONDS_BASE + STUDY_SECONDS_PER_WORD * words as f64) * self.profile.speed
    }

    /// The memory after a full review at `at` with the true outcome `felt`
    /// (Again when not recalled). Within [`SAME_DAY`] of the last review
    /// FSRS-6's short-term rule applies, so same-day repeats barely move
    /// stability; a same-day success never takes stability above the
    /// larger of its value before and the stability of a first review
    /// rated Easy.
    pub fn review(&self, memory: &TrueMemory, felt: Rating, at: f64) -> TrueMemory {
        let w = &self.w;
        let g = f64::from(felt.value());
        let s = memory.stability.clamp(S_MIN, S_MAX);
        let d = memory.difficulty.clamp(D_MIN, D_MAX);
        let elapsed = (at - memory.last_review).max(0.0);
        let stability = if elapsed < SAME_DAY {
            let increase = (w[17] * (g - 3.0 + w[18])).exp() * s.powf(-w[19]);
            if felt == Rating::Again {
                s * increase
            } else {
                // One sitting can bring memory at most to what a first
                // review rated Easy gives (10 Easys in a row are not 10 days).
                (s * increase.max(1.0)).min(s.max(w[3]))
            }
        } else {
            let r = self.forgetting_curve(elapsed, s);
            let felt_d = (1.0 + (d - 1.0) * self.profile.difficulty_factor).clamp(D_MIN, D_MAX);
            if felt == Rating::Again {
                let after = w[11]
                    * felt_d.powf(-w[12])
                    * ((s + 1.0).powf(w[13]) - 1.0)
                    * ((1.0 - r) * w[14]).exp();
                after.min(s / (w[17] * w[18]).exp())
            } else {
                let hard = if felt == Rating::Hard { w[15] } else { 1.0 };
                let easy = if felt == Rating::Easy { w[16] } else { 1.0 };
                s * (1.0
                    + w[8].exp()
                        * (11.0 - felt_d)
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

    /// The memory after a review of weight `weight` (in (0, 1]; see
    /// [`iqrah_core::exercise::Trains`]) at `at` with the true outcome
    /// `felt`. Weight 1 is [`Learner::review`]. A partial review scales the
    /// full review's effect down: stability moves by the power `weight` of
    /// the full review's factor (`S × (S_full / S)^weight`), difficulty by
    /// the share `weight` of its change, and only the share `weight` of
    /// the time since the last review is forgiven (the last review moves
    /// that far towards `at`), so recall right after a recalled partial
    /// review lies between its value before and 1.
    pub fn exercise(&self, memory: &TrueMemory, felt: Rating, weight: f64, at: f64) -> TrueMemory {
        let full = self.review(memory, felt, at);
        let weight = weight.clamp(0.0, 1.0);
        if weight >= 1.0 {
            return full;
        }
        let s = memory.stability.clamp(S_MIN, S_MAX);
        let stability = s * (full.stability / s).powf(weight);
        TrueMemory {
            stability: if stability.is_finite() {
                stability.clamp(S_MIN, S_MAX)
            } else {
                s
            },
            difficulty: memory.difficulty + weight * (full.difficulty - memory.difficulty),
            last_review: memory.last_review + weight * (at - memory.last_review).max(0.0),
        }
    }

    /// The memory after the answer `outcome` exercised it with weight
    /// `weight` at `at`: [`Learner::exercise`] with the true outcome
    /// (`outcome.felt`). The grade the app recorded (`outcome.grade`)
    /// plays no part.
    pub fn learn(
        &self,
        memory: &TrueMemory,
        outcome: &Outcome,
        weight: f64,
        at: f64,
    ) -> TrueMemory {
        self.exercise(memory, outcome.felt, weight, at)
    }

    fn initial_difficulty(&self, g: f64) -> f64 {
        (self.w[4] - (self.w[5] * (g - 1.0)).exp() + 1.0).clamp(D_MIN, D_MAX)
    }

    /// Draws an answer to `exercise` when the exercised memory's true
    /// retrievability is `r`.
    ///
    /// Recall succeeds with probability `r`; the learner's own grade of a
    /// recalled answer is drawn from [`REVIEW_RATING_PROBABILITIES`]. The
    /// answer time follows that grade (see [`Learner::answer_seconds`]).
    /// The app's grade is the learner's for a self-graded exercise, else
    /// the app's suggestion from the time (Again when wrong). A failure on
    /// a choice exercise ends in a guess, right with probability
    /// `exercise.guess`: the app sees a right answer, graded by its time,
    /// while the true outcome is a failure.
    pub fn answer<R: Rng + ?Sized>(&self, r: f64, exercise: &Exercise, rng: &mut R) -> Outcome {
        let recalled = rng.random::<f64>() < r;
        let felt = if recalled {
            draw_grade(rng, &REVIEW_RATING_PROBABILITIES, &Rating::ALL[1..])
        } else {
            Rating::Again
        };
        self.respond(felt, exercise, rng)
    }

    /// The learner's grade of the recitation that ends a first exposure,
    /// drawn from [`FIRST_RATING_PROBABILITIES`]: the verse's first review,
    /// in the truth and (through the exercise that checks it right after)
    /// for the app alike.
    pub fn first_grade<R: Rng + ?Sized>(&self, rng: &mut R) -> Rating {
        draw_grade(rng, &FIRST_RATING_PROBABILITIES, &Rating::ALL)
    }

    /// The answer to `exercise` whose true outcome is `felt` (Again: not
    /// recalled): its time (see [`Learner::answer_seconds`]) and the grade
    /// the app records (the learner's own for a self-graded exercise; for a
    /// checked one the app's suggestion from the time when right, Again
    /// when wrong; a failure on a choice exercise is a guess, right with
    /// probability `exercise.guess`).
    pub fn respond<R: Rng + ?Sized>(
        &self,
        felt: Rating,
        exercise: &Exercise,
        rng: &mut R,
    ) -> Outcome {
        let recalled = felt != Rating::Again;
        let seconds = self.answer_seconds(felt, exercise.timing, rng);
        let grade = match exercise.kind.grader() {
            Grader::Learner => felt,
            Grader::App => {
                let right =
                    recalled || (exercise.guess > 0.0 && rng.random::<f64>() < exercise.guess);
                if right {
                    exercise.timing.rating_for((seconds * 1000.0) as u64)
                } else {
                    Rating::Again
                }
            }
        };
        Outcome {
            recalled,
            felt,
            grade,
            seconds,
        }
    }

    /// Seconds an answer takes given the learner's own grade: uniform in
    /// the band of the timing profile that matches the grade (Easy from half
    /// the Easy limit to it, Good from the Easy to the Good limit, Hard from
    /// the Good to the Hard limit; a failure takes the Hard limit: the
    /// learner tries, then gives up or guesses), times the learner's speed.
    pub fn answer_seconds<R: Rng + ?Sized>(
        &self,
        felt: Rating,
        timing: TimingProfile,
        rng: &mut R,
    ) -> f64 {
        let (easy, good, hard) = (
            timing.easy_ms as f64,
            timing.good_ms as f64,
            timing.hard_ms as f64,
        );
        let (lo, hi) = match felt {
            Rating::Easy => (FASTEST_EASY * easy, easy),
            Rating::Good => (easy, good),
            Rating::Hard => (good, hard),
            Rating::Again => (hard, hard),
        };
        let ms = lo + (hi - lo) * rng.random::<f64>();
        ms * self.profile.speed / 1000.0
    }
}

/// Draws one of `ratings` with the weights `probabilities` (paired in order).
fn draw_grade<R: Rng + ?Sized>(rng: &mut R, probabilities: &[f64], ratings: &[Rating]) -> Rating {
    let x = rng.random::<f64>() * probabilities.iter().sum::<f64>();
    let mut acc = 0.0;
    for (p, &rating) in probabilities.iter().zip(ratings) {
        acc += p;
        if x < acc {
            return rating;
        }
    }
    Rating::Easy
}
