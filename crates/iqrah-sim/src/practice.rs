//! One learner practising day after day under one policy.

use std::collections::BTreeMap;

use iqrah_core::exercise::choose::generate_relearning;
use iqrah_core::exercise::{ExercisePrompt, ExerciseType, GeneratedExercise, Target};
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::{MemoryState, Rating, Scheduler};
use iqrah_core::passage::{self, MarkKind, PassageMark, PassageVerse};
use iqrah_core::planner::{PlanRequest, item_seed, plan};
use iqrah_core::session::{MAX_RELEARNS_PER_ITEM, RELEARN_GAP};
use iqrah_core::time::Timestamp;
use iqrah_quran::VerseKey;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::course::{Course, skill_index};
use crate::fit::Refit;
use crate::learner::{Exercise, Learner, LearnerProfile, Outcome, TrueMemory};
use crate::report::Figures;
use crate::{HELD_AT, LATER_DAYS, Options, Policy, SimError, T95_SHARE};

/// The first simulated day starts at 2026-01-01T00:00:00Z.
pub const START: Timestamp = Timestamp(1_767_225_600_000);
/// Practice starts at this hour of the learner's local time (the
/// settings' time zone) every practised day; with the default day start
/// (4:00) it is three hours into the learner's day.
pub const PRACTICE_HOUR: f64 = 7.0;
/// Items in the reference app's daily queue.
pub const REFERENCE_QUEUE: usize = 20;
/// Lessons the traditional schedule revises every day after the new one.
pub const TRADITIONAL_RECENT_LESSONS: usize = 7;
/// Days over which the traditional schedule cycles through older material.
pub const TRADITIONAL_CYCLE_DAYS: usize = 30;
/// A safety bound on Iqrah sessions in one day.
const MAX_SESSIONS_PER_DAY: u32 = 1_000;

/// Random streams of one learner, so that policies share skip days.
const STREAM_SKIPS: u64 = 1;
const STREAM_ANSWERS: u64 = 2;
const STREAM_EXERCISES: u64 = 3;
/// The stream of a placed learner's true memory (`run_placed`).
const STREAM_PLACEMENT: u64 = 4;

/// SplitMix64: derives independent seeds.
pub(crate) fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of stream `stream` of a learner seeded `seed`.
pub(crate) fn stream(seed: u64, stream: u64) -> u64 {
    mix(seed ^ mix(stream))
}

/// One answer of a simulated day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerLog {
    /// The item exercised.
    pub item: ItemKey,
    /// The exercise (the baselines only recite: the recall exercise).
    pub exercise: Exercise,
    /// Whether this answer was the verse's first exposure (it included study).
    pub studied: bool,
    /// Whether it was a relearning copy (same day, after an Again).
    pub relearning: bool,
    /// The true outcome, the app's grade and the answer's time.
    pub outcome: Outcome,
    /// Seconds the answer took, study included.
    pub seconds: f64,
    /// When the answer ended, in days since the start.
    pub at: f64,
    /// The true memory of the item before the answer (`None`: not started).
    pub truth_before: Option<TrueMemory>,
    /// The true memory of the item after the answer.
    pub truth_after: Option<TrueMemory>,
}

/// What a learner did on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayLog {
    /// The day, from 0.
    pub day: u32,
    /// Whether the learner skipped it.
    pub skipped: bool,
    /// Seconds practised.
    pub seconds: f64,
    /// Iqrah sessions started (0 for the other policies).
    pub sessions: u32,
    /// The traditional schedule's new lesson of the day (empty for the others).
    pub lesson: Vec<VerseKey>,
    /// Every answer, in order.
    pub answers: Vec<AnswerLog>,
}

/// One learner's run under one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnerRun {
    /// The policy.
    pub policy: Policy,
    /// The learner's profile.
    pub profile: LearnerProfile,
    /// The figures at the horizon.
    pub figures: Figures,
    /// Verses held at the start of each day (at the practice hour, before
    /// practice), then at the horizon: `days + 1` counts.
    pub held_by_day: Vec<u32>,
    /// Every day, when a trace was asked for (else empty).
    pub days: Vec<DayLog>,
}

impl LearnerRun {
    /// The first day from which at least [`T95_SHARE`] of the goal's
    /// `verses` stay held to the horizon (`None` if the horizon itself
    /// falls short).
    pub fn t95(&self, verses: usize) -> Option<u32> {
        t95_day(&self.held_by_day, verses)
    }
}

/// The first index from which every count of `held_by_day` reaches
/// [`T95_SHARE`] of `verses` (`None` when the last one does not).
pub fn t95_day(held_by_day: &[u32], verses: usize) -> Option<u32> {
    let need = (T95_SHARE * verses as f64).ceil();
    let mut first = None;
    for (day, &held) in held_by_day.iter().enumerate().rev() {
        if f64::from(held) < need {
            break;
        }
        first = u32::try_from(day).ok();
    }
    first
}

/// The guessing chance of a prompt: one over the choices of a multiple
/// choice, one over the words for find the mistake, one over the orders
/// for put in order, none for recitation.
fn guess_chance(prompt: &ExercisePrompt) -> f64 {
    match prompt {
        ExercisePrompt::FindTheMistake { words, .. } => 1.0 / words.len().max(1) as f64,
        ExercisePrompt::PutInOrder { verses, .. } => {
            1.0 / (1..=verses.len()).map(|k| k as f64).product::<f64>()
        }
        other if !other.choices().is_empty() => 1.0 / other.choices().len() as f64,
        _ => 0.0,
    }
}

