//! The steps around a v2 attach: before it, preparing the cluster (the resource providers, the
//! Azure ML extension, the workspace identity's roles on the cluster, the namespace); after it,
//! checking the compute and giving its own identity the roles its jobs need. The extension's
//! install command and the role lists are written here once: the runbooks, the validator's
//! message and the troubleshooter's fixes take them from here.

use super::az::{in_subscription, show_v2};
use super::kubectl::{credentials, namespace};
use super::shell::{pwsh_literal, quote, Cmd, Script, Shell};
use super::{Output, Ws};
use crate::dated::Now;
use crate::extension::{ExtensionSpec, EXTENSION_TYPE};
use crate::resource_id::{ClusterId, ClusterKind};
use crate::roles::{
    Role, COMPUTE_IDENTITY_ON_REGISTRY, COMPUTE_IDENTITY_READS_STORAGE,
    COMPUTE_IDENTITY_WRITES_STORAGE, RELAY_OWNER, WORKSPACE_IDENTITY_ON_CLUSTER,
};
use crate::spec::{ComputeIdentity, KubernetesCompute, Workspace, WorkspaceIdentityKind};

/// `az k8s-extension {verb}` for `cluster`, in the cluster's subscription when it is known.
pub(crate) fn extension_cmd(verb: &str, cluster: &ClusterId) -> Cmd {
    let cmd = Cmd::new(&format!("az k8s-extension {verb}"))
        .opt("--cluster-type", cluster.kind.extension_cluster_type())
        .opt("--cluster-name", &cluster.name)
        .opt("--resource-group", &cluster.resource_group);
    if cluster.subscription.is_empty() {
        cmd
    } else {
        cmd.opt("--subscription", &cluster.subscription)
    }
}

/// The install command for `cluster` when no extension spec says more: training only
/// ([`ExtensionSpec::training`]); the validator's message and the troubleshooter's fix take it.
pub(crate) fn extension_install(cluster: &ClusterId) -> Cmd {
    super::extension::install_cmd(&ExtensionSpec::training(cluster.clone()))
}

/// The script that makes a cluster ready for `k`'s attach; each step can run again.
pub(super) fn prepare(
    k: &KubernetesCompute,
    ws: &Ws,
    extension: Option<&ExtensionSpec>,
    shell: Shell,
    now: Now,
) -> Output {
    let mut script = Script::new(shell);
    script.comment(
        "Prepare the cluster for the attach: the resource providers, the Azure ML extension, the workspace identity's roles and the namespace. Each step can run again.",
    );
    providers(&mut script, &k.resource_id);
    extension_step(&mut script, &k.resource_id, extension, "2. ");
    workspace_roles_step(&mut script, &k.resource_id, ws, "3. ");
    credentials(&mut script, &k.resource_id);
    namespace(
        &mut script,
        k,
        "4. Create the namespace if it does not exist: attach neither creates nor checks it.",
        now,
    );
    script.finish("prepare")
}

/// Whether two ids name the same cluster (ARM compares names without case; a spec may leave
/// the subscription out).
fn same_cluster(a: &ClusterId, b: &ClusterId) -> bool {
    a.kind == b.kind
        && a.name.eq_ignore_ascii_case(&b.name)
        && a.resource_group.eq_ignore_ascii_case(&b.resource_group)
        && (a.subscription.is_empty()
            || b.subscription.is_empty()
            || a.subscription.eq_ignore_ascii_case(&b.subscription))
}

/// Cluster extensions need Microsoft.KubernetesConfiguration and the cluster's own provider.
fn providers(script: &mut Script, cluster: &ClusterId) {
    step(
        script,
        "1. Register the resource providers cluster extensions need (once per subscription).",
    );
    let own = match cluster.kind {
        ClusterKind::Aks => "Microsoft.ContainerService",
        ClusterKind::Arc => "Microsoft.Kubernetes",
    };
    for namespace in ["Microsoft.KubernetesConfiguration", own] {
        let mut cmd = Cmd::new("az provider register")
            .opt("--namespace", namespace)
            .flag("--wait");
        if !cluster.subscription.is_empty() {
            cmd = cmd.opt("--subscription", &cluster.subscription);
        }
        script.cmd(&cmd);
    }
}

