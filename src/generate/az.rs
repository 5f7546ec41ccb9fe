//! Azure CLI commands: `az ml compute` (v2), `az ml computetarget` (v1), and detach for both.

use super::shell::{Cmd, Script, Shell};
use super::{v1_note, Output, Ws};
use crate::dated::Now;
use crate::spec::{
    AksAction, AksCompute, AttachSpec, ClusterRef, ComputeIdentity, KubernetesCompute,
    LoadBalancer, Pem, Ssl,
};

/// `az ml compute attach --type Kubernetes`, then `az ml compute show` to check it.
pub(super) fn az_v2(k: &KubernetesCompute, ws: &Ws, shell: Shell) -> Output {
    let mut script = Script::new(shell);
    if let Some(note) = unsent_kubernetes(k) {
        script.comment(&note);
    }
    script.step("Attach the cluster as a Kubernetes compute (v2).");
    script.cmd(&attach_v2(k, ws));
    script.step("Check the result: provisioning_state should be Succeeded.");
    script.cmd(&show_v2(&k.name, ws));
    script.finish("attach")
}

pub(crate) fn attach_v2(k: &KubernetesCompute, ws: &Ws) -> Cmd {
    let mut cmd = Cmd::new("az ml compute attach")
        .opt("--resource-group", &ws.resource_group)
        .opt("--workspace-name", &ws.name)
        .opt("--type", "Kubernetes")
        .opt("--name", &k.name)
        .opt("--resource-id", k.resource_id.to_string())
        .opt("--namespace", &k.namespace);
    match &k.identity {
        Some(ComputeIdentity::SystemAssigned) => cmd = cmd.opt("--identity-type", "SystemAssigned"),
        Some(ComputeIdentity::UserAssigned(ids)) => {
            let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
            cmd = cmd
                .opt("--identity-type", "UserAssigned")
                .opt("--user-assigned-identities", ids.join(","));
        }
        Some(ComputeIdentity::None) => cmd = cmd.opt("--identity-type", "None"),
        None => {}
    }
    in_subscription(cmd, ws)
}

/// `cmd` with `--subscription` when the workspace's is known: every command that acts on the
/// workspace names the same subscription as the attach, so that another default subscription
/// (`az account set`) cannot send it elsewhere.
pub(crate) fn in_subscription(cmd: Cmd, ws: &Ws) -> Cmd {
    if ws.subscription_known() {
        cmd.opt("--subscription", &ws.subscription)
    } else {
        cmd
    }
}

pub(super) fn show_v2(name: &str, ws: &Ws) -> Cmd {
    in_subscription(
        Cmd::new("az ml compute show")
            .opt("--resource-group", &ws.resource_group)
            .opt("--workspace-name", &ws.name)
            .opt("--name", name)
            .opt(
                "--query",
                "{name: name, state: provisioning_state, type: type}",
            ),
        ws,
    )
}

/// `az ml compute detach` (v2) or `az ml computetarget detach` (v1); never `delete`, which would
/// delete a cluster that Azure ML created.
pub(super) fn detach(spec: &AttachSpec, ws: &Ws, shell: Shell, now: Now) -> Output {
    let mut script = Script::new(shell);
    match spec {
        AttachSpec::Kubernetes(k) => {
            script.step(
                "Detach the compute. The cluster and its Azure ML extension stay as they are.",
            );
            script.cmd(&detach_v2(&k.name, ws));
        }
        AttachSpec::Aks(a) => {
            script.comment(&v1_note(now));
            script.step("Detach the v1 compute. The AKS cluster stays; `delete` would remove a cluster Azure ML created.");
            script.cmd(&detach_v1(&a.name, ws));
        }
    }
    script.step("The same through ARM, if the CLI extension is not at hand:");
    let url = super::url::compute_url(spec.name(), ws) + "&underlyingResourceAction=Detach";
    script.comment(&format!("az rest --method delete --url '{url}'"));
    script.finish("detach")
}

pub(crate) fn detach_v2(name: &str, ws: &Ws) -> Cmd {
    in_subscription(
        Cmd::new("az ml compute detach")
            .opt("--resource-group", &ws.resource_group)
            .opt("--workspace-name", &ws.name)
            .opt("--name", name),
        ws,
    )
}

pub(super) fn detach_v1(name: &str, ws: &Ws) -> Cmd {
    in_subscription(
        Cmd::new("az ml computetarget detach")
            .opt("--resource-group", &ws.resource_group)
            .opt("--workspace-name", &ws.name)
            .opt("--name", name),
        ws,
    )
}

