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
mod write;

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