/// Installs the Azure ML extension when the cluster has none (of any instance name), then lists
/// the cluster's extensions with their states.
pub(super) fn extension_step(
    script: &mut Script,
    cluster: &ClusterId,
    extension: Option<&ExtensionSpec>,
    number: &str,
) {
    // The user's extension spec when it is for this cluster; else the training install.
    let default;
    let (spec, words) = match extension {
        Some(spec) if same_cluster(&spec.cluster, cluster) => (
            spec,
            format!("as the extension spec says: {}", spec.workloads()),
        ),
        other => {
            if let Some(spec) = other {
                script.comment(&format!(
                    "The extension spec is for the cluster {}, not this one: this step installs the training default.",
                    spec.cluster.name
                ));
            }
            default = ExtensionSpec::training(cluster.clone());
            (&default, "for training (for inference, give an extension spec with enableInference=True and the router's settings: learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension)".to_owned())
        }
    };
    step(
        script,
        &format!("{number}The Azure ML extension, installed when the cluster has none, {words}."),
    );
    let shell = script.shell();
    let list = extension_cmd("list", cluster)
        .opt("--query", "[].extensionType")
        .opt("--output", "tsv")
        .render_line(shell);
    // ARM keeps the extension type as it was written: compare without case.
    let type_lower = EXTENSION_TYPE.to_ascii_lowercase();
    let mut install = super::extension::secret_checks(spec, shell);
    install.push(super::extension::install_cmd(spec).render(shell));
    let install = install
        .iter()
        .map(|l| indent(l))
        .collect::<Vec<_>>()
        .join("\n");
    match shell {
        Shell::Bash => {
            script.raw(&format!("if ! {list} | grep -qix {type_lower}; then"));
            script.raw(&install);
            script.raw("fi");
        }
        Shell::Pwsh => {
            // `-notcontains` compares without case.
            script.raw(&format!("$types = @({list})"));
            script.raw(&format!("if ($types -notcontains '{type_lower}') {{"));
            script.raw(&install);
            script.raw("}");
        }
    }
    step(
        script,
        "Its provisioningState should be Succeeded (installing takes a few minutes).",
    );
    script.cmd(
        &extension_cmd("list", cluster)
            .opt(
                "--query",
                "[].{name: name, type: extensionType, state: provisioningState, version: version}",
            )
            .opt("--output", "table"),
    );
}

