//! Reading the context: facts about the workspace, the cluster and existing computes, given by
//! the user, by CLI flags or by ARM pre-flight reads, in the same snake_case shape as the spec.

use super::reader::{lenient, Field, Fields, Sink};
use crate::diagnostic::{excerpt, Code, Diagnostic};
use crate::document::{Node, Value};
use crate::resource_id::{check_resource_group, is_guid};
use crate::spec::{ClusterFacts, Context, ExistingCompute, NodePool, Workspace};

const KEYS: &[&str] = &[
    "workspace",
    "cluster",
    "existing_computes",
    "supported_kubernetes_versions",
    "lts_kubernetes_versions",
];
const WORKSPACE_KEYS: &[&str] = &[
    "subscription_id",
    "resource_group",
    "name",
    "location",
    "identity_type",
];
const CLUSTER_KEYS: &[&str] = &[
    "node_pools",
    "kubernetes_version",
    "load_balancer_sku",
    "private_cluster",
    "private_cluster_public_fqdn",
    "authorized_ip_ranges",
    "local_accounts_disabled",
    "trusted_access",
    "aml_extension_installed",
    "aml_extension",
    "workspace_identity_roles",
    "location",
    "tier",
    "support_plan",
    "managed_identity",
];
const POOL_KEYS: &[&str] = &["name", "count", "vm_size", "vcpus", "mode"];
const COMPUTE_KEYS: &[&str] = &[
    "name",
    "resource_id",
    "compute_type",
    "namespace",
    "workspace",
];

/// Reads a context tree; problems are reported under `context.…` and the fields that had them
/// are left unset, so the rest still helps.
pub fn parse_context(node: &Node) -> (Context, Vec<Diagnostic>) {
    let mut sink = Sink::default();
    let mut context = Context::default();
    if let Some(mut fields) = Fields::of(node, "context", &mut sink) {
        if let Some(mut w) = fields.map("workspace", &mut sink) {
            let subscription = w.string("subscription_id", &mut sink);
            let group = w.string("resource_group", &mut sink);
            let name = w.string("name", &mut sink);
            let location = w.string("location", &mut sink);
            check_workspace(
                subscription.as_ref(),
                group.as_ref(),
                name.as_ref(),
                location.as_ref(),
                &mut sink,
            );
            let workspace = Workspace {
                subscription_id: subscription.map(|f| f.value),
                resource_group: group.map(|f| f.value),
                name: name.map(|f| f.value),
                location: location.map(|f| f.value),
                identity_type: w.string("identity_type", &mut sink).map(|f| f.value),
                identity_principal_id: w
                    .string("identity_principal_id", &mut sink)
                    .map(|f| f.value),
            };
            w.finish(&lenient(WORKSPACE_KEYS), &mut sink);
            context.workspace = Some(workspace);
        }
        if let Some(c) = fields.map("cluster", &mut sink) {
            context.cluster = Some(read_cluster(c, &mut sink));
        }
        if let Some(list) = fields.seq("existing_computes", &mut sink) {
            for (index, item) in list.value.iter().enumerate() {
                let path = format!("{}[{index}]", list.path);
                let Some(mut c) = Fields::of(item, &path, &mut sink) else {
                    continue;
                };
                let name = c.string("name", &mut sink).map(|f| f.value);
                let compute = ExistingCompute {
                    name: name.clone().unwrap_or_default(),
                    resource_id: c.string("resource_id", &mut sink).map(|f| f.value),
                    compute_type: c.string("compute_type", &mut sink).map(|f| f.value),
                    namespace: c.string("namespace", &mut sink).map(|f| f.value),
                    workspace: c.string("workspace", &mut sink).map(|f| f.value),
                };
                c.finish(&lenient(COMPUTE_KEYS), &mut sink);
                if name.is_some() {
                    context.existing_computes.push(compute);
                } else {
                    sink.error(
                        Code::Required,
                        &format!("{path}.name"),
                        item.line,
                        "an existing compute needs its `name`",
                    );
                }
            }
        }
        context.supported_kubernetes_versions =
            strings(&mut fields, "supported_kubernetes_versions", &mut sink);
        context.lts_kubernetes_versions =
            strings(&mut fields, "lts_kubernetes_versions", &mut sink);
        fields.finish(&lenient(KEYS), &mut sink);
    }
    (context, sink.diagnostics)
}

