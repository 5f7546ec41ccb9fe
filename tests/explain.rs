//! The troubleshooter through its public API and the CLI: one case per known failure with the
//! real message text (its public source next to it), texts that must match nothing, mixed
//! texts, the JSON shapes (ARM envelope, provisioningErrors, a whole compute), redaction of
//! secrets in every output field, and golden text renderings.
#![cfg(not(target_arch = "wasm32"))]
// A failed unwrap is a failed test, which is what these helpers want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use expect_test::{expect, Expect};

mod common;

use amlattach::explain::{explain, known_failures, render_text, Confidence, InputKind};
use amlattach::spec::{AttachSpec, Context, Workspace};

/// `(failure id, expected confidence, real message text)`, each with its source in a comment.
const CASES: &[(&str, Confidence, &str)] = &[
    // https://learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace#prerequisites
    (
        "extension-not-installed",
        Confidence::Medium,
        "If the \"Kubernetes Extension Contributor\" role permission is not available, the cluster attachment fails with \"extension not installed\" error.",
    ),
    // https://github.com/Azure/AML-Kubernetes/issues/155
    (
        "internal-server-error",
        Confidence::Medium,
        "Provisioning error\nAn internal server error occurred. If the problem persists, contact support",
    ),
    // https://github.com/Azure/AML-Kubernetes/issues/279
    (
        "aks-role-check-failed",
        Confidence::High,
        "(BadRequest) AKS role check failed for user assigned identity. Please check the role assignment.\nCode: BadRequest\nMessage: AKS role check failed for user assigned identity. Please check the role assignment.",
    ),
    // https://github.com/Azure/AML-Kubernetes/issues/261
    (
        "local-accounts-disabled",
        Confidence::High,
        "azure.core.exceptions.HttpResponseError: (BadRequest) Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.\nCode: BadRequest\nMessage: Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.",
    ),
    // https://github.com/MicrosoftDocs/azure-docs/issues/55597
    (
        "fastprod-node-count",
        Confidence::Medium,
        "Eorr No2 : At least 3 machine(s) are required for cluster with purpose 'FastProd'. Available machine(s) : 2",
    ),
    // https://github.com/MicrosoftDocs/azure-docs/issues/55597
    (
        "fastprod-cores",
        Confidence::Medium,
        "Error  No.1 : Agent coresCluster should have at least 12 cores to operate.",
    ),
    // https://github.com/Azure/AKS/issues/2993
    (
        "policy-denied",
        Confidence::High,
        "(ReconcileStandardLoadBalancerError) Resource request failed due to RequestDisallowedByPolicy. Please see https://aka.ms/aks-requestdisallowedbypolicy for more details. The detailed error message: outboundReconciler retry failed: Category: ClientError; Code: Unspecified; SubCode: RequestDisallowedByPolicy; Message: ; InnerMessage: ; Dependency: Microsoft.Network/PublicIPAddresses; OrginalError: Code=\"RequestDisallowedByPolicy\" Message=\"Resource '3948f47b-56e2-4068-928b-3bf7163110fd' was disallowed by policy.",
    ),
    // https://github.com/Azure/AML-Kubernetes/issues/75
    (
        "relay-not-provided",
        Confidence::Medium,
        "Relay resource id or connection string are not provided. Please visit https://aka.ms/amlk8s-troubleshoot-preview for help.",
    ),
    // https://github.com/Azure/azure-cli/issues/25654
    (
        "extension-manager-forbidden",
        Confidence::High,
        "Request failed to https://management.azure.com/subscriptions/<SUBSCRIPTION>/resourceGroups/<RESOURCE_GROUP>/providers/Microsoft.ContainerService/managedclusters/<CLUSTER_NAME>/extensionaddons/test-extention?api-version=2021-03-01. Error code: Forbidden. Reason: Forbidden.{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client '<CLIENT_ID>' with object id '<CLIENT_ID>' does not have authorization to perform action 'Microsoft.ContainerService/managedclusters/extensionaddons/read' over scope '/subscriptions/<SUBSCRIPTION>/resourceGroups/<RESOURCE GROUP>/providers/Microsoft.ContainerService/managedclusters/test-cluster/extensionaddons/azureml' or the scope is invalid. If access was recently granted, please refresh your credentials.\"}}",
    ),
    // https://github.com/MicrosoftDocs/azure-docs/issues/97274
    (
        "extension-token-claims",
        Confidence::High,
        "(ExtensionOperationFailed) The extension operation failed with the following error:  Request failed to https://management.azure.com/subscriptions/<sensitivevalueremoved>/resourceGroups/rg-mygroup/providers/Microsoft.ContainerService/managedclusters/aks-mycluster/extensionaddons/neilsamlext?api-version=2021-03-01. Error code: Unauthorized. Reason: Unauthorized.{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"The received access token is not valid: at least one of the claims 'puid' or 'altsecid' or 'oid' should be present. If you are accessing as application please make sure service principal is properly created in the tenant.\"}}",
    ),
    // https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-compute
    // (ERROR: ComputeNotAccessible and the sections after it)
    ("compute-not-accessible", Confidence::Medium, "The Kubernetes compute is not accessible."),
    ("generic-compute-error", Confidence::Medium, "Failed to get compute information."),
    ("compute-not-found", Confidence::Medium, "Cannot find Kubernetes compute."),
    ("invalid-compute-information", Confidence::Medium, "The compute information is invalid."),
    ("invalid-compute-kubeconfig", Confidence::Medium, "The compute kubeconfig is invalid."),
    (
        "cluster-connect-failed",
        Confidence::Medium,
        "Failed to connect to Kubernetes cluster: <message>",
    ),
    ("cluster-not-reachable", Confidence::Medium, "The Kubernetes cluster is not reachable. "),
    ("cluster-not-found", Confidence::Medium, "Cannot found Kubernetes cluster. "),
    (
        "extension-service-not-found",
        Confidence::Medium,
        "AzureML extension service not found in cluster.",
    ),
    (
        "cluster-unauthorized",
        Confidence::Medium,
        "Request to Kubernetes cluster unauthorized.",
    ),
    (
        "extension-identity-not-set",
        Confidence::Medium,
        "ERROR: RefreshExtensionIdentityNotSet",
    ),
    (
        "training-not-enabled",
        Confidence::High,
        "Azure Machine Learning Kubernetes job failed. E45004:\"Training feature is not enabled, please enable it when install the extension.\"",
    ),
    (
        "token-service-unreachable",
        Confidence::Medium,
        "Azure Machine Learning Kubernetes job failed. 400:{\"Msg\":\"Encountered an error when attempting to connect to the Azure Machine Learning token service\",\"Code\":400}",
    ),
    (
        "compute-without-identity",
        Confidence::Medium,
        "Unable to mount data store workspaceblobstore. Give either an account key or SAS token",
    ),
    (
        "blob-upload-unauthorized",
        Confidence::Medium,
        "Unable to upload project files to working directory in AzureBlob because the authorization failed. ",
    ),
    (
        "blobfuse-download-mode",
        Confidence::Medium,
        "Unable to attach or mount volumes: *** failed to get plugin from volumeSpec for volume ***-blobfuse-*** err=no volume plugin matched",
    ),
    (
        "identity-sidecar-killed",
        Confidence::Medium,
        "Azure Machine Learning Kubernetes job failed. 137:PodPattern matched: {\"containers\":[{\"name\":\"training-identity-sidecar\",\"message\":\"Updating certificates in /etc/ssl/certs...\\n1 added, 0 removed; done.\\nRunning hooks in /etc/ca-certificates/update.d...\\ndone.\\n * Serving Flask app 'msi-endpoint-server' (lazy loading)\\n * Environment: production\\n   WARNING: This is a development server. Do not use it in a production deployment.\\n   Use a production WSGI server instead.\\n * Debug mode: off\\n * Running on http://127.0.0.1:12342/ (Press CTRL+C to quit)\\n\",\"code\":137}]}",
    ),
    // https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension
    (
        "helm-name-in-use",
        // A general tool's message alone: only a hint until the text shows Azure ML.
        Confidence::Low,
        "Error: can't reuse a name that is still in use",
    ),
    (
        "helm-operation-in-progress",
        // A general tool's message alone: only a hint until the text shows Azure ML.
        Confidence::Low,
        "Error: earlier operation for the helm chart is still in progress",
    ),
    (
        "azureml-namespace-terminating",
        Confidence::Medium,
        "Error: unable to create new content in namespace azureml because it's being terminated",
    ),
    (
        "extension-version-not-found",
        Confidence::Medium,
        "Error: failed in download the Chart path not found",
    ),
    (
        "helm-ownership-conflict",
        Confidence::Medium,
        "CustomResourceDefinition \"jobs.batch.volcano.sh\" in namespace \"\" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key \"app.kubernetes.io/managed-by\": must be set to \"Helm\"; annotation validation error: missing key \"meta.helm.sh/release-name\": must be set to \"amlarc-extension\"; annotation validation error: missing key \"meta.helm.sh/release-namespace\": must be set to \"azureml\"",
    ),
    // https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension#error-code-of-healthcheck
    ("healthcheck-load-balancer", Confidence::High, "E40001 | LOAD_BALANCER_NOT_SUPPORT"),
    ("healthcheck-insufficient-nodes", Confidence::High, "E40002 | INSUFFICIENT_NODE"),
    (
        "healthcheck-internal-load-balancer",
        Confidence::High,
        "E40003 | INTERNAL_LOAD_BALANCER_NOT_SUPPORT",
    ),
    ("healthcheck-ssl", Confidence::High, "E40007 | INVALID_SSL_SETTING"),
    ("healthcheck-prometheus", Confidence::High, "E45002 | PROMETHEUS_CONFLICT"),
    ("healthcheck-network", Confidence::High, "E45003 | BAD_NETWORK_CONNECTIVITY"),
    ("legacy-azureml-fe", Confidence::High, "E45005 | AZUREML_FE_DEPLOYMENT_CONFLICT"),
    // https://github.com/aztfmod/terraform-provider-azurecaf/issues/78
    (
        "compute-name-invalid",
        Confidence::Medium,
        "\"Compute name is invalid. It can include letters, digits and dashes. It must start with a letter, end with a letter or digit, and be between 3 and 24 characters in length\"",
    ),
    // https://github.com/Azure/AML-Kubernetes/issues/188
    (
        "unsupported-compute-type",
        Confidence::Medium,
        "  \"provisioning_state\": \"Succeeded\",\n  \"type\": \"*** unsupported compute type ***\"\n}",
    ),
    // https://github.com/Azure/AML-Kubernetes/issues/26
    (
        "job-queued-no-namespace",
        Confidence::Low,
        "4) run a job <- submit job which gets stuck in queued with NO logs",
    ),
    // https://github.com/microsoft/mlops-template-for-azureml-sdk-v2/issues/9
    (
        "authorization-failed",
        Confidence::High,
        "azure.core.exceptions.HttpResponseError: (AuthorizationFailed) The client '0dae0dfa-9a0d-4999-9500-8a8656d419e2' with object id '0dae0dfa-9a0d-4999-9500-8a8656d419e2' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/read' over scope '/subscriptions/ff2e23ae-7d7c-4cbd-99b8-116bb94dca6e/resourceGroups/RG-ITSMLteamAMLV1toV2-DEV/providers/Microsoft.MachineLearningServices/workspaces/avadevitsmlsvc/computes/SampleSDKV2' or the scope is invalid. If access was recently granted, please refresh your credentials.\nCode: AuthorizationFailed",
    ),
    // https://github.com/Azure/azure-cli/issues/14696
    (
        "cli-sign-in-expired",
        Confidence::High,
        "Get Token request returned http error: 400 and server response: {\"error\":\"invalid_grant\",\"error_description\":\"AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2019-09-13T00:03:25.3784708Z and was inactive for 90.00:00:00.\\r\\nTrace ID: 9d42053d-6ef4-4038-b84f-e44f99241a00\\r\\nCorrelation ID: bd109fd8-887d-41b2-9fc4-12d16fac1175\\r\\nTimestamp: 2020-03-17 17:58:32Z\",\"error_codes\":[700082],\"timestamp\":\"2020-03-17 17:58:32Z\",\"trace_id\":\"9d42053d-6ef4-4038-b84f-e44f99241a00\",\"correlation_id\":\"bd109fd8-887d-41b2-9fc4-12d16fac1175\",\"error_uri\":\"https://login.microsoftonline.com/error?code=700082\"}",
    ),
    // https://github.com/Azure/azure-cli/issues/31300
    (
        "mfa-required",
        Confidence::High,
        "msal.application: Refresh failed. invalid_grant: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'. Trace ID: 59e9f676-e35d-4533-834b-d39ca1341300 Correlation ID: ed4779c9-aa14-430a-aad5-6259c740b704 Timestamp: 2025-04-20 07:49:19Z",
    ),
    // https://github.com/Azure/azure-sdk-for-python/issues/31071
    (
        "default-credential-failed",
        Confidence::Medium,
        "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\tEnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.\nVisit https://aka.ms/azsdk/python/identity/environmentcredential/troubleshoot to troubleshoot this issue.\n\tManagedIdentityCredential: Unexpected content type \"text/plain; charset=utf-8\"\nContent: InternalError - :{\nInfo: Request failure status code: 404\n\n}\nTo mitigate this issue, please refer to the troubleshooting guidelines here at https://aka.ms/azsdk/python/identity/defaultazurecredential/troubleshoot.",
    ),
    // ---- Drafted cases (kb-draft) for tests/explain.rs CASES, one per new failure. Each text is
    // the documented message from the entry's first matching source (NOTES.md), not a held-out
    // report: replace them with real reports when the other helpers' collection has some. ----
    // https://github.com/Azure/AML-Kubernetes/blob/master/docs/troubleshooting.md#error-healthcheck-failed
    (
        "extension-healthcheck-failed",
        Confidence::Medium,
        "Error: Failed pre-install: pod healthcheck failed",
    ),
    // https://github.com/Azure/azure-cli-extensions/blob/main/src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py
    (
        "extension-namespace-scope",
        Confidence::Medium,
        "ERROR: Invalid scope 'namespace'.  This extension can be installed only at 'cluster' scope.",
    ),
    // https://learn.microsoft.com/azure/iot-operations/troubleshoot/troubleshoot#troubleshoot-device-and-asset-lifecycle-operations
    (
        "arc-agents-offline",
        Confidence::High,
        "(ClusterNetworkUnavailable) Failed to establish a network connection with the kubernetes cluster '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc1'. Please make sure the underlying cluster is running and has network connectivity before retrying the operation.\nCode: ClusterNetworkUnavailable",
    ),
    // https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-codes/aks-upgrade-blocked#symptoms
    (
        "kubernetes-version-unsupported",
        Confidence::High,
        "(K8sVersionNotSupported) aks1 is on version 1.25.6 which is not supported in this region. Please use the [az aks get-versions] command to get the supported version list in this region.\nCode: K8sVersionNotSupported",
    ),
    // https://github.com/Azure/AML-Kubernetes/blob/master/docs/troubleshooting.md#training-guide
    (
        "storage-mount-failed",
        Confidence::Medium,
        "AzureML Kubernetes job failed. 400:{\"Msg\":\"Failed to acquire CSI storage account credentials for mountVolume 'ws-secrets', encountered an error: Encountered an error when attempting to connect to Storage Account 'wsstorage': Failed to successfully make an http request after 10 attempts.\",\"Code\":400}",
    ),
    // https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster
    (
        "image-pull-failed",
        // A general tool's message alone: only a hint until the text shows Azure ML.
        Confidence::Low,
        "Warning  Failed  kubelet  Error: ErrImagePull\nWarning  Failed  kubelet  Failed to pull image \"myacr.azurecr.io/train:1\": rpc error: code = Unknown desc = failed to pull and unpack image \"myacr.azurecr.io/train:1\": failed to resolve reference \"myacr.azurecr.io/train:1\": failed to authorize: failed to fetch oauth token",
    ),
    // The scheduler's FailedScheduling event (https://docs.coreweave.com/support/cks/articles/why-is-my-pod-stuck-in-pending)
    (
        "instance-type-invalid",
        // A general tool's message alone: only a hint until the text shows Azure ML.
        Confidence::Low,
        "Warning  FailedScheduling  default-scheduler  0/3 nodes are available: 3 Insufficient nvidia.com/gpu.",
    ),
    // https://github.com/Azure/azure-sdk-for-python/blob/main/sdk/identity/azure-identity/TROUBLESHOOTING.md#azure-virtual-machine-managed-identity
    (
        "job-identity-failed",
        Confidence::Medium,
        "azure.identity._exceptions.CredentialUnavailableError: The requested identity hasn’t been assigned to this resource.",
    ),
    // https://github.com/Azure/azure-cli/blob/dev/src/azure-cli-core/azure/cli/core/__init__.py
    (
        "cli-extension-load-failed",
        Confidence::Medium,
        "WARNING: Unable to load extension 'ml: No module named 'azure.ai.ml''. Use --debug for more information.",
    ),
    // https://learn.microsoft.com/azure/machine-learning/known-issues/workspace-move-compute-instance-same-name
    (
        "compute-name-taken",
        Confidence::Medium,
        "Creating a compute with the same name as a previous compute failed with an Etag conflict error.",
    ),
    // https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-toomanyrequestsreceived-subscriptionrequeststhrottled#symptoms
    (
        "throttled",
        Confidence::High,
        "internalErrorCode: TooManyRequestsReceived\nStatusCode: 429\n{\nmessage: \"Number of read requests for subscription '00000000-0000-0000-0000-000000000000' exceeded the limit of '12000' for time interval '01:00:00'. Please try again after '5' seconds.\"\n}",
    ),
    // The failures read from the error's structure: their documented shapes (the Resource
    // Manager troubleshooting pages), with this test's own names.
    // https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-not-found
    (
        "resource-not-found",
        Confidence::High,
        "Code=ResourceNotFound;\nMessage=The Resource 'Microsoft.Storage/storageAccounts/{storage name}' under resource\ngroup {resource group name} was not found.",
    ),
    // https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider
    (
        "provider-not-registered",
        Confidence::Medium,
        "Code: MissingSubscriptionRegistration\nMessage: The subscription is not registered to use namespace {resource-provider-namespace}",
    ),
    // github.com/Azure/azure-cli-extensions src/k8s-extension/…/AzureMLKubernetes.py: the CLI's
    // refusal of an install that turns neither workload on.
    (
        "extension-setting-refused",
        Confidence::Medium,
        "(InvalidArgumentValueError) Please create Microsoft.AzureML.Kubernetes extension instance either for Machine Learning training or inference by specifying '--configuration-settings enableTraining=true' or '--configuration-settings enableInference=true'",
    ),
    // An id with a type and no name after it, as ARM's InvalidResourceId names it.
    (
        "resource-id-invalid",
        Confidence::High,
        "(InvalidResourceId) The resource id '/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/' is invalid.",
    ),
];