/// An answer the app recorded: what a review log holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AppReview {
    pub item: ItemKey,
    pub at: Timestamp,
    pub rating: Rating,
}

/// A learner's state while practising: true memory, the clock, the budget.
struct Practice<'c, 'a> {
    course: &'c Course<'a>,
    learner: Learner,
    rng: ChaCha8Rng,
    truth: Vec<Option<TrueMemory>>,
    studied: Vec<bool>,
    budget: f64,
    day: u32,
    /// The practice hour, in days after midnight UTC.
    practice_at: f64,
    elapsed: f64,
    answers: u64,
    reviews: u64,
    seconds: f64,
    log: Option<DayLog>,
    /// The app's review log, kept when parameters are refitted.
    app_log: Option<Vec<AppReview>>,
    /// Whether the last answer crossed the link into its verse (`None`:
    /// it did not exercise that link).
    last_crossing: Option<bool>,
}

impl<'c, 'a> Practice<'c, 'a> {
    /// A learner's first day on `course`: nothing studied, no true memory
    /// yet, answers drawn from `answers`; the app's review log kept when
    /// `keep_app_log`.
    fn start(
        course: &'c Course<'a>,
        profile: LearnerProfile,
        answers: ChaCha8Rng,
        options: &Options,
        keep_app_log: bool,
    ) -> Self {
        let local_hour = PRACTICE_HOUR - f64::from(options.settings.utc_offset_minutes) / 60.0;
        Practice {
            course,
            learner: Learner::new(profile),
            rng: answers,
            truth: vec![None; course.slots()],
            studied: vec![false; course.len()],
            budget: f64::from(options.minutes_per_day) * 60.0,
            day: 0,
            practice_at: local_hour / 24.0,
            elapsed: 0.0,
            answers: 0,
            reviews: 0,
            seconds: 0.0,
            log: None,
            app_log: keep_app_log.then(Vec::new),
            last_crossing: None,
        }
    }

    /// Now, in days since the start.
    fn at(&self) -> f64 {
        f64::from(self.day) + self.practice_at + self.elapsed / 86_400.0
    }

    /// Now, as the app's clock reads it.
    fn timestamp(&self) -> Timestamp {
        START.plus_days(self.at())
    }

    fn slot(&self, i: usize, skill: Skill) -> usize {
        i * 3 + skill_index(skill)
    }

    /// The slot of the continuity from verse `i - 1` into verse `i`, when
    /// both are studied verses of one surah inside the goal.
    fn link_into(&self, i: usize) -> Option<usize> {
        (i > 0 && self.course.continues(i - 1) && self.studied[i - 1])
            .then(|| self.slot(i - 1, Skill::Continuity))
    }

    /// First exposure to verse `i` at `at`, ending with a recitation the
    /// learner grades `grade`: its memorization and the link from the
    /// previous verse (the study reads on from it) start as after a first
    /// review with that grade; its meaning (the translation is read) as
    /// after a first review rated Good.
    fn study(&mut self, i: usize, grade: Rating, at: f64) {
        self.studied[i] = true;
        let memorization = self.slot(i, Skill::Memorization);
        self.truth[memorization] = Some(self.learner.first_review(grade, at));
        let meaning = self.slot(i, Skill::Meaning);
        self.truth[meaning] = Some(self.learner.first_review(Rating::Good, at));
        if let Some(link) = self.link_into(i) {
            self.truth[link] = Some(self.learner.first_review(grade, at));
        }
    }

    /// The true memory in `slot` after the answer `outcome` with weight
    /// `weight` at `at` (a memory never exercised before starts with a
    /// first review).
    fn train(&mut self, slot: usize, outcome: &Outcome, weight: f64, at: f64) {
        self.truth[slot] = Some(match self.truth[slot] {
            Some(memory) => self.learner.learn(&memory, outcome, weight, at),
            None => self.learner.first_review(outcome.felt, at),
        });
    }

