//! Simulated learners practising a goal for D days with M minutes a day,
//! under Iqrah's planner and two baselines, with the same learners, seeds
//! and budget. Pure: no I/O, no clock, no globals; the text comes in as an
//! [`iqrah_core::exercise::ExerciseContext`] and every random draw derives
//! from the seed, so a seed gives the same [`Report`] every time.
//!
//! # The learner model
//!
//! The model is the simulator's, not the planner's: the app only ever sees
//! grades and times, and schedules with FSRS-6's default parameters.
//!
//! - **Personal parameters** ([`LearnerProfile`]), drawn per learner: a
//!   stability factor and a difficulty factor, each uniform in 0.6–1.5; a
//!   probability of skipping a day, uniform in 5–20 %; a speed factor
//!   multiplying every duration, log-uniform in 0.8–1.25.
//! - **True memory**: one FSRS-6 state per item (verse × skill) with the
//!   learner's parameters: FSRS-6's defaults with every stability (first
//!   review, growth on success, stability after a lapse) multiplied by the
//!   stability factor, and the difficulty used in the stability formulas
//!   stretched away from 1 by the difficulty factor. Elapsed time is
//!   fractional days. Two reviews less than half a day apart follow FSRS-6's
//!   short-term rule, so repeating an item within a sitting barely moves its
//!   stability (a Good adds nothing, Again shrinks it, and an Easy grows it
//!   at most to what a first review rated Easy gives).
//! - **Introduction**: the first exposure to a verse is studied first, for
//!   ([`STUDY_SECONDS_BASE`] + [`STUDY_SECONDS_PER_WORD`] × words) × speed
//!   seconds, and leaves its memorization and meaning as after a first FSRS
//!   review rated Good; the continuity from a verse to the next starts when
//!   both are studied.
//! - **Answers** ([`Learner::answer`]): recall happens with probability
//!   equal to the item's true retrievability at that moment. A recalled
//!   answer takes from 0.7 × the exercise's Easy time (at R = 1) up to its
//!   Hard time (at R ≤ 0.4), times speed and ±25 % noise, and the app
//!   grades it with the exercise's timing profile (GUIDE §3: quick choice
//!   3/7/12 s, standard 6/12/20 s, long recall 10/20/35 s, stretched for
//!   long verses as the app does). A failure costs the Hard time and is
//!   Again, except that on multiple-choice exercises the learner guesses
//!   and may be right by chance (the app then sees a slow right answer,
//!   Hard, while the true memory records a failure). The true memory is
//!   updated with the true grade (Again when not recalled).
//! - **Reciting** a verse (the recall and type-the-verse exercises, and every
//!   recitation of the baselines) starts from the previous verse, so it also
//!   exercises the continuity from the previous verse (at no extra time).
//! - **Days**: every day at 07:00 the learner practises until the day's
//!   budget of M minutes would be exceeded by the next answer (it is then
//!   not given) or the policy has nothing more to do. A skipped day has no
//!   practice. All policies skip the same days for a learner.
//!
//! # The policies ([`Policy`])
//!
//! 1. **Iqrah**: `iqrah_core::planner::select` with the given settings and
//!    each item's exercise generated as `planner::plan` does (so exercise
//!    types, and their times, are the app's); sessions back to back; an
//!    Again puts a relearning copy three items later, at most two per item
//!    (`iqrah_core::session`'s constants); every grade updates the app's
//!    beliefs with `memory::Scheduler::review`. The learner keeps starting
//!    sessions until the budget is spent: when nothing is due or new, the
//!    planner's practice-ahead sessions (its rule 3, "never turn the learner
//!    away") are practised like any other.
//! 2. **Reference app**: a fixed queue of 20 verses a day: due verses by
//!    due date (FSRS-6 beliefs, same scheduler), then new verses in mushaf
//!    order; each recited once, no relearning.
//! 3. **Traditional**: a new lesson each practised day (a fixed number of
//!    verses per learner, the most that fit the budget once the whole goal
//!    is in rotation: see [`lesson_size`]), then the last 7 lessons, then
//!    the next 1/30 of all older material, cycling in mushaf order.
//!
//! # Figures at the horizon ([`Figures`])
//!
//! Measured with the true memory at 07:00 on day D: verses memorized (true
//! recall probability of the memorization ≥ [`MEMORIZED_AT`]), mean true
//! retention of introduced verses, continuity (mean true retrievability of
//! the links between consecutive introduced verses), verses at risk
//! (introduced, true recall probability < [`AT_RISK_BELOW`]), verses
//! introduced, answers and minutes per calendar day. [`simulate`] reports
//! the mean over learners, the median of verses memorized, and each
//! policy's ratios to Iqrah's.

mod course;
mod learner;
mod practice;
mod report;

use iqrah_core::goal::Goal;
use iqrah_core::planner::PlanError;
use iqrah_core::settings::Settings;
use iqrah_quran::VerseKey;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

pub use course::Course;
pub use learner::{
    DIFFICULTY_FACTOR_RANGE, Learner, LearnerProfile, Outcome, SAME_DAY, SKIP_PROBABILITY_RANGE,
    SPEED_RANGE, STABILITY_FACTOR_RANGE, STUDY_SECONDS_BASE, STUDY_SECONDS_PER_WORD, TrueMemory,
};
pub use practice::{
    AnswerLog, DayLog, LearnerRun, PRACTICE_HOUR, REFERENCE_QUEUE, START, TRADITIONAL_CYCLE_DAYS,
    TRADITIONAL_RECENT_LESSONS, lesson_size, run_learner,
};
pub use report::{Figures, PolicyReport, Ratios, Report};

