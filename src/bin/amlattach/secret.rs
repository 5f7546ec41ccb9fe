//! `secret`: the `azuremlfessl` secret decoded, its certificates and key checked, and with
//! `--out` written to `cert.pem` and `key.pem`.

use std::process::ExitCode;

use serde::Serialize;

use amlattach::dated::Now;
use amlattach::request;
use amlattach::secret::{render_text, SecretSummary};
use amlattach::Report;

use crate::args::{Output, SecretArgs};
use crate::input;
use crate::output::print_report;

/// What `secret --output json` prints: the facts, never the key, and the files written.
#[derive(Serialize)]
struct SecretOutput<'a> {
    #[serde(flatten)]
    facts: SecretSummary<'a>,
    written: &'a [String],
}

/// 0 when no problem is an error, 1 when one is, 2 when the input or `--out` cannot be used.
pub fn run(args: &SecretArgs, now: Now) -> ExitCode {
    let label = input::label(args.file.as_ref());
    let text = match input::read_capped(args.file.as_ref(), amlattach::secret::MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let decoded = request::decode_secret(&text, args.cname.clone(), now);
    // Each written path, and the secret's entry it holds.
    let (mut written, mut entries) = (Vec::new(), Vec::new());
    if let Some(dir) = &args.out {
        match crate::files::write_pems(dir, &decoded) {
            Ok(files) => (written, entries) = files.into_iter().unzip(),
            Err(message) => {
                errln!("amlattach: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let report = Report::new(decoded.diagnostics.clone());
    if let Output::Text = args.output {
        out!("{}", render_text(&decoded));
        // `--out` always writes cert.pem and key.pem, the names Azure ML reads; say where
        // each came from when the secret named them otherwise.
        for (path, entry) in written.iter().zip(&entries) {
            if path.ends_with(entry) {
                outln!("wrote {path}");
            } else {
                outln!("wrote {path} (from the secret's {entry})");
            }
        }
    }
    let json = SecretOutput {
        facts: decoded.summary(),
        written: &written,
    };
    print_report(
        args.output,
        &label,
        &report,
        &json,
        &format!("{label}: no errors"),
    )
}
