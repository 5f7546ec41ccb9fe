//! Pre-flight facts against causes: what the live reads (the `context` the pre-flight returns)
//! say about each cause's checks, and whether that confirms the cause or rules it out.

use serde::Serialize;

use super::{Cause, CheckKind};
use crate::spec::{ClusterFacts, Context};
use crate::validate::missing_workspace_roles;
use crate::vm_size;

/// What a fact says about the cause it was read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bearing {
    /// The fact is the problem the cause names.
    Supports,
    /// The fact shows the problem is not there.
    Against,
}

/// A fact the pre-flight read, for one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The fact, in words.
    pub fact: String,
    /// What it says about the cause.
    pub bearing: Bearing,
}

/// A cause's standing once facts are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Some fact supports it and none speaks against it.
    Confirmed,
    /// Every fact read speaks against it.
    RuledOut,
    /// The facts disagree.
    Mixed,
}

/// The smallest production cluster, as the validator knows it.
const MIN_NODES: u32 = crate::spec::PRODUCTION_MINIMUM.nodes;
const MIN_VCPUS: u32 = crate::spec::PRODUCTION_MINIMUM.vcpus;

impl CheckKind {
    /// Whether the signed-in pre-flight reads the facts this check needs, so that running it
    /// confirms or rules out a cause (what [`finding`] answers from its context).
    pub fn read_by_preflight(self) -> bool {
        match self {
            CheckKind::WorkspaceIdentityRoles
            | CheckKind::ClusterExtensions
            | CheckKind::ClusterAccess
            | CheckKind::TrustedAccessBindings
            | CheckKind::ClusterNodePools => true,
            CheckKind::WorkspaceComputes
            | CheckKind::ComputeIdentityRoles
            | CheckKind::CallerPermissions
            | CheckKind::WorkspaceProperties
            | CheckKind::PolicyAssignments
            | CheckKind::ExtensionPods
            | CheckKind::ClusterNamespaces
            | CheckKind::CliVersions => false,
        }
    }
}

/// What `context` says for a check of `kind`, when it holds the facts that check reads.
pub(super) fn finding(kind: CheckKind, context: &Context) -> Option<Finding> {
    let cluster = context.cluster.as_ref();
    match kind {
        CheckKind::WorkspaceIdentityRoles => {
            let held = cluster?.workspace_identity_roles.as_ref()?;
            let missing = missing_workspace_roles(held);
            Some(if missing.is_empty() {
                against("the workspace's identity holds the roles it needs on the cluster")
            } else {
                supports(format!(
                    "the workspace's identity lacks {} on the cluster",
                    missing.join(", ")
                ))
            })
        }
        CheckKind::ClusterExtensions => Some(match cluster?.aml_extension_installed? {
            true => against("the Azure ML extension is installed on the cluster and succeeded"),
            false => supports(
                "the Azure ML extension is not installed on the cluster, or its installation did not succeed",
            ),
        }),
        CheckKind::ClusterAccess => access(cluster?),
        CheckKind::TrustedAccessBindings => Some(match cluster?.trusted_access? {
            true => against("the cluster has a Trusted Access role binding for Azure ML"),
            false => supports("the cluster has no Trusted Access role binding for Azure ML"),
        }),
        CheckKind::ClusterNodePools => capacity(cluster?),
        // What the pre-flight does not read (`CheckKind::read_by_preflight`, the one list).
        _ => None,
    }
}

/// How the cluster restricts access: local accounts, a private API server, authorized ranges.
fn access(cluster: &ClusterFacts) -> Option<Finding> {
    let mut restrictions = Vec::new();
    if cluster.local_accounts_disabled == Some(true) {
        restrictions.push("disables local accounts".to_owned());
    }
    if cluster.private_cluster == Some(true) {
        restrictions.push("has a private API server".to_owned());
    }
    if !cluster.authorized_ip_ranges.is_empty() {
        restrictions.push(format!(
            "lets only {} authorized IP range(s) reach its API server",
            cluster.authorized_ip_ranges.len()
        ));
    }
    if !restrictions.is_empty() {
        return Some(supports(format!("the cluster {}", restrictions.join(", "))));
    }
    // Nothing restricts access, as far as the read facts go: all three must have been read.
    (cluster.local_accounts_disabled == Some(false) && cluster.private_cluster.is_some())
        .then(|| against("the cluster keeps local accounts and a public API server open to all"))
}

