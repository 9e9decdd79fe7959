//! Printing results and errors.

use std::io::Write;

use serde::Serialize;

/// Prints an error on stderr: one line of text, or `{"error":{"code","message"}}` in JSON mode.
pub fn print_error(json: bool, code: &str, message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = if json {
        let body = serde_json::json!({ "error": { "code": code, "message": message } });
        writeln!(stderr, "{body}")
    } else {
        writeln!(stderr, "error: {message}")
    };
}

/// A value as pretty JSON, ending with a newline.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// Writes a command's output on stdout. A closed pipe (`iqrah surahs | head`)
/// is not an error: the reader has what it wanted.
pub fn print_output(text: &str) -> std::io::Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error),
        _ => Ok(()),
    }
}
