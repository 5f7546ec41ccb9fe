//! A resource not found where the request looked: the commands of its kind (AKS or Arc,
//! workspace, compute, extension, group, subscription) with the text's values.

use super::denied::describe;
use super::{has_any, source, Found, Reasoned};
use super::{DOC_NOT_FOUND, DOC_NOT_FOUND_MESSAGE, NOT_FOUND_CODES};
use crate::explain::facts::{Facts, Resource, ResourceKind};
use crate::explain::fix::Subject;
use crate::explain::{Cause, Command, Confidence, Fix, Match};
use crate::generate::Cmd;
use crate::resource_id::ClusterKind;

/// Commands that show `resource` (or list what is there when it is missing), with its values.
pub(super) fn show_commands(resource: &Resource, subject: &Subject) -> Vec<Command> {
    let group = resource
        .resource_group
        .clone()
        .unwrap_or_else(|| "<resource-group>".to_owned());
    let with_sub = |cmd: Cmd| cmd.opt_if("--subscription", resource.subscription.as_deref());
    let name = resource.name.as_str();
    let cmds = match resource.kind {
        ResourceKind::AksCluster => vec![
            with_sub(
                Cmd::new("az aks show")
                    .opt("--resource-group", &group)
                    .opt("--name", name)
                    .opt(
                        "--query",
                        "{id: id, state: provisioningState, power: powerState.code}",
                    ),
            ),
            with_sub(
                Cmd::new("az aks list")
                    .opt("--query", "[].{name: name, resourceGroup: resourceGroup}")
                    .opt("--output", "table"),
            ),
        ],
        ResourceKind::ArcCluster => vec![
            with_sub(
                Cmd::new("az connectedk8s show")
                    .opt("--resource-group", &group)
                    .opt("--name", name)
                    .opt(
                        "--query",
                        "{id: id, connectivity: connectivityStatus, agents: agentVersion}",
                    ),
            ),
            with_sub(Cmd::new("az connectedk8s list").opt("--output", "table")),
        ],
        ResourceKind::Workspace => vec![
            with_sub(
                Cmd::new("az ml workspace show")
                    .opt("--resource-group", &group)
                    .opt("--name", name),
            ),
            with_sub(Cmd::new("az ml workspace list").opt("--output", "table")),
        ],
        ResourceKind::Compute => {
            let (_, ws_group, ws_name) = subject.workspace_parts();
            vec![Cmd::new("az ml compute list")
                .opt("--resource-group", ws_group)
                .opt("--workspace-name", ws_name)
                .opt("--output", "table")]
        }
        ResourceKind::Extension => {
            let cluster = resource
                .id
                .as_deref()
                .map(|id| crate::explain::facts::read(id, &[]));
            let cluster = cluster.as_ref().and_then(Facts::cluster);
            let (kind, cluster_name) =
                cluster.map_or((ClusterKind::Aks, "<cluster-name>".to_owned()), |c| {
                    (
                        c.kind.cluster_kind().unwrap_or(ClusterKind::Aks),
                        c.name.clone(),
                    )
                });
            vec![with_sub(
                Cmd::new("az k8s-extension list")
                    .opt("--cluster-type", kind.extension_cluster_type())
                    .opt("--cluster-name", cluster_name)
                    .opt("--resource-group", &group)
                    .opt("--output", "table"),
            )]
        }
        ResourceKind::ResourceGroup => vec![
            with_sub(Cmd::new("az group show").opt("--name", name)),
            with_sub(Cmd::new("az group list").opt("--output", "table")),
        ],
        ResourceKind::Subscription => vec![Cmd::new("az account list")
            .flag("--all")
            .opt("--output", "table")],
        _ => match &resource.id {
            Some(id) => vec![Cmd::new("az resource show").opt("--ids", id)],
            None => vec![with_sub(
                Cmd::new("az resource list")
                    .opt("--name", name)
                    .opt("--output", "table"),
            )],
        },
    };
    cmds.into_iter().map(|c| subject.command(c)).collect()
}

