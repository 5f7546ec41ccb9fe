//! kubectl lines (the v2 namespace; the v1 certificate and azureml-fe clean-up) and the re-attach
//! runbook of the documentation's troubleshooting section.

use super::az::{
    attach_v2, az_v1_command, detach_v1, detach_v2, unsent_aks, unsent_kubernetes, write_v1,
};
use super::prepare::{extension_step, grant_steps, workspace_roles_step};
use super::shell::{pwsh_literal, quote, Cmd, Script, Shell};
use super::{v1_note, Output, Ws};
use crate::dated::Now;
use crate::resource_id::{ClusterId, ClusterKind};
use crate::spec::{AksAction, AksCompute, AttachSpec, ClusterRef, KubernetesCompute};

/// The eight azureml-fe objects v1 leaves behind, in the documented order (azure-facts §5.3).
pub(crate) const AZUREML_FE: &[(&str, &str)] = &[
    ("serviceaccount", "azureml-fe"),
    ("clusterrole", "azureml-fe-role"),
    ("clusterrolebinding", "azureml-fe-binding"),
    ("service", "azureml-fe"),
    ("service", "azureml-fe-int-http"),
    ("deployment", "azureml-fe"),
    ("secret", "azuremlfessl"),
    ("configmap", "azuremlfeconfig"),
];

const CREATE_NAMESPACE: &str =
    "Create the namespace if it does not exist: attach neither creates nor checks it.";
const SAVE_CERTIFICATE: &str =
    "Save the TLS certificate and key before anything is deleted (decode them with `amlattach secret`).";

pub(super) fn kubectl(spec: &AttachSpec, ws: &Ws, shell: Shell, now: Now) -> Output {
    let mut script = Script::new(shell);
    match spec {
        AttachSpec::Kubernetes(k) => {
            credentials(&mut script, &k.resource_id);
            namespace(&mut script, k, CREATE_NAMESPACE, now);
            script.step("The Azure ML extension's pods should all be Running.");
            script.cmd(&Cmd::new("kubectl get pods").opt("--namespace", "azureml"));
        }
        AttachSpec::Aks(a) => {
            script.comment(&v1_note(now));
            if let Some(id) = cluster_id(a, ws) {
                credentials(&mut script, &id);
            }
            save_certificate(&mut script, SAVE_CERTIFICATE);
            cleanup(&mut script, ws, "Delete the v1 azureml-fe objects.");
        }
    }
    script.finish("kubectl")
}

/// The cluster of a v1 attach; a cluster named by group and name is in the workspace's subscription.
fn cluster_id(a: &AksCompute, ws: &Ws) -> Option<ClusterId> {
    match &a.action {
        AksAction::Attach(ClusterRef::ResourceId(id)) => Some(id.clone()),
        AksAction::Attach(ClusterRef::Name {
            resource_group,
            cluster_name,
        }) => Some(ClusterId {
            subscription: if ws.subscription == super::PLACEHOLDERS[0] {
                String::new()
            } else {
                ws.subscription.clone()
            },
            resource_group: resource_group.clone(),
            name: cluster_name.clone(),
            kind: ClusterKind::Aks,
        }),
        AksAction::Create(_) => None,
    }
}

pub(super) fn credentials(script: &mut Script, id: &ClusterId) {
    match id.kind {
        ClusterKind::Aks => {
            script.step("Point kubectl at the cluster.");
            let mut cmd = Cmd::new("az aks get-credentials")
                .opt("--resource-group", &id.resource_group)
                .opt("--name", &id.name);
            if !id.subscription.is_empty() {
                cmd = cmd.opt("--subscription", &id.subscription);
            }
            script.cmd(&cmd);
        }
        ClusterKind::Arc => {
            script.step(
                "Point kubectl at the Arc cluster: run this in another terminal and keep it open.",
            );
            script.comment(&format!(
                "az connectedk8s proxy --resource-group {} --name {}",
                quote(script.shell(), &id.resource_group),
                quote(script.shell(), &id.name)
            ));
        }
    }
}

/// `az aks namespace add` for the compute's namespace, with the settings of
/// `crate::arm::managed_namespace_body` where the CLI has them; the CLI insists on a quota, left
/// to the user.
pub(crate) fn aks_namespace_add(cluster: &ClusterId, namespace: &str) -> Cmd {
    Cmd::new("az aks namespace add")
        .opt("--resource-group", &cluster.resource_group)
        .opt("--cluster-name", &cluster.name)
        .opt("--name", namespace)
        .opt("--cpu-request", "<cpu-request>")
        .opt("--cpu-limit", "<cpu-limit>")
        .opt("--memory-request", "<memory-request>")
        .opt("--memory-limit", "<memory-limit>")
        .opt("--ingress-policy", "AllowAll")
        .opt("--egress-policy", "AllowAll")
        .opt("--adoption-policy", "IfIdentical")
        .opt("--delete-policy", "Keep")
}

/// What the comment above `az aks namespace add` says.
fn aks_namespace_note(now: Now) -> String {
    format!(
        "Without kubectl access (local accounts disabled, no kubeconfig), AKS creates it through ARM as a managed namespace ({} or later). The CLI requires a resource quota (millicores such as 8000m, memory such as 32Gi): Kubernetes then refuses pods that set no CPU and memory limits, so size it for the team's jobs, or send the quota-free ARM PUT of the arm-az-rest target instead. Ingress must stay open: the Azure ML extension reaches the pods from the azureml namespace.",
        crate::dated::expand("{azure-cli-managed-namespaces}", now)
    )
}

