//! What the tests of the `iqrah` binary share: the binary with none of the
//! developer's `IQRAH_*` variables, in a data directory and at a fixed
//! time; a data directory holding the imported content;
//! and the reading of what a finished command printed.

// Each test binary compiles this module and uses only its own part of it.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use serde_json::Value;
use tempfile::TempDir;

/// The variables `iqrah` reads in place of its flags (`--data-dir`,
/// `--database`, `--now`, serve's `--allowed-host`). A developer's shell may
/// set any of them: every test starts without them and sets what it means.
pub const IQRAH_VARIABLES: [&str; 4] = [
    "IQRAH_DATA_DIR",
    "IQRAH_DATABASE_URL",
    "IQRAH_NOW",
    "IQRAH_ALLOWED_HOSTS",
];

/// The `iqrah` binary Cargo built for these tests.
pub fn iqrah_path() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("iqrah")
}

/// `iqrah` as a [`std::process::Command`], without [`IQRAH_VARIABLES`]: for
/// a process a test keeps running (a server it talks to, then kills), which
/// assert_cmd's run-to-the-end [`Command`] is not made for.
pub fn iqrah_process() -> std::process::Command {
    let mut command = std::process::Command::new(iqrah_path());
    for variable in IQRAH_VARIABLES {
        command.env_remove(variable);
    }
    command
}

/// `iqrah`, without [`IQRAH_VARIABLES`].
pub fn iqrah() -> Command {
    Command::from_std(iqrah_process())
}

/// `iqrah --data-dir DIR`.
pub fn iqrah_in(dir: &Path) -> Command {
    let mut command = iqrah();
    command.arg("--data-dir").arg(dir);
    command
}

/// `iqrah --data-dir DIR` with the clock at `now` (RFC 3339), given as a
/// script would give it: in `IQRAH_NOW`.
pub fn iqrah_at(dir: &Path, now: &str) -> Command {
    let mut command = iqrah_in(dir);
    command.env("IQRAH_NOW", now);
    command
}

/// A fresh data directory holding a copy of the imported content, for one
/// test (the commands open a learner database beside it).
pub fn data_dir() -> TempDir {
    iqrah_content::test_support::data_dir()
}

/// What a finished `iqrah` command printed, read after checking how it
/// ended; a failed check shows the command, its exit code, stdout and stderr.
pub trait Outcome {
    /// The stdout of a command that succeeded, as text.
    fn stdout_text(self) -> String;
    /// The JSON on stdout of a command that succeeded.
    fn stdout_json(self) -> Value;
    /// The error of a command that failed as `--json` mode and the session
    /// commands fail: exit code 1, nothing on stdout, and one
    /// `{"error":{"code","message"}}` on stderr with a message.
    fn json_error(self) -> Value;
    /// The code of the [`json_error`](Outcome::json_error).
    fn error_code(self) -> String;
}

impl Outcome for Assert {
    #[track_caller]
    fn stdout_text(self) -> String {
        let assert = self.success();
        String::from_utf8(assert.get_output().stdout.clone())
            .unwrap_or_else(|error| panic!("stdout is not UTF-8 ({error}):\n{assert}"))
    }

    #[track_caller]
    fn stdout_json(self) -> Value {
        let assert = self.success();
        serde_json::from_slice(&assert.get_output().stdout)
            .unwrap_or_else(|error| panic!("no JSON on stdout ({error}):\n{assert}"))
    }

    #[track_caller]
    fn json_error(self) -> Value {
        let assert = self.code(1).stdout("");
        let error: Value = serde_json::from_slice(&assert.get_output().stderr)
            .unwrap_or_else(|error| panic!("no JSON error on stderr ({error}):\n{assert}"));
        assert!(
            error["error"]["code"].is_string()
                && error["error"]["message"]
                    .as_str()
                    .is_some_and(|message| !message.is_empty()),
            "an error has a code and a message: {error}"
        );
        error
    }

    #[track_caller]
    fn error_code(self) -> String {
        self.json_error()["error"]["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}
