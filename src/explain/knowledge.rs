//! The knowledge base: each known attach or workload failure, the patterns that recognise it,
//! its likely causes in order with the fix for each, and the public text the failure's message
//! was taken from. Every message pattern is a fragment of a real message quoted in `sources`.

use super::{CheckKind, Confidence};

/// One known failure.
pub(super) struct Failure {
    /// Stable id (kebab case).
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    /// Error codes that belong to it (compared without regard to case, as whole words).
    pub codes: &'static [&'static str],
    /// Whether a code alone (no message) is enough to recognise it.
    pub code_alone: bool,
    /// Fragments of its message (matched in normalized text).
    pub messages: &'static [&'static str],
    /// Weak hints: a symptom more than a message.
    pub hints: &'static [&'static str],
    /// `additionalInfo` types of an ARM error that belong to it.
    pub info_types: &'static [&'static str],
    /// The highest confidence it can reach (generic errors stay below high).
    pub cap: Confidence,
    /// Likely causes, most likely first.
    pub causes: &'static [CauseDef],
    /// Where the message and the knowledge come from.
    pub sources: &'static [SourceDef],
}

/// A cause and its fix.
pub(super) struct CauseDef {
    /// What went wrong.
    pub cause: &'static str,
    /// What to do.
    pub fix: &'static str,
    /// The commands that apply the fix.
    pub commands: &'static [FixCmd],
    /// Pre-flight reads that confirm or rule out this cause.
    pub checks: &'static [CheckKind],
}

/// Where knowledge comes from: an address and the exact message text found there.
pub(super) struct SourceDef {
    /// Documentation page (with section) or public issue.
    pub url: &'static str,
    /// The message as written there.
    pub message: &'static str,
}

/// Whose role assignment a command creates or lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Assignee {
    /// The workspace's managed identity (its user-assigned one when it has one).
    WorkspaceIdentity,
    /// The compute's managed identity.
    ComputeIdentity,
    /// The signed-in user or service principal.
    Caller,
}

/// What a role is assigned on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The cluster.
    Cluster,
    /// The Azure Relay of an Arc cluster.
    Relay,
    /// The workspace's storage account.
    Storage,
    /// The workspace.
    Workspace,
}

