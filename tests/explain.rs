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
        Confidence::Medium,
        "Error: can't reuse a name that is still in use",
    ),
    (
        "helm-operation-in-progress",
        Confidence::Medium,
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
        "caller-not-authorized",
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
];

#[test]
fn every_case_finds_its_failure_first_with_the_expected_confidence() {
    for (id, confidence, text) in CASES {
        let explanation = explain(text, None, None, common::now());
        let ids: Vec<_> = explanation.matches.iter().map(|m| m.id).collect();
        assert_eq!(ids.first(), Some(id), "{text}");
        assert_eq!(explanation.matches[0].confidence, *confidence, "{id}");
        assert!(!explanation.matches[0].evidence.is_empty(), "{id}");
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
    let training = explain(CASES[21].2, None, None, common::now());
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
        CASES[1].2, CASES[3].2
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
        CASES[3].2,
        Some(&spec),
        expect![[r#"
            1 known failure(s) matched (input: text, 337 bytes)

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
              - read the cluster's extensions: the Azure ML extension should be installed and Succeeded
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
    let (code, stdout, stderr) = run(&["explain"], CASES[2].2);
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
    std::fs::write(&errors, CASES[0].2).unwrap();
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
