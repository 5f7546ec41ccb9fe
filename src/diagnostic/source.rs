//! The public documents and code each rule comes from: every diagnostic code names one.

/// The v1 article on creating and attaching AKS (the seed documents are its translations).
pub const DOC_V1: &str =
    "learn.microsoft.com/azure/machine-learning/v1/how-to-create-attach-kubernetes";
/// The v1 article on TLS for web services.
pub const DOC_V1_TLS: &str =
    "learn.microsoft.com/azure/machine-learning/v1/how-to-secure-web-service";
/// The v1 article on inferencing in a virtual network.
pub const DOC_V1_VNET: &str =
    "learn.microsoft.com/azure/machine-learning/v1/how-to-secure-inferencing-vnet";
/// The v2 article on attaching a Kubernetes cluster.
pub const DOC_V2_ATTACH: &str =
    "learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace";
/// The v2 compute YAML reference.
pub const DOC_V2_YAML: &str =
    "learn.microsoft.com/azure/machine-learning/reference-yaml-compute-kubernetes";
/// The Azure ML Kubernetes extension article.
pub const DOC_EXTENSION: &str =
    "learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension";
/// AKS supported Kubernetes versions.
pub const DOC_AKS_VERSIONS: &str = "learn.microsoft.com/azure/aks/supported-kubernetes-versions";
/// AKS Azure CNI networking (service CIDR and DNS service IP rules).
pub const DOC_AKS_CNI: &str = "learn.microsoft.com/azure/aks/configure-azure-cni";
/// Azure resource naming rules.
pub const DOC_NAMES: &str =
    "learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules";
/// Azure resource tag limits.
pub const DOC_TAGS: &str =
    "learn.microsoft.com/azure/azure-resource-manager/management/tag-resources";
/// Kubernetes object names (RFC 1123 labels).
pub const K8S_NAMES: &str = "kubernetes.io/docs/concepts/overview/working-with-objects/names";
/// The Basic Load Balancer retirement notice (the dated fact's own source).
pub const BASIC_LB_RETIREMENT: &str = crate::dated::BASIC_LB_RETIRED.source;
/// The v1 SDK end-of-support notice (the dated fact's own source).
pub const SDK_V1_END: &str = crate::dated::SDK_V1_END.source;
/// Azure ML on AKS with Trusted Access.
pub const TRUSTED_ACCESS: &str =
    "github.com/Azure/AML-Kubernetes/blob/master/docs/azureml-aks-ta-support.md";
/// The v1 SDK's own checks (`AksCompute.validate_configuration`).
pub const AZUREML_CORE: &str = "azureml-core AksCompute.validate_configuration";
/// The v2 SDK's compute schema.
pub const AZURE_AI_ML: &str = "azure-ai-ml KubernetesComputeSchema";
/// The resource provider's capacity errors quoted in the issue.
pub const ISSUE_CAPACITY: &str = "github.com/MicrosoftDocs/azure-docs/issues/55597";
/// The YAML 1.2 and JSON grammars.
pub const YAML_JSON: &str = "yaml.org/spec/1.2.2, RFC 8259";
/// The `sslSecret` setting of the Azure ML extension: a secret in the `azureml` namespace
/// holding `cert.pem` and `key.pem`.
pub const DOC_SSL_SECRET: &str =
    "learn.microsoft.com/azure/machine-learning/how-to-secure-kubernetes-online-endpoint#configure-sslsecret";
/// The TLS 1.2 certificate list: the server's certificate first, each next one certifying
/// the one before.
pub const RFC_5246_CHAIN: &str = "RFC 5246 §7.4.2 (the server certificate first, then each issuer)";
/// The v1 troubleshooting steps for re-attaching: save `azuremlfessl` and decode it.
pub const DOC_V1_REATTACH: &str =
    "learn.microsoft.com/azure/machine-learning/v1/how-to-create-attach-kubernetes#update-azure-machine-learning-components-in-aks";
/// Kubernetes Secrets: `data` values are base64.
pub const K8S_SECRETS: &str = "kubernetes.io/docs/concepts/configuration/secret";
/// X.509 certificates: validity, names, issuers.
pub const RFC_5280: &str = "RFC 5280 (X.509 certificate profile)";
/// Host names in certificates, wildcards one label deep.
pub const RFC_6125: &str = "RFC 6125 (host names in TLS certificates)";
/// Unicode's bidirectional controls, and the attack that hides code behind them
/// (CVE-2021-42574, "Trojan Source").
pub const UNICODE_BIDI: &str = "unicode.org/reports/tr9 (bidirectional controls), CVE-2021-42574";
/// `az aks get-versions` (the table and the JSON).
pub const AZ_AKS_GET_VERSIONS: &str = "learn.microsoft.com/cli/azure/aks#az-aks-get-versions";
/// The reference for configuring a Kubernetes cluster for Azure ML: the extension's components,
/// their resource plan, its supported Kubernetes versions and releases.
pub const DOC_EXTENSION_REFERENCE: &str =
    "learn.microsoft.com/azure/machine-learning/reference-kubernetes";
/// Troubleshooting the Azure ML extension: its healthcheck's error codes (E40001…) and the
/// settings that avoid conflicts with what the cluster already runs.
pub const DOC_EXTENSION_TSG: &str =
    "learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension";
/// The Azure CLI's own checks for this extension (`az k8s-extension create`).
pub const K8S_EXTENSION_CLI: &str = "github.com/Azure/azure-cli-extensions src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py";