/// Creates the namespace when it does not exist (attach neither creates nor checks it).
pub(super) fn namespace(script: &mut Script, k: &KubernetesCompute, heading: &str, now: Now) {
    if k.namespace == "default" {
        return;
    }
    script.step(heading);
    let shell = script.shell();
    let get = Cmd::new("kubectl get namespace")
        .arg(&k.namespace)
        .render_line(shell);
    let create = Cmd::new("kubectl create namespace")
        .arg(&k.namespace)
        .render_line(shell);
    match shell {
        Shell::Bash => script.raw(&format!("{} >/dev/null 2>&1 || {}", get, create)),
        // A failing native command throws here ($PSNativeCommandUseErrorActionPreference).
        Shell::Pwsh => script.raw(&format!(
            "try {{ {} 2>$null | Out-Null }} catch {{ {} }}",
            get, create
        )),
    };
    if k.resource_id.kind == ClusterKind::Aks {
        script.comment(&format!(
            "{}\n{}",
            super::wrap(&aks_namespace_note(now), 95),
            aks_namespace_add(&k.resource_id, &k.namespace).render(shell)
        ));
    }
}

fn save_certificate(script: &mut Script, heading: &str) {
    script.step(heading);
    let cmd = Cmd::new("kubectl get secret/azuremlfessl")
        .opt("--namespace", "default")
        .opt("--output", "yaml");
    match script.shell() {
        Shell::Bash => script.raw(&format!(
            "{} > azuremlfessl.yaml",
            cmd.render_line(Shell::Bash)
        )),
        Shell::Pwsh => script.raw(&format!(
            "{} | Set-Content -Path azuremlfessl.yaml",
            cmd.render_line(Shell::Pwsh)
        )),
    };
}

/// Deletes the azureml-fe objects, but only when no v1 web service is left in the workspace's
/// v1 namespace.
fn cleanup(script: &mut Script, ws: &Ws, heading: &str) {
    let ns = format!("azureml-{}", ws.name.to_ascii_lowercase());
    script.step(&format!(
        "{heading} Only if no v1 web service is left: they run in the namespace {ns}."
    ));
    let shell = script.shell();
    let count = Cmd::new("kubectl get deployments")
        .opt("--namespace", &ns)
        .flag("--no-headers")
        .flag("--ignore-not-found")
        .render_line(shell);
    match shell {
        Shell::Bash => {
            script.raw(&format!("remaining=\"$({count} | wc -l)\""));
            script.raw("if [ \"$remaining\" -gt 0 ]; then");
            // The namespace goes in as its own quoted word: a workspace name may hold `!`, `"`
            // or anything else a double-quoted string would expand.
            script.raw(&format!(
                "  echo \"stopping: $remaining v1 deployment(s) still run in \"{}\"; delete those services first\" >&2",
                quote(shell, &ns)
            ));
            script.raw("  exit 1");
            script.raw("fi");
        }
        Shell::Pwsh => {
            script.raw(&format!("$remaining = @({count}).Count"));
            // Concatenated, not interpolated: PowerShell also ends a "…" string at “ ” „. An
            // expression: the namespace is a quoted string even when it is a plain word.
            script.raw(&format!(
                "if ($remaining -gt 0) {{ throw (\"stopping: $remaining v1 deployment(s) still run in \" + {} + \"; delete those services first\") }}",
                pwsh_literal(&ns)
            ));
        }
    }
    for (kind, name) in AZUREML_FE {
        let mut cmd = Cmd::new("kubectl delete").arg(*kind).arg(*name);
        if !matches!(*kind, "clusterrole" | "clusterrolebinding") {
            cmd = cmd.opt("--namespace", "default");
        }
        script.raw(&cmd.flag("--ignore-not-found").render_line(shell));
    }
}

/// The runbook: save the certificate, detach, clean up, attach again.
pub(super) fn reattach(spec: &AttachSpec, ws: &Ws, options: &super::Options) -> Output {
    let (shell, now) = (options.shell, options.now);
    let mut script = Script::new(shell);
    script.comment("Re-attach runbook, one step after the other; it stops at the first failure.");
    match spec {
        AttachSpec::Kubernetes(k) => {
            extension_step(
                &mut script,
                &k.resource_id,
                options.extension.as_ref(),
                "1. ",
            );
            workspace_roles_step(&mut script, &k.resource_id, ws, "2. ");
            credentials(&mut script, &k.resource_id);
            script.step("3. Detach the compute (the cluster and its extension stay).");
            script.cmd(&detach_v2(&k.name, ws));
            namespace(&mut script, k, "4. Make sure the namespace exists.", now);
            script.step("5. Attach it again.");
            if let Some(note) = unsent_kubernetes(k) {
                script.comment(&note);
            }
            script.cmd(&attach_v2(k, ws));
            grant_steps(&mut script, k, ws, 6);
        }
        AttachSpec::Aks(a) => {
            script.comment(&v1_note(now));
            if let Some(id) = cluster_id(a, ws) {
                credentials(&mut script, &id);
            }
            save_certificate(&mut script, &format!("1. {SAVE_CERTIFICATE}"));
            script.step("2. Detach the compute.");
            script.cmd(&detach_v1(&a.name, ws));
            cleanup(&mut script, ws, "3. Clean up azureml-fe.");
            if let Some(note) = unsent_aks(a, az_v1_command(a)) {
                script.comment(&note);
            }
            write_v1(a, ws, &mut script, "4. ");
        }
    }
    script.finish("reattach")
}