/// The text of the case for the known failure `id`; a test naming an id with no case fails
/// here, by that id.
fn case(id: &str) -> &'static str {
    CASES
        .iter()
        .find(|(case, _, _)| *case == id)
        .map(|(_, _, text)| *text)
        .unwrap_or_else(|| panic!("no case for the known failure `{id}` in CASES"))
}

#[test]
fn every_case_finds_its_failure_first_with_the_expected_confidence() {
    let mut wrong = Vec::new();
    for (id, confidence, text) in CASES {
        let explanation = explain(text, None, None, common::now());
        let first = explanation.matches.first();
        if first.map(|m| (m.id, m.confidence)) != Some((id, *confidence)) {
            wrong.push(format!(
                "{id} ({}): got {:?}",
                confidence.as_str(),
                first.map(|m| (m.id, m.confidence.as_str()))
            ));
        } else {
            assert!(!explanation.matches[0].evidence.is_empty(), "{id}");
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_general_tools_message_is_claimed_only_where_the_text_shows_azure_ml() {
    // Helm's and the kubelet's words come from any chart and any pod: alone they are a hint;
    // next to the `az k8s-extension` command that ran them, they are this failure.
    for id in ["helm-name-in-use", "image-pull-failed"] {
        let text = case(id);
        let alone = explain(text, None, None, common::now());
        assert_eq!(alone.matches[0].confidence, Confidence::Low, "{id}");
        let with = format!(
            "$ az k8s-extension create --name azureml --extension-type Microsoft.AzureML.Kubernetes\n{text}"
        );
        let with = explain(&with, None, None, common::now());
        assert_eq!(with.matches[0].id, id);
        assert!(with.matches[0].confidence >= Confidence::Medium, "{id}");
    }
}

#[test]
fn every_known_failure_has_a_case_here() {
    let mut missing: Vec<&str> = known_failures()
        .iter()
        .map(|f| f.id)
        .filter(|id| !CASES.iter().any(|(case, _, _)| case == id))
        .collect();
    // E45004 shares its case with E45005 (one failure, two codes): covered below.
    missing.retain(|id| *id != "legacy-azureml-fe");
    assert_eq!(missing, Vec::<&str>::new());
    assert!(known_failures().len() >= 25);
    assert!(known_failures()
        .iter()
        .all(|f| !f.sources.is_empty() && f.sources.iter().all(|s| s.url.starts_with("https://"))));
}

#[test]
fn the_shared_code_e45004_goes_by_its_message() {
    let fe = explain(
        "E45004 | AZUREML_FE_ROLE_CONFLICT",
        None,
        None,
        common::now(),
    );
    assert_eq!(fe.matches[0].id, "legacy-azureml-fe");
    assert_eq!(fe.matches.len(), 1);
    let training = explain(case("training-not-enabled"), None, None, common::now());
    assert_eq!(training.matches.len(), 1, "{:?}", training.matches);
}

#[test]
fn unrelated_text_matches_nothing_and_offers_generic_checks() {
    for text in [
        // A successful `az ml compute show` (the shape of Azure/AML-Kubernetes#188, succeeded).
        "{\n  \"id\": \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s\",\n  \"location\": \"westeurope\",\n  \"name\": \"k8s\",\n  \"provisioning_state\": \"Succeeded\",\n  \"resource_id\": \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\",\n  \"type\": \"kubernetes\"\n}",
        "The attach went fine yesterday; today I only want to know which namespace to pick for the team.",
        "Traceback (most recent call last):\n  File \"train.py\", line 3, in <module>\n    import torch\nModuleNotFoundError: No module named 'torch'",
        "",
    ] {
        let explanation = explain(text, None, None, common::now());
        assert!(!explanation.matched, "{text}: {:?}", explanation.matches);
        assert_eq!(explanation.generic_checks.len(), 4);
    }
}

#[test]
fn mixed_text_returns_every_failure_most_confident_first() {
    let text = format!(
        "first try:\n{}\n\nafter granting roles:\n{}\n",
        case("internal-server-error"),
        case("local-accounts-disabled")
    );
    let explanation = explain(&text, None, None, common::now());
    let ids: Vec<_> = explanation.matches.iter().map(|m| m.id).collect();
    assert_eq!(ids, ["local-accounts-disabled", "internal-server-error"]);
    assert_eq!(explanation.matches[0].evidence[0].line, 6);
}

#[test]
fn arm_error_envelope_with_a_policy_violation() {
    // The error of https://github.com/Azure/AKS/issues/3212 (its additionalInfo cut short there).
    let text = r#"{"error":{"code":"RequestDisallowedByPolicy","target":"kubernetes-a7704c27655a34fdf8a13baf2adf63cb","message":"Resource 'kubernetes-a7704c27655a34fdf8a13baf2adf63cb' was disallowed by policy. Reasons: 'Public IP creation is not allowed.'. See error details for policy resource IDs.","additionalInfo":[{"type":"PolicyViolation","info":{"evaluationDetails":{"evaluatedExpressions":[{"result":"True","expressionKind":"Field","expression":"type","path":"type","expressionValue":"Microsoft.Network/publicIPAddresses","operator":"In"}]}}}]}}"#;
    let explanation = explain(text, None, None, common::now());
    assert_eq!(explanation.input.kind, InputKind::ArmError);
    assert_eq!(explanation.matches[0].id, "policy-denied");
    assert_eq!(explanation.matches[0].confidence, Confidence::High);
    assert_eq!(explanation.errors[0].path, "error");
    assert_eq!(explanation.errors[0].additional_info, ["PolicyViolation"]);
    let kinds: Vec<_> = explanation.matches[0]
        .evidence
        .iter()
        .map(|e| format!("{:?}", e.kind))
        .collect();
    assert_eq!(kinds, ["Code", "Message", "AdditionalInfo"]);
}

#[test]
fn nested_details_are_read() {
    // https://github.com/Azure/azure-policy/issues/1185 (the verbose log there, in its envelope).
    let text = r#"{"error": {
  "code": "InvalidTemplateDeployment",
  "message": "The template deployment failed because of policy violation. Please see details for more information.",
  "details": [
    {
      "code": "RequestDisallowedByPolicy",
      "target": "aks-dtb-azops-aksmodule-t4",
      "message": "Resource 'aks-dtb-azops-aksmodule-t4' was disallowed by policy. Reasons: 'Public network access must be disabled for PaaS services.'. See error details for policy resource IDs.",
      "additionalInfo": [{"type": "PolicyViolation", "info": {"evaluationDetails": {}}}]
    }
  ]
}}"#;
    let explanation = explain(text, None, None, common::now());
    let paths: Vec<_> = explanation.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["error", "error.details[0]"]);
    assert_eq!(explanation.matches[0].id, "policy-denied");
    assert_eq!(explanation.matches[0].evidence[1].line, 8);
}

