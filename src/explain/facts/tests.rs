//! The readers on real shapes of error text, and hostile input.

use super::*;
use crate::explain::input::extract;

fn facts(text: &str) -> Facts {
    let (_, errors) = extract(text);
    read(text, &errors)
}

#[test]
fn reads_a_denial_with_scope_and_principal() {
    let f = facts("(AuthorizationFailed) The client 'ann@contoso.com' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action' over scope '/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1' or the scope is invalid.");
    assert_eq!(f.codes, ["AuthorizationFailed"]);
    assert_eq!(f.status, Some(403));
    let d = &f.denials[0];
    assert_eq!(
        d.action,
        "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action"
    );
    assert_eq!(d.client.as_deref(), Some("ann@contoso.com"));
    assert_eq!(
        d.object_id.as_deref(),
        Some("11111111-2222-3333-4444-555555555555")
    );
    assert!(d.scope.as_deref().unwrap().ends_with("/aks1"));
    assert!(d.scope_may_be_invalid);
    let c = f.cluster().unwrap();
    assert_eq!(
        (c.kind, c.name.as_str(), c.resource_group.as_deref()),
        (ResourceKind::AksCluster, "aks1", Some("rg1"))
    );
    assert_eq!(f.subscriptions, ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"]);
}

#[test]
fn a_held_action_is_not_a_denial() {
    let f = facts("The client 'x' with object id '11111111-2222-3333-4444-555555555555' has permission to perform action 'Microsoft.Resources/deployments/write' on scope '/subscriptions/s/resourceGroups/r'; however, it does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/a' (respectively) or the linked scope(s) are invalid.");
    assert_eq!(f.denials.len(), 1);
    assert_eq!(
        f.denials[0].action,
        "Microsoft.Network/virtualNetworks/subnets/join/action"
    );
    assert!(f.denials[0].linked);
}

#[test]
fn reads_a_missing_arc_cluster_from_arm_wording_and_escaped_json() {
    let f = facts(
        r#"{"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.Kubernetes/connectedClusters/edge-01' under resource group 'rg-edge' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"}}"#,
    );
    let c = f.cluster().unwrap();
    assert_eq!(c.kind, ResourceKind::ArcCluster);
    assert_eq!(c.name, "edge-01");
    assert_eq!(c.resource_group.as_deref(), Some("rg-edge"));
    assert!(c.missing);
    // The group it was looked for in is not what is missing.
    assert!(f
        .resources
        .iter()
        .all(|r| r.kind != ResourceKind::ResourceGroup));
}

#[test]
fn an_extension_id_names_its_cluster_and_lowercase_resourcegroups_is_noted() {
    let f = facts("PUT https://management.azure.com/subscriptions/0000/resourcegroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c1/providers/Microsoft.KubernetesConfiguration/extensions/azureml?api-version=2023-05-01");
    let kinds: Vec<_> = f
        .resources
        .iter()
        .map(|r| (r.kind, r.name.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (ResourceKind::ArcCluster, "c1"),
            (ResourceKind::Extension, "azureml")
        ]
    );
    let ext = f.first(ResourceKind::Extension).unwrap();
    assert!(ext.id_problems[0].contains("resourcegroups"));
    assert_eq!(
        ext.canonical_id().unwrap(),
        "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c1/providers/Microsoft.KubernetesConfiguration/extensions/azureml"
    );
}

#[test]
fn reads_stated_limits_versions_providers_and_codes() {
    let f = facts("Compute name is invalid. It must be between 2 and 16 characters in length.");
    assert_eq!(
        f.limits,
        [Limit {
            min: Some(2),
            max: Some(16),
            name: true
        }]
    );
    let f = facts("Code=\"RequestDisallowedByPolicy\" SubCode: QuotaExceeded; Kubernetes version 1.24.9 is not supported in this region. The subscription is not registered to use namespace 'Microsoft.KubernetesConfiguration'.");
    assert!(f.has_code("RequestDisallowedByPolicy") && f.has_code("QuotaExceeded"));
    assert_eq!(f.kubernetes_versions, ["1.24.9"]);
    assert_eq!(
        f.unregistered_providers,
        ["Microsoft.KubernetesConfiguration"]
    );
    let f = facts(
        r#"{"principalId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "location": "East US 2", "namespace": "team-a"}"#,
    );
    assert_eq!(f.object_ids, ["3fa85f64-5717-4562-b3fc-2c963f66afa6"]);
    // A location in prose is not a region.
    assert!(facts("the location must be set").regions.is_empty());
    assert_eq!(f.regions, ["eastus2"]);
    assert_eq!(f.namespaces, ["team-a"]);
}

#[test]
fn hostile_input_is_read_without_panics() {
    for text in [
        "/subscriptions/",
        "/subscriptions//resourceGroups//providers//",
        "perform action '",
        "perform action",
        "resource 'a/b/c' under resource group '",
        "version 1.",
        "code=",
        "code:\"",
        "\\u12",
        "\\",
        "between 1 and 2 characters",
        "namespace 'Microsoft.",
        "é/subscriptions/é/resourceGroups/é",
    ] {
        let _ = facts(text);
    }
    let long = "/subscriptions/x/resourceGroups/y/providers/".repeat(2000);
    let _ = facts(&long);
}