/// Sets the workspace facts given beside a context (the CLI's `--workspace-name`,
/// `--resource-group`, `--subscription`, `--workspace-location`, `--identity-principal-id`) over
/// those in `context`, after
/// the same naming checks a context file's `workspace` gets; a value that fails them is
/// reported under `context.workspace.…` and not set.
pub fn merge_workspace(context: &mut Context, given: &Workspace) -> Vec<Diagnostic> {
    let field = |key: &str, value: &Option<String>| {
        value.as_ref().map(|value| Field {
            value: value.clone(),
            path: format!("context.workspace.{key}"),
            line: 0,
        })
    };
    let subscription = field("subscription_id", &given.subscription_id);
    let group = field("resource_group", &given.resource_group);
    let name = field("name", &given.name);
    let location = field("location", &given.location);
    if let Some(principal) = &given.identity_principal_id {
        context
            .workspace
            .get_or_insert_with(Workspace::default)
            .identity_principal_id = Some(principal.clone());
    }
    if subscription.is_none() && group.is_none() && name.is_none() && location.is_none() {
        return Vec::new();
    }
    let mut sink = Sink::default();
    check_workspace(
        subscription.as_ref(),
        group.as_ref(),
        name.as_ref(),
        location.as_ref(),
        &mut sink,
    );
    let failed = |f: &Option<Field<String>>| {
        f.as_ref()
            .is_some_and(|f| sink.diagnostics.iter().any(|d| d.path == f.path))
    };
    let keep = [
        !failed(&subscription),
        !failed(&group),
        !failed(&name),
        !failed(&location),
    ];
    let workspace = context.workspace.get_or_insert_with(Workspace::default);
    for (slot, value, keep) in [
        (&mut workspace.subscription_id, subscription, keep[0]),
        (&mut workspace.resource_group, group, keep[1]),
        (&mut workspace.name, name, keep[2]),
        (&mut workspace.location, location, keep[3]),
    ] {
        if let (Some(value), true) = (value, keep) {
            *slot = Some(value.value);
        }
    }
    sink.diagnostics
}

/// The workspace's own naming rules, so generated commands never carry a malformed name.
fn check_workspace(
    subscription: Option<&Field<String>>,
    group: Option<&Field<String>>,
    name: Option<&Field<String>>,
    location: Option<&Field<String>>,
    sink: &mut Sink,
) {
    if let Some(f) = subscription.filter(|f| !is_guid(&f.value)) {
        sink.error(
            Code::SubscriptionIdInvalid,
            &f.path,
            f.line,
            format!(
                "{} is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)",
                excerpt(&f.value)
            ),
        );
    }
    if let Some(f) = group {
        if let Err(message) = check_resource_group(&f.value) {
            sink.error(Code::ResourceGroupInvalid, &f.path, f.line, message);
        }
    }
    if let Some(f) = name {
        let chars: Vec<char> = f.value.chars().collect();
        let ok = (3..=33).contains(&chars.len())
            && chars[0].is_ascii_alphanumeric()
            && chars
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-');
        if !ok {
            sink.error(
                Code::WorkspaceNameInvalid,
                &f.path,
                f.line,
                format!("{} is not a workspace name: 3–33 letters, digits, '_' and '-', starting with a letter or digit", excerpt(&f.value)),
            );
        }
    }
    if let Some(f) = location {
        if f.value.is_empty()
            || !f
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            sink.error(
                Code::LocationInvalid,
                &f.path,
                f.line,
                format!("{} is not a region name: write it as `az account list-locations` does, such as `westeurope`", excerpt(&f.value)),
            );
        }
    }
}