#[test]
fn provisioning_errors_and_a_whole_compute() {
    // The message of https://github.com/MicrosoftDocs/azure-docs/issues/55597 in the
    // provisioningErrors shape of the compute API.
    let errors = r#"[{"error":{"code":"BadRequest","message":"At least 3 machine(s) are required for cluster with purpose 'FastProd'. Available machine(s) : 2"}}]"#;
    let explanation = explain(errors, None, None, common::now());
    assert_eq!(explanation.input.kind, InputKind::ProvisioningErrors);
    assert_eq!(explanation.errors[0].path, "[0].error");
    assert_eq!(explanation.matches[0].id, "fastprod-node-count");

    // The message of https://github.com/Azure/AML-Kubernetes/issues/261 in a compute GET body.
    let compute = r#"{
  "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/k8s",
  "name": "k8s",
  "properties": {
    "computeType": "Kubernetes",
    "provisioningState": "Failed",
    "provisioningErrors": [
      {"error": {"code": "BadRequest", "message": "Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts."}}
    ]
  }
}"#;
    let explanation = explain(compute, None, None, common::now());
    assert_eq!(explanation.input.kind, InputKind::Compute);
    assert_eq!(
        explanation.errors[0].path,
        "properties.provisioningErrors[0].error"
    );
    assert_eq!(explanation.matches[0].id, "local-accounts-disabled");
    assert_eq!(explanation.matches[0].confidence, Confidence::High);
    assert_eq!(explanation.matches[0].evidence[1].line, 8);
}

