//! The Azure ML extension's commands and documents: `az k8s-extension create` and `update`,
//! the settings ARM, Bicep and Terraform must send (what the CLI would have added itself), the
//! checks after an install and the uninstall. The settings lists are made here once
//! ([`cli_lists`], [`arm_settings`]); every target writes from them.

use super::kubectl::credentials;
use super::prepare::extension_cmd;
use super::shell::{Cmd, Script, Shell};
use super::Output;
use crate::extension::{
    ExtensionSpec, Protected, RouterService, Tls, EXTENSION_TYPE, RELEASE_NAMESPACE,
};
use crate::resource_id::ClusterKind;

/// A value ARM, Bicep or Terraform send: text, or something each language writes its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ArmValue {
    /// Literal text.
    Text(String),
    /// The cluster's region.
    Location,
    /// `<region>.cloudapp.azure.com`, as the CLI writes `domain`.
    Domain,
    /// The base64 of a local file's bytes (a PEM file): read when the document is deployed.
    FileBase64(String),
    /// A secret from the environment variable named here.
    Env(String),
}

/// Every setting ARM must get, `configurationSettings` and `configurationProtectedSettings`.
pub(super) struct ArmSettings {
    pub config: Vec<(String, ArmValue)>,
    pub protected: Vec<(String, ArmValue)>,
}

/// Sets `key` to `value`, replacing an earlier value of the same key in place.
fn put(list: &mut Vec<(String, ArmValue)>, key: &str, value: ArmValue) {
    match list.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => list.push((key.to_owned(), value)),
    }
}

fn text(value: &str) -> ArmValue {
    ArmValue::Text(value.to_owned())
}

/// The settings `az k8s-extension create` sends for `spec`: the user's, and those the CLI adds
/// from the cluster and from the user's settings (azure-cli-extensions' AzureMLKubernetes.py),
/// which ARM, Bicep and Terraform must therefore send themselves. The user's value wins, but
/// for `domain`, which the CLI always writes.
pub(super) fn arm_settings(spec: &ExtensionSpec) -> ArmSettings {
    let id = spec.cluster.to_string();
    let mut config = Vec::new();
    let mut protected = Vec::new();
    put(
        &mut config,
        "enableTraining",
        text(bool_text(spec.training)),
    );
    put(
        &mut config,
        "enableInference",
        text(bool_text(spec.inference.is_some())),
    );
    if let Some(inference) = &spec.inference {
        match inference.router {
            RouterService::NodePort => {
                put(&mut config, "scoringFe.serviceType.nodePort", text("True"))
            }
            RouterService::LoadBalancer if inference.internal_load_balancer => {
                put(
                    &mut config,
                    "scoringFe.serviceType.internalLoadBalancer",
                    text("True"),
                );
            }
            _ => {}
        }
        match &inference.tls {
            Tls::Secret { name, .. } => put(&mut config, "scoringFe.sslSecret", text(name)),
            Tls::Files { cert, key, .. } => {
                put(
                    &mut protected,
                    "scoringFe.sslCert",
                    ArmValue::FileBase64(cert.clone()),
                );
                put(
                    &mut protected,
                    "scoringFe.sslKey",
                    ArmValue::FileBase64(key.clone()),
                );
            }
            Tls::Insecure => {}
        }
        let purpose = if inference.router_ha == Some(false) {
            "DevTest"
        } else {
            "FastProd"
        };
        put(&mut config, "clusterPurpose", text(purpose));
    }
    put(&mut config, "cluster_name", text(&id));
    put(&mut config, "clusterId", text(&id));
    put(
        &mut config,
        "prometheus.prometheusSpec.externalLabels.cluster_name",
        text(&id),
    );
    put(
        &mut config,
        "cluster_name_friendly",
        text(&spec.cluster.name),
    );
    put(&mut config, "location", ArmValue::Location);
    put(&mut config, "jobSchedulerLocation", ArmValue::Location);
    let arc = spec.cluster.kind == ClusterKind::Arc;
    put(&mut config, "servicebus.enabled", text("false"));
    put(
        &mut config,
        "relayserver.enabled",
        text(if arc { "true" } else { "false" }),
    );
    put(
        &mut config,
        "nginxIngress.enabled",
        text(if arc { "false" } else { "true" }),
    );
    for (key, value) in &spec.config {
        // The PEM paths are for the CLI only: ARM gets the files' contents (above).
        put(&mut config, key, text(value));
    }
    for (key, value) in &spec.protected {
        match (key.as_str(), value) {
            ("sslCertPemFile" | "sslKeyPemFile", _) => {}
            ("relayServerConnectionString", Protected::FromEnv(var)) => {
                put(
                    &mut protected,
                    "relayserver.relayConnectionString",
                    ArmValue::Env(var.clone()),
                );
            }
            ("serviceBusConnectionString", Protected::FromEnv(var)) => {
                put(
                    &mut protected,
                    "servicebus.connectionString",
                    ArmValue::Env(var.clone()),
                );
            }
            (_, Protected::FromEnv(var)) => put(&mut protected, key, ArmValue::Env(var.clone())),
            (_, Protected::Plain(value)) => put(&mut protected, key, text(value)),
        }
    }
    if let Some(resource) = spec
        .config
        .iter()
        .find(|(k, _)| k == "relayserver.hybridConnectionResourceID")
    {
        let name = resource.1.rsplit('/').next().unwrap_or_default();
        put(&mut config, "relayserver.hybridConnectionName", text(name));
    }
    put(&mut config, "domain", ArmValue::Domain);
    ArmSettings { config, protected }
}

