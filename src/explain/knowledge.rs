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
    /// The principal the text says was denied (its object id), else the signed-in account.
    Caller,
    /// The signed-in account, whoever the text names (`<your-user-or-app-id>`).
    You,
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
    /// One command line from a template: leading words are the command, then `--flag value`,
    /// `--flag` and arguments; `{cluster}`, `{cluster_group}`, `{cluster_type}`,
    /// `{namespace}`, `{region}`, `{compute}` and `{cli_extension}` take the subject's values (an `az` line that
    /// names the cluster gets its `--subscription`).
    Line(&'static str),
}

/// Failures whose messages come from general tools (Helm, the Kubernetes scheduler, image
/// pulls, ARM throttling): without a sign of Azure ML in the text they stay low, so an
/// unrelated chart's or pod's error is not claimed.
pub(super) const NEEDS_AZURE_ML_CONTEXT: &[&str] = &[
    "helm-name-in-use",
    "helm-operation-in-progress",
    "helm-ownership-conflict",
    "image-pull-failed",
    "instance-type-invalid",
    "storage-mount-failed",
];

/// Words that show the text is about Azure ML (lowercase).
pub(super) const AZURE_ML_SIGNS: &[&str] = &[
    "azureml",
    "azure ml",
    "azure machine learning",
    "machinelearningservices",
    "az ml ",
    "azure-ai-ml",
    "azure.ai.ml",
    "k8s-extension",
    "amlarc",
    "aml-",
    "instancetype",
    "instance type",
    "failedpullingimage",
    "amlcompute",
];

/// When the first failure matches, the second is not reported: the first explains it better
/// (a policy denial whose reason is MFA is the MFA failure, not a policy to change).
pub(super) const SUPERSEDES: &[(&str, &str)] = &[
    ("mfa-required", "policy-denied"),
    // A health check's own error code names what failed better than "the health check failed".
    ("healthcheck-load-balancer", "extension-healthcheck-failed"),
    (
        "healthcheck-insufficient-nodes",
        "extension-healthcheck-failed",
    ),
    (
        "healthcheck-internal-load-balancer",
        "extension-healthcheck-failed",
    ),
    ("healthcheck-ssl", "extension-healthcheck-failed"),
    // A failure that names its setting itself says more than "a setting was refused".
    ("healthcheck-load-balancer", "extension-setting-refused"),
    (
        "healthcheck-insufficient-nodes",
        "extension-setting-refused",
    ),
    (
        "healthcheck-internal-load-balancer",
        "extension-setting-refused",
    ),
    ("healthcheck-ssl", "extension-setting-refused"),
    ("healthcheck-prometheus", "extension-setting-refused"),
    ("extension-namespace-scope", "extension-setting-refused"),
    ("healthcheck-prometheus", "extension-healthcheck-failed"),
    ("healthcheck-network", "extension-healthcheck-failed"),
    ("legacy-azureml-fe", "extension-healthcheck-failed"),
    // A throttled request often surfaces as an internal error: the 429 is the cause.
    ("throttled", "internal-server-error"),
];

use Assignee::{Caller, ComputeIdentity, WorkspaceIdentity};
use CheckKind as K;
use Confidence::{High, Low, Medium};
use FixCmd as F;
use Scope::{Cluster, Relay, Storage};

const DOC_ATTACH: &str =
    "https://learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace#prerequisites";
const DOC_TS_COMPUTE: &str =
    "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-compute";
const DOC_TS_EXTENSION: &str =
    "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension";
const DOC_TS_HEALTHCHECK: &str = "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension#error-code-of-healthcheck";
const TRUSTED_ACCESS: &str =
    "https://github.com/Azure/AML-Kubernetes/blob/master/docs/azureml-aks-ta-support.md";

