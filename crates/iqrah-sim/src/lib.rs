//! Simulated learners practising a goal for D days with M minutes a day,
//! under Iqrah's planner and three baselines, with the same learners, seeds
//! and budget. Pure: no I/O, no clock, no globals; the text comes in as an
//! [`iqrah_core::exercise::ExerciseContext`] and every random draw derives
//! from the seed, so a seed gives the same [`Report`] every time.
//! `docs/simulation.md` gives the reason and the source of every choice.
//!
//! # The learner model
//!
//! The truth is the simulator's, not the app's: the app only ever sees the
//! grades it records and schedules with FSRS-6 (default parameters, or
//! parameters refitted from its own review log with
//! [`Options::fit_every`]), counting elapsed days by the learner's day.
//!
//! - **Personal parameters** ([`LearnerProfile`]), drawn per learner: a
//!   stability factor and a difficulty factor, each uniform in 0.6–1.5; a
//!   probability of skipping a day, uniform in 5–20 %; a speed factor
//!   multiplying every duration, log-uniform in 0.8–1.25.
//! - **True memory**: one FSRS-6 state per item (verse × skill) with the
//!   learner's parameters (FSRS-6's defaults with every stability scaled by
//!   the stability factor, difficulty stretched by the difficulty factor),
//!   over fractional days. Reviews less than half a day apart follow
//!   FSRS-6's short-term rule.
//! - **What trains what** is `iqrah_core`'s table
//!   ([`iqrah_core::exercise::ExerciseType::trains`]): a recitation (recall,
//!   type the verse) is a full review of the verse's memorization and of
//!   the link from the previous verse; a cued choice (next word, missing
//!   word), a whole-verse check (find the mistake) and a link choice (what
//!   comes next, put in order) are partial reviews
//!   ([`Learner::exercise`]); meaning exercises train meaning only.
//! - **First exposure**: ([`STUDY_SECONDS_BASE`] + [`STUDY_SECONDS_PER_WORD`]
//!   × words) × speed of study (listen, read, recite with words hidden),
//!   ending with a recitation the learner grades from
//!   [`FIRST_RATING_PROBABILITIES`]: the verse's first review, with FSRS's
//!   first-review stability for that grade in the truth, and for the app
//!   through the exercise that checks it right after.
//! - **Answers** ([`Learner::answer`]): recall with probability the true
//!   retrievability; the learner's own grade of a recalled answer from
//!   [`REVIEW_RATING_PROBABILITIES`]; the time uniform in that grade's band
//!   of the exercise's timing profile, × speed. The app records the
//!   learner's grade for recall (self-graded) and its time-suggested grade
//!   for checked exercises (a failed choice is a guess that may be right).
//!   Only the true outcome moves the truth.
//! - **Days**: every practised day at [`PRACTICE_HOUR`] local time the
//!   learner practises until the next answer would exceed the day's budget
//!   or the policy has nothing more to do. All policies skip the same days.
//!
//! # The policies ([`Policy`])
//!
//! 1. **Iqrah**: `planner::select` sessions back to back, exercises
//!    generated as `planner::plan` does, relearning copies after an Again,
//!    practice ahead when nothing is due or new.
//! 2. **Reference app**: [`REFERENCE_QUEUE`] recitations a day, due first
//!    (by due day), then new in mushaf order; no relearning.
//! 3. **Traditional**: a new lesson ([`lesson_size`]), the last 7 lessons,
//!    1/30 of older material, then more of everything learned until the
//!    budget is spent.
//! 4. **FSRS queue**: due recitations by due day, then new verses in
//!    mushaf order, no cap but the minutes ([`QueueLimits`]), relearning
//!    like Iqrah's sessions.
//!
//! # Figures ([`Figures`])
//!
//! From the true memory at the practice hour of day D: verses held (true
//! recall of the recitation ≥ [`HELD_AT`]: memorization × the link to the
//! next verse when that verse is studied), the sum of recitation recall,
//! the same count [`LATER_DAYS`] days later without practice, meaning
//! apart, verses held per hour practised, minutes per day; and T95 on a
//! second goal ([`LearnerRun::t95`]). [`simulate`] reports medians (and
//! means) over learners and each policy's ratios to Iqrah's medians.

mod course;
mod fit;
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
    DIFFICULTY_FACTOR_RANGE, Exercise, FIRST_RATING_PROBABILITIES, Learner, LearnerProfile,
    Outcome, REVIEW_RATING_PROBABILITIES, SAME_DAY, SKIP_PROBABILITY_RANGE, SPEED_RANGE,
    STABILITY_FACTOR_RANGE, STUDY_SECONDS_BASE, STUDY_SECONDS_PER_WORD, TrueMemory,
};
pub use practice::{
    AnswerLog, DayLog, LearnerRun, PLACEMENT_GAP_OFFSETS, PRACTICE_HOUR, PlacedTruth, PlacementGap,
    QueueLimits, REFERENCE_QUEUE, START, TRADITIONAL_CYCLE_DAYS, TRADITIONAL_RECENT_LESSONS,
    lesson_size, run_learner, run_placed, t95_day,
};
pub use report::{FIGURE_NAMES, Figures, GoalSize, PolicyReport, Ratios, Report, T95};

