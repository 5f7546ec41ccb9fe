//! Fix commands written from the user's spec and workspace (or with `<placeholders>` for what
//! is not known), with the generators' quoting and layout.

use super::facts::{Facts, ResourceKind};
use super::knowledge::{Assignee, FixCmd, Scope};
use super::{Command, Fix, Options};
use crate::generate::{
    aks_namespace_add, attach_v2, detach_v2, generate, Cmd, Options as GenerateOptions, Shell,
    Target, Ws, AZUREML_FE,
};
use crate::resource_id::ClusterKind;
use crate::spec::{AksAction, AttachSpec, ClusterPurpose, ClusterRef, LoadBalancer, Workspace};

mod fill;
mod generic;

use fill::{cluster_of, disagree, fill_workspace};
pub(in crate::explain) use generic::generic_checks;

/// Where to list the policies that denied a request the text describes.
fn policy_scope(facts: &Facts) -> Option<String> {
    let assignment = facts.resources.iter().find_map(|r| {
        let id =
            r.id.as_deref()
                .filter(|_| r.kind == ResourceKind::PolicyAssignment)?;
        let at = id
            .to_ascii_lowercase()
            .find("/providers/microsoft.authorization/policyassignments")?;
        Some(id[..at].to_owned()).filter(|scope| !scope.is_empty())
    });
    let group = || {
        facts.resources.iter().find_map(|r| {
            Some(format!(
                "/subscriptions/{}/resourceGroups/{}",
                r.subscription.as_deref()?,
                r.resource_group.as_deref()?
            ))
        })
    };
    let subscription = || {
        facts
            .subscriptions
            .first()
            .map(|s| format!("/subscriptions/{s}"))
    };
    assignment.or_else(group).or_else(subscription)
}

/// What the commands are about.
pub(super) struct Subject<'a> {
    shell: Shell,
    now: crate::dated::Now,
    spec: Option<&'a AttachSpec>,
    workspace: Workspace,
    ws: Ws,
    pub(super) cluster: Cluster,
    principal: String,
    /// The signed-in principal's object id, when the text gives it.
    caller: String,
    /// The Azure ML extension's name, when the text gives it.
    extension: String,
    /// The Azure CLI extension the text names (`ml`, `k8s-extension`, …).
    cli_extension: String,
    /// Where the policies that denied the text's request are: the scope of the policy
    /// assignment the text names, else the group of a resource it names, else its subscription.
    policy_scope: Option<String>,
    compute: String,
    namespace: String,
    /// Notes for the explanation (such as a spec whose cluster is not known).
    pub notes: Vec<String>,
    /// The claims challenge and tenant the pasted text gave.
    pub challenge: super::mfa::Challenge,
}

/// The cluster the spec names, or placeholders.
pub(super) struct Cluster {
    pub subscription: Option<String>,
    pub resource_group: String,
    pub name: String,
    pub kind: ClusterKind,
    pub id: String,
}

