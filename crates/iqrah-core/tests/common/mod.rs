//! Shared test fixtures: the real Quran (loaded once per test binary) and a
//! synthetic full Quran for tests that must not depend on the package.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use iqrah_content::ContentPackage;
use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_quran::{Quran, Translation};

/// The installed quran-json package.
pub const PACKAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/node_modules/quran-json"
);

/// The real text and its English translation, with the exercise index.
pub struct Fixture {
    pub quran: Quran,
    pub translation: Translation,
    pub index: ExerciseIndex,
}

impl Fixture {
    pub fn ctx(&self) -> ExerciseContext<'_> {
        ExerciseContext::new(&self.quran, &self.translation, &self.index)
    }

    fn new(quran: Quran, translation: Translation) -> Self {
        let index = ExerciseIndex::new(&quran, &translation);
        Fixture {
            quran,
            translation,
            index,
        }
    }
}

pub static REAL: LazyLock<Fixture> = LazyLock::new(|| {
    let ContentPackage {
        quran,
        translations,
        ..
    } = iqrah_content::read_package(std::path::Path::new(PACKAGE))
        .expect("quran-json is installed under data/");
    let english = translations
        .into_iter()
        .find(|t| t.info().language == "en")
        .expect("an English translation");
    Fixture::new(quran, english)
});

pub static SYNTHETIC: LazyLock<Fixture> = LazyLock::new(|| {
    let (quran, translation) = synthetic_quran();
    Fixture::new(quran, translation)
});

/// The synthetic full Quran of `iqrah_quran::synthetic`.
pub fn synthetic_quran() -> (Quran, Translation) {
    iqrah_quran::synthetic::quran().expect("the synthetic Quran is valid")
}
