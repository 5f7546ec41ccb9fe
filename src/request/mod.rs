//! The questions every front end asks the core, one function each: validate, generate,
//! explain, decode a secret, read and check versions, plan an attach. The CLI, the wasm edge
//! (and so the page, the popup and the npm package) and the test harnesses call only these, so
//! "this spec in this context" is composed once and every front end gets the same answer and
//! the same [`RequestError`] codes.

mod error;
mod extension;
mod ids;

pub use error::RequestError;
pub use extension::{
    extension_plan, generate_extension, validate_extension, ExtensionPlan, PemFiles,
};
pub use ids::{cloud, cluster, extension_target, now, shell, target, workspace};

use crate::dated::Now;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{self, Node};
use crate::explain::{explain_with, Explanation, Options as ExplainOptions};
use crate::generate::{self, Options as GenerateOptions, Output, Shell, Target};
use crate::resource_id::WorkspaceId;
use crate::secret::{DecodedSecret, SecretOptions};
use crate::spec::{AttachSpec, Context, Workspace};
use crate::support::Plan;
use crate::validate::{merge_workspace, parse_context, validate_node};
use crate::versions::{self, ParsedVersions, VersionCheck};
use crate::Report;

/// A document as a front end holds it: YAML or JSON text, or a JSON value (a JS object is
/// handed over as one). Both are read within the same caps.
#[derive(Debug, Clone, Copy)]
pub enum Given<'a> {
    /// YAML or JSON text.
    Text(&'a str),
    /// A JSON value.
    Json(&'a serde_json::Value),
}

impl Given<'_> {
    fn read(self) -> Result<Node, document::DocumentError> {
        match self {
            Given::Text(text) => document::parse(text),
            Given::Json(value) => document::from_json(value),
        }
    }
}

/// A spec checked in its context: every problem, and what was read. `S` is the kind of spec: an
/// attach ([`validate`]) or the Azure ML extension ([`validate_extension`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<S = AttachSpec> {
    /// The context's problems first (under `context.…`), then the workspace options', then the
    /// spec's.
    pub report: Report,
    /// The domain value, present exactly when the report has no error.
    pub spec: Option<S>,
    /// The context as read, with the workspace options merged in.
    pub context: Context,
    /// Whether the spec could not be read at all (not YAML or JSON, or not a mapping).
    pub spec_unreadable: bool,
    /// Whether the context could not be read at all.
    pub context_unreadable: bool,
}

impl<S> Checked<S> {
    /// The checked spec, or why there is none.
    pub fn into_spec(self) -> Result<(S, Context), RequestError> {
        match self.spec {
            Some(spec) => Ok((spec, self.context)),
            None if self.context_unreadable => Err(RequestError::ContextUnreadable(self.report)),
            None if self.spec_unreadable => Err(RequestError::SpecUnreadable(self.report)),
            None => Err(RequestError::InvalidSpec(self.report)),
        }
    }
}

/// A context document read, with the workspace options merged in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadContext {
    /// The facts.
    pub context: Context,
    /// The document's own problems (under `context.…`; `context` itself when it cannot be
    /// read at all).
    pub problems: Vec<Diagnostic>,
    /// The workspace options' problems (each such value is left out).
    pub workspace_problems: Vec<Diagnostic>,
    /// Whether the document could not be read at all.
    pub unreadable: bool,
}

/// Reads a context document and merges the workspace options into it: a front end's flags win
/// over the document's workspace, and are checked as it is.
pub fn context(given: Option<Given<'_>>, workspace: &Workspace) -> ReadContext {
    let mut read = match given.map(Given::read) {
        None => ReadContext::default(),
        Some(Ok(node)) => {
            let (context, problems) = parse_context(&node);
            ReadContext {
                context,
                problems,
                ..ReadContext::default()
            }
        }
        Some(Err(error)) => {
            let mut diagnostic = error.diagnostic();
            diagnostic.path = "context".to_owned();
            ReadContext {
                problems: vec![diagnostic],
                unreadable: true,
                ..ReadContext::default()
            }
        }
    };
    read.workspace_problems = merge_workspace(&mut read.context, workspace);
    read
}

