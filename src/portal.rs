//! Reads which cluster or workspace a portal or studio address is about, from the address alone.
//!
//! The Azure portal puts the resource id in the fragment (`#@tenant/resource/subscriptions/…/overview`,
//! or percent-encoded inside `#view/…/resourceId/%2Fsubscriptions%2F…`); the Azure ML studio puts
//! the workspace id in the `wsid` query parameter (`?wsid=/subscriptions/…/workspaces/…&tid=…`).
//! Every `/subscriptions/…/resourceGroups/…/providers/{provider}/{type}/{name}` in the decoded
//! address is read; provider and type match in any casing, and ids come back in canonical casing
//! (names as written). Nothing here knows hosts: the extension decides where it looks.

use serde::Serialize;

use crate::resource_id::{check_resource_group, is_guid, parse_cluster_id, WorkspaceId};

/// What an address shows: a cluster, a workspace, or both (a workspace's page about a cluster).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PageContext {
    /// The AKS or Arc cluster's canonical id.
    pub cluster: Option<String>,
    /// The workspace.
    pub workspace: Option<WorkspaceInView>,
    /// The tenant the address names (`#@contoso.onmicrosoft.com`, `tid=…`), for sign-in.
    pub tenant: Option<String>,
}

impl PageContext {
    /// True when the address showed neither a cluster nor a workspace.
    pub fn is_empty(&self) -> bool {
        self.cluster.is_none() && self.workspace.is_none()
    }
}

/// A workspace seen in an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkspaceInView {
    /// Canonical id.
    pub id: String,
    /// Subscription id.
    pub subscription_id: String,
    /// Resource group, as written.
    pub resource_group: String,
    /// Workspace name, as written.
    pub name: String,
}

/// The cluster and workspace an address is about; empty when it names neither.
pub fn context_from_url(url: &str) -> PageContext {
    let decoded = percent_decode(url);
    let mut context = PageContext {
        tenant: tenant(&decoded),
        ..PageContext::default()
    };
    let lower = decoded.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("/subscriptions/") {
        let start = from + at;
        from = start + 1;
        let segments: Vec<&str> = decoded[start + 1..]
            .split(['?', '&', '#', '"', '\'', ' '])
            .next()
            .unwrap_or_default()
            .split('/')
            .take(8)
            .collect();
        let [_, subscription, groups, group, providers, provider, kind, name] = segments[..] else {
            continue;
        };
        if !groups.eq_ignore_ascii_case("resourceGroups")
            || !providers.eq_ignore_ascii_case("providers")
            || name.is_empty()
        {
            continue;
        }
        let id = format!("/subscriptions/{subscription}/resourceGroups/{group}/providers/{provider}/{kind}/{name}");
        if provider.eq_ignore_ascii_case("Microsoft.MachineLearningServices")
            && kind.eq_ignore_ascii_case("workspaces")
        {
            let workspace = WorkspaceId::parse(&id)
                .filter(|w| is_workspace(&w.subscription, &w.resource_group, &w.name));
            if let (None, Some(workspace)) = (&context.workspace, workspace) {
                context.workspace = Some(WorkspaceInView {
                    id: workspace.to_string(),
                    subscription_id: workspace.subscription,
                    resource_group: workspace.resource_group,
                    name: workspace.name,
                });
            }
        } else if context.cluster.is_none() {
            if let Ok(parsed) = parse_cluster_id(&id) {
                context.cluster = Some(parsed.id.to_string());
            }
        }
    }
    context
}

