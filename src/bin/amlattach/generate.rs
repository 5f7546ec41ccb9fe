//! `generate`: the commands, code or document for a valid spec, or the list of targets.

use std::process::ExitCode;

use amlattach::dated::Now;
use amlattach::diagnostic::Report;
use amlattach::generate::{targets, Applies, Output};
use amlattach::request::{self, Given, RequestError};

use crate::args::GenerateArgs;
use crate::input;
use crate::output::print_problems;
use crate::validate::{read_documents, report_unreadable_context};

/// Prints the target's text; 1 (problems on stderr) when the spec has errors, 2 when an input
/// cannot be used.
pub fn run(args: &GenerateArgs, now: Now) -> ExitCode {
    if args.list_targets {
        for info in targets() {
            let applies = match info.applies {
                Applies::Kubernetes => "v2",
                Applies::Aks => "v1",
                Applies::Both => "v1, v2",
            };
            outln!("{:<12} {:<26} for {applies}", info.id, info.label);
        }
        return ExitCode::SUCCESS;
    }
    let target = match request::target(args.target.as_deref().unwrap_or_default()) {
        Ok(target) => target,
        Err(error) => {
            errln!("amlattach: {error}");
            return ExitCode::from(2);
        }
    };
    let (spec, context) = match read_documents(&args.spec) {
        Ok(texts) => texts,
        Err(code) => return code,
    };
    let extension = match &args.extension {
        Some(path) => match input::read_capped(Some(path), amlattach::document::MAX_TEXT_BYTES) {
            Ok(text) => Some(text),
            Err(code) => return code,
        },
        None => None,
    };
    let generated = request::generate(
        Given::Text(&spec),
        context.as_deref().map(Given::Text),
        extension.as_deref().map(Given::Text),
        &args.spec.workspace(),
        target,
        args.shell.shell(),
        now,
    );
    print_generated(generated, args)
}

/// Prints what a generate question answered (`generate`, `extension generate`): the text, or
/// the spec's problems with exit 1, or 2 when an input cannot be used.
pub fn print_generated(generated: Result<Output, RequestError>, args: &GenerateArgs) -> ExitCode {
    match generated {
        Ok(output) => {
            out!("{}", output.text);
            ExitCode::SUCCESS
        }
        Err(RequestError::ContextUnreadable(report)) => {
            report_unreadable_context(args.spec.context.as_ref(), &report);
            ExitCode::from(2)
        }
        Err(error) => {
            if let Some(report) = error.report() {
                // The extension spec's problems (under `extension.`) are about its own file.
                let (extension, spec): (Vec<_>, Vec<_>) = report
                    .diagnostics
                    .iter()
                    .cloned()
                    .partition(|d| args.extension.is_some() && d.path.starts_with("extension"));
                print_problems(&Report::new(spec), &input::label(args.spec.file.as_ref()));
                let extension = extension
                    .into_iter()
                    .map(|mut d| {
                        d.path = d
                            .path
                            .trim_start_matches("extension")
                            .trim_start_matches('.')
                            .to_owned();
                        d
                    })
                    .collect();
                print_problems(
                    &Report::new(extension),
                    &input::label(args.extension.as_ref()),
                );
            }
            errln!("amlattach: the spec has errors; nothing generated");
            if error.is_unreadable() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
