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
//! # Generating the Dart bindings
//!
//! This crate builds and is tested without Dart: [`api`] is plain Rust that
//! the code generator scans, and the crate depends on flutter_rust_bridge's
//! runtime, with the features its generated code uses for `async` functions
//! returning `anyhow::Result` (`rust-async`, `thread-pool`, `anyhow`). In the
//! Flutter app, with Flutter and `flutter_rust_bridge_codegen` 2.13.0
//! installed (`cargo install flutter_rust_bridge_codegen --version 2.13.0`),
//! a `flutter_rust_bridge.yaml` next to `pubspec.yaml` such as
//!
//! ```yaml
//! rust_input: crate::api
//! rust_root: ../iqrah/crates/iqrah-bridge
//! dart_output: lib/src/rust
//! ```
//!
//! and `flutter_rust_bridge_codegen generate` writes the Dart classes and
//! `src/frb_generated.rs` here, adding `mod frb_generated;` to this file; the
//! generated glue is not checked in (it belongs to the Flutter app's build,
//! and changes with every function added here). The library is built as a
//! `cdylib` (Android, Linux, Windows) and a `staticlib` (iOS, macOS).
//!
//! On the Dart side, after `await RustLib.init()`:
//!
//! ```dart
//! await initApp(dataDir: (await getApplicationSupportDirectory()).path);
//! final session = await startSession(userId: 'local', goalId: 'juz:30');
//! final item = await getNextSessionItem(sessionId: session.id);
//! ```
//!
//! The content database (`content.sqlite3`) must be in the data directory (an
//! app copies it from its assets on first run); the learner's database is
//! created there by `init_app`.
//!
//! The single app handle behind these functions is the one global in Iqrah:
//! flutter_rust_bridge calls free functions, so the bridge keeps the opened
//! [`iqrah_api::Iqrah`]; the API and the core below it take it explicitly.

pub mod api;
