//! Azure built-in roles, each named once: their names, the ids the checks compare role
//! assignments with, and which role grants an action a denial names
//! (learn.microsoft.com/azure/role-based-access-control/built-in-roles, read 2026-12-03).

/// A built-in role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    /// Its name, as `az role assignment create --role` takes it.
    pub name: &'static str,
    /// Its role definition id, where a check compares assignments with it.
    pub id: Option<&'static str>,
}

const fn role(name: &'static str) -> Role {
    Role { name, id: None }
}

/// Reader: every `*/read`.
pub const READER: Role = Role {
    name: "Reader",
    id: Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
};
/// Contributor: every action but role assignments.
pub const CONTRIBUTOR: Role = Role {
    name: "Contributor",
    id: Some("b24988ac-6180-42a0-ab88-20f7382dd24c"),
};
/// Owner.
pub const OWNER: Role = Role {
    name: "Owner",
    id: Some("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
};
/// Kubernetes Extension Contributor: `Microsoft.KubernetesConfiguration/extensions/*`.
pub const EXTENSION_CONTRIBUTOR: Role = Role {
    name: "Kubernetes Extension Contributor",
    id: Some("85cb6faf-e071-4c9b-8136-154b5a04f717"),
};
/// Azure Kubernetes Service Cluster Admin Role: `listClusterAdminCredential/action`.
pub const AKS_CLUSTER_ADMIN: Role = Role {
    name: "Azure Kubernetes Service Cluster Admin Role",
    id: Some("0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8"),
};
/// Azure Kubernetes Service Cluster User Role: `listClusterUserCredential/action`.
pub const AKS_CLUSTER_USER: Role = role("Azure Kubernetes Service Cluster User Role");
/// Azure Kubernetes Service Cluster Monitoring User: `listClusterMonitoringUserCredential`.
pub const AKS_MONITORING_USER: Role = role("Azure Kubernetes Service Cluster Monitoring User");
/// Azure Kubernetes Service Contributor Role: managed clusters' writes.
pub const AKS_CONTRIBUTOR: Role = role("Azure Kubernetes Service Contributor Role");
/// Azure Kubernetes Service RBAC Admin: Kubernetes objects on a cluster with Azure RBAC.
pub const AKS_RBAC_ADMIN: Role = role("Azure Kubernetes Service RBAC Admin");
/// Azure Arc Enabled Kubernetes Cluster User Role: an Arc cluster's user credentials.
pub const ARC_CLUSTER_USER: Role = role("Azure Arc Enabled Kubernetes Cluster User Role");
/// Kubernetes Cluster - Azure Arc Onboarding: connecting clusters to Arc.
pub const ARC_ONBOARDING: Role = role("Kubernetes Cluster - Azure Arc Onboarding");
/// AzureML Compute Operator: `Microsoft.MachineLearningServices/workspaces/computes/*`.
pub const ML_COMPUTE_OPERATOR: Role = role("AzureML Compute Operator");
/// AzureML Data Scientist: jobs, models, endpoints, not computes or the workspace.
pub const ML_DATA_SCIENTIST: Role = role("AzureML Data Scientist");
/// Role Based Access Control Administrator: role assignments.
pub const RBAC_ADMIN: Role = role("Role Based Access Control Administrator");
/// Storage Blob Data Reader: reading blobs (a data action).
pub const BLOB_READER: Role = role("Storage Blob Data Reader");
/// Storage Blob Data Contributor: reading and writing blobs (data actions).
pub const BLOB_CONTRIBUTOR: Role = role("Storage Blob Data Contributor");
/// Storage Account Contributor: the account itself, its keys.
pub const STORAGE_ACCOUNT_CONTRIBUTOR: Role = role("Storage Account Contributor");
/// AcrPull: pulling images.
pub const ACR_PULL: Role = role("AcrPull");
/// AcrPush: pushing images.
pub const ACR_PUSH: Role = role("AcrPush");
/// Managed Identity Operator: assigning a user-assigned identity to a resource.
pub const IDENTITY_OPERATOR: Role = role("Managed Identity Operator");
/// Network Contributor: joining subnets, network changes.
pub const NETWORK_CONTRIBUTOR: Role = role("Network Contributor");
/// Azure Relay Owner: the relay an Arc cluster's Azure ML extension uses.
pub const RELAY_OWNER: Role = role("Azure Relay Owner");

/// The roles a workspace's user-assigned identity needs on the cluster before an attach (a
/// system-assigned one is granted them by Azure ML): without Kubernetes Extension Contributor the
/// attach fails with "extension not installed", without Cluster Admin with "internal server
/// error". On an Arc cluster it also needs [`RELAY_OWNER`] on the relay the extension creates.
/// (learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace, read
/// 2026-12-03.)
pub const WORKSPACE_IDENTITY_ON_CLUSTER: [Role; 3] =
    [READER, EXTENSION_CONTRIBUTOR, AKS_CLUSTER_ADMIN];

/// What a Kubernetes compute's own managed identity needs for its jobs (same page): AcrPull on
/// the container registry its images come from, and on the storage account Storage Blob Data
/// Reader to read or Storage Blob Data Contributor to read and write.
pub const COMPUTE_IDENTITY_ON_REGISTRY: Role = ACR_PULL;
/// See [`COMPUTE_IDENTITY_ON_REGISTRY`]: reading the workspace's storage.
pub const COMPUTE_IDENTITY_READS_STORAGE: Role = BLOB_READER;
/// See [`COMPUTE_IDENTITY_ON_REGISTRY`]: reading and writing it.
pub const COMPUTE_IDENTITY_WRITES_STORAGE: Role = BLOB_CONTRIBUTOR;

/// The roles' names as a sentence says them: `A, B and C`.
pub fn names(roles: &[Role]) -> String {
    match roles {
        [] => String::new(),
        [one] => one.name.to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(|r| r.name).collect();
            format!("{} and {}", rest.join(", "), last.name)
        }
    }
}

