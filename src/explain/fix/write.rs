//! Each fix command a knowledge entry names ([`FixCmd`]), written for the subject: the roles
//! to grant, the providers, the extension and the cluster settings to change, the attach again.

use super::*;

impl Subject<'_> {
    /// Appends the lines `command` writes for this subject to `out`.
    pub(super) fn write(&self, command: FixCmd, out: &mut Vec<(&'static str, String)>) {
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
}