const SECRETS: &[&str] = &[
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6IjEifQ.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIiwib2lkIjoiMSJ9.U2lnbmF0dXJlT2ZUaGVUb2tlbg",
    "Zm9vYmFyYmF6cXV4LXNlY3JldC1iZWFyZXI",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
    "sv%2BSignature%3Dxyz123abc",
    "c2VjcmV0LWFjY291bnQta2V5LWZvci10ZXN0cw==",
    "Q~9s8d7f6g5h4j3k2l1-client-secret",
];

fn text_with_secrets() -> String {
    format!(
        "az rest --headers \"Authorization=Bearer {bearer}\" failed:\n\
         Authorization: Bearer {jwt}\n\
         storage: https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sig={sig}&se=2030\n\
         DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={key};EndpointSuffix=core.windows.net\n\
         {{\"clientId\": \"x\", \"client_secret\": \"{client}\"}}\n\
         -----BEGIN PRIVATE KEY-----\n{pem}\nMIIBAAAA\n-----END PRIVATE KEY-----\n\
         (BadRequest) AKS role check failed for user assigned identity. Please check the role assignment.\n\
         token again: {jwt}\n",
        bearer = SECRETS[1],
        jwt = SECRETS[0],
        sig = SECRETS[3],
        key = SECRETS[4],
        client = SECRETS[5],
        pem = SECRETS[2],
    )
}

