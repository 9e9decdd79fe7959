//! The one content fixture of Iqrah's tests (feature `test-support`): the
//! real text of the checkout's pinned quran-json package, imported once per
//! test process, and fresh data directories holding a copy of it.
//!
//! Test crates take this crate as a dev-dependency with
//! `features = ["test-support"]`. Everything here panics on failure: a
//! fixture that cannot be made is a failed test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::CONTENT_FILE_NAME;

/// The checkout's quran-json package (`data/node_modules/quran-json`,
/// installed by `npm ci --prefix data`).
pub fn package_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/node_modules/quran-json")
}

/// The content database imported once, in a temporary directory kept for
/// the process's life.
static IMPORTED: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let target = dir.path().join(CONTENT_FILE_NAME);
    let import_target = target.clone();
    // On a thread and runtime of its own: callers may be inside a runtime
    // (and the import's future is not `Send`).
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        runtime
            .block_on(crate::import(&package_dir(), &import_target, |_| {}))
            .expect("the quran-json package of data/ imports");
    })
    .join()
    .expect("the import thread");
    (dir, target)
});

/// The imported content database (made on the first call).
pub fn content_file() -> &'static Path {
    &IMPORTED.1
}

/// Copies the imported content database into `dir` as
/// [`CONTENT_FILE_NAME`], as an installed app holds it.
pub fn copy_content_into(dir: &Path) {
    std::fs::copy(content_file(), dir.join(CONTENT_FILE_NAME)).expect("copy the content database");
}

/// A fresh temporary data directory holding a copy of the content.
pub fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    copy_content_into(dir.path());
    dir
}
