//! The real Quran text and its English translation, read once per process
//! from the checkout's quran-json package (`iqrah_content::test_support`).

use std::sync::LazyLock;

use iqrah_content::ContentPackage;
use iqrah_core::exercise::{ExerciseContext, ExerciseIndex};
use iqrah_quran::{Quran, Translation};

/// The text, the translation exercises use, and their index.
struct Content {
    quran: Quran,
    translation: Translation,
    index: ExerciseIndex,
}

static CONTENT: LazyLock<Content> = LazyLock::new(|| {
    let ContentPackage {
        quran,
        translations,
        ..
    } = iqrah_content::read_package(&iqrah_content::test_support::package_dir())
        .expect("the quran-json package of data/ reads (npm ci --prefix data)");
    let translation = translations
        .into_iter()
        .find(|t| t.info().language == "en")
        .expect("the package has an English translation");
    let index = ExerciseIndex::new(&quran, &translation);
    Content {
        quran,
        translation,
        index,
    }
});

/// What exercise generation reads, over the real text.
pub(crate) fn context() -> ExerciseContext<'static> {
    let content = &*CONTENT;
    ExerciseContext::new(&content.quran, &content.translation, &content.index)
}

/// The real text.
pub(crate) fn quran() -> &'static Quran {
    &CONTENT.quran
}
