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
mod setting;

use serde::Serialize;

use crate::dated::Now;
use crate::generate::Shell;
use crate::spec::{AttachSpec, Context, Workspace};

pub use confirm::{Bearing, Finding, Verdict};
pub use facts::{Denial, Facts, Limit, Resource, ResourceKind};
pub use input::{ExtractedError, InputKind};
pub use redact::{redact, REDACTED};
pub use render::render_text;

use input::Normalized;
use knowledge::FAILURES;
use matcher::{
    about_azure_ml, build_match, evidence_at, find_fragment, match_failure, sources, Squeezed,
    Words,
};
pub use setting::SettingAtFault;

/// The most input read, in bytes; the rest is left out (and `truncated` says so).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// How sure a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A weak hint: a symptom, not the failure's own message.
    Low,
    /// The failure's message (or a code that belongs only to it).
    Medium,
    /// Its code and its message (or its `additionalInfo` type).
    High,
}

impl Confidence {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// A pre-flight read that confirms or rules out a cause (the browser's live checks use these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// List the workspace identity's role assignments on the cluster.
    WorkspaceIdentityRoles,
    /// List the compute identity's role assignments (storage account, registry).
    ComputeIdentityRoles,
    /// List the signed-in account's role assignments.
    CallerPermissions,
    /// Read the cluster's extensions (`Microsoft.KubernetesConfiguration/extensions`).
    ClusterExtensions,
    /// Read the cluster: power state, `disableLocalAccounts`, API server access profile.
    ClusterAccess,
    /// Read the cluster's node pools (counts and VM sizes).
    ClusterNodePools,
    /// List the cluster's Trusted Access role bindings.
    TrustedAccessBindings,
    /// Read the workspace: identity, name, network.
    WorkspaceProperties,
    /// List the workspace's computes and their provisioning errors.
    WorkspaceComputes,
    /// List the policy assignments over the cluster's resource group.
    PolicyAssignments,
    /// On the cluster (kubectl): the extension's pods in `azureml`.
    ExtensionPods,
    /// On the cluster (kubectl): the namespaces.
    ClusterNamespaces,
    /// On the user's machine: `az version` and the CLI extensions.
    CliVersions,
}

impl CheckKind {
    /// What the read does, for people.
    pub fn description(self) -> &'static str {
        match self {
            CheckKind::WorkspaceIdentityRoles => {
                "list the workspace identity's role assignments on the cluster"
            }
            CheckKind::ComputeIdentityRoles => {
                "list the compute identity's role assignments on the storage account and registry"
            }
            CheckKind::CallerPermissions => "list your own role assignments",
            CheckKind::ClusterExtensions => "read the cluster's extensions",
            CheckKind::ClusterAccess => {
                "read the cluster's power state, local accounts and API server access profile"
            }
            CheckKind::ClusterNodePools => "read the cluster's node pools",
            CheckKind::TrustedAccessBindings => "list the cluster's Trusted Access role bindings",
            CheckKind::WorkspaceProperties => "read the workspace's identity and network",
            CheckKind::WorkspaceComputes => "list the workspace's computes and their errors",
            CheckKind::PolicyAssignments => {
                "list the policy assignments over the cluster's resource group"
            }
            CheckKind::ExtensionPods => "list the extension's pods (kubectl, namespace azureml)",
            CheckKind::ClusterNamespaces => "list the cluster's namespaces (kubectl)",
            CheckKind::CliVersions => "read the az CLI and its extensions' versions",
        }
    }
}

/// What was found in the pasted text.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// What the input was.
    pub input: InputSummary,
    /// Whether any known failure matched.
    pub matched: bool,
    /// The known failures found, most confident first.
    pub matches: Vec<Match>,
    /// Errors read from the input (codes, messages; secrets redacted).
    pub errors: Vec<ExtractedError>,
    /// When nothing matched: the most useful generic checks.
    pub generic_checks: Vec<Fix>,
    /// Whether a command holds `<placeholders>` to replace.
    pub placeholders: bool,
    /// Notes about the input or the spec (a truncated input, a spec with errors).
    pub notes: Vec<String>,
    /// What was read from the text's structure: codes, the operation denied, the resources
    /// named and which were not found, ids, regions, stated limits.
    pub facts: Facts,
    /// The same, for people: one clause per fact.
    pub read_from_text: Vec<String>,
}

/// The input as read.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputSummary {
    /// Its kind.
    pub kind: InputKind,
    /// Its length in bytes (before the cap).
    pub bytes: usize,
    /// Whether it was cut at [`MAX_INPUT_BYTES`].
    pub truncated: bool,
    /// How many secrets were replaced by `[redacted]`.
    pub redactions: usize,
}

/// One known failure found in the input.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    /// The failure's stable id.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// How sure the match is.
    pub confidence: Confidence,
    /// What matched, and where.
    pub evidence: Vec<Evidence>,
    /// Likely causes, most likely first, each with its fix.
    pub causes: Vec<Cause>,
    /// Where the knowledge comes from.
    pub sources: Vec<Source>,
    /// The Azure ML extension's settings at fault, with the values the text or the installed
    /// extension gives them (empty when the failure is not about one).
    pub settings: Vec<SettingAtFault>,
}

/// What kind of pattern matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    /// An error code.
    Code,
    /// A fragment of the failure's message.
    Message,
    /// A weak hint.
    Hint,
    /// An ARM `additionalInfo` type.
    AdditionalInfo,
    /// A fact read from the error's structure (a denied action, a resource not found).
    Structure,
}

/// One matched pattern.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// What kind of pattern.
    pub kind: SignalKind,
    /// The pattern, as the knowledge base writes it (or the fact read).
    pub pattern: String,
    /// The matched text with a little context, blanks collapsed (secrets redacted).
    pub excerpt: String,
    /// The 1-based line of the pasted text the match starts on.
    pub line: usize,
    /// The 1-based column (in characters) on that line, after redaction.
    pub column: usize,
    /// The byte offset of the match in the text after redaction.
    pub offset: usize,
}

/// A likely cause and its fix.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cause {
    /// What went wrong.
    pub cause: String,
    /// How to fix it.
    pub fix: Fix,
    /// The pre-flight reads that confirm or rule out this cause.
    pub checks: Vec<Check>,
    /// What the facts given (the pre-flight's context) say about it; `None` without them.
    pub verdict: Option<Verdict>,
}

/// A pre-flight read.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Its kind.
    pub kind: CheckKind,
    /// What it reads.
    pub description: &'static str,
    /// What the facts given say, when they hold what this check reads.
    pub finding: Option<Finding>,
    /// Whether the signed-in pre-flight reads what this check needs.
    pub preflight: bool,
}

/// A fix: what to do and the commands that do it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// What to do.
    pub text: String,
    /// The commands, in order.
    pub commands: Vec<Command>,
}

/// One command (it may span lines, or be a whole script or program).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Command {
    /// `bash`, `powershell` or `python`.
    pub language: &'static str,
    /// The command.
    pub text: String,
}

/// Where knowledge comes from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    /// Documentation page (with section) or public issue.
    pub url: &'static str,
    /// The message as written there.
    pub message: &'static str,
}

/// A known failure, for a page that lists them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureInfo {
    /// Its stable id.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Where its message and knowledge come from.
    pub sources: Vec<Source>,
}

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
