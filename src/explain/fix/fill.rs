//! What the spec and workspace leave open, filled from the facts the text states: the workspace's
//! parts, the cluster (AKS or Arc); where both name something and disagree, the spec wins and a
//! note says so.

use super::Cluster;
use crate::explain::facts::{Facts, ResourceKind};
use crate::generate::Ws;
use crate::resource_id::ClusterKind;
use crate::spec::{AksAction, AttachSpec, ClusterRef, KubernetesCompute, Workspace};

/// The workspace given, its open parts filled from the workspace the text names.
pub(super) fn fill_workspace(
    given: Option<&Workspace>,
    facts: &Facts,
    notes: &mut Vec<String>,
) -> Workspace {
    let mut workspace = given.cloned().unwrap_or_default();
    let named = facts.first(ResourceKind::Workspace);
    let text_name = named
        .map(|w| w.name.clone())
        .or_else(|| facts.workspaces.first().cloned());
    let text_group = named.and_then(|w| w.resource_group.clone());
    let text_subscription = named
        .and_then(|w| w.subscription.clone())
        .or_else(|| facts.subscriptions.first().cloned());
    for (label, field, from_text) in [
        ("workspace", &mut workspace.name, text_name),
        (
            "workspace resource group",
            &mut workspace.resource_group,
            text_group,
        ),
        (
            "subscription",
            &mut workspace.subscription_id,
            text_subscription,
        ),
    ] {
        match (field.as_deref().filter(|v| !v.is_empty()), from_text) {
            (Some(given), Some(text)) => disagree(notes, label, given, Some(&text)),
            (None, Some(text)) => *field = Some(text),
            _ => {}
        }
    }
    if workspace.location.as_deref().is_none_or(str::is_empty) {
        workspace.location = facts.regions.first().cloned();
    }
    workspace
}

/// Notes that the text names `text` where the spec or workspace says `given`.
pub(super) fn disagree(notes: &mut Vec<String>, what: &str, given: &str, text: Option<&str>) {
    if let Some(text) = text {
        if !given.eq_ignore_ascii_case(text) && !given.starts_with('<') {
            notes.push(format!(
                "the text names {what} {}, your spec or workspace says {}: the commands use yours",
                crate::diagnostic::excerpt(text),
                crate::diagnostic::excerpt(given)
            ));
        }
    }
}

pub(super) fn cluster_of(
    spec: Option<&AttachSpec>,
    ws: &Ws,
    facts: &Facts,
    notes: &mut Vec<String>,
) -> Cluster {
    let known = |subscription: Option<String>, resource_group: &str, name: &str, kind| {
        let sub = subscription
            .clone()
            .unwrap_or_else(|| "<subscription-id>".to_owned());
        let (provider, kind_name) = ClusterKind::provider_and_type(kind);
        Cluster {
            id: format!(
                "/subscriptions/{sub}/resourceGroups/{resource_group}/providers/{provider}/{kind_name}/{name}"
            ),
            subscription,
            resource_group: resource_group.to_owned(),
            name: name.to_owned(),
            kind,
        }
    };
    let ws_subscription = Some(ws.subscription.clone()).filter(|s| !s.starts_with('<'));
    let text = facts.cluster();
    let given = match spec {
        Some(AttachSpec::Kubernetes(KubernetesCompute { resource_id, .. }))
        | Some(AttachSpec::Aks(crate::spec::AksCompute {
            action: AksAction::Attach(ClusterRef::ResourceId(resource_id)),
            ..
        })) => Some(known(
            Some(resource_id.subscription.clone()).filter(|s| !s.is_empty()),
            &resource_id.resource_group,
            &resource_id.name,
            resource_id.kind,
        )),
        Some(AttachSpec::Aks(crate::spec::AksCompute {
            action:
                AksAction::Attach(ClusterRef::Name {
                    resource_group,
                    cluster_name,
                }),
            ..
        })) => Some(known(
            ws_subscription.clone(),
            resource_group,
            cluster_name,
            ClusterKind::Aks,
        )),
        Some(AttachSpec::Aks(_)) | None => None,
    };
    if let Some(given) = given {
        if let Some(text) = text {
            disagree(notes, "cluster", &given.name, Some(&text.name));
        }
        return given;
    }
    if let Some(text) = text {
        let kind = text.kind.cluster_kind().unwrap_or(ClusterKind::Aks);
        return known(
            text.subscription.clone().or(ws_subscription),
            text.resource_group
                .as_deref()
                .unwrap_or("<cluster-resource-group>"),
            &text.name,
            kind,
        );
    }
    known(
        ws_subscription,
        "<cluster-resource-group>",
        "<cluster-name>",
        ClusterKind::Aks,
    )
}
