//! Failures recognised from the facts of the error ([`super::facts`]) rather than from its
//! sentences: a denied action on any resource type (the role follows the action and the scope,
//! [`crate::roles::for_action`]), a resource that was not found (its kind decides the commands:
//! AKS or Arc, workspace, compute, extension, group, subscription), a malformed resource id, an
//! unregistered resource provider, throttling. Each rule's fixes carry the text's own values.

use super::facts::{Denial, Facts, Resource, ResourceKind};
use super::fix::Subject;
use super::{Cause, Check, CheckKind, Command, Confidence, Fix, Match, Source};
use crate::generate::Cmd;
use crate::resource_id::{is_guid, ClusterKind};

const DOC_RBAC: &str = "https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---unable-to-assign-a-role";
const DOC_RBAC_MESSAGE: &str = "The client '{clientName}' with object id '{objectId}' does not have authorization or an ABAC condition not fulfilled to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/{subscriptionId}/Microsoft.Authorization/roleAssignments/{roleAssignmentId}' or the scope is invalid. If access was recently granted, please refresh your credentials.";
const DOC_NOT_FOUND: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-not-found";
const DOC_NOT_FOUND_MESSAGE: &str = "Code=ResourceNotFound; Message=The Resource 'Microsoft.Storage/storageAccounts/{storage name}' under resource group {resource group name} was not found.";
const DOC_REGISTER: &str = "https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider";
const DOC_REGISTER_MESSAGE: &str = "Code: MissingSubscriptionRegistration Message: The subscription is not registered to use namespace {resource-provider-namespace}";
const DOC_IDS: &str =
    "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules";
const DOC_IDS_MESSAGE: &str =
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}";
/// Codes that mean a principal was denied an action.
const DENIED_CODES: &[&str] = &[
    "AuthorizationFailed",
    "LinkedAuthorizationFailed",
    "AuthorizationPermissionMismatch",
    "AuthorizationFailure",
];
/// Codes that mean a resource was not found.
const NOT_FOUND_CODES: &[&str] = &[
    "ResourceNotFound",
    "ResourceGroupNotFound",
    "SubscriptionNotFound",
    "ParentResourceNotFound",
    "NotFound",
];
/// Codes that mean an id is malformed.
const BAD_ID_CODES: &[&str] = &[
    "InvalidResourceId",
    "LinkedInvalidPropertyId",
    "InvalidResourceType",
    "InvalidResourceNamespace",
    "InvalidResourceIdSegment",
    "InvalidSubscriptionId",
];

/// The failures these rules find: id, title, source (for the list of known failures).
pub(super) const KNOWN: &[(&str, &str, &str, &str)] = &[
    (
        "authorization-failed",
        "a principal has no role for the action at that scope",
        DOC_RBAC,
        DOC_RBAC_MESSAGE,
    ),
    (
        "resource-not-found",
        "a resource was not found where the request looked",
        DOC_NOT_FOUND,
        DOC_NOT_FOUND_MESSAGE,
    ),
    (
        "resource-id-invalid",
        "a resource id is not written the way it must be",
        DOC_IDS,
        DOC_IDS_MESSAGE,
    ),
    (
        "provider-not-registered",
        "the subscription is not registered for a resource provider",
        DOC_REGISTER,
        DOC_REGISTER_MESSAGE,
    ),
];

