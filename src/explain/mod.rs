//! The troubleshooter: paste the error a failed attach (or a job on the attached compute) gave
//! you and get the known failures it shows, with evidence, likely causes in order, the fix for
//! each as commands written from your own spec, and the public source of that knowledge.
//!
//! The text is capped at [`MAX_INPUT_BYTES`], secrets in it are redacted before anything reads
//! it ([`redact`]), JSON (an ARM error envelope, `provisioningErrors`, a whole compute, or JSON
//! inside free text) is read for codes and messages ([`input`]), and the knowledge base
//! ([`knowledge`]) is matched by plain substring search over lowercased, blank-collapsed text:
//! linear in the input, no regular expressions, no panics.

mod agree;
mod concepts;
mod confirm;
mod facts;
mod fix;
mod input;
mod knowledge;
mod matcher;
mod mfa;
mod reason;
mod redact;
mod render;
mod report;
mod setting;

use crate::dated::Now;
use crate::generate::Shell;
use crate::spec::{AttachSpec, Context, Workspace};

pub use confirm::{Bearing, Finding, Verdict};
pub use facts::{Denial, Facts, Limit, Resource, ResourceKind};
pub use input::{ExtractedError, InputKind};
pub use redact::{redact, REDACTED};
pub use render::render_text;
pub use report::{
    Cause, Check, CheckKind, Command, Confidence, Evidence, Explanation, FailureInfo, Fix,
    InputSummary, Match, SignalKind, Source,
};

use input::Normalized;
use knowledge::FAILURES;
use matcher::{
    about_azure_ml, build_match, evidence_at, find_fragment, match_failure, sources, Squeezed,
    Words,
};
pub use setting::SettingAtFault;

/// The most input read, in bytes; the rest is left out (and `truncated` says so).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// How to explain.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The user's spec: fix commands are written for it.
    pub spec: Option<&'a AttachSpec>,
    /// The workspace: fix commands name it.
    pub workspace: Option<&'a Workspace>,
    /// The shell of the commands.
    pub shell: Shell,
    /// Facts the pre-flight read (cluster, roles, extension): they confirm or rule out causes.
    pub context: Option<&'a Context>,
    /// The moment of the run: what is said about dated facts takes its tense from it.
    pub now: Now,
}

impl Options<'_> {
    /// No spec, workspace or facts; bash; as of `now`.
    pub fn at(now: Now) -> Options<'static> {
        Options {
            spec: None,
            workspace: None,
            shell: Shell::Bash,
            context: None,
            now,
        }
    }
}

/// Every known failure, in the knowledge base's order.
pub fn known_failures() -> Vec<FailureInfo> {
    FAILURES
        .iter()
        .map(|f| FailureInfo {
            id: f.id,
            title: f.title,
            sources: sources(f),
        })
        .chain(
            reason::KNOWN
                .iter()
                .map(|&(id, title, url, message)| FailureInfo {
                    id,
                    title,
                    sources: vec![Source { url, message }],
                }),
        )
        .collect()
}

/// Explains `text` for bash as of `now`, with commands for `spec` in `workspace` when given.
pub fn explain(
    text: &str,
    spec: Option<&AttachSpec>,
    workspace: Option<&Workspace>,
    now: Now,
) -> Explanation {
    explain_with(
        text,
        &Options {
            spec,
            workspace,
            shell: Shell::Bash,
            context: None,
            now,
        },
    )
}