#[test]
fn secrets_never_reach_any_output() {
    let text = text_with_secrets();
    let explanation = explain(&text, None, None, common::now());
    assert_eq!(explanation.matches[0].id, "aks-role-check-failed");
    assert_eq!(explanation.matches[0].evidence[0].line, 10);
    assert_eq!(explanation.input.redactions, 7);
    let json = serde_json::to_string(&explanation).unwrap();
    let rendered = render_text(&explanation);
    for secret in SECRETS {
        assert!(!json.contains(secret), "{secret} in {json}");
        assert!(!rendered.contains(secret), "{secret} in {rendered}");
    }
    for fragment in ["eyJ0eXAi", "BEGIN PRIVATE KEY", "MIIE"] {
        assert!(!json.contains(fragment), "{fragment}");
    }
    // Secrets near a match are redacted inside its evidence too.
    let near = format!(
        "Bearer {} -> Getting static credential is not allowed because this cluster is set to disable local accounts. sig={}",
        SECRETS[1], SECRETS[3]
    );
    let explanation = explain(&near, None, None, common::now());
    let excerpt = &explanation.matches[0].evidence[0].excerpt;
    assert!(excerpt.contains("[redacted]"), "{excerpt}");
    let json = serde_json::to_string(&explanation).unwrap();
    assert!(
        !json.contains(SECRETS[1]) && !json.contains(SECRETS[3]),
        "{json}"
    );
}

fn spec(yaml: &str) -> AttachSpec {
    let validation = amlattach::validate::validate(yaml, &Context::default(), common::now());
    assert!(validation.report.ok, "{:?}", validation.report.diagnostics);
    validation.spec.unwrap()
}

fn workspace() -> Workspace {
    Workspace {
        subscription_id: Some("11111111-2222-3333-4444-555555555555".into()),
        resource_group: Some("rg-ml".into()),
        name: Some("ws-ml".into()),
        location: None,
        identity_type: Some("user_assigned".into()),
        identity_principal_id: Some("99999999-8888-7777-6666-555555555555".into()),
    }
}

const V2_SPEC: &str = "name: k8s-compute
type: kubernetes
resource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod
namespace: ml-team
identity:
  type: system_assigned
";

fn check(text: &str, spec: Option<&AttachSpec>, expect: Expect) {
    let ws = workspace();
    let workspace = spec.map(|_| &ws);
    expect.assert_eq(&render_text(&explain(text, spec, workspace, common::now())));
}