/// A workspace name as ARM allows it: 3–33 letters, digits, `_` and `-`, a letter or digit first.
fn is_workspace(subscription: &str, group: &str, name: &str) -> bool {
    is_guid(subscription)
        && check_resource_group(group).is_ok()
        && (3..=33).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `#@contoso.onmicrosoft.com/…` in the portal, `tid=…` in the studio.
fn tenant(decoded: &str) -> Option<String> {
    let portal = decoded
        .split_once("#@")
        .map(|(_, rest)| rest.split(['/', '?', '&']).next().unwrap_or_default());
    let studio = decoded
        .split(['?', '&', '#'])
        .find_map(|pair| pair.strip_prefix("tid="));
    portal
        .or(studio)
        .map(str::trim)
        .filter(|t| {
            !t.is_empty()
                && t.len() <= 256
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
        .map(str::to_owned)
}

/// `%2F` → `/`, twice over (the portal encodes ids inside already encoded blade inputs); bytes
/// that do not form UTF-8 are kept as they were.
fn percent_decode(text: &str) -> String {
    let once = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    percent_encoding::percent_decode_str(&once)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUB: &str = "1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b";

    fn cluster(url: &str) -> Option<String> {
        context_from_url(url).cluster
    }

    #[test]
    fn portal_resource_blades_give_the_cluster() {
        let aks = format!("/subscriptions/{SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod");
        for url in [
            format!("https://portal.azure.com/#@contoso.onmicrosoft.com/resource{aks}/overview"),
            format!("https://portal.azure.com/#resource{aks}"),
            format!("https://portal.azure.com/?feature.customportal=false#@contoso.onmicrosoft.com/resource{}/extensions", aks.replace("Microsoft.ContainerService/managedClusters", "microsoft.containerservice/MANAGEDCLUSTERS").replace("resourceGroups", "resourcegroups")),
            format!("https://portal.azure.com/#view/Microsoft_Azure_ContainerService/AksK8ResourceMenuBlade/~/overview/resourceId/{}", aks.replace('/', "%2F")),
            format!("https://portal.azure.com/#view/HubsExtension/DeploymentDetailsBlade/~/overview/id/{}", aks.replace('/', "%252F")),
        ] {
            assert_eq!(cluster(&url).as_deref(), Some(aks.as_str()), "{url}");
        }
        let context = context_from_url(&format!(
            "https://portal.azure.com/#@contoso.onmicrosoft.com/resource{aks}/overview"
        ));
        assert_eq!(context.tenant.as_deref(), Some("contoso.onmicrosoft.com"));
        assert_eq!(context.workspace, None);
    }

    #[test]
    fn arc_clusters_and_names_with_encoded_characters() {
        let arc = format!("/subscriptions/{SUB}/resourceGroups/rg-(arc).1/providers/Microsoft.Kubernetes/connectedClusters/arc_onprem-01");
        let url = format!(
            "https://portal.azure.com/#@x/resource{}/overview",
            arc.replace('(', "%28").replace(')', "%29")
        );
        assert_eq!(cluster(&url).as_deref(), Some(arc.as_str()));
    }

    #[test]
    fn the_studio_wsid_gives_the_workspace_and_tid_the_tenant() {
        let ws = format!("/subscriptions/{SUB}/resourcegroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod");
        for url in [
            format!("https://ml.azure.com/compute/list?wsid={ws}&tid=72f988bf-86f1-41af-91ab-2d7cd011db47"),
            format!("https://ml.azure.com/compute/k8s/details?wsid={}&tid=72f988bf-86f1-41af-91ab-2d7cd011db47#attached", ws.replace('/', "%2F")),
            format!("https://ml.azure.com/?tid=72f988bf-86f1-41af-91ab-2d7cd011db47&wsid={ws}"),
        ] {
            let context = context_from_url(&url);
            let workspace = context.workspace.expect(&url);
            assert_eq!(workspace.id, ws.replace("resourcegroups", "resourceGroups"), "{url}");
            assert_eq!(workspace.subscription_id, SUB);
            assert_eq!(workspace.resource_group, "rg-ml");
            assert_eq!(workspace.name, "mlw-prod");
            assert_eq!(
                context.tenant.as_deref(),
                Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
            );
            assert_eq!(context.cluster, None);
        }
    }

    #[test]
    fn a_workspace_child_page_gives_the_workspace() {
        let url = format!("https://portal.azure.com/#@x/resource/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws-1/computes/k8s/overview");
        assert_eq!(context_from_url(&url).workspace.unwrap().name, "ws-1");
    }

    #[test]
    fn other_addresses_give_nothing() {
        for url in [
            "https://portal.azure.com/#home",
            "https://portal.azure.com/#browse/Microsoft.ContainerService%2FManagedClusters",
            "https://ml.azure.com/",
            "https://portal.azure.com/#@x/resource/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
            "https://portal.azure.com/#@x/resource/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
            "https://portal.azure.com/#@x/resource/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/",
            "%%%%/subscriptions/%zz",
            "",
        ] {
            assert!(context_from_url(url).is_empty(), "{url}");
        }
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        for text in [
            "/subscriptions/",
            "/subscriptions//resourceGroups//providers///",
            "#@",
            "?tid=&wsid=/subscriptions/",
            "/SUBSCRIPTIONS/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/RESOURCEGROUPS/é/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/aks",
            "\u{0}%F0%9F%98",
        ] {
            let _ = context_from_url(text);
        }
    }
}