/// The cluster's size against the production line.
fn capacity(cluster: &ClusterFacts) -> Option<Finding> {
    if cluster.node_pools.is_empty() {
        return None;
    }
    let nodes: u32 = cluster.node_pools.iter().map(|p| p.count).sum();
    let vcpus: Option<u32> = cluster
        .node_pools
        .iter()
        .map(|p| {
            p.vcpus
                .or_else(|| p.vm_size.as_deref().and_then(vm_size::vcpus))
                .map(|v| v.saturating_mul(p.count))
        })
        .sum();
    let size = match vcpus {
        Some(v) => format!("{nodes} node(s) and {v} vCPUs"),
        None => format!("{nodes} node(s)"),
    };
    let small = nodes < MIN_NODES || vcpus.is_some_and(|v| v < MIN_VCPUS);
    Some(if small {
        supports(format!(
            "the cluster has {size}, under the production line of {MIN_NODES} nodes and {MIN_VCPUS} vCPUs"
        ))
    } else if vcpus.is_some() {
        against(format!(
            "the cluster has {size}, enough for production ({MIN_NODES} nodes and {MIN_VCPUS} vCPUs)"
        ))
    } else {
        return None;
    })
}

/// A cause's verdict from its checks' findings; `None` when no fact was read for it.
pub(super) fn verdict(cause: &Cause) -> Option<Verdict> {
    let bearings = cause
        .checks
        .iter()
        .filter_map(|c| c.finding.as_ref().map(|f| f.bearing));
    let (mut support, mut against) = (false, false);
    for bearing in bearings {
        match bearing {
            Bearing::Supports => support = true,
            Bearing::Against => against = true,
        }
    }
    match (support, against) {
        (false, false) => None,
        (true, false) => Some(Verdict::Confirmed),
        (false, true) => Some(Verdict::RuledOut),
        (true, true) => Some(Verdict::Mixed),
    }
}

fn supports(fact: impl Into<String>) -> Finding {
    Finding {
        fact: fact.into(),
        bearing: Bearing::Supports,
    }
}

fn against(fact: impl Into<String>) -> Finding {
    Finding {
        fact: fact.into(),
        bearing: Bearing::Against,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fact the signed-in pre-flight reads (`arm::PreflightRead`), as its context holds
    /// them.
    const PREFLIGHT_FACTS: &str = "\
cluster:
  node_pools:
    - {name: system, count: 3, vm_size: Standard_D4s_v3, mode: System}
  private_cluster: false
  local_accounts_disabled: false
  trusted_access: true
  aml_extension_installed: true
  workspace_identity_roles: []
";

    #[test]
    fn the_preflight_answers_exactly_the_checks_it_says_it_reads() {
        let node = crate::document::parse(PREFLIGHT_FACTS).unwrap();
        let (context, problems) = crate::validate::parse_context(&node);
        assert!(problems.is_empty(), "{problems:?}");
        let kinds = [
            CheckKind::WorkspaceIdentityRoles,
            CheckKind::ComputeIdentityRoles,
            CheckKind::CallerPermissions,
            CheckKind::ClusterExtensions,
            CheckKind::ClusterAccess,
            CheckKind::ClusterNodePools,
            CheckKind::TrustedAccessBindings,
            CheckKind::WorkspaceProperties,
            CheckKind::WorkspaceComputes,
            CheckKind::PolicyAssignments,
            CheckKind::ExtensionPods,
            CheckKind::ClusterNamespaces,
            CheckKind::CliVersions,
        ];
        for kind in kinds {
            assert_eq!(
                finding(kind, &context).is_some(),
                kind.read_by_preflight(),
                "{kind:?}"
            );
        }
    }
}
