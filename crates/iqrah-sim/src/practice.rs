//! One learner practising day after day under one policy.

use std::collections::BTreeMap;

use iqrah_core::exercise::{ExercisePrompt, ExerciseType, TimingProfile, generate};
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::{MemoryState, Rating, Scheduler};
use iqrah_core::planner::{item_seed, select};
use iqrah_core::session::{MAX_RELEARNS_PER_ITEM, RELEARN_GAP};
use iqrah_core::time::Timestamp;
use iqrah_quran::VerseKey;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::course::{Course, skill_index};
use crate::learner::{Learner, LearnerProfile, Outcome, TrueMemory};
use crate::report::Figures;
use crate::{Options, Policy, SimError};

/// The first simulated day starts at 2026-01-01T00:00:00Z.
pub const START: Timestamp = Timestamp(1_767_225_600_000);
/// Practice starts at this hour (UTC) of every practised day.
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
    /// The exercise type (the reference app and the traditional schedule
    /// only recite: [`ExerciseType::Recall`]).
    pub exercise: ExerciseType,
    /// Whether this answer was the verse's first exposure (it included study).
    pub studied: bool,
    /// Whether it was an in-session relearning copy.
    pub relearning: bool,
    /// The true outcome, grade and time (study included in `seconds`).
    pub outcome: Outcome,
    /// Seconds the answer took, study included.
    pub seconds: f64,
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
    /// Every day, when a trace was asked for (else empty).
    pub days: Vec<DayLog>,
}

/// How a policy's exercise is made.
#[derive(Debug, Clone, Copy)]
struct Exercise {
    kind: ExerciseType,
    timing: TimingProfile,
    /// Chance that a guess is right when the item is not recalled.
    guess: f64,
}

impl Exercise {
    /// Reciting verse of `words` words from memory (the recall exercise).
    fn recite(words: usize) -> Self {
        Exercise {
            kind: ExerciseType::Recall,
            timing: TimingProfile::LONG_RECALL.scaled(words, 10),
            guess: 0.0,
        }
    }
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

/// A learner's state while practising: true memory, the clock, the budget.
struct Practice<'c, 'a> {
    course: &'c Course<'a>,
    learner: Learner,
    rng: ChaCha8Rng,
    truth: Vec<Option<TrueMemory>>,
    studied: Vec<bool>,
    budget: f64,
    day: u32,
    elapsed: f64,
    answers: u64,
    seconds: f64,
    log: Option<DayLog>,
}

impl<'c, 'a> Practice<'c, 'a> {
    /// Now, in days since the start.
    fn at(&self) -> f64 {
        f64::from(self.day) + PRACTICE_HOUR / 24.0 + self.elapsed / 86_400.0
    }

    /// Now, as the app's clock reads it.
    fn timestamp(&self) -> Timestamp {
        START.plus_days(self.at())
    }

    fn slot(&self, i: usize, skill: Skill) -> usize {
        i * 3 + skill_index(skill)
    }

    /// First exposure to verse `i` at `at`: its memorization and meaning
    /// start, and so do the continuity items linking it to studied neighbours.
    fn study(&mut self, i: usize, at: f64) {
        self.studied[i] = true;
        let fresh = Some(self.learner.study(at));
        for skill in [Skill::Memorization, Skill::Meaning] {
            let slot = self.slot(i, skill);
            self.truth[slot] = fresh;
        }
        if i > 0 && self.course.continues(i - 1) && self.studied[i - 1] {
            let slot = self.slot(i - 1, Skill::Continuity);
            self.truth[slot] = fresh;
        }
        if self.course.continues(i) && self.studied.get(i + 1).copied().unwrap_or(false) {
            let slot = self.slot(i, Skill::Continuity);
            self.truth[slot] = fresh;
        }
    }

