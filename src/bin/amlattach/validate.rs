//! `validate` and `validate-name`: a spec (or a compute name) checked, every problem printed.

use std::process::ExitCode;

use serde::Serialize;

use amlattach::dated::Now;
use amlattach::request::{self, Checked, Given};
use amlattach::{Diagnostic, Report};

use crate::args::{Output, SpecArgs, ValidateArgs};
use crate::input;
use crate::output::print_report;

/// What `validate` and `extension validate` print with `--output json`.
#[derive(Serialize)]
pub struct ValidateOutput<'a> {
    pub ok: bool,
    pub diagnostics: &'a [Diagnostic],
    pub normalized: Option<serde_json::Value>,
}

/// The spec and context files `args` names, as text; `Err` is the exit code after a file that
/// cannot be read was reported.
pub fn read_documents(args: &SpecArgs) -> Result<(String, Option<String>), ExitCode> {
    let spec = input::read_capped(args.file.as_ref(), amlattach::document::MAX_TEXT_BYTES)?;
    let context = match &args.context {
        Some(path) => Some(input::read_capped(
            Some(path),
            amlattach::document::MAX_TEXT_BYTES,
        )?),
        None => None,
    };
    Ok((spec, context))
}

/// The spec and context files `args` names, checked with its workspace options; `Err` is the
/// exit code after a file that cannot be read or parsed was reported.
fn check(args: &SpecArgs, now: Now) -> Result<Checked, ExitCode> {
    let (spec, context) = read_documents(args)?;
    let checked = request::validate(
        Given::Text(&spec),
        context.as_deref().map(Given::Text),
        &args.workspace(),
        now,
    );
    if checked.context_unreadable {
        report_unreadable_context(args.context.as_ref(), &checked.report);
        return Err(ExitCode::from(2));
    }
    Ok(checked)
}

/// A context file that is not YAML or JSON: its path and what is wrong.
pub fn report_unreadable_context(path: Option<&std::path::PathBuf>, report: &Report) {
    let label = input::label(path);
    for d in report.diagnostics.iter().filter(|d| d.path == "context") {
        errln!("amlattach: {label}: {}", d.message);
    }
}

/// `validate`: 0 without errors, 1 with errors, 2 when the spec cannot be read.
pub fn run(args: &ValidateArgs, now: Now) -> ExitCode {
    let checked = match check(&args.spec, now) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let label = input::label(args.spec.file.as_ref());
    let json = ValidateOutput {
        ok: checked.report.ok,
        diagnostics: &checked.report.diagnostics,
        normalized: checked.spec.as_ref().map(|s| s.normalized()),
    };
    let code = print_report(
        args.output,
        &label,
        &checked.report,
        &json,
        &format!("{label}: no errors"),
    );
    if checked.spec_unreadable {
        ExitCode::from(2)
    } else {
        code
    }
}

/// `validate-name`: 0 for a valid compute name, 1 otherwise.
pub fn run_name(name: &str, output: Output) -> ExitCode {
    let report = amlattach::validate_compute_name(name);
    print_report(
        output,
        "",
        &report,
        &report,
        &format!("'{name}' is a valid compute name"),
    )
}
