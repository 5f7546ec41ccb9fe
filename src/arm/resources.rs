//! Response parsers: ARM's JSON for subscriptions, clusters, extensions, VM sizes, Kubernetes
//! versions, workspaces, computes, role assignments and Resource Graph pages, read into what the
//! pre-flight needs, and the pre-flight context built from them.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::{ArmError, Response};
use crate::resource_id::{parse_cluster_id, ClusterId};
use crate::spec::{ClusterFacts, Context, ExistingCompute, NodePool, Workspace};

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The items on this page (possibly none).
    pub items: Vec<T>,
    /// Where the next page is, if any.
    pub next_link: Option<String>,
}

/// Reads the body of a successful answer as JSON (one deserializer for every shape keeps the
/// module small); an error status becomes its `ArmError`.
fn json(response: &Response, what: &str) -> Result<Value, ArmError> {
    if !response.is_success() {
        return Err(ArmError::from_response(response));
    }
    serde_json::from_str(&response.body).map_err(|e| ArmError::malformed(what, &e))
}

/// One resource: a JSON object with its `id`. Anything else is an answer of the wrong shape, not
/// a resource with every property empty.
fn resource(response: &Response, what: &str) -> Result<Value, ArmError> {
    let body = json(response, what)?;
    match body.get("id") {
        Some(Value::String(id)) if !id.is_empty() => Ok(body),
        _ if !body.is_object() => Err(ArmError::unexpected(what, "it is not a JSON object")),
        _ => Err(ArmError::unexpected(what, "it has no `id`")),
    }
}

/// One page of a list: `{ value: [objects], nextLink?: string | null }`. An answer without its
/// `value` list is of the wrong shape, never an empty page.
/// Each item goes through `map`, which says what an item lacks when it lacks what it must have.
fn page<T>(
    response: &Response,
    what: &str,
    map: impl Fn(&Value) -> Result<T, &'static str>,
) -> Result<Page<T>, ArmError> {
    let body = json(response, what)?;
    let items = match body.get("value") {
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ArmError::unexpected(what, "its `value` is not a list")),
        None if body.is_object() => {
            return Err(ArmError::unexpected(what, "it has no `value` list"))
        }
        None => return Err(ArmError::unexpected(what, "it is not a JSON object")),
    };
    let mut mapped = Vec::with_capacity(items.len());
    for (at, item) in items.iter().enumerate() {
        let read = if item.is_object() {
            map(item)
        } else {
            Err("is not an object")
        };
        match read {
            Ok(item) => mapped.push(item),
            Err(why) => {
                return Err(ArmError::unexpected(
                    what,
                    &format!("item {} of its `value` {why}", at + 1),
                ))
            }
        }
    }
    let next_link = match body.get("nextLink") {
        None | Some(Value::Null) => None,
        Some(Value::String(link)) => Some(link.clone()).filter(|l| !l.is_empty()),
        Some(_) => return Err(ArmError::unexpected(what, "its `nextLink` is not text")),
    };
    Ok(Page {
        items: mapped,
        next_link,
    })
}

/// `value[key]` as text.
fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

/// `value[key]` as text, compared ignoring the key's case (Resource Graph capitalises some).
fn text_ci(value: &Value, key: &str) -> Option<String> {
    value
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.as_str().map(str::to_owned))
}

fn flag(value: &Value, key: &str) -> Option<bool> {
    value.get(key)?.as_bool()
}

fn count(value: &Value, key: &str) -> Option<u32> {
    value.get(key)?.as_u64().and_then(|n| u32::try_from(n).ok())
}

/// A subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// The GUID.
    pub subscription_id: String,
    /// Its name.
    pub display_name: String,
    /// `Enabled`, `Disabled`, …
    pub state: String,
}

/// A page of subscriptions.
pub fn parse_subscriptions(response: &Response) -> Result<Page<Subscription>, ArmError> {
    page(response, "subscription list", |v| {
        Ok(Subscription {
            subscription_id: text(v, "subscriptionId").ok_or("has no `subscriptionId`")?,
            display_name: text(v, "displayName").unwrap_or_default(),
            state: text(v, "state").unwrap_or_default(),
        })
    })
}

