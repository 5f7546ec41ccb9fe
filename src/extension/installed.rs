//! The Azure ML extension as installed on a cluster (what ARM's `GET …/extensions` returns, read
//! by the pre-flight or written in a context's `cluster.aml_extension`): its state, version,
//! release train, settings and statuses; and what they mean for a compute (its state, the
//! workloads it was installed for) and for an extension spec (where the spec differs from it).

use crate::diagnostic::{excerpt, Code};
use crate::validate::reader::{Fields, Sink};

use super::settings::DERIVED;
use super::ExtensionSpec;

/// The installed extension's facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstalledExtension {
    /// Its instance name.
    pub name: Option<String>,
    /// `currentVersion` (else `version`).
    pub version: Option<String>,
    /// `releaseTrain`.
    pub release_train: Option<String>,
    /// `autoUpgradeMinorVersion`.
    pub auto_upgrade: Option<bool>,
    /// `provisioningState`: `Succeeded`, `Failed`, `Creating`, `Updating`, `Pending`, `Deleting`.
    pub provisioning_state: Option<String>,
    /// `configurationSettings`, as returned (protected settings never are).
    pub settings: Vec<(String, String)>,
    /// `statuses`: what the extension reported.
    pub statuses: Vec<ExtensionStatus>,
}

/// One status the extension reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtensionStatus {
    /// `code`.
    pub code: Option<String>,
    /// `level`: `Error`, `Warning` or `Information`.
    pub level: Option<String>,
    /// `message`.
    pub message: Option<String>,
}

/// One error code of the extension's healthcheck: what it means and the setting at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthcheckCode {
    /// The code (`E40002`).
    pub code: &'static str,
    /// What it means, in a few words.
    pub meaning: &'static str,
    /// The extension setting it points at.
    pub setting: &'static str,
}

/// The extension healthcheck's error codes that a setting causes, each with that setting
/// (learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-kubernetes-extension#error-code-of-healthcheck).
/// The pre-flight's installed-extension summary and the troubleshooter both read it.
pub const HEALTHCHECK: &[HealthcheckCode] = &[
    HealthcheckCode {
        code: "E40001",
        meaning: "the cluster has no load balancer for the router",
        setting: "inferenceRouterServiceType",
    },
    HealthcheckCode {
        code: "E40002",
        meaning: "too few nodes for the router's replicas",
        setting: "inferenceRouterHA",
    },
    HealthcheckCode {
        code: "E40003",
        meaning: "an internal load balancer only AKS provides",
        setting: "internalLoadBalancerProvider",
    },
    HealthcheckCode {
        code: "E40007",
        meaning: "the certificate, its key or its CNAME is wrong",
        setting: "sslCname",
    },
    HealthcheckCode {
        code: "E45002",
        meaning: "another Prometheus operator is installed",
        setting: "installPromOp",
    },
    HealthcheckCode {
        code: "E45004",
        meaning: "a legacy v1 azureml-fe is in the way",
        setting: "scoringFe.enableUpgrade",
    },
    HealthcheckCode {
        code: "E45005",
        meaning: "a legacy v1 azureml-fe is in the way",
        setting: "scoringFe.enableUpgrade",
    },
];

/// The healthcheck code `code` is (`E40002`, any case), when a setting causes it.
pub fn healthcheck(code: &str) -> Option<&'static HealthcheckCode> {
    HEALTHCHECK
        .iter()
        .find(|h| h.code.eq_ignore_ascii_case(code))
}

const KEYS: &[&str] = &[
    "name",
    "version",
    "release_train",
    "auto_upgrade",
    "provisioning_state",
    "settings",
    "statuses",
];
const STATUS_KEYS: &[&str] = &["code", "level", "message"];

