//! The validator: spec text (YAML or JSON) or a tree, plus optional context, in; every problem
//! and, when there is no error, the domain value out. It never stops at the first problem and
//! never panics.

mod aks;
mod cluster;
mod context;
mod kubernetes;
pub(crate) mod reader;
mod text;

use crate::dated::Now;
use crate::diagnostic::{excerpt, Code, Report, Severity};
use crate::document::{self, Node, Value};
use crate::name::check_compute_name;
use crate::spec::{AttachSpec, Context};

pub(crate) use aks::check_dns_name;
pub(crate) use cluster::{check_cluster, check_cluster_id, Version};
pub use context::{merge_workspace, parse_context};
pub(crate) use kubernetes::missing_workspace_roles;
pub(crate) use text::check_hidden;

use reader::{suggest, Field, Fields, Sink};

/// The result of validating a spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// Every problem found.
    pub report: Report,
    /// The domain value, present exactly when the report has no error.
    pub spec: Option<AttachSpec>,
}

/// Validates YAML or JSON spec text against what is known in `context`, as of `now` (the dated
/// facts' sentences take their tense from it).
pub fn validate(text: &str, context: &Context, now: Now) -> Validation {
    match document::parse(text) {
        Ok(node) => validate_node(&node, context, now),
        Err(error) => Validation {
            report: Report::new(vec![error.diagnostic()]),
            spec: None,
        },
    }
}

/// Validates a spec already read into a tree (from text, or from a JS object).
pub fn validate_node(node: &Node, context: &Context, now: Now) -> Validation {
    let mut sink = Sink::default();
    text::check_hidden(node, "", &mut sink);
    let spec = read_spec(node, context, now, &mut sink);
    let report = Report::new(sink.diagnostics);
    let spec = if report.ok { spec } else { None };
    Validation { report, spec }
}

/// The two kinds of spec.
#[derive(Clone, Copy)]
enum Kind {
    Kubernetes,
    Aks,
}

const TYPES: &[&str] = &["kubernetes", "aks"];

fn read_spec(node: &Node, context: &Context, now: Now, sink: &mut Sink) -> Option<AttachSpec> {
    let mut fields = Fields::of(node, "", sink)?;
    let kind = match fields.string("type", sink) {
        Some(Field { value, path, line }) => {
            if value.eq_ignore_ascii_case("kubernetes") {
                Some(Kind::Kubernetes)
            } else if value.eq_ignore_ascii_case("aks") {
                Some(Kind::Aks)
            } else {
                let hint = if value.eq_ignore_ascii_case("amlcompute") {
                    "; `amlcompute` would create a new compute cluster, not attach Kubernetes"
                        .to_owned()
                } else {
                    let lower = value.to_ascii_lowercase();
                    match suggest(&value, TYPES) {
                        Some(s) => format!("; did you mean `{s}`?"),
                        None if lower.contains("kubernetes") => {
                            "; did you mean `kubernetes`?".to_owned()
                        }
                        None => String::new(),
                    }
                };
                sink.error(
                    Code::TypeUnknown,
                    &path,
                    line,
                    format!(
                        "{} is not a cluster compute type: use `kubernetes` to attach an AKS or Arc cluster (v2) or `aks` for a legacy v1 inference cluster{hint}",
                        excerpt(&value)
                    ),
                );
                None
            }
        }
        None if !fields.has("type") => {
            sink.error(
                Code::Required,
                "type",
                fields.line(),
                "`type` is required: `kubernetes` to attach an AKS or Arc cluster (v2), or `aks` for a legacy v1 inference cluster",
            );
            None
        }
        None => None,
    };
    match kind {
        Some(Kind::Kubernetes) => {
            kubernetes::read(fields, context, now, sink).map(AttachSpec::Kubernetes)
        }
        Some(Kind::Aks) => aks::read(fields, context, now, sink).map(AttachSpec::Aks),
        None => {
            // Without a type, the name is all that can be checked.
            read_name(&mut fields, context, sink);
            None
        }
    }
}

/// Reads and checks `name`, the clash with existing computes included.
fn read_name(fields: &mut Fields<'_>, context: &Context, sink: &mut Sink) -> Option<String> {
    let Some(name) = fields.string("name", sink) else {
        if !fields.has("name") {
            sink.error(
                Code::NameRequired,
                "name",
                fields.line(),
                "`name` is required: 3–24 characters, a letter first, then letters, digits or '-'",
            );
        }
        return None;
    };
    let mut found = Vec::new();
    check_compute_name(&name.value, &name.path, &mut found);
    let errors = found.iter().any(|d| d.severity == Severity::Error);
    sink.diagnostics
        .extend(found.into_iter().map(|d| d.at_line(name.line)));
    if let Some(existing) = context
        .existing_computes
        .iter()
        .find(|c| c.workspace.is_none() && c.name.eq_ignore_ascii_case(&name.value))
    {
        sink.error(
            Code::NameClash,
            &name.path,
            name.line,
            format!(
                "a compute named {} already exists in the workspace (names are compared ignoring case); attaching would overwrite it: choose another name, or detach it first",
                excerpt(&existing.name)
            ),
        );
    }
    (!errors).then_some(name.value)
}

/// Reads an optional text field that has no rule of its own.
fn read_text(fields: &mut Fields<'_>, key: &str, sink: &mut Sink) -> Option<String> {
    fields.string(key, sink).map(|f| f.value)
}

/// Converts a tree into JSON for pass-through fields (`properties`).
pub(crate) fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Str(s) | Value::Date(s) => serde_json::Value::String(s.clone()),
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect(),
        ),
    }
}