/// A verse counts as memorized when its true recall probability is at least this.
pub const MEMORIZED_AT: f64 = 0.9;
/// An introduced verse is at risk when its true recall probability is below this.
pub const AT_RISK_BELOW: f64 = 0.8;
/// The most days a simulation may cover (ten years).
pub const MAX_DAYS: u32 = 3_650;
/// The largest daily budget, in minutes (ten hours).
pub const MAX_MINUTES_PER_DAY: u32 = 600;
/// The most learners a simulation may have.
pub const MAX_LEARNERS: u32 = 1_000;

/// A way of deciding what a learner practises each day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Iqrah's planner.
    Iqrah = 0,
    /// A fixed 20-item FSRS queue, no relearning.
    Reference = 1,
    /// New lesson, last 7 lessons, older material over 30 days.
    Traditional = 2,
}

impl Policy {
    /// Every policy, Iqrah first.
    pub const ALL: [Policy; 3] = [Policy::Iqrah, Policy::Reference, Policy::Traditional];

    /// The name shown in tables.
    pub const fn name(self) -> &'static str {
        match self {
            Policy::Iqrah => "iqrah",
            Policy::Reference => "reference",
            Policy::Traditional => "traditional",
        }
    }
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Days, 1–[`MAX_DAYS`].
    pub days: u32,
    /// The daily budget in minutes, 1–[`MAX_MINUTES_PER_DAY`].
    pub minutes_per_day: u32,
    /// Learners, 1–[`MAX_LEARNERS`].
    pub learners: u32,
    /// The seed every draw derives from.
    pub seed: u64,
    /// Iqrah's settings (the defaults unless a study changes them).
    pub settings: Settings,
}

impl Options {
    /// Options with Iqrah's default settings.
    pub fn new(days: u32, minutes_per_day: u32, learners: u32, seed: u64) -> Self {
        Options {
            days,
            minutes_per_day,
            learners,
            seed,
            settings: Settings::default(),
        }
    }

    /// Checks the ranges.
    pub fn validate(&self) -> Result<(), SimError> {
        if !(1..=MAX_DAYS).contains(&self.days) {
            return Err(SimError::Days(self.days));
        }
        if !(1..=MAX_MINUTES_PER_DAY).contains(&self.minutes_per_day) {
            return Err(SimError::Minutes(self.minutes_per_day));
        }
        if !(1..=MAX_LEARNERS).contains(&self.learners) {
            return Err(SimError::Learners(self.learners));
        }
        self.settings
            .validate()
            .map_err(|e| SimError::Plan(e.into()))
    }
}

/// Why a simulation could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimError {
    /// The goal has no fixed verses (`review`) or was built out of range.
    #[error(
        "cannot simulate goal {0}: give a goal with fixed verses (surah:N, surah:N-M, juz:N, range:S:A-S:B)"
    )]
    Goal(Goal),
    /// The text given does not hold a verse of the goal.
    #[error("the text has no verse {0}")]
    Content(VerseKey),
    /// Days out of range.
    #[error("days {0} is outside 1-{MAX_DAYS}")]
    Days(u32),
    /// Minutes out of range.
    #[error("minutes per day {0} is outside 1-{MAX_MINUTES_PER_DAY}")]
    Minutes(u32),
    /// Learners out of range.
    #[error("learners {0} is outside 1-{MAX_LEARNERS}")]
    Learners(u32),
    /// The planner refused (settings out of range).
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// The seed of learner `learner` of a simulation seeded `seed`.
pub fn learner_seed(seed: u64, learner: u32) -> u64 {
    practice::stream(seed, 0x5eed_0000_0000 | u64::from(learner))
}

/// The profile of learner `learner` of a simulation seeded `seed`.
pub fn learner_profile(seed: u64, learner: u32) -> LearnerProfile {
    LearnerProfile::draw(&mut ChaCha8Rng::seed_from_u64(learner_seed(seed, learner)))
}

/// Simulates `options.learners` learners on `course` under every policy
/// and reports the figures at the horizon.
pub fn simulate(course: &Course<'_>, options: &Options) -> Result<Report, SimError> {
    options.validate()?;
    let mut runs: Vec<Vec<Figures>> = vec![Vec::new(); Policy::ALL.len()];
    for learner in 0..options.learners {
        let seed = learner_seed(options.seed, learner);
        let profile = learner_profile(options.seed, learner);
        for (p, policy) in Policy::ALL.into_iter().enumerate() {
            runs[p].push(run_learner(policy, course, profile, options, seed, false)?.figures);
        }
    }
    let means: Vec<Figures> = runs.iter().map(|r| Figures::mean(r)).collect();
    let iqrah = means[0];
    let policies = Policy::ALL
        .into_iter()
        .zip(&runs)
        .zip(&means)
        .map(|((policy, runs), mean)| {
            let mut memorized: Vec<f64> = runs.iter().map(|f| f.memorized).collect();
            PolicyReport {
                policy,
                mean: *mean,
                median_memorized: report::median(&mut memorized),
                ratio_to_iqrah: mean.ratios(&iqrah),
            }
        })
        .collect();
    Ok(Report {
        goal: course.goal().to_string(),
        verses: course.len(),
        days: options.days,
        minutes_per_day: options.minutes_per_day,
        learners: options.learners,
        seed: options.seed,
        policies,
    })
}