/// Explains `text` with `options`.
pub fn explain_with(text: &str, options: &Options) -> Explanation {
    let bytes = text.len();
    let truncated = bytes > MAX_INPUT_BYTES;
    let text = if truncated {
        let mut end = MAX_INPUT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let (text, redactions) = redact::redact(text);
    let (kind, errors) = input::extract(&text);
    let facts = facts::read(&text, &errors);
    let normalized = Normalized::new(&text);
    let words = Words::new(&normalized.text);
    let squeezed = Squeezed::new(&normalized.text);
    let mut subject = fix::Subject::new(options, &facts);
    subject.challenge = mfa::read(&text);

    let mut matches: Vec<(usize, Match)> = FAILURES
        .iter()
        .enumerate()
        .filter_map(|(index, failure)| {
            match_failure(
                failure,
                &text,
                &normalized,
                &squeezed,
                &words,
                &errors,
                &subject,
            )
            .map(|m| (index, m))
        })
        .collect();
    let azure_ml = about_azure_ml(&normalized.text);
    for (offset, reasoned) in reason::reason(&facts, &subject, &normalized.text)
        .into_iter()
        .enumerate()
    {
        let mut evidence = Vec::new();
        for value in reasoned.shown_by {
            let needle = Normalized::new(&value).text;
            if let Some((start, end)) = find_fragment(&normalized, &squeezed, &needle) {
                evidence.push(evidence_at(
                    SignalKind::Structure,
                    value,
                    &text,
                    &normalized,
                    start,
                    end,
                ));
            }
        }
        match reasoned.found {
            reason::Found::Own(mut found) => {
                found.evidence.extend(evidence);
                found.evidence.sort_by_key(|e| e.offset);
                matches.push((FAILURES.len() + offset, found));
            }
            reason::Found::Known(id, confidence) => {
                let Some((index, failure)) = FAILURES.iter().enumerate().find(|(_, f)| f.id == id)
                else {
                    continue;
                };
                let mut confidence = confidence.min(failure.cap);
                if knowledge::NEEDS_AZURE_ML_CONTEXT.contains(&id) && !azure_ml {
                    confidence = Confidence::Low;
                }
                if let Some((_, known)) = matches.iter_mut().find(|(_, m)| m.id == id) {
                    // Already found by its sentences: the facts add evidence and may raise it.
                    known.confidence = known.confidence.max(confidence);
                    known.evidence.extend(evidence);
                    known.evidence.sort_by_key(|e| e.offset);
                } else {
                    evidence.sort_by_key(|e| e.offset);
                    matches.push((index, build_match(failure, confidence, evidence, &subject)));
                }
            }
        }
    }
    matches.sort_by(|(ia, a), (ib, b)| b.confidence.cmp(&a.confidence).then(ia.cmp(ib)));
    let mut matches: Vec<Match> = matches.into_iter().map(|(_, m)| m).collect();
    let superseded: Vec<&str> = knowledge::SUPERSEDES
        .iter()
        .filter(|(by, _)| matches.iter().any(|m| m.id == *by))
        .map(|(_, id)| *id)
        .collect();
    matches.retain(|m| !superseded.contains(&m.id));
    for m in &mut matches {
        agree::with_the_text(m, &facts, &normalized.text);
        m.settings = setting::at_fault(m, &facts, options.context);
    }
    if let Some(context) = options.context {
        for cause in matches.iter_mut().flat_map(|m| m.causes.iter_mut()) {
            for check in &mut cause.checks {
                check.finding = confirm::finding(check.kind, context);
            }
            cause.verdict = confirm::verdict(cause);
        }
    }

    let generic_checks = if matches.is_empty() {
        fix::generic_checks(&subject, &facts)
    } else {
        Vec::new()
    };
    let placeholders = matches
        .iter()
        .flat_map(|m| m.causes.iter().map(|c| &c.fix))
        .chain(generic_checks.iter())
        .flat_map(|f| f.commands.iter())
        .any(|c| c.text.contains('<'));
    let mut notes = subject.notes.clone();
    notes.extend(setting::command_notes(&facts));
    if truncated {
        notes.insert(
            0,
            format!("only the first {MAX_INPUT_BYTES} bytes of the input were read"),
        );
    }
    Explanation {
        input: InputSummary {
            kind,
            bytes,
            truncated,
            redactions,
        },
        matched: !matches.is_empty(),
        matches,
        errors,
        generic_checks,
        placeholders,
        notes,
        read_from_text: facts::summary(&facts),
        facts,
    }
}

#[cfg(test)]
mod tests;
