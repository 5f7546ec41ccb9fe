//! Generators: from one validated spec, the commands, code and documents users run. They take
//! the domain value and cannot fail; a target that does not fit the spec explains why, as a
//! comment in its own language.

mod arm;
mod az;
mod extension;
mod extension_arm;
pub use extension_arm::{live_body as extension_live_body, LiveInputs};
mod extension_iac;
mod extension_targets;
mod iac;
mod kubectl;
mod literal;
mod prepare;
mod python;
mod shell;
mod targets;
mod url;
mod yaml;

use crate::dated::Now;
use crate::spec::{AttachSpec, Workspace};

pub use extension_targets::{
    extension_targets, generate_extension, ExtensionTarget, ExtensionTargetInfo,
};
pub use shell::Shell;
pub use targets::{targets, Applies, Target, TargetInfo};

// The troubleshooter (`crate::explain`) writes its fix commands with the same words and quoting.
pub(crate) use az::{attach_v2, detach_v2};
pub(crate) use kubectl::{aks_namespace_add, AZUREML_FE};
pub(crate) use prepare::extension_install;
pub(crate) use shell::Cmd;

/// How to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Which shell the commands are for.
    pub shell: Shell,
    /// The workspace; unknown parts become quoted placeholders such as `<workspace-name>`.
    pub workspace: Workspace,
    /// The moment of the run: notes about dated facts (v1's end of support) take their tense
    /// from it.
    pub now: Now,
    /// The Azure ML extension the runbooks (prepare, re-attach) install when the cluster has
    /// none; the training default when `None`.
    pub extension: Option<crate::extension::ExtensionSpec>,
}

impl Options {
    /// Bash, no workspace, no extension spec, as of `now`.
    pub fn at(now: Now) -> Options {
        Options {
            shell: Shell::Bash,
            workspace: Workspace::default(),
            now,
            extension: None,
        }
    }
}

/// Generated text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The text, ending in a newline.
    pub text: String,
    /// Its language, for highlighting: `bash`, `powershell`, `yaml`, `python`, `json`, `bicep`, `hcl`.
    pub language: &'static str,
    /// A file name to save it under.
    pub filename: String,
}

/// Generates `target` for `spec`.
pub fn generate(spec: &AttachSpec, target: Target, options: &Options) -> Output {
    let ws = Ws::new(&options.workspace);
    let info = target.info();
    let fits = matches!(
        (info.applies, spec),
        (Applies::Both, _)
            | (Applies::Kubernetes, AttachSpec::Kubernetes(_))
            | (Applies::Aks, AttachSpec::Aks(_))
    );
    if !fits {
        return not_applicable(spec, target, options.shell);
    }
    let mut output = dispatch(spec, target, options, &ws);
    note_placeholders(&mut output);
    output
}

/// The ARM PUT body for `spec` in `workspace` (as the SDKs send it).
pub fn arm_body(spec: &AttachSpec, workspace: &Workspace) -> serde_json::Value {
    arm::body(spec, &Ws::new(workspace))
}

fn dispatch(spec: &AttachSpec, target: Target, options: &Options, ws: &Ws) -> Output {
    match (target, spec) {
        (Target::AzV2, AttachSpec::Kubernetes(k)) => az::az_v2(k, ws, options.shell),
        (Target::YamlV2, AttachSpec::Kubernetes(k)) => yaml::yaml_v2(k),
        (Target::PythonV2, AttachSpec::Kubernetes(k)) => python::python_v2(k, ws),
        (Target::AzV1, AttachSpec::Aks(a)) => az::az_v1(a, ws, options.shell, options.now),
        (Target::PythonV1, AttachSpec::Aks(a)) => python::python_v1(a, ws, options.now),
        (Target::ArmJson, _) => arm::arm_json(spec, ws),
        (Target::ArmAzRest, _) => {
            arm::arm_script(spec, ws, options.shell, arm::Client::AzRest, options.now)
        }
        (Target::ArmCurl, _) => {
            arm::arm_script(spec, ws, options.shell, arm::Client::Curl, options.now)
        }
        (Target::Bicep, AttachSpec::Kubernetes(k)) => iac::bicep(k, ws),
        (Target::Terraform, AttachSpec::Kubernetes(k)) => iac::terraform(k, ws),
        (Target::Kubectl, _) => kubectl::kubectl(spec, ws, options.shell, options.now),
        (Target::Detach, _) => az::detach(spec, ws, options.shell, options.now),
        (Target::Reattach, _) => kubectl::reattach(spec, ws, options),
        (Target::Prepare, AttachSpec::Kubernetes(k)) => prepare::prepare(
            k,
            ws,
            options.extension.as_ref(),
            options.shell,
            options.now,
        ),
        (Target::Grant, AttachSpec::Kubernetes(k)) => prepare::grant(k, ws, options.shell),
        _ => not_applicable(spec, target, options.shell),
    }
}

