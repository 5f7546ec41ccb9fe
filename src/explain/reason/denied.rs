//! A denied action on any resource type: the role that action needs (`crate::roles`) for the
//! principal the text names, at the scope it names.

use super::missing::show_commands;
use super::{check, has_any, source, Found, Reasoned};
use super::{DENIED_CODES, DOC_RBAC, DOC_RBAC_MESSAGE};
use crate::explain::facts::{Denial, Facts, Resource, ResourceKind};
use crate::explain::fix::Subject;
use crate::explain::CheckKind;
use crate::explain::{Cause, Confidence, Fix, Match};
use crate::generate::Cmd;
use crate::resource_id::is_guid;

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
pub(super) fn describe(resource: &Resource) -> String {
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
    let parsed = crate::explain::facts::read(scope, &[]);
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

pub(super) fn denied(facts: &Facts, subject: &Subject) -> Option<Reasoned> {
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
        // The object id; else the client when it is an app id or a user name (the posted
        // text often masks the object id); else a placeholder.
        let client = denial
            .client
            .as_deref()
            .filter(|c| is_guid(c) || c.contains('@'));
        let (object, by_object) = match (&denial.object_id, client) {
            (Some(object), _) => (object.clone(), true),
            (None, Some(client)) => (client.to_owned(), false),
            (None, None) => ("<object-id-from-the-message>".to_owned(), false),
        };
        if who.starts_with("the workspace") {
            checks_for_caller = false;
        }
        let assign = match principal_type.filter(|_| by_object) {
            Some(kind) => Cmd::new("az role assignment create")
                .opt("--assignee-object-id", &object)
                .opt("--assignee-principal-type", kind),
            None => Cmd::new("az role assignment create").opt("--assignee", &object),
        }
        .opt("--role", role.name)
        .opt("--scope", &scope);
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
                &[crate::explain::knowledge::FixCmd::ListRoles(
                    crate::explain::knowledge::Assignee::Caller,
                    crate::explain::knowledge::Scope::Cluster,
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
            settings: Vec::new(),
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
