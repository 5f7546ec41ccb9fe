//! `extension validate` and `extension generate`: the Azure ML extension's spec checked, and
//! its commands and documents written, through the core's extension questions.

use std::path::PathBuf;
use std::process::ExitCode;

use amlattach::dated::Now;
use amlattach::extension::{ExtensionSpec, Tls};
use amlattach::generate::extension_targets;
use amlattach::request::{self, Checked, Given, PemFiles};

use crate::args::{ExtensionCommand, GenerateArgs, SpecArgs, ValidateArgs};
use crate::input;
use crate::output::print_report;
use crate::validate::{read_documents, report_unreadable_context, ValidateOutput};

/// The most a PEM file may hold: a long chain is a few KB.
const MAX_PEM_BYTES: usize = 1 << 20;

/// Runs `command`.
pub fn run(command: ExtensionCommand, now: Now) -> ExitCode {
    match command {
        ExtensionCommand::Validate(args) => validate(&args, now),
        ExtensionCommand::Generate(args) => generate(&args, now),
    }
}

/// The spec checked; when it names PEM files that can be read, checked again with them.
fn check(args: &SpecArgs, now: Now) -> Result<Checked<ExtensionSpec>, ExitCode> {
    let (spec, context) = read_documents(args)?;
    let ask = |pem: Option<PemFiles<'_>>| {
        request::validate_extension(
            Given::Text(&spec),
            context.as_deref().map(Given::Text),
            &args.workspace(),
            pem,
            now,
        )
    };
    let checked = ask(None);
    if checked.context_unreadable {
        report_unreadable_context(args.context.as_ref(), &checked.report);
        return Err(ExitCode::from(2));
    }
    let files = checked
        .spec
        .as_ref()
        .and_then(|s| match s.inference.as_ref().map(|i| &i.tls) {
            Some(Tls::Files { cert, key, .. }) => Some((PathBuf::from(cert), PathBuf::from(key))),
            _ => None,
        });
    let Some((cert_path, key_path)) = files else {
        return Ok(checked);
    };
    let (Ok(cert), Ok(key)) = (
        input::read_capped(Some(&cert_path), MAX_PEM_BYTES),
        input::read_capped(Some(&key_path), MAX_PEM_BYTES),
    ) else {
        errln!("amlattach: the PEM files could not be read, so the certificate was not checked");
        return Ok(checked);
    };
    Ok(ask(Some(PemFiles {
        cert: &cert,
        key: &key,
    })))
}

fn validate(args: &ValidateArgs, now: Now) -> ExitCode {
    let checked = match check(&args.spec, now) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let label = input::label(args.spec.file.as_ref());
    let json = ValidateOutput {
        ok: checked.report.ok,
        diagnostics: &checked.report.diagnostics,
        normalized: checked.spec.as_ref().map(ExtensionSpec::normalized),
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

fn generate(args: &GenerateArgs, now: Now) -> ExitCode {
    if args.list_targets {
        for info in extension_targets() {
            outln!("{:<18} {}", info.id, info.label);
        }
        return ExitCode::SUCCESS;
    }
    if args.extension.is_some() {
        errln!("amlattach: --extension names the extension spec for `generate`'s runbooks; here the spec is the extension's own");
        return ExitCode::from(2);
    }
    let target = match request::extension_target(args.target.as_deref().unwrap_or_default()) {
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
    let generated = request::generate_extension(
        Given::Text(&spec),
        context.as_deref().map(Given::Text),
        &args.spec.workspace(),
        target,
        args.shell.shell(),
        now,
    );
    crate::generate::print_generated(generated, args)
}
