//! Reading the context: facts about the workspace, the cluster and existing computes, given by
//! the user, by CLI flags or by ARM pre-flight reads, in the same snake_case shape as the spec.

use super::reader::{lenient, Fields, Sink};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Node, Value};
use crate::spec::{ClusterFacts, Context, ExistingCompute, NodePool, Workspace};

const KEYS: &[&str] = &[
    "workspace",
    "cluster",
    "existing_computes",
    "supported_kubernetes_versions",
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
    "location",
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
            let mut text = |key: &str, sink: &mut Sink| w.string(key, sink).map(|f| f.value);
            let workspace = Workspace {
                subscription_id: text("subscription_id", &mut sink),
                resource_group: text("resource_group", &mut sink),
                name: text("name", &mut sink),
                location: text("location", &mut sink),
                identity_type: text("identity_type", &mut sink),
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
        fields.finish(&lenient(KEYS), &mut sink);
    }
    (context, sink.diagnostics)
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
    facts.location = c.string("location", sink).map(|f| f.value);
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