/// A verse is held when the true recall of its recitation is at least this.
pub const HELD_AT: f64 = 0.9;
/// Days after the horizon, without practice, at which verses held are
/// counted again.
pub const LATER_DAYS: u32 = 30;
/// The share of the T95 goal that must stay held.
pub const T95_SHARE: f64 = 0.95;
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
    /// A fixed 20-verse FSRS queue of recitations, no relearning.
    Reference = 1,
    /// New lesson, last 7 lessons, older material over 30 days.
    Traditional = 2,
    /// A plain FSRS queue of recitations: due verses by due day, then new
    /// verses in mushaf order, no cap but the minutes, relearning on.
    FsrsQueue = 3,
}

impl Policy {
    /// Every policy, Iqrah first.
    pub const ALL: [Policy; 4] = [
        Policy::Iqrah,
        Policy::Reference,
        Policy::Traditional,
        Policy::FsrsQueue,
    ];

    /// The name shown in tables.
    pub const fn name(self) -> &'static str {
        match self {
            Policy::Iqrah => "iqrah",
            Policy::Reference => "reference",
            Policy::Traditional => "traditional",
            Policy::FsrsQueue => "fsrs_queue",
        }
    }

    /// Whether the policy schedules with FSRS (and can use fitted parameters).
    pub const fn uses_fsrs(self) -> bool {
        !matches!(self, Policy::Traditional)
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
    /// Iqrah's settings (the defaults unless a study changes them); every
    /// policy's scheduler counts days from their day start and time zone.
    pub settings: Settings,
    /// The limits of [`Policy::FsrsQueue`] ([`QueueLimits::UNLIMITED`]
    /// unless a study, such as the cross-check with `fsrs::simulate`,
    /// changes them).
    pub queue: QueueLimits,
    /// Refit each learner's FSRS parameters from the app's own review log
    /// every this many days (`None`: FSRS's defaults throughout).
    pub fit_every: Option<u32>,
    /// Count the verses held at the start of every day (for T95).
    pub track_held: bool,
}

impl Options {
    /// Options with Iqrah's default settings, the unlimited FSRS queue and
    /// no refitting.
    pub fn new(days: u32, minutes_per_day: u32, learners: u32, seed: u64) -> Self {
        Options {
            days,
            minutes_per_day,
            learners,
            seed,
            settings: Settings::default(),
            queue: QueueLimits::UNLIMITED,
            fit_every: None,
            track_held: false,
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
        if let Some(every) = self.fit_every {
            if !(1..=MAX_DAYS).contains(&every) {
                return Err(SimError::FitEvery(every));
            }
            if !fit::AVAILABLE {
                return Err(SimError::FittingUnavailable);
            }
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
        "cannot simulate goal {0}: give a goal with fixed verses (surah:N, surah:N-M, juz:N, page:N-M, range:S:A-S:B)"
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
    /// The refitting period is out of range.
    #[error("fit every {0} days is outside 1-{MAX_DAYS}")]
    FitEvery(u32),
    /// Refitting was asked for but this build cannot fit parameters.
    #[error("this build cannot fit FSRS parameters")]
    FittingUnavailable,
    /// The planner refused (settings out of range).
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A placement was refused (`run_placed`).
    #[error("placement refused: {0}")]
    Placement(String),
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
/// and reports the figures at the horizon; with `t95`, the same learners
/// also practise that goal (with the same options) for each policy's T95.
pub fn simulate(
    course: &Course<'_>,
    t95: Option<&Course<'_>>,
    options: &Options,
) -> Result<Report, SimError> {
    options.validate()?;
    let mut runs: Vec<Vec<Figures>> = vec![Vec::new(); Policy::ALL.len()];
    let mut t95_days: Vec<Vec<Option<u32>>> = vec![Vec::new(); Policy::ALL.len()];
    let tracking = Options {
        track_held: true,
        ..options.clone()
    };
    for learner in 0..options.learners {
        let seed = learner_seed(options.seed, learner);
        let profile = learner_profile(options.seed, learner);
        for (p, policy) in Policy::ALL.into_iter().enumerate() {
            runs[p].push(run_learner(policy, course, profile, options, seed, false)?.figures);
            if let Some(goal) = t95 {
                let run = run_learner(policy, goal, profile, &tracking, seed, false)?;
                t95_days[p].push(run.t95(goal.len()));
            }
        }
    }
    let medians: Vec<Figures> = runs.iter().map(|r| Figures::median(r)).collect();
    let iqrah = medians[0];
    let policies = Policy::ALL
        .into_iter()
        .zip(&runs)
        .zip(medians.iter().zip(t95_days))
        .map(|((policy, runs), (median, days))| PolicyReport {
            policy,
            median: *median,
            mean: Figures::mean(runs),
            ratio_to_iqrah: median.ratios(&iqrah),
            t95: t95.map(|_| T95::of(days)),
        })
        .collect();
    Ok(Report {
        goal: course.goal().to_string(),
        verses: course.len(),
        t95_goal: t95.map(|c| GoalSize {
            goal: c.goal().to_string(),
            verses: c.len(),
        }),
        days: options.days,
        minutes_per_day: options.minutes_per_day,
        learners: options.learners,
        seed: options.seed,
        policies,
    })
}