    /// Answers one exercise of `item`, studying its verse first if it is
    /// new. `None` (and nothing changes but the random stream) when it does
    /// not fit in what is left of the day's budget.
    fn exercise(&mut self, item: ItemKey, exercise: Exercise, relearning: bool) -> Option<Outcome> {
        let i = self.course.position(item.verse())?;
        let slot = self.slot(i, item.skill());
        let start = self.at();
        let studying = !self.studied[i];
        let study_seconds = if studying {
            self.learner.study_seconds(self.course.words(i))
        } else {
            0.0
        };
        // A study step is the first exposure itself: the study, then the
        // recitation from memory it ends with, self-graded and timed as a
        // recitation (what every policy's first exposure costs), never a
        // study and then a test of its own.
        let study_step = studying && exercise.kind == ExerciseType::Study;
        let answer_at = start + study_seconds / 86_400.0;
        let first_grade = studying.then(|| self.learner.first_grade(&mut self.rng));
        let outcome = match first_grade {
            Some(grade) if study_step => {
                let recitation = Exercise {
                    timing: Exercise::recite(self.course.words(i)).timing,
                    ..exercise
                };
                self.learner.respond(grade, &recitation, &mut self.rng)
            }
            // The exercise checks the study's final recitation: its true
            // outcome is that recitation's.
            Some(grade) if item.skill() == Skill::Memorization => {
                self.learner.respond(grade, &exercise, &mut self.rng)
            }
            _ => {
                let r = match (first_grade, self.truth[slot]) {
                    // A meaning item right after its verse's study: just read.
                    (Some(_), _) => 1.0,
                    (None, Some(memory)) => self.learner.retrievability(&memory, answer_at),
                    (None, None) => 0.0,
                };
                self.learner.answer(r, &exercise, &mut self.rng)
            }
        };
        let cost = study_seconds + outcome.seconds;
        if self.elapsed + cost > self.budget {
            return None;
        }
        let end = answer_at + outcome.seconds / 86_400.0;
        let truth_before = self.truth[slot];
        self.last_crossing = None;
        if let Some(grade) = first_grade {
            self.study(i, grade, answer_at);
        }
        if !(studying && item.skill() == Skill::Memorization) {
            for trains in exercise.kind.trains() {
                let weight = f64::from(trains.weight);
                match trains.target {
                    Target::Item => self.train(slot, &outcome, weight, end),
                    Target::LinkFromPrevious => {
                        if let Some(link) = self.link_into(i) {
                            // Crossing the link is recalled (or not) on its own.
                            let r = self.truth[link]
                                .map_or(0.0, |m| self.learner.retrievability(&m, answer_at));
                            let recalled = self.rng.random::<f64>() < r;
                            self.last_crossing = Some(recalled);
                            let crossing = Outcome {
                                recalled,
                                felt: if recalled {
                                    Rating::Good
                                } else {
                                    Rating::Again
                                },
                                ..outcome
                            };
                            self.train(link, &crossing, weight, end);
                        }
                    }
                }
            }
        }
        self.elapsed += cost;
        self.seconds += cost;
        self.answers += 1;
        self.reviews += u64::from(!studying);
        let now = self.timestamp();
        if let Some(app_log) = &mut self.app_log {
            app_log.push(AppReview {
                item,
                at: now,
                rating: outcome.grade,
            });
        }
        if let Some(log) = &mut self.log {
            log.answers.push(AnswerLog {
                item,
                exercise,
                studied: studying,
                relearning,
                outcome,
                seconds: cost,
                at: end,
                truth_before,
                truth_after: self.truth[slot],
            });
        }
        Some(outcome)
    }

    /// Recites `verses` (a passage) in one go: each verse as a recitation
    /// from memory (timed as one, training the verse and the link into it
    /// in the truth, as recall does), the learner marking a verse they
    /// needed a prompt for (not recalled), a verse they stumbled on
    /// (recalled, felt Hard), and the first word of a verse whose link they
    /// could not cross. The app grades the verses recited from those marks
    /// (`passage::grade_passage`), and its log records those grades, not
    /// the learner's own. When a verse does not fit in what is left of the
    /// day, the passage ends before it. Returns the app's grades (empty
    /// when not even the first verse fit).
    fn recite_passage(&mut self, verses: &[PassageVerse]) -> Vec<passage::PassageGrade> {
        let app_log_len = self.app_log.as_ref().map_or(0, Vec::len);
        let log_len = self.log.as_ref().map_or(0, |l| l.answers.len());
        let mut marks = Vec::new();
        let mut recited = 0;
        for (index, verse) in verses.iter().enumerate() {
            let item = ItemKey::memorization(verse.reference);
            let exercise = Exercise {
                kind: ExerciseType::RecitePassage,
                ..Exercise::recite(verse.word_count)
            };
            let Some(outcome) = self.exercise(item, exercise, false) else {
                break;
            };
            recited += 1;
            if index > 0 && self.last_crossing == Some(false) {
                marks.push(PassageMark {
                    verse: index,
                    word: Some(0),
                    mark: MarkKind::Prompted,
                });
            }
            let mark = match (outcome.recalled, outcome.felt) {
                (false, _) => Some(MarkKind::Prompted),
                (true, Rating::Hard) => Some(MarkKind::Stumbled),
                (true, _) => None,
            };
            if let Some(mark) = mark {
                marks.push(PassageMark {
                    verse: index,
                    word: None,
                    mark,
                });
            }
        }
        let Ok(grades) = passage::grade_passage(&verses[..recited], &marks) else {
            return Vec::new();
        };
        let now = self.timestamp();
        if let Some(app_log) = &mut self.app_log {
            app_log.truncate(app_log_len);
            app_log.extend(grades.iter().map(|g| AppReview {
                item: g.item,
                at: now,
                rating: g.rating,
            }));
        }
        if let Some(log) = &mut self.log {
            for answer in &mut log.answers[log_len..] {
                if let Some(g) = grades.iter().find(|g| g.item == answer.item) {
                    answer.outcome.grade = g.rating;
                }
            }
        }
        grades
    }

    /// True recall at `at` of reciting verse `i`: its memorization, times
    /// the link to the next verse when the next verse of the surah is in
    /// the goal and studied (0 before the verse is studied).
    fn recitation_recall(&self, i: usize, at: f64) -> f64 {
        let r = |slot: usize| self.truth[slot].map_or(0.0, |m| self.learner.retrievability(&m, at));
        let memorization = r(self.slot(i, Skill::Memorization));
        let next_studied = self.course.continues(i) && self.studied.get(i + 1) == Some(&true);
        if next_studied {
            memorization * r(self.slot(i, Skill::Continuity))
        } else {
            memorization
        }
    }