#[test]
fn golden_local_accounts_with_a_v2_spec() {
    let spec = spec(V2_SPEC);
    check(
        case("local-accounts-disabled"),
        Some(&spec),
        expect![[r#"
            1 known failure(s) matched (input: text, 337 bytes)
            read from the text: code BadRequest

            1. [high] local-accounts-disabled: the cluster has local accounts disabled
               evidence:
                 line 1, column 43: code "BadRequest": …ure.core.exceptions.HttpResponseError: (BadRequest) Failed to get static credential: Getti…
                 line 1, column 55: message "failed to get static credential": …eptions.HttpResponseError: (BadRequest) Failed to get static credential: Getting static credential is not allow…
                 line 1, column 88: message "getting static credential is not allowed because this cluster is set to disable local accounts": …quest) Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.
               causes, most likely first:
                 1. the AKS cluster disables local accounts and the workspace has no Trusted Access role binding on it
                    fix: create the Azure ML Trusted Access role binding for this workspace (one per workspace); with a user-assigned workspace identity also grant it Contributor on the cluster; then attach a new compute
                      az aks trustedaccess rolebinding create \
                        --resource-group rg-aks \
                        --cluster-name aks-prod \
                        --name '<role-binding-name>' \
                        --source-resource-id /subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-ml \
                        --roles Microsoft.MachineLearningServices/workspaces/mlworkload \
                        --subscription 00000000-0000-0000-0000-000000000000
                      az role assignment create \
                        --assignee-object-id 99999999-8888-7777-6666-555555555555 \
                        --assignee-principal-type ServicePrincipal \
                        --role Contributor \
                        --scope /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod
                    to confirm: read the cluster's power state, local accounts and API server access profile; list the cluster's Trusted Access role bindings
                 2. Trusted Access is not an option for you
                    fix: enable local accounts on the cluster (weaker: it brings back static admin credentials)
                      az aks update \
                        --resource-group rg-aks \
                        --name aks-prod \
                        --subscription 00000000-0000-0000-0000-000000000000 \
                        --enable-local-accounts
                    to confirm: read the cluster's power state, local accounts and API server access profile
               sources:
                 https://github.com/Azure/AML-Kubernetes/issues/261
                 https://github.com/Azure/AML-Kubernetes/blob/master/docs/azureml-aks-ta-support.md

            errors read from the input:
              line 1: (BadRequest) Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.

            Replace the <placeholders> with your own values.
        "#]],
    );
}

#[test]
fn golden_nothing_matched() {
    check(
        "ModuleNotFoundError: No module named 'torch'",
        None,
        expect![[r#"
            no known failure matched (input: text, 44 bytes)

            checks worth running:
              - read the AKS cluster's extensions: the Azure ML extension should be installed and Succeeded
                az k8s-extension list \
                  --cluster-type managedClusters \
                  --cluster-name '<cluster-name>' \
                  --resource-group '<cluster-resource-group>' \
                  --output table
              - see the extension's pods: all should be Running
                az aks get-credentials \
                  --resource-group '<cluster-resource-group>' \
                  --name '<cluster-name>'
                kubectl get pods \
                  --namespace azureml
              - read the compute: a Failed compute lists its provisioning errors (paste them here)
                az ml compute show \
                  --resource-group '<resource-group>' \
                  --workspace-name '<workspace-name>' \
                  --name '<compute-name>'
              - list the workspace identity's role assignments on the cluster (a user-assigned identity needs Reader, Kubernetes Extension Contributor and Azure Kubernetes Service Cluster Admin Role)
                az role assignment list \
                  --assignee '<workspace-identity-principal-id>' \
                  --scope '/subscriptions/<subscription-id>/resourceGroups/<cluster-resource-group>/providers/Microsoft.ContainerService/managedClusters/<cluster-name>' \
                  --include-inherited \
                  --output table

            Replace the <placeholders> with your own values.
        "#]],
    );
}

// The CLI, run as a process.

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    common::run_cli(args, stdin)
}

#[test]
fn cli_exits_0_when_a_failure_matched_and_1_when_none_did() {
    let (code, stdout, stderr) = run(&["explain"], case("aks-role-check-failed"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("1 known failure(s) matched"), "{stdout}");
    assert!(stdout.contains("[high] aks-role-check-failed"), "{stdout}");
    let (code, stdout, _) = run(&["explain", "-"], "all good here");
    assert_eq!(code, 1);
    assert!(stdout.starts_with("no known failure matched"), "{stdout}");
}

#[test]
fn cli_json_output_is_the_explanation_and_holds_no_secret() {
    let (code, stdout, stderr) = run(&["explain", "--output", "json"], &text_with_secrets());
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["matched"], true);
    assert_eq!(value["matches"][0]["id"], "aks-role-check-failed");
    assert_eq!(value["matches"][0]["confidence"], "high");
    assert_eq!(value["input"]["redactions"], 7);
    for secret in SECRETS {
        assert!(!stdout.contains(secret), "{secret}");
    }
}

#[test]
fn cli_writes_commands_for_the_spec_and_workspace() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explain-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("compute.yml");
    std::fs::write(&spec, V2_SPEC).unwrap();
    let errors = dir.join("error.txt");
    std::fs::write(&errors, case("extension-not-installed")).unwrap();
    let (code, stdout, stderr) = run(
        &[
            "explain",
            errors.to_str().unwrap(),
            "--spec",
            spec.to_str().unwrap(),
            "-g",
            "rg-ml",
            "-w",
            "ws-ml",
            "--identity-principal-id",
            "99999999-8888-7777-6666-555555555555",
            "--shell",
            "pwsh",
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("--assignee-object-id 99999999-8888-7777-6666-555555555555 `"),
        "{stdout}"
    );
    assert!(stdout.contains("--cluster-name aks-prod"), "{stdout}");
    assert!(
        stdout.contains("--role 'Kubernetes Extension Contributor'"),
        "{stdout}"
    );
}

#[test]
fn cli_usage_errors_exit_2() {
    let (code, _, stderr) = run(&["explain", "--spec", "-"], "x");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot both be read from standard input"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["explain", "/nonexistent/error.txt"], "");
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("amlattach: cannot read /nonexistent/error.txt"),
        "{stderr}"
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explain-cli-bad");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("bad.yml");
    std::fs::write(&spec, "name: 1bad\ntype: kubernetes\n").unwrap();
    let (code, _, stderr) = run(&["explain", "--spec", spec.to_str().unwrap()], "x");
    assert_eq!(code, 2);
    assert!(stderr.contains("the spec has errors"), "{stderr}");
    let (code, _, _) = run(&["explain", "--output", "yaml"], "x");
    assert_eq!(code, 2);
}

// Hostile input: nothing panics, evidence always points inside the (redacted) text.

const PIECES: &[&str] = &[
    "{\"error\":",
    "{\"code\":\"BadRequest\",\"message\":\"",
    "\"details\":[",
    "\"additionalInfo\":[{\"type\":\"PolicyViolation\"",
    "}",
    "]",
    "\"",
    "\\",
    "\\u00",
    "\\n",
    "eyJ",
    "eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln",
    "Bearer ",
    "Authorization: ",
    "sig=",
    "AccountKey=",
    "-----BEGIN PRIVATE KEY-----",
    "-----END PRIVATE KEY-----",
    "Code: ",
    "Message: ",
    "(BadRequest) ",
    "E45004",
    "extension not installed",
    "AKS role check failed for user assigned identity",
    "\u{0130}",
    "\u{1F600}",
    "\n",
    " ",
    "\r\n",
];

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let explanation = explain(&text, None, None, common::now());
        let _ = render_text(&explanation);
        serde_json::to_string(&explanation).unwrap();
    }

    #[test]
    fn pieces_of_errors_and_secrets_never_panic(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
    ) {
        let text: String = pieces.concat();
        let explanation = explain(&text, None, None, common::now());
        let json = serde_json::to_string(&explanation).unwrap();
        proptest::prop_assert!(!json.contains("eyJhbGciOiJIUzI1NiJ9"));
        for m in &explanation.matches {
            for e in &m.evidence {
                proptest::prop_assert!(e.line >= 1 && e.column >= 1);
            }
        }
        let _ = render_text(&explanation);
    }
}

