//! `iqrah`: the Quran memorization trainer's command line.
//!
//! Every command-line concern lives here; the work is done by `iqrah-api`.

mod bench;
mod cli;
mod commands;
mod output;
mod practice;
mod progress;
mod session;
mod simulate;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
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
    match runtime.block_on(commands::run(cli)) {
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