    /// Verses held at `at`.
    fn held(&self, at: f64) -> u32 {
        let held = (0..self.course.len())
            .filter(|&i| self.recitation_recall(i, at) >= HELD_AT)
            .count();
        u32::try_from(held).unwrap_or(u32::MAX)
    }

    /// The figures at the start of day `days` (the horizon).
    fn figures(&self, days: u32) -> Figures {
        let at = f64::from(days) + self.practice_at;
        let later = at + f64::from(LATER_DAYS);
        let mut f = Figures::default();
        for i in 0..self.course.len() {
            let recitation = self.recitation_recall(i, at);
            f.recall_sum += recitation;
            f.held += f64::from(u8::from(recitation >= HELD_AT));
            f.held_later += f64::from(u8::from(self.recitation_recall(i, later) >= HELD_AT));
            if let Some(m) = self.truth[self.slot(i, Skill::Meaning)] {
                let r = self.learner.retrievability(&m, at);
                f.meaning_sum += r;
                f.meaning_held += f64::from(u8::from(r >= HELD_AT));
            }
            if let Some(m) = self.truth[self.slot(i, Skill::Memorization)] {
                f.memorization_sum += self.learner.retrievability(&m, at);
            }
            f.introduced += f64::from(u8::from(self.studied[i]));
        }
        let per_day = f64::from(days.max(1));
        f.minutes_per_day = self.seconds / 60.0 / per_day;
        f.answers_per_day = self.answers as f64 / per_day;
        f.reviews = self.reviews as f64;
        f.held_per_hour = if self.seconds > 0.0 {
            f.held / (self.seconds / 3_600.0)
        } else {
            0.0
        };
        f
    }
}

/// Runs one learner with `profile` through `options.days` days of `policy`.
///
/// `seed` is the learner's seed: skip days come from it alone (every policy
/// skips the same days), answers from a stream of it. With `trace`, every
/// day and answer is kept in [`LearnerRun::days`].
pub fn run_learner(
    policy: Policy,
    course: &Course<'_>,
    profile: LearnerProfile,
    options: &Options,
    seed: u64,
    trace: bool,
) -> Result<LearnerRun, SimError> {
    options.validate()?;
    let mut skips = ChaCha8Rng::seed_from_u64(stream(seed, STREAM_SKIPS));
    let settings = &options.settings;
    let refitting = options.fit_every.is_some() && policy.uses_fsrs();
    let mut practice = Practice::start(
        course,
        profile,
        ChaCha8Rng::seed_from_u64(stream(seed, STREAM_ANSWERS ^ ((policy as u64) << 8))),
        options,
        refitting,
    );
    let mut scheduler = Scheduler::new().with_day_start(settings.day_start_offset_ms());
    let mut state = PolicyState::new(policy, course, &practice, options);
    let mut days = Vec::new();
    let mut held_by_day = Vec::new();
    // Fits made and fits kept.
    let mut fits = (0u32, 0u32);
    // Log losses of the defaults and of the fitted parameters at the last fit.
    let mut losses = (0.0, 0.0);
    for day in 0..options.days {
        let skipped = skips.random::<f64>() < profile.skip_probability;
        practice.day = day;
        practice.elapsed = 0.0;
        if options.track_held {
            held_by_day.push(practice.held(practice.at()));
        }
        if let (Some(every), Some(log)) = (options.fit_every, &practice.app_log)
            && day > 0
            && day % every.max(1) == 0
        {
            match crate::fit::refit(log, settings) {
                Refit::NotFitted => {}
                Refit::NotBetter(default, fitted) => {
                    fits.0 += 1;
                    losses = (f64::from(default), f64::from(fitted));
                }
                Refit::Kept(fitted, default, fitted_loss) => {
                    fits.0 += 1;
                    fits.1 += 1;
                    losses = (f64::from(default), f64::from(fitted_loss));
                    scheduler = fitted;
                }
            }
        }
        practice.log = trace.then(|| DayLog {
            day,
            skipped,
            seconds: 0.0,
            sessions: 0,
            lesson: Vec::new(),
            answers: Vec::new(),
        });
        if !skipped {
            let day_seed = stream(seed, STREAM_EXERCISES ^ (u64::from(day) << 16));
            state.run_day(&mut practice, &scheduler, options, day_seed)?;
        }
        if let Some(mut log) = practice.log.take() {
            log.seconds = practice.elapsed;
            days.push(log);
        }
    }
    practice.day = options.days;
    practice.elapsed = 0.0;
    if options.track_held {
        held_by_day.push(practice.held(practice.at()));
    }
    let mut figures = practice.figures(options.days);
    figures.fits = f64::from(fits.0);
    figures.fits_kept = f64::from(fits.1);
    (figures.log_loss_default, figures.log_loss_fitted) = losses;
    Ok(LearnerRun {
        policy,
        profile,
        figures,
        held_by_day,
        days,
    })
}

