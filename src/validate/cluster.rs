//! Checks about the cluster itself: its resource id, and the facts the context gives about it
//! (network, versions, extension, accounts, what is already attached there).

use super::reader::{Field, Sink};
use crate::dated::{self, Now};
use crate::diagnostic::{excerpt, Code, Severity};
use crate::resource_id::{
    check_aks_cluster_name, parse_cluster_id, ClusterId, ClusterKind, IdError,
};
use crate::spec::Context;
use crate::support::{judge, minor_of, Plan, Windows};
use crate::versions::parse_version;

/// Which generation of the attach the checks are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// Legacy `AksCompute`.
    V1,
    /// `Kubernetes` compute.
    V2,
}

/// Parses a cluster id field and reports every problem with it; v1 takes AKS only.
pub(crate) fn check_cluster_id(
    field: &Field<String>,
    version: Version,
    context: &Context,
    sink: &mut Sink,
) -> Option<ClusterId> {
    let parsed = match parse_cluster_id(&field.value) {
        Ok(parsed) => parsed,
        Err(error) => {
            let (code, message) = match error {
                IdError::Malformed(_) if !field.value.contains('/') && !field.value.trim().is_empty() => (
                    Code::ResourceIdInvalid,
                    format!(
                        "{} looks like a cluster name, not its resource id: get the id with `az aks show --resource-group RG --name {} --query id --output tsv`",
                        excerpt(&field.value),
                        if check_aks_cluster_name(field.value.trim()).is_ok() { field.value.trim() } else { "NAME" }
                    ),
                ),
                IdError::Malformed(m) => (Code::ResourceIdInvalid, m),
                IdError::WrongType { found } => (
                    Code::ResourceIdWrongType,
                    format!("names a {found}, not a cluster: give the id of an AKS cluster (Microsoft.ContainerService/managedClusters){}", match version {
                        Version::V2 => " or an Azure Arc cluster (Microsoft.Kubernetes/connectedClusters)",
                        Version::V1 => "",
                    }),
                ),
                IdError::Subscription(m) => (Code::SubscriptionIdInvalid, m),
                IdError::ResourceGroup(m) => (Code::ResourceGroupInvalid, m),
                IdError::Name(m) => (Code::ClusterNameInvalid, m),
            };
            sink.error(code, &field.path, field.line, message);
            return None;
        }
    };
    if version == Version::V1 && parsed.id.kind == ClusterKind::Arc {
        sink.error(
            Code::ResourceIdWrongType,
            &field.path,
            field.line,
            "a v1 inference cluster must be AKS; attach an Arc cluster as a v2 Kubernetes compute (`type: kubernetes`)",
        );
        return None;
    }
    if !parsed.changes.is_empty() {
        let v1_note =
            if version == Version::V1 && parsed.changes.iter().any(|c| c.contains("casing")) {
                "; the v1 SDK rejects any casing of 'Microsoft.ContainerService' but this one"
            } else {
                ""
            };
        sink.info(
            Code::ResourceIdNormalized,
            &field.path,
            field.line,
            format!(
                "written as {} ({}){v1_note}",
                parsed.id,
                parsed.changes.join(", ")
            ),
        );
    }
    if let Some(workspace_sub) = context
        .workspace
        .as_ref()
        .and_then(|w| w.subscription_id.as_deref())
    {
        if !workspace_sub.eq_ignore_ascii_case(&parsed.id.subscription) {
            sink.warning(
                Code::CrossSubscription,
                &field.path,
                field.line,
                format!(
                    "the cluster is in subscription {} and the workspace in {}: you need rights in both, and the workspace's identity needs its roles on the cluster's subscription",
                    parsed.id.subscription,
                    excerpt(workspace_sub)
                ),
            );
        }
    }
    Some(parsed.id)
}

