//! An extension spec document read into an [`ExtensionSpec`]: the top-level fields, the settings
//! flattened, each checked against the table (`keys`), then the rules between them (`rules`).

use crate::dated::Now;
use crate::diagnostic::{excerpt, Code, Diagnostic, Severity};
use crate::document::{Node, Value};
use crate::spec::Context;
use crate::validate::reader::{join, Field, Fields, Schema, Sink};
use crate::validate::{check_cluster_id, Version};

use super::keys::{check_duplicates, check_key, check_value};
use super::rules;
use super::settings::{Kind, Setting, RETIRED};
use super::{ExtensionSpec, Protected, DEFAULT_NAME, RELEASE_NAMESPACE, RELEASE_TRAINS};

const KEYS: &[&str] = &[
    "name",
    "cluster",
    "release_train",
    "version",
    "auto_upgrade",
    "scope",
    "release_namespace",
    "config",
    "config_protected",
];

/// The most settings one list may hold: a real install has a few dozen.
pub const MAX_SETTINGS: usize = 1_000;

/// One setting as written: its flattened key, its value as the CLI takes it, where it is.
#[derive(Debug, Clone)]
pub(super) struct Written {
    pub key: String,
    pub value: String,
    pub path: String,
    pub line: usize,
    /// Given in `config_protected`.
    pub protected: bool,
    /// The documented setting it is, when it is one.
    pub setting: Option<&'static Setting>,
}

/// Reads and checks the spec; the diagnostics and, when it could be read, the domain value
/// (the caller drops it when there is an error).
pub(super) fn read(
    node: &Node,
    context: &Context,
    now: Now,
) -> (Vec<Diagnostic>, Option<ExtensionSpec>) {
    let mut sink = Sink::default();
    crate::validate::check_hidden(node, "", &mut sink);
    let spec = read_fields(node, context, now, &mut sink);
    (sink.diagnostics, spec)
}