/// What each policy remembers between days.
enum PolicyState {
    /// The app's beliefs, one FSRS state per started item.
    Iqrah {
        beliefs: BTreeMap<ItemKey, MemoryState>,
    },
    /// A queue of recitations (reference app, FSRS queue): its limits, its
    /// beliefs (one per started verse: memorization) and the next new verse.
    Queue {
        limits: QueueLimits,
        beliefs: Vec<Option<MemoryState>>,
        next_new: usize,
    },
    /// The traditional schedule's lessons (ranges of goal positions) and
    /// where its cycles stand.
    Traditional {
        lesson_size: usize,
        lessons: Vec<(usize, usize)>,
        cursor: usize,
        extra: usize,
    },
}

/// The limits of a daily queue of recitations (see [`Policy::FsrsQueue`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QueueLimits {
    /// Verses in the day's queue, due and new together (relearning copies
    /// aside); `None`: no limit but the minutes.
    pub per_day: Option<usize>,
    /// New verses a day; `None`: no limit but the minutes.
    pub new_per_day: Option<usize>,
    /// Due verses a day; `None`: no limit but the minutes.
    pub reviews_per_day: Option<usize>,
    /// Whether a recitation graded Again is recited again later the same
    /// day ([`RELEARN_GAP`] verses later, at most [`MAX_RELEARNS_PER_ITEM`]
    /// times), as Iqrah's sessions do.
    pub relearn: bool,
}

impl QueueLimits {
    /// The plain FSRS queue: no limit but the minutes, relearning on.
    pub const UNLIMITED: QueueLimits = QueueLimits {
        per_day: None,
        new_per_day: None,
        reviews_per_day: None,
        relearn: true,
    };
    /// The reference app: [`REFERENCE_QUEUE`] verses a day, no relearning.
    pub const REFERENCE: QueueLimits = QueueLimits {
        per_day: Some(REFERENCE_QUEUE),
        new_per_day: None,
        reviews_per_day: None,
        relearn: false,
    };
}

impl PolicyState {
    fn new(
        policy: Policy,
        course: &Course<'_>,
        practice: &Practice<'_, '_>,
        options: &Options,
    ) -> Self {
        let queue = |limits| PolicyState::Queue {
            limits,
            beliefs: vec![None; course.len()],
            next_new: 0,
        };
        match policy {
            Policy::Iqrah => PolicyState::Iqrah {
                beliefs: BTreeMap::new(),
            },
            Policy::Reference => queue(QueueLimits::REFERENCE),
            Policy::FsrsQueue => queue(options.queue),
            Policy::Traditional => PolicyState::Traditional {
                lesson_size: lesson_size(course, &practice.learner, practice.budget, options.days),
                lessons: Vec::new(),
                cursor: 0,
                extra: 0,
            },
        }
    }

    fn run_day(
        &mut self,
        p: &mut Practice<'_, '_>,
        scheduler: &Scheduler,
        options: &Options,
        day_seed: u64,
    ) -> Result<(), SimError> {
        match self {
            PolicyState::Iqrah { beliefs } => iqrah_day(p, beliefs, scheduler, options, day_seed),
            PolicyState::Queue {
                limits,
                beliefs,
                next_new,
            } => {
                queue_day(p, *limits, beliefs, next_new, scheduler, options);
                Ok(())
            }
            PolicyState::Traditional {
                lesson_size,
                lessons,
                cursor,
                extra,
            } => {
                traditional_day(p, *lesson_size, lessons, cursor, extra);
                Ok(())
            }
        }
    }
}