pub(super) fn not_found(facts: &Facts, subject: &Subject) -> Option<Reasoned> {
    let code = has_any(facts, NOT_FOUND_CODES);
    let missing: Vec<&Resource> = facts.resources.iter().filter(|r| r.missing).collect();
    // A bare `NotFound` with nothing named is any 404 (a job's file, a URL): not this rule.
    if missing.is_empty() && code.as_deref().is_none_or(|c| c == "NotFound") {
        return None;
    }
    let mut shown_by: Vec<String> = code.iter().cloned().collect();
    let mut causes = Vec::new();
    let subject_missing: Vec<&Resource> = if missing.is_empty() {
        // The code says something was not found: the deepest resource named is the suspect.
        facts.resources.iter().rev().take(1).collect()
    } else {
        missing
    };
    for resource in subject_missing.iter().take(2) {
        shown_by.push(resource.name.clone());
        let subscription = resource
            .subscription
            .clone()
            .or_else(|| facts.subscriptions.first().cloned());
        causes.push(Cause {
            cause: format!(
                "{} is not where the request looked: its name, resource group or subscription{} is wrong, or it was deleted or not created yet",
                describe(resource),
                subscription
                    .as_deref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            ),
            fix: Fix {
                text: "look for it where the request said, then list what is there".to_owned(),
                commands: show_commands(resource, subject),
            },
            checks: Vec::new(),
            verdict: None,
        });
        if let Some(kind) = resource.kind.cluster_kind() {
            let (other_provider, other_type) = match kind {
                ClusterKind::Aks => ClusterKind::Arc.provider_and_type(),
                ClusterKind::Arc => ClusterKind::Aks.provider_and_type(),
            };
            let other = match kind {
                ClusterKind::Aks => "an Azure Arc-enabled cluster",
                ClusterKind::Arc => "an AKS cluster",
            };
            causes.push(Cause {
                cause: format!(
                    "the cluster is {other}, named with the other kind's type: its id is …/providers/{other_provider}/{other_type}/{}, and `az k8s-extension` takes `--cluster-type {other_type}`",
                    resource.name
                ),
                fix: Fix {
                    text: "find the resource by name and read its type; write the cluster's id and --cluster-type from it".to_owned(),
                    commands: vec![subject.command(
                        Cmd::new("az resource list")
                            .opt("--name", &resource.name)
                            .opt_if("--subscription", resource.subscription.as_deref())
                            .opt("--query", "[].{type: type, id: id}")
                            .opt("--output", "table"),
                    )],
                },
                checks: Vec::new(),
                verdict: None,
            });
        }
        if let Some(subscription) = subscription {
            causes.push(Cause {
                cause: format!(
                    "the CLI is signed in to another subscription than {subscription}, the one the request names"
                ),
                fix: Fix {
                    text: "check the current subscription and switch to the one that holds the resource".to_owned(),
                    commands: vec![
                        subject.command(Cmd::new("az account show").opt("--query", "{name: name, id: id}")),
                        subject.command(Cmd::new("az account set").opt("--subscription", &subscription)),
                    ],
                },
                checks: Vec::new(),
                verdict: None,
            });
        }
    }
    if causes.is_empty() {
        return None;
    }
    let confidence = if code.is_some() && subject_missing.iter().any(|r| r.missing) {
        Confidence::High
    } else {
        Confidence::Medium
    };
    let title = match subject_missing.first().map(|r| r.kind) {
        Some(ResourceKind::AksCluster) | Some(ResourceKind::ArcCluster) => {
            "the cluster was not found where the request looked"
        }
        Some(ResourceKind::ResourceGroup) => "the resource group was not found",
        Some(ResourceKind::Subscription) => "the subscription was not found",
        _ => "a resource was not found where the request looked",
    };
    Some(Reasoned {
        found: Found::Own(Match {
            settings: Vec::new(),
            id: "resource-not-found",
            title,
            confidence,
            evidence: Vec::new(),
            causes,
            sources: vec![source(DOC_NOT_FOUND, DOC_NOT_FOUND_MESSAGE)],
        }),
        shown_by,
    })
}