/// A command of a fix, written from the user's spec (or with placeholders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FixCmd {
    /// `az role assignment create`.
    Role(&'static str, Assignee, Scope),
    /// `az role assignment list`.
    ListRoles(Assignee, Scope),
    /// `az ml workspace show` for its identity and primary user-assigned identity.
    ShowWorkspaceIdentity,
    /// `az k8s-extension show`.
    ShowExtension,
    /// `az k8s-extension create` for Microsoft.AzureML.Kubernetes.
    InstallExtension,
    /// `az k8s-extension delete` then create.
    ReinstallExtension,
    /// `az k8s-extension update --config …`.
    UpdateExtension(&'static [&'static str]),
    /// `kubectl get pods -n azureml`.
    ExtensionPods,
    /// `kubectl describe configmap -n azureml arcml-healthcheck`.
    HealthCheckReport,
    /// `helm list -Aa`.
    HelmList,
    /// `az aks get-credentials`.
    Credentials,
    /// `kubectl create namespace`.
    CreateNamespace,
    /// `az aks trustedaccess rolebinding create`.
    TrustedAccess,
    /// `az aks update --enable-local-accounts`.
    EnableLocalAccounts,
    /// The eight azureml-fe `kubectl delete` lines.
    AzuremlFeCleanup,
    /// A v1 attach with `cluster_purpose` DevTest.
    DevTestPurpose,
    /// A v1 attach with an internal load balancer.
    InternalLoadBalancer,
    /// `az aks scale --node-count 3`.
    ScaleToThree,
    /// `az aks start`.
    StartCluster,
    /// `az aks show` of the cluster's power state, network and access profile.
    ShowCluster,
    /// `kubectl get nodes` (is the API server reachable from here?).
    KubectlNodes,
    /// `az ml compute show`.
    ShowCompute,
    /// `az ml compute detach` then attach again.
    Reattach,
    /// `az extension update --name …`.
    UpdateCli(&'static str),
    /// `az provider register --namespace …`.
    RegisterProvider(&'static str),
    /// `az policy assignment list` over the cluster's resource group.
    ListPolicies,
    /// `amlattach validate-name`.
    ValidateName,
    /// `kubectl get svc,pods -n azureml` for the ingress controller.
    IngressService,
    /// `kubectl label` and `kubectl annotate` a conflicting resource for Helm.
    AdoptForHelm,
    /// `az logout`.
    Logout,
    /// `az login` (with `--scope` when given), then `az account set` to the workspace's
    /// subscription, which a new sign-in does not keep.
    Login(Option<&'static str>),
    /// `az login --claims-challenge` (and `Connect-AzAccount -ClaimsChallenge`) with the
    /// challenge and tenant the error gave, or the MFA request the CLIs send.
    ClaimsLogin,
    /// `az login` as a managed identity or a service principal (with a certificate).
    WorkloadLogin,
}

/// When the first failure matches, the second is not reported: the first explains it better
/// (a policy denial whose reason is MFA is the MFA failure, not a policy to change).
pub(super) const SUPERSEDES: &[(&str, &str)] = &[("mfa-required", "policy-denied")];

use Assignee::{Caller, ComputeIdentity, WorkspaceIdentity};
use CheckKind as K;
use Confidence::{High, Low, Medium};
use FixCmd as F;
use Scope::{Cluster, Relay, Storage, Workspace};

const DOC_ATTACH: &str =
    "https://learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace#prerequisites";
const DOC_TS_COMPUTE: &str =
    "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-compute";
const DOC_TS_EXTENSION: &str =
    "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension";
const DOC_TS_HEALTHCHECK: &str = "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension#error-code-of-healthcheck";
const TRUSTED_ACCESS: &str =
    "https://github.com/Azure/AML-Kubernetes/blob/master/docs/azureml-aks-ta-support.md";

const ROLE_READER: &str = "Reader";
const ROLE_EXTENSION: &str = "Kubernetes Extension Contributor";
const ROLE_CLUSTER_ADMIN: &str = "Azure Kubernetes Service Cluster Admin Role";

const WORKSPACE_ROLES: &[FixCmd] = &[
    F::Role(ROLE_READER, WorkspaceIdentity, Cluster),
    F::Role(ROLE_EXTENSION, WorkspaceIdentity, Cluster),
    F::Role(ROLE_CLUSTER_ADMIN, WorkspaceIdentity, Cluster),
];

/// Every known failure, in the order they are listed.
pub(super) const FAILURES: &[Failure] = &[
    Failure {
        id: "extension-not-installed",
        title: "attach fails with \"extension not installed\"",
        codes: &[],
        code_alone: false,
        messages: &["extension not installed"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the workspace uses a user-assigned identity that lacks the Kubernetes Extension Contributor role on the cluster",
                fix: "grant the role to the workspace's identity on the cluster, then attach again",
                commands: &[F::Role(ROLE_EXTENSION, WorkspaceIdentity, Cluster)],
                checks: &[K::WorkspaceIdentityRoles],
            },
            CauseDef {
                cause: "the Azure ML extension (Microsoft.AzureML.Kubernetes) is not installed on the cluster, or its installation failed",
                fix: "read the cluster's extensions; install the Azure ML extension if it is missing or failed",
                commands: &[F::ShowExtension, F::InstallExtension],
                checks: &[K::ClusterExtensions],
            },
        ],
        sources: &[SourceDef {
            url: DOC_ATTACH,
            message: "If the \"Kubernetes Extension Contributor\" role permission is not available, the cluster attachment fails with \"extension not installed\" error.",
        }],
    },
    Failure {
        id: "internal-server-error",
        title: "attach fails with a bare internal server error",
        codes: &["InternalServerError"],
        code_alone: true,
        messages: &["an internal server error occurred"],
        hints: &["internal server error"],
        info_types: &[],
        cap: Medium,
        causes: &[
            CauseDef {
                cause: "the workspace uses a user-assigned identity that lacks the Azure Kubernetes Service Cluster Admin Role on the cluster",
                fix: "grant the role to the workspace's identity on the cluster, then attach again",
                commands: &[F::Role(ROLE_CLUSTER_ADMIN, WorkspaceIdentity, Cluster)],
                checks: &[K::WorkspaceIdentityRoles],
            },
            CauseDef {
                cause: "the Azure ML extension on the cluster is unhealthy",
                fix: "check the extension's state, its pods and its health-check report",
                commands: &[F::ShowExtension, F::Credentials, F::ExtensionPods, F::HealthCheckReport],
                checks: &[K::ClusterExtensions, K::ExtensionPods],
            },
            CauseDef {
                cause: "the workspace or resource group name ends with '-' (a documented cause of InternalServerError for Kubernetes compute workloads)",
                fix: "use a workspace whose name and resource group do not end with '-'",
                commands: &[],
                checks: &[K::WorkspaceProperties],
            },
        ],
        sources: &[
            SourceDef {
                url: DOC_ATTACH,
                message: "If the \"Azure Kubernetes Service Cluster Admin\" role permission is not available, the cluster attachment fails with \"internal server\" error.",
            },
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/issues/155",
                message: "Provisioning error\nAn internal server error occurred. If the problem persists, contact support",
            },
            SourceDef {
                url: "https://github.com/Azure/MachineLearningNotebooks/issues/73",
                message: "Message: An internal server error occurred. Please try again. If the problem persists, contact support",
            },
        ],
    },
    Failure {
        id: "aks-role-check-failed",
        title: "AKS role check failed for the workspace's user-assigned identity",
        codes: &["BadRequest"],
        code_alone: false,
        messages: &["aks role check failed for user assigned identity"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the workspace's user-assigned identity lacks Reader, Kubernetes Extension Contributor or Azure Kubernetes Service Cluster Admin Role on the cluster (and Contributor when the cluster uses Trusted Access)",
                fix: "grant the three roles to the workspace's identity on the cluster, then attach again",
                commands: WORKSPACE_ROLES,
                checks: &[K::WorkspaceIdentityRoles],
            },
            CauseDef {
                cause: "the roles were granted to another identity than the workspace's primary user-assigned identity",
                fix: "read the workspace's identities and grant the roles to the primary one",
                commands: &[F::ShowWorkspaceIdentity, F::ListRoles(WorkspaceIdentity, Cluster)],
                checks: &[K::WorkspaceProperties, K::WorkspaceIdentityRoles],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/issues/279",
                message: "(BadRequest) AKS role check failed for user assigned identity. Please check the role assignment.\nCode: BadRequest\nMessage: AKS role check failed for user assigned identity. Please check the role assignment.",
            },
            SourceDef {
                url: DOC_ATTACH,
                message: "the following role assignments need to be granted to the managed identity manually before attaching the compute",
            },
        ],
    },
    Failure {
        id: "local-accounts-disabled",
        title: "the cluster has local accounts disabled",
        codes: &["BadRequest"],
        code_alone: false,
        messages: &[
            "getting static credential is not allowed because this cluster is set to disable local accounts",
            "failed to get static credential",
        ],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the AKS cluster disables local accounts and the workspace has no Trusted Access role binding on it",
                fix: "create the Azure ML Trusted Access role binding for this workspace (one per workspace); with a user-assigned workspace identity also grant it Contributor on the cluster; then attach a new compute",
                commands: &[F::TrustedAccess, F::Role("Contributor", WorkspaceIdentity, Cluster)],
                checks: &[K::ClusterAccess, K::TrustedAccessBindings],
            },
            CauseDef {
                cause: "Trusted Access is not an option for you",
                fix: "enable local accounts on the cluster (weaker: it brings back static admin credentials)",
                commands: &[F::EnableLocalAccounts],
                checks: &[K::ClusterAccess],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/issues/261",
                message: "azure.core.exceptions.HttpResponseError: (BadRequest) Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.",
            },
            SourceDef {
                url: TRUSTED_ACCESS,
                message: "AzureML now supports access to AKS clusters with following special configurations: AKS cluster with local account disabled",
            },
        ],
    },
    Failure {
        id: "fastprod-node-count",
        title: "a production (FastProd) v1 cluster needs at least 3 nodes",
        codes: &[],
        code_alone: false,
        messages: &[
            "machine(s) are required for cluster with purpose 'fastprod'",
            "at least 3 machine(s) are required",
        ],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the cluster has fewer than 3 nodes and the v1 attach asked for (or defaulted to) cluster_purpose FastProd",
                fix: "attach for development and test (cluster_purpose DevTest)",
                commands: &[F::DevTestPurpose],
                checks: &[K::ClusterNodePools],
            },
            CauseDef {
                cause: "the cluster is meant for production but is too small",
                fix: "scale the cluster to 3 nodes, then attach again",
                commands: &[F::ScaleToThree],
                checks: &[K::ClusterNodePools],
            },
        ],
        sources: &[SourceDef {
            url: "https://github.com/MicrosoftDocs/azure-docs/issues/55597",
            message: "At least 3 machine(s) are required for cluster with purpose 'FastProd'. Available machine(s) : 2",
        }],
    },
    Failure {
        id: "fastprod-cores",
        title: "a production (FastProd) v1 cluster needs at least 12 vCPUs",
        codes: &[],
        code_alone: false,
        messages: &["should have at least 12 cores to operate"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the cluster has fewer than 12 vCPUs in total and the v1 attach asked for (or defaulted to) cluster_purpose FastProd",
                fix: "attach for development and test (cluster_purpose DevTest)",
                commands: &[F::DevTestPurpose],
                checks: &[K::ClusterNodePools],
            },
            CauseDef {
                cause: "the cluster is meant for production but is too small",
                fix: "add nodes (or use a larger VM size) until the nodes have 12 vCPUs together",
                commands: &[F::ScaleToThree],
                checks: &[K::ClusterNodePools],
            },
        ],
        sources: &[SourceDef {
            url: "https://github.com/MicrosoftDocs/azure-docs/issues/55597",
            message: "Agent coresCluster should have at least 12 cores to operate.",
        }],
    },
    Failure {
        id: "policy-denied",
        title: "an Azure Policy assignment denied the request",
        codes: &["RequestDisallowedByPolicy"],
        code_alone: true,
        messages: &["was disallowed by policy", "load balancers should not have public ips"],
        hints: &[],
        info_types: &["PolicyViolation"],
        cap: High,
        causes: &[
            CauseDef {
                cause: "a policy forbids public IP addresses, and the cluster's load balancer (or azureml-fe's) asks for one",
                fix: "use an internal load balancer: for v1, load_balancer_type InternalLoadBalancer; for v2, the extension's internalLoadBalancerProvider=azure",
                commands: &[F::InternalLoadBalancer, F::UpdateExtension(&["internalLoadBalancerProvider=azure"])],
                checks: &[K::PolicyAssignments],
            },
            CauseDef {
                cause: "another policy in the message's additionalInfo denied it",
                fix: "read the policy assignments named in the error; ask their owner for an exemption or change the request to comply",
                commands: &[F::ListPolicies],
                checks: &[K::PolicyAssignments],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/AKS/issues/3212",
                message: "{\"error\":{\"code\":\"RequestDisallowedByPolicy\",\"target\":\"kubernetes-a7704c27655a34fdf8a13baf2adf63cb\",\"message\":\"Resource 'kubernetes-a7704c27655a34fdf8a13baf2adf63cb' was disallowed by policy. Reasons: 'Public IP creation is not allowed.'. See error details for policy resource IDs.\",\"additionalInfo\":[{\"type\":\"PolicyViolation\"",
            },
            SourceDef {
                url: "https://github.com/Azure/AKS/issues/2993",
                message: "(ReconcileStandardLoadBalancerError) Resource request failed due to RequestDisallowedByPolicy.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/v1/how-to-create-attach-kubernetes#limitations",
                message: "Load Balancers should not have public IPs",
            },
        ],
    },
    Failure {
        id: "relay-not-provided",
        title: "the Arc cluster's Azure Relay is missing for the compute",
        codes: &[],
        code_alone: false,
        messages: &["relay resource id or connection string are not provided"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the Azure ML extension's relay on the Arc cluster is missing or was changed (for example after a detach)",
                fix: "check the extension; reinstall it if it failed, then detach and attach the compute again",
                commands: &[F::ShowExtension, F::Reattach],
                checks: &[K::ClusterExtensions],
            },
            CauseDef {
                cause: "the workspace's user-assigned identity lacks Azure Relay Owner on the relay the extension created",
                fix: "grant Azure Relay Owner on the relay (in the Arc cluster's resource group) to the workspace's identity",
                commands: &[F::Role("Azure Relay Owner", WorkspaceIdentity, Relay)],
                checks: &[K::WorkspaceIdentityRoles],
            },
        ],
        sources: &[SourceDef {
            url: "https://github.com/Azure/AML-Kubernetes/issues/75",
            message: "Relay resource id or connection string are not provided. Please visit https://aka.ms/amlk8s-troubleshoot-preview for help.",
        }],
    },
    Failure {
        id: "extension-manager-forbidden",
        title: "installing the extension: the extension manager may not read the cluster",
        codes: &["AuthorizationFailed"],
        code_alone: false,
        messages: &["managedclusters/extensionaddons/read"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the subscription is not set up for cluster extensions (the client named in the message is Azure's extension manager, not you)",
                fix: "register the Microsoft.KubernetesConfiguration and Microsoft.ContainerService providers, update the k8s-extension CLI, and install again",
                commands: &[
                    F::RegisterProvider("Microsoft.KubernetesConfiguration"),
                    F::RegisterProvider("Microsoft.ContainerService"),
                    F::UpdateCli("k8s-extension"),
                    F::InstallExtension,
                ],
                checks: &[K::ClusterExtensions],
            },
            CauseDef {
                cause: "the signed-in account lacks rights on the cluster",
                fix: "list your role assignments on the cluster; ask for Contributor (or Kubernetes Extension Contributor) on it",
                commands: &[F::ListRoles(Caller, Cluster)],
                checks: &[K::CallerPermissions],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/azure-cli/issues/25654",
                message: "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client '<CLIENT_ID>' with object id '<CLIENT_ID>' does not have authorization to perform action 'Microsoft.ContainerService/managedclusters/extensionaddons/read' over scope",
            },
            SourceDef {
                url: "https://github.com/Azure/azure-cli-extensions/issues/5144",
                message: "Error code: Forbidden. Reason: Forbidden.{\"error\":{\"code\":\"AuthorizationFailed\"",
            },
        ],
    },
    Failure {
        id: "extension-token-claims",
        title: "installing the extension: access token without puid/altsecid/oid",
        codes: &["InvalidAuthenticationToken"],
        code_alone: false,
        messages: &["at least one of the claims 'puid' or 'altsecid' or 'oid' should be present"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the cluster uses Azure AD with Azure RBAC and the extension install is not authorized on it",
                fix: "give the installing account Azure Kubernetes Service RBAC Admin on the cluster (reported to fix it), then install again",
                commands: &[F::Role("Azure Kubernetes Service RBAC Admin", Caller, Cluster), F::InstallExtension],
                checks: &[K::ClusterAccess, K::CallerPermissions],
            },
            CauseDef {
                cause: "local accounts are disabled on the cluster",
                fix: "use Trusted Access, or enable local accounts (reported to fix it)",
                commands: &[F::TrustedAccess, F::EnableLocalAccounts],
                checks: &[K::ClusterAccess],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/MicrosoftDocs/azure-docs/issues/97274",
                message: "(ExtensionOperationFailed) The extension operation failed with the following error:  Request failed to https://management.azure.com/subscriptions/<sensitivevalueremoved>/resourceGroups/rg-mygroup/providers/Microsoft.ContainerService/managedclusters/aks-mycluster/extensionaddons/neilsamlext?api-version=2021-03-01. Error code: Unauthorized. Reason: Unauthorized.{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present.",
            },
            SourceDef {
                url: "https://github.com/Azure/AKS/issues/3835",
                message: "The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present. If you are accessing as application please make sure service principal is properly created in the tenant.",
            },
        ],
    },
    Failure {
        id: "compute-not-accessible",
        title: "the workspace's identity cannot reach the cluster (ComputeNotAccessible)",
        codes: &["ComputeNotAccessible"],
        code_alone: true,
        messages: &["the kubernetes compute is not accessible"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the workspace's managed identity has no access to the AKS cluster",
            fix: "grant the workspace's identity Reader, Kubernetes Extension Contributor and Azure Kubernetes Service Cluster Admin Role on the cluster",
            commands: WORKSPACE_ROLES,
            checks: &[K::WorkspaceIdentityRoles],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "The Kubernetes compute is not accessible.",
        }],
    },
    Failure {
        id: "generic-compute-error",
        title: "failed to get the compute's information (GenericComputeError)",
        codes: &["GenericComputeError"],
        code_alone: true,
        messages: &["failed to get compute information"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the cluster is stopped or unhealthy",
                fix: "start the cluster and check the extension's pods",
                commands: &[F::ShowCluster, F::StartCluster, F::Credentials, F::ExtensionPods],
                checks: &[K::ClusterAccess, K::ExtensionPods],
            },
            CauseDef {
                cause: "the compute's instance types are wrong",
                fix: "read the compute and its instance types",
                commands: &[F::ShowCompute],
                checks: &[K::WorkspaceComputes],
            },
            CauseDef {
                cause: "the compute's connection is stale",
                fix: "detach and attach again with exactly the same name and namespace",
                commands: &[F::Reattach],
                checks: &[K::WorkspaceComputes],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Failed to get compute information.",
        }],
    },
    Failure {
        id: "compute-not-found",
        title: "the Kubernetes compute cannot be found (ComputeNotFound)",
        codes: &["ComputeNotFound"],
        code_alone: true,
        messages: &["cannot find kubernetes compute"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the compute was detached or removed while endpoints or deployments still use it",
                fix: "attach the compute again with the same name and namespace, then recreate the endpoint and deployment",
                commands: &[F::ShowCompute, F::Reattach],
                checks: &[K::WorkspaceComputes],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Cannot find Kubernetes compute.",
        }],
    },
    Failure {
        id: "invalid-compute-information",
        title: "the compute information is invalid (InvalidComputeInformation)",
        codes: &["InvalidComputeInformation"],
        code_alone: true,
        messages: &["the compute information is invalid"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the compute target named is not in the workspace",
                fix: "check the compute's name in the workspace",
                commands: &[F::ShowCompute],
                checks: &[K::WorkspaceComputes],
            },
            CauseDef {
                cause: "the Azure ML extension's configuration changed after the compute was attached",
                fix: "detach and attach the compute again with the same configuration",
                commands: &[F::Reattach],
                checks: &[K::ClusterExtensions],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "The compute information is invalid.",
        }],
    },
    Failure {
        id: "invalid-compute-kubeconfig",
        title: "no configuration to reach the cluster (InvalidComputeNoKubernetesConfiguration)",
        codes: &["InvalidComputeNoKubernetesConfiguration"],
        code_alone: true,
        messages: &["the compute kubeconfig is invalid"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the compute's connection configuration is missing (the Azure Relay configuration of an Arc cluster, the AKS configuration of an AKS cluster)",
            fix: "detach and attach the compute again to rebuild it",
            commands: &[F::Reattach],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "The compute kubeconfig is invalid.",
        }],
    },
    Failure {
        id: "cluster-connect-failed",
        title: "Azure ML cannot connect to the cluster (GenericClusterError)",
        codes: &["GenericClusterError"],
        code_alone: true,
        messages: &["failed to connect to kubernetes cluster"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the AKS cluster is stopped",
                fix: "start the cluster",
                commands: &[F::ShowCluster, F::StartCluster],
                checks: &[K::ClusterAccess],
            },
            CauseDef {
                cause: "the cluster's API server allows only authorized IP ranges, without the Azure ML control plane's",
                fix: "allow the AzureMachineLearning service tag's ranges (both paired regions) or use Trusted Access",
                commands: &[F::ShowCluster, F::TrustedAccess],
                checks: &[K::ClusterAccess, K::TrustedAccessBindings],
            },
            CauseDef {
                cause: "the API server does not answer",
                fix: "check that kubectl reaches the cluster",
                commands: &[F::Credentials, F::KubectlNodes],
                checks: &[K::ClusterAccess],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Failed to connect to Kubernetes cluster: <message>",
        }],
    },
    Failure {
        id: "cluster-not-reachable",
        title: "the cluster is not reachable (ClusterNotReachable)",
        codes: &["ClusterNotReachable"],
        code_alone: true,
        messages: &["the kubernetes cluster is not reachable"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the AKS cluster is stopped",
                fix: "start the cluster",
                commands: &[F::ShowCluster, F::StartCluster],
                checks: &[K::ClusterAccess],
            },
            CauseDef {
                cause: "the Kubernetes API server is not accessible",
                fix: "check that kubectl reaches the cluster",
                commands: &[F::Credentials, F::KubectlNodes],
                checks: &[K::ClusterAccess],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "The Kubernetes cluster is not reachable.",
        }],
    },
    Failure {
        id: "cluster-not-found",
        title: "the cluster cannot be found (ClusterNotFound)",
        codes: &["ClusterNotFound"],
        code_alone: true,
        messages: &["cannot found kubernetes cluster"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the cluster resource was deleted or moved",
                fix: "check the cluster's resource id",
                commands: &[F::ShowCluster],
                checks: &[K::ClusterAccess],
            },
            CauseDef {
                cause: "the cluster exists but the compute's link to it is stale",
                fix: "detach and attach the compute again",
                commands: &[F::Reattach],
                checks: &[K::WorkspaceComputes],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Cannot found Kubernetes cluster.",
        }],
    },
    Failure {
        id: "extension-service-not-found",
        title: "the extension's ingress service has no running pods (ClusterServiceNotFound)",
        codes: &["ClusterServiceNotFound"],
        code_alone: true,
        messages: &["azureml extension service not found in cluster"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the azureml-ingress-nginx-controller service in the azureml namespace has no running backend pod (for example, not enough resources)",
            fix: "check the service and its pods; describe a pending pod and free resources",
            commands: &[F::Credentials, F::IngressService],
            checks: &[K::ExtensionPods],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "AzureML extension service not found in cluster.",
        }],
    },
    Failure {
        id: "cluster-unauthorized",
        title: "a request to the cluster was unauthorized (ClusterUnauthorized)",
        codes: &["ClusterUnauthorized"],
        code_alone: true,
        messages: &["request to kubernetes cluster unauthorized"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "on a Trusted Access cluster, the access token expired during the deployment",
            fix: "try again after several minutes",
            commands: &[],
            checks: &[K::TrustedAccessBindings],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Request to Kubernetes cluster unauthorized.",
        }],
    },
    Failure {
        id: "extension-identity-not-set",
        title: "the extension's identity is not assigned (RefreshExtensionIdentityNotSet)",
        codes: &["RefreshExtensionIdentityNotSet"],
        code_alone: true,
        messages: &[],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the Azure ML extension is installed but its identity is not correctly assigned (managed clusters)",
            fix: "reinstall the extension",
            commands: &[F::ReinstallExtension],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "ERROR: RefreshExtensionIdentityNotSet",
        }],
    },
    Failure {
        id: "training-not-enabled",
        title: "training jobs need the extension's training feature",
        codes: &["E45004"],
        code_alone: false,
        messages: &["training feature is not enabled"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the Azure ML extension was installed without enableTraining=True",
            fix: "turn training on in the extension's configuration",
            commands: &[F::UpdateExtension(&["enableTraining=True"])],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Azure Machine Learning Kubernetes job failed. E45004:\"Training feature is not enabled, please enable it when install the extension.\"",
        }],
    },
    Failure {
        id: "token-service-unreachable",
        title: "jobs cannot reach the Azure ML token service",
        codes: &[],
        code_alone: false,
        messages: &["error when attempting to connect to the azure machine learning token service"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the cluster's network (private link, DNS or proxy) does not reach the workspace",
            fix: "from an azureml-fe pod, resolve {workspace_id}.workspace.{region}.api.azureml.ms: a private link setup answers with an address in the VNet",
            commands: &[F::Credentials, F::ExtensionPods],
            checks: &[K::ExtensionPods],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Azure Machine Learning Kubernetes job failed. 400:{\"Msg\":\"Encountered an error when attempting to connect to the Azure Machine Learning token service\",\"Code\":400}",
        }],
    },
    Failure {
        id: "compute-without-identity",
        title: "jobs cannot read the datastore: the compute has no managed identity",
        codes: &[],
        code_alone: false,
        messages: &["give either an account key or sas token"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the Kubernetes compute was attached without a managed identity, so jobs have no credential for the workspace's storage or registry",
            fix: "attach the compute with a system- or user-assigned identity (or set one in the studio), then grant that identity Storage Blob Data Reader on the storage account (AcrPull on the registry for images)",
            commands: &[F::Reattach, F::Role("Storage Blob Data Reader", ComputeIdentity, Storage)],
            checks: &[K::WorkspaceComputes, K::ComputeIdentityRoles],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Unable to mount data store workspaceblobstore. Give either an account key or SAS token",
        }],
    },
    Failure {
        id: "blob-upload-unauthorized",
        title: "jobs cannot upload project files to blob storage",
        codes: &[],
        code_alone: false,
        messages: &["unable to upload project files to working directory in azureblob because the authorization failed"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the storage account's firewall does not let trusted Azure services (the workspace) in",
                fix: "allow \"Azure services on the trusted service list\" on the storage account and add the workspace to its resource instances",
                commands: &[],
                checks: &[K::WorkspaceProperties],
            },
            CauseDef {
                cause: "the workspace has no system-assigned managed identity",
                fix: "use a workspace with a system-assigned identity",
                commands: &[F::ShowWorkspaceIdentity],
                checks: &[K::WorkspaceProperties],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Unable to upload project files to working directory in AzureBlob because the authorization failed.",
        }],
    },
    Failure {
        id: "blobfuse-download-mode",
        title: "job pods stuck in Init: input data in download mode",
        codes: &[],
        code_alone: false,
        messages: &["no volume plugin matched", "failed to get plugin from volumespec for volume"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the Azure ML extension does not support download mode for input data",
            fix: "change the job's inputs to mount mode (mode: ro_mount)",
            commands: &[],
            checks: &[],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Unable to attach or mount volumes: *** failed to get plugin from volumeSpec for volume ***-blobfuse-*** err=no volume plugin matched",
        }],
    },
    Failure {
        id: "identity-sidecar-killed",
        title: "training job failed with 137 in training-identity-sidecar",
        codes: &[],
        code_alone: false,
        messages: &["training-identity-sidecar"],
        hints: &["podpattern matched"],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the cluster uses a proxy and 127.0.0.1 is not in its skip range",
            fix: "add 127.0.0.1 to the proxy skip range (az connectedk8s connect --proxy-skip-range for Arc)",
            commands: &[],
            checks: &[],
        }],
        sources: &[SourceDef {
            url: DOC_TS_COMPUTE,
            message: "Azure Machine Learning Kubernetes job failed. 137:PodPattern matched: {\"containers\":[{\"name\":\"training-identity-sidecar\"",
        }],
    },
    Failure {
        id: "helm-name-in-use",
        title: "installing the extension: the release name is still in use",
        codes: &[],
        code_alone: false,
        messages: &["a name that is still in use"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "an Azure ML extension with this name is still being removed",
                fix: "wait about an hour and try again",
                commands: &[F::ShowExtension],
                checks: &[K::ClusterExtensions],
            },
            CauseDef {
                cause: "another Helm release uses the name",
                fix: "list the Helm releases and pick another extension name",
                commands: &[F::Credentials, F::HelmList],
                checks: &[K::ClusterExtensions],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_EXTENSION,
            message: "Error: can't reuse a name that is still in use",
        }],
    },
    Failure {
        id: "helm-operation-in-progress",
        title: "installing the extension: an earlier Helm operation is still running",
        codes: &[],
        code_alone: false,
        messages: &["earlier operation for the helm chart is still in progress"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "an earlier install, upgrade or delete of the extension has not finished",
            fix: "wait about an hour, check the extension's state, and try again",
            commands: &[F::ShowExtension],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_EXTENSION,
            message: "Error: earlier operation for the helm chart is still in progress",
        }],
    },
    Failure {
        id: "azureml-namespace-terminating",
        title: "installing the extension: the azureml namespace is being deleted",
        codes: &[],
        code_alone: false,
        messages: &["unable to create new content in namespace azureml"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "an uninstall of the extension has not finished when the install started",
            fix: "check that the extension is fully uninstalled before installing again",
            commands: &[F::ShowExtension],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_EXTENSION,
            message: "Error: unable to create new content in namespace azureml because it's being terminated",
        }],
    },
    Failure {
        id: "extension-version-not-found",
        title: "installing the extension: the chart version does not exist",
        codes: &[],
        code_alone: false,
        messages: &["failed in download the chart path not found"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the extension version given with --version does not exist",
            fix: "give an existing version, or leave out --version for the latest",
            commands: &[F::InstallExtension],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_EXTENSION,
            message: "Error: failed in download the Chart path not found",
        }],
    },
    Failure {
        id: "helm-ownership-conflict",
        title: "installing the extension: a cluster resource belongs to another release",
        codes: &[],
        code_alone: false,
        messages: &["cannot be imported into the current release: invalid ownership metadata"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "a resource the extension installs (such as the Volcano CRD jobs.batch.volcano.sh) already exists, created by someone else",
                fix: "if only Azure ML uses it, label and annotate it for Helm; otherwise turn off that component in the extension's configuration (installVolcano=False, installPromOp=False)",
                commands: &[F::AdoptForHelm],
                checks: &[K::ClusterExtensions],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_EXTENSION,
            message: "CustomResourceDefinition \"jobs.batch.volcano.sh\" in namespace \"\" exists and cannot be imported into the current release: invalid ownership metadata",
        }],
    },
    Failure {
        id: "healthcheck-load-balancer",
        title: "extension health check: no load balancer in the cluster (E40001)",
        codes: &["E40001"],
        code_alone: false,
        messages: &["load_balancer_not_support"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the cluster has no load balancer for inferenceRouterServiceType=loadBalancer",
            fix: "configure a load balancer, or set inferenceRouterServiceType to nodePort or clusterIP",
            commands: &[F::UpdateExtension(&["inferenceRouterServiceType=nodePort"])],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_HEALTHCHECK,
            message: "E40001 | LOAD_BALANCER_NOT_SUPPORT",
        }],
    },
    Failure {
        id: "healthcheck-insufficient-nodes",
        title: "extension health check: inferenceRouterHA needs 3 nodes (E40002)",
        codes: &["E40002"],
        code_alone: false,
        messages: &["insufficient_node"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "inferenceRouterHA is on (the default) and the cluster has fewer than three nodes",
                fix: "turn the HA router off",
                commands: &[F::UpdateExtension(&["inferenceRouterHA=False"])],
                checks: &[K::ClusterNodePools, K::ClusterExtensions],
            },
            CauseDef {
                cause: "the cluster is meant to serve with a highly available router",
                fix: "scale the cluster to three nodes",
                commands: &[F::ScaleToThree],
                checks: &[K::ClusterNodePools],
            },
        ],
        sources: &[SourceDef {
            url: DOC_TS_HEALTHCHECK,
            message: "E40002 | INSUFFICIENT_NODE",
        }],
    },
    Failure {
        id: "healthcheck-internal-load-balancer",
        title: "extension health check: internal load balancer not supported (E40003)",
        codes: &["E40003"],
        code_alone: false,
        messages: &["internal_load_balancer_not_support"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "internalLoadBalancerProvider is set on a cluster that is not AKS (only AKS, with the azure type, supports it)",
            fix: "install the extension without internalLoadBalancerProvider",
            commands: &[F::ShowExtension],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_HEALTHCHECK,
            message: "E40003 | INTERNAL_LOAD_BALANCER_NOT_SUPPORT",
        }],
    },
    Failure {
        id: "healthcheck-ssl",
        title: "extension health check: TLS key or certificate not valid (E40007)",
        codes: &["E40007"],
        code_alone: false,
        messages: &["invalid_ssl_setting"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the SSL key or certificate is not valid, or the CNAME does not match the certificate",
            fix: "check the certificate chain, the key match and the CNAME (`amlattach secret --cname …` on the PEM files)",
            commands: &[],
            checks: &[],
        }],
        sources: &[SourceDef {
            url: DOC_TS_HEALTHCHECK,
            message: "E40007 | INVALID_SSL_SETTING",
        }],
    },
    Failure {
        id: "healthcheck-prometheus",
        title: "extension health check: another Prometheus operator (E45002)",
        codes: &["E45002"],
        code_alone: false,
        messages: &["prometheus_conflict"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "a Prometheus operator installed by another service conflicts with the extension's",
            fix: "install the extension without its own Prometheus operator",
            commands: &[F::UpdateExtension(&["installPromOp=False"])],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[SourceDef {
            url: DOC_TS_HEALTHCHECK,
            message: "E45002 | PROMETHEUS_CONFLICT",
        }],
    },
    Failure {
        id: "healthcheck-network",
        title: "extension health check: bad network connectivity (E45003)",
        codes: &["E45003"],
        code_alone: false,
        messages: &["bad_network_connectivity"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the cluster cannot reach the endpoints the extension needs (firewall, proxy, DNS)",
            fix: "open the outbound rules of the Kubernetes compute network requirements",
            commands: &[F::Credentials, F::HealthCheckReport],
            checks: &[K::ExtensionPods],
        }],
        sources: &[SourceDef {
            url: DOC_TS_HEALTHCHECK,
            message: "E45003 | BAD_NETWORK_CONNECTIVITY",
        }],
    },
    Failure {
        id: "legacy-azureml-fe",
        title: "extension health check: v1 azureml-fe objects are still on the cluster (E45004, E45005)",
        codes: &["E45004", "E45005"],
        code_alone: false,
        messages: &["azureml_fe_role_conflict", "azureml_fe_deployment_conflict"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the cluster was attached as a legacy v1 AKS compute and its azureml-fe objects remain",
            fix: "when no v1 web service is left, delete the eight azureml-fe objects, then install the extension",
            commands: &[F::Credentials, F::AzuremlFeCleanup, F::InstallExtension],
            checks: &[K::WorkspaceComputes],
        }],
        sources: &[
            SourceDef {
                url: DOC_TS_HEALTHCHECK,
                message: "E45004 | AZUREML_FE_ROLE_CONFLICT",
            },
            SourceDef {
                url: DOC_TS_HEALTHCHECK,
                message: "E45005 | AZUREML_FE_DEPLOYMENT_CONFLICT",
            },
        ],
    },
    Failure {
        id: "compute-name-invalid",
        title: "the compute name breaks the naming rule",
        codes: &[],
        code_alone: false,
        messages: &["compute name is invalid"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the name is not 3–24 characters of letters, digits and '-', starting with a letter and ending with a letter or digit",
            fix: "pick a name that follows the rule (check it offline)",
            commands: &[F::ValidateName],
            checks: &[],
        }],
        sources: &[
            SourceDef {
                url: "https://github.com/aztfmod/terraform-provider-azurecaf/issues/78",
                message: "Compute name is invalid. It can include letters, digits and dashes. It must start with a letter, end with a letter or digit, and be between 3 and 24 characters in length",
            },
            SourceDef {
                url: "https://github.com/MicrosoftLearning/DP100/pull/50",
                message: "Compute name is invalid. It can include letters, digits and dashes. It must start with a letter, end with a letter or digit, and be between 2 and 16 characters in length.",
            },
        ],
    },
    Failure {
        id: "unsupported-compute-type",
        title: "the CLI shows \"*** unsupported compute type ***\"",
        codes: &[],
        code_alone: false,
        messages: &["unsupported compute type"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the az ml CLI extension does not know the compute type it read back (the attach itself may have succeeded: see provisioning_state)",
            fix: "update the ml CLI extension and show the compute again",
            commands: &[F::UpdateCli("ml"), F::ShowCompute],
            checks: &[K::CliVersions, K::WorkspaceComputes],
        }],
        sources: &[SourceDef {
            url: "https://github.com/Azure/AML-Kubernetes/issues/188",
            message: "\"type\": \"*** unsupported compute type ***\"",
        }],
    },
    Failure {
        id: "job-queued-no-namespace",
        title: "jobs stay Queued with no logs",
        codes: &[],
        code_alone: false,
        messages: &[],
        hints: &["stuck in queued"],
        info_types: &[],
        cap: Low,
        causes: &[CauseDef {
            cause: "the compute's Kubernetes namespace does not exist: attach neither creates nor checks it",
            fix: "create the namespace, then submit the job again; on AKS without kubectl access (local accounts disabled), create it through ARM as a managed namespace with `az aks namespace add` ({azure-cli-managed-namespaces} or later; the CLI requires a resource quota, and Kubernetes then refuses pods that set no CPU and memory limits) or from amlattach's page",
            commands: &[F::Credentials, F::CreateNamespace],
            checks: &[K::ClusterNamespaces],
        }],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/issues/26",
                message: "submit job which gets stuck in queued with NO logs",
            },
            SourceDef {
                url: DOC_ATTACH,
                message: "Compute attach won't create the Kubernetes namespace automatically or validate whether the kubernetes namespace existed.",
            },
        ],
    },
    Failure {
        id: "caller-not-authorized",
        title: "you lack a permission on the workspace",
        codes: &["AuthorizationFailed"],
        code_alone: false,
        messages: &["does not have authorization to perform action 'microsoft.machinelearningservices/"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the signed-in account (the client in the message) has no role granting that action on the workspace; attaching an AKS cluster also needs the Azure Kubernetes Service Cluster Admin Role on the cluster",
            fix: "list your role assignments; ask an owner for a role with the action named in the message",
            commands: &[F::ListRoles(Caller, Workspace), F::ListRoles(Caller, Cluster)],
            checks: &[K::CallerPermissions],
        }],
        sources: &[
            SourceDef {
                url: "https://github.com/microsoft/mlops-template-for-azureml-sdk-v2/issues/9",
                message: "azure.core.exceptions.HttpResponseError: (AuthorizationFailed) The client '0dae0dfa-9a0d-4999-9500-8a8656d419e2' with object id '0dae0dfa-9a0d-4999-9500-8a8656d419e2' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/read' over scope",
            },
            SourceDef {
                url: "https://github.com/MicrosoftDocs/pipelines-azureml/issues/27",
                message: "\"code\": \"AuthorizationFailed\",\n\"message\": \"The client 'a43e0215-c079-499e-b242-2c8cdc19e0ec' with object id 'a43e0215-c079-499e-b242-2c8cdc19e0ec' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/read'",
            },
        ],
    },
    Failure {
        id: "cli-sign-in-expired",
        title: "the Azure CLI's sign-in has expired",
        codes: &["AADSTS700082"],
        code_alone: true,
        messages: &["The refresh token has expired due to inactivity"],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the Azure CLI (or the Python SDK's AzureCliCredential, which borrows its sign-in) holds a refresh token that went unused longer than Entra ID allows (90 days, or less under a Conditional Access sign-in frequency), so no new token can be had from it",
            fix: "sign in to the Azure CLI again, as the same user and on the same machine that runs the command or the Python code, and choose the workspace's subscription",
            commands: &[F::Login(None)],
            checks: &[],
        }],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/azure-cli/issues/23105",
                message: "Get Token request returned http error: 400 and server response: {\"error\":\"invalid_grant\",\"error_description\":\"AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2021-10-05T11:50:24.4394320Z and was inactive for 90.00:00:00.",
            },
            SourceDef {
                url: "https://github.com/microsoft/ARI/issues/10",
                message: "Credentials have expired due to inactivity please run az login.\n\nERROR: AADSTS700082: The refresh token has expired due to inactivity.",
            },
        ],
    },
    Failure {
        id: "mfa-required",
        title: "Azure needs a multifactor sign-in for this change",
        codes: &[
            "AADSTS50076",
            "AADSTS50079",
            "AADSTS50074",
            "AADSTS50072",
            "AADSTS50078",
            "RequestDisallowedByPolicy",
            "RequestDisallowedByAzure",
        ],
        // `RequestDisallowedByAzure` alone is also a region or offer restriction, and
        // `RequestDisallowedByPolicy` alone any policy: a code needs an MFA message beside it.
        code_alone: false,
        messages: &[
            "you must use multi-factor authentication to access",
            "you must enroll in multi-factor authentication",
            "is required to use multi-factor authentication",
            "strong authentication is required",
            "user needs to enroll for second factor authentication",
            "you must refresh your multifactor authentication",
            "MFA is required",
            "users must authenticate with multi-factor authentication",
            "users must use MFA for",
            "without authenticating through MFA",
            "--claims-challenge",
            "-ClaimsChallenge",
            "error=\"insufficient_claims\"",
        ],
        hints: &["Interactive authentication is needed"],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "Azure Resource Manager refused a create, update or delete because your sign-in had no multifactor authentication: Azure's own mandatory MFA, or a policy of your tenant that asks for it",
                fix: "sign in again with multifactor authentication, answering the claims challenge ({arm-mfa-enforcement}; service principals and managed identities are exempt). {azure-cli-claims} and later answer it with `az login --claims-challenge`, {azure-powershell-claims} and later with `Connect-AzAccount -ClaimsChallenge`: update an older one first. In amlattach's page, sign in again: the sign-in asks for the second factor",
                commands: &[F::Logout, F::ClaimsLogin],
                checks: &[K::CliVersions],
            },
            CauseDef {
                cause: "a pipeline or script signs in as a user account, which cannot answer a multifactor prompt",
                fix: "run automation as a service principal or a managed identity, which the MFA enforcement exempts, with the roles the attach needs",
                commands: &[F::WorkloadLogin],
                checks: &[],
            },
            CauseDef {
                cause: "the account has no second factor registered yet (AADSTS50079, AADSTS50072)",
                fix: "register a second factor at https://aka.ms/mfasetup, then sign in again",
                commands: &[F::ClaimsLogin],
                checks: &[],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://learn.microsoft.com/cli/azure/use-azure-cli-successfully-troubleshooting#troubleshooting-multifactor-authentication-mfa",
                message: "Unauthorized. RequestDisallowedByPolicy. Resource was disallowed by policy. Reasons: MFA is required. See error details for policy resource IDs. MFA is required. Users must authenticate with multi-factor authentication to create or update resources.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/cli/azure/use-azure-cli-successfully-troubleshooting#troubleshooting-multifactor-authentication-mfa",
                message: "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication. Interactive authentication is needed.",
            },
            SourceDef {
                url: "https://github.com/jpazureid/blog/blob/165267bbc604d7d09342c655fe1766b366bd6d2f/articles/azure-active-directory/phase2mfa.md",
                message: "Run the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login --tenant \"f9800b67-61ea-4627-80e5-e7fc741e2497\" --scope \"https://management.core.windows.net//.default\" --claims-challenge \"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19\"\n(RequestDisallowedByPolicy) Resource 'mystorageaccount' was disallowed by policy. Reasons: 'Sample Text: To resolve this error, set up MFA at aka.ms/setupMFA. If you set up MFA and are still receiving this error, reach out to your Entra administrator to restore your Azure security default.'. See error details for policy resource IDs.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/powershell/azure/troubleshooting#troubleshooting-multifactor-authentication-mfa",
                message: "Resource was disallowed by policy. Users must use MFA for Create operation.\nUsers must authenticate with multi-factor authentication to create or update resources.\nRun the cmdlet below to authenticate interactively; additional parameters may be added as needed.\nConnect-AzAccount -Tenant (Get-AzContext).Tenant.Id -ClaimsChallenge \"<claims-challenge-token>\"",
            },
            SourceDef {
                url: "https://github.com/dsccommunity/Microsoft365DscWorkshop/blob/2cc2a8632be794eb6a18cce140dad8dc977d8474/tests/ConfigData/AzHelpers.Tests.ps1",
                message: "Resource '00000000-0000-0000-0000-000000000001' was disallowed by Azure: You are receiving this error because you tried to create, update or delete Azure resources without authenticating through MFA.\nUser accounts must be authenticated through MFA to manage your resources. To resolve this error, go to https://aka.ms/MFAforAzure.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/entra/identity-platform/claims-challenge",
                message: "HTTP 401; Unauthorized\n\nwww-authenticate =Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"insufficient_claims\", claims=\"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ==\"",
            },
            SourceDef {
                url: "https://github.com/Azure/azure-cli/issues/21519",
                message: "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '_directoryId_'.\n\nThe guidance given is:\n    To re-authenticate, please run:\n    az login --scope https://management.core.windows.net//.default\n\nThis does not fix the problem and the error persists even after multiple attempts. However, if I \"az logout\" first, then it does work.",
            },
            SourceDef {
                url: "https://github.com/ansible-collections/azure/issues/548",
                message: "{\"error\":\"interaction_required\",\"error_description\":\"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.",
            },
            SourceDef {
                url: "https://github.com/Azure/azure-kusto-python/issues/89",
                message: "AdalError: Get Token request returned http error: 400 and server response: {\"error\":\"interaction_required\",\"error_description\":\"AADSTS50079: The user is required to use multi-factor authentication.",
            },
            SourceDef {
                url: "https://github.com/Azure/migAz/issues/186",
                message: "AADSTS50074: Strong Authentication is required.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/entra/identity-platform/reference-error-codes",
                message: "AADSTS50072 UserStrongAuthEnrollmentRequiredInterrupt - User needs to enroll for second factor authentication (interactive).\nAADSTS50078 UserStrongAuthExpired- Presented multifactor authentication has expired due to policies configured by your administrator. You must refresh your multifactor authentication to access '{resource}'.",
            },
        ],
    },
    Failure {
        id: "default-credential-failed",
        title: "the Python SDK found no credential to sign in with",
        codes: &["ClientAuthenticationError"],
        code_alone: false,
        messages: &["DefaultAzureCredential failed to retrieve a token from the included credentials"],
        hints: &["Please run 'az login' to set up an account"],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the code's `DefaultAzureCredential` tries, in order, environment variables, a managed identity, the Azure CLI and others, and none is signed in where the Python code runs; on a workstation that usually means the Azure CLI (its AzureCliCredential line says \"Please run 'az login' to set up an account\")",
                fix: "sign in to the Azure CLI in the same environment (user, container, virtual environment) that runs the Python code, then run it again",
                commands: &[F::Login(None)],
                checks: &[],
            },
            CauseDef {
                cause: "on an unattended machine (a pipeline, a container) there is no one to sign in: no service principal in AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET, and no managed identity reachable",
                fix: "set the three AZURE_* environment variables for a service principal that holds the roles the attach needs, or run where a managed identity is assigned",
                commands: &[],
                checks: &[],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/azure-cli/issues/30589",
                message: "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\tEnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.\nVisit https://aka.ms/azsdk/python/identity/environmentcredential/troubleshoot to troubleshoot this issue.\n\tManagedIdentityCredential: ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.\n\tSharedTokenCacheCredential: SharedTokenCacheCredential authentication unavailable. No accounts were found in the cache.\n\tAzureCliCredential: Please run 'az login' to set up an account",
            },
            SourceDef {
                url: "https://github.com/Azure/azure-sdk-for-python/issues/29040",
                message: "ClientAuthenticationError: DefaultAzureCredential failed to retrieve a token from the included credentials.",
            },
        ],
    },
];
