//! The checks worth running when no known failure matched, chosen and ordered by what the text
//! names.

use super::Subject;
use crate::explain::facts::{Facts, ResourceKind};
use crate::explain::knowledge::{Assignee, FixCmd, Scope};
use crate::explain::Fix;
use crate::resource_id::ClusterKind;

/// The most useful reads when no known failure matched, chosen and ordered by what the text
/// names: its cluster (AKS or Arc), compute, extension, workspace.
pub(in crate::explain) fn generic_checks(subject: &Subject, facts: &Facts) -> Vec<Fix> {
    let named = |kind| facts.first(kind).is_some();
    let cluster = match subject.cluster.kind {
        ClusterKind::Aks => "the AKS cluster",
        ClusterKind::Arc => "the Arc-enabled cluster",
    };
    let mut first = Vec::new();
    let mut rest = Vec::new();
    let because = |what: &str, thing: ResourceKind| {
        facts
            .first(thing)
            .map(|r| format!("the text names {} {}: ", what, r.name))
            .unwrap_or_default()
    };
    if subject.cluster.kind == ClusterKind::Arc {
        first.push(subject.fix(
            &format!(
                "{}read the Arc cluster's connectivity: connectivityStatus should be Connected, with a recent lastConnectivityTime (agents that stopped reporting leave extensions Pending)",
                because("the Arc-enabled cluster", ResourceKind::ArcCluster)
            ),
            &[FixCmd::ShowCluster],
        ));
    }
    let extension = subject.fix(
        &format!(
            "{}read {cluster}'s extensions: the Azure ML extension should be installed and Succeeded",
            because("the extension", ResourceKind::Extension)
        ),
        &[FixCmd::ShowExtension],
    );
    let compute = subject.fix(
        &format!(
            "{}read the compute: a Failed compute lists its provisioning errors (paste them here)",
            because("the compute", ResourceKind::Compute)
        ),
        &[FixCmd::ShowCompute],
    );
    let pods = subject.fix(
        "see the extension's pods: all should be Running",
        &[FixCmd::Credentials, FixCmd::ExtensionPods],
    );
    let roles = subject.fix(
        "list the workspace identity's role assignments on the cluster (a user-assigned identity needs Reader, Kubernetes Extension Contributor and Azure Kubernetes Service Cluster Admin Role)",
        &[FixCmd::ListRoles(Assignee::WorkspaceIdentity, Scope::Cluster)],
    );
    if named(ResourceKind::Compute) || !facts.computes.is_empty() {
        first.push(compute);
        rest.extend([extension, pods, roles]);
    } else {
        rest.extend([extension, pods, compute, roles]);
    }
    first.extend(rest);
    first
}