    /// Answers one exercise of `item`, studying its verse first if it is new.
    /// `None` (and nothing changes but the random stream) when it does not
    /// fit in what is left of the day's budget.
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
        let answer_at = start + study_seconds / 86_400.0;
        // The item's memory when the answer starts (a skill that has not
        // started, such as the continuity to an unstudied verse, is unknown).
        let memory = if studying && item.skill() != Skill::Continuity {
            Some(self.learner.study(answer_at))
        } else {
            self.truth[slot]
        };
        let r = memory.map_or(0.0, |m| self.learner.retrievability(&m, answer_at));
        let outcome = self
            .learner
            .answer(r, exercise.timing, exercise.guess, &mut self.rng);
        let cost = study_seconds + outcome.seconds;
        if self.elapsed + cost > self.budget {
            return None;
        }
        if studying {
            self.study(i, answer_at);
        }
        let end = answer_at + outcome.seconds / 86_400.0;
        let true_grade = if outcome.recalled {
            outcome.grade
        } else {
            Rating::Again
        };
        if let Some(memory) = self.truth[slot] {
            self.truth[slot] = Some(self.learner.review(&memory, true_grade, end));
        }
        // Reciting a verse starts from the previous one (the recall prompt
        // shows it): that exercises the previous verse's continuity too.
        if exercise.kind == ExerciseType::Recall || exercise.kind == ExerciseType::TypeVerse {
            self.cue_previous(i, answer_at, end);
        }
        self.elapsed += cost;
        self.seconds += cost;
        self.answers += 1;
        if let Some(log) = &mut self.log {
            log.answers.push(AnswerLog {
                item,
                exercise: exercise.kind,
                studied: studying,
                relearning,
                outcome,
                seconds: cost,
            });
        }
        Some(outcome)
    }

    /// The continuity from verse `i - 1` to verse `i`, recalled (or not)
    /// when verse `i` is recited from its predecessor.
    fn cue_previous(&mut self, i: usize, at: f64, end: f64) {
        if i == 0 || !self.course.continues(i - 1) {
            return;
        }
        let slot = self.slot(i - 1, Skill::Continuity);
        if let Some(memory) = self.truth[slot] {
            let recalled = self.rng.random::<f64>() < self.learner.retrievability(&memory, at);
            let grade = if recalled {
                Rating::Good
            } else {
                Rating::Again
            };
            self.truth[slot] = Some(self.learner.review(&memory, grade, end));
        }
    }

