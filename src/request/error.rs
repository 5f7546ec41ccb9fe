//! The one error type of the request layer: every way a front end's question cannot be
//! answered, each with a stable kebab-case code that the wasm edge hands to JS as `code`.

use std::fmt;

use crate::diagnostic::{excerpt, Severity};
use crate::Report;

/// Why a request could not be answered. The spec's and context's own problems ride along as a
/// [`Report`], so a front end can show every one of them.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestError {
    /// The spec is not YAML or JSON, or not a mapping.
    SpecUnreadable(Report),
    /// The context is not YAML or JSON.
    ContextUnreadable(Report),
    /// The spec was read and has errors (the context's or the workspace options' included).
    InvalidSpec(Report),
    /// No generator has this id; the ids there are (the attach's or the extension's targets).
    UnknownTarget(String, Vec<&'static str>),
    /// No shell has this id.
    UnknownShell(String),
    /// The moment given to judge dated facts by is no time; the message says why.
    BadNow(String),
    /// A value handed over is neither text nor a plain object of JSON values.
    NotJson,
    /// An options argument is not an object of the documented shape; the text names it.
    BadOptions(&'static str),
    /// A version check was given something that is no version list.
    NotAVersionList,
    /// Not an Azure ML workspace id.
    BadWorkspaceId,
    /// Not an AKS or Arc cluster id.
    BadClusterId,
    /// Not a cloud ARM can be reached in.
    BadCloud,
    /// The live functions were given no token callback.
    NoTokenCallback,
    /// A live write needs something the caller did not give (the PEM files' text) or that the
    /// page never takes (a secret the commands read from the environment); says what.
    NeedsInput(String),
    /// A result could not be converted for the front end (a bug: please report it).
    Output(String),
}

impl RequestError {
    /// Every code, in declaration order; the TypeScript union `RequestErrorCode` lists the same.
    pub const CODES: &'static [&'static str] = &[
        "spec-unreadable",
        "context-unreadable",
        "invalid-spec",
        "unknown-target",
        "unknown-shell",
        "bad-now",
        "not-json",
        "bad-options",
        "not-a-version-list",
        "bad-workspace-id",
        "bad-cluster-id",
        "bad-cloud",
        "no-token-callback",
        "needs-input",
        "output",
    ];

    /// The stable code to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::SpecUnreadable(_) => "spec-unreadable",
            RequestError::ContextUnreadable(_) => "context-unreadable",
            RequestError::InvalidSpec(_) => "invalid-spec",
            RequestError::UnknownTarget(..) => "unknown-target",
            RequestError::UnknownShell(_) => "unknown-shell",
            RequestError::BadNow(_) => "bad-now",
            RequestError::NotJson => "not-json",
            RequestError::BadOptions(_) => "bad-options",
            RequestError::NotAVersionList => "not-a-version-list",
            RequestError::BadWorkspaceId => "bad-workspace-id",
            RequestError::BadClusterId => "bad-cluster-id",
            RequestError::BadCloud => "bad-cloud",
            RequestError::NoTokenCallback => "no-token-callback",
            RequestError::NeedsInput(_) => "needs-input",
            RequestError::Output(_) => "output",
        }
    }

    /// The problems of the spec and context, for the errors that carry them.
    pub fn report(&self) -> Option<&Report> {
        match self {
            RequestError::SpecUnreadable(report)
            | RequestError::ContextUnreadable(report)
            | RequestError::InvalidSpec(report) => Some(report),
            _ => None,
        }
    }

    /// Whether the input could not be read at all (a front end's "exit 2"), rather than read
    /// and found wrong.
    pub fn is_unreadable(&self) -> bool {
        !matches!(self, RequestError::InvalidSpec(_))
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first_error = |report: &Report| {
            report
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map_or_else(String::new, |d| format!(": {d}"))
        };
        match self {
            RequestError::SpecUnreadable(report) => {
                write!(f, "the spec cannot be read{}", first_error(report))
            }
            RequestError::ContextUnreadable(report) => {
                write!(f, "the context cannot be read{}", first_error(report))
            }
            RequestError::InvalidSpec(report) => {
                write!(f, "the spec has errors{}", first_error(report))
            }
            RequestError::UnknownTarget(id, known) => write!(
                f,
                "unknown target {}; targets: {}",
                excerpt(id),
                known.join(", ")
            ),
            RequestError::UnknownShell(id) => {
                write!(f, "unknown shell {}; use bash or pwsh", excerpt(id))
            }
            RequestError::BadNow(message) => f.write_str(message),
            RequestError::NotJson => {
                f.write_str("the value is neither text nor a plain object of JSON values")
            }
            RequestError::BadOptions(shape) => write!(f, "options must be an object like {shape}"),
            RequestError::NotAVersionList => f.write_str(
                "the first argument must be the `list` that parseVersions returned, or the text it read",
            ),
            RequestError::BadWorkspaceId => f.write_str(
                "not a workspace id: /subscriptions/…/resourceGroups/…/providers/Microsoft.MachineLearningServices/workspaces/…",
            ),
            RequestError::BadClusterId => f.write_str("not an AKS or Arc cluster id"),
            RequestError::BadCloud => f.write_str(
                "cloud must be public, usgov, china, an https:// URL, or a loopback http:// URL",
            ),
            RequestError::NoTokenCallback => {
                f.write_str("options.getToken must be a function returning a token")
            }
            RequestError::NeedsInput(what) => write!(f, "the request needs {what}"),
            RequestError::Output(message) => {
                write!(f, "cannot convert the result: {message}")
            }
        }
    }
}

impl std::error::Error for RequestError {}