/// The workspace identity's roles on the cluster: granted when the workspace is known to use a
/// user-assigned identity with a known principal, a note when it uses a system-assigned one, and
/// commented commands to run when it is not known.
pub(super) fn workspace_roles_step(
    script: &mut Script,
    cluster: &ClusterId,
    ws: &Ws,
    number: &str,
) {
    let roles = crate::roles::names(&WORKSPACE_IDENTITY_ON_CLUSTER);
    let shell = script.shell();
    let assign = |principal: &str, role: Role, scope: &str| {
        Cmd::new("az role assignment create")
            .opt("--assignee-object-id", principal)
            .opt("--assignee-principal-type", "ServicePrincipal")
            .opt("--role", role.name)
            .opt("--scope", scope)
    };
    let cluster_id = cluster.to_string();
    let relay = RELAY_OWNER;
    match ws.identity {
        WsIdentity::System => {
            step(script, &format!(
                "{number}The workspace uses its system-assigned identity: Azure ML gives it {roles} on the cluster itself; nothing to grant."
            ));
        }
        WsIdentity::User(Some(ref principal)) => {
            step(script, &format!(
                "{number}The workspace's user-assigned identity needs {roles} on the cluster (without Kubernetes Extension Contributor the attach fails with \"extension not installed\", without Cluster Admin with \"internal server error\")."
            ));
            for role in WORKSPACE_IDENTITY_ON_CLUSTER {
                script.cmd(&assign(principal, role, &cluster_id));
            }
            if cluster.kind == ClusterKind::Arc {
                script.comment(&format!(
                    "On an Arc cluster it also needs {} on the Azure Relay the extension created in the cluster's resource group:\n{}",
                    relay.name,
                    assign(principal, relay, "<azure-relay-resource-id>").render(shell)
                ));
            }
        }
        WsIdentity::User(None) | WsIdentity::Unknown => {
            let which = match ws.identity {
                WsIdentity::Unknown => "If the workspace uses a user-assigned identity (`az ml workspace show --query identity.type`), give",
                _ => "The workspace uses a user-assigned identity: give",
            };
            step(script, &format!(
                "{number}{which} that identity {roles} on the cluster; a system-assigned identity gets them from Azure ML. Its principal id: `az identity show --ids <identity-resource-id> --query principalId`."
            ));
            let mut lines: Vec<String> = WORKSPACE_IDENTITY_ON_CLUSTER
                .iter()
                .map(|role| {
                    assign("<workspace-identity-principal-id>", *role, &cluster_id).render(shell)
                })
                .collect();
            if cluster.kind == ClusterKind::Arc {
                lines.push(
                    assign(
                        "<workspace-identity-principal-id>",
                        relay,
                        "<azure-relay-resource-id>",
                    )
                    .render(shell),
                );
            }
            script.comment(&lines.join("\n"));
        }
    }
}

/// After the attach: the compute's state, then the roles its identity needs for its jobs.
pub(super) fn grant(k: &KubernetesCompute, ws: &Ws, shell: Shell) -> Output {
    let mut script = Script::new(shell);
    script.comment(
        "After the attach: check the compute, then give its managed identity what its jobs need.",
    );
    grant_steps(&mut script, k, ws, 1);
    script.finish("grant")
}

/// The steps of [`grant`], numbered from `first`: the runbooks end with them too (a re-attached
/// compute's system-assigned identity is a new one).
pub(super) fn grant_steps(script: &mut Script, k: &KubernetesCompute, ws: &Ws, first: u8) {
    let n = |i: u8| first + i;
    step(
        script,
        &format!(
            "{}. The compute: provisioning_state should be Succeeded.",
            n(0)
        ),
    );
    script.cmd(&show_v2(&k.name, ws));
    let principal = match &k.identity {
        Some(ComputeIdentity::SystemAssigned) => {
            step(
                script,
                &format!(
                    "{}. The principal id of the compute's system-assigned identity.",
                    n(1)
                ),
            );
            in_subscription(
                Cmd::new("az ml compute show")
                    .opt("--resource-group", &ws.resource_group)
                    .opt("--workspace-name", &ws.name)
                    .opt("--name", &k.name),
                ws,
            )
            .opt("--query", "identity.principal_id")
            .opt("--output", "tsv")
        }
        Some(ComputeIdentity::UserAssigned(ids)) if !ids.is_empty() => {
            step(
                script,
                &format!(
                    "{}. The principal id of the compute's user-assigned identity{}.",
                    n(1),
                    if ids.len() > 1 {
                        " (the service uses only the first one)"
                    } else {
                        ""
                    }
                ),
            );
            Cmd::new("az identity show")
                .opt("--ids", ids[0].to_string())
                .opt("--query", "principalId")
                .opt("--output", "tsv")
        }
        _ => {
            step(script,
                "The compute has no managed identity: its jobs cannot pull images from the workspace's registry or read its storage with one. Attach it again with `identity: {type: system_assigned}` (or a user-assigned identity) to grant them here.",
            );
            return;
        }
    };
    assign_from(script, "principal", &principal);
    let show = |query: &str| {
        in_subscription(
            Cmd::new("az ml workspace show")
                .opt("--name", &ws.name)
                .opt("--resource-group", &ws.resource_group),
            ws,
        )
        .opt("--query", query)
        .opt("--output", "tsv")
    };
    step(script, &format!(
        "{}. {} on the workspace's container registry, for the images its jobs run (Container Registry Repository Reader on a registry with ABAC repository permissions).",
        n(2),
        COMPUTE_IDENTITY_ON_REGISTRY.name
    ));
    assign_from(script, "registry", &show("container_registry"));
    if_set(
        script,
        "registry",
        &role_for_var(COMPUTE_IDENTITY_ON_REGISTRY, "registry"),
        "the workspace has no container registry yet: Azure ML creates it with the first image; grant AcrPull then",
    );
    step(script, &format!(
        "{}. {} on the workspace's storage account, for the data its jobs read; jobs that write to it need {} instead.",
        n(3),
        COMPUTE_IDENTITY_READS_STORAGE.name,
        COMPUTE_IDENTITY_WRITES_STORAGE.name
    ));
    assign_from(script, "storage", &show("storage_account"));
    script.cmd(&role_for_var(COMPUTE_IDENTITY_READS_STORAGE, "storage"));
}