fn read_fields(node: &Node, context: &Context, now: Now, sink: &mut Sink) -> Option<ExtensionSpec> {
    let mut fields = Fields::of(node, "", sink)?;
    let name = match fields.string("name", sink) {
        Some(field) => check_name(&field, sink).then_some(field.value),
        None => (!fields.has("name")).then(|| DEFAULT_NAME.to_owned()),
    };
    let cluster = match fields.string("cluster", sink) {
        Some(field) => check_cluster_id(&field, Version::V2, context, sink),
        None => {
            if !fields.has("cluster") {
                sink.error(
                    Code::ResourceIdRequired,
                    "cluster",
                    fields.line(),
                    "`cluster` is required: the id of the AKS or Arc cluster, from `az aks show --resource-group RG --name NAME --query id --output tsv`",
                );
            }
            None
        }
    };
    let kind = cluster.as_ref().map(|c| c.kind);
    let release_train = read_release_train(&mut fields, sink);
    let version = fields.string("version", sink);
    let auto_upgrade = fields.bool("auto_upgrade", sink);
    if let (Some(version), Some(auto)) = (&version, &auto_upgrade) {
        if auto.value {
            sink.error(
                Code::ExtensionVersionPinned,
                &auto.path,
                auto.line,
                format!("a pinned version ({}) needs `auto_upgrade: false`: with automatic minor upgrades on, ARM refuses the version (the CLI: \"To pin to specific version, auto-upgrade-minor-version must be set to 'false'\")", excerpt(&version.value)),
            );
        }
    }
    if let Some(version) = &version {
        let ok = !version.value.is_empty()
            && version
                .value
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            sink.error(
                Code::ExtensionValueInvalid,
                &version.path,
                version.line,
                format!("{} is not an extension version such as 1.1.88 (`az k8s-extension extension-types list-versions-by-cluster` lists them)", excerpt(&version.value)),
            );
        }
    }
    if let Some(scope) = fields.string("scope", sink) {
        if !scope.value.eq_ignore_ascii_case("cluster") {
            sink.error(
                Code::ExtensionScope,
                &scope.path,
                scope.line,
                format!("{}: the Azure ML extension installs only at cluster scope; use `cluster` (the CLI refuses `--scope namespace`)", excerpt(&scope.value)),
            );
        }
    }
    if let Some(ns) = fields.string("release_namespace", sink) {
        if ns.value != RELEASE_NAMESPACE {
            sink.error(
                Code::ExtensionScope,
                &ns.path,
                ns.line,
                format!("{}: the extension always runs in the `{RELEASE_NAMESPACE}` namespace (the CLI sets it whatever it is given, and its sslSecret is read there); leave this out", excerpt(&ns.value)),
            );
        }
    }
    let mut written = Vec::new();
    let fields_had_config = fields.has("config");
    if let Some(field) = fields.node("config", sink) {
        flatten(field.value, &field.path, "", false, &mut written, sink);
    } else if !fields.has("config") {
        sink.error(
            Code::ExtensionNoWorkload,
            "config",
            fields.line(),
            "`config` is required: the extension's settings, at least `enableTraining: true` or `enableInference: true`",
        );
    }
    if let Some(field) = fields.node("config_protected", sink) {
        flatten(field.value, &field.path, "", true, &mut written, sink);
    }
    fields.finish(
        &Schema {
            known: KEYS,
            read_only: &[],
            unknown: Severity::Error,
            rejected_by: "amlattach cannot tell what the extension should be (`config` and `config_protected` hold the extension's own settings)",
        },
        sink,
    );
    for w in &mut written {
        w.setting = check_key(w, kind, sink);
        if let Some(setting) = w.setting {
            check_value(w, setting, sink);
        }
    }
    check_duplicates(&written, sink);
    let facts = rules::check(&written, kind, fields_had_config, context, sink);
    if let Some(id) = &cluster {
        let mut cluster_context = context.clone();
        if let Some(facts) = cluster_context.cluster.as_mut() {
            // What the spec installs, not a fact to check it against.
            facts.aml_extension_installed = None;
            facts.aml_extension = None;
        }
        crate::validate::check_cluster(
            id.kind,
            Some(id),
            None,
            Version::V2,
            &cluster_context,
            now,
            sink,
        );
    }
    let (config, protected) = split(&written, sink);
    let spec = ExtensionSpec {
        name: name?,
        cluster: cluster?,
        release_train: release_train?,
        version: version.map(|v| v.value),
        auto_upgrade: auto_upgrade.is_none_or(|a| a.value),
        training: facts.training,
        inference: facts.inference,
        config,
        protected,
    };
    // The extension the cluster has, when the context read it: where this spec would change it.
    if let Some(installed) = context
        .cluster
        .as_ref()
        .and_then(|c| c.aml_extension.as_ref())
    {
        super::compare(&spec, installed, sink);
    }
    Some(spec)
}

/// The instance name: ARM's rule for extension names, which is also a Helm release name.
fn check_name(field: &Field<String>, sink: &mut Sink) -> bool {
    let name = field.value.as_str();
    let problem = if name.is_empty() || name.len() > 53 {
        Some("must have 1 to 53 characters (it is the Helm release's name)")
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    {
        Some("may hold only lowercase letters, digits, '-' and '.' (it is the Helm release's name)")
    } else if !name.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !name.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        Some("must start and end with a letter or digit")
    } else {
        None
    };
    if let Some(problem) = problem {
        sink.error(
            Code::ExtensionNameInvalid,
            &field.path,
            field.line,
            format!("{} {problem}", excerpt(name)),
        );
    }
    problem.is_none()
}

fn read_release_train(fields: &mut Fields<'_>, sink: &mut Sink) -> Option<String> {
    let Some(field) = fields.string("release_train", sink) else {
        return (!fields.has("release_train")).then(|| RELEASE_TRAINS[0].to_owned());
    };
    let lower = field.value.to_ascii_lowercase();
    if RELEASE_TRAINS.contains(&lower.as_str()) {
        return Some(lower);
    }
    sink.warning(
        Code::ExtensionReleaseTrain,
        &field.path,
        field.line,
        format!("{} is not a release train Azure ML publishes for users: `stable` (the default) or `preview`; a train that does not hold the version fails the install with \"Chart path not found\"", excerpt(&field.value)),
    );
    Some(field.value)
}