impl<'a> Subject<'a> {
    /// The subject of `options`' spec and workspace, with what they leave open filled from the
    /// facts the text states; where both name something and disagree, the spec and workspace
    /// win and a note says so.
    pub fn new(options: &Options<'a>, facts: &Facts) -> Subject<'a> {
        let mut notes = Vec::new();
        let workspace = fill_workspace(options.workspace, facts, &mut notes);
        let ws = Ws::new(&workspace);
        let cluster = cluster_of(options.spec, &ws, facts, &mut notes);
        let principal = workspace
            .identity_principal_id
            .clone()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "<workspace-identity-principal-id>".to_owned());
        let from_text_compute = facts
            .first(ResourceKind::Compute)
            .map(|c| c.name.clone())
            .or_else(|| facts.computes.first().cloned());
        let from_text_namespace = facts.namespaces.first().cloned();
        let (compute, namespace) = match options.spec {
            Some(AttachSpec::Kubernetes(k)) => {
                disagree(&mut notes, "compute", &k.name, from_text_compute.as_deref());
                disagree(
                    &mut notes,
                    "namespace",
                    &k.namespace,
                    from_text_namespace.as_deref(),
                );
                (k.name.clone(), k.namespace.clone())
            }
            Some(AttachSpec::Aks(a)) => (
                a.name.clone(),
                from_text_namespace.unwrap_or_else(|| "<namespace>".to_owned()),
            ),
            None => (
                from_text_compute.unwrap_or_else(|| "<compute-name>".to_owned()),
                from_text_namespace.unwrap_or_else(|| "<namespace>".to_owned()),
            ),
        };
        let caller = facts
            .denials
            .iter()
            .find_map(|d| d.object_id.clone())
            .unwrap_or_else(|| "<your-user-or-app-id>".to_owned());
        Subject {
            shell: options.shell,
            now: options.now,
            spec: options.spec,
            workspace,
            ws,
            cluster,
            principal,
            caller,
            policy_scope: policy_scope(facts),
            cli_extension: facts
                .cli_extensions
                .first()
                .cloned()
                .unwrap_or_else(|| "<extension-name>".to_owned()),
            extension: facts
                .first(ResourceKind::Extension)
                .map_or_else(|| "<extension-name>".to_owned(), |e| e.name.clone()),
            compute,
            namespace,
            notes,
            challenge: super::mfa::Challenge::default(),
        }
    }

    /// `cmd` as one command of a fix.
    pub fn command(&self, cmd: Cmd) -> Command {
        let (language, text) = self.line(cmd);
        Command { language, text }
    }

    /// The workspace's subscription, resource group and name (or placeholders).
    pub fn workspace_parts(&self) -> (&str, &str, &str) {
        (
            &self.ws.subscription,
            &self.ws.resource_group,
            &self.ws.name,
        )
    }

    /// The workspace identity's principal id (or a placeholder).
    pub fn workspace_principal(&self) -> &str {
        &self.principal
    }

    /// The fix `text` with its commands.
    pub fn fix(&self, text: &str, commands: &[FixCmd]) -> Fix {
        let mut out = Vec::new();
        for &command in commands {
            self.write(command, &mut out);
        }
        Fix {
            text: crate::dated::expand(text, self.now),
            commands: out
                .into_iter()
                .map(|(language, text)| Command { language, text })
                .collect(),
        }
    }

    fn line(&self, cmd: Cmd) -> (&'static str, String) {
        (self.shell.language(), cmd.render(self.shell))
    }