/// Iqrah: sessions planned by `iqrah_core::planner::plan` back to back, as
/// the app plans them: `PlanRequest { practice_ahead: false, minutes,
/// passages: true }` with the items begun so far today counted by
/// `PlanRequest::introduced_today` (the new verses, the meanings caught
/// up on) and the whole minutes left of the day's budget, each slot's
/// exercise made by `plan` (the memory rule's type: a study step for a
/// new verse; a passage for due verses that hold and follow each other,
/// recited as `Practice::recite_passage` says and graded from the
/// marks). The day ends when the planner says "done for today" (an empty
/// plan) or the minutes run out. An Again puts a relearning copy [`RELEARN_GAP`] items later
/// (at most [`MAX_RELEARNS_PER_ITEM`] per item), made by
/// `generate_relearning` from the seed the app uses; every grade the app
/// records updates its beliefs with `Scheduler::review`.
fn iqrah_day(
    p: &mut Practice<'_, '_>,
    beliefs: &mut BTreeMap<ItemKey, MemoryState>,
    scheduler: &Scheduler,
    options: &Options,
    day_seed: u64,
) -> Result<(), SimError> {
    let goal = p.course.goal();
    let ctx = *p.course.ctx();
    // The items first answered today, of every skill, as the app reads
    // them from the review log.
    let mut begun_today: Vec<ItemKey> = Vec::new();
    for session in 0..MAX_SESSIONS_PER_DAY {
        let left = ((p.budget - p.elapsed) / 60.0).floor().max(0.0);
        // The simulated learners count new verses per day, not pages
        // (`Settings::new_pages_per_day` stays off).
        let request = PlanRequest {
            practice_ahead: false,
            minutes: Some(left as u32),
            // As the app plans for its clients: verses that hold and come
            // due together are recited as passages.
            passages: true,
            ..PlanRequest::default()
        }
        .introduced_today(&begun_today);
        let seed = mix(day_seed ^ u64::from(session));
        let planned = plan(
            &goal,
            beliefs,
            &options.settings,
            p.timestamp(),
            seed,
            scheduler,
            request,
            &ctx,
        )?;
        // An empty plan is "done for today": the day ends early.
        if planned.is_empty() {
            return Ok(());
        }
        if let Some(log) = &mut p.log {
            log.sessions += 1;
        }
        let mut copies = vec![0usize; planned.len()];
        // (planned item, the item answered, its exercise, whether it is a
        // relearning copy)
        let mut queue: Vec<(usize, ItemKey, GeneratedExercise, bool)> = planned
            .iter()
            .enumerate()
            .map(|(i, planned)| (i, planned.item, planned.exercise.clone(), false))
            .collect();
        let mut k = 0;
        while k < queue.len() {
            let (i, item, relearning) = (queue[k].0, queue[k].1, queue[k].3);
            let made = &queue[k].2;
            if let Some(verses) = passage::prompt_verses(&made.prompt).map(<[_]>::to_vec) {
                let grades = p.recite_passage(&verses);
                if grades.is_empty() {
                    return Ok(());
                }
                for g in &grades {
                    let next = scheduler.review(
                        beliefs.get(&g.item),
                        g.rating,
                        p.timestamp(),
                        options.settings.desired_retention,
                    );
                    beliefs.insert(g.item, next);
                }
                // The first verse answered Again comes back, as the app's
                // passage submit does.
                let failed = grades
                    .iter()
                    .find(|g| g.item.skill() == Skill::Memorization && g.rating == Rating::Again);
                if let Some(failed) = failed
                    && copies[i] < MAX_RELEARNS_PER_ITEM
                {
                    copies[i] += 1;
                    let position = (k + 1 + RELEARN_GAP).min(queue.len());
                    let copy_seed =
                        item_seed(seed ^ (position as u64).rotate_left(32), failed.item);
                    if let Ok(copy) = generate_relearning(failed.item, &ctx, copy_seed) {
                        queue.insert(position, (i, failed.item, copy, true));
                    }
                }
                if grades.len() + 1 < 2 * verses.len() {
                    // The day's minutes ran out inside the passage.
                    return Ok(());
                }
                k += 1;
                continue;
            }
            let exercise = Exercise {
                kind: made.prompt.exercise_type(),
                timing: made.solution.timing,
                guess: guess_chance(&made.prompt),
            };
            let begun = !beliefs.contains_key(&item);
            let Some(outcome) = p.exercise(item, exercise, relearning) else {
                return Ok(());
            };
            if begun {
                begun_today.push(item);
            }
            let next = scheduler.review(
                beliefs.get(&item),
                outcome.grade,
                p.timestamp(),
                options.settings.desired_retention,
            );
            beliefs.insert(item, next);
            if outcome.grade == Rating::Again && copies[i] < MAX_RELEARNS_PER_ITEM {
                copies[i] += 1;
                let position = (k + 1 + RELEARN_GAP).min(queue.len());
                let copy_seed = item_seed(seed ^ (position as u64).rotate_left(32), item);
                let copy = generate_relearning(item, &ctx, copy_seed)
                    .unwrap_or_else(|_| queue[k].2.clone());
                queue.insert(position, (i, item, copy, true));
            }
            k += 1;
        }
    }
    Ok(())
}

/// A queue of recitations: due verses by due day (then mushaf order), then
/// new verses in mushaf order, within `limits`, each recited and graded by
/// the learner and scheduled with FSRS; with relearning, an Again comes
/// back [`RELEARN_GAP`] verses later (at most [`MAX_RELEARNS_PER_ITEM`]
/// times). The day ends when the minutes are spent or the queue is empty.
fn queue_day(
    p: &mut Practice<'_, '_>,
    limits: QueueLimits,
    beliefs: &mut [Option<MemoryState>],
    next_new: &mut usize,
    scheduler: &Scheduler,
    options: &Options,
) {
    // Due as the app's scheduler puts it: the start of a learner day.
    let now = p.timestamp();
    let mut due: Vec<(Timestamp, usize)> = beliefs
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.filter(|s| s.is_due(now)).map(|s| (s.due, i)))
        .collect();
    due.sort_unstable();
    let cap = |limit: Option<usize>| limit.unwrap_or(usize::MAX);
    let mut queue: Vec<(usize, bool)> = due
        .into_iter()
        .map(|(_, i)| (i, false))
        .take(cap(limits.reviews_per_day).min(cap(limits.per_day)))
        .collect();
    let mut planned = queue.len();
    let mut new_today = 0;
    let mut copies = vec![0usize; beliefs.len()];
    let mut k = 0;
    loop {
        if k == queue.len() {
            let room = planned < cap(limits.per_day) && new_today < cap(limits.new_per_day);
            if !room || *next_new >= beliefs.len() {
                return;
            }
            queue.push((*next_new, false));
            *next_new += 1;
            planned += 1;
            new_today += 1;
        }
        let (i, relearning) = queue[k];
        let Some(verse) = p.course.verse(i) else {
            k += 1;
            continue;
        };
        let item = ItemKey::memorization(verse);
        let Some(outcome) = p.exercise(item, Exercise::recite(p.course.words(i)), relearning)
        else {
            if !relearning && beliefs[i].is_none() {
                // The new verse did not fit: it stays next.
                *next_new = i;
            }
            return;
        };
        beliefs[i] = Some(scheduler.review(
            beliefs[i].as_ref(),
            outcome.grade,
            p.timestamp(),
            options.settings.desired_retention,
        ));
        if limits.relearn && outcome.grade == Rating::Again && copies[i] < MAX_RELEARNS_PER_ITEM {
            copies[i] += 1;
            queue.insert((k + 1 + RELEARN_GAP).min(queue.len()), (i, true));
        }
        k += 1;
    }
}

