//! The simulator: determinism, the learner model on small cases, and each
//! policy's rules on a tiny goal.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::collections::{HashMap, HashSet};

use common::SYNTHETIC;
use iqrah_core::exercise::{ExerciseType, TimingProfile};
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::{Rating, Scheduler};
use iqrah_core::session::MAX_RELEARNS_PER_ITEM;
use iqrah_core::time::Timestamp;
use iqrah_sim::{
    Learner, LearnerProfile, LearnerRun, Options, Policy, REFERENCE_QUEUE,
    TRADITIONAL_RECENT_LESSONS, lesson_size, run_learner, simulate,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A learner who never skips, with the given stability factor.
fn steady(stability_factor: f64) -> LearnerProfile {
    LearnerProfile {
        stability_factor,
        skip_probability: 0.0,
        ..LearnerProfile::AVERAGE
    }
}

fn run(policy: Policy, goal: &str, profile: LearnerProfile, days: u32, minutes: u32) -> LearnerRun {
    let course = SYNTHETIC.course(goal);
    run_learner(
        policy,
        &course,
        profile,
        &Options::new(days, minutes, 1, 5),
        99,
        true,
    )
    .unwrap()
}

#[test]
fn a_seed_gives_the_same_report_and_another_seed_another() {
    let course = SYNTHETIC.course("surah:100-104");
    let report = |seed| simulate(&course, &Options::new(25, 6, 3, seed)).unwrap();
    let first = report(11);
    assert_eq!(first, report(11));
    assert_ne!(first, report(12));
    assert_eq!(first.policies.len(), 3);
    let iqrah = first.policy(Policy::Iqrah).unwrap();
    assert_eq!(iqrah.ratio_to_iqrah.memorized, Some(1.0));
    assert!(
        first.policies.iter().all(|p| p.mean.introduced > 0.0),
        "{first:#?}"
    );
}

#[test]
fn a_learner_who_never_reviews_forgets_on_the_fsrs6_curve() {
    let sf = 0.8;
    let learner = Learner::new(steady(sf));
    let memory = learner.study(0.0);
    // FSRS-6's first-review (Good) stability, scaled by the learner's factor.
    assert!((memory.stability - f64::from(fsrs::DEFAULT_PARAMETERS[2]) * sf).abs() < 1e-9);
    let decay = f64::from(fsrs::DEFAULT_PARAMETERS[20]);
    let factor = 0.9f64.powf(-1.0 / decay) - 1.0;
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let draws = 20_000;
    for days in [1.0, 3.0, 10.0, 60.0] {
        let expected = (1.0 + factor * days / memory.stability).powf(-decay);
        let r = learner.retrievability(&memory, days);
        assert!((r - expected).abs() < 1e-9, "day {days}: {r} vs {expected}");
        let recalled = (0..draws)
            .filter(|_| {
                learner
                    .answer(r, TimingProfile::LONG_RECALL, 0.0, &mut rng)
                    .recalled
            })
            .count();
        let measured = recalled as f64 / f64::from(draws);
        // Four standard errors of a binomial proportion.
        let tolerance = 4.0 * (expected * (1.0 - expected) / f64::from(draws)).sqrt();
        assert!(
            (measured - expected).abs() < tolerance,
            "day {days}: measured {measured}, curve {expected}"
        );
    }
    // At its stability, recall is 90 % (the definition of FSRS stability).
    assert!((learner.retrievability(&memory, memory.stability) - 0.9).abs() < 1e-9);
}

#[test]
fn the_average_learner_forgets_as_the_app_believes() {
    // With the average profile the true curve is the scheduler's.
    let learner = Learner::new(LearnerProfile::AVERAGE);
    let scheduler = Scheduler::new();
    let start = Timestamp(1_767_225_600_000);
    let belief = scheduler.review(None, Rating::Good, start, 0.9);
    let truth = learner.study(0.0);
    for days in [0.5, 2.0, 7.0, 30.0] {
        let believed = f64::from(scheduler.retrievability(&belief, start.plus_days(days)));
        assert!(
            (believed - learner.retrievability(&truth, days)).abs() < 1e-4,
            "day {days}"
        );
    }
}

#[test]
fn same_day_repeats_do_not_inflate_true_stability() {
    let learner = Learner::new(steady(1.0));
    let first = learner.study(0.0);
    let easy_first = f64::from(fsrs::DEFAULT_PARAMETERS[3]);
    for grade in [Rating::Hard, Rating::Good, Rating::Easy] {
        let mut memory = first;
        for minute in 1..=10 {
            memory = learner.review(&memory, grade, f64::from(minute) / 1440.0);
        }
        assert!(
            memory.stability <= first.stability.max(easy_first) + 1e-9,
            "{grade:?}: {memory:?}"
        );
        if grade != Rating::Easy {
            assert!(
                memory.stability <= first.stability * 1.0001,
                "{grade:?}: {memory:?}"
            );
        }
    }
    // A review a few days later does grow it.
    let later = learner.review(&first, Rating::Good, 3.0);
    assert!(later.stability > first.stability * 1.5, "{later:?}");
    let lapse = learner.review(&first, Rating::Again, 3.0);
    assert!(lapse.stability < first.stability);
}

#[test]
fn answers_are_graded_by_the_timing_profile_from_true_recall() {
    let learner = Learner::new(steady(1.0));
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let profile = TimingProfile::QUICK_CHOICE;
    let fluent: Vec<_> = (0..500)
        .map(|_| learner.answer(1.0, profile, 0.25, &mut rng))
        .collect();
    assert!(
        fluent
            .iter()
            .all(|o| o.recalled && o.grade != Rating::Again)
    );
    assert!(fluent.iter().filter(|o| o.grade == Rating::Easy).count() > 400);
    let shaky: Vec<_> = (0..2000)
        .map(|_| learner.answer(0.5, profile, 0.25, &mut rng))
        .collect();
    for o in &shaky {
        if o.recalled {
            assert_eq!(o.grade, Rating::Hard, "slow at R = 0.5: {o:?}");
        } else {
            assert!(
                matches!(o.grade, Rating::Again | Rating::Hard),
                "a lucky guess is Hard: {o:?}"
            );
            assert!(
                (o.seconds - 12.0).abs() < 1e-9,
                "a failure costs the slow end"
            );
        }
    }
    let lucky = shaky
        .iter()
        .filter(|o| !o.recalled && o.grade == Rating::Hard)
        .count() as f64;
    let failed = shaky.iter().filter(|o| !o.recalled).count() as f64;
    assert!(
        (lucky / failed - 0.25).abs() < 0.06,
        "guesses right a quarter of the time: {lucky}/{failed}"
    );
    let never = learner.answer(0.0, TimingProfile::LONG_RECALL, 0.0, &mut rng);
    assert_eq!((never.recalled, never.grade), (false, Rating::Again));
}

#[test]
fn without_skips_every_day_is_practised_and_with_certain_skips_none() {
    for policy in Policy::ALL {
        let busy = run(policy, "surah:67-72", steady(1.0), 12, 5);
        assert_eq!(busy.days.len(), 12);
        assert!(
            busy.days
                .iter()
                .all(|d| !d.skipped && !d.answers.is_empty()),
            "{policy:?}"
        );
        let idle = run(
            policy,
            "surah:105-108",
            LearnerProfile {
                skip_probability: 1.0,
                ..steady(1.0)
            },
            12,
            5,
        );
        assert!(
            idle.days.iter().all(|d| d.skipped && d.answers.is_empty()),
            "{policy:?}"
        );
        assert_eq!(idle.figures.introduced, 0.0);
    }
}

#[test]
fn the_daily_budget_is_never_exceeded() {
    for minutes in [1, 3, 10] {
        for policy in Policy::ALL {
            let profile = LearnerProfile {
                speed: 1.25,
                skip_probability: 0.1,
                ..steady(0.6)
            };
            let run = run(policy, "surah:78-80", profile, 40, minutes);
            for day in &run.days {
                let spent: f64 = day.answers.iter().map(|a| a.seconds).sum();
                assert!((spent - day.seconds).abs() < 1e-6);
                assert!(
                    day.seconds <= f64::from(minutes) * 60.0 + 1e-9,
                    "{policy:?} day {}: {}",
                    day.day,
                    day.seconds
                );
            }
            let total: f64 = run.days.iter().map(|d| d.seconds).sum();
            assert!((run.figures.minutes_per_day - total / 60.0 / 40.0).abs() < 1e-9);
        }
    }
}

#[test]
fn the_reference_app_recites_at_most_twenty_verses_a_day_without_relearning() {
    let run = run(Policy::Reference, "surah:78-80", steady(0.7), 60, 30);
    let mut total = 0;
    for day in &run.days {
        assert!(
            day.answers.len() <= REFERENCE_QUEUE,
            "day {}: {}",
            day.day,
            day.answers.len()
        );
        let distinct: HashSet<ItemKey> = day.answers.iter().map(|a| a.item).collect();
        assert_eq!(distinct.len(), day.answers.len(), "no verse twice a day");
        assert!(
            day.answers
                .iter()
                .all(|a| !a.relearning && a.exercise == ExerciseType::Recall)
        );
        assert!(
            day.answers
                .iter()
                .all(|a| a.item.skill() == Skill::Memorization)
        );
        total += day.answers.len();
    }
    // It introduces verses in mushaf order.
    let introduced: Vec<ItemKey> = run
        .days
        .iter()
        .flat_map(|d| &d.answers)
        .filter(|a| a.studied)
        .map(|a| a.item)
        .collect();
    assert!(introduced.windows(2).all(|w| w[0] < w[1]));
    assert!(total > 0 && run.days[0].answers.len() == REFERENCE_QUEUE);
}

#[test]
fn the_traditional_schedule_revises_the_last_seven_lessons_every_day() {
    let course = SYNTHETIC.course("surah:78-80");
    let profile = steady(1.0);
    let size = lesson_size(&course, &Learner::new(profile), 60.0 * 60.0);
    let run = run(Policy::Traditional, "surah:78-80", profile, 30, 60);
    let mut lessons: Vec<Vec<ItemKey>> = Vec::new();
    for day in &run.days {
        let recited: HashSet<ItemKey> = day.answers.iter().map(|a| a.item).collect();
        for lesson in lessons.iter().rev().take(TRADITIONAL_RECENT_LESSONS) {
            assert!(
                lesson.iter().all(|v| recited.contains(v)),
                "day {}: lesson {lesson:?} not revised",
                day.day
            );
        }
        // The new lesson comes first, studied, of the fixed size (until the goal runs out).
        let new: Vec<ItemKey> = day
            .lesson
            .iter()
            .map(|&v| ItemKey::memorization(v))
            .collect();
        let studied: Vec<ItemKey> = day
            .answers
            .iter()
            .filter(|a| a.studied)
            .map(|a| a.item)
            .collect();
        assert_eq!(new, studied, "day {}", day.day);
        assert!(
            new.len() == size
                || lessons.iter().map(Vec::len).sum::<usize>() + new.len() == course.len()
        );
        assert!(
            day.answers
                .iter()
                .all(|a| a.exercise == ExerciseType::Recall && !a.relearning)
        );
        if !new.is_empty() {
            lessons.push(new);
        }
    }
    assert!(
        lessons.len() > TRADITIONAL_RECENT_LESSONS,
        "{} lessons of {size}",
        lessons.len()
    );
}

#[test]
fn iqrah_relearns_failed_items_in_the_session_within_bounds() {
    let run = run(Policy::Iqrah, "surah:78-80", steady(0.6), 30, 15);
    let mut relearned = 0;
    for day in &run.days {
        assert!(day.sessions >= 1);
        let mut failed: HashMap<ItemKey, usize> = HashMap::new();
        let mut copies: HashMap<ItemKey, usize> = HashMap::new();
        for answer in &day.answers {
            if answer.relearning {
                relearned += 1;
                let copies = copies.entry(answer.item).or_default();
                *copies += 1;
                assert!(
                    failed.get(&answer.item).copied().unwrap_or(0) >= 1,
                    "a copy follows an Again"
                );
                assert!(*copies <= MAX_RELEARNS_PER_ITEM * day.sessions as usize);
            }
            if answer.outcome.grade == Rating::Again {
                *failed.entry(answer.item).or_default() += 1;
            }
        }
    }
    assert!(relearned > 0, "a weak learner fails sometimes");
    // Iqrah uses the real exercise catalog: more than one type.
    let types: HashSet<ExerciseType> = run
        .days
        .iter()
        .flat_map(|d| &d.answers)
        .map(|a| a.exercise)
        .collect();
    assert!(types.len() >= 5, "{types:?}");
}

#[test]
fn bad_options_and_goals_are_refused() {
    let course = SYNTHETIC.course("surah:112");
    for options in [
        Options::new(0, 20, 1, 1),
        Options::new(10, 0, 1, 1),
        Options::new(10, 20, 0, 1),
        Options::new(4000, 20, 1, 1),
    ] {
        assert!(simulate(&course, &options).is_err(), "{options:?}");
    }
    assert!(iqrah_sim::Course::new(iqrah_core::goal::Goal::Review, SYNTHETIC.ctx()).is_err());
}