/// A cluster and the facts the validator uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterInfo {
    /// Its id, as ARM wrote it.
    pub id: String,
    /// Parsed.
    #[serde(skip)]
    pub cluster: Option<ClusterId>,
    /// Name.
    pub name: String,
    /// Region.
    pub location: String,
    /// `managedClusters` or `connectedClusters`.
    pub kind: String,
    /// Node pools, version, network and access facts.
    #[serde(skip)]
    pub facts: ClusterFacts,
    /// The `kubernetesVersion` (or Arc's `kubernetesVersion`).
    pub kubernetes_version: Option<String>,
}

fn cluster_info(v: &Value) -> ClusterInfo {
    let empty = Value::Null;
    let p = v.get("properties").unwrap_or(&empty);
    let version = text(p, "currentKubernetesVersion").or_else(|| text(p, "kubernetesVersion"));
    let access = p.get("apiServerAccessProfile").unwrap_or(&empty);
    let location = text(v, "location").unwrap_or_default();
    let node_pools = p
        .get("agentPoolProfiles")
        .and_then(Value::as_array)
        .map(|pools| {
            pools
                .iter()
                .map(|pool| NodePool {
                    name: text(pool, "name"),
                    count: count(pool, "count").unwrap_or(0),
                    vm_size: text(pool, "vmSize"),
                    vcpus: None,
                    mode: text(pool, "mode"),
                })
                .collect()
        })
        .unwrap_or_default();
    let facts = ClusterFacts {
        node_pools,
        kubernetes_version: version.clone(),
        load_balancer_sku: p
            .get("networkProfile")
            .and_then(|n| text(n, "loadBalancerSku")),
        private_cluster: flag(access, "enablePrivateCluster"),
        private_cluster_public_fqdn: flag(access, "enablePrivateClusterPublicFQDN"),
        authorized_ip_ranges: access
            .get("authorizedIPRanges")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        local_accounts_disabled: flag(p, "disableLocalAccounts"),
        trusted_access: None,
        aml_extension_installed: None,
        workspace_identity_roles: None,
        location: Some(location.clone()).filter(|l| !l.is_empty()),
        tier: v.get("sku").and_then(|sku| text(sku, "tier")),
        support_plan: text(p, "supportPlan"),
        managed_identity: managed_identity(v),
    };
    let id = text(v, "id").unwrap_or_default();
    ClusterInfo {
        cluster: parse_cluster_id(&id).ok().map(|p| p.id),
        id,
        name: text(v, "name").unwrap_or_default(),
        location,
        kind: text(v, "type")
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned(),
        facts,
        kubernetes_version: version,
    }
}

/// One AKS or Arc cluster.
pub fn parse_cluster(response: &Response) -> Result<ClusterInfo, ArmError> {
    resource(response, "cluster").map(|v| cluster_info(&v))
}

/// A page of clusters.
pub fn parse_clusters(response: &Response) -> Result<Page<ClusterInfo>, ArmError> {
    page(response, "cluster list", |v| Ok(cluster_info(v)))
}

/// A cluster extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// Name.
    pub name: String,
    /// `Microsoft.AzureML.Kubernetes`, …, as ARM stored it.
    pub extension_type: String,
    /// `Succeeded`, `Pending`, …
    pub provisioning_state: String,
    /// Its namespace.
    pub release_namespace: Option<String>,
}

impl Extension {
    /// True for an Azure ML extension that finished installing.
    pub fn is_aml_ready(&self) -> bool {
        self.extension_type
            .eq_ignore_ascii_case("Microsoft.AzureML.Kubernetes")
            && self.provisioning_state.eq_ignore_ascii_case("Succeeded")
    }
}

/// A page of extensions. Property names are compared ignoring case: Resource Graph spells them
/// `ExtensionType`, REST `extensionType`.
pub fn parse_extensions(response: &Response) -> Result<Page<Extension>, ArmError> {
    page(response, "extension list", |item| Ok(extension(item)))
}