/// The number of verses in a traditional lesson: the largest lesson whose
/// whole day still fits the budget on the last day, with each recitation
/// planned at its Good time — a new lesson (studied and recited), the last
/// [`TRADITIONAL_RECENT_LESSONS`] lessons, and a 1/[`TRADITIONAL_CYCLE_DAYS`]
/// share of the material in rotation then (the lesson times the days, at
/// most the goal). At least 1.
pub fn lesson_size(
    course: &Course<'_>,
    learner: &Learner,
    budget_seconds: f64,
    days: u32,
) -> usize {
    let n = course.len().max(1);
    let speed = learner.profile().speed;
    let recite = (0..n)
        .map(|i| Exercise::recite(course.words(i)).timing.good_ms as f64)
        .sum::<f64>()
        / n as f64
        / 1000.0
        * speed;
    let study = (0..n)
        .map(|i| learner.study_seconds(course.words(i)))
        .sum::<f64>()
        / n as f64;
    let day_cost = |lesson: usize| {
        let rotation = (lesson * days as usize).min(n) as f64;
        lesson as f64 * (study + recite + TRADITIONAL_RECENT_LESSONS as f64 * recite)
            + rotation / TRADITIONAL_CYCLE_DAYS as f64 * recite
    };
    let mut size = 1;
    while size < n && day_cost(size + 1) <= budget_seconds {
        size += 1;
    }
    size
}

/// The traditional schedule: a new lesson (studied, then recited), the
/// last [`TRADITIONAL_RECENT_LESSONS`] lessons recited, then the next
/// 1/[`TRADITIONAL_CYCLE_DAYS`] of all older material, cycling in mushaf
/// order; minutes left after that go to more recitation of everything
/// learned, cycling in mushaf order, until the budget is spent.
fn traditional_day(
    p: &mut Practice<'_, '_>,
    lesson_size: usize,
    lessons: &mut Vec<(usize, usize)>,
    cursor: &mut usize,
    extra: &mut usize,
) {
    let n = p.course.len();
    let before = lessons.len();
    let recent_from = before.saturating_sub(TRADITIONAL_RECENT_LESSONS);
    // Everything before the recent lessons is older material.
    let older = lessons.get(recent_from).map_or(0, |&(start, _)| start);
    let recite = |p: &mut Practice<'_, '_>, i: usize| -> bool {
        match p.course.verse(i) {
            Some(verse) => p
                .exercise(
                    ItemKey::memorization(verse),
                    Exercise::recite(p.course.words(i)),
                    false,
                )
                .is_some(),
            None => true,
        }
    };
    // The new lesson.
    let start = lessons.last().map_or(0, |&(_, end)| end);
    let end = (start + lesson_size).min(n);
    let mut done = start;
    while done < end && recite(p, done) {
        done += 1;
    }
    if done > start {
        lessons.push((start, done));
        if let Some(log) = &mut p.log {
            log.lesson = (start..done).filter_map(|i| p.course.verse(i)).collect();
        }
    }
    if done < end {
        return;
    }
    // The last lessons.
    for &(a, b) in &lessons[recent_from..before] {
        for i in a..b {
            if !recite(p, i) {
                return;
            }
        }
    }
    // A share of the older material.
    if older > 0 {
        for _ in 0..older.div_ceil(TRADITIONAL_CYCLE_DAYS) {
            let i = *cursor % older;
            if !recite(p, i) {
                return;
            }
            *cursor = (*cursor + 1) % older;
        }
    }
    // The rest of the budget: more of everything learned.
    let learned = lessons.last().map_or(0, |&(_, end)| end);
    if learned == 0 {
        return;
    }
    loop {
        let i = *extra % learned;
        if !recite(p, i) {
            return;
        }
        *extra = (*extra + 1) % learned;
    }
}

/// How a simulated learner truly knows what they placed (the truth behind
/// a self-report): each placed item's true stability is its level's
/// stability × the learner's stability factor × `report_bias` × a draw
/// log-uniform in `item_spread`, its difficulty the level's; its last true
/// review lies before day 0 by a share of the level's stability drawn
/// uniform in `elapsed` (when the learner last revised follows their
/// habits, which the level describes, not their true memory; a rusty item
/// has lapsed: it is past the level's stability, in `rusty_elapsed`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlacedTruth {
    /// How the learner's self-report errs, for every item alike: above 1
    /// they know it better than they said, below 1 worse.
    pub report_bias: f64,
    /// The lowest and highest factor of one item's own error.
    pub item_spread: (f64, f64),
    /// Days since the last true review of a solid or shaky item, in the
    /// level's stabilities.
    pub elapsed: (f64, f64),
    /// The same for a rusty item.
    pub rusty_elapsed: (f64, f64),
}

/// How far the app's predicted recall of placed items is from the truth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlacementGap {
    /// Items placed (memorization and links).
    pub items: usize,
    /// Items the app reviewed at least once by the horizon.
    pub reviewed: usize,
    /// [`PLACEMENT_GAP_OFFSETS`]' mean of |predicted − true recall| over
    /// the placed items, from day 0's beliefs and truth (the placement).
    pub before: f64,
    /// The same from the horizon's beliefs and truth.
    pub after: f64,
}

