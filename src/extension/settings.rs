//! The Azure ML extension's configuration settings, each written once: its key, the values it
//! takes, its default, where it goes (`--config` or `--config-protected`), which clusters it is
//! for and the public document it comes from. The reader, the rules, the generators and the
//! page's form all read this table.

use crate::diagnostic::source::{
    DOC_EXTENSION, DOC_EXTENSION_REFERENCE, DOC_EXTENSION_TSG, DOC_SSL_SECRET, K8S_EXTENSION_CLI,
};
use crate::resource_id::ClusterKind;

/// The values a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `True` or `False` (any casing, as the CLI compares them; YAML booleans too).
    Bool,
    /// One of these words, compared without case.
    Choice(&'static [&'static str]),
    /// A Kubernetes object name in the `azureml` namespace (RFC 1123 subdomain).
    ObjectName,
    /// A DNS name (the scoring endpoint's CNAME).
    Host,
    /// A path on the machine that runs `az` (the CLI reads the file).
    LocalPath,
    /// A Kubernetes label value, under `nodeSelector.<label key>`.
    Label,
    /// A secret the CLI passes on unread (a connection string): never echoed, written as a
    /// variable in every generated command.
    Secret,
    /// Free text.
    Text,
}

/// Where a setting goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// `--config` (`configurationSettings`): returned by `az k8s-extension show`.
    Config,
    /// `--config-protected` only: the CLI reads it nowhere else.
    Protected,
    /// Either: the CLI looks in both.
    Either,
}

/// One documented setting.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// The key, as the extension reads it (case matters: `InferenceRouterHA` is ignored).
    /// A key ending in `.` is a family (`nodeSelector.<label>`).
    pub key: &'static str,
    /// Its values.
    pub kind: Kind,
    /// The extension's default, as the documentation gives it.
    pub default: Option<&'static str>,
    /// Where it goes.
    pub place: Place,
    /// The only kind of cluster it works on.
    pub only: Option<ClusterKind>,
    /// What it does, in one line.
    pub about: &'static str,
    /// The public document it comes from.
    pub source: &'static str,
}

/// The router services `inferenceRouterServiceType` takes, as the documentation spells them.
pub const ROUTER_SERVICES: &[&str] = &["loadBalancer", "nodePort", "clusterIP"];

const fn setting(
    key: &'static str,
    kind: Kind,
    default: Option<&'static str>,
    about: &'static str,
) -> Setting {
    Setting {
        key,
        kind,
        default,
        place: Place::Config,
        only: None,
        about,
        source: DOC_EXTENSION,
    }
}