/// Mandatory MFA as users meet it, each text from its public source: an ARM policy denial, the
/// Azure CLI and Azure PowerShell claims-challenge hints, Microsoft's own enforcement ("disallowed
/// by Azure"), Entra ID's AADSTS codes through several tools. Each is the MFA failure, never "a
/// policy forbids public IP addresses", and its fix signs in with the claims challenge.
#[test]
fn mfa_refusals_in_every_form_are_the_mfa_failure() {
    let forms: &[(&str, &str)] = &[
        (
            "issue 17: a user's paste",
            "(RequestDisallowedByPolicy) Resource was disallowed by policy. Reasons: MFA is required.",
        ),
        (
            "https://learn.microsoft.com/cli/azure/use-azure-cli-successfully-troubleshooting#troubleshooting-multifactor-authentication-mfa (Azure CLI 2.76.0 or later)",
            "Run the command below to authenticate interactively; additional arguments may be added as needed:\naz logout \naz login --tenant \"aaaabbbb-0000-cccc-1111-dddd2222eeee\" --scope \"https://management.core.windows.net//.default\" --claims-challenge \"<claims-challenge-token>\"\n\n(RequestDisallowedByPolicy) Resource was disallowed by policy. Policy identifiers. Users must use\nMFA for Create/Update operations. Users must authenticate with multi-factor authentication to create\nor update resources. Users must use MFA for Create operation.",
        ),
        (
            "https://github.com/Azure/azure-cli/pull/31699 (az keyvault create)",
            "> az keyvault create -g testpolicy1 -n testkv\nRun the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login --tenant \"3f145493-536c-40aa-8a6d-ca91dd64cd3b\" --scope \"https://management.core.windows.net//.default\" --claims-challenge \"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19\"\n(RequestDisallowedByPolicy) Resource 'testkv' was disallowed by policy. .",
        ),
        (
            "https://github.com/jpazureid/blog/blob/165267bbc604d7d09342c655fe1766b366bd6d2f/articles/azure-active-directory/phase2mfa.md (Azure PowerShell 14.3)",
            "PS C:\\test > New-AzStorageAccount -ResourceGroupName MyResourceGroup -Name mystorageaccount -Location westus -SkuName Standard_GRS -MinimumTlsVersion TLS1_2\nNew-AzStorageAccount: Resource 'mystorageaccount' was disallowed by policy. Reasons: 'Sample Text: To resolve this error, set up MFA at aka.ms/setupMFA. If you set up MFA and are still receiving this error, reach out to your Entra administrator to restore your Azure security default.'. See error details for policy resource IDs.\n\nRun the cmdlet below to authenticate interactively; additional parameters may be added as needed.\n\nConnect-AzAccount -Tenant (Get-AzContext).Tenant.Id -ClaimsChallenge \"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19\"",
        ),
        (
            "https://github.com/dsccommunity/Microsoft365DscWorkshop/blob/2cc2a8632be794eb6a18cce140dad8dc977d8474/tests/ConfigData/AzHelpers.Tests.ps1",
            "Resource '00000000-0000-0000-0000-000000000001' was disallowed by Azure: You are receiving this error because you tried to create, update or delete Azure resources without authenticating through MFA.\nUser accounts must be authenticated through MFA to manage your resources. To resolve this error, go to https://aka.ms/MFAforAzure.  Run the cmdlet below to authenticate interactively; additional\nparameters may be added as needed.  Connect-AzAccount -Tenant (Get-AzContext).Tenant.Id -ClaimsChallenge \"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19\"",
        ),
        (
            "the same enforcement as an ARM error envelope (RequestDisallowedByAzure, the message of the source above)",
            r#"{"error":{"code":"RequestDisallowedByAzure","target":"k8s-compute","message":"Resource 'k8s-compute' was disallowed by Azure: You are receiving this error because you tried to create, update or delete Azure resources without authenticating through MFA. User accounts must be authenticated through MFA to manage your resources. To resolve this error, go to https://aka.ms/MFAforAzure."}}"#,
        ),
        (
            "https://github.com/Azure/azure-cli/pull/31742 (az login, a guest tenant)",
            "> az login\nAuthentication failed against tenant 54826b22-38d6-4fb2-bad9-b7b93a3e9c5a 'AzureSDKTeam': SubError: basic_action V2Error: invalid_grant AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'. Trace ID: 18d82f67-1fbf-4ca5-819a-1deef63b1e00 Correlation ID: 04bb878d-61ca-4c18-9fdc-6c68999653e4 Timestamp: 2025-07-01 08:16:05Z. Status: Response_Status.Status_InteractionRequired, Error code: 3399614476, Tag: 557973645",
        ),
        (
            "https://github.com/Azure/azure-cli/issues/6962 (az 2.0.43, ADAL)",
            "Failed to authenticate '{'additional_properties': {}, 'id': '/tenants/4253165e-ba77-4eaa-bd15-e7abb69a74ef', 'tenant_id': '4253165e-ba77-4eaa-bd15-e7abb69a74ef'}' due to error 'Get Token request returned http error: 400 and server response: {\"error\":\"interaction_required\",\"error_description\":\"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.\\r\\nTrace ID: 384cee7c-cf4c-4dfe-8a11-a510c4e90c00\\r\\nCorrelation ID: 66394469-089e-42dc-aaf6-e5d6e77c7987\\r\\nTimestamp: 2018-08-03 12:27:46Z\",\"error_codes\":[50076],\"suberror\":\"basic_action\"}'",
        ),
        (
            "https://github.com/Azure/azure-sdk-for-net/issues/11595 (.NET DefaultAzureCredential)",
            "Azure.Identity.AuthenticationFailedException : DefaultAzureCredential authentication failed.\n---- Azure.Identity.AuthenticationFailedException : VisualStudioCodeCredential authentication failed.\n-------- Microsoft.Identity.Client.MsalUiRequiredException : AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'xxxxxxxx'.",
        ),
        (
            "https://github.com/microsoft-foundry/voicelive-samples/issues/344 (azd up)",
            "  (x) Failed: Validating deployment\n\nERROR: Reauthentication required.\n\nSuggestion: reauthentication required, run `azd auth login --tenant-id a6e7984c-xxxx-xxx-8880-b444490ad520` to acquire a new token.\n\nAADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'xx-ba00-4fd7-ba43-dac1f8f63013'.",
        ),
        (
            "https://github.com/microsoft/vscode-tools-for-ai/issues/2451 (the Azure ML VS Code extension)",
            "Action: azureml.internal.azureAccount.login\nError type: 120\nError Message: {\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'redacted:id'.",
        ),
        (
            "https://github.com/Azure/azure-kusto-python/issues/89 (AADSTS50079)",
            "AdalError: Get Token request returned http error: 400 and server response: {\"error\":\"interaction_required\",\"error_description\":\"AADSTS50079: The user is required to use multi-factor authentication.\\r\\nTrace ID: 8d4704cf-5c83-42bb-860b-7a2180d1fa00\",\"error_codes\":[50079]}",
        ),
        (
            "https://learn.microsoft.com/entra/identity-platform/claims-challenge (a claims challenge header)",
            "HTTP 401; Unauthorized\n\nwww-authenticate =Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"insufficient_claims\", claims=\"eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ==\"",
        ),
    ];
    // A form by the start of its source; a source no form has fails here, by that source.
    let form = |source: &str| {
        forms
            .iter()
            .find(|(from, _)| from.starts_with(source))
            .map(|(_, text)| *text)
            .unwrap_or_else(|| panic!("no form from `{source}`"))
    };
    for (source, text) in forms {
        let explanation = explain(text, None, None, common::now());
        let ids: Vec<_> = explanation.matches.iter().map(|m| m.id).collect();
        assert_eq!(ids.first(), Some(&"mfa-required"), "{source}: {ids:?}");
        assert!(!ids.contains(&"policy-denied"), "{source}: {ids:?}");
        let fix = &explanation.matches[0].causes[0].fix;
        assert!(
            fix.commands
                .iter()
                .any(|c| c.text.contains("--claims-challenge")),
            "{source}"
        );
        assert!(
            fix.commands.iter().all(|c| c.language != "python"),
            "{source}"
        );
    }
    // The user's own challenge and tenant go into the commands.
    let explanation = explain(
        form("https://github.com/Azure/azure-cli/pull/31699 "),
        None,
        None,
        common::now(),
    );
    let login = &explanation.matches[0].causes[0].fix.commands[1].text;
    assert!(
        login.contains("--tenant 3f145493-536c-40aa-8a6d-ca91dd64cd3b"),
        "{login}"
    );
    assert!(login.contains("--claims-challenge eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19"), "{login}");
    // The header's own request (CAE's `cp1`) is answered, not replaced by the MFA one.
    let explanation = explain(
        form("https://learn.microsoft.com/entra/identity-platform/claims-challenge "),
        None,
        None,
        common::now(),
    );
    let login = &explanation.matches[0].causes[0].fix.commands[1].text;
    assert!(login.contains("InZhbHVlIjoiY3AxIn19fQ=="), "{login}");
}

