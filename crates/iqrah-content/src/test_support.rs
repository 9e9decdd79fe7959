//! The one content fixture of Iqrah's tests (feature `test-support`): the
//! real text of the checkout's pinned quran-json package, imported once per
//! build of each test binary, and fresh data directories holding a copy of it.
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

/// The content database, imported once per build of the running test
/// binary and shared by all its processes (nextest runs each test in a
/// process of its own).
///
/// It lives beside the binary, in `iqrah-fixtures/` of the target
/// directory, named after the binary and its modification time: a rebuild
/// imports afresh and removes the fixture of the build before it, and
/// nothing is left in the system's temporary directory. The import is made
/// in a temporary directory and renamed into place, so a process never sees
/// a half-written file; when two processes race, the first rename wins and
/// the other's copy is dropped.
static IMPORTED: LazyLock<PathBuf> = LazyLock::new(|| {
    let exe = std::env::current_exe().expect("the test binary's path");
    let modified = std::fs::metadata(&exe)
        .and_then(|meta| meta.modified())
        .expect("the test binary's modification time")
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a modification time after 1970")
        .as_nanos();
    let stem = exe
        .file_stem()
        .and_then(|stem| stem.to_str())
        .expect("a test binary named in UTF-8")
        .to_owned();
    let fixtures = exe
        .parent()
        .expect("the test binary's directory")
        .join("iqrah-fixtures");
    let kept = fixtures.join(format!("{stem}-{modified}"));
    let target = kept.join(CONTENT_FILE_NAME);
    if target.is_file() {
        return target;
    }
    std::fs::create_dir_all(&fixtures).expect("the fixtures directory");
    let making = tempfile::Builder::new()
        .prefix(".making-")
        .tempdir_in(&fixtures)
        .expect("a temporary directory for the import");
    import_into(&making.path().join(CONTENT_FILE_NAME));
    // A rename onto a directory another process has just filled fails; its
    // import is as good as ours, which `making` removes when dropped.
    if std::fs::rename(making.path(), &kept).is_ok() {
        remove_earlier_builds(&fixtures, &stem, &kept);
    }
    assert!(
        target.is_file(),
        "the imported content at {}",
        target.display()
    );
    target
});

/// Imports the checkout's quran-json package into `target`, on a thread and
/// runtime of its own: callers may be inside a runtime (and the import's
/// future is not `Send`).
fn import_into(target: &Path) {
    let target = target.to_owned();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        runtime
            .block_on(crate::import(&package_dir(), &target, |_| {}))
            .expect("the quran-json package of data/ imports");
    })
    .join()
    .expect("the import thread");
}

/// Removes the fixtures that earlier builds of the binary named `stem`
/// left in `fixtures`, keeping `kept`.
fn remove_earlier_builds(fixtures: &Path, stem: &str, kept: &Path) {
    let Ok(entries) = std::fs::read_dir(fixtures) else {
        return;
    };
    let prefix = format!("{stem}-");
    for entry in entries.flatten() {
        let path = entry.path();
        let earlier = entry
            .file_name()
            .to_str()
            .and_then(|name| name.strip_prefix(&prefix))
            .is_some_and(|rest| rest.bytes().all(|byte| byte.is_ascii_digit()));
        if earlier && path != kept {
            // Best effort: a fixture still being read elsewhere stays.
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The imported content database (made on the first call).
pub fn content_file() -> &'static Path {
    &IMPORTED
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
