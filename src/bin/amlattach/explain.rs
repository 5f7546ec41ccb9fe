//! `explain`: the troubleshooter over the error text a failed attach printed.

use std::process::ExitCode;

use amlattach::dated::Now;
use amlattach::explain::render_text;
use amlattach::request::{self, Given, RequestError};

use crate::args::{ExplainArgs, Output};
use crate::input::{self, Overflow};
use crate::output::{print_json, print_problems};
use crate::validate::report_unreadable_context;

/// 0 when a known failure matched, 1 when none did, 2 when the input, the spec, the context or
/// the workspace options cannot be used.
pub fn run(args: &ExplainArgs, now: Now) -> ExitCode {
    let stdin = |path: Option<&std::path::PathBuf>| path.is_none_or(|p| p.as_os_str() == "-");
    if args.spec.is_some() && stdin(args.spec.as_ref()) && stdin(args.file.as_ref()) {
        errln!("amlattach: the error text and --spec cannot both be read from standard input");
        return ExitCode::from(2);
    }
    let text = match input::read(
        args.file.as_deref(),
        amlattach::explain::MAX_INPUT_BYTES,
        Overflow::Cut,
    ) {
        Ok(text) => text,
        Err(message) => {
            errln!(
                "amlattach: cannot read {}: {message}",
                input::label(args.file.as_ref())
            );
            return ExitCode::from(2);
        }
    };
    let cap = amlattach::document::MAX_TEXT_BYTES;
    let spec = match &args.spec {
        Some(path) => match input::read_capped(Some(path), cap) {
            Ok(spec) => Some(spec),
            Err(code) => return code,
        },
        None => None,
    };
    let context = match &args.context {
        Some(path) => match input::read_capped(Some(path), cap) {
            Ok(context) => Some(context),
            Err(code) => return code,
        },
        None => None,
    };
    let explained = request::explain(
        &text,
        spec.as_deref().map(Given::Text),
        context.as_deref().map(Given::Text),
        &args.workspace(),
        args.shell.shell(),
        now,
    );
    let explained = match explained {
        Ok(explained) => explained,
        Err(RequestError::ContextUnreadable(report)) => {
            report_unreadable_context(args.context.as_ref(), &report);
            return ExitCode::from(2);
        }
        Err(error) => {
            errln!("amlattach: {error}");
            return ExitCode::from(2);
        }
    };
    if !explained.workspace_problems.is_empty() {
        for d in &explained.workspace_problems {
            errln!("amlattach: {d}");
        }
        return ExitCode::from(2);
    }
    if let Some(problem) = &explained.spec_problems {
        if let Some(report) = problem.report() {
            print_problems(report, &input::label(args.spec.as_ref()));
        }
        errln!("amlattach: the spec has errors; fix them or leave out --spec");
        return ExitCode::from(2);
    }
    match args.output {
        Output::Json => {
            if !print_json(&explained.explanation) {
                return ExitCode::from(2);
            }
        }
        Output::Text => out!("{}", render_text(&explained.explanation)),
    }
    if explained.explanation.matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