fn bool_text(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

/// What documents other than the CLI's cannot do for an Arc cluster: create the Azure Relay.
pub(super) fn arc_relay_note(spec: &ExtensionSpec) -> Option<&'static str> {
    let byo = spec
        .protected
        .iter()
        .any(|(k, _)| k == "relayServerConnectionString");
    (spec.cluster.kind == ClusterKind::Arc && !byo).then_some(
        "On an Arc cluster the extension talks to Azure ML through an Azure Relay, which `az k8s-extension create` creates in the cluster's resource group; this document cannot. Create one (a namespace, a hybrid connection named after the cluster, a policy azureml_rw with Manage, Send and Listen) and give relayServerConnectionString under config_protected and relayserver.hybridConnectionResourceID under config, or install with the az target.",
    )
}

/// `az k8s-extension create` for `spec`: the one install command every generator writes (the
/// extension's own targets, the runbooks' step, the validator's message, the troubleshooter's fix).
pub(crate) fn install_cmd(spec: &ExtensionSpec) -> Cmd {
    az_command(spec, "create")
}

/// `az k8s-extension create` or `update` for `spec`, its settings in the CLI's form.
fn az_command(spec: &ExtensionSpec, verb: &str) -> Cmd {
    let mut cmd = extension_cmd(verb, &spec.cluster).opt("--name", &spec.name);
    if verb == "create" {
        cmd = cmd
            .opt("--extension-type", EXTENSION_TYPE)
            .opt("--scope", "cluster");
    }
    cmd = cmd.opt("--release-train", &spec.release_train);
    if let Some(version) = &spec.version {
        cmd = cmd
            .opt("--version", version)
            .opt("--auto-upgrade-minor-version", "false");
    } else if verb == "create" && !spec.auto_upgrade {
        cmd = cmd.opt("--auto-upgrade-minor-version", "false");
    }
    let mut first = true;
    for (key, value) in &spec.config {
        let pair = format!("{key}={value}");
        cmd = if first {
            cmd.opt("--config", pair)
        } else {
            cmd.arg(pair)
        };
        first = false;
    }
    let mut first = true;
    for (key, value) in &spec.protected {
        if first {
            cmd = cmd.flag("--config-protected");
            first = false;
        }
        cmd = match value {
            Protected::Plain(value) => cmd.arg(format!("{key}={value}")),
            Protected::FromEnv(var) => cmd.arg_env(&format!("{key}="), var),
        };
    }
    cmd
}

/// A check that each secret's variable is set, before the command that reads it.
fn require_secrets(script: &mut Script, spec: &ExtensionSpec) {
    let checks = secret_checks(spec, script.shell());
    if checks.is_empty() {
        return;
    }
    script.step("The secrets come from environment variables, never from this file:");
    for line in checks {
        script.raw(&line);
    }
}

/// One line per secret that stops the script when its environment variable is not set.
pub(super) fn secret_checks(spec: &ExtensionSpec, shell: Shell) -> Vec<String> {
    spec.secret_variables()
        .map(|(key, var)| match shell {
            Shell::Bash => format!(": \"${{{var}:?set {var} to {key} first}}\""),
            Shell::Pwsh => {
                format!("if (-not $env:{var}) {{ throw 'set $env:{var} to {key} first' }}")
            }
        })
        .collect()
}

