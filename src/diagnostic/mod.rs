//! Diagnostics: one problem found in the user's input, tied to the field it is about, with a
//! stable code and the public source the rule comes from; [`excerpt`], the one way a message
//! quotes input.

mod excerpt;
mod render;

use std::fmt;

use serde::{Serialize, Serializer};

pub use excerpt::{excerpt, hidden_char, Excerpt, EXCERPT_CHARS};
pub use render::{render_diagnostics, render_report};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing will fail because of it.
    Info,
    /// Accepted today but likely to fail later or advised against by the documentation.
    Warning,
    /// The service or its SDK rejects this input.
    Error,
}

impl Severity {
    /// The lowercase name used in text and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Severity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where the rules come from; every code names one.
pub mod source;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $source:expr; )*) => {
        /// A stable identifier for each kind of problem, so callers branch on codes and never on
        /// text. Codes are kebab case (`name-first-char`) in JSON and text; once published a code
        /// keeps its meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The kebab-case form, as serialized.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// The public document or code the rule comes from.
            pub fn source(self) -> &'static str {
                match self { $( Code::$variant => $source, )* }
            }
        }
    };
}

use source::*;

codes! {
    // The document as a whole.
    /// The text is neither YAML nor JSON.
    ParseError = "parse-error", YAML_JSON;
    /// The document is not a mapping of keys to values.
    NotAMapping = "not-a-mapping", DOC_V2_YAML;
    /// A key the schema does not have.
    UnknownKey = "unknown-key", DOC_V2_YAML;
    /// A read-only key (from `az ml compute show` output), ignored.
    ReadOnlyKey = "read-only-key", AZURE_AI_ML;
    /// A setting that another one overrides, so it has no effect.
    SettingOverridden = "setting-overridden", AZURE_AI_ML;
    /// The same key twice in one mapping; the last one wins.
    DuplicateKey = "duplicate-key", YAML_JSON;
    /// A value of the wrong kind (a list where a string belongs, …).
    WrongType = "wrong-type", DOC_V2_YAML;
    /// A required field is missing.
    Required = "required", DOC_V2_YAML;
    /// `type` is neither `kubernetes` nor `aks`.
    TypeUnknown = "type-unknown", DOC_V2_YAML;
    /// A v1 spec (`type: aks`) with keys only a v2 Kubernetes compute takes.
    TypeLooksV2 = "type-looks-v2", DOC_V2_YAML;
    /// Text with characters that change how it shows (right-to-left overrides, isolates, zero
    /// width marks): what a reader sees is not what the scripts would run.
    HiddenText = "hidden-text", UNICODE_BIDI;
    /// `$schema` points at another schema.
    SchemaMismatch = "schema-mismatch", DOC_V2_YAML;

    // Compute names.
    /// The compute name is empty or missing.
    NameRequired = "name-required", DOC_V1;
    /// The compute name has fewer than 3 characters.
    NameTooShort = "name-too-short", DOC_V1;
    /// The compute name has more than 24 characters.
    NameTooLong = "name-too-long", DOC_V1;
    /// The compute name does not start with a letter.
    NameFirstChar = "name-first-char", DOC_V1;
    /// The compute name does not end with a letter or digit.
    NameLastChar = "name-last-char", DOC_V1;
    /// The compute name holds characters other than ASCII letters, digits and `-`.
    NameInvalidChar = "name-invalid-char", DOC_V1;
    /// The compute name is longer than the 16 characters older services accepted.
    NameLong = "name-long", DOC_NAMES;
    /// The compute name ends in `-` followed by digits, which compute instances reject.
    NameDashDigitsEnd = "name-dash-digits-end", DOC_NAMES;
    /// A compute with this name (compared case-insensitively) already exists in the workspace.
    NameClash = "name-clash", DOC_V1;

    // Resource ids.
    /// The cluster's resource id is missing.
    ResourceIdRequired = "resource-id-required", DOC_V2_ATTACH;
    /// The resource id is not an ARM resource id.
    ResourceIdInvalid = "resource-id-invalid", DOC_V2_ATTACH;
    /// The resource id names another kind of resource than the field needs.
    ResourceIdWrongType = "resource-id-wrong-type", DOC_V2_ATTACH;
    /// The resource id was rewritten: a leading `/` added or the casing made canonical.
    ResourceIdNormalized = "resource-id-normalized", DOC_V2_ATTACH;
    /// The subscription id is not a GUID.
    SubscriptionIdInvalid = "subscription-id-invalid", DOC_NAMES;
    /// The resource group name breaks Azure's rule.
    ResourceGroupInvalid = "resource-group-invalid", DOC_NAMES;
    /// The cluster name breaks AKS's rule.
    ClusterNameInvalid = "cluster-name-invalid", DOC_NAMES;
    /// The workspace name breaks Azure ML's rule.
    WorkspaceNameInvalid = "workspace-name-invalid", DOC_NAMES;
    /// The cluster is in another subscription than the workspace.
    CrossSubscription = "cross-subscription", DOC_V2_ATTACH;

    // Namespace (v2).
    /// The namespace is not an RFC 1123 label.
    NamespaceInvalid = "namespace-invalid", K8S_NAMES;
    /// Attach neither creates nor checks the namespace.
    NamespaceNotCreated = "namespace-not-created", DOC_V2_ATTACH;
    /// The namespace belongs to Kubernetes or to the Azure ML extension.
    NamespaceSystem = "namespace-system", DOC_EXTENSION;

    // Identity (v2).
    /// `identity.type` is not one of the accepted values.
    IdentityTypeInvalid = "identity-type-invalid", DOC_V2_YAML;
    /// A user-assigned identity type without identity ids.
    IdentityIdsRequired = "identity-ids-required", DOC_V2_ATTACH;
    /// Identity ids given with a type that takes none.
    IdentityIdsUnexpected = "identity-ids-unexpected", DOC_V2_ATTACH;
    /// More than one user-assigned identity: only the first is used.
    IdentityFirstIdOnly = "identity-first-id-only", DOC_V2_ATTACH;
    /// A user-assigned identity id that is not one.
    IdentityIdInvalid = "identity-id-invalid", DOC_V2_ATTACH;
    /// The workspace's user-assigned identity lacks roles it needs on the cluster.
    WorkspaceIdentityRolesMissing = "workspace-identity-roles-missing", DOC_V2_ATTACH;
    /// The workspace's user-assigned identity needs roles on the cluster.
    WorkspaceIdentityRoles = "workspace-identity-roles", DOC_V2_ATTACH;

    // Other v2 fields.
    /// `location` is ignored for Kubernetes computes.
    LocationIgnored = "location-ignored", AZURE_AI_ML;
    /// A tag name or value breaks Azure's tag limits.
    TagInvalid = "tag-invalid", DOC_TAGS;

    // v1 (AksCompute).
    /// v1 tooling is past its end of support.
    V1EndOfSupport = "v1-end-of-support", SDK_V1_END;
    /// `action` is neither `attach` nor `create`.
    ActionInvalid = "action-invalid", DOC_V1;
    /// `action` was not given and was inferred.
    ActionInferred = "action-inferred", DOC_V1;
    /// Both `resource_id` and `resource_group`/`cluster_name` were given.
    AksTargetConflict = "aks-target-conflict", AZUREML_CORE;
    /// Only one of `resource_group` and `cluster_name` was given.
    AksTargetIncomplete = "aks-target-incomplete", AZUREML_CORE;
    /// A field for attaching was given to a create, or the reverse.
    FieldNotForAction = "field-not-for-action", AZUREML_CORE;
    /// `cluster_purpose` is not a known purpose.
    ClusterPurposeInvalid = "cluster-purpose-invalid", DOC_V1;
    /// `agent_count` is not a positive whole number.
    AgentCountInvalid = "agent-count-invalid", AZUREML_CORE;
    /// The VM size is not in the offline table; its vCPUs are not counted.
    VmSizeUnknown = "vm-size-unknown", DOC_V1;
    /// Too few nodes for the cluster purpose.
    CapacityNodes = "capacity-nodes", ISSUE_CAPACITY;
    /// Too few vCPUs for the cluster purpose.
    CapacityVcpus = "capacity-vcpus", ISSUE_CAPACITY;
    /// v1 deploys only to the cluster's first node pool.
    SecondaryNodePools = "secondary-node-pools", DOC_V1;
    /// `load_balancer_type` is not a known type.
    LoadBalancerTypeInvalid = "load-balancer-type-invalid", AZUREML_CORE;
    /// A load-balancer subnet without an internal load balancer.
    LoadBalancerSubnetWithoutIlb = "load-balancer-subnet-without-ilb", AZUREML_CORE;
    /// An internal load balancer with the Microsoft-provided certificate.
    IlbMicrosoftCertificate = "ilb-microsoft-certificate", DOC_V1_VNET;
    /// An internal load balancer needs a custom certificate for TLS.
    IlbNeedsCustomCertificate = "ilb-needs-custom-certificate", DOC_V1_VNET;
    /// Custom TLS needs the certificate, the key and the CNAME together.
    SslIncomplete = "ssl-incomplete", AZUREML_CORE;
    /// A leaf domain label together with a custom certificate.
    SslConflict = "ssl-conflict", AZUREML_CORE;
    /// `overwrite_existing_domain` without a leaf domain label.
    SslOverwriteWithoutLeaf = "ssl-overwrite-without-leaf", AZUREML_CORE;
    /// `renew` without a leaf domain label.
    SslRenewWithoutLeaf = "ssl-renew-without-leaf", AZUREML_CORE;
    /// Both a file and inline content for the same PEM.
    SslSourceConflict = "ssl-source-conflict", AZUREML_CORE;
    /// The CNAME is not a DNS name.
    SslCnameInvalid = "ssl-cname-invalid", DOC_V1_TLS;
    /// The leaf domain label is not a DNS label.
    SslLeafLabelInvalid = "ssl-leaf-label-invalid", DOC_V1_TLS;
    /// Inline certificate or key content that is not PEM.
    SslPemInvalid = "ssl-pem-invalid", DOC_V1_TLS;
    /// A passphrase-protected key, which the service cannot use.
    SslKeyEncrypted = "ssl-key-encrypted", DOC_EXTENSION;
    /// Some but not all of the six VNet fields.
    VnetIncomplete = "vnet-incomplete", AZUREML_CORE;
    /// A CIDR that is not an IPv4 network.
    CidrInvalid = "cidr-invalid", DOC_V1_VNET;
    /// An IP address that is not IPv4.
    IpInvalid = "ip-invalid", DOC_V1_VNET;
    /// The service CIDR is /12 or larger.
    ServiceCidrTooLarge = "service-cidr-too-large", DOC_AKS_CNI;
    /// The DNS service IP is outside the service CIDR.
    DnsIpOutsideServiceCidr = "dns-ip-outside-service-cidr", DOC_AKS_CNI;
    /// The DNS service IP is an address Kubernetes reserves.
    DnsIpReserved = "dns-ip-reserved", DOC_AKS_CNI;
    /// The Docker bridge CIDR overlaps the service CIDR.
    DockerBridgeOverlap = "docker-bridge-overlap", DOC_AKS_CNI;
    /// The region name is malformed.
    LocationInvalid = "location-invalid", DOC_V1;
    /// The cluster would be created in another region than the workspace.
    LocationDiffers = "location-differs", DOC_V1;

    // Facts about the cluster and the workspace (context).
    /// A private cluster used through its public FQDN.
    PrivateClusterPublicFqdn = "private-cluster-public-fqdn", DOC_V1_VNET;
    /// Authorized IP ranges on a Basic load balancer.
    AuthorizedIpRangesBasicLb = "authorized-ip-ranges-basic-lb", DOC_V1;
    /// Authorized IP ranges must let Azure ML's control plane in.
    AuthorizedIpRanges = "authorized-ip-ranges", DOC_V1;
    /// The Basic load balancer is retired.
    BasicLoadBalancer = "basic-load-balancer", BASIC_LB_RETIREMENT;
    /// The Kubernetes version is outside the supported window.
    KubernetesVersionUnsupported = "kubernetes-version-unsupported", DOC_AKS_VERSIONS;
    /// The Kubernetes version is not a version.
    KubernetesVersionInvalid = "kubernetes-version-invalid", DOC_AKS_VERSIONS;
    /// Local accounts are disabled and Trusted Access is not set up.
    LocalAccountsDisabled = "local-accounts-disabled", TRUSTED_ACCESS;
    /// The Azure ML extension is not installed on the cluster.
    ExtensionMissing = "extension-missing", DOC_EXTENSION;
    /// The AKS cluster uses a service principal, not a managed identity.
    ClusterServicePrincipal = "cluster-service-principal", DOC_EXTENSION;

    // The Azure ML extension spec (`amlattach extension`).
    /// A setting the extension does not have; the CLI passes it on and the extension ignores it.
    ExtensionSettingUnknown = "extension-setting-unknown", DOC_EXTENSION;
    /// A setting written in another case than the extension reads (`InferenceRouterHA`).
    ExtensionSettingCase = "extension-setting-case", DOC_EXTENSION;
    /// A setting the extension no longer reads, with what replaced it.
    ExtensionSettingRetired = "extension-setting-retired", K8S_EXTENSION_CLI;
    /// A setting in the wrong list: the PEM files are read only from `--config-protected`.
    ExtensionSettingPlace = "extension-setting-place", K8S_EXTENSION_CLI;
    /// The same setting in `config` and `config_protected`.
    ExtensionSettingDuplicate = "extension-setting-duplicate", K8S_EXTENSION_CLI;
    /// A setting the CLI writes itself from the cluster.
    ExtensionSettingDerived = "extension-setting-derived", K8S_EXTENSION_CLI;
    /// A value outside the setting's set or shape.
    ExtensionValueInvalid = "extension-value-invalid", DOC_EXTENSION;
    /// A setting for the other kind of cluster (AKS only, Arc only).
    ExtensionClusterKind = "extension-cluster-kind", DOC_EXTENSION;
    /// Neither training nor inference is enabled.
    ExtensionNoWorkload = "extension-no-workload", K8S_EXTENSION_CLI;
    /// Inference without `inferenceRouterServiceType`.
    ExtensionRouterRequired = "extension-router-required", DOC_EXTENSION;
    /// Inference over HTTPS without a certificate (`sslSecret` or the PEM files).
    ExtensionTlsRequired = "extension-tls-required", DOC_EXTENSION;
    /// A certificate without `sslCname`.
    ExtensionCnameRequired = "extension-cname-required", K8S_EXTENSION_CLI;
    /// Both `sslSecret` and the PEM files.
    ExtensionTlsBoth = "extension-tls-both", DOC_EXTENSION;
    /// One PEM file without the other.
    ExtensionPemPair = "extension-pem-pair", DOC_EXTENSION;
    /// Certificate settings with `allowInsecureConnections=True`, which are then not used.
    ExtensionTlsUnused = "extension-tls-unused", K8S_EXTENSION_CLI;
    /// Inference endpoints over plain HTTP.
    ExtensionInsecure = "extension-insecure", DOC_EXTENSION;
    /// Inference settings while inference is off.
    ExtensionInferenceUnused = "extension-inference-unused", DOC_EXTENSION;
    /// An internal load balancer with a router service that does not use one.
    ExtensionInternalLoadBalancer = "extension-internal-load-balancer", K8S_EXTENSION_CLI;
    /// `scope: namespace`, or a release namespace other than `azureml`.
    ExtensionScope = "extension-scope", K8S_EXTENSION_CLI;
    /// A pinned version with automatic minor upgrades on.
    ExtensionVersionPinned = "extension-version-pinned", K8S_EXTENSION_CLI;
    /// A release train users do not install from.
    ExtensionReleaseTrain = "extension-release-train", DOC_EXTENSION;
    /// The extension's instance name breaks ARM's or Helm's rules.
    ExtensionNameInvalid = "extension-name-invalid", DOC_EXTENSION;
    /// Three inference routers on fewer than three nodes (healthcheck E40002).
    ExtensionRouterHaNodes = "extension-router-ha-nodes", DOC_EXTENSION_TSG;
    /// The cluster's vCPUs against what the extension's own components request.
    ExtensionCapacity = "extension-capacity", DOC_EXTENSION_REFERENCE;
    /// A secret written into the spec; the generated commands read it from the environment.
    ExtensionSecretInSpec = "extension-secret-in-spec", K8S_EXTENSION_CLI;
    /// The installed extension failed or has not finished installing.
    ExtensionState = "extension-state", DOC_EXTENSION_TSG;
    /// The installed extension runs only training or only inference.
    ExtensionWorkloads = "extension-workloads", DOC_EXTENSION;
    /// The spec differs from the extension installed.
    ExtensionInstalledDiffers = "extension-installed-differs", DOC_EXTENSION;
    /// A PEM file's certificate or key (given to the check) is wrong for the endpoint.
    ExtensionCertificate = "extension-certificate", DOC_SSL_SECRET;
    /// v1: the cluster is already attached; a second attachment breaks the first.
    ClusterAlreadyAttached = "cluster-already-attached", DOC_V1;
    /// v2: the cluster is already attached with the same namespace.
    ClusterNamespaceAttached = "cluster-namespace-attached", DOC_V2_ATTACH;
    /// v2: the cluster is already attached with another namespace, which v2 allows.
    ClusterMultiAttach = "cluster-multi-attach", DOC_V2_ATTACH;

    // The `azuremlfessl` secret (decoder).
    /// No `cert.pem`/`key.pem` (nor `tls.crt`/`tls.key`) found, or one of them is missing.
    SecretNotFound = "secret-not-found", DOC_V1_REATTACH;
    /// A `kubernetes.io/tls` secret (`tls.crt`/`tls.key`): the extension's `sslSecret` takes
    /// `cert.pem`/`key.pem`.
    SecretTlsKeys = "secret-tls-keys", DOC_SSL_SECRET;
    /// A `data` value that is not valid base64.
    SecretBase64Invalid = "secret-base64-invalid", K8S_SECRETS;
    /// A PEM certificate block that is not a DER X.509 certificate.
    CertInvalid = "cert-invalid", RFC_5280;
    /// A certificate past its `notAfter`.
    CertExpired = "cert-expired", RFC_5280;
    /// A certificate expiring within 30 days.
    CertExpiring = "cert-expiring", RFC_5280;
    /// A certificate before its `notBefore`.
    CertNotYetValid = "cert-not-yet-valid", RFC_5280;
    /// A certificate not issued by the next one in the file.
    CertChainOrder = "cert-chain-order", DOC_V1_TLS;
    /// The key belongs to a certificate that is not the first one: the leaf is not first.
    CertLeafNotFirst = "cert-leaf-not-first", RFC_5246_CHAIN;
    /// The leaf's issuer is not in the file (intermediates missing).
    CertChainIncomplete = "cert-chain-incomplete", DOC_V1_TLS;
    /// A self-signed leaf: for development only.
    CertSelfSigned = "cert-self-signed", DOC_V1_TLS;
    /// The CNAME is not among the leaf certificate's names.
    CertCnameMismatch = "cert-cname-mismatch", RFC_6125;
    /// A private key block that is not a key of the format its label names.
    KeyInvalid = "key-invalid", DOC_V1_TLS;
    /// A key of a type or format Azure ML's front end may not take.
    KeyUnsupported = "key-unsupported", DOC_V1_TLS;
    /// The key does not belong to the leaf certificate.
    KeyMismatch = "key-mismatch", DOC_V1_TLS;
    /// The key carries no public half, so the match cannot be told without curve arithmetic.
    KeyMatchUnknown = "key-match-unknown", DOC_V1_TLS;

    // Kubernetes versions (`az aks get-versions`).
    /// The text is none of the shapes `az aks get-versions` prints.
    VersionsUnreadable = "versions-unreadable", AZ_AKS_GET_VERSIONS;
    /// Only a part of `az aks get-versions` output was pasted.
    VersionsFragment = "versions-fragment", AZ_AKS_GET_VERSIONS;
    /// The text is longer than `versions::MAX_INPUT_BYTES`; nothing of it was read.
    VersionsTooLarge = "versions-too-large", AZ_AKS_GET_VERSIONS;
    /// A table row whose text crosses a column boundary of the header; the row was not read.
    VersionsTableMisaligned = "versions-table-misaligned", AZ_AKS_GET_VERSIONS;
    /// A version that is in no entry of the list.
    KubernetesVersionNotListed = "kubernetes-version-not-listed", DOC_AKS_VERSIONS;
    /// A preview version: no SLA.
    KubernetesVersionPreview = "kubernetes-version-preview", DOC_AKS_VERSIONS;
    /// A version outside the GA window but on long-term support.
    KubernetesVersionLts = "kubernetes-version-lts", DOC_AKS_VERSIONS;
    /// Upgrading across 1.16 → 1.17 swaps blobfuse FlexVolume for the Blob CSI driver.
    BlobfuseCrossing = "blobfuse-crossing", DOC_V1;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem, tied to the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// What kind of problem this is.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// The field, as a dotted path into the spec in its own key names (`name`,
    /// `identity.user_assigned_identities[0].resource_id`); empty for the whole document.
    pub path: String,
    /// A sentence for people that says how to fix it: lowercase, no trailing period, never
    /// holding secret input.
    pub message: String,
    /// The public document or code the rule comes from.
    pub source: &'static str,
    /// The 1-based line in the YAML or JSON text, when the input was text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Diagnostic {
    /// A problem of the given severity at `path`, with no line.
    pub fn new(
        code: Code,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            path: path.into(),
            message: message.into(),
            source: code.source(),
            line: None,
        }
    }

    /// The same diagnostic, placed on a line (0 means unknown and leaves it unset).
    pub fn at_line(mut self, line: usize) -> Diagnostic {
        if line > 0 {
            self.line = Some(line);
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(
            f,
            "{path}: {}[{}]: {}",
            self.severity, self.code, self.message
        )
    }
}