fn extension(item: &Value) -> Extension {
    let props = item.get("properties").cloned().unwrap_or(Value::Null);
    Extension {
        name: text(item, "name").unwrap_or_default(),
        extension_type: text_ci(&props, "extensionType").unwrap_or_default(),
        provisioning_state: text_ci(&props, "provisioningState").unwrap_or_default(),
        release_namespace: props
            .pointer("/scope/cluster/releaseNamespace")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// vCPUs by VM size name (lowercase), from the Resource SKUs list; `vCPUsAvailable` (constrained
/// cores) wins over `vCPUs`.
pub fn parse_sku_vcpus(
    response: &Response,
) -> Result<(HashMap<String, u32>, Option<String>), ArmError> {
    // SKUs of other resource types, and sizes without a vCPU count, are not wanted: kept out,
    // not errors.
    let vm_vcpus = |sku: &Value| -> Option<(String, u32)> {
        if !text(sku, "resourceType")?.eq_ignore_ascii_case("virtualMachines") {
            return None;
        }
        let capabilities = sku.get("capabilities")?.as_array()?;
        let capability = |n: &str| {
            capabilities
                .iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(n))
                .and_then(|c| c.get("value")?.as_str()?.parse::<u32>().ok())
        };
        let vcpus = capability("vCPUsAvailable").or_else(|| capability("vCPUs"))?;
        Some((text(sku, "name")?.to_ascii_lowercase(), vcpus))
    };
    let page = page(response, "SKU list", |sku| Ok(vm_vcpus(sku)))?;
    Ok((page.items.into_iter().flatten().collect(), page.next_link))
}

/// The GA minor versions of a region's Kubernetes versions list (the `values` shape).
pub fn parse_supported_versions(response: &Response) -> Result<RegionVersions, ArmError> {
    let body = json(response, "Kubernetes version list")?;
    let mut versions = RegionVersions::default();
    let Some(minors) = body.get("values").and_then(Value::as_array) else {
        return Err(ArmError::unexpected(
            "Kubernetes version list",
            "it has no `values` list",
        ));
    };
    for minor in minors.iter().filter(|m| flag(m, "isPreview") != Some(true)) {
        let Some(version) = text(minor, "version").filter(|v| !v.is_empty()) else {
            continue;
        };
        let plans: Vec<&str> = minor
            .get("capabilities")
            .and_then(|c| c.get("supportPlan"))
            .and_then(Value::as_array)
            .map(|plans| plans.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let has = |plan: &str| plans.iter().any(|p| p.eq_ignore_ascii_case(plan));
        // An answer without support plans (older api-versions) lists community minors only.
        if plans.is_empty() || has("KubernetesOfficial") {
            versions.community.push(version.clone());
        }
        if has(crate::support::LONG_TERM_PLAN) {
            versions.long_term.push(version);
        }
    }
    Ok(versions)
}

/// The GA minors a region offers, by support plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionVersions {
    /// With community support (`KubernetesOfficial`).
    pub community: Vec<String>,
    /// Under long-term support (`AKSLongTermSupport`, Premium tier).
    pub long_term: Vec<String>,
}

/// Whether an AKS cluster uses a managed identity: an `identity` block, or a service principal
/// profile whose client id is `msi`; false for another client id (a service principal). `None`
/// for an Arc cluster or when the answer says neither.
fn managed_identity(cluster: &Value) -> Option<bool> {
    let aks = text(cluster, "type")
        .is_some_and(|t| t.eq_ignore_ascii_case("Microsoft.ContainerService/managedClusters"));
    if !aks {
        return None;
    }
    let identity = cluster
        .get("identity")
        .and_then(|i| text(i, "type"))
        .filter(|t| !t.eq_ignore_ascii_case("None"));
    if identity.is_some() {
        return Some(true);
    }
    cluster
        .get("properties")
        .and_then(|p| p.get("servicePrincipalProfile"))
        .and_then(|sp| text(sp, "clientId"))
        .filter(|id| !id.is_empty())
        .map(|id| id.eq_ignore_ascii_case("msi"))
}

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

fn workspace_info(v: &Value) -> WorkspaceInfo {
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

/// A managed namespace of an AKS cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedNamespace {
    /// Its ARM id.
    pub id: String,
    /// The Kubernetes namespace's name.
    pub name: String,
    /// `Creating`, `Updating`, `Succeeded`, `Failed`, …
    pub provisioning_state: String,
    /// `Never`, `IfIdentical` or `Always`.
    pub adoption_policy: Option<String>,
    /// `Keep` or `Delete`.
    pub delete_policy: Option<String>,
}

/// Reads a managed namespace (GET or PUT answer).
pub fn parse_managed_namespace(response: &Response) -> Result<ManagedNamespace, ArmError> {
    let body = json(response, "managed namespace")?;
    let properties = body.get("properties");
    let property = |key: &str| properties.and_then(|p| text(p, key));
    match text(&body, "name") {
        Some(name) if !name.is_empty() => Ok(ManagedNamespace {
            id: text(&body, "id").unwrap_or_default(),
            name,
            provisioning_state: property("provisioningState").unwrap_or_default(),
            adoption_policy: property("adoptionPolicy"),
            delete_policy: property("deletePolicy"),
        }),
        _ => Err(ArmError::unexpected(
            "managed namespace",
            "it has no `name`",
        )),
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

/// One page of a Resource Graph query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphPage {
    /// The rows (objectArray format).
    pub rows: Vec<Value>,
    /// Rows matching in all.
    pub total_records: u64,
    /// Send the same query again with this token for the next page.
    pub skip_token: Option<String>,
}

/// A Resource Graph answer. `resultTruncated` is a string in this API.
pub fn parse_graph(response: &Response) -> Result<GraphPage, ArmError> {
    let mut body = json(response, "Resource Graph answer")?;
    let data = body.get_mut("data").map(Value::take);
    let rows = match data {
        Some(Value::Array(rows)) => rows,
        // The table format: {columns: [{name}], rows: [[…]]}.
        Some(Value::Object(table)) => {
            let (Some(columns), Some(rows)) = (
                table.get("columns").and_then(Value::as_array),
                table.get("rows").and_then(Value::as_array),
            ) else {
                return Err(ArmError::unexpected(
                    "Resource Graph answer",
                    "its table has no `columns` or no `rows`",
                ));
            };
            let columns: Vec<String> = columns.iter().filter_map(|c| text(c, "name")).collect();
            rows.iter()
                .filter_map(Value::as_array)
                .map(|row| {
                    Value::Object(columns.iter().cloned().zip(row.iter().cloned()).collect())
                })
                .collect()
        }
        Some(_) => {
            return Err(ArmError::unexpected(
                "Resource Graph answer",
                "its `data` is neither a list of rows nor a table",
            ))
        }
        None => {
            return Err(ArmError::unexpected(
                "Resource Graph answer",
                "it has no `data`",
            ))
        }
    };
    Ok(GraphPage {
        rows,
        total_records: body
            .get("totalRecords")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        skip_token: text(&body, "$skipToken").filter(|t| !t.is_empty()),
    })
}

/// The `$skipToken` of a Resource Graph answer, read without building its rows (the queue asks
/// for the next page before the rows are read, once, by the workflow).
pub fn graph_skip_token(response: &Response) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Paging {
        #[serde(rename = "$skipToken")]
        skip_token: Option<String>,
    }
    if !response.is_success() {
        return None;
    }
    serde_json::from_str::<Paging>(&response.body)
        .ok()?
        .skip_token
        .filter(|t| !t.is_empty())
}

/// Clusters from Resource Graph rows (`GRAPH_CLUSTERS`).
pub fn clusters_from_graph(rows: &[Value]) -> Vec<ClusterInfo> {
    rows.iter().map(cluster_info).collect()
}

/// Workspaces from Resource Graph rows (`GRAPH_WORKSPACES`).
pub fn workspaces_from_graph(rows: &[Value]) -> Vec<WorkspaceInfo> {
    rows.iter().map(workspace_info).collect()
}

/// The ids of clusters that have an Azure ML extension, from `GRAPH_EXTENSIONS` rows: the
/// extension id up to `/providers/Microsoft.KubernetesConfiguration/`.
pub fn clusters_with_aml_extension(rows: &[Value]) -> Vec<(String, Extension)> {
    rows.iter()
        .filter_map(|row| {
            let id = row.get("id")?.as_str()?;
            let at = id
                .to_ascii_lowercase()
                .find("/providers/microsoft.kubernetesconfiguration/")?;
            Some((id[..at].to_owned(), extension(row)))
        })
        .collect()
}

/// What the pre-flight read, for one (workspace, cluster) pair.
#[derive(Debug, Clone, Default)]
pub struct Preflight {
    /// The workspace's subscription and resource group (from the chosen workspace id).
    pub workspace_ref: Option<crate::resource_id::WorkspaceId>,
    /// The workspace.
    pub workspace: Option<WorkspaceInfo>,
    /// The cluster.
    pub cluster: Option<ClusterInfo>,
    /// Its extensions (None when they could not be read).
    pub extensions: Option<Vec<Extension>>,
    /// vCPUs by lowercase VM size.
    pub sku_vcpus: HashMap<String, u32>,
    /// GA minor versions of the cluster's region, by support plan.
    pub supported_versions: RegionVersions,
    /// The workspace's computes.
    pub computes: Vec<ComputeInfo>,
    /// Computes in other workspaces, by workspace name (for the v1 one-attachment rule).
    pub other_computes: Vec<(String, ComputeInfo)>,
    /// The workspace identity's role assignments on the cluster (None when not read).
    pub role_assignments: Option<Vec<RoleAssignment>>,
}

impl Preflight {
    /// The validator context these facts make.
    pub fn context(&self) -> Context {
        let workspace = self.workspace_ref.as_ref().map(|r| Workspace {
            subscription_id: Some(r.subscription.clone()),
            resource_group: Some(r.resource_group.clone()),
            name: Some(r.name.clone()),
            location: self.workspace.as_ref().map(|w| w.location.clone()),
            identity_type: self
                .workspace
                .as_ref()
                .and_then(|w| w.identity_type.clone()),
            identity_principal_id: self
                .workspace
                .as_ref()
                .and_then(|w| w.identity_principal().map(str::to_owned)),
        });
        let cluster = self.cluster.as_ref().map(|c| {
            let mut facts = c.facts.clone();
            for pool in &mut facts.node_pools {
                pool.vcpus = pool
                    .vm_size
                    .as_deref()
                    .and_then(|size| self.sku_vcpus.get(&size.to_ascii_lowercase()).copied());
            }
            facts.workspace_identity_roles = self.role_assignments.as_ref().map(|assignments| {
                assignments
                    .iter()
                    .filter_map(|a| a.role_definition_id.rsplit('/').next())
                    .map(str::to_ascii_lowercase)
                    .collect()
            });
            facts.aml_extension_installed = self
                .extensions
                .as_ref()
                .map(|exts| exts.iter().any(Extension::is_aml_ready));
            facts
        });
        let existing = |workspace: Option<&str>, c: &ComputeInfo| ExistingCompute {
            name: c.name.clone(),
            resource_id: c.resource_id.clone(),
            compute_type: Some(c.compute_type.clone()),
            namespace: c.namespace.clone(),
            workspace: workspace.map(str::to_owned),
        };
        let mut existing_computes: Vec<ExistingCompute> =
            self.computes.iter().map(|c| existing(None, c)).collect();
        existing_computes.extend(
            self.other_computes
                .iter()
                .map(|(ws, c)| existing(Some(ws), c)),
        );
        Context {
            workspace,
            cluster,
            existing_computes,
            supported_kubernetes_versions: self.supported_versions.community.clone(),
            lts_kubernetes_versions: self.supported_versions.long_term.clone(),
        }
    }
}