/// Every documented setting, in the order the documentation lists them (the generators write
/// them in this order).
pub const SETTINGS: &[Setting] = &[
    setting("enableTraining", Kind::Bool, Some("False"), "Install the components for training jobs."),
    setting("enableInference", Kind::Bool, Some("False"), "Install the components for real-time inference (online endpoints)."),
    setting("inferenceRouterServiceType", Kind::Choice(ROUTER_SERVICES), None, "How the inference router (azureml-fe) is exposed; required with enableInference."),
    Setting {
        only: Some(ClusterKind::Aks),
        ..setting("internalLoadBalancerProvider", Kind::Choice(&["azure"]), None, "`azure`: an internal load balancer for the inference router (AKS only).")
    },
    setting("allowInsecureConnections", Kind::Bool, Some("False"), "Serve the inference endpoints over plain HTTP."),
    Setting {
        source: DOC_SSL_SECRET,
        ..setting("sslSecret", Kind::ObjectName, None, "A Kubernetes secret in the azureml namespace holding cert.pem and key.pem.")
    },
    setting("sslCname", Kind::Host, None, "The DNS name the inference endpoints are reached by; the certificate must name it."),
    Setting {
        place: Place::Protected,
        ..setting("sslCertPemFile", Kind::LocalPath, None, "The certificate (full chain) as a PEM file, read by the CLI.")
    },
    Setting {
        place: Place::Protected,
        ..setting("sslKeyPemFile", Kind::LocalPath, None, "The certificate's private key as a PEM file without a passphrase, read by the CLI.")
    },
    setting("inferenceRouterHA", Kind::Bool, Some("True"), "Three inference router replicas, which needs three nodes or more."),
    setting("nodeSelector.", Kind::Label, None, "Run the extension and the ML workloads only on nodes with this label."),
    setting("installNvidiaDevicePlugin", Kind::Bool, Some("False"), "Install NVIDIA's device plugin, which NVIDIA GPUs need."),
    setting("installPromOp", Kind::Bool, Some("True"), "Install a Prometheus operator (False to use the cluster's own)."),
    setting("installVolcano", Kind::Bool, Some("True"), "Install the Volcano scheduler for training jobs (False to use the cluster's own)."),
    setting("installDcgmExporter", Kind::Bool, Some("False"), "Install NVIDIA's DCGM exporter for GPU metrics."),
    Setting {
        source: DOC_EXTENSION_TSG,
        ..setting("volcanoScheduler.schedulerConfigMap", Kind::ObjectName, None, "A Volcano scheduler configuration (a ConfigMap in azureml) in place of the built-in one.")
    },
    Setting {
        source: DOC_EXTENSION_TSG,
        ..setting("amloperator.skipResourceValidation", Kind::Bool, None, "Skip the operator's resource validation (with a custom Volcano configuration).")
    },
    Setting {
        source: DOC_EXTENSION_TSG,
        ..setting("nginxIngress.controller", Kind::Text, Some("k8s.io/ingress-nginx"), "The IngressClass controller of the extension's ingress-nginx, when the cluster runs another.")
    },
    Setting {
        source: DOC_EXTENSION_TSG,
        ..setting("nginxIngress.", Kind::Text, None, "The extension's ingress-nginx (worker processes, memory limit).")
    },
    Setting {
        only: Some(ClusterKind::Aks),
        source: DOC_EXTENSION_REFERENCE,
        ..setting("scoringFe.enableUpgrade", Kind::Bool, None, "Take over a legacy v1 azureml-fe (with its deployment annotated azureml-fe-enable-upgrade=true).")
    },
    Setting {
        source: K8S_EXTENSION_CLI,
        ..setting("clusterPurpose", Kind::Choice(&["DevTest", "FastProd"]), None, "DevTest or FastProd; the CLI sets DevTest itself on clusters of fewer than three nodes.")
    },
    Setting {
        source: K8S_EXTENSION_CLI,
        ..setting("logAnalyticsWS", Kind::Bool, Some("False"), "The CLI creates a Log Analytics workspace for the extension's logs.")
    },
    Setting {
        only: Some(ClusterKind::Arc),
        source: K8S_EXTENSION_CLI,
        ..setting("relayserver.enabled", Kind::Bool, None, "Azure Relay for an Arc cluster; the CLI creates one in the cluster's resource group.")
    },
    Setting {
        only: Some(ClusterKind::Arc),
        place: Place::Protected,
        source: K8S_EXTENSION_CLI,
        ..setting("relayServerConnectionString", Kind::Secret, None, "Your own Azure Relay (its policy named azureml_rw), in place of the one the CLI creates.")
    },
    Setting {
        only: Some(ClusterKind::Arc),
        source: K8S_EXTENSION_CLI,
        ..setting("relayserver.hybridConnectionResourceID", Kind::Text, None, "The hybrid connection of your own Azure Relay.")
    },
    Setting {
        source: K8S_EXTENSION_CLI,
        ..setting("servicebus.enabled", Kind::Bool, Some("False"), "Azure Service Bus, which extension versions since 1.1.5 no longer use.")
    },
    Setting {
        place: Place::Protected,
        source: K8S_EXTENSION_CLI,
        ..setting("serviceBusConnectionString", Kind::Secret, None, "Your own Service Bus, with servicebus.enabled.")
    },
];

/// Keys the extension or the CLI no longer reads, with what replaced them.
pub const RETIRED: &[(&str, &str)] = &[
    ("inferenceLoadBalancerHA", "inferenceRouterHA"),
    ("privateEndpointILB", "internalLoadBalancerProvider=azure"),
    (
        "privateEndpointNodeport",
        "inferenceRouterServiceType=nodePort",
    ),
    ("volcanoScheduler.enable", "installVolcano"),
    ("sslCertKeyFile", "sslKeyPemFile"),
    ("RelayConnectionString", "relayServerConnectionString"),
];

/// Keys the CLI writes itself from the cluster (the ARM, Bicep and Terraform targets write them
/// too); a user's value is accepted, and for `domain` overwritten.
pub const DERIVED: &[&str] = &[
    "cluster_name",
    "clusterId",
    "cluster_name_friendly",
    "domain",
    "location",
    "jobSchedulerLocation",
    "prometheus.prometheusSpec.externalLabels.cluster_name",
    "scoringFe.serviceType.nodePort",
    "scoringFe.serviceType.internalLoadBalancer",
    "scoringFe.sslSecret",
    "scoringFe.sslCert",
    "scoringFe.sslKey",
    "nginxIngress.enabled",
    "openshift",
];

/// The setting `key` is, when it is documented (a family matches by its prefix).
pub fn find(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| {
        if let Some(prefix) = s.key.strip_suffix('.') {
            key.len() > s.key.len()
                && key.starts_with(prefix)
                && key.as_bytes()[prefix.len()] == b'.'
        } else {
            s.key == key
        }
    })
}

/// Every key a user may write, for "did you mean".
pub fn known_keys() -> Vec<&'static str> {
    SETTINGS
        .iter()
        .map(|s| s.key.trim_end_matches('.'))
        .chain(DERIVED.iter().copied())
        .collect()
}
