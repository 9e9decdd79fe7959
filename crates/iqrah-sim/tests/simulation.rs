//! The simulator: determinism, the learner model on small cases, each
//! policy's rules on a tiny goal, the figures on a hand-computable case,
//! and a cross-check of the plain FSRS queue with `fsrs::simulate`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::collections::{HashMap, HashSet};

use common::SYNTHETIC;
use iqrah_core::exercise::{CUED_CHOICE, ExerciseType, TimingProfile};
use iqrah_core::item::{ItemKey, Skill};
use iqrah_core::memory::{Rating, Scheduler};
use iqrah_core::session::MAX_RELEARNS_PER_ITEM;
use iqrah_core::time::Timestamp;
use iqrah_sim::{
    Exercise, FIRST_RATING_PROBABILITIES, HELD_AT, LATER_DAYS, Learner, LearnerProfile, LearnerRun,
    Options, Outcome, PRACTICE_HOUR, Policy, QueueLimits, REFERENCE_QUEUE,
    REVIEW_RATING_PROBABILITIES, SimError, TRADITIONAL_RECENT_LESSONS, lesson_size, run_learner,
    simulate, t95_day,
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

fn w(k: usize) -> f64 {
    f64::from(fsrs::DEFAULT_PARAMETERS[k])
}

#[test]
fn a_seed_gives_the_same_report_and_another_seed_another() {
    let course = SYNTHETIC.course("surah:100-104");
    let t95 = SYNTHETIC.course("surah:112-114");
    let report = |seed| simulate(&course, Some(&t95), &Options::new(25, 6, 3, seed)).unwrap();
    let first = report(11);
    assert_eq!(first, report(11));
    assert_ne!(first, report(12));
    assert_eq!(first.policies.len(), 4);
    let iqrah = first.policy(Policy::Iqrah).unwrap();
    assert_eq!(iqrah.ratio_to_iqrah.get("held"), Some(1.0));
    for policy in &first.policies {
        assert!(policy.median.introduced > 0.0, "{first:#?}");
        let t95 = policy.t95.as_ref().unwrap();
        assert_eq!(t95.days.len(), 3);
    }
    let t95_goal = first.t95_goal.as_ref().unwrap();
    assert_eq!(
        (t95_goal.goal.as_str(), t95_goal.verses),
        ("surah:112-114", 15)
    );
}

#[test]
fn a_learner_who_never_reviews_forgets_on_the_fsrs6_curve() {
    let sf = 0.8;
    let learner = Learner::new(steady(sf));
    let memory = learner.first_review(Rating::Good, 0.0);
    // FSRS-6's first-review (Good) stability, scaled by the learner's factor.
    assert!((memory.stability - w(2) * sf).abs() < 1e-9);
    let decay = w(20);
    let factor = 0.9f64.powf(-1.0 / decay) - 1.0;
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let draws = 20_000;
    for days in [1.0, 3.0, 10.0, 60.0] {
        let expected = (1.0 + factor * days / memory.stability).powf(-decay);
        let r = learner.retrievability(&memory, days);
        assert!((r - expected).abs() < 1e-9, "day {days}: {r} vs {expected}");
        let recalled = (0..draws)
            .filter(|_| learner.answer(r, &Exercise::recite(5), &mut rng).recalled)
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
fn a_first_exposure_leaves_the_truth_the_app_believes_for_the_average_learner() {
    // The first review's stability for each grade is FSRS's, in the truth
    // and in the app's belief alike.
    let learner = Learner::new(LearnerProfile::AVERAGE);
    let scheduler = Scheduler::new();
    let start = Timestamp(1_767_225_600_000);
    for grade in Rating::ALL {
        let belief = scheduler.review(None, grade, start, 0.9);
        let truth = learner.first_review(grade, 0.0);
        assert!(
            (f64::from(belief.stability) - truth.stability).abs() < 1e-4,
            "{grade:?}: belief {belief:?}, truth {truth:?}"
        );
        assert!((f64::from(belief.difficulty) - truth.difficulty).abs() < 1e-4);
        for days in [0.5, 2.0, 7.0, 30.0] {
            let believed = f64::from(scheduler.retrievability(&belief, start.plus_days(days)));
            assert!(
                (believed - learner.retrievability(&truth, days)).abs() < 1e-4,
                "{grade:?} day {days}"
            );
        }
    }
    // The learner grades a first exposure as FSRS's default first ratings go.
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let mut counts = [0usize; 4];
    let n = 20_000;
    for _ in 0..n {
        counts[usize::from(learner.first_grade(&mut rng).value() - 1)] += 1;
    }
    for (count, p) in counts.iter().zip(FIRST_RATING_PROBABILITIES) {
        assert!(
            (*count as f64 / f64::from(n) - p).abs() < 0.015,
            "{counts:?}"
        );
    }
}

#[test]
fn the_grade_distributions_are_fsrs_defaults() {
    let config = fsrs::SimulatorConfig::default();
    assert_eq!(
        config.first_rating_prob.map(f64::from),
        FIRST_RATING_PROBABILITIES.map(|p| f64::from(p as f32))
    );
    assert_eq!(
        config.review_rating_prob.map(f64::from),
        REVIEW_RATING_PROBABILITIES.map(|p| f64::from(p as f32))
    );
}

#[test]
fn same_day_repeats_do_not_inflate_true_stability() {
    let learner = Learner::new(steady(1.0));
    let first = learner.first_review(Rating::Good, 0.0);
    let easy_first = w(3);
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
fn a_cued_recall_is_a_scaled_down_review() {
    let learner = Learner::new(steady(1.0));
    let memory = learner.first_review(Rating::Good, 0.0);
    let at = 5.0;
    let weight = f64::from(CUED_CHOICE);
    for felt in [Rating::Again, Rating::Good] {
        let full = learner.review(&memory, felt, at);
        let cued = learner.exercise(&memory, felt, weight, at);
        // Stability moves by the power `weight` of the full review's factor …
        let expected = memory.stability * (full.stability / memory.stability).powf(weight);
        assert!((cued.stability - expected).abs() < 1e-9, "{felt:?}");
        // … and only that share of the five days since the review is forgiven.
        assert!((cued.last_review - weight * at).abs() < 1e-9, "{felt:?}");
        let before = learner.retrievability(&memory, at);
        let after = learner.retrievability(&cued, at);
        assert!(after < 1.0, "{felt:?}: {before} → {after}");
        if felt == Rating::Good {
            // A recalled cue leaves recall between its value before and 1.
            assert!(after > before, "{before} → {after}");
        }
        // A full recitation is the full review.
        assert_eq!(learner.exercise(&memory, felt, 1.0, at), full);
    }
    // A recalled cue grows stability, but less than a recitation does.
    let good = learner.exercise(&memory, Rating::Good, weight, at);
    let full = learner.review(&memory, Rating::Good, at);
    assert!(memory.stability < good.stability && good.stability < full.stability);
    // Only recitations cross the link from the previous verse.
    for t in ExerciseType::ALL {
        let full_memorization =
            t.trains().iter().any(|r| r.weight >= 1.0) && t.skill() == Skill::Memorization;
        assert_eq!(full_memorization, t.is_recitation(), "{t}");
    }
}

#[test]
fn in_a_run_every_answer_moves_the_truth_by_its_exercise_weight() {
    // Iqrah's real exercise mix: each answer after the first exposure moves
    // its item's true memory exactly as the table says, with the true outcome.
    let profile = steady(0.8);
    let learner = Learner::new(profile);
    let run = run(Policy::Iqrah, "surah:78-80", profile, 15, 15);
    let mut checked: HashMap<ExerciseType, usize> = HashMap::new();
    for a in run.days.iter().flat_map(|d| &d.answers) {
        let (Some(before), Some(after)) = (a.truth_before, a.truth_after) else {
            continue;
        };
        if a.studied {
            continue;
        }
        let weight = a
            .exercise
            .kind
            .trains()
            .iter()
            .find(|t| t.target == iqrah_core::exercise::Target::Item)
            .map(|t| f64::from(t.weight))
            .unwrap();
        let expected = learner.exercise(&before, a.outcome.felt, weight, a.at);
        assert!(
            (expected.stability - after.stability).abs() < 1e-9
                && (expected.last_review - after.last_review).abs() < 1e-9,
            "{a:?}"
        );
        *checked.entry(a.exercise.kind).or_default() += 1;
    }
    for kind in [
        ExerciseType::NextWord,
        ExerciseType::Recall,
        ExerciseType::Meaning,
    ] {
        assert!(checked.get(&kind).copied().unwrap_or(0) > 0, "{checked:?}");
    }
}

#[test]
fn the_apps_grade_never_changes_the_truth() {
    let learner = Learner::new(steady(0.9));
    let memory = learner.first_review(Rating::Hard, 0.0);
    for felt in Rating::ALL {
        let truths: Vec<_> = Rating::ALL
            .into_iter()
            .map(|grade| {
                let outcome = Outcome {
                    recalled: felt != Rating::Again,
                    felt,
                    grade,
                    seconds: 4.0,
                };
                learner.learn(&memory, &outcome, f64::from(CUED_CHOICE), 3.0)
            })
            .collect();
        assert!(
            truths.windows(2).all(|p| p[0] == p[1]),
            "{felt:?}: {truths:?}"
        );
    }
    // The true outcome does change it.
    let outcome = |felt| Outcome {
        recalled: felt != Rating::Again,
        felt,
        grade: Rating::Easy,
        seconds: 4.0,
    };
    assert_ne!(
        learner.learn(&memory, &outcome(Rating::Again), 1.0, 3.0),
        learner.learn(&memory, &outcome(Rating::Good), 1.0, 3.0)
    );
    // And the app's grade can differ from the truth: in a real run, lucky
    // guesses (not recalled, right) and slow right answers happen.
    let run = run(Policy::Iqrah, "surah:78-80", steady(0.6), 20, 15);
    let answers: Vec<_> = run.days.iter().flat_map(|d| &d.answers).collect();
    assert!(
        answers
            .iter()
            .any(|a| !a.outcome.recalled && a.outcome.grade != Rating::Again)
    );
    assert!(answers.iter().any(|a| a.outcome.grade != a.outcome.felt));
}

#[test]
fn answers_take_the_time_of_the_learners_grade() {
    let learner = Learner::new(steady(1.0));
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let choice = Exercise {
        kind: ExerciseType::NextWord,
        timing: TimingProfile::QUICK_CHOICE,
        guess: 0.25,
    };
    let fluent: Vec<_> = (0..3000)
        .map(|_| learner.answer(1.0, &choice, &mut rng))
        .collect();
    for o in &fluent {
        assert!(o.recalled);
        let band = match o.felt {
            Rating::Easy => (1.5, 3.0),
            Rating::Good => (3.0, 7.0),
            Rating::Hard => (7.0, 12.0),
            Rating::Again => unreachable!(),
        };
        assert!(o.seconds >= band.0 && o.seconds <= band.1, "{o:?}");
        // At speed 1 the app's time grade is the learner's own.
        assert_eq!(o.grade, o.felt, "{o:?}");
    }
    let easy = fluent.iter().filter(|o| o.felt == Rating::Easy).count() as f64 / 3000.0;
    assert!(
        (easy - REVIEW_RATING_PROBABILITIES[2]).abs() < 0.03,
        "{easy}"
    );
    let lost: Vec<_> = (0..4000)
        .map(|_| learner.answer(0.0, &choice, &mut rng))
        .collect();
    let lucky = lost.iter().filter(|o| o.grade != Rating::Again).count() as f64 / 4000.0;
    assert!(
        lost.iter()
            .all(|o| !o.recalled && o.felt == Rating::Again && (o.seconds - 12.0).abs() < 1e-9)
    );
    assert!(
        (lucky - 0.25).abs() < 0.03,
        "guesses right a quarter of the time: {lucky}"
    );
    // A self-graded recitation records the learner's grade: never a guess.
    let never = learner.answer(0.0, &Exercise::recite(5), &mut rng);
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
        assert_eq!(idle.figures.held_per_hour, 0.0);
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
fn the_fsrs_queue_spends_the_budget_due_first_then_new_in_order() {
    let goal = "surah:78-86";
    let course = SYNTHETIC.course(goal);
    let profile = steady(0.8);
    let learner = Learner::new(profile);
    let minutes = 8;
    let run = run(Policy::FsrsQueue, goal, profile, 25, minutes);
    // The next answer did not fit: what is left is less than the most an
    // answer can cost (a study and a recitation at the Hard limit).
    let most = (0..course.len())
        .map(|i| {
            learner.study_seconds(course.words(i))
                + TimingProfile::recitation(course.words(i)).hard_ms as f64 / 1000.0
        })
        .fold(0.0, f64::max);
    let budget = f64::from(minutes) * 60.0;
    let mut introduced = Vec::new();
    for day in &run.days {
        assert!(
            budget - day.seconds < most,
            "day {}: {} s of {budget}",
            day.day,
            day.seconds
        );
        // Reviews come before new verses, and new verses in mushaf order.
        let first_new = day.answers.iter().position(|a| a.studied);
        if let Some(first_new) = first_new {
            assert!(
                day.answers[first_new..]
                    .iter()
                    .all(|a| a.studied || a.relearning),
                "day {}",
                day.day
            );
        }
        introduced.extend(day.answers.iter().filter(|a| a.studied).map(|a| a.item));
        assert!(
            day.answers
                .iter()
                .all(|a| a.exercise.kind == ExerciseType::Recall)
        );
    }
    assert!(introduced.windows(2).all(|w| w[0] < w[1]));
    // With more minutes, the reference app, capped at 20 verses, leaves
    // minutes unspent; the queue does not.
    let reference = self::run(Policy::Reference, goal, profile, 10, 40);
    let queue = self::run(Policy::FsrsQueue, goal, profile, 10, 40);
    assert!(
        reference.figures.minutes_per_day < 0.9 * queue.figures.minutes_per_day,
        "{} vs {}",
        reference.figures.minutes_per_day,
        queue.figures.minutes_per_day
    );
}

#[test]
fn the_reference_app_recites_at_most_twenty_verses_a_day_without_relearning() {
    let run = run(Policy::Reference, "surah:78-80", steady(0.7), 60, 60);
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
                .all(|a| !a.relearning && a.exercise.kind == ExerciseType::Recall)
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
    let days = 30;
    let size = lesson_size(&course, &Learner::new(profile), 60.0 * 60.0, days);
    let run = run(Policy::Traditional, "surah:78-80", profile, days, 60);
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
                .all(|a| a.exercise.kind == ExerciseType::Recall && !a.relearning)
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
        .map(|a| a.exercise.kind)
        .collect();
    assert!(types.len() >= 5, "{types:?}");
}

#[test]
fn held_verses_are_counted_from_recitation_recall_on_a_hand_computable_day() {
    // One day of the reference app on surah 112 (4 verses): each verse is
    // studied and recited once. The truth is then a first review per verse
    // (memorization) and per link (with the grade of the next verse's
    // recitation), all at known times.
    let profile = steady(1.0);
    let learner = Learner::new(profile);
    let run = run(Policy::Reference, "surah:112", profile, 1, 20);
    let answers = &run.days[0].answers;
    assert_eq!(answers.len(), 4);
    let mut clock = PRACTICE_HOUR / 24.0;
    let mut reviewed = Vec::new();
    for a in answers {
        assert!(a.studied);
        let at = clock + (a.seconds - a.outcome.seconds) / 86_400.0;
        reviewed.push(learner.first_review(a.outcome.felt, at));
        clock += a.seconds / 86_400.0;
    }
    let recitation = |i: usize, at: f64| {
        let memorization = learner.retrievability(&reviewed[i], at);
        // The link into verse i + 1 started with verse i + 1's recitation.
        reviewed.get(i + 1).map_or(memorization, |next| {
            memorization * learner.retrievability(next, at)
        })
    };
    let horizon = 1.0 + PRACTICE_HOUR / 24.0;
    let held = |at: f64| (0..4).filter(|&i| recitation(i, at) >= HELD_AT).count() as f64;
    let sum: f64 = (0..4).map(|i| recitation(i, horizon)).sum();
    assert_eq!(run.figures.held, held(horizon));
    assert!((run.figures.recall_sum - sum).abs() < 1e-9);
    assert_eq!(
        run.figures.held_later,
        held(horizon + f64::from(LATER_DAYS))
    );
    assert_eq!(run.figures.introduced, 4.0);
    let hours = run.days[0].seconds / 3600.0;
    assert!((run.figures.held_per_hour - held(horizon) / hours).abs() < 1e-9);
    assert_eq!(
        run.figures.meaning_held, 4.0,
        "a day after a first Good: 0.94"
    );
}

#[test]
fn t95_is_the_first_day_from_which_95_percent_stay_held() {
    // 20 verses: 19 must stay held.
    assert_eq!(t95_day(&[0, 10, 19, 20, 18, 19, 20], 20), Some(5));
    assert_eq!(t95_day(&[19, 19, 20], 20), Some(0));
    assert_eq!(t95_day(&[20, 20, 18], 20), None);
    assert_eq!(t95_day(&[], 20), None);
    // On a real run: one count per day and one at the horizon.
    let course = SYNTHETIC.course("surah:112-114");
    let mut options = Options::new(20, 10, 1, 5);
    options.track_held = true;
    let run = run_learner(Policy::FsrsQueue, &course, steady(1.0), &options, 9, false).unwrap();
    assert_eq!(run.held_by_day.len(), 21);
    assert_eq!(run.held_by_day[0], 0);
    assert_eq!(f64::from(run.held_by_day[20]), run.figures.held);
    assert_eq!(
        run.t95(course.len()),
        t95_day(&run.held_by_day, course.len())
    );
}

/// The plain FSRS queue, configured as `fsrs::simulate` is (the average
/// learner, no skipped day, the same new verses a day, no relearning steps,
/// FSRS's default rating distributions and parameters, retention 0.9), and
/// `fsrs::simulate` agree within 2 % on the reviews and on the sum of
/// recall at the horizon.
#[test]
fn the_fsrs_queue_agrees_with_fsrs_simulate() {
    let course = SYNTHETIC.course("surah:2-3");
    let (days, new_per_day, runs) = (120u32, 4usize, 64u64);
    let mut options = Options::new(days, 600, 1, 1);
    options.queue = QueueLimits {
        per_day: None,
        new_per_day: Some(new_per_day),
        reviews_per_day: None,
        relearn: false,
    };
    // 64 learners and seeds on each side: one run differs by about 2 % by chance.
    let (mut ours_reviews, mut ours_recall) = (0.0, 0.0);
    for seed in 0..runs {
        let run = run_learner(
            Policy::FsrsQueue,
            &course,
            LearnerProfile::AVERAGE,
            &options,
            seed,
            false,
        )
        .unwrap();
        assert!(
            run.figures.minutes_per_day < 600.0,
            "the minutes never bind"
        );
        ours_reviews += run.figures.reviews;
        ours_recall += run.figures.memorization_sum;
    }
    let config = fsrs::SimulatorConfig {
        deck_size: course.len(),
        learn_span: days as usize,
        max_cost_perday: f32::MAX,
        first_rating_prob: FIRST_RATING_PROBABILITIES.map(|p| p as f32),
        review_rating_prob: REVIEW_RATING_PROBABILITIES.map(|p| p as f32),
        learn_limit: new_per_day,
        review_limit: usize::MAX,
        new_cards_ignore_review_limit: true,
        learning_step_count: 0,
        relearning_step_count: 0,
        ..fsrs::SimulatorConfig::default()
    };
    let (mut theirs_reviews, mut theirs_recall) = (0.0, 0.0);
    for seed in 0..runs {
        let result =
            fsrs::simulate(&config, &fsrs::DEFAULT_PARAMETERS, 0.9, Some(seed), None).unwrap();
        theirs_reviews += result.review_cnt_per_day.iter().sum::<usize>() as f64;
        theirs_recall += result
            .cards
            .iter()
            .filter(|c| c.last_date.is_finite())
            .map(|c| f64::from(c.retention_on(days as f32)))
            .sum::<f64>();
    }
    let reviews = ours_reviews / theirs_reviews;
    let recall = ours_recall / theirs_recall;
    println!("reviews ×{reviews:.4}, recall at the horizon ×{recall:.4} (ours ÷ fsrs::simulate)");
    assert!(
        (reviews - 1.0).abs() < 0.02 && (recall - 1.0).abs() < 0.02,
        "reviews {ours_reviews} vs {theirs_reviews} ({reviews:.4}), recall {ours_recall:.1} vs {theirs_recall:.1} ({recall:.4})"
    );
}

/// A learner who forgets twice as fast as FSRS's defaults believe: refitted
/// every 30 days from the app's own log, the fits are made and kept (better
/// than the defaults on that log), and they change the schedule.
#[test]
fn parameters_refitted_from_the_apps_log_are_kept_when_better() {
    let course = SYNTHETIC.course("surah:78-86");
    let profile = steady(0.5);
    let mut options = Options::new(75, 15, 1, 1);
    let defaults = run_learner(Policy::FsrsQueue, &course, profile, &options, 4, false).unwrap();
    options.fit_every = Some(30);
    let fitted = run_learner(Policy::FsrsQueue, &course, profile, &options, 4, false).unwrap();
    assert_eq!(
        (defaults.figures.fits, defaults.figures.fits_kept),
        (0.0, 0.0)
    );
    assert!(fitted.figures.fits >= 1.0, "{:?}", fitted.figures);
    assert!(fitted.figures.fits_kept >= 1.0, "{:?}", fitted.figures);
    let f = &fitted.figures;
    assert!(
        f.log_loss_fitted > 0.0 && f.log_loss_fitted < f.log_loss_default,
        "the kept fit predicts the log better: {f:?}"
    );
    assert_ne!(defaults.figures, fitted.figures);
    // The traditional schedule does not use FSRS: nothing to fit.
    let traditional =
        run_learner(Policy::Traditional, &course, profile, &options, 4, false).unwrap();
    assert_eq!(traditional.figures.fits, 0.0);
}

#[test]
fn bad_options_and_goals_are_refused() {
    let course = SYNTHETIC.course("surah:112");
    for options in [
        Options::new(0, 20, 1, 1),
        Options::new(10, 0, 1, 1),
        Options::new(10, 20, 0, 1),
        Options::new(4000, 20, 1, 1),
        Options {
            fit_every: Some(0),
            ..Options::new(10, 20, 1, 1)
        },
    ] {
        assert!(simulate(&course, None, &options).is_err(), "{options:?}");
    }
    assert!(matches!(
        simulate(&course, None, &Options::new(0, 20, 1, 1)),
        Err(SimError::Days(0))
    ));
    assert!(iqrah_sim::Course::new(iqrah_core::goal::Goal::Review, SYNTHETIC.ctx()).is_err());
}

#[test]
fn iqrah_studies_each_new_verse_first_within_the_daily_cap_and_stops_when_done() {
    let course = SYNTHETIC.course("surah:50-114");
    let mut options = Options::new(6, 60, 1, 5);
    options.settings.new_verses_per_day = 3;
    let run = run_learner(Policy::Iqrah, &course, steady(1.0), &options, 99, true).unwrap();
    let mut started = HashSet::new();
    for day in &run.days {
        let studied: Vec<_> = day.answers.iter().filter(|a| a.studied).collect();
        // The daily cap, counted by the learner's day.
        assert!(studied.len() <= 3, "day {}: {}", day.day, studied.len());
        for answer in &day.answers {
            let verse = answer.item.verse();
            if started.insert(verse) {
                // A verse's first answer is its study step, never a test,
                // and it costs the study and its recitation once.
                assert_eq!(answer.exercise.kind, ExerciseType::Study, "{verse}");
                assert!(answer.studied);
                assert_eq!(answer.item.skill(), Skill::Memorization);
            } else {
                assert_ne!(answer.exercise.kind, ExerciseType::Study, "{verse}");
                assert!(!answer.studied);
            }
        }
        // With nothing due and the cap reached, the day ends early
        // ("done for today": no practice ahead).
        assert!(
            day.seconds < 60.0 * 60.0 - 120.0,
            "day {}: {}",
            day.day,
            day.seconds
        );
    }
    assert_eq!(started.len(), 18);
}

#[test]
fn iqrah_recites_passages_of_verses_that_hold_graded_from_the_learners_marks() {
    // Long enough for verses to hold and come due together.
    let course = SYNTHETIC.course("surah:78-80");
    let options = Options::new(240, 20, 1, 5);
    let run = run_learner(Policy::Iqrah, &course, steady(1.0), &options, 99, true).unwrap();
    let recited: Vec<_> = run
        .days
        .iter()
        .flat_map(|d| &d.answers)
        .filter(|a| a.exercise.kind == ExerciseType::RecitePassage)
        .collect();
    assert!(
        recited.len() >= 10,
        "passages recited: {} verses",
        recited.len()
    );
    for answer in &recited {
        assert_eq!(answer.item.skill(), Skill::Memorization);
        assert!(!answer.studied && !answer.relearning);
        // Each verse is a recitation in the truth, as recall is.
        assert_ne!(answer.truth_before, answer.truth_after);
        // The app grades from the marks: no mark is Good (never Easy), a
        // stumble Hard, a prompt (or a link not crossed) Again.
        match (answer.outcome.recalled, answer.outcome.felt) {
            (false, _) => assert_eq!(answer.outcome.grade, Rating::Again),
            (true, Rating::Hard) => {
                assert!(matches!(answer.outcome.grade, Rating::Hard | Rating::Again))
            }
            (true, _) => assert!(matches!(answer.outcome.grade, Rating::Good | Rating::Again)),
        }
    }
    // Some verses of a passage were recited unmarked while the learner felt
    // them Easy: the app recorded Good.
    assert!(
        recited
            .iter()
            .any(|a| a.outcome.felt == Rating::Easy && a.outcome.grade == Rating::Good)
    );
}

#[test]
fn a_learner_who_skips_meaning_spends_every_minute_on_recitation_and_links() {
    // A goal the minutes cannot finish, so minutes saved are minutes used.
    let course = SYNTHETIC.course("surah:50-114");
    let profile = steady(1.0);
    let mut options = Options::new(30, 15, 1, 5);
    let with = run_learner(Policy::Iqrah, &course, profile, &options, 99, true).unwrap();
    options.settings.practise_meaning = false;
    let without = run_learner(Policy::Iqrah, &course, profile, &options, 99, true).unwrap();
    let kinds = |run: &LearnerRun| -> HashSet<ExerciseType> {
        run.days
            .iter()
            .flat_map(|d| &d.answers)
            .map(|a| a.exercise.kind)
            .collect()
    };
    assert!(kinds(&with).contains(&ExerciseType::Meaning));
    let skipped = kinds(&without);
    assert!(
        skipped.iter().all(|kind| kind.skill() != Skill::Meaning),
        "{skipped:?}"
    );
    assert!(skipped.contains(&ExerciseType::Study) && skipped.contains(&ExerciseType::Recall));
    // The minutes meaning took go to verses: more are studied.
    let studied = |run: &LearnerRun| {
        run.days
            .iter()
            .flat_map(|d| &d.answers)
            .filter(|a| a.studied)
            .count()
    };
    assert!(
        studied(&without) > studied(&with),
        "{} {}",
        studied(&without),
        studied(&with)
    );
}