/// The least built-in role that grants `action` (any case), as far as this tool knows; a read
/// falls back to Reader and anything else to Contributor.
pub fn for_action(action: &str) -> Role {
    let a = action.to_ascii_lowercase();
    let read = a.ends_with("/read");
    let starts = |prefix: &str| a.starts_with(prefix);
    if starts("microsoft.containerservice/managedclusters/listclusteradmincredential") {
        AKS_CLUSTER_ADMIN
    } else if starts("microsoft.containerservice/managedclusters/listclusterusercredential") {
        AKS_CLUSTER_USER
    } else if starts(
        "microsoft.containerservice/managedclusters/listclustermonitoringusercredential",
    ) {
        AKS_MONITORING_USER
    } else if starts("microsoft.kubernetes/connectedclusters/listclusterusercredential") {
        ARC_CLUSTER_USER
    } else if starts("microsoft.kubernetesconfiguration/") && !read {
        EXTENSION_CONTRIBUTOR
    } else if starts("microsoft.containerservice/") && !read {
        AKS_CONTRIBUTOR
    } else if starts("microsoft.kubernetes/connectedclusters") && !read {
        ARC_ONBOARDING
    } else if starts("microsoft.machinelearningservices/workspaces/computes/") && !read {
        ML_COMPUTE_OPERATOR
    } else if starts("microsoft.machinelearningservices/workspaces/write")
        || starts("microsoft.machinelearningservices/workspaces/delete")
    {
        CONTRIBUTOR
    } else if starts("microsoft.machinelearningservices/workspaces/") && !read {
        ML_DATA_SCIENTIST
    } else if starts("microsoft.authorization/roleassignments/") && !read {
        RBAC_ADMIN
    } else if starts("microsoft.storage/storageaccounts/blobservices/containers/blobs/") {
        if read {
            BLOB_READER
        } else {
            BLOB_CONTRIBUTOR
        }
    } else if starts("microsoft.storage/storageaccounts/") && !read {
        STORAGE_ACCOUNT_CONTRIBUTOR
    } else if starts("microsoft.containerregistry/registries/pull/") {
        ACR_PULL
    } else if starts("microsoft.containerregistry/registries/push/") {
        ACR_PUSH
    } else if starts("microsoft.managedidentity/userassignedidentities/assign/") {
        IDENTITY_OPERATOR
    } else if starts("microsoft.network/") && !read {
        NETWORK_CONTRIBUTOR
    } else if starts("microsoft.relay/") && !read {
        RELAY_OWNER
    } else if read {
        READER
    } else {
        CONTRIBUTOR
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_follows_the_action_not_the_workspace() {
        let cases = [
            (
                "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
                AKS_CLUSTER_USER,
            ),
            (
                "microsoft.containerservice/managedclusters/listClusterAdminCredential/action",
                AKS_CLUSTER_ADMIN,
            ),
            (
                "Microsoft.Kubernetes/connectedClusters/listClusterUserCredential/action",
                ARC_CLUSTER_USER,
            ),
            (
                "Microsoft.KubernetesConfiguration/extensions/write",
                EXTENSION_CONTRIBUTOR,
            ),
            ("Microsoft.KubernetesConfiguration/extensions/read", READER),
            (
                "Microsoft.MachineLearningServices/workspaces/computes/write",
                ML_COMPUTE_OPERATOR,
            ),
            (
                "Microsoft.MachineLearningServices/workspaces/jobs/write",
                ML_DATA_SCIENTIST,
            ),
            ("Microsoft.MachineLearningServices/workspaces/read", READER),
            ("Microsoft.Authorization/roleAssignments/write", RBAC_ADMIN),
            (
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
                BLOB_READER,
            ),
            (
                "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
                IDENTITY_OPERATOR,
            ),
            (
                "Microsoft.Network/virtualNetworks/subnets/join/action",
                NETWORK_CONTRIBUTOR,
            ),
            ("Microsoft.Resources/deployments/write", CONTRIBUTOR),
        ];
        for (action, role) in cases {
            assert_eq!(for_action(action), role, "{action}");
        }
    }
}