/// What only looks like MFA stays what it is: `RequestDisallowedByAzure` is also the region
/// restriction of student and trial subscriptions, and a policy denial for a public IP stays a
/// policy denial.
#[test]
fn what_is_not_mfa_is_not_the_mfa_failure() {
    for (source, text) in [
        (
            "https://github.com/Azure/static-web-apps/issues/1743",
            "Resource 'MyAzureAPI' was disallowed by Azure: This policy maintains a set of best available regions where your subscription can deploy resources. The objective of this policy is to ensure that your subscription has full access to Azure services with optimal performance. Should you need additional or different regions, contact support..",
        ),
        (
            "https://github.com/microsoft/vscode-apimanagement/issues/464",
            "Action: azureApiManagement.createService\nError type: RequestDisallowedByAzure\nError Message: Resource 'apimanagementcse341' was disallowed by ---: This policy maintains a set of best available regions where your subscription can deploy resources.",
        ),
    ] {
        let explanation = explain(text, None, None, common::now());
        assert!(
            explanation.matches.iter().all(|m| m.id != "mfa-required"),
            "{source}: {:?}",
            explanation.matches.iter().map(|m| m.id).collect::<Vec<_>>()
        );
    }
    let policy = explain(case("policy-denied"), None, None, common::now());
    assert_eq!(policy.matches[0].id, "policy-denied");
}

/// The MFA advice takes its tense from the clock, on both sides of the enforcement date.
#[test]
fn the_mfa_advice_takes_its_tense_from_the_clock() {
    let text =
        "(RequestDisallowedByPolicy) Resource was disallowed by policy. Reasons: MFA is required.";
    let at = |day: &str| {
        explain(text, None, None, amlattach::dated::Now::parse(day).unwrap()).matches[0].causes[0]
            .fix
            .text
            .clone()
    };
    assert!(at("2025-09-30").contains("is enforced from 2025-10-01"));
    assert!(at("2025-10-01").contains("has been enforced since 2025-10-01"));
}

#[test]
fn a_refused_setting_is_named_whatever_the_message_says() {
    // The CLI's sentences differ between versions; the settings they name do not.
    let cases: &[(&str, &[&str])] = &[
        (case("extension-setting-refused"), &["enableTraining", "enableInference"]),
        // An older CLI, with the retired names: the settings that replaced them.
        (
            "ERROR: (MutuallyExclusiveArgumentError) Specify either privateEndpointNodeport=true or privateEndpointILB=true, but not both. (az k8s-extension create)",
            &["inferenceRouterServiceType", "internalLoadBalancerProvider"],
        ),
        // A sentence no one has seen yet, about a documented setting.
        (
            "az k8s-extension update: error: sslCname must be set when sslSecret is given",
            &["sslCname", "sslSecret"],
        ),
    ];
    for (text, keys) in cases {
        let explanation = explain(text, None, None, common::now());
        let refused = explanation
            .matches
            .iter()
            .find(|m| m.id == "extension-setting-refused")
            .unwrap_or_else(|| panic!("not found in {text}"));
        let named: Vec<&str> = refused.settings.iter().map(|s| s.key).collect();
        assert_eq!(&named, keys, "{text}");
    }
    // Settings named without an error about the extension are not a refusal.
    for text in [
        "We set enableInference=True and the endpoint answers.",
        "Error: the pod azureml-fe is pending (inferenceRouterServiceType is loadBalancer)",
    ] {
        let explanation = explain(text, None, None, common::now());
        assert!(
            !explanation
                .matches
                .iter()
                .any(|m| m.id == "extension-setting-refused"),
            "{text}"
        );
    }
}