/// The context's facts about the cluster, checked for this kind of attach.
pub(crate) fn check_cluster(
    kind: ClusterKind,
    id: Option<&ClusterId>,
    namespace: Option<&str>,
    version: Version,
    context: &Context,
    now: Now,
    sink: &mut Sink,
) {
    check_existing_attachments(id, namespace, version, context, sink);
    check_kubernetes_version(kind, id, context, now, sink);
    let Some(cluster) = &context.cluster else {
        return;
    };
    let path = |key: &str| format!("context.cluster.{key}");
    if cluster.private_cluster == Some(true) && cluster.private_cluster_public_fqdn == Some(true) {
        let severity = match version {
            Version::V1 => Severity::Error,
            Version::V2 => Severity::Warning,
        };
        sink.push(
            Code::PrivateClusterPublicFqdn,
            severity,
            &path("private_cluster_public_fqdn"),
            0,
            "Azure ML does not support reaching a private cluster through its public FQDN: turn off the public FQDN (`az aks update --disable-public-fqdn`) and attach from inside the network",
        );
    }
    let basic = cluster
        .load_balancer_sku
        .as_deref()
        .is_some_and(|sku| sku.eq_ignore_ascii_case("basic"));
    if basic {
        let fact = dated::BASIC_LB_RETIRED;
        let advice = if fact.has_passed(now) {
            "and which AKS no longer supports: move the cluster to the Standard load balancer (learn.microsoft.com/azure/aks/upgrade-basic-load-balancer-on-aks) before attaching"
        } else {
            "move the cluster to the Standard load balancer (learn.microsoft.com/azure/aks/upgrade-basic-load-balancer-on-aks) before then"
        };
        sink.warning(
            Code::BasicLoadBalancer,
            &path("load_balancer_sku"),
            0,
            format!(
                "the cluster uses the Basic load balancer, which {}{}{advice}",
                fact.predicate(now),
                if fact.has_passed(now) { " " } else { ": " }
            ),
        );
    }
    if !cluster.authorized_ip_ranges.is_empty() {
        if basic {
            sink.error(
                Code::AuthorizedIpRangesBasicLb,
                &path("authorized_ip_ranges"),
                0,
                "authorized IP ranges work only with the Standard load balancer; this cluster has Basic",
            );
        }
        let alternative = match version {
            Version::V2 => ", or set up Trusted Access for Azure ML instead",
            Version::V1 => "",
        };
        sink.warning(
            Code::AuthorizedIpRanges,
            &path("authorized_ip_ranges"),
            0,
            format!("the API server accepts only authorized IP ranges: add the Azure Machine Learning control-plane ranges of the workspace's region and its paired region (service tag AzureMachineLearning){alternative}"),
        );
    }
    if cluster.local_accounts_disabled == Some(true) && cluster.trusted_access != Some(true) {
        let fix = match version {
            Version::V2 => "set up Trusted Access (a role binding `Microsoft.MachineLearningServices/workspaces/mlworkload` per workspace) before attaching, or enable local accounts",
            Version::V1 => "v1 needs local accounts: enable them (`az aks update --enable-local-accounts`) or move to a v2 attach with Trusted Access",
        };
        sink.error(
            Code::LocalAccountsDisabled,
            &path("local_accounts_disabled"),
            0,
            format!("the cluster has local accounts disabled: {fix}"),
        );
    }
    if version == Version::V2 && kind == ClusterKind::Aks && cluster.managed_identity == Some(false)
    {
        let (rg, name) = id.map_or(("RG", "NAME"), |id| {
            (id.resource_group.as_str(), id.name.as_str())
        });
        sink.error(
            Code::ClusterServicePrincipal,
            &path("managed_identity"),
            0,
            format!("the AKS cluster uses a service principal, which the Azure ML extension does not support: move it to a managed identity with `az aks update --resource-group {rg} --name {name} --enable-managed-identity` (Azure CLI 2.49.0 or later; AKS reimages every node, and you cannot go back), then delete and recreate every node pool (`az aks nodepool add` a new pool, `az aks nodepool delete` the old one) before installing the extension, as Azure ML's documentation asks"),
        );
    }
    if let (Version::V2, Some(installed)) = (version, &cluster.aml_extension) {
        crate::extension::check_for_compute(installed, sink);
    }
    if version == Version::V2
        && cluster.aml_extension_installed == Some(false)
        && cluster.aml_extension.is_none()
    {
        // The same install command as the Commands section's "Prepare the cluster" step.
        let placeholder;
        let cluster_id = match id {
            Some(id) => id,
            None => {
                placeholder = ClusterId {
                    subscription: String::new(),
                    resource_group: "<resource-group>".to_owned(),
                    name: "<cluster-name>".to_owned(),
                    kind,
                };
                &placeholder
            }
        };
        let install = crate::generate::extension_install(cluster_id)
            .render_line(crate::generate::Shell::Bash);
        sink.error(
            Code::ExtensionMissing,
            &path("aml_extension_installed"),
            0,
            format!("the Azure ML extension is not installed on the cluster; install it first (the prepare target writes the whole step): `{install}`"),
        );
    }
}