/// `az k8s-extension create`: the install, then its state.
pub(super) fn az_create(spec: &ExtensionSpec, shell: Shell) -> Output {
    let mut script = Script::new(shell);
    let (cli, ext) = (
        crate::dated::AZURE_CLI_AML_EXTENSION,
        crate::dated::K8S_EXTENSION_AML,
    );
    script.comment(&format!(
        "Install the Azure ML extension ({} {} or later, {} {} or later: az extension add --upgrade --name k8s-extension).",
        cli.tool, cli.version, ext.tool, ext.version
    ));
    require_secrets(&mut script, spec);
    script.step("The install: the CLI adds the cluster's name, region and the router's settings itself, and waits until it ends.");
    script.cmd(&az_command(spec, "create"));
    show(&mut script, spec);
    script.finish("extension-create")
}

/// `az k8s-extension update`: the settings again (the protected ones replace the whole set).
pub(super) fn az_update(spec: &ExtensionSpec, shell: Shell) -> Output {
    let mut script = Script::new(shell);
    script.comment("Update the Azure ML extension's settings. The CLI asks before changes that affect running jobs or endpoints (training or inference turned off, the router, TLS, node selectors).");
    if !spec.protected.is_empty() {
        script.comment(
            "The protected settings given here replace all earlier ones: every one is listed.",
        );
    }
    if spec
        .config
        .iter()
        .any(|(k, _)| k.starts_with("nodeSelector."))
    {
        script.comment("An update can change or add a node selector, not remove one: removing one needs the extension installed again.");
    }
    require_secrets(&mut script, spec);
    script.step("The update.");
    script.cmd(&az_command(spec, "update"));
    show(&mut script, spec);
    script.finish("extension-update")
}

/// The extension's state, version and statuses.
fn show(script: &mut Script, spec: &ExtensionSpec) {
    script.step("Its state: provisioningState Succeeded (Pending or Creating for the first minutes), the version installed, and any statuses.");
    script.cmd(
        &extension_cmd("show", &spec.cluster)
            .opt("--name", &spec.name)
            .opt("--query", "{state: provisioningState, version: currentVersion, train: releaseTrain, statuses: statuses}")
            .opt("--output", "jsonc"),
    );
}

/// The checks after an install: ARM's state, then the pods and the healthcheck's report.
pub(super) fn verify(spec: &ExtensionSpec, shell: Shell) -> Output {
    let mut script = Script::new(shell);
    script.comment("Check the Azure ML extension after its install or update.");
    show(&mut script, spec);
    credentials(&mut script, &spec.cluster);
    script.step("Every pod in the azureml namespace Running, every deployment available.");
    script.cmd(&Cmd::new("kubectl get pods").opt("--namespace", RELEASE_NAMESPACE));
    script.cmd(&Cmd::new("kubectl get deployments").opt("--namespace", RELEASE_NAMESPACE));
    script.step("The install's healthcheck report (its E4xxxx codes name the setting at fault), and recent events.");
    script.cmd(
        &Cmd::new("kubectl describe configmap arcml-healthcheck")
            .opt("--namespace", RELEASE_NAMESPACE),
    );
    script.cmd(
        &Cmd::new("kubectl get events")
            .opt("--namespace", RELEASE_NAMESPACE)
            .opt("--sort-by", ".lastTimestamp"),
    );
    if spec.inference.is_some() {
        script.step("The inference router's service and its address.");
        script
            .cmd(&Cmd::new("kubectl get service azureml-fe").opt("--namespace", RELEASE_NAMESPACE));
    }
    script.finish("extension-verify")
}

/// The uninstall, after the computes that use the cluster are detached.
pub(super) fn uninstall(spec: &ExtensionSpec, shell: Shell) -> Output {
    let mut script = Script::new(shell);
    script.comment("Uninstall the Azure ML extension. Detach every compute that uses this cluster first (az ml compute detach): they stop working without it. The delete takes about ten minutes; do not install again until it has ended.");
    script.step("The delete.");
    script.cmd(
        &extension_cmd("delete", &spec.cluster)
            .opt("--name", &spec.name)
            .flag("--yes"),
    );
    script.step("Nothing left: the azureml namespace goes last.");
    credentials(&mut script, &spec.cluster);
    script.cmd(
        &Cmd::new("kubectl get namespace")
            .arg(RELEASE_NAMESPACE)
            .opt("--ignore-not-found", "true"),
    );
    script.finish("extension-uninstall")
}
