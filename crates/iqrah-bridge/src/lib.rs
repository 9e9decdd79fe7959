//! Iqrah for Flutter: the session API as the free `async` functions and the
//! plain owned structs that [flutter_rust_bridge] 2.13 binds to Dart.
//!
//! Everything a Flutter app calls is in [`api`]: `init_app` once with the
//! app's data directory, then the original design's session functions
//! (`start_session`, `get_next_session_item`, `submit_session_item`,
//! `complete_session`) and the calls beside them. Every argument and result
//! is an owned `String`, integer, `bool`, `Option` or a struct of those, so
//! the code generator can mirror each one as a Dart class. Values whose shape
//! is richer than a Dart class should carry (an exercise prompt, a word diff,
//! the session summary) travel as JSON text (`exercise_json`, `diff_json`,
//! `summary_json`), in the same format as the CLI's and the web API's JSON.
//!
//! Errors are [`anyhow::Error`]s, which flutter_rust_bridge turns into Dart
//! exceptions (`AnyhowException`, whose message is the error's `{:?}`). The
//! message always starts with a stable code and a colon, the API's code
//! (`unknown_session: …`, `invalid_grade: …`, …) or one of the bridge's own:
//! `not_initialized` (a call before [`api::init_app`]), `already_initialized`
//! (`init_app` again with another directory), `invalid_answer` (answer
//! JSON that does not parse) and `invalid_setting` (a settings patch that
//! does not parse). Dart code can switch on the text before the
//! first `:`.
//!
//! # The Dart package and the generated glue
//!
//! The Dart bindings are generated from [`api`] by
//! `flutter_rust_bridge_codegen` 2.13.0 and committed: the Dart package
//! `iqrah` in the repository's `dart/` (`pubspec.yaml` pins
//! `flutter_rust_bridge: 2.13.0`; `lib/src/rust/api.dart` holds the functions
//! and classes, `frb_generated*.dart` the runtime's plumbing) and this
//! crate's private module `frb_generated`, the Rust glue that the Dart side
//! calls through the C ABI. After changing a public function or struct of
//! [`api`], run `scripts/generate-bindings` (on a machine without Dart,
//! `scripts/generate-bindings --without-dart`) and commit what it writes; the
//! test `tests/bindings.rs` fails while the committed Dart is stale. The glue
//! is the only code in Iqrah allowed `unsafe`: this crate denies it
//! (the others forbid it) and the module alone allows it.
//!
//! # Adding Iqrah to a Flutter app, step by step
//!
//! 1. **The package.** Depend on the Dart package by path (or git) in the
//!    app's `pubspec.yaml`, with the runtime at the same version:
//!
//!    ```yaml
//!    dependencies:
//!      iqrah:
//!        path: ../iqrah/dart
//!      flutter_rust_bridge: 2.13.0
//!    ```
//!
//!    and import `package:iqrah/src/rust/api.dart` and
//!    `package:iqrah/src/rust/frb_generated.dart`.
//! 2. **The native library**, built from this crate for each platform the
//!    app ships on (the crate is a `cdylib` and a `staticlib`):
//!    - Android: `cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -o
//!      android/app/src/main/jniLibs build --release -p iqrah-bridge` (the
//!      `cdylib`, `libiqrah_bridge.so`);
//!    - iOS and macOS: `cargo build --release -p iqrah-bridge --target
//!      aarch64-apple-ios` (or `aarch64-apple-darwin`), linking the
//!      `staticlib` `libiqrah_bridge.a` into the Runner (Xcode: "Link Binary
//!      With Libraries", plus `-force_load` so its symbols are kept);
//!    - Linux and Windows: `cargo build --release -p iqrah-bridge`, bundling
//!      `libiqrah_bridge.so` / `iqrah_bridge.dll` next to the executable.
//!
//!    flutter_rust_bridge's template does the same through cargokit; any of
//!    these works as long as the library comes from the same commit as the
//!    Dart package (at start-up the runtime compares the content hash both
//!    were generated with, and refuses a mismatch).
//! 3. **Load it** once in `main`, before `runApp`: `await RustLib.init();`
//!    (or `RustLib.init(externalLibrary: ExternalLibrary.open(path))` for a
//!    library outside the platform's default places; the generated default
//!    directory, `../crates/iqrah-bridge/target/release/`, suits only a
//!    desktop build run from `dart/`).
//! 4. **Open Iqrah** with the app's own directory: copy `content.sqlite3`
//!    (made by `iqrah import`, or the first `iqrah serve`) from the app's
//!    assets into it on first run, then
//!    `await initApp(dataDir: (await getApplicationSupportDirectory()).path);`
//!    which creates the learner's database there. A second `initApp` with
//!    the same directory is a no-op; another directory is
//!    `already_initialized`.
//! 5. **The design's four calls**, for the local learner `'local'`:
//!
//!    ```dart
//!    final session = await startSession(userId: 'local', goalId: 'juz:30');
//!    var item = await getNextSessionItem(sessionId: session.id);
//!    while (item != null) {
//!      // show item.exerciseJson; the learner answers and grades
//!      final result = await submitSessionItem(
//!          sessionId: session.id, nodeId: item.nodeId,
//!          grade: 3, durationMs: BigInt.from(4200));
//!      item = result.next;
//!    }
//!    final summary = await completeSession(sessionId: session.id);
//!    ```
//!
//!    and beside them `checkAnswer` (an exercise's answer checked, nothing
//!    saved), `revealWords`, `showAnswer`, `skipSessionItem`,
//!    `undoLastAnswer`, `submitPassage`, `getStatistics`, `getSettings`,
//!    `updateSettings`, `optimize` and `findGoals` (a search box: surah
//!    names in either script, `juz 30`, `page 42`, `2:255`). A tap retried after a lost reply uses
//!    `submitSessionItemOnce` with the same `idempotencyKey`, and is
//!    counted once.
//!
//! **The design's `SessionService`** is a thin Dart class over these
//! functions: it holds the current `SessionDto` and `SessionItemDto`, and
//! each of its methods is one call above (the Rust side saves every answer
//! in one transaction before it returns, so the service keeps no state
//! that could be lost). **Resume on launch**: after `initApp`, call
//! `getActiveSession(userId: 'local')`; when it returns a session,
//! `getNextSessionItem` gives the exact item that was on screen, with the
//! same exercise (choices in the same order), and the session goes on from
//! there. No session: offer to start one.
//!
//! The single app handle behind these functions is the one global in Iqrah:
//! flutter_rust_bridge calls free functions, so the bridge keeps the opened
//! [`iqrah_api::Iqrah`]; the API and the core below it take it explicitly.

pub mod api;

/// The glue flutter_rust_bridge generated from [`api`]
/// (`scripts/generate-bindings`): the C ABI entry points the Dart bindings
/// call. Not written by hand; the only code in Iqrah allowed to be unsafe.
#[allow(unsafe_code, missing_docs, clippy::all, clippy::unwrap_used)]
mod frb_generated;