/// `az ml computetarget attach|create aks`, and `update aks` for what attach cannot say.
pub(super) fn az_v1(a: &AksCompute, ws: &Ws, shell: Shell, now: Now) -> Output {
    let mut script = Script::new(shell);
    script.comment(&v1_note(now));
    script.comment("The v1 CLI is the `azure-cli-ml` extension; it cannot be installed beside the v2 `ml`\nextension: `az extension remove --name ml; az extension add --name azure-cli-ml`.");
    if let Some(note) = inline_pem_note(a.ssl.as_ref()) {
        script.comment(note);
    }
    if let Some(note) = unsent_aks(a, az_v1_command(a)) {
        script.comment(&note);
    }
    write_v1(a, ws, &mut script, "");
    script.finish(match a.action {
        AksAction::Attach(_) => "attach-v1",
        AksAction::Create(_) => "create-v1",
    })
}

/// The note for what `az ml compute attach` cannot send of `k`.
pub(super) fn unsent_kubernetes(k: &KubernetesCompute) -> Option<String> {
    unsent_note(
        &[
            (k.description.is_some(), "`description`"),
            (!k.tags.is_empty(), "`tags`"),
            (!k.properties.is_empty(), "`properties`"),
        ],
        "az ml compute attach",
        "the yaml-v2 target (`az ml compute attach --file`), python-v2, or the arm-json, az-rest and curl targets",
    )
}

/// The note for what `command` (the v1 CLI's or azureml-core's attach or create) cannot send
/// of `a`.
pub(super) fn unsent_aks(a: &AksCompute, command: &str) -> Option<String> {
    unsent_note(
        &[(a.description.is_some(), "`description`")],
        command,
        "the arm-json, az-rest and curl targets",
    )
}

/// The v1 CLI's command for `a`.
pub(super) fn az_v1_command(a: &AksCompute) -> &'static str {
    match a.action {
        AksAction::Attach(_) => "az ml computetarget attach aks",
        AksAction::Create(_) => "az ml computetarget create aks",
    }
}

