//! The Azure ML extension (`Microsoft.AzureML.Kubernetes`) as a spec of its own: the cluster,
//! the release train and version policy and the configuration settings, read from YAML or JSON
//! in the compute spec's style, checked all at once (each setting against the documented table
//! in `settings`, the settings against each other in `rules`, and against the cluster's facts
//! when a context gives them), and, without errors, a domain value the generators take.
//!
//! Rooms: `settings` (the table of every documented setting), `read` (the document into an
//! [`ExtensionSpec`]), `keys` (each setting against the table), `installed` (the extension a
//! cluster has, against a compute and against a spec), `rules` (dependencies, cluster kind, cluster facts, capacity).

mod installed;
mod keys;
mod read;
mod rules;
pub mod settings;

use serde_json::{json, Map, Value};

use crate::dated::Now;
use crate::diagnostic::{Diagnostic, Report};
use crate::document::{self, Node};
use crate::resource_id::{ClusterId, ClusterKind};
use crate::spec::Context;

pub(crate) use installed::{check_for_compute, compare, read_installed};
pub use installed::{
    healthcheck, ExtensionStatus, HealthcheckCode, InstalledExtension, HEALTHCHECK,
};
pub use rules::{capacity_needed, Capacity};

/// The extension type, as `az k8s-extension create --extension-type` takes it.
pub const EXTENSION_TYPE: &str = "Microsoft.AzureML.Kubernetes";
/// The instance name the documentation's commands give it, and ours when the spec names none.
pub const DEFAULT_NAME: &str = "azureml";
/// The namespace the extension is always installed in (the CLI sets it whatever it is given).
pub const RELEASE_NAMESPACE: &str = "azureml";
/// The release trains users install from.
pub const RELEASE_TRAINS: &[&str] = &["stable", "preview"];

/// A validated extension spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionSpec {
    /// The extension's instance name (also its Helm release).
    pub name: String,
    /// The AKS or Arc cluster.
    pub cluster: ClusterId,
    /// `stable` (the default) or `preview`.
    pub release_train: String,
    /// A pinned version, with `auto_upgrade` false.
    pub version: Option<String>,
    /// `autoUpgradeMinorVersion`.
    pub auto_upgrade: bool,
    /// Training components.
    pub training: bool,
    /// Inference components and how they are reached, when enabled.
    pub inference: Option<Inference>,
    /// Every `--config` setting, as the user gave it (values in the form the CLI takes), in the
    /// order written.
    pub config: Vec<(String, String)>,
    /// Every `--config-protected` setting: paths as given, secrets never held.
    pub protected: Vec<(String, Protected)>,
}

/// A protected setting's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protected {
    /// A value that is not secret, kept as written: the paths the CLI reads (`sslCertPemFile`,
    /// `sslKeyPemFile`) or a plain setting given in this list.
    Plain(String),
    /// A secret (a connection string): its value is not kept; generators read it from the
    /// environment variable named here.
    FromEnv(String),
}

/// The inference router's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inference {
    /// `loadBalancer`, `nodePort` or `clusterIP`.
    pub router: RouterService,
    /// `internalLoadBalancerProvider=azure`.
    pub internal_load_balancer: bool,
    /// `inferenceRouterHA`, when given (the extension's default is true).
    pub router_ha: Option<bool>,
    /// How the endpoints are served.
    pub tls: Tls,
}

/// The inference router's Kubernetes service type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouterService {
    /// A (public or internal) load balancer.
    LoadBalancer,
    /// A port on every node.
    NodePort,
    /// Inside the cluster only.
    ClusterIp,
}

impl RouterService {
    /// As the documentation writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RouterService::LoadBalancer => "loadBalancer",
            RouterService::NodePort => "nodePort",
            RouterService::ClusterIp => "clusterIP",
        }
    }
}

/// How the inference endpoints are served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tls {
    /// Plain HTTP (`allowInsecureConnections=True`).
    Insecure,
    /// A secret in the `azureml` namespace with `cert.pem` and `key.pem`.
    Secret {
        /// The secret's name.
        name: String,
        /// `sslCname`.
        cname: String,
    },
    /// PEM files the CLI reads and sends, base64, as `scoringFe.sslCert` and `scoringFe.sslKey`.
    Files {
        /// `sslCertPemFile`.
        cert: String,
        /// `sslKeyPemFile`.
        key: String,
        /// `sslCname`.
        cname: String,
    },
}