impl InstalledExtension {
    /// In the context's shape (`cluster.aml_extension`), so it can be handed back to `validate`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{json, Map, Value};
        let mut out = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                out.insert(key.to_owned(), value);
            }
        };
        put("name", self.name.as_ref().map(|v| json!(v)));
        put("version", self.version.as_ref().map(|v| json!(v)));
        put(
            "release_train",
            self.release_train.as_ref().map(|v| json!(v)),
        );
        put("auto_upgrade", self.auto_upgrade.map(|v| json!(v)));
        put(
            "provisioning_state",
            self.provisioning_state.as_ref().map(|v| json!(v)),
        );
        let settings: Map<String, Value> = self
            .settings
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        put("settings", Some(Value::Object(settings)));
        let statuses: Vec<Value> = self
            .statuses
            .iter()
            .map(|s| {
                let mut status = Map::new();
                for (key, value) in [
                    ("code", &s.code),
                    ("level", &s.level),
                    ("message", &s.message),
                ] {
                    if let Some(value) = value {
                        status.insert(key.to_owned(), json!(value));
                    }
                }
                Value::Object(status)
            })
            .collect();
        put("statuses", Some(Value::Array(statuses)));
        Value::Object(out)
    }

    /// A setting's value, when the extension has it.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn enabled(&self, key: &str) -> bool {
        self.setting(key)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// Whether it finished installing.
    pub fn succeeded(&self) -> bool {
        self.provisioning_state
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("Succeeded"))
    }

    /// The first error status's words, short: the healthcheck's code (`E40002`) when it gives
    /// one.
    fn error_summary(&self) -> Option<String> {
        let status = self
            .statuses
            .iter()
            .find(|s| {
                s.level
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case("error"))
            })
            .or_else(|| self.statuses.first())?;
        let text = status.message.as_deref().or(status.code.as_deref())?;
        let code = text.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| {
            w.len() == 6 && w.starts_with('E') && w[1..].bytes().all(|b| b.is_ascii_digit())
        });
        Some(match code.and_then(healthcheck) {
            Some(h) => format!(
                "the healthcheck's {}, {}: check `{}`",
                h.code, h.meaning, h.setting
            ),
            None => excerpt(text).to_string(),
        })
    }
}

/// Reads `cluster.aml_extension` of a context.
pub(crate) fn read_installed(mut f: Fields<'_>, sink: &mut Sink) -> InstalledExtension {
    let mut installed = InstalledExtension {
        name: f.string("name", sink).map(|v| v.value),
        version: f.string("version", sink).map(|v| v.value),
        release_train: f.string("release_train", sink).map(|v| v.value),
        auto_upgrade: f.bool("auto_upgrade", sink).map(|v| v.value),
        provisioning_state: f.string("provisioning_state", sink).map(|v| v.value),
        ..InstalledExtension::default()
    };
    if let Some(mut settings) = f.map("settings", sink) {
        let keys: Vec<&str> = settings.keys().collect();
        for key in keys {
            if let Some(value) = settings.string(key, sink) {
                installed.settings.push((key.to_owned(), value.value));
            }
        }
    }
    if let Some(list) = f.seq("statuses", sink) {
        for (index, item) in list.value.iter().enumerate() {
            let path = format!("{}[{index}]", list.path);
            if let Some(mut s) = Fields::of(item, &path, sink) {
                installed.statuses.push(ExtensionStatus {
                    code: s.string("code", sink).map(|v| v.value),
                    level: s.string("level", sink).map(|v| v.value),
                    message: s.string("message", sink).map(|v| v.value),
                });
                s.finish(&crate::validate::reader::lenient(STATUS_KEYS), sink);
            }
        }
    }
    f.finish(&crate::validate::reader::lenient(KEYS), sink);
    installed
}

const PATH: &str = "context.cluster.aml_extension";