fn read_cluster(mut c: Fields<'_>, sink: &mut Sink) -> ClusterFacts {
    let mut facts = ClusterFacts::default();
    if let Some(list) = c.seq("node_pools", sink) {
        for (index, item) in list.value.iter().enumerate() {
            let path = format!("{}[{index}]", list.path);
            let Some(mut p) = Fields::of(item, &path, sink) else {
                continue;
            };
            let count = p.int("count", sink);
            let vcpus = p.int("vcpus", sink);
            let pool = NodePool {
                name: p.string("name", sink).map(|f| f.value),
                count: count
                    .as_ref()
                    .and_then(|f| u32::try_from(f.value).ok())
                    .unwrap_or(0),
                vm_size: p.string("vm_size", sink).map(|f| f.value),
                vcpus: vcpus.as_ref().and_then(|f| u32::try_from(f.value).ok()),
                mode: p.string("mode", sink).map(|f| f.value),
            };
            for field in [&count, &vcpus].into_iter().flatten() {
                if field.value < 0 {
                    sink.error(
                        Code::WrongType,
                        &field.path,
                        field.line,
                        "must be zero or more",
                    );
                }
            }
            if count.is_none() && !p.has("count") {
                sink.error(
                    Code::Required,
                    &p.path_of("count"),
                    item.line,
                    "a node pool needs its `count`",
                );
            }
            p.finish(&lenient(POOL_KEYS), sink);
            facts.node_pools.push(pool);
        }
    }
    facts.kubernetes_version = c.string("kubernetes_version", sink).map(|f| f.value);
    facts.load_balancer_sku = c.string("load_balancer_sku", sink).map(|f| f.value);
    facts.private_cluster = c.bool("private_cluster", sink).map(|f| f.value);
    facts.private_cluster_public_fqdn =
        c.bool("private_cluster_public_fqdn", sink).map(|f| f.value);
    facts.authorized_ip_ranges = strings(&mut c, "authorized_ip_ranges", sink);
    facts.local_accounts_disabled = c.bool("local_accounts_disabled", sink).map(|f| f.value);
    facts.trusted_access = c.bool("trusted_access", sink).map(|f| f.value);
    facts.aml_extension_installed = c.bool("aml_extension_installed", sink).map(|f| f.value);
    if let Some(installed) = c.map("aml_extension", sink) {
        let installed = crate::extension::read_installed(installed, sink);
        // The extension's own facts say whether it is ready, unless the context says it.
        facts.aml_extension_installed = facts
            .aml_extension_installed
            .or(Some(installed.succeeded()));
        facts.aml_extension = Some(installed);
    }
    facts.location = c.string("location", sink).map(|f| f.value);
    facts.tier = c.string("tier", sink).map(|f| f.value);
    facts.support_plan = c.string("support_plan", sink).map(|f| f.value);
    facts.managed_identity = c.bool("managed_identity", sink).map(|f| f.value);
    if c.has("workspace_identity_roles") {
        facts.workspace_identity_roles = Some(strings(&mut c, "workspace_identity_roles", sink));
    }
    c.finish(&lenient(CLUSTER_KEYS), sink);
    facts
}

/// A list of text values; other items are reported and skipped.
fn strings(fields: &mut Fields<'_>, key: &str, sink: &mut Sink) -> Vec<String> {
    let Some(list) = fields.seq(key, sink) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (index, item) in list.value.iter().enumerate() {
        match &item.value {
            Value::Str(s) => out.push(s.clone()),
            other => sink.error(
                Code::WrongType,
                &format!("{}[{index}]", list.path),
                item.line,
                format!("must be text, not {}", other.kind()),
            ),
        }
    }
    out
}
