//! `versions`: `az aks get-versions` output read, and with `--check` one version judged.

use std::process::ExitCode;

use serde::Serialize;

use amlattach::dated::Now;
use amlattach::request::{self, Given};
use amlattach::support::Plan;
use amlattach::versions::{render_check, render_list, VersionCheck, VersionList};
use amlattach::{Diagnostic, Report};

use crate::args::{Output, VersionsArgs};
use crate::input;
use crate::output::print_report;

/// What `versions --output json` prints.
#[derive(Serialize)]
struct VersionsOutput<'a> {
    ok: bool,
    list: Option<&'a VersionList>,
    diagnostics: &'a [Diagnostic],
    check: Option<&'a VersionCheck>,
}

/// 0 when no problem is an error, 1 when one is, 2 when the input cannot be read.
pub fn run(args: &VersionsArgs, now: Now) -> ExitCode {
    let label = input::label(args.file.as_ref());
    let text = match input::read_capped(args.file.as_ref(), amlattach::versions::MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let parsed = request::parse_versions(&text);
    let check = match (&parsed.list, &args.check) {
        (Some(_), Some(version)) => {
            let plan = Plan::of(args.tier.as_deref(), args.support_plan.as_deref());
            request::check_version(Given::Text(&text), version, plan, now).ok()
        }
        _ => None,
    };
    let mut diagnostics = parsed.diagnostics.clone();
    if let Some(check) = &check {
        diagnostics.extend(check.diagnostics.iter().cloned());
    }
    let report = Report::new(diagnostics);
    if let Output::Text = args.output {
        if let Some(list) = &parsed.list {
            out!("{}", render_list(list));
        }
        if let Some(check) = &check {
            out!("{}", render_check(check));
        }
    }
    let json = VersionsOutput {
        ok: report.ok,
        list: parsed.list.as_ref(),
        diagnostics: &parsed.diagnostics,
        check: check.as_ref(),
    };
    print_report(
        args.output,
        &label,
        &report,
        &json,
        &format!("{label}: no errors"),
    )
}
