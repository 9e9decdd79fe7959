//! Placement, then practice: the app's beliefs of what a learner placed
//! start from a self-report and move toward the learner's true memory as
//! the first reviews come (docs/placement.md records the figures).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use iqrah_core::placement::Mark;
use iqrah_sim::{Options, PlacedTruth, learner_profile, learner_seed, run_placed};

use common::SYNTHETIC;

/// The days of practice after placement.
const DAYS: u32 = 60;
/// The learners.
const LEARNERS: u32 = 12;

#[test]
fn placement_and_the_first_reviews_converge_to_the_true_memory() {
    let course = SYNTHETIC.course("juz:30");
    let marks: Vec<Mark> = [
        "surah:93-114=solid",
        "surah:80-92=shaky",
        "surah:78-79=rusty",
    ]
    .iter()
    .map(|m| m.parse().unwrap())
    .collect();
    let options = Options::new(DAYS, 20, LEARNERS, 1);
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut reviewed = 0.0;
    for learner in 0..LEARNERS {
        // Learners who rate themselves from three times too well to three
        // times too modestly, each item off by up to a factor 1.5 either way.
        let bias = [1.0 / 3.0, 0.5, 1.0, 2.0, 3.0][learner as usize % 5];
        let truth = PlacedTruth {
            report_bias: bias,
            item_spread: (1.0 / 1.5, 1.5),
            elapsed: (0.0, 1.0),
            rusty_elapsed: (1.0, 3.0),
        };
        let gap = run_placed(
            &course,
            learner_profile(1, learner),
            &options,
            learner_seed(1, learner),
            &marks,
            &truth,
        )
        .unwrap();
        assert_eq!(gap.items, 564 + 564 - 37, "every verse and link of juz 30");
        before.push(gap.before);
        after.push(gap.after);
        reviewed += gap.reviewed as f64 / gap.items as f64;
        println!(
            "learner {learner} (bias {bias:.2}): gap {:.3} → {:.3}, {:.0} % of the placed items reviewed",
            gap.before,
            gap.after,
            100.0 * gap.reviewed as f64 / gap.items as f64
        );
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (before, after) = (mean(&before), mean(&after));
    println!(
        "mean |predicted − true recall| of the placed items: day 0 {before:.3}, day {DAYS} {after:.3} (×{:.2}); {:.0} % reviewed",
        after / before,
        100.0 * reviewed / f64::from(LEARNERS)
    );
    assert!(
        after < 0.7 * before,
        "the first reviews correct the self-report: {before:.3} → {after:.3}"
    );
}
