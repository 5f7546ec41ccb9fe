//! `facts`: every dated fact the tool relies on, with its date and source, worded as of now.

use std::process::ExitCode;

use amlattach::dated::{self, Now};

use crate::args::Output;
use crate::output::print_json;

/// Prints the table (or JSON) of dated facts as of `now`.
pub fn run(output: Output, now: Now) -> ExitCode {
    match output {
        Output::Json => {
            if print_json(&dated::facts_as_of(now)) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Output::Text => {
            out!("{}", dated::render_facts(now));
            ExitCode::SUCCESS
        }
    }
}
