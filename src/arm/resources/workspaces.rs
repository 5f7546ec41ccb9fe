//! Workspaces and their identities, computes, and role assignments.

use super::*;

/// A workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    /// Its id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Region.
    pub location: String,
    /// `SystemAssigned`, `UserAssigned`, `SystemAssigned,UserAssigned`, …
    pub identity_type: Option<String>,
    /// The system-assigned identity's principal, for role-assignment reads.
    pub principal_id: Option<String>,
    /// Its user-assigned identities, in the answer's order.
    pub user_assigned: Vec<UserAssignedIdentity>,
    /// `properties.primaryUserAssignedIdentity`: the user-assigned identity that acts as the
    /// workspace's, as ARM spelled it (its case may differ from the identity's key).
    pub primary_user_assigned_identity: Option<String>,
}

/// One of a workspace's user-assigned identities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserAssignedIdentity {
    /// Its resource id (the key of `identity.userAssignedIdentities`).
    pub id: String,
    /// Its principal (object) id.
    pub principal_id: Option<String>,
}

impl WorkspaceInfo {
    /// The principal whose roles on the cluster matter: the primary user-assigned identity
    /// (`properties.primaryUserAssignedIdentity`, matched to its key ignoring case, as ARM ids
    /// are) when the workspace has user-assigned identities, the only one when it has one and
    /// names none, else the system-assigned identity. `None` when the workspace names a primary
    /// it does not have, or has several and names none: which identity acts is then unknown.
    pub fn identity_principal(&self) -> Option<&str> {
        if let Some(primary) = &self.primary_user_assigned_identity {
            return self
                .user_assigned
                .iter()
                .find(|i| i.id.eq_ignore_ascii_case(primary))?
                .principal_id
                .as_deref();
        }
        let user_assigned_only = self
            .identity_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("UserAssigned"));
        match self.user_assigned.as_slice() {
            [only] if user_assigned_only => only.principal_id.as_deref(),
            [_, _, ..] if user_assigned_only => None,
            _ => self.principal_id.as_deref(),
        }
    }

    /// Why [`WorkspaceInfo::identity_principal`] found no principal although the workspace has
    /// user-assigned identities, in a sentence.
    pub fn identity_problem(&self) -> Option<String> {
        if self.identity_principal().is_some() || self.user_assigned.is_empty() {
            return None;
        }
        Some(match &self.primary_user_assigned_identity {
            Some(primary) => format!(
                "its primary user-assigned identity ({}) is not among its {} user-assigned identities",
                last_segment(primary),
                self.user_assigned.len()
            ),
            None => format!(
                "it has {} user-assigned identities and names none as primary (primaryUserAssignedIdentity)",
                self.user_assigned.len()
            ),
        })
    }
}

/// The name at the end of an id.
fn last_segment(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

pub(super) fn workspace_info(v: &Value) -> WorkspaceInfo {
    let identity = v.get("identity");
    WorkspaceInfo {
        id: text(v, "id").unwrap_or_default(),
        name: text(v, "name").unwrap_or_default(),
        location: text(v, "location").unwrap_or_default(),
        identity_type: identity.and_then(|i| text(i, "type")),
        principal_id: identity.and_then(|i| text(i, "principalId")),
        user_assigned: identity
            .and_then(|i| i.get("userAssignedIdentities"))
            .and_then(Value::as_object)
            .map(|ids| {
                ids.iter()
                    .map(|(id, v)| UserAssignedIdentity {
                        id: id.clone(),
                        principal_id: text(v, "principalId"),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        // A Resource Graph row carries it projected to the top.
        primary_user_assigned_identity: v
            .get("properties")
            .and_then(|p| text(p, "primaryUserAssignedIdentity"))
            .or_else(|| text(v, "primaryUserAssignedIdentity"))
            .filter(|id| !id.is_empty()),
    }
}

/// One workspace.
pub fn parse_workspace(response: &Response) -> Result<WorkspaceInfo, ArmError> {
    resource(response, "workspace").map(|v| workspace_info(&v))
}

/// A page of workspaces.
pub fn parse_workspaces(response: &Response) -> Result<Page<WorkspaceInfo>, ArmError> {
    page(response, "workspace list", |v| Ok(workspace_info(v)))
}

/// A compute, with its state and every provisioning error verbatim.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputeInfo {
    /// Name.
    pub name: String,
    /// `AKS`, `Kubernetes`, `AmlCompute`, …
    pub compute_type: String,
    /// The cluster it points at.
    pub resource_id: Option<String>,
    /// `Succeeded`, `Failed`, `Creating`, …; a missing state means `Succeeded`.
    pub provisioning_state: String,
    /// `provisioningErrors[].error`, as ARM sent them.
    pub provisioning_errors: Vec<Value>,
    /// The namespace of a Kubernetes compute.
    pub namespace: Option<String>,
}

fn compute_info(v: &Value) -> ComputeInfo {
    let empty = Value::Null;
    let p = v.get("properties").unwrap_or(&empty);
    ComputeInfo {
        name: text(v, "name").unwrap_or_default(),
        compute_type: text(p, "computeType").unwrap_or_default(),
        resource_id: text(p, "resourceId"),
        provisioning_state: text(p, "provisioningState").unwrap_or_else(|| "Succeeded".to_owned()),
        provisioning_errors: p
            .get("provisioningErrors")
            .and_then(Value::as_array)
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e.get("error").cloned().unwrap_or_else(|| e.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        namespace: p
            .get("properties")
            .and_then(|inner| text(inner, "namespace")),
    }
}

/// One compute.
pub fn parse_compute(response: &Response) -> Result<ComputeInfo, ArmError> {
    resource(response, "compute").map(|v| compute_info(&v))
}

/// A page of computes.
pub fn parse_computes(response: &Response) -> Result<Page<ComputeInfo>, ArmError> {
    page(response, "compute list", |v| Ok(compute_info(v)))
}

/// A role assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    /// The role definition's id; its last segment is the role's GUID.
    pub role_definition_id: String,
    /// Who has it.
    pub principal_id: String,
    /// Where.
    pub scope: String,
}

/// A page of role assignments.
pub fn parse_role_assignments(response: &Response) -> Result<Page<RoleAssignment>, ArmError> {
    page(response, "role assignment list", |v| {
        let p = v
            .get("properties")
            .filter(|p| p.is_object())
            .ok_or("has no `properties`")?;
        Ok(RoleAssignment {
            role_definition_id: text(p, "roleDefinitionId").unwrap_or_default(),
            principal_id: text(p, "principalId").unwrap_or_default(),
            scope: text(p, "scope").unwrap_or_default(),
        })
    })
}