/// Every setting under `node`, nested mappings flattened with `.` (`nodeSelector: {pool: ml}`
/// is `nodeSelector.pool=ml`), values in the form `--config key=value` takes.
fn flatten(
    node: &Node,
    path: &str,
    prefix: &str,
    protected: bool,
    out: &mut Vec<Written>,
    sink: &mut Sink,
) {
    let Value::Map(entries) = &node.value else {
        let what = if protected {
            "config_protected"
        } else {
            "config"
        };
        sink.error(
            Code::WrongType,
            path,
            node.line,
            format!("must be a mapping of settings (`enableTraining: true`), not {}; `{what}` lists the extension's settings", node.value.described()),
        );
        return;
    };
    for entry in entries {
        let key = if prefix.is_empty() {
            entry.key.clone()
        } else {
            format!("{prefix}.{}", entry.key)
        };
        let entry_path = join(path, &entry.key);
        if out.len() >= MAX_SETTINGS {
            sink.error(
                Code::ExtensionValueInvalid,
                path,
                entry.line,
                format!("holds more than {MAX_SETTINGS} settings; the rest are not read"),
            );
            return;
        }
        if entry.key.is_empty() {
            sink.error(
                Code::ExtensionSettingUnknown,
                &entry_path,
                entry.line,
                "a setting needs a name",
            );
            continue;
        }
        let value = match &entry.value.value {
            Value::Map(_) => {
                flatten(&entry.value, &entry_path, &key, protected, out, sink);
                continue;
            }
            Value::Null => {
                sink.error(
                    Code::WrongType,
                    &entry_path,
                    entry.line,
                    "is empty (null): give a value or remove the setting",
                );
                continue;
            }
            Value::Seq(_) => {
                sink.error(
                    Code::WrongType,
                    &entry_path,
                    entry.line,
                    "must be one value, not a list: the extension's settings are `key=value` pairs",
                );
                continue;
            }
            Value::Bool(true) => "True".to_owned(),
            Value::Bool(false) => "False".to_owned(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Date(s) | Value::Str(s) => s.clone(),
        };
        out.push(Written {
            key,
            value,
            path: entry_path,
            line: entry.line,
            protected,
            setting: None,
        });
    }
}

/// `config` and `config_protected` as the spec keeps them.
type Lists = (Vec<(String, String)>, Vec<(String, Protected)>);

/// The settings as the spec keeps them: `config` as written, `config_protected` as paths or as
/// the environment variables the commands read secrets from.
fn split(written: &[Written], sink: &mut Sink) -> Lists {
    let mut config = Vec::new();
    let mut protected = Vec::new();
    for w in written {
        if !w.protected {
            config.push((w.key.clone(), w.value.clone()));
            continue;
        }
        let value = match w.setting.map(|s| s.kind) {
            Some(Kind::LocalPath) => Protected::Plain(w.value.clone()),
            Some(Kind::Secret) | None => {
                let var = env_name(&w.key);
                let retired = RETIRED.iter().any(|(old, _)| *old == w.key);
                if !w.value.starts_with('$') && !retired {
                    sink.info(
                        Code::ExtensionSecretInSpec,
                        &w.path,
                        w.line,
                        format!("holds a secret, which stays out of every generated command: they read it from `${var}`; write `${var}` here to keep it out of this file too"),
                    );
                }
                Protected::FromEnv(var)
            }
            Some(_) => Protected::Plain(w.value.clone()),
        };
        protected.push((w.key.clone(), value));
    }
    (config, protected)
}

/// `relayServerConnectionString` → `AML_RELAY_SERVER_CONNECTION_STRING`.
pub(crate) fn env_name(key: &str) -> String {
    let mut out = String::from("AML_");
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    out
}