/// The days ahead (without practice) at which [`PlacementGap`] compares
/// predicted and true recall: what the beliefs say of the memory now and
/// over the next month, not only right after a review.
pub const PLACEMENT_GAP_OFFSETS: [f64; 4] = [0.0, 7.0, 14.0, 30.0];

/// Runs one learner who placed `marks` (their true memory of the placed
/// items drawn by `truth` from the levels) through `options.days` days of
/// Iqrah's planner on `course`, and measures how far the app's beliefs of
/// the placed items are from the truth on day 0 and at the horizon
/// ([`PlacementGap`]). The app's beliefs start as `placement::place`
/// decides them at day 0's practice hour; the placed verses count as
/// studied (nothing of them is taught again but meaning).
pub fn run_placed(
    course: &Course<'_>,
    profile: LearnerProfile,
    options: &Options,
    seed: u64,
    marks: &[iqrah_core::placement::Mark],
    truth: &PlacedTruth,
) -> Result<PlacementGap, SimError> {
    options.validate()?;
    let mut skips = ChaCha8Rng::seed_from_u64(stream(seed, STREAM_SKIPS));
    let mut draws = ChaCha8Rng::seed_from_u64(stream(seed, STREAM_PLACEMENT));
    let settings = &options.settings;
    let mut practice = Practice::start(
        course,
        profile,
        ChaCha8Rng::seed_from_u64(stream(seed, STREAM_ANSWERS)),
        options,
        false,
    );
    let scheduler = Scheduler::new().with_day_start(settings.day_start_offset_ms());
    let levels = iqrah_core::placement::levels(marks);
    let placed = iqrah_core::placement::place(
        marks,
        course.ctx().quran,
        &BTreeMap::new(),
        &scheduler,
        settings.desired_retention,
        practice.timestamp(),
    )
    .map_err(|e| SimError::Placement(e.to_string()))?;
    let log_uniform = |rng: &mut ChaCha8Rng, (lo, hi): (f64, f64)| {
        (lo.ln() + (hi.ln() - lo.ln()) * rng.random::<f64>()).exp()
    };
    let uniform = |rng: &mut ChaCha8Rng, (lo, hi): (f64, f64)| lo + (hi - lo) * rng.random::<f64>();
    let mut beliefs = BTreeMap::new();
    let mut slots = Vec::new();
    for (item, state) in &placed.states {
        let Some(i) = course.position(item.verse()) else {
            continue;
        };
        let Some(&level) = levels.get(&item.verse()) else {
            continue;
        };
        let level = match item.verse().next_in_surah().and_then(|n| levels.get(&n)) {
            Some(&next) if item.skill() == Skill::Continuity => level.weaker(next),
            _ => level,
        };
        let stability = f64::from(state.stability)
            * profile.stability_factor
            * truth.report_bias
            * log_uniform(&mut draws, truth.item_spread);
        let elapsed = match level {
            iqrah_core::placement::Level::Rusty => truth.rusty_elapsed,
            _ => truth.elapsed,
        };
        let slot = practice.slot(i, item.skill());
        practice.truth[slot] = Some(TrueMemory {
            stability,
            difficulty: f64::from(state.difficulty),
            last_review: practice.at() - f64::from(state.stability) * uniform(&mut draws, elapsed),
        });
        if item.skill() == Skill::Memorization {
            practice.studied[i] = true;
        }
        beliefs.insert(*item, *state);
        slots.push((*item, slot));
    }
    let gap = |practice: &Practice<'_, '_>, beliefs: &BTreeMap<ItemKey, MemoryState>| {
        let mut sum = 0.0;
        let mut count = 0usize;
        for &(item, slot) in &slots {
            let (Some(belief), Some(memory)) = (beliefs.get(&item), practice.truth[slot]) else {
                continue;
            };
            for offset in PLACEMENT_GAP_OFFSETS {
                let at = practice.at() + offset;
                let predicted = f64::from(scheduler.retrievability(belief, START.plus_days(at)));
                sum += (predicted - practice.learner.retrievability(&memory, at)).abs();
                count += 1;
            }
        }
        if count == 0 { 0.0 } else { sum / count as f64 }
    };
    let before = gap(&practice, &beliefs);
    let start_states = beliefs.clone();
    let mut state = PolicyState::Iqrah { beliefs };
    for day in 0..options.days {
        let skipped = skips.random::<f64>() < profile.skip_probability;
        practice.day = day;
        practice.elapsed = 0.0;
        if !skipped {
            let day_seed = stream(seed, STREAM_EXERCISES ^ (u64::from(day) << 16));
            state.run_day(&mut practice, &scheduler, options, day_seed)?;
        }
    }
    practice.day = options.days;
    practice.elapsed = 0.0;
    let PolicyState::Iqrah { beliefs } = &state else {
        return Err(SimError::Placement("the policy is Iqrah's".to_owned()));
    };
    let reviewed = slots
        .iter()
        .filter(|(item, _)| beliefs.get(item) != start_states.get(item))
        .count();
    Ok(PlacementGap {
        items: slots.len(),
        reviewed,
        before,
        after: gap(&practice, beliefs),
    })
}