/// What a rule found.
pub(super) enum Found {
    /// A failure of its own, with its causes.
    Own(Match),
    /// A failure of the knowledge base (its causes and sources), at this confidence.
    Known(&'static str, Confidence),
}

/// A failure found by reasoning, with the text fragments that show it (for evidence).
pub(super) struct Reasoned {
    /// The match.
    pub found: Found,
    /// Values of the text the match rests on: located in the text as evidence.
    pub shown_by: Vec<String>,
}

/// Every failure the facts show.
pub(super) fn reason(facts: &Facts, subject: &Subject, lower: &str) -> Vec<Reasoned> {
    let mut out = Vec::new();
    out.extend(denied(facts, subject));
    out.extend(not_found(facts, subject));
    out.extend(bad_id(facts, lower));
    out.extend(unregistered(facts, subject));
    out.extend(super::concepts::reason(facts, lower));
    out
}

fn has_any(facts: &Facts, codes: &[&str]) -> Option<String> {
    codes
        .iter()
        .find(|c| facts.has_code(c))
        .map(|c| (*c).to_owned())
}

fn check(kind: CheckKind) -> Check {
    Check {
        kind,
        description: kind.description(),
        finding: None,
        preflight: kind.read_by_preflight(),
    }
}

fn source(url: &'static str, message: &'static str) -> Source {
    Source { url, message }
}

/// Who a denial names, for people and for `--assignee-principal-type`.
fn principal(denial: &Denial, subject: &Subject) -> (String, Option<&'static str>) {
    let object = denial.object_id.as_deref();
    if object.is_some() && object == Some(subject.workspace_principal()) {
        return (
            format!(
                "the workspace's managed identity (object id {})",
                object.unwrap_or_default()
            ),
            Some("ServicePrincipal"),
        );
    }
    match (denial.client.as_deref(), object) {
        (Some(client), Some(object)) if client.contains('@') => (
            format!("the user {client} (object id {object})"),
            Some("User"),
        ),
        (Some(client), Some(object)) if is_guid(client) && client != object => (
            format!("the application {client} (object id {object})"),
            Some("ServicePrincipal"),
        ),
        (_, Some(object)) => (format!("the identity with object id {object}"), None),
        (Some(client), None) => (format!("the client {client}"), None),
        (None, None) => ("the signed-in account".to_owned(), None),
    }
}

/// A resource described for people: "the AKS cluster `aks1` in resource group `rg`".
fn describe(resource: &Resource) -> String {
    let mut out = format!("{} {}", resource.kind.noun(), resource.name);
    if resource.kind == ResourceKind::Other && !resource.resource_type.is_empty() {
        out = format!("the {} {}", resource.resource_type, resource.name);
    }
    if let Some(group) = &resource.resource_group {
        if resource.kind != ResourceKind::ResourceGroup {
            out.push_str(&format!(" in resource group {group}"));
        }
    }
    out
}

/// The resource an action is on, within `scope`: the deepest resource of the scope whose type
/// the action starts with, else the scope's own resource.
fn target_of(denial: &Denial, facts: &Facts) -> Option<Resource> {
    let scope = denial.scope.as_deref()?;
    let parsed = super::facts::read(scope, &[]);
    let action = denial.action.to_ascii_lowercase();
    parsed
        .resources
        .iter()
        .rev()
        .find(|r| {
            !r.resource_type.is_empty() && action.starts_with(&r.resource_type.to_ascii_lowercase())
        })
        .or_else(|| parsed.resources.last())
        .cloned()
        .or_else(|| facts.resources.first().cloned())
}

fn denied(facts: &Facts, subject: &Subject) -> Option<Reasoned> {
    let code = has_any(facts, DENIED_CODES);
    if facts.denials.is_empty() && code.is_none() {
        return None;
    }
    let mut causes = Vec::new();
    let mut shown_by: Vec<String> = code.iter().cloned().collect();
    let mut checks_for_caller = true;
    // "Or the scope is invalid": the least likely, listed last.
    let mut scope_causes = Vec::new();
    for denial in facts.denials.iter().take(3) {
        let role = crate::roles::for_action(&denial.action);
        let (who, principal_type) = principal(denial, subject);
        let target = target_of(denial, facts);
        let scope = denial
            .scope
            .clone()
            .unwrap_or_else(|| "<scope-from-the-message>".to_owned());
        let on = target
            .as_ref()
            .map_or_else(|| format!("scope {scope}"), describe);
        let object = denial
            .object_id
            .clone()
            .unwrap_or_else(|| "<object-id-from-the-message>".to_owned());
        if who.starts_with("the workspace") {
            checks_for_caller = false;
        }
        let mut assign = Cmd::new("az role assignment create")
            .opt("--assignee-object-id", &object)
            .opt_if("--assignee-principal-type", principal_type)
            .opt("--role", role.name)
            .opt("--scope", &scope);
        if principal_type.is_none() {
            assign = Cmd::new("az role assignment create")
                .opt("--assignee", &object)
                .opt("--role", role.name)
                .opt("--scope", &scope);
        }
        let list = Cmd::new("az role assignment list")
            .opt("--assignee", &object)
            .opt("--scope", &scope)
            .flag("--include-inherited")
            .opt("--output", "table");
        let linked = if denial.linked {
            " (a linked scope: the request touches this resource too)"
        } else {
            ""
        };
        let kind_note = match target.as_ref().map(|t| t.kind) {
            Some(ResourceKind::AksCluster) => {
                " The role is needed on the AKS cluster itself, not on the workspace."
            }
            Some(ResourceKind::ArcCluster) => {
                " The role is needed on the Arc-enabled cluster itself, not on the workspace."
            }
            Some(ResourceKind::StorageAccount)
                if denial.action.to_ascii_lowercase().contains("/blobs/") =>
            {
                " Blob data needs a data role: Owner or Contributor alone does not grant it."
            }
            _ => "",
        };
        causes.push(Cause {
            cause: format!(
                "{who} has no role that allows {} on {on}{linked}; {} grants it.{kind_note}",
                denial.action, role.name
            ),
            fix: Fix {
                text: format!(
                    "an owner of {on} (Owner, User Access Administrator or Role Based Access Control Administrator) grants {} to {who} at that scope; then sign in again so a new token carries it",
                    role.name
                ),
                commands: vec![subject.command(assign), subject.command(list)],
            },
            checks: vec![check(if who.starts_with("the workspace") {
                CheckKind::WorkspaceIdentityRoles
            } else {
                CheckKind::CallerPermissions
            })],
            verdict: None,
        });
        shown_by.push(denial.action.clone());
        if denial.scope_may_be_invalid {
            if let Some(target) = &target {
                scope_causes.push(Cause {
                    cause: format!(
                        "the scope does not exist as written: {} is not there (another subscription, resource group or name), and ARM answers the same way",
                        describe(target)
                    ),
                    fix: Fix {
                        text: "check that the resource exists where the scope says".to_owned(),
                        commands: show_commands(target, subject),
                    },
                    checks: Vec::new(),
                    verdict: None,
                });
            }
        }
    }
    if facts.denials.is_empty() {
        causes.push(Cause {
            cause: "the signed-in account (or the identity the tool runs as) has no role that allows the operation at its scope".to_owned(),
            fix: subject.fix(
                "list your role assignments at the scope the error names; ask an owner for a role holding the action",
                &[super::knowledge::FixCmd::ListRoles(
                    super::knowledge::Assignee::Caller,
                    super::knowledge::Scope::Cluster,
                )],
            ),
            checks: vec![check(CheckKind::CallerPermissions)],
            verdict: None,
        });
    }
    causes.push(Cause {
        cause: "the role was granted moments ago: a role assignment can take up to 10 minutes (sometimes more) to apply, and a token issued before it does not carry it".to_owned(),
        fix: Fix {
            text: "wait, then sign out and in again so the CLI gets a new token".to_owned(),
            commands: vec![
                subject.command(Cmd::new("az logout")),
                subject.command(Cmd::new("az login")),
            ],
        },
        checks: if checks_for_caller {
            vec![check(CheckKind::CallerPermissions)]
        } else {
            Vec::new()
        },
        verdict: None,
    });
    causes.extend(scope_causes);
    let confidence = if !facts.denials.is_empty() {
        Confidence::High
    } else {
        Confidence::Medium
    };
    Some(Reasoned {
        found: Found::Own(Match {
            id: "authorization-failed",
            title: "a principal has no role for the action at that scope",
            confidence,
            evidence: Vec::new(),
            causes,
            sources: vec![source(DOC_RBAC, DOC_RBAC_MESSAGE)],
        }),
        shown_by,
    })
}

/// Commands that show `resource` (or list what is there when it is missing), with its values.
fn show_commands(resource: &Resource, subject: &Subject) -> Vec<Command> {
    let group = resource
        .resource_group
        .clone()
        .unwrap_or_else(|| "<resource-group>".to_owned());
    let with_sub = |cmd: Cmd| cmd.opt_if("--subscription", resource.subscription.as_deref());
    let name = resource.name.as_str();
    let cmds = match resource.kind {
        ResourceKind::AksCluster => vec![
            with_sub(
                Cmd::new("az aks show")
                    .opt("--resource-group", &group)
                    .opt("--name", name)
                    .opt(
                        "--query",
                        "{id: id, state: provisioningState, power: powerState.code}",
                    ),
            ),
            with_sub(
                Cmd::new("az aks list")
                    .opt("--query", "[].{name: name, resourceGroup: resourceGroup}")
                    .opt("--output", "table"),
            ),
        ],
        ResourceKind::ArcCluster => vec![
            with_sub(
                Cmd::new("az connectedk8s show")
                    .opt("--resource-group", &group)
                    .opt("--name", name)
                    .opt(
                        "--query",
                        "{id: id, connectivity: connectivityStatus, agents: agentVersion}",
                    ),
            ),
            with_sub(Cmd::new("az connectedk8s list").opt("--output", "table")),
        ],
        ResourceKind::Workspace => vec![
            with_sub(
                Cmd::new("az ml workspace show")
                    .opt("--resource-group", &group)
                    .opt("--name", name),
            ),
            with_sub(Cmd::new("az ml workspace list").opt("--output", "table")),
        ],
        ResourceKind::Compute => {
            let (_, ws_group, ws_name) = subject.workspace_parts();
            vec![Cmd::new("az ml compute list")
                .opt("--resource-group", ws_group)
                .opt("--workspace-name", ws_name)
                .opt("--output", "table")]
        }
        ResourceKind::Extension => {
            let cluster = resource.id.as_deref().map(|id| super::facts::read(id, &[]));
            let cluster = cluster.as_ref().and_then(Facts::cluster);
            let (kind, cluster_name) =
                cluster.map_or((ClusterKind::Aks, "<cluster-name>".to_owned()), |c| {
                    (
                        c.kind.cluster_kind().unwrap_or(ClusterKind::Aks),
                        c.name.clone(),
                    )
                });
            vec![with_sub(
                Cmd::new("az k8s-extension list")
                    .opt("--cluster-type", kind.extension_cluster_type())
                    .opt("--cluster-name", cluster_name)
                    .opt("--resource-group", &group)
                    .opt("--output", "table"),
            )]
        }
        ResourceKind::ResourceGroup => vec![
            with_sub(Cmd::new("az group show").opt("--name", name)),
            with_sub(Cmd::new("az group list").opt("--output", "table")),
        ],
        ResourceKind::Subscription => vec![Cmd::new("az account list")
            .flag("--all")
            .opt("--output", "table")],
        _ => match &resource.id {
            Some(id) => vec![Cmd::new("az resource show").opt("--ids", id)],
            None => vec![with_sub(
                Cmd::new("az resource list")
                    .opt("--name", name)
                    .opt("--output", "table"),
            )],
        },
    };
    cmds.into_iter().map(|c| subject.command(c)).collect()
}

fn not_found(facts: &Facts, subject: &Subject) -> Option<Reasoned> {
    let code = has_any(facts, NOT_FOUND_CODES);
    let missing: Vec<&Resource> = facts.resources.iter().filter(|r| r.missing).collect();
    // A bare `NotFound` with nothing named is any 404 (a job's file, a URL): not this rule.
    if missing.is_empty() && code.as_deref().is_none_or(|c| c == "NotFound") {
        return None;
    }
    let mut shown_by: Vec<String> = code.iter().cloned().collect();
    let mut causes = Vec::new();
    let subject_missing: Vec<&Resource> = if missing.is_empty() {
        // The code says something was not found: the deepest resource named is the suspect.
        facts.resources.iter().rev().take(1).collect()
    } else {
        missing
    };
    for resource in subject_missing.iter().take(2) {
        shown_by.push(resource.name.clone());
        let subscription = resource
            .subscription
            .clone()
            .or_else(|| facts.subscriptions.first().cloned());
        causes.push(Cause {
            cause: format!(
                "{} is not where the request looked: its name, resource group or subscription{} is wrong, or it was deleted or not created yet",
                describe(resource),
                subscription
                    .as_deref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            ),
            fix: Fix {
                text: "look for it where the request said, then list what is there".to_owned(),
                commands: show_commands(resource, subject),
            },
            checks: Vec::new(),
            verdict: None,
        });
        if let Some(kind) = resource.kind.cluster_kind() {
            let (other_provider, other_type) = match kind {
                ClusterKind::Aks => ClusterKind::Arc.provider_and_type(),
                ClusterKind::Arc => ClusterKind::Aks.provider_and_type(),
            };
            let other = match kind {
                ClusterKind::Aks => "an Azure Arc-enabled cluster",
                ClusterKind::Arc => "an AKS cluster",
            };
            causes.push(Cause {
                cause: format!(
                    "the cluster is {other}, named with the other kind's type: its id is …/providers/{other_provider}/{other_type}/{}, and `az k8s-extension` takes `--cluster-type {other_type}`",
                    resource.name
                ),
                fix: Fix {
                    text: "find the resource by name and read its type; write the cluster's id and --cluster-type from it".to_owned(),
                    commands: vec![subject.command(
                        Cmd::new("az resource list")
                            .opt("--name", &resource.name)
                            .opt_if("--subscription", resource.subscription.as_deref())
                            .opt("--query", "[].{type: type, id: id}")
                            .opt("--output", "table"),
                    )],
                },
                checks: Vec::new(),
                verdict: None,
            });
        }
        if let Some(subscription) = subscription {
            causes.push(Cause {
                cause: format!(
                    "the CLI is signed in to another subscription than {subscription}, the one the request names"
                ),
                fix: Fix {
                    text: "check the current subscription and switch to the one that holds the resource".to_owned(),
                    commands: vec![
                        subject.command(Cmd::new("az account show").opt("--query", "{name: name, id: id}")),
                        subject.command(Cmd::new("az account set").opt("--subscription", &subscription)),
                    ],
                },
                checks: Vec::new(),
                verdict: None,
            });
        }
    }
    if causes.is_empty() {
        return None;
    }
    let confidence = if code.is_some() && subject_missing.iter().any(|r| r.missing) {
        Confidence::High
    } else {
        Confidence::Medium
    };
    let title = match subject_missing.first().map(|r| r.kind) {
        Some(ResourceKind::AksCluster) | Some(ResourceKind::ArcCluster) => {
            "the cluster was not found where the request looked"
        }
        Some(ResourceKind::ResourceGroup) => "the resource group was not found",
        Some(ResourceKind::Subscription) => "the subscription was not found",
        _ => "a resource was not found where the request looked",
    };
    Some(Reasoned {
        found: Found::Own(Match {
            id: "resource-not-found",
            title,
            confidence,
            evidence: Vec::new(),
            causes,
            sources: vec![source(DOC_NOT_FOUND, DOC_NOT_FOUND_MESSAGE)],
        }),
        shown_by,
    })
}

fn bad_id(facts: &Facts, lower: &str) -> Option<Reasoned> {
    let code = has_any(facts, BAD_ID_CODES);
    // The text says an id is not valid: "is not a valid Azure resource ID", "Invalid
    // resource_id", "does not match the pattern".
    let says_id_invalid = [
        "not a valid azure resource id",
        "not a valid resource id",
        "invalid resource id",
        "invalid resource_id",
        "invalid resourceid",
        "invalid arm id",
        "malformed resource id",
        "resource id is invalid",
        "resource id is not valid",
        "resourceid is invalid",
    ]
    .iter()
    .any(|w| lower.contains(w));
    let says_pattern = ["pattern", "regex", "does not match", "doesn't match"]
        .iter()
        .any(|w| lower.contains(w));
    // A spelling ARM accepts (`resourcegroups`) is a problem only where a pattern rejected it.
    let flawed: Vec<&Resource> = facts
        .resources
        .iter()
        .filter(|r| {
            r.id_problems
                .iter()
                .any(|p| !p.contains("SDK and CLI id patterns") || says_pattern || says_id_invalid)
        })
        .collect();
    let confidence = match (
        code.is_some(),
        !flawed.is_empty(),
        says_id_invalid || says_pattern,
    ) {
        (true, true, _) => Confidence::High,
        (true, false, _) | (false, true, true) => Confidence::Medium,
        (false, false, true) if says_id_invalid => Confidence::Medium,
        _ => return None,
    };
    let mut causes = Vec::new();
    let mut shown_by: Vec<String> = code.iter().cloned().collect();
    for resource in flawed.iter().take(2) {
        let written = resource.id.clone().unwrap_or_default();
        shown_by.push(written.clone());
        let canonical = resource.canonical_id();
        causes.push(Cause {
            cause: format!(
                "the id of {} is written with {}",
                describe(resource),
                resource.id_problems.join("; ")
            ),
            fix: Fix {
                text: match canonical {
                    Some(id) => format!("write the id as ARM does: {id}"),
                    None => "write the id as ARM does: /subscriptions/{subscription}/resourceGroups/{group}/providers/{namespace}/{type}/{name}".to_owned(),
                },
                commands: Vec::new(),
            },
            checks: Vec::new(),
            verdict: None,
        });
    }
    if causes.is_empty() {
        causes.push(Cause {
            cause: "a resource id is not in ARM's form: /subscriptions/{subscription}/resourceGroups/{group}/providers/{namespace}/{type}/{name}, with a name after every type".to_owned(),
            fix: Fix {
                text: "copy the id from the resource itself (`az resource show … --query id`, or the portal's JSON view) rather than writing it by hand".to_owned(),
                commands: Vec::new(),
            },
            checks: Vec::new(),
            verdict: None,
        });
    }
    Some(Reasoned {
        found: Found::Own(Match {
            id: "resource-id-invalid",
            title: "a resource id is not written the way it must be",
            confidence,
            evidence: Vec::new(),
            causes,
            sources: vec![source(DOC_IDS, DOC_IDS_MESSAGE)],
        }),
        shown_by,
    })
}

fn unregistered(facts: &Facts, subject: &Subject) -> Option<Reasoned> {
    let code = has_any(
        facts,
        &[
            "MissingSubscriptionRegistration",
            "NoRegisteredProviderFound",
        ],
    );
    if code.is_none() && facts.unregistered_providers.is_empty() {
        return None;
    }
    let subscription = facts.subscriptions.first().map(String::as_str);
    let mut commands = Vec::new();
    let namespaces: Vec<String> = if facts.unregistered_providers.is_empty() {
        vec![
            "Microsoft.Kubernetes".to_owned(),
            "Microsoft.KubernetesConfiguration".to_owned(),
            "Microsoft.ContainerService".to_owned(),
            "Microsoft.MachineLearningServices".to_owned(),
        ]
    } else {
        facts.unregistered_providers.clone()
    };
    for namespace in &namespaces {
        commands.push(
            subject.command(
                Cmd::new("az provider register")
                    .opt("--namespace", namespace)
                    .opt_if("--subscription", subscription)
                    .flag("--wait"),
            ),
        );
    }
    let mut shown_by: Vec<String> = code.iter().cloned().collect();
    shown_by.extend(facts.unregistered_providers.iter().cloned());
    let confidence = if code.is_some() && !facts.unregistered_providers.is_empty() {
        Confidence::High
    } else {
        Confidence::Medium
    };
    Some(Reasoned {
        found: Found::Own(Match {
            id: "provider-not-registered",
            title: "the subscription is not registered for a resource provider",
            confidence,
            evidence: Vec::new(),
            causes: vec![Cause {
                cause: format!(
                    "the subscription{} is not registered for {}: registering needs the `/register/action` permission (Contributor or Owner on the subscription)",
                    subscription.map(|s| format!(" {s}")).unwrap_or_default(),
                    namespaces.join(", ")
                ),
                fix: Fix {
                    text: "register the provider namespace(s) once per subscription, then retry".to_owned(),
                    commands,
                },
                checks: Vec::new(),
                verdict: None,
            }],
            sources: vec![source(DOC_REGISTER, DOC_REGISTER_MESSAGE)],
        }),
        shown_by,
    })
}
