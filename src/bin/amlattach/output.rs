//! How a command's answer reaches the terminal: JSON for scripts, the core's text for people,
//! and the exit code (0 no error, 1 errors, 2 input that cannot be used).

use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;

use amlattach::diagnostic::{render_diagnostics, render_report};
use amlattach::Report;

/// How to print a command's answer.
#[derive(Clone, Copy, ValueEnum)]
pub enum Output {
    /// One line per problem, for people.
    Text,
    /// The report as JSON, for scripts.
    Json,
}

/// Prints `value` as pretty JSON; false (after saying why) when it cannot be written.
pub fn print_json<T: Serialize>(value: &T) -> bool {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            outln!("{json}");
            true
        }
        Err(error) => {
            errln!("amlattach: cannot write JSON: {error}");
            false
        }
    }
}

/// 0 when the report has no error, 1 when it has.
pub fn exit_code(report: &Report) -> ExitCode {
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints `report` as text (each problem with `label` and line, then `ok_line` or the counts)
/// or as `json`, and turns it into the exit code.
pub fn print_report<T: Serialize>(
    output: Output,
    label: &str,
    report: &Report,
    json: &T,
    ok_line: &str,
) -> ExitCode {
    match output {
        Output::Json => {
            if !print_json(json) {
                return ExitCode::from(2);
            }
        }
        Output::Text => out!("{}", render_report(report, label, ok_line)),
    }
    exit_code(report)
}

/// The spec's problems on standard error, before a command that needs a valid spec gives up.
pub fn print_problems(report: &Report, label: &str) {
    let text = render_diagnostics(report, label);
    if !text.is_empty() {
        errln!("{}", text.trim_end());
    }
}