const ROLE_READER: &str = crate::roles::READER.name;
const ROLE_EXTENSION: &str = crate::roles::EXTENSION_CONTRIBUTOR.name;
const ROLE_CLUSTER_ADMIN: &str = crate::roles::AKS_CLUSTER_ADMIN.name;

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
                commands: &[F::TrustedAccess, F::Role(crate::roles::CONTRIBUTOR.name, WorkspaceIdentity, Cluster)],
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
                commands: &[F::Role(crate::roles::RELAY_OWNER.name, WorkspaceIdentity, Relay)],
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
                commands: &[F::ListRoles(Assignee::You, Cluster)],
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
                commands: &[F::Role(crate::roles::AKS_RBAC_ADMIN.name, Caller, Cluster), F::InstallExtension],
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
            commands: &[F::Reattach, F::Role(crate::roles::BLOB_READER.name, ComputeIdentity, Storage)],
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
        // The health check's own error code names this failure.
        code_alone: true,
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
        // The health check's own error code names this failure.
        code_alone: true,
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
        // The health check's own error code names this failure.
        code_alone: true,
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
        // The health check's own error code names this failure.
        code_alone: true,
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
        // The health check's own error code names this failure.
        code_alone: true,
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
        // The health check's own error code names this failure.
        code_alone: true,
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
        // E45004 is also a job's error code (training not enabled): its message decides; E45005
        // alone names this failure (`concepts.rs`).
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
    // ---- Drafted entries (kb-draft): paste inside `FAILURES`. Sources and dated facts: NOTES.md. ----
    Failure {
        id: "extension-healthcheck-failed",
        title: "installing the extension: its pre-install health check failed",
        codes: &["E40000", "E45001", "E49999"],
        code_alone: false,
        messages: &[
            "pod healthcheck failed",
            "failed pre-install",
            "agent_unhealthy",
            "checker_panic",
        ],
        hints: &["arcml-healthcheck", "unknown_error"],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the extension's HealthCheck hook found a critical problem before the install (its report, the arcml-healthcheck configmap in the azureml namespace, names it with an error code)",
                fix: "read the health-check report, look at its pre-install and pre-delete parts for an error code, and fix what that code names (E40001–E40003 and E45002–E45005 have their own entries here); for E40000 or E49999 read the health-check job's own log",
                commands: &[F::Credentials, F::HealthCheckReport, F::ExtensionPods, F::Line("kubectl logs healthcheck --namespace azureml")],
                checks: &[K::ExtensionPods, K::ClusterExtensions],
            },
            CauseDef {
                cause: "the cluster itself is not healthy enough to run the check: a pod cannot start (sandbox container errors) or its image cannot be pulled because outbound access (firewall, proxy, DNS) is blocked",
                fix: "check that every node is Ready and read the azureml namespace's events; open the outbound endpoints the Kubernetes compute needs (and, behind a proxy, pass its settings), then install again",
                commands: &[F::Credentials, F::KubectlNodes, F::ExtensionPods, F::Line("kubectl get events --namespace azureml --sort-by .lastTimestamp")],
                checks: &[K::ClusterAccess, K::ExtensionPods],
            },
            CauseDef {
                cause: "the cluster has too little free CPU or memory, so the check's pods (or the extension's) stay Pending (production needs at least 4 vCPU and 14 GB of memory for the extension)",
                fix: "add nodes or use larger VM sizes, then install again",
                commands: &[F::ScaleToThree],
                checks: &[K::ClusterNodePools],
            },
            CauseDef {
                cause: "resources left by an earlier install of the extension, or another Helm release, are unhealthy or in the way (E45001 AGENT_UNHEALTHY)",
                fix: "list every Helm release (including failed ones) and the azureml pods; delete the extension and install it again once the old release is gone",
                commands: &[F::Credentials, F::HelmList, F::ExtensionPods, F::ReinstallExtension],
                checks: &[K::ClusterExtensions, K::ExtensionPods],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/blob/master/docs/troubleshooting.md#error-healthcheck-failed",
                message: "Error: Failed pre-install: pod healthcheck failed",
            },
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/blob/master/docs/troubleshooting.md#error-healthcheck-failed",
                message: "Azureml extension contains a HealthCheck hook to check your cluster before the installation. If you got this error, it means some critical errors are found. You can follow HealthCheck of extension to get detailed error message and follow Error Code of HealthCheck to get some advice. But, in some corner cases, it may also be the problem of the cluster, such as unable to create a pod due to sandbox container issues or unable to pull the image due to network issues.",
            },
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/blob/master/docs/troubleshooting.md#healthcheck-error-code",
                message: "E40000 | UNKNOWN_ERROR | Unknown error happened. Need to check HealthCheck logs to identify the problem.\nE45001 | AGENT_UNHEALTHY |There are unhealty resources of AzureML extension. Resources checked by this checker are Pod, Job, Deployment, Daemonset and StatufulSet. From the HealthCheck logs, you can find out which resource is unhealthy.\nE49999 | CHECKER_PANIC | Checker run into panic. Need to check HealthCheck logs to identify the problem.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension#healthcheck-of-extension",
                message: "The HealthCheck job outputs a report, which is saved in a configmap named `arcml-healthcheck` in `azureml` namespace.",
            },
        ],
    },
    Failure {
        id: "extension-namespace-scope",
        title: "the Azure ML extension must be installed at cluster scope",
        codes: &[],
        code_alone: false,
        messages: &[
            "this extension can be installed only at 'cluster' scope",
            "invalid scope 'namespace'",
        ],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the extension was created with `--scope namespace` (or a template or portal setting that chose namespace scope); Microsoft.AzureML.Kubernetes is a cluster-scoped extension, installed in its release namespace azureml",
            fix: "delete the extension if one was created, then create it again with `--scope cluster` (the compute's own namespace is chosen later, when you attach the compute)",
            commands: &[F::ShowExtension, F::ReinstallExtension],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/azure-cli-extensions/blob/main/src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py",
                message: "Invalid scope 'namespace'.  This extension can be installed only at 'cluster' scope.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-extensions#extension-scope",
                message: "Each extension type defines the scope at which they operate on the cluster. Extension installations on Arc-enabled Kubernetes clusters are either *cluster-scoped* or *namespace-scoped*.",
            },
        ],
    },
    Failure {
        id: "extension-setting-refused",
        title: "the Azure ML extension's settings were refused: one is missing, outside its values, or does not go with another",
        // Found by the reasoner (`reason::settings`): an error about the extension's install that
        // names its settings, whatever its words.
        codes: &[],
        code_alone: false,
        messages: &[],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[CauseDef {
            cause: "the Azure CLI's k8s-extension (or the extension itself) checks the Azure ML extension's settings before installing, and refused the ones the message names",
            fix: "set the named settings as the message asks, then check the whole set before installing again: `amlattach extension validate` (or the page's extension form) checks every setting, how they depend on each other, and the cluster",
            commands: &[F::ShowExtension],
            checks: &[K::ClusterExtensions],
        }],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/azure-cli-extensions/blob/main/src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py",
                message: "Provide ssl certificate and key. Otherwise explicitly allow insecure connection by specifying '--configuration-settings allowInsecureConnections=true'",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/reference-kubernetes#review-azureml-extension-configuration-settings",
                message: "You can use `--config` or `--config-protected` to specify list of key-value pairs for Azure Machine Learning deployment configurations.",
            },
        ],
    },
    Failure {
        id: "arc-agents-offline",
        title: "the Arc-enabled cluster's agents are not connected to Azure",
        codes: &["ClusterNetworkUnavailable", "InferencingClientCallFailed"],
        code_alone: false,
        messages: &[
            "no agent is connected in the target arc resource",
            "failed to establish a network connection with the kubernetes cluster",
            "didn't receive the agent heartbeat yet",
            "didn't receive any agent heartbeat",
            "the managed identity certificate of the cluster expired",
            "the k8s-extension of the kubernetes cluster is not connectable",
        ],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the Arc agents in the azure-arc namespace are not running or cannot reach Azure (cluster stopped, outbound endpoints blocked, DNS), so the connected cluster is Offline (no heartbeat for 15 minutes) or still Connecting (no heartbeat yet), and extensions stay Pending or Creating",
                fix: "read the connected cluster's connectivityStatus; on the cluster (with your own kubeconfig, not `az connectedk8s proxy`, which needs the agents) check that every pod in azure-arc is Running, open the Arc network requirements, and run `az connectedk8s troubleshoot` if it stays Offline",
                commands: &[F::KubectlNodes, F::ShowExtension, F::ShowCluster, F::Line("kubectl get pods --namespace azure-arc"), F::Line("az connectedk8s troubleshoot --resource-group {cluster_group} --name {cluster}")],
                checks: &[K::ClusterExtensions],
            },
            CauseDef {
                cause: "the cluster reaches Azure through an outbound proxy that the agents were not told about (or whose certificate they do not trust)",
                fix: "give the agents the proxy settings (--proxy-https, --proxy-http, --proxy-skip-range with the cluster's service ranges and 127.0.0.1, and --proxy-cert for a proxy with its own CA)",
                commands: &[F::Line("az connectedk8s update --resource-group {cluster_group} --name {cluster} --proxy-https <proxy-url> --proxy-http <proxy-url> --proxy-skip-range <service-cidr>,127.0.0.1 --proxy-cert <ca-cert-path>")],
                checks: &[],
            },
            CauseDef {
                cause: "the cluster stayed disconnected so long that its managed identity certificate expired (status Expired; the certificate is valid for up to 90 days), so Arc features no longer work",
                fix: "delete the Arc-enabled Kubernetes resource and connect the cluster again, then install the Azure ML extension and attach the compute again",
                commands: &[F::InstallExtension, F::Reattach, F::Line("az connectedk8s delete --resource-group {cluster_group} --name {cluster} --yes"), F::Line("az connectedk8s connect --resource-group {cluster_group} --name {cluster}")],
                checks: &[K::ClusterExtensions, K::WorkspaceComputes],
            },
            CauseDef {
                cause: "the extension was created while the agents were offline and they did not pick it up within 48 hours, so it went from Pending to Failed",
                fix: "once the cluster shows Connected, run `az k8s-extension create` again",
                commands: &[F::ShowExtension, F::InstallExtension],
                checks: &[K::ClusterExtensions],
            },
            CauseDef {
                cause: "the message came from `az connectedk8s proxy` (or Azure ML's relay) while the cluster connect agents or the extension's relayserver pods are missing",
                fix: "enable the cluster-connect feature for `az connectedk8s proxy`; for Azure ML, check that the relayserver pods in azureml are running, then detach and attach the compute again",
                commands: &[F::ExtensionPods, F::Reattach, F::Line("az connectedk8s enable-features --resource-group {cluster_group} --name {cluster} --features cluster-connect")],
                checks: &[K::ExtensionPods],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes#connectivity-status",
                message: "Connecting | The Azure Arc-enabled Kubernetes resource was created in Azure, but the service didn't receive the agent heartbeat yet.\nOffline | The Azure Arc-enabled Kubernetes resource was previously connected, but the service didn't receive any agent heartbeat for at least 15 minutes.\nExpired | The managed identity certificate of the cluster expired. In this state, Azure Arc features no longer work on the cluster.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting#cluster-connect-issues",
                message: "Cannot connect to the hybrid connection because no agent is connected in the target arc resource.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/iot-operations/troubleshoot/troubleshoot#troubleshoot-device-and-asset-lifecycle-operations",
                message: "(ClusterNetworkUnavailable) Failed to establish a network connection with the kubernetes cluster '<connected-cluster-resource-id>'. Please make sure the underlying cluster is running and has network connectivity before retrying the operation.\nCode: ClusterNetworkUnavailable",
            },
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/blob/master/docs/troubleshooting.md#inference-guide",
                message: "InferencingClientCallFailed: The k8s-extension of the Kubernetes cluster is not connectable.",
            },
        ],
    },
    Failure {
        id: "kubernetes-version-unsupported",
        title: "the cluster's Kubernetes version is not supported",
        codes: &[
            "K8sVersionNotSupported",
            "AgentPoolK8sVersionNotSupported",
            "NodePoolMcVersionIncompatible",
        ],
        code_alone: true,
        messages: &[
            "is not supported in this region",
            "to get the supported version list in this region",
            "is not allowed. available upgrades",
            "minor version of node pool cannot be more than",
        ],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the version asked for (or the cluster's current version) is out of AKS's support window or not offered in the cluster's region; AKS supports three GA minor versions with community support",
                fix: "list the versions offered in the region and the upgrades offered for this cluster, then upgrade to an offered version; a supported cluster upgrades one minor version at a time, and an unsupported one goes straight to the oldest supported GA version (a full-cluster upgrade, not --control-plane-only)",
                commands: &[F::Line("az aks get-versions --location {region} --output table"), F::Line("az aks get-upgrades --resource-group {cluster_group} --name {cluster} --output table"), F::Line("az aks upgrade --resource-group {cluster_group} --name {cluster} --kubernetes-version <offered-version>")],
                checks: &[],
            },
            CauseDef {
                cause: "the Azure ML extension supports an N-2 window aligned with AKS's: a cluster on an unsupported Kubernetes version is not covered by the extension's support policy (this applies to Arc-enabled clusters too)",
                fix: "upgrade the cluster (for an Arc-enabled cluster, its own distribution) to a Kubernetes version inside the window, then install or update the extension",
                commands: &[F::ShowExtension],
                checks: &[K::ClusterExtensions],
            },
            CauseDef {
                cause: "a node pool is more minor versions behind the control plane than AKS allows (from Kubernetes 1.28, up to three), or newer than it",
                fix: "upgrade the lagging node pools to a version compatible with the current control plane first, then upgrade the control plane",
                commands: &[F::Line("az aks nodepool list --resource-group {cluster_group} --cluster-name {cluster} --query [].{name:name,version:currentOrchestratorVersion} --output table"), F::Line("az aks nodepool upgrade --resource-group {cluster_group} --cluster-name {cluster} --name <node-pool-name> --kubernetes-version <version>")],
                checks: &[K::ClusterNodePools],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-codes/aks-upgrade-blocked#symptoms",
                message: "Error message 1: K8sVersionNotSupported\n<ClusterName> is on version 1.25.6 which is not supported in this region. Please use the [az aks get-versions] command to get the supported version list in this region. For more information, see Supported Kubernetes versions in Azure Kubernetes Service (AKS).",
            },
            SourceDef {
                url: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-codes/aks-upgrade-blocked#symptoms",
                message: "Error message 2: OperationNotAllowed\nUpgrading Kubernetes version 1.24.9 to 1.26.6 is not allowed. Available upgrades: [1.29.15 1.29.14 1.29.13 1.29.12 1.29.11 1.29.10 1.29.9 1.29.8 1.29.7 1.29.6 1.29.5 1.29.4 1.29.2 1.29.0].",
            },
            SourceDef {
                url: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-codes/aks-upgrade-blocked#symptoms",
                message: "Error message 3: NodePoolMcVersionIncompatible\nNode pool version 1.24.9 and control plane version 1.29.15 is incompatible. Minor version of node pool cannot be more than 3 versions less than control plane's version. Minor version of node pool is 24 and control plane is 29.",
            },
            SourceDef {
                url: "https://github.com/sassoftware/viya4-iac-azure/blob/main/docs/Troubleshooting.md#kubernetes-version-is-not-supported-in-azure-region",
                message: "Original Error: Code=\"AgentPoolK8sVersionNotSupported\" Message=\"Version 1.18.14 is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list\"",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/reference-kubernetes#supported-kubernetes-version-and-region",
                message: "Kubernetes clusters installing Azure Machine Learning extension have a version support window of \"N-2\", that is aligned with Azure Kubernetes Service (AKS) version support policy, where 'N' is the latest GA minor version of Azure Kubernetes Service.",
            },
        ],
    },
    Failure {
        id: "storage-mount-failed",
        title: "a job cannot get credentials for or reach its blob datastore",
        codes: &[],
        code_alone: false,
        messages: &[
            "failed to acquire csi storage account credentials",
            "when attempting to connect to storage account",
            "microsoft.storage/storageaccounts/listkeys/action",
            "failed to successfully make an http request after 10 attempts",
        ],
        hints: &[],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the compute's managed identity has no role on the workspace's default storage account (typical of a high-business-impact or credential-less workspace, where jobs cannot fall back to the account key: 403 on listKeys)",
                fix: "grant the compute's identity Storage Blob Data Contributor and Storage Account Contributor on the workspace's default storage account, then submit the job again",
                commands: &[
                    F::Role(crate::roles::BLOB_CONTRIBUTOR.name, ComputeIdentity, Storage),
                    F::Role(crate::roles::STORAGE_ACCOUNT_CONTRIBUTOR.name, ComputeIdentity, Storage),
                ],
                checks: &[K::ComputeIdentityRoles],
            },
            CauseDef {
                cause: "the Kubernetes compute was attached without a managed identity, so jobs have no credential for the storage account",
                fix: "attach the compute with a system- or user-assigned managed identity, then grant that identity the storage roles",
                commands: &[F::ShowCompute, F::Reattach],
                checks: &[K::WorkspaceComputes],
            },
            CauseDef {
                cause: "the cluster cannot reach the storage account (\"after 10 attempts\"): private endpoint, DNS or proxy settings between the cluster and the storage account or workspace",
                fix: "check the private link setup from inside the cluster (resolve the storage and workspace endpoints from an azureml pod: they should answer with addresses in your VNet) and the proxy's skip range",
                commands: &[F::Credentials, F::ExtensionPods],
                checks: &[K::ExtensionPods, K::WorkspaceProperties],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/blob/master/docs/troubleshooting.md#training-guide",
                message: "AzureML Kubernetes job failed. 400:{\"Msg\":\"Failed to acquire CSI storage account credentials for mountVolume 'hbiws8397576437-2e2dc25af77dcceea86ae50b45bd1724-secrets', encountered an error: Encountered an error when attempting to connect to Storage Account 'hbiws8397576437': HTTP 403 Forbidden: {\\\"error\\\":{\\\"code\\\":\\\"AuthorizationFailed\\\",\\\"message\\\":\\\"The client '1d0028bc-c1ca-4bdc-8bc0-e5e19cc6f812' with object id '1d0028bc-c1ca-4bdc-8bc0-e5e19cc6f812' does not have authorization to perform action 'Microsoft.Storage/storageAccounts/listKeys/action' over scope '/subscriptions/4aaa645c-5ae2-4ae9-a17a-84b9023bc56a/resourceGroups/youhuaprivatelink/providers/Microsoft.Storage/storageAccounts/hbiws8397576437' or the scope is invalid. If access was recently granted, please refresh your credentials.\\\"}}\",\"Code\":400}",
            },
            SourceDef {
                url: "https://github.com/Azure/AML-Kubernetes/blob/master/docs/troubleshooting.md#training-guide",
                message: "AzureML Kubernetes job failed. 400:{\"Msg\":\"Failed to acquire CSI storage account credentials for mountVolume 'hbipleusws6182689148-c8d2ee5daca188bde53fa0711010c53c-secrets', encountered an error: Encountered an error when attempting to connect to Storage Account 'hbipleusws6182689148': Failed to successfully make an http request after 10 attempts. Last inner exception: %!w(\\u003cnil\\u003e)\",\"Code\":400}",
            },
        ],
    },
    Failure {
        id: "image-pull-failed",
        title: "a job or deployment cannot pull its container image",
        codes: &["ImagePullBackOff", "ErrImagePull"],
        code_alone: true,
        messages: &[
            "failed to pull image",
            "failed to fetch oauth token",
            "failed to pull and unpack image",
        ],
        hints: &["401 unauthorized"],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the image is in the workspace's Azure Container Registry and the Kubernetes compute has no managed identity, or its identity lacks AcrPull on the registry",
                fix: "attach the compute with a system- or user-assigned managed identity and grant that identity AcrPull (Container Registry Repository Reader on an ABAC-enabled registry) on the registry",
                commands: &[F::ShowCompute, F::Reattach, F::Line("az role assignment create --assignee-object-id <compute-identity-principal-id> --assignee-principal-type ServicePrincipal --role AcrPull --scope <registry-resource-id>")],
                checks: &[K::WorkspaceComputes, K::ComputeIdentityRoles],
            },
            CauseDef {
                cause: "the cluster's kubelet identity (AKS) is not authorized on the registry the pod names, so the node gets 401 Unauthorized",
                fix: "attach the registry to the AKS cluster (it grants AcrPull to the kubelet identity), or use an image pull secret with valid credentials",
                commands: &[F::Line("az aks update --resource-group {cluster_group} --name {cluster} --attach-acr <registry-name>"), F::Line("az aks check-acr --resource-group {cluster_group} --name {cluster} --acr <registry-name>.azurecr.io")],
                checks: &[K::ClusterAccess],
            },
            CauseDef {
                cause: "the nodes cannot reach the registry (firewall, private endpoint or DNS), or the image name or tag is wrong",
                fix: "run the registry health check and the cluster's registry check; read the pod's events for the exact image reference and error",
                commands: &[F::Credentials, F::Line("az acr check-health --name <registry-name> --ignore-errors --yes"), F::Line("kubectl describe pod <pod-name> --namespace {namespace}")],
                checks: &[],
            },
            CauseDef {
                cause: "the image's architecture (ARM64 or AMD64) does not match the node's, which the registry can also answer with 401 Unauthorized",
                fix: "build or pull the image for the nodes' architecture (or a multi-architecture image)",
                commands: &[],
                checks: &[K::ClusterNodePools],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster#cause-1a-401-unauthorized-error-due-to-incorrect-authorization",
                message: "Failed to pull image \"<acrname>.azurecr.io/<repository:tag>\": [rpc error: code = Unknown desc = failed to pull and unpack image \"<acrname>.azurecr.io/<repository:tag>\": failed to resolve reference \"<acrname>.azurecr.io/<repository:tag>\": failed to authorize: failed to fetch oauth token",
                // The page goes on ": unexpected status: 401 Unauthorized"; the redactor takes
                // "token: unexpected" for a secret (redact::tests), so the quote stops before it.
            },
            SourceDef {
                url: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster#symptoms-and-initial-troubleshooting",
                message: "The Kubernetes pod's STATUS is ImagePullBackOff or ErrImagePull.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster#cause-1-401-unauthorized-error",
                message: "Cause 1: `401 Unauthorized` error",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-compute#give-either-an-account-key-or-sas-token",
                message: "To access Azure Container Registry (ACR) from a Kubernetes compute cluster for Docker images, or access a storage account for training data, you need to attach the Kubernetes compute with a system-assigned or user-assigned managed identity enabled.",
            },
        ],
    },
    Failure {
        id: "instance-type-invalid",
        title: "the job's pods fit no node: the instance type asks for what the nodes do not have",
        codes: &[],
        code_alone: false,
        messages: &["insufficient nvidia.com/gpu"],
        hints: &["insufficient cpu", "insufficient memory", "node(s) had untolerated taint"],
        info_types: &[],
        // Scheduler messages are not Azure ML's own: they stay below high.
        cap: Medium,
        causes: &[
            CauseDef {
                cause: "the instance type requests (or limits) more CPU, memory or GPU than any node has free; with no instance type, defaultinstancetype is used",
                fix: "pick or create an instance type whose requests fit a node (CPU and memory requests can't be zero; GPUs only in limits), or add larger nodes",
                commands: &[F::ShowCompute, F::KubectlNodes, F::Line("kubectl get instancetype"), F::Line("kubectl describe pod <job-pod-name> --namespace {namespace}")],
                checks: &[K::ClusterNodePools, K::WorkspaceComputes],
            },
            CauseDef {
                cause: "the job asks for GPUs and the nodes advertise none: the NVIDIA device plugin is not installed",
                fix: "install the NVIDIA device plugin through the extension (installNvidiaDevicePlugin=True), after meeting its prerequisites on the GPU nodes",
                commands: &[F::UpdateExtension(&["installNvidiaDevicePlugin=True"])],
                checks: &[K::ClusterExtensions, K::ClusterNodePools],
            },
            CauseDef {
                cause: "the instance type's nodeSelector matches no node's labels (or is not a subset of the extension's nodeSelector), or the matching nodes are tainted",
                fix: "label the nodes the instance type should use, or change its nodeSelector; keep it a subset of the extension's nodeSelector setting",
                commands: &[F::KubectlNodes, F::Line("kubectl label node <node-name> <key>=<value>")],
                checks: &[K::ClusterNodePools],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://docs.coreweave.com/support/cks/articles/why-is-my-pod-stuck-in-pending",
                message: "`Insufficient nvidia.com/gpu`, `Insufficient cpu`, or `Insufficient memory` | Free up GPU, CPU, or memory capacity\n`node(s) had untolerated taint` | Check why the Node is tainted",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/how-to-manage-kubernetes-instance-types#create-a-custom-instance-type",
                message: "Custom instance type creation must meet the following parameters and definition rules, or it fails",
            },
        ],
    },
    Failure {
        id: "job-identity-failed",
        title: "a managed identity inside a job pod cannot get a token",
        codes: &[],
        code_alone: false,
        messages: &[
            "the requested identity hasn't been assigned to this resource",
            "no managed identity endpoint found",
            "no response received from the managed identity endpoint",
            "multiple attempts failed to obtain a token from the managed identity endpoint",
        ],
        hints: &["ManagedIdentityCredential authentication unavailable"],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the job's code asks for a managed identity the Kubernetes compute does not have: the compute was attached without one, or the code names a user-assigned identity (client_id) that is not the compute's",
                fix: "attach the compute with the identity (system- or user-assigned) and, for a user-assigned one, pass its client id in the job's code; then grant that identity the roles the job needs",
                commands: &[F::ShowCompute, F::Reattach],
                checks: &[K::WorkspaceComputes, K::ComputeIdentityRoles],
            },
            CauseDef {
                cause: "the job pod's identity sidecar cannot serve tokens: a proxy intercepts the local endpoint (127.0.0.1 not in the proxy skip range) or the extension's identity components are unhealthy",
                fix: "add 127.0.0.1 to the cluster's proxy skip range and check the extension's pods (amlarc-identity-controller and amlarc-identity-proxy) are running",
                commands: &[F::Credentials, F::ExtensionPods],
                checks: &[K::ExtensionPods],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/azure-sdk-for-python/blob/main/sdk/identity/azure-identity/TROUBLESHOOTING.md#azure-virtual-machine-managed-identity",
                message: "The requested identity hasn’t been assigned to this resource.|The IMDS endpoint responded with a status code of 400, indicating the requested identity isn’t assigned to the VM.\nNo response received from the managed identity endpoint.|No response was received for the request to IMDS or the request timed out.\nMultiple attempts failed to obtain a token from the managed identity endpoint.|Retries to retrieve a token from the IMDS endpoint have been exhausted.",
            },
            SourceDef {
                url: "https://github.com/Azure/azure-sdk-for-python/blob/main/sdk/identity/azure-identity/TROUBLESHOOTING.md#pod-identity-for-kubernetes",
                message: "No Managed Identity endpoint found|The application attempted to authenticate before an identity was assigned to its pod",
            },
            SourceDef {
                url: "https://github.com/Azure/azure-sdk-for-python/blob/main/sdk/identity/azure-identity/TROUBLESHOOTING.md#azure-app-service-and-azure-functions-managed-identity",
                message: "ManagedIdentityCredential authentication unavailable.",
            },
        ],
    },
    Failure {
        id: "cli-extension-load-failed",
        title: "the az CLI's ml or k8s-extension extension does not load or install",
        codes: &[],
        code_alone: false,
        messages: &[
            "unable to load extension",
            "error loading command module",
            "pip failed with status code",
            "cannot load native module",
        ],
        hints: &["the command failed with an unexpected error", "ImportError"],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the old v1 extension azure-cli-ml is installed next to (or instead of) the v2 ml extension",
                fix: "remove both azure-cli-ml and ml, then add ml again (`az extension remove -n azure-cli-ml`, `az extension remove -n ml`, `az extension add -n ml`); {cli-v1-end-of-support}, so move v1 scripts to `az ml` v2",
                commands: &[F::Line("az extension remove --name azure-cli-ml"), F::Line("az extension remove --name ml"), F::Line("az extension add --name ml")],
                checks: &[K::CliVersions],
            },
            CauseDef {
                cause: "the extension's Python dependencies did not download or install (pip failed: proxy, blocked package index, or a CLI image or Python without a wheel for them), leaving a broken extension",
                fix: "remove the extension and add it again with --debug to see pip's own error; behind a proxy set HTTPS_PROXY (and REQUESTS_CA_BUNDLE for a proxy with its own CA)",
                commands: &[F::Line("az extension remove --name {cli_extension}"), F::Line("az extension add --name {cli_extension} --debug")],
                checks: &[K::CliVersions],
            },
            CauseDef {
                cause: "the extension's version does not fit the Azure CLI's (ml needs Azure CLI 2.38.0 or later; the Azure ML extension docs ask for Azure CLI 2.24.0 and k8s-extension 1.2.3 or later)",
                fix: "upgrade the Azure CLI, then update both extensions",
                commands: &[F::UpdateCli("ml"), F::UpdateCli("k8s-extension"), F::Line("az upgrade")],
                checks: &[K::CliVersions],
            },
            CauseDef {
                cause: "the Azure CLI installation itself is corrupted (an ImportError such as \"DLL load failed\" before any command runs)",
                fix: "uninstall the Azure CLI and install it again, then add the extensions",
                commands: &[],
                checks: &[K::CliVersions],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://github.com/Azure/azure-cli/blob/dev/src/azure-cli-core/azure/cli/core/__init__.py",
                message: "Unable to load extension '%s: %s'. Use --debug for more information.",
            },
            SourceDef {
                url: "https://github.com/Azure/azure-cli/blob/dev/src/azure-cli-core/azure/cli/core/__init__.py",
                message: "Error loading command module '%s': %s",
            },
            SourceDef {
                url: "https://github.com/Azure/azure-cli/blob/dev/src/azure-cli-core/azure/cli/core/extension/operations.py",
                message: "An error occurred. Pip failed with status code {}. Use --debug for more information.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting#cryptohash-module-error",
                message: "Cannot load native module 'Crypto.Hash._MD5'",
            },
            SourceDef {
                url: "https://learn.microsoft.com/cli/azure/use-azure-cli-successfully-troubleshooting#dll-load-failed-while-importing-win32file",
                message: "DLL load failed while importing win32file: The specified module could not be found.\nThe command failed with an unexpected error. Here is the traceback:\nDLL load failed while importing win32file: The specified module could not be found.\nImportError: DLL load failed while importing win32file: The specified module could not be found.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/how-to-configure-cli#installation",
                message: "Remove any existing installation of the `ml` extension and also the CLI v1 `azure-cli-ml` extension",
            },
        ],
    },
    Failure {
        id: "compute-name-taken",
        title: "the compute name is already used in the workspace",
        codes: &["Conflict"],
        code_alone: false,
        messages: &["etag conflict"],
        hints: &[],
        info_types: &[],
        // The only documented text is the known issue's: the cap stays below high until a real
        // service message is quoted.
        cap: Medium,
        causes: &[
            CauseDef {
                cause: "a compute with this name already exists in the workspace (perhaps of another type, or attached to another cluster); attaching again does not change an existing Kubernetes compute",
                fix: "show the compute with this name; pick another name, or detach it first and attach again with the same name and namespace",
                commands: &[F::ShowCompute, F::ValidateName, F::Reattach],
                checks: &[K::WorkspaceComputes],
            },
            CauseDef {
                cause: "a compute with this name was deleted or detached recently, or existed before the workspace was moved to another subscription or resource group, and its name cannot be used again yet",
                fix: "use a different compute name",
                commands: &[F::ValidateName],
                checks: &[K::WorkspaceComputes],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/known-issues/workspace-move-compute-instance-same-name",
                message: "After a moving a workspace to a different subscription or resource group, creating a compute instance with the same name as a previous compute instance will fail with an Etag conflict error.",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-compute#kubernetes-compute-update-doesnt-take-effect",
                message: "At this time, the CLI v2 and SDK v2 don't allow updating any configuration of an existing Kubernetes compute. For example, changing the namespace doesn't take effect.",
            },
        ],
    },
    Failure {
        id: "throttled",
        title: "Azure Resource Manager throttled the requests (429)",
        codes: &["TooManyRequests", "TooManyRequestsReceived", "SubscriptionRequestsThrottled"],
        code_alone: true,
        messages: &[
            "requests for subscription",
            "for time interval",
            "429 too many requests",
        ],
        hints: &["retry-after"],
        info_types: &[],
        cap: High,
        causes: &[
            CauseDef {
                cause: "the subscription (or this principal) sent more Resource Manager requests than its limit allows in the interval: a script or tool polling in a loop, or many clusters and pipelines working at once",
                fix: "wait the number of seconds the response's Retry-After gives (or the message's \"try again after\"), then retry once; space out polling loops and parallel runs",
                commands: &[],
                checks: &[],
            },
            CauseDef {
                cause: "a resource provider (not Resource Manager) throttled its own operations, or answered 429 for a temporary condition such as another operation holding the resource",
                fix: "read the error's details: retry after the given time, and run one create, update or delete at a time on the same cluster or workspace",
                commands: &[],
                checks: &[],
            },
        ],
        sources: &[
            SourceDef {
                url: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-toomanyrequestsreceived-subscriptionrequeststhrottled#symptoms",
                message: "internalErrorCode: TooManyRequestsReceived\nStatusCode: 429\n{\nmessage: \"Number of read requests for subscription '.....''' exceeded the limit of '....' for time interval 'XX:XX:XX'. Please try again after '.....' seconds.\"\n}",
            },
            SourceDef {
                url: "https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling#error-code",
                message: "When you reach the limit, you receive the HTTP status code 429 Too many requests. The response includes a Retry-After value, which specifies the number of seconds your application should wait (or sleep) before sending the next request.",
            },
        ],
    },
];