impl ExtensionSpec {
    /// The extension as the runbooks install it when no spec is given: training only, from the
    /// stable train with automatic upgrades, under the default name (the documentation's
    /// training install).
    pub fn training(cluster: ClusterId) -> ExtensionSpec {
        ExtensionSpec {
            name: DEFAULT_NAME.to_owned(),
            cluster,
            release_train: RELEASE_TRAINS[0].to_owned(),
            version: None,
            auto_upgrade: true,
            training: true,
            inference: None,
            config: vec![("enableTraining".to_owned(), "True".to_owned())],
            protected: Vec::new(),
        }
    }

    /// What it installs, in words: "training", "inference (router nodePort, HTTP)", both.
    pub fn workloads(&self) -> String {
        let inference = self.inference.as_ref().map(|i| {
            let tls = match i.tls {
                Tls::Insecure => "HTTP",
                Tls::Secret { .. } => "HTTPS from a secret",
                Tls::Files { .. } => "HTTPS from PEM files",
            };
            format!("inference (router {}, {tls})", i.router.as_str())
        });
        match (self.training, inference) {
            (true, Some(i)) => format!("training and {i}"),
            (true, None) => "training".to_owned(),
            (false, Some(i)) => i,
            (false, None) => "nothing".to_owned(),
        }
    }

    /// The environment variables the generated commands read protected secrets from.
    pub fn secret_variables(&self) -> impl Iterator<Item = (&str, &str)> {
        self.protected
            .iter()
            .filter_map(|(key, value)| match value {
                Protected::FromEnv(var) => Some((key.as_str(), var.as_str())),
                Protected::Plain(_) => None,
            })
    }

    /// The spec in its canonical shape (what `validate` prints and the form reads back).
    pub fn normalized(&self) -> Value {
        let mut config = Map::new();
        for (key, value) in &self.config {
            config.insert(key.clone(), json!(value));
        }
        let mut protected = Map::new();
        for (key, value) in &self.protected {
            let shown = match value {
                Protected::Plain(path) => path.clone(),
                Protected::FromEnv(var) => format!("${var}"),
            };
            protected.insert(key.clone(), json!(shown));
        }
        let mut out = Map::new();
        out.insert("name".into(), json!(self.name));
        out.insert("cluster".into(), json!(self.cluster.to_string()));
        out.insert("release_train".into(), json!(self.release_train));
        if let Some(version) = &self.version {
            out.insert("version".into(), json!(version));
        }
        out.insert("auto_upgrade".into(), json!(self.auto_upgrade));
        out.insert("config".into(), Value::Object(config));
        if !protected.is_empty() {
            out.insert("config_protected".into(), Value::Object(protected));
        }
        Value::Object(out)
    }
}

/// The result of checking an extension spec.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionValidation {
    /// Every problem found.
    pub report: Report,
    /// The domain value, present exactly when the report has no error.
    pub spec: Option<ExtensionSpec>,
}

/// Checks extension spec text against what `context` knows of the cluster.
pub fn validate_extension(text: &str, context: &Context, now: Now) -> ExtensionValidation {
    match document::parse(text) {
        Ok(node) => validate_extension_node(&node, context, now),
        Err(error) => ExtensionValidation {
            report: Report::new(vec![error.diagnostic()]),
            spec: None,
        },
    }
}

/// Each `--config` setting of a command (`key`, `value`, as the CLI takes them) against the
/// table alone: retired, another case, a typo, unknown, a value outside its set, the other kind
/// of cluster's, the same key twice. What the troubleshooter says of the settings in a pasted `az k8s-extension`
/// line; paths are `config.<key>`.
pub fn check_settings(pairs: &[(String, String)], kind: Option<ClusterKind>) -> Vec<Diagnostic> {
    let mut sink = crate::validate::reader::Sink::default();
    let mut written = Vec::new();
    for (key, value) in pairs.iter().take(read::MAX_SETTINGS) {
        let mut w = read::Written {
            key: key.clone(),
            value: value.clone(),
            path: crate::validate::reader::join("config", key),
            line: 0,
            protected: false,
            setting: None,
        };
        w.setting = keys::check_key(&w, kind, &mut sink);
        if let Some(setting) = w.setting {
            keys::check_value(&w, setting, &mut sink);
        }
        written.push(w);
    }
    keys::check_duplicates(&written, &mut sink);
    sink.diagnostics
}

/// Checks an extension spec already read into a tree.
pub fn validate_extension_node(node: &Node, context: &Context, now: Now) -> ExtensionValidation {
    let (diagnostics, spec) = read::read(node, context, now);
    let report = Report::new(diagnostics);
    let spec = if report.ok { spec } else { None };
    ExtensionValidation { report, spec }
}
