//! What the troubleshooter answers: the explanation of a text, each known failure it shows with
//! its evidence, causes, checks and fix commands, and the public sources; serialised as the
//! CLI's JSON and the wasm edge's objects.

use serde::Serialize;

use super::{ExtractedError, Facts, Finding, InputKind, SettingAtFault, Verdict};

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