fn not_applicable(spec: &AttachSpec, target: Target, shell: Shell) -> Output {
    let (kind, instead) = match spec {
        AttachSpec::Kubernetes(_) => ("a v2 Kubernetes compute", "az-v2, yaml-v2 or python-v2"),
        AttachSpec::Aks(_) => ("a legacy v1 AKS compute", "az-v1 or python-v1"),
    };
    let text = format!(
        "# {target} does not apply to {kind}; use {instead} (or the arm-*, kubectl, detach and reattach targets)\n"
    );
    Output {
        text,
        language: shell.language(),
        filename: format!("{target}.txt"),
    }
}

/// The placeholders unknown workspace values become.
const PLACEHOLDERS: [&str; 4] = [
    "<subscription-id>",
    "<resource-group>",
    "<workspace-name>",
    "<workspace-location>",
];

/// Adds a note under the script header (or at the top) when the text holds a placeholder.
fn note_placeholders(output: &mut Output) {
    if !PLACEHOLDERS.iter().any(|p| output.text.contains(p)) {
        return;
    }
    let (comment, after) = match output.language {
        "bash" => ("# ", Some("set -euo pipefail\n")),
        "powershell" => ("# ", Some("$PSNativeCommandArgumentPassing = 'Standard'\n")),
        "python" | "yaml" | "hcl" => ("# ", None),
        "bicep" => ("// ", None),
        // JSON has no comments; the placeholders speak for themselves.
        _ => return,
    };
    let note = format!("{comment}Replace the <placeholders> with your workspace's values.\n");
    let at = after
        .and_then(|marker| output.text.find(marker).map(|i| i + marker.len()))
        .unwrap_or(0);
    output.text.insert_str(at, &note);
}

/// The workspace with placeholders for what is unknown, and the names commands use.
pub(crate) struct Ws {
    pub subscription: String,
    pub resource_group: String,
    pub name: String,
    pub location: String,
    /// What is known of the workspace's identity (which roles someone must grant it).
    pub identity: prepare::WsIdentity,
}

impl Ws {
    /// True when the subscription is the workspace's own, not a placeholder.
    pub(crate) fn subscription_known(&self) -> bool {
        self.subscription != PLACEHOLDERS[0]
    }

    pub(crate) fn new(workspace: &Workspace) -> Ws {
        let pick = |value: &Option<String>, placeholder: &str| {
            value
                .as_deref()
                .filter(|v| !v.is_empty())
                .map_or_else(|| placeholder.to_owned(), str::to_owned)
        };
        Ws {
            subscription: pick(&workspace.subscription_id, PLACEHOLDERS[0]),
            resource_group: pick(&workspace.resource_group, PLACEHOLDERS[1]),
            name: pick(&workspace.name, PLACEHOLDERS[2]),
            location: pick(&workspace.location, PLACEHOLDERS[3]),
            identity: prepare::WsIdentity::of(workspace),
        }
    }

    /// `…/workspaces/{ws}` as an ARM id.
    pub fn id(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.MachineLearningServices/workspaces/{}",
            self.subscription, self.resource_group, self.name
        )
    }
}

/// The note at the top of every v1 output, as of `now`, in lines of at most 95 characters.
pub(crate) fn v1_note(now: Now) -> String {
    let text = format!(
        "v1 is legacy: {}. To move to v2, attach the cluster as a Kubernetes compute (install the Azure ML extension on it, then `az ml compute attach --type Kubernetes`); amlattach generates those commands from a `type: kubernetes` spec.",
        crate::dated::v1_support(now)
    );
    wrap(&text, 95)
}

/// Breaks `text` into lines of at most `width` characters at spaces, never inside a `code` span
/// (a longer word or span keeps its own line).
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut units: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match units.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(word);
            }
            _ => units.push(word.to_owned()),
        }
        if word.matches('`').count() % 2 == 1 {
            open = !open;
        }
    }
    let mut out = String::new();
    let mut line = 0;
    for unit in units {
        let length = unit.chars().count();
        if line > 0 && line + 1 + length > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(&unit);
        line += length;
    }
    out
}

#[cfg(test)]
mod tests;
