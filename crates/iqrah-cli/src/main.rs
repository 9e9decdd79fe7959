//! `iqrah`: the Quran memorization trainer's command line.
//!
//! Every command-line concern lives here; the work is done by `iqrah-api`.

mod account;
mod archive;
mod cli;
mod commands;
mod optimize;
mod output;
mod practice;
mod progress;
mod session;
mod time;

use std::process::ExitCode;

use clap::error::ErrorKind;

fn main() -> ExitCode {
    let (cli, now_source) = match cli::Cli::parse_with_sources(std::env::args_os()) {
        Ok(parsed) => parsed,
        Err(error) => return argument_error(&error),
    };
    let json_errors = cli.wants_json();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            output::print_error(json_errors, "runtime", &error.to_string());
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli, now_source)) {
        Ok(text) => match output::print_output(&text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                output::print_error(json_errors, "output", &error.to_string());
                ExitCode::FAILURE
            }
        },
        Err(failure) => {
            output::print_error(json_errors, failure.code, &failure.message);
            ExitCode::FAILURE
        }
    }
}

/// Reports a command line that does not parse. `iqrah session …` is for
/// scripts, so its argument errors are the JSON error on stderr with exit
/// code 1 like every other failure of it; elsewhere clap prints its usage
/// (and help or version requests print and succeed).
fn argument_error(error: &clap::Error) -> ExitCode {
    let is_request = matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    );
    if is_request || !cli::is_session_command(std::env::args_os()) {
        error.exit();
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let message = format!(
            "a session command is needed: one of {} (see iqrah session --help)",
            cli::session_command_names().join(", ")
        );
        output::print_error(true, "invalid_arguments", &message);
        return ExitCode::FAILURE;
    }
    let rendered = error.render().to_string();
    // clap writes "error: …" (maybe over several lines), a blank line, then
    // the usage: the message is the first paragraph on one line.
    let message = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let message = message.trim_start_matches("error: ");
    output::print_error(true, "invalid_arguments", message);
    ExitCode::FAILURE
}