/// What the installed extension means for a v2 compute on the cluster: an install that failed
/// or has not finished, and the workloads it was installed for.
pub(crate) fn check_for_compute(installed: &InstalledExtension, sink: &mut Sink) {
    if !check_state(installed, sink) {
        return;
    }
    let (training, inference) = (
        installed.enabled("enableTraining"),
        installed.enabled("enableInference"),
    );
    let path = format!("{PATH}.settings");
    if !training {
        sink.info(
            Code::ExtensionWorkloads,
            &path,
            0,
            "the cluster's Azure ML extension was installed without training (enableTraining is not True): training jobs on this compute will not run; add it with `az k8s-extension update … --config enableTraining=True` (the extension's az-update target)",
        );
    }
    if !inference {
        sink.info(
            Code::ExtensionWorkloads,
            &path,
            0,
            "the cluster's Azure ML extension was installed without inference (enableInference is not True): online endpoints cannot deploy to this compute; adding it needs the router's settings (inferenceRouterServiceType, and TLS or allowInsecureConnections): write them in an extension spec and run its az-update target",
        );
    }
}

/// The extension's state: true when it succeeded, else a diagnostic that says what to do.
fn check_state(installed: &InstalledExtension, sink: &mut Sink) -> bool {
    if installed.succeeded() {
        return true;
    }
    let state = installed.provisioning_state.as_deref().unwrap_or("unknown");
    let path = format!("{PATH}.provisioning_state");
    let why = installed
        .error_summary()
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    let lower = state.to_ascii_lowercase();
    if matches!(lower.as_str(), "creating" | "updating" | "pending") {
        sink.warning(
            Code::ExtensionState,
            &path,
            0,
            format!("the Azure ML extension is still {lower}: attach once `az k8s-extension show` says Succeeded (the extension's verify target checks its pods and healthcheck){why}"),
        );
    } else {
        sink.error(
            Code::ExtensionState,
            &path,
            0,
            format!("the Azure ML extension is in state {}{why}: its healthcheck report says which setting is at fault (`kubectl describe configmap arcml-healthcheck --namespace azureml`, the extension's verify target); fix the setting with `az k8s-extension update`, or delete and install it again", excerpt(state)),
        );
    }
    false
}

/// Where an extension spec differs from the extension installed: each setting the spec would
/// change, the settings the cluster has that the spec leaves out, the version policy.
pub(crate) fn compare(spec: &ExtensionSpec, installed: &InstalledExtension, sink: &mut Sink) {
    check_state(installed, sink);
    for (key, value) in &spec.config {
        let differs = match installed.setting(key) {
            Some(current) => !current.eq_ignore_ascii_case(value),
            None => true,
        };
        if differs {
            let current = installed
                .setting(key)
                .map_or("has no value".to_owned(), |c| format!("has {}", excerpt(c)));
            sink.info(
                Code::ExtensionInstalledDiffers,
                &format!("config.{key}"),
                0,
                format!("the installed extension {current}: the az-update target (or arm-patch-az-rest) sets this spec's value"),
            );
        }
    }
    let left_out: Vec<String> = installed
        .settings
        .iter()
        .filter(|(k, _)| !DERIVED.contains(&k.as_str()) && !spec.config.iter().any(|(s, _)| s == k))
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "servicebus.enabled"
                    | "relayserver.enabled"
                    | "clusterPurpose"
                    | "relayserver.hybridConnectionName"
                    | "relayserver.hybridConnectionResourceID"
            )
        })
        .map(|(k, v)| format!("{}={}", k, excerpt(v)))
        .collect();
    if !left_out.is_empty() {
        sink.info(
            Code::ExtensionInstalledDiffers,
            "config",
            0,
            format!("the installed extension also has {}, which this spec leaves out: an update keeps them; a new install does not", left_out.join(", ")),
        );
    }
    if let Some(train) = &installed.release_train {
        if !train.eq_ignore_ascii_case(&spec.release_train) {
            sink.info(
                Code::ExtensionInstalledDiffers,
                "release_train",
                0,
                format!(
                    "the installed extension follows the {} train",
                    excerpt(train)
                ),
            );
        }
    }
    if let (Some(want), Some(have)) = (&spec.version, &installed.version) {
        if want != have {
            sink.info(
                Code::ExtensionInstalledDiffers,
                "version",
                0,
                format!("the installed extension is version {}", excerpt(have)),
            );
        }
    }
}
