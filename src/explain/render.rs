//! The explanation as text for people (the CLI's default output): each failure with its
//! confidence, evidence, causes, fix commands and sources; or the generic checks.

use std::fmt::Write as _;

use super::{Bearing, Explanation, Fix, SignalKind, Verdict};

/// One setting at fault: its key, its value and where it was read, the fix's value, and why.
fn setting_line(setting: &super::SettingAtFault) -> String {
    let mut line = setting.key.to_owned();
    match (&setting.value, setting.value_from, setting.default) {
        (Some(value), Some(from), _) => {
            let from = if from == "command" {
                "in your command"
            } else {
                "installed"
            };
            let _ = write!(line, "={value} ({from})");
        }
        (None, _, Some(default)) => {
            let _ = write!(line, " (not set: the default {default})");
        }
        _ => {}
    }
    if let Some(ignored) = &setting.ignored {
        let _ = write!(line, " (your command's {ignored} is not read as it)");
    }
    if let Some(fix) = setting.fix_value {
        let _ = write!(line, ", the fix sets {fix}");
    }
    let _ = write!(line, ": {}", setting.why);
    line
}

/// The explanation as text, ending in a newline.
pub fn render_text(explanation: &Explanation) -> String {
    let mut out = String::new();
    let input = &explanation.input;
    let mut about = format!("input: {}, {} bytes", kind_name(input), input.bytes);
    if input.redactions > 0 {
        let _ = write!(about, ", {} secret(s) redacted", input.redactions);
    }
    for note in &explanation.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if explanation.matches.is_empty() {
        let _ = writeln!(out, "no known failure matched ({about})");
    } else {
        let _ = writeln!(
            out,
            "{} known failure(s) matched ({about})",
            explanation.matches.len()
        );
    }
    if !explanation.read_from_text.is_empty() {
        let _ = writeln!(
            out,
            "read from the text: {}",
            explanation.read_from_text.join("; ")
        );
    }
    for (index, m) in explanation.matches.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}. [{}] {}: {}",
            index + 1,
            m.confidence.as_str(),
            m.id,
            m.title
        );
        let _ = writeln!(out, "   evidence:");
        for e in &m.evidence {
            let kind = match e.kind {
                SignalKind::Code => "code",
                SignalKind::Message => "message",
                SignalKind::Hint => "hint",
                SignalKind::AdditionalInfo => "additionalInfo",
                SignalKind::Structure => "fact",
            };
            let _ = writeln!(
                out,
                "     line {}, column {}: {kind} \"{}\": {}",
                e.line, e.column, e.pattern, e.excerpt
            );
        }
        if m.evidence.is_empty() {
            let _ = writeln!(out, "     (the code, read from the JSON)");
        }
        if !m.settings.is_empty() {
            let _ = writeln!(out, "   extension settings at fault:");
            for setting in &m.settings {
                let _ = writeln!(out, "     {}", setting_line(setting));
            }
        }
        let _ = writeln!(out, "   causes, most likely first:");
        for (number, cause) in m.causes.iter().enumerate() {
            let standing = match cause.verdict {
                Some(Verdict::Confirmed) => " [confirmed by the facts read]",
                Some(Verdict::RuledOut) => " [ruled out by the facts read]",
                Some(Verdict::Mixed) => " [the facts read disagree]",
                None => "",
            };
            let _ = writeln!(out, "     {}. {}{standing}", number + 1, cause.cause);
            for check in &cause.checks {
                if let Some(finding) = &check.finding {
                    let sign = match finding.bearing {
                        Bearing::Supports => "+",
                        Bearing::Against => "-",
                    };
                    let _ = writeln!(out, "        {sign} {}", finding.fact);
                }
            }
            fix(&mut out, &cause.fix, "        ", "fix: ");
            if !cause.checks.is_empty() {
                let checks: Vec<&str> = cause.checks.iter().map(|c| c.description).collect();
                let _ = writeln!(out, "        to confirm: {}", checks.join("; "));
            }
        }
        let _ = writeln!(out, "   sources:");
        for source in &m.sources {
            let _ = writeln!(out, "     {}", source.url);
        }
    }
    if !explanation.errors.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "errors read from the input:");
        for error in &explanation.errors {
            let mut line = format!("  {}:", error.path);
            if let Some(code) = &error.code {
                let _ = write!(line, " ({code})");
            }
            if let Some(message) = &error.message {
                let message: String = message.split_whitespace().collect::<Vec<_>>().join(" ");
                let short: String = message.chars().take(160).collect();
                let more = if short.len() < message.len() {
                    "…"
                } else {
                    ""
                };
                let _ = write!(line, " {short}{more}");
            }
            if !error.policies.is_empty() {
                let _ = write!(line, " [policies: {}]", error.policies.join(", "));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    if !explanation.generic_checks.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "checks worth running:");
        for check in &explanation.generic_checks {
            fix(&mut out, check, "  ", "- ");
        }
    }
    if explanation.placeholders {
        let _ = writeln!(out);
        let _ = writeln!(out, "Replace the <placeholders> with your own values.");
    }
    out
}

fn fix(out: &mut String, fix: &Fix, indent: &str, label: &str) {
    let _ = writeln!(out, "{indent}{label}{}", fix.text);
    for command in &fix.commands {
        for line in command.text.lines() {
            if line.is_empty() {
                let _ = writeln!(out);
            } else {
                let _ = writeln!(out, "{indent}  {line}");
            }
        }
    }
}

fn kind_name(input: &super::InputSummary) -> &'static str {
    match input.kind {
        super::InputKind::Text => "text",
        super::InputKind::ArmError => "ARM error JSON",
        super::InputKind::ProvisioningErrors => "provisioningErrors JSON",
        super::InputKind::Compute => "compute JSON",
        super::InputKind::Json => "JSON",
    }
}