/// v1 allows one attachment per cluster; v2 allows many, one per namespace being the norm.
fn check_existing_attachments(
    id: Option<&ClusterId>,
    namespace: Option<&str>,
    version: Version,
    context: &Context,
    sink: &mut Sink,
) {
    let Some(id) = id else {
        return;
    };
    let canonical = id.to_string();
    for existing in &context.existing_computes {
        let same_cluster = existing
            .resource_id
            .as_deref()
            .and_then(|r| parse_cluster_id(r).ok())
            .is_some_and(|other| other.id.to_string().eq_ignore_ascii_case(&canonical));
        if !same_cluster {
            continue;
        }
        let place = match &existing.workspace {
            Some(workspace) => format!("in workspace {}", excerpt(workspace)),
            None => "in this workspace".to_owned(),
        };
        match version {
            Version::V1 => sink.error(
                Code::ClusterAlreadyAttached,
                "resource_id",
                0,
                format!("this cluster is already attached as {} {place}; a second v1 attachment breaks the first: detach it first, or attach the cluster as a v2 Kubernetes compute", excerpt(&existing.name)),
            ),
            Version::V2 => {
                let existing_ns = existing.namespace.as_deref().unwrap_or("default");
                if Some(existing_ns) == namespace {
                    sink.warning(
                        Code::ClusterNamespaceAttached,
                        "namespace",
                        0,
                        format!("the cluster is already attached as {} {place} with the same namespace {}; give each compute its own namespace to keep their workloads apart", excerpt(&existing.name), excerpt(existing_ns)),
                    );
                } else {
                    sink.info(
                        Code::ClusterMultiAttach,
                        "resource_id",
                        0,
                        format!("the cluster is also attached as {} {place} (namespace {}); v2 allows several attachments", excerpt(&existing.name), excerpt(existing_ns)),
                    );
                }
            }
        }
    }
}

/// The cluster's version against the region's support windows, judged by its own support plan,
/// when both are known (`crate::support`).
fn check_kubernetes_version(
    kind: ClusterKind,
    id: Option<&ClusterId>,
    context: &Context,
    now: Now,
    sink: &mut Sink,
) {
    let Some(cluster) = context.cluster.as_ref() else {
        return;
    };
    let Some(version) = cluster.kubernetes_version.as_deref() else {
        return;
    };
    let path = "context.cluster.kubernetes_version";
    let Some(minor) = minor_of(version) else {
        sink.error(
            Code::KubernetesVersionInvalid,
            path,
            0,
            format!(
                "{} is not a Kubernetes version such as 1.30 or 1.30.4",
                excerpt(version)
            ),
        );
        return;
    };
    let windows = Windows::of(
        context
            .supported_kubernetes_versions
            .iter()
            .map(String::as_str),
        context.lts_kubernetes_versions.iter().map(String::as_str),
    );
    let plan = Plan::of(cluster.tier.as_deref(), cluster.support_plan.as_deref());
    // A version with a long build suffix (`1.28.5+…`) is named without it.
    let shown = match parse_version(version) {
        Ok((parsed, _)) if !excerpt(version).is_whole() => parsed.to_string(),
        _ => version.to_owned(),
    };
    if let Some(finding) = judge(&shown, minor, &windows, plan, kind, id, now) {
        sink.push(finding.code, finding.severity, path, 0, finding.message);
    }
}