    fn write(&self, command: FixCmd, out: &mut Vec<(&'static str, String)>) {
        let c = &self.cluster;
        match command {
            FixCmd::Role(role, assignee, scope) => {
                let mut cmd = Cmd::new("az role assignment create");
                cmd = match assignee {
                    Assignee::Caller => cmd.opt("--assignee", &self.caller),
                    Assignee::You => cmd.opt("--assignee", "<your-user-or-app-id>"),
                    _ => cmd
                        .opt("--assignee-object-id", self.assignee(assignee))
                        .opt("--assignee-principal-type", "ServicePrincipal"),
                };
                out.push(self.line(cmd.opt("--role", role).opt("--scope", self.scope(scope))));
            }
            FixCmd::ListRoles(assignee, scope) => {
                let assignee = self.assignee(assignee);
                out.push(
                    self.line(
                        Cmd::new("az role assignment list")
                            .opt("--assignee", assignee)
                            .opt("--scope", self.scope(scope))
                            .flag("--include-inherited")
                            .opt("--output", "table"),
                    ),
                );
            }
            FixCmd::ShowWorkspaceIdentity => out.push(
                self.line(
                    Cmd::new("az ml workspace show")
                        .opt("--resource-group", &self.ws.resource_group)
                        .opt("--name", &self.ws.name)
                        .opt(
                            "--query",
                            "{identity: identity, primary: primary_user_assigned_identity}",
                        ),
                ),
            ),
            FixCmd::ShowExtension => out.push(
                self.line(
                    self.extension_cmd("az k8s-extension list")
                        .opt("--output", "table"),
                ),
            ),
            FixCmd::InstallExtension => out.push(self.line(self.install())),
            FixCmd::ReinstallExtension => {
                out.push(
                    self.line(
                        self.extension_cmd("az k8s-extension delete")
                            .opt("--name", &self.extension)
                            .flag("--yes"),
                    ),
                );
                out.push(self.line(self.install()));
            }
            FixCmd::UpdateExtension(settings) => {
                let mut cmd = self
                    .extension_cmd("az k8s-extension update")
                    .opt("--name", &self.extension);
                for (index, setting) in settings.iter().enumerate() {
                    cmd = if index == 0 {
                        cmd.opt("--config", *setting)
                    } else {
                        cmd.arg(*setting)
                    };
                }
                out.push(self.line(cmd));
            }
            FixCmd::ExtensionPods => {
                out.push(self.line(Cmd::new("kubectl get pods").opt("--namespace", "azureml")))
            }
            FixCmd::HealthCheckReport => out.push(
                self.line(
                    Cmd::new("kubectl describe configmap")
                        .arg("arcml-healthcheck")
                        .opt("--namespace", "azureml"),
                ),
            ),
            FixCmd::HelmList => {
                out.push(self.line(Cmd::new("helm list").flag("--all").flag("--all-namespaces")))
            }
            FixCmd::Credentials => out.push(
                self.line(match c.kind {
                    ClusterKind::Aks => self.with_subscription(
                        Cmd::new("az aks get-credentials")
                            .opt("--resource-group", &c.resource_group)
                            .opt("--name", &c.name),
                    ),
                    // Runs in the foreground: keep it open in another terminal.
                    ClusterKind::Arc => Cmd::new("az connectedk8s proxy")
                        .opt("--resource-group", &c.resource_group)
                        .opt("--name", &c.name),
                }),
            ),
            FixCmd::CreateNamespace => {
                out.push(self.line(Cmd::new("kubectl create namespace").arg(&self.namespace)));
                // On AKS, through ARM too: no kubeconfig needed, local accounts disabled or not.
                if let Some(AttachSpec::Kubernetes(k)) = self.spec {
                    if k.resource_id.kind == ClusterKind::Aks {
                        out.push(self.line(aks_namespace_add(&k.resource_id, &k.namespace)));
                    }
                }
            }
            FixCmd::TrustedAccess => {
                if c.kind == ClusterKind::Aks {
                    out.push(
                        self.line(
                            self.with_subscription(
                                Cmd::new("az aks trustedaccess rolebinding create")
                                    .opt("--resource-group", &c.resource_group)
                                    .opt("--cluster-name", &c.name)
                                    .opt("--name", "<role-binding-name>")
                                    .opt("--source-resource-id", self.ws.id())
                                    .opt(
                                        "--roles",
                                        "Microsoft.MachineLearningServices/workspaces/mlworkload",
                                    ),
                            ),
                        ),
                    );
                }
            }
            FixCmd::EnableLocalAccounts => {
                if c.kind == ClusterKind::Aks {
                    out.push(
                        self.line(
                            self.aks_cmd("az aks update")
                                .flag("--enable-local-accounts"),
                        ),
                    );
                }
            }
            FixCmd::AzuremlFeCleanup => {
                for (kind, name) in AZUREML_FE {
                    let mut cmd = Cmd::new("kubectl delete").arg(*kind).arg(*name);
                    if !matches!(*kind, "clusterrole" | "clusterrolebinding") {
                        cmd = cmd.opt("--namespace", "default");
                    }
                    out.push((
                        self.shell.language(),
                        cmd.flag("--ignore-not-found").render_line(self.shell),
                    ));
                }
            }
            FixCmd::DevTestPurpose => self.v1_python(out, |a| {
                a.cluster_purpose = Some(ClusterPurpose::DevTest);
            }),
            FixCmd::InternalLoadBalancer => {
                if !matches!(self.spec, Some(AttachSpec::Kubernetes(_))) {
                    self.v1_python(out, |a| {
                        if !matches!(a.load_balancer, Some(LoadBalancer::Internal { .. })) {
                            a.load_balancer = Some(LoadBalancer::Internal { subnet: None });
                        }
                    });
                }
            }
            FixCmd::ScaleToThree => out.push(
                self.line(
                    self.aks_cmd("az aks scale")
                        .opt("--nodepool-name", "<node-pool-name>")
                        .opt("--node-count", "3"),
                ),
            ),
            FixCmd::StartCluster => {
                if c.kind == ClusterKind::Aks {
                    out.push(self.line(self.aks_cmd("az aks start")));
                }
            }
            FixCmd::ShowCluster => match c.kind {
                ClusterKind::Aks => out.push(self.line(self.aks_cmd("az aks show").opt(
                    "--query",
                    "{power: powerState.code, localAccountsDisabled: disableLocalAccounts, apiServerAccess: apiServerAccessProfile}",
                ))),
                ClusterKind::Arc => out.push(
                    self.line(
                        self.with_subscription(
                            Cmd::new("az connectedk8s show")
                                .opt("--resource-group", &c.resource_group)
                                .opt("--name", &c.name)
                                .opt(
                                    "--query",
                                    "{connectivity: connectivityStatus, lastConnectivityTime: lastConnectivityTime, agentVersion: agentVersion, kubernetesVersion: kubernetesVersion}",
                                ),
                        ),
                    ),
                ),
            },
            FixCmd::KubectlNodes => out.push(self.line(Cmd::new("kubectl get nodes"))),
            FixCmd::ShowCompute => out.push(
                self.line(
                    Cmd::new("az ml compute show")
                        .opt("--resource-group", &self.ws.resource_group)
                        .opt("--workspace-name", &self.ws.name)
                        .opt("--name", &self.compute),
                ),
            ),
            FixCmd::Reattach => match self.spec {
                Some(AttachSpec::Kubernetes(k)) => {
                    out.push(self.line(detach_v2(&k.name, &self.ws)));
                    out.push(self.line(attach_v2(k, &self.ws)));
                }
                Some(spec @ AttachSpec::Aks(_)) => {
                    let output = generate(
                        spec,
                        Target::Reattach,
                        &GenerateOptions {
                            shell: self.shell,
                            extension: None,
                            workspace: self.workspace.clone(),
                            now: self.now,
                        },
                    );
                    out.push((output.language, output.text));
                }
                None => {
                    out.push(self.line(detach_v2(&self.compute, &self.ws)));
                    out.push(
                        self.line(
                            Cmd::new("az ml compute attach")
                                .opt("--resource-group", &self.ws.resource_group)
                                .opt("--workspace-name", &self.ws.name)
                                .opt("--type", "Kubernetes")
                                .opt("--name", &self.compute)
                                .opt("--resource-id", &c.id)
                                .opt("--namespace", &self.namespace)
                                .opt("--identity-type", "SystemAssigned"),
                        ),
                    );
                }
            },
            FixCmd::Logout => out.push(self.line(Cmd::new("az logout"))),
            FixCmd::ClaimsLogin => {
                let claims = self.challenge.claims_or_mfa();
                let tenant = self
                    .challenge
                    .tenant
                    .clone()
                    .unwrap_or_else(|| "<tenant-id>".to_owned());
                out.push(
                    self.line(
                        Cmd::new("az login")
                            .opt("--tenant", &tenant)
                            .opt("--scope", crate::arm::AZ_LOGIN_SCOPE)
                            .opt("--claims-challenge", &claims),
                    ),
                );
                // Azure PowerShell's own sign-in, for those who use it.
                out.push((
                    "powershell",
                    Cmd::new("Connect-AzAccount")
                        .opt("-Tenant", &tenant)
                        .opt("-ClaimsChallenge", &claims)
                        .render(Shell::Pwsh),
                ));
            }
            FixCmd::WorkloadLogin => {
                let tenant = self
                    .challenge
                    .tenant
                    .clone()
                    .unwrap_or_else(|| "<tenant-id>".to_owned());
                // A managed identity where the job runs on Azure; else a service principal
                // with a certificate, never a secret on the command line.
                out.push(self.line(Cmd::new("az login").flag("--identity")));
                out.push(
                    self.line(
                        Cmd::new("az login")
                            .flag("--service-principal")
                            .opt("--username", "<app-id>")
                            .opt("--tenant", &tenant)
                            .opt("--certificate", "<path-to-cert-and-key.pem>"),
                    ),
                );
            }
            FixCmd::Login(scope) => {
                out.push(self.line(Cmd::new("az login").opt_if("--scope", scope)));
                out.push(
                    self.line(
                        Cmd::new("az account set").opt("--subscription", &self.ws.subscription),
                    ),
                );
            }
            FixCmd::UpdateCli(name) => {
                out.push(self.line(Cmd::new("az extension update").opt("--name", name)))
            }
            FixCmd::RegisterProvider(namespace) => {
                out.push(self.line(Cmd::new("az provider register").opt("--namespace", namespace)))
            }
            FixCmd::ListPolicies => {
                // The cluster's group when it is known, else the group of the resource the
                // text says was denied.
                let scope = match (&c.subscription, c.resource_group.starts_with('<')) {
                    (Some(subscription), false) => Some(format!(
                        "/subscriptions/{subscription}/resourceGroups/{}",
                        c.resource_group
                    )),
                    _ => None,
                }
                .or_else(|| self.policy_scope.clone())
                .unwrap_or_else(|| {
                    format!(
                        "/subscriptions/{}/resourceGroups/{}",
                        c.subscription.as_deref().unwrap_or(&self.ws.subscription),
                        c.resource_group
                    )
                });
                out.push(
                    self.line(
                        Cmd::new("az policy assignment list")
                            .opt("--scope", scope)
                            .flag("--disable-scope-strict-match")
                            .opt("--output", "table"),
                    ),
                );
            }
            FixCmd::ValidateName => {
                out.push(self.line(Cmd::new("amlattach validate-name").arg(&self.compute)))
            }
            FixCmd::IngressService => {
                out.push(
                    self.line(
                        Cmd::new("kubectl get service")
                            .arg("azureml-ingress-nginx-controller")
                            .opt("--namespace", "azureml"),
                    ),
                );
                out.push(self.line(Cmd::new("kubectl get pods").opt("--namespace", "azureml")));
            }
            FixCmd::Line(template) => out.push(self.line(self.template(template))),
            FixCmd::AdoptForHelm => {
                out.push(
                    self.line(
                        Cmd::new("kubectl label crd")
                            .arg("jobs.batch.volcano.sh")
                            .arg("app.kubernetes.io/managed-by=Helm"),
                    ),
                );
                out.push(
                    self.line(
                        Cmd::new("kubectl annotate crd")
                            .arg("jobs.batch.volcano.sh")
                            .arg("meta.helm.sh/release-namespace=azureml")
                            .arg(format!("meta.helm.sh/release-name={}", self.extension)),
                    ),
                );
            }
        }
    }

    /// The command a [`FixCmd::Line`] template writes.
    fn template(&self, template: &str) -> Cmd {
        let c = &self.cluster;
        let fill = |word: &str| {
            word.replace("{cluster}", &c.name)
                .replace("{cluster_group}", &c.resource_group)
                .replace("{cluster_type}", c.kind.extension_cluster_type())
                .replace("{namespace}", &self.namespace)
                .replace("{region}", &self.ws.location)
                .replace("{compute}", &self.compute)
                .replace("{cli_extension}", &self.cli_extension)
        };
        let tokens: Vec<&str> = template.split_whitespace().collect();
        let words = tokens
            .iter()
            .take_while(|t| {
                t.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !t.starts_with('-')
            })
            .count();
        let mut cmd = Cmd::new(&tokens[..words].join(" "));
        let mut rest = tokens[words..].iter().peekable();
        while let Some(token) = rest.next() {
            if token.starts_with("--") {
                match rest.peek() {
                    Some(value) if !value.starts_with("--") => {
                        cmd = cmd.opt(token, fill(value));
                        rest.next();
                    }
                    _ => cmd = cmd.flag(token),
                }
            } else {
                cmd = cmd.arg(fill(token));
            }
        }
        if template.starts_with("az ") && template.contains("{cluster}") {
            cmd = self.with_subscription(cmd);
        }
        cmd
    }

    fn assignee(&self, assignee: Assignee) -> String {
        match assignee {
            Assignee::WorkspaceIdentity => self.principal.clone(),
            Assignee::ComputeIdentity => "<compute-identity-principal-id>".to_owned(),
            Assignee::Caller => self.caller.clone(),
            Assignee::You => "<your-user-or-app-id>".to_owned(),
        }
    }

    fn scope(&self, scope: Scope) -> String {
        match scope {
            Scope::Cluster => self.cluster.id.clone(),
            Scope::Relay => "<azure-relay-resource-id>".to_owned(),
            Scope::Storage => "<storage-account-resource-id>".to_owned(),
        }
    }

    fn with_subscription(&self, cmd: Cmd) -> Cmd {
        match &self.cluster.subscription {
            Some(subscription) => cmd.opt("--subscription", subscription),
            None => cmd,
        }
    }

    fn aks_cmd(&self, words: &str) -> Cmd {
        self.with_subscription(
            Cmd::new(words)
                .opt("--resource-group", &self.cluster.resource_group)
                .opt("--name", &self.cluster.name),
        )
    }

    fn extension_cmd(&self, words: &str) -> Cmd {
        self.with_subscription(
            Cmd::new(words)
                .opt("--cluster-type", self.cluster.kind.extension_cluster_type())
                .opt("--cluster-name", &self.cluster.name)
                .opt("--resource-group", &self.cluster.resource_group),
        )
    }

    fn install(&self) -> Cmd {
        crate::generate::extension_install(&crate::resource_id::ClusterId {
            subscription: self.cluster.subscription.clone().unwrap_or_default(),
            resource_group: self.cluster.resource_group.clone(),
            name: self.cluster.name.clone(),
            kind: self.cluster.kind,
        })
    }

    /// The v1 Python attach with `change` applied to the spec (or a placeholder one).
    fn v1_python(
        &self,
        out: &mut Vec<(&'static str, String)>,
        change: impl Fn(&mut crate::spec::AksCompute),
    ) {
        let mut a = match self.spec {
            Some(AttachSpec::Aks(a)) => a.clone(),
            Some(AttachSpec::Kubernetes(_)) => return,
            None => crate::spec::AksCompute {
                name: self.compute.clone(),
                description: None,
                action: AksAction::Attach(ClusterRef::Name {
                    resource_group: self.cluster.resource_group.clone(),
                    cluster_name: self.cluster.name.clone(),
                }),
                cluster_purpose: None,
                load_balancer: None,
                ssl: None,
            },
        };
        change(&mut a);
        let output = generate(
            &AttachSpec::Aks(a),
            Target::PythonV1,
            &GenerateOptions {
                shell: self.shell,
                extension: None,
                workspace: self.workspace.clone(),
                now: self.now,
            },
        );
        out.push((output.language, output.text));
    }
}