/// `az role assignment create` for the compute's principal on the scope held in `$scope_var`.
fn role_for_var(role: Role, scope_var: &'static str) -> Cmd {
    Cmd::new("az role assignment create")
        .opt_var("--assignee-object-id", "principal")
        .opt("--assignee-principal-type", "ServicePrincipal")
        .opt("--role", role.name)
        .opt_var("--scope", scope_var)
}

/// `var="$(cmd)"` / `$var = (cmd)`.
fn assign_from(script: &mut Script, var: &str, cmd: &Cmd) {
    let line = cmd.render_line(script.shell());
    match script.shell() {
        Shell::Bash => script.raw(&format!("{var}=\"$({line})\"")),
        Shell::Pwsh => script.raw(&format!("${var} = ({line})")),
    };
}

/// Runs `cmd` when `$var` is not empty, else says `otherwise` (a fixed sentence of ours).
fn if_set(script: &mut Script, var: &str, cmd: &Cmd, otherwise: &str) {
    let shell = script.shell();
    let body = indent(&cmd.render(shell));
    match shell {
        Shell::Bash => {
            script.raw(&format!("if [ -n \"${var}\" ]; then"));
            script.raw(&body);
            script.raw("else");
            script.raw(&format!("  echo {} >&2", quote(shell, otherwise)));
            script.raw("fi");
        }
        Shell::Pwsh => {
            script.raw(&format!("if (${var}) {{"));
            script.raw(&body);
            script.raw("} else {");
            script.raw(&format!("  Write-Warning {}", pwsh_literal(otherwise)));
            script.raw("}");
        }
    }
}

/// Every line of `text` indented by two spaces.
fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the generators know of the workspace's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WsIdentity {
    /// System-assigned only.
    System,
    /// User-assigned, with its principal id when known (a GUID).
    User(Option<String>),
    /// Not known.
    Unknown,
}

impl WsIdentity {
    /// From what is known of the workspace ([`Workspace::identity_kind`]) and its principal id;
    /// a principal that is not a GUID is not put in a command.
    pub(crate) fn of(workspace: &Workspace) -> WsIdentity {
        match workspace.identity_kind() {
            Some(WorkspaceIdentityKind::UserAssigned) => WsIdentity::User(
                workspace
                    .identity_principal_id
                    .as_deref()
                    .filter(|p| crate::resource_id::is_guid(p))
                    .map(str::to_owned),
            ),
            Some(WorkspaceIdentityKind::SystemAssigned) => WsIdentity::System,
            None => WsIdentity::Unknown,
        }
    }
}

/// A step heading, wrapped at 95 characters as the other generators' notes are.
fn step(script: &mut Script, heading: &str) {
    script.step(&super::wrap(heading, 95));
}