/// What a spec says that `command` has no option for, and the targets that send it; `None`
/// when the spec says nothing of the kind. A script never drops a field in silence.
fn unsent_note(fields: &[(bool, &str)], command: &str, instead: &str) -> Option<String> {
    let names: Vec<&str> = fields
        .iter()
        .filter(|(given, _)| *given)
        .map(|(_, name)| *name)
        .collect();
    let list = match names.as_slice() {
        [] => return None,
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let verb = if names.len() == 1 { "is" } else { "are" };
    Some(format!(
        "The spec's {list} {verb} not sent: `{command}` has no option for {}.\nTo keep {}, use {instead}.",
        if names.len() == 1 { "it" } else { "them" },
        if names.len() == 1 { "it" } else { "them" },
    ))
}

/// The v1 attach or create, with the `update aks` it needs, each under its heading.
/// `prefix` goes before each heading (a step number in the runbook).
pub(super) fn write_v1(a: &AksCompute, ws: &Ws, script: &mut Script, prefix: &str) {
    match &a.action {
        AksAction::Attach(target) => {
            let id = match target {
                ClusterRef::ResourceId(id) => id.to_string(),
                ClusterRef::Name { resource_group, cluster_name } => format!(
                    "/subscriptions/{}/resourceGroups/{resource_group}/providers/Microsoft.ContainerService/managedClusters/{cluster_name}",
                    ws.subscription
                ),
            };
            script.step(&format!("{prefix}Attach the AKS cluster (v1)."));
            if let Some(purpose) = a.cluster_purpose {
                script.comment(&format!(
                    "cluster_purpose {purpose}: the v1 CLI cannot set it on attach (it attaches as FastProd);\nuse the python-v1 target if the cluster is below the FastProd minimum (3 nodes, 12 vCPUs)."
                ));
            }
            let cmd = Cmd::new("az ml computetarget attach aks")
                .opt("--resource-group", &ws.resource_group)
                .opt("--workspace-name", &ws.name)
                .opt("--name", &a.name)
                .opt("--compute-resource-id", id);
            script.cmd(&in_subscription(cmd, ws));
            if a.load_balancer.is_some() || a.ssl.is_some() {
                script.step(&format!("{prefix}The v1 CLI cannot set the load balancer or TLS on attach: update the compute afterwards."));
                script.cmd(&update_v1(a, ws));
            }
        }
        AksAction::Create(create) => {
            script.step(&format!(
                "{prefix}Create an AKS cluster for Azure ML (v1); this takes about 10 minutes."
            ));
            let mut cmd = Cmd::new("az ml computetarget create aks")
                .opt("--resource-group", &ws.resource_group)
                .opt("--workspace-name", &ws.name)
                .opt("--name", &a.name)
                .opt_if("--agent-count", create.agent_count.map(|n| n.to_string()))
                .opt_if("--vm-size", create.vm_size.clone())
                .opt_if("--location", create.location.clone())
                .opt_if("--cluster-purpose", a.cluster_purpose.map(|p| p.as_str()));
            cmd = load_balancer_opts(cmd, a.load_balancer.as_ref());
            if let Some(vnet) = &create.vnet {
                cmd = cmd
                    .opt("--vnet-resourcegroup-name", &vnet.resource_group)
                    .opt("--vnet-name", &vnet.name)
                    .opt("--subnet-name", &vnet.subnet)
                    .opt("--service-cidr", vnet.service_cidr.to_string())
                    .opt("--dns-service-ip", vnet.dns_service_ip.to_string())
                    .opt("--docker-bridge-cidr", vnet.docker_bridge_cidr.to_string());
            }
            let renew = matches!(a.ssl, Some(Ssl::Microsoft { renew: true, .. }));
            cmd = ssl_opts(cmd, a.ssl.as_ref(), false);
            script.cmd(&in_subscription(cmd, ws));
            if renew {
                script.step(&format!("{prefix}Renew the Microsoft certificate now."));
                script.cmd(&update_v1(a, ws));
            }
        }
    }
}

fn update_v1(a: &AksCompute, ws: &Ws) -> Cmd {
    let cmd = Cmd::new("az ml computetarget update aks")
        .opt("--resource-group", &ws.resource_group)
        .opt("--workspace-name", &ws.name)
        .opt("--name", &a.name);
    let cmd = load_balancer_opts(cmd, a.load_balancer.as_ref());
    in_subscription(ssl_opts(cmd, a.ssl.as_ref(), true), ws)
}

fn load_balancer_opts(cmd: Cmd, lb: Option<&LoadBalancer>) -> Cmd {
    match lb {
        Some(LoadBalancer::PublicIp) => cmd.opt("--load-balancer-type", "PublicIp"),
        Some(LoadBalancer::Internal { subnet }) => cmd
            .opt("--load-balancer-type", "InternalLoadBalancer")
            .opt_if("--load-balancer-subnet", subnet.clone()),
        None => cmd,
    }
}

/// TLS options; certificate and key are always files, never their text.
fn ssl_opts(cmd: Cmd, ssl: Option<&Ssl>, update: bool) -> Cmd {
    match ssl {
        Some(Ssl::Custom { cname, cert, key }) => cmd
            .opt("--ssl-cname", cname)
            .opt("--ssl-cert-file", pem_path(cert, "cert.pem"))
            .opt("--ssl-key-file", pem_path(key, "key.pem")),
        Some(Ssl::Microsoft {
            leaf_domain_label,
            overwrite_existing_domain,
            renew,
        }) => {
            let mut cmd = cmd.opt("--ssl-leaf-domain-label", leaf_domain_label);
            if *overwrite_existing_domain {
                cmd = cmd.opt("--ssl-overwrite-domain", "True");
            }
            if update && *renew {
                cmd = cmd.flag("--ssl-renew");
            }
            cmd
        }
        None => cmd,
    }
}

/// The file a PEM is read from: its path, or `default` where the spec holds the text itself
/// (the text is never put on a command line).
pub(super) fn pem_path(pem: &Pem, default: &str) -> String {
    match pem {
        Pem::File(path) => path.clone(),
        Pem::Inline(_) => default.to_owned(),
    }
}

/// Whether a spec holds PEM text that the user must save to a file first.
pub(super) fn inline_pem_note(ssl: Option<&Ssl>) -> Option<&'static str> {
    match ssl {
        Some(Ssl::Custom { cert, key, .. })
            if matches!(cert, Pem::Inline(_)) || matches!(key, Pem::Inline(_)) =>
        {
            Some("Save the certificate chain you pasted as cert.pem and the key as key.pem first:\nkey material never goes on a command line.")
        }
        _ => None,
    }
}