    /// The figures at the start of day `days` (the horizon).
    fn figures(&self, days: u32) -> Figures {
        let at = f64::from(days) + PRACTICE_HOUR / 24.0;
        let (mut introduced, mut memorized, mut at_risk, mut retention) =
            (0usize, 0usize, 0usize, 0.0);
        let (mut links, mut continuity) = (0usize, 0.0);
        for i in 0..self.course.len() {
            if let Some(memory) = self.truth[self.slot(i, Skill::Memorization)] {
                let r = self.learner.retrievability(&memory, at);
                introduced += 1;
                retention += r;
                memorized += usize::from(r >= crate::MEMORIZED_AT);
                at_risk += usize::from(r < crate::AT_RISK_BELOW);
            }
            if let Some(memory) = self.truth[self.slot(i, Skill::Continuity)] {
                links += 1;
                continuity += self.learner.retrievability(&memory, at);
            }
        }
        let mean = |sum: f64, n: usize| if n == 0 { 0.0 } else { sum / n as f64 };
        let per_day = f64::from(days.max(1));
        Figures {
            memorized: memorized as f64,
            retention: mean(retention, introduced),
            continuity: mean(continuity, links),
            at_risk: at_risk as f64,
            introduced: introduced as f64,
            answers_per_day: self.answers as f64 / per_day,
            minutes_per_day: self.seconds / 60.0 / per_day,
        }
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
    let mut practice = Practice {
        course,
        learner: Learner::new(profile),
        rng: ChaCha8Rng::seed_from_u64(stream(seed, STREAM_ANSWERS ^ ((policy as u64) << 8))),
        truth: vec![None; course.slots()],
        studied: vec![false; course.len()],
        budget: f64::from(options.minutes_per_day) * 60.0,
        day: 0,
        elapsed: 0.0,
        answers: 0,
        seconds: 0.0,
        log: None,
    };
    let scheduler = Scheduler::new();
    let mut state = PolicyState::new(policy, course, &practice);
    let mut days = Vec::new();
    for day in 0..options.days {
        let skipped = skips.random::<f64>() < profile.skip_probability;
        practice.day = day;
        practice.elapsed = 0.0;
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
    Ok(LearnerRun {
        policy,
        profile,
        figures: practice.figures(options.days),
        days,
    })
}

/// What each policy remembers between days.
enum PolicyState {
    /// The app's beliefs, one FSRS state per started item.
    Iqrah {
        beliefs: BTreeMap<ItemKey, MemoryState>,
    },
    /// The reference app's beliefs, one per started verse (memorization).
    Reference { beliefs: Vec<Option<MemoryState>> },
    /// The traditional schedule's lessons (ranges of goal positions) and
    /// where its cycle through older material stands.
    Traditional {
        lesson_size: usize,
        lessons: Vec<(usize, usize)>,
        cursor: usize,
    },
}

impl PolicyState {
    fn new(policy: Policy, course: &Course<'_>, practice: &Practice<'_, '_>) -> Self {
        match policy {
            Policy::Iqrah => PolicyState::Iqrah {
                beliefs: BTreeMap::new(),
            },
            Policy::Reference => PolicyState::Reference {
                beliefs: vec![None; course.len()],
            },
            Policy::Traditional => PolicyState::Traditional {
                lesson_size: lesson_size(course, &practice.learner, practice.budget),
                lessons: Vec::new(),
                cursor: 0,
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
            PolicyState::Reference { beliefs } => {
                reference_day(p, beliefs, scheduler, options);
                Ok(())
            }
            PolicyState::Traditional {
                lesson_size,
                lessons,
                cursor,
            } => {
                traditional_day(p, *lesson_size, lessons, cursor);
                Ok(())
            }
        }
    }
}

/// Iqrah: sessions planned by `iqrah_core::planner` back to back until the
/// budget is spent (when nothing is due or new, the planner's practice-ahead
/// sessions are practised, as the app offers them). Each exercise is generated as `planner::plan` does; an
/// Again puts a relearning copy [`RELEARN_GAP`] items later, at most
/// [`MAX_RELEARNS_PER_ITEM`] per item; every grade updates the app's beliefs
/// with `Scheduler::review`.
fn iqrah_day(
    p: &mut Practice<'_, '_>,
    beliefs: &mut BTreeMap<ItemKey, MemoryState>,
    scheduler: &Scheduler,
    options: &Options,
    day_seed: u64,
) -> Result<(), SimError> {
    let goal = p.course.goal();
    let ctx = *p.course.ctx();
    for session in 0..MAX_SESSIONS_PER_DAY {
        let slots = select(&goal, beliefs, &options.settings, p.timestamp(), scheduler)?;
        // The planner never turns the learner away (practice ahead when
        // nothing is due or new): only an empty goal ends the day early.
        if slots.is_empty() {
            return Ok(());
        }
        if let Some(log) = &mut p.log {
            log.sessions += 1;
        }
        let seed = mix(day_seed ^ u64::from(session));
        let mut exercises: Vec<Option<Option<Exercise>>> = vec![None; slots.len()];
        let mut copies = vec![0usize; slots.len()];
        let mut queue: Vec<(usize, bool)> = (0..slots.len()).map(|i| (i, false)).collect();
        let mut k = 0;
        while k < queue.len() {
            let (i, relearning) = queue[k];
            let item = slots[i].item;
            let made = *exercises[i].get_or_insert_with(|| {
                generate(item, &ctx, item_seed(seed, item))
                    .ok()
                    .map(|e| Exercise {
                        kind: e.prompt.exercise_type(),
                        timing: e.solution.timing,
                        guess: guess_chance(&e.prompt),
                    })
            });
            let Some(exercise) = made else {
                // `plan` leaves out an item whose exercise cannot be made.
                queue.remove(k);
                continue;
            };
            let Some(outcome) = p.exercise(item, exercise, relearning) else {
                return Ok(());
            };
            let next = scheduler.review(
                beliefs.get(&item),
                outcome.grade,
                p.timestamp(),
                options.settings.desired_retention,
            );
            beliefs.insert(item, next);
            if outcome.grade == Rating::Again && copies[i] < MAX_RELEARNS_PER_ITEM {
                copies[i] += 1;
                queue.insert((k + 1 + RELEARN_GAP).min(queue.len()), (i, true));
            }
            k += 1;
        }
    }
    Ok(())
}

/// The reference app: one queue of [`REFERENCE_QUEUE`] verses a day, due
/// verses first by due date, then new verses in mushaf order; each is
/// recited once (no relearning), graded, and scheduled with FSRS.
fn reference_day(
    p: &mut Practice<'_, '_>,
    beliefs: &mut [Option<MemoryState>],
    scheduler: &Scheduler,
    options: &Options,
) {
    let now = p.timestamp();
    let mut due: Vec<(Timestamp, usize)> = beliefs
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.filter(|s| s.is_due(now)).map(|s| (s.due, i)))
        .collect();
    due.sort_unstable();
    let mut queue: Vec<usize> = due
        .into_iter()
        .map(|(_, i)| i)
        .take(REFERENCE_QUEUE)
        .collect();
    let room = REFERENCE_QUEUE - queue.len();
    queue.extend(
        (0..p.course.len())
            .filter(|&i| beliefs[i].is_none())
            .take(room),
    );
    for i in queue {
        let Some(verse) = p.course.verse(i) else {
            continue;
        };
        let item = ItemKey::memorization(verse);
        let Some(outcome) = p.exercise(item, Exercise::recite(p.course.words(i)), false) else {
            return;
        };
        beliefs[i] = Some(scheduler.review(
            beliefs[i].as_ref(),
            outcome.grade,
            p.timestamp(),
            options.settings.desired_retention,
        ));
    }
}

/// The number of verses in a traditional lesson: the most that fit the
/// budget once the whole goal is learned, with each recitation planned at
/// its Good time — a new lesson (studied and recited), the last
/// [`TRADITIONAL_RECENT_LESSONS`] lessons, and a 1/[`TRADITIONAL_CYCLE_DAYS`]
/// share of the goal. At least 1.
pub fn lesson_size(course: &Course<'_>, learner: &Learner, budget_seconds: f64) -> usize {
    let n = course.len().max(1);
    let speed = learner.profile().speed;
    let recite = (0..n)
        .map(|i| {
            TimingProfile::LONG_RECALL
                .scaled(course.words(i), 10)
                .good_ms as f64
        })
        .sum::<f64>()
        / n as f64
        / 1000.0
        * speed;
    let study = (0..n)
        .map(|i| learner.study_seconds(course.words(i)))
        .sum::<f64>()
        / n as f64;
    let cycle = n as f64 / TRADITIONAL_CYCLE_DAYS as f64 * recite;
    let per_verse = study + recite + TRADITIONAL_RECENT_LESSONS as f64 * recite;
    let fits = ((budget_seconds - cycle) / per_verse).floor();
    if fits.is_finite() && fits >= 1.0 {
        (fits as usize).min(n)
    } else {
        1
    }
}

/// The traditional schedule: a new lesson (studied, then recited), the
/// last [`TRADITIONAL_RECENT_LESSONS`] lessons recited, then the next
/// 1/[`TRADITIONAL_CYCLE_DAYS`] of all older material, cycling in mushaf order.
fn traditional_day(
    p: &mut Practice<'_, '_>,
    lesson_size: usize,
    lessons: &mut Vec<(usize, usize)>,
    cursor: &mut usize,
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
}
