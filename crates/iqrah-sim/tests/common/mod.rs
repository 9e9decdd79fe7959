//! Shared fixtures: a synthetic full Quran (made-up words, real structure),
//! so the simulator's tests do not depend on the content package.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_core::goal::Goal;
use iqrah_quran::{Quran, Translation};
use iqrah_sim::Course;

/// The synthetic text, its translation and index.
pub struct Fixture {
    pub quran: Quran,
    pub translation: Translation,
    pub index: ExerciseIndex,
}

impl Fixture {
    pub fn ctx(&self) -> ExerciseContext<'_> {
        ExerciseContext::new(&self.quran, &self.translation, &self.index)
    }

    pub fn course(&self, goal: &str) -> Course<'_> {
        Course::new(goal.parse::<Goal>().unwrap(), self.ctx()).unwrap()
    }
}

pub static SYNTHETIC: LazyLock<Fixture> = LazyLock::new(|| {
    let (quran, translation) = synthetic_quran();
    let index = ExerciseIndex::new(&quran, &translation);
    Fixture {
        quran,
        translation,
        index,
    }
});

/// The synthetic full Quran of `iqrah_quran::synthetic`.
pub fn synthetic_quran() -> (Quran, Translation) {
    iqrah_quran::synthetic::quran().expect("the synthetic Quran is valid")
}