/// The user's context over the facts a pre-flight read: what the user gave wins, key by key
/// inside `workspace` and `cluster`; anything else (the lists) comes from the facts unless the
/// user gave it. A user context that is not a mapping is kept as it is, for the validator to
/// report.
pub fn merge_contexts(
    user: Option<&serde_json::Value>,
    facts: Option<&serde_json::Value>,
) -> Option<serde_json::Value> {
    use serde_json::Value;
    match (user, facts) {
        (None, facts) => facts.cloned(),
        (Some(user), None) => Some(user.clone()),
        (Some(Value::Object(user)), Some(Value::Object(facts))) => {
            let mut merged = facts.clone();
            for (key, value) in user {
                let inner = ["workspace", "cluster"].contains(&key.as_str());
                match (inner, value, merged.get_mut(key)) {
                    (true, Value::Object(given), Some(Value::Object(read))) => {
                        read.extend(given.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                    _ => {
                        merged.insert(key.clone(), value.clone());
                    }
                }
            }
            Some(Value::Object(merged))
        }
        (Some(user), Some(_)) => Some(user.clone()),
    }
}

/// Question 1: is this spec right in this context? `workspace` holds the workspace a front end
/// was given outside the context (the CLI's flags); it is checked as a context's workspace is
/// and wins over it. Every problem is reported, an unreadable context included.
pub fn validate(
    spec: Given<'_>,
    context: Option<Given<'_>>,
    workspace: &Workspace,
    now: Now,
) -> Checked {
    check_attach(spec, self::context(context, workspace), now)
}

/// An attach spec checked against a context already read.
fn check_attach(spec: Given<'_>, read: ReadContext, now: Now) -> Checked {
    check(spec, read, now, |node, context, now| {
        let validation = validate_node(node, context, now);
        (validation.report, validation.spec)
    })
}

/// A spec checked by `validate` against a context already read (with the workspace options
/// merged in).
fn check<S>(
    spec: Given<'_>,
    read: ReadContext,
    now: Now,
    validate: impl FnOnce(&Node, &Context, Now) -> (Report, Option<S>),
) -> Checked<S> {
    let ReadContext {
        context,
        problems: mut diagnostics,
        workspace_problems,
        unreadable: context_unreadable,
    } = read;
    diagnostics.extend(workspace_problems);
    let (spec_unreadable, validation) = match spec.read() {
        Ok(node) => {
            let validation = validate(&node, &context, now);
            let root_not_a_map = validation
                .0
                .diagnostics
                .iter()
                .any(|d| d.code == Code::NotAMapping && d.path.is_empty());
            (root_not_a_map, Some(validation))
        }
        Err(error) => {
            diagnostics.push(error.diagnostic());
            (true, None)
        }
    };
    let mut spec = None;
    if let Some((report, checked)) = validation {
        diagnostics.extend(report.diagnostics);
        spec = checked;
    }
    let report = Report::new(diagnostics);
    Checked {
        spec: if report.ok { spec } else { None },
        report,
        context,
        spec_unreadable,
        context_unreadable,
    }
}

/// Question 2: the commands, code or document `target` for a spec that has no error, with the
/// context's workspace filling in names. `extension`, an extension spec, is what the runbooks
/// that install the Azure ML extension ([`Target::installs_extension`]) install; for them its
/// errors stop the answer too, each under `extension.` (the page's extension form's paths).
pub fn generate(
    spec: Given<'_>,
    context: Option<Given<'_>>,
    extension: Option<Given<'_>>,
    workspace: &Workspace,
    target: Target,
    shell: Shell,
    now: Now,
) -> Result<Output, RequestError> {
    let (spec, read) = validate(spec, context, workspace, now).into_spec()?;
    let extension = match extension.filter(|_| target.installs_extension()) {
        Some(given) => Some(
            extension::validate_extension(given, context, workspace, None, now)
                .into_spec()
                .map(|(spec, _)| spec)
                .map_err(under_extension)?,
        ),
        None => None,
    };
    Ok(generate::generate(
        &spec,
        target,
        &GenerateOptions {
            shell,
            workspace: read.workspace.unwrap_or_default(),
            now,
            extension,
        },
    ))
}

/// An extension spec's problems as the attach request's, each under `extension.`.
fn under_extension(error: RequestError) -> RequestError {
    match error {
        RequestError::SpecUnreadable(report) | RequestError::InvalidSpec(report) => {
            let diagnostics = report
                .diagnostics
                .into_iter()
                .map(|mut d| {
                    d.path = if d.path.is_empty() {
                        "extension".to_owned()
                    } else {
                        format!("extension.{}", d.path)
                    };
                    d
                })
                .collect();
            RequestError::InvalidSpec(Report::new(diagnostics))
        }
        other => other,
    }
}

/// An explanation, and what became of the spec it was asked for.
#[derive(Debug, Clone)]
pub struct Explained {
    /// What the troubleshooter found.
    pub explanation: Explanation,
    /// The spec's problems when one was given and cannot be used (the commands then keep
    /// their placeholders and a note says why).
    pub spec_problems: Option<RequestError>,
    /// The workspace options' problems (those values are not used).
    pub workspace_problems: Vec<Diagnostic>,
}

/// Question 3: what went wrong, from the error text a user pasted. A spec with errors does not
/// stop the explanation (its commands keep placeholders); a context that cannot be read does,
/// since its facts would confirm or rule out causes.
pub fn explain(
    text: &str,
    spec: Option<Given<'_>>,
    context: Option<Given<'_>>,
    workspace: &Workspace,
    shell: Shell,
    now: Now,
) -> Result<Explained, RequestError> {
    let read = self::context(context, workspace);
    if read.unreadable {
        return Err(RequestError::ContextUnreadable(Report::new(read.problems)));
    }
    let workspace_problems = read.workspace_problems.clone();
    // The context is read once: the spec is checked against it, and its facts judge causes.
    let (spec, spec_problems, facts) = match spec {
        None => (None, None, read.context),
        Some(given) => {
            let checked = check_attach(given, read, now);
            let facts = checked.context.clone();
            match checked.into_spec() {
                Ok((spec, _)) => (Some(spec), None, facts),
                Err(problem) => (None, Some(problem), facts),
            }
        }
    };
    let mut explanation = explain_with(
        text,
        &ExplainOptions {
            spec: spec.as_ref(),
            workspace: facts.workspace.as_ref(),
            shell,
            context: Some(&facts),
            now,
        },
    );
    explanation.notes.extend(spec_problems.as_ref().map(|p| {
        match p {
            RequestError::SpecUnreadable(_) => {
                "the spec is not valid YAML or JSON, so the commands use placeholders"
            }
            _ => "the spec has errors, so the commands use placeholders: run `validate` on it",
        }
        .to_owned()
    }));
    Ok(Explained {
        explanation,
        spec_problems,
        workspace_problems,
    })
}

/// Question 4: the certificates and key of an `azuremlfessl` secret, checked.
pub fn decode_secret(text: &str, cname: Option<String>, now: Now) -> DecodedSecret {
    crate::secret::decode_secret(
        text,
        &SecretOptions {
            cname,
            now_unix: now.unix_seconds(),
        },
    )
}

/// Question 5: the Kubernetes versions in `az aks get-versions` output.
pub fn parse_versions(text: &str) -> ParsedVersions {
    versions::parse_versions(text)
}

/// Question 6: whether `version` can be attached, given a version list (the text
/// [`parse_versions`] reads, or the list it returned as JSON) and the cluster's plan.
pub fn check_version(
    list: Given<'_>,
    version: &str,
    plan: Plan,
    now: Now,
) -> Result<VersionCheck, RequestError> {
    let list = match list {
        Given::Text(text) => versions::parse_versions(text).list,
        Given::Json(value) => document::from_json(value)
            .ok()
            .and_then(|node| versions::list_from_node(&node)),
    }
    .ok_or(RequestError::NotAVersionList)?;
    Ok(versions::check_version(&list, version, plan, now))
}

/// What an attach sends: where, under which name, and the body of the PUT.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachPlan {
    /// The workspace the compute goes into.
    pub workspace: WorkspaceId,
    /// The compute's name.
    pub name: String,
    /// The ARM PUT body, as the SDKs send it.
    pub body: serde_json::Value,
}

/// Question 7: the attach to send for a spec with no error in its context, into the workspace
/// `workspace_id` names.
pub fn attach_plan(
    spec: Given<'_>,
    context: Option<Given<'_>>,
    workspace_id: &str,
    now: Now,
) -> Result<AttachPlan, RequestError> {
    let workspace = self::workspace(workspace_id)?;
    let flags = Workspace::from(&workspace);
    let (spec, context) = validate(spec, context, &flags, now).into_spec()?;
    let body = generate::arm_body(&spec, &context.workspace.unwrap_or(flags));
    Ok(AttachPlan {
        workspace,
        name: spec.name().to_owned(),
        body,
    })
}

#[cfg(test)]
mod tests;