/// The outcome of a check: every problem found, and whether any of them is an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// True when no diagnostic is an error (warnings and infos still allow submitting).
    pub ok: bool,
    /// Every problem found, in the order the fields were checked.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report over `diagnostics`; `ok` is derived from them.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Report {
        let ok = diagnostics.iter().all(|d| d.severity < Severity::Error);
        Report { ok, diagnostics }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn report_is_ok_with_warnings_only() {
        let warning = Diagnostic::new(Code::NameLong, Severity::Warning, "name", "long");
        assert!(Report::new(vec![warning.clone()]).ok);
        let error = Diagnostic::new(Code::NameTooShort, Severity::Error, "name", "short");
        assert!(!Report::new(vec![warning, error]).ok);
        assert!(Report::new(Vec::new()).ok);
    }

    #[test]
    fn display_names_path_severity_and_code() {
        let d = Diagnostic::new(Code::NameFirstChar, Severity::Error, "name", "must start");
        assert_eq!(d.to_string(), "name: error[name-first-char]: must start");
        let d = Diagnostic::new(Code::ParseError, Severity::Error, "", "bad");
        assert_eq!(d.to_string(), "(document): error[parse-error]: bad");
    }

    #[test]
    fn codes_are_unique_kebab_case_with_a_source() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{text}"
            );
            assert!(!code.source().is_empty());
        }
    }
}
