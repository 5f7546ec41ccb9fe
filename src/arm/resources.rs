//! Response parsers: ARM's JSON for subscriptions, clusters, extensions, VM sizes, Kubernetes
//! versions, workspaces, computes, role assignments and Resource Graph pages, read into what the
//! pre-flight needs, and the pre-flight context built from them.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
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

#[derive(Deserialize)]
struct List<T> {
    #[serde(default = "Vec::new")]
    value: Vec<T>,
    #[serde(default, rename = "nextLink")]
    next_link: Option<String>,
}

fn read<T: DeserializeOwned>(response: &Response, what: &str) -> Result<T, ArmError> {
    if !response.is_success() {
        return Err(ArmError::from_response(response));
    }
    serde_json::from_str(&response.body).map_err(|e| ArmError::malformed(what, &e))
}

fn page<D: DeserializeOwned, T>(
    response: &Response,
    what: &str,
    map: impl Fn(D) -> Option<T>,
) -> Result<Page<T>, ArmError> {
    let list: List<D> = read(response, what)?;
    Ok(Page {
        items: list.value.into_iter().filter_map(map).collect(),
        next_link: list.next_link.filter(|l| !l.is_empty()),
    })
}

/// A subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// The GUID.
    pub subscription_id: String,
    /// Its name.
    #[serde(default)]
    pub display_name: String,
    /// `Enabled`, `Disabled`, …
    #[serde(default)]
    pub state: String,
}

/// A page of subscriptions.
pub fn parse_subscriptions(response: &Response) -> Result<Page<Subscription>, ArmError> {
    page(response, "subscription list", Some)
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

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ClusterDto {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    location: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    properties: ClusterProperties,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ClusterProperties {
    #[serde(default)]
    kubernetes_version: Option<String>,
    #[serde(default)]
    current_kubernetes_version: Option<String>,
    #[serde(default)]
    agent_pool_profiles: Vec<PoolDto>,
    #[serde(default)]
    network_profile: Option<NetworkProfile>,
    #[serde(default)]
    api_server_access_profile: Option<ApiServerAccess>,
    #[serde(default)]
    disable_local_accounts: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PoolDto {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    vm_size: Option<String>,
    #[serde(default)]
    mode: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct NetworkProfile {
    #[serde(default)]
    load_balancer_sku: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ApiServerAccess {
    #[serde(default, rename = "authorizedIPRanges")]
    authorized_ip_ranges: Vec<String>,
    #[serde(default)]
    enable_private_cluster: Option<bool>,
    #[serde(default, rename = "enablePrivateClusterPublicFQDN")]
    enable_private_cluster_public_fqdn: Option<bool>,
}

fn cluster_info(dto: ClusterDto) -> ClusterInfo {
    let p = dto.properties;
    let version = p.current_kubernetes_version.or(p.kubernetes_version);
    let access = p.api_server_access_profile.unwrap_or_default();
    let facts = ClusterFacts {
        node_pools: p
            .agent_pool_profiles
            .into_iter()
            .map(|pool| NodePool {
                name: pool.name,
                count: pool.count.unwrap_or(0),
                vm_size: pool.vm_size,
                vcpus: None,
                mode: pool.mode,
            })
            .collect(),
        kubernetes_version: version.clone(),
        load_balancer_sku: p.network_profile.and_then(|n| n.load_balancer_sku),
        private_cluster: access.enable_private_cluster,
        private_cluster_public_fqdn: access.enable_private_cluster_public_fqdn,
        authorized_ip_ranges: access.authorized_ip_ranges,
        local_accounts_disabled: p.disable_local_accounts,
        trusted_access: None,
        aml_extension_installed: None,
        location: Some(dto.location.clone()).filter(|l| !l.is_empty()),
    };
    let kind = dto.kind.rsplit('/').next().unwrap_or_default().to_owned();
    ClusterInfo {
        cluster: parse_cluster_id(&dto.id).ok().map(|p| p.id),
        id: dto.id,
        name: dto.name,
        location: dto.location,
        kind,
        facts,
        kubernetes_version: version,
    }
}

/// One AKS or Arc cluster.
pub fn parse_cluster(response: &Response) -> Result<ClusterInfo, ArmError> {
    read::<ClusterDto>(response, "cluster").map(cluster_info)
}

/// A page of clusters.
pub fn parse_clusters(response: &Response) -> Result<Page<ClusterInfo>, ArmError> {
    page(response, "cluster list", |dto: ClusterDto| {
        Some(cluster_info(dto))
    })
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
    page(response, "extension list", |item: Value| {
        Some(extension(&item))
    })
}

fn extension(item: &Value) -> Extension {
    let props = item.get("properties").cloned().unwrap_or(Value::Null);
    let get = |name: &str| -> Option<String> {
        props
            .as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_str().map(str::to_owned))
    };
    Extension {
        name: item
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        extension_type: get("extensionType").unwrap_or_default(),
        provisioning_state: get("provisioningState").unwrap_or_default(),
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
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Sku {
        #[serde(default)]
        resource_type: String,
        #[serde(default)]
        name: String,
        #[serde(default)]
        capabilities: Vec<Capability>,
    }
    #[derive(Deserialize)]
    struct Capability {
        #[serde(default)]
        name: String,
        #[serde(default)]
        value: String,
    }
    let page = page(response, "SKU list", |sku: Sku| {
        if !sku.resource_type.eq_ignore_ascii_case("virtualMachines") {
            return None;
        }
        let capability = |n: &str| {
            sku.capabilities
                .iter()
                .find(|c| c.name == n)
                .and_then(|c| c.value.parse::<u32>().ok())
        };
        let vcpus = capability("vCPUsAvailable").or_else(|| capability("vCPUs"))?;
        Some((sku.name.to_ascii_lowercase(), vcpus))
    })?;
    Ok((page.items.into_iter().collect(), page.next_link))
}

/// The GA minor versions of a region's Kubernetes versions list (the `values` shape).
pub fn parse_supported_versions(response: &Response) -> Result<Vec<String>, ArmError> {
    #[derive(Deserialize)]
    struct Versions {
        #[serde(default)]
        values: Vec<Minor>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Minor {
        #[serde(default)]
        version: String,
        #[serde(default)]
        is_preview: Option<bool>,
    }
    let versions: Versions = read(response, "Kubernetes version list")?;
    Ok(versions
        .values
        .into_iter()
        .filter(|m| m.is_preview != Some(true) && !m.version.is_empty())
        .map(|m| m.version)
        .collect())
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
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WorkspaceDto {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    identity: Option<IdentityDto>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdentityDto {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    principal_id: Option<String>,
}

fn workspace_info(dto: WorkspaceDto) -> WorkspaceInfo {
    WorkspaceInfo {
        id: dto.id,
        name: dto.name,
        location: dto.location,
        identity_type: dto.identity.as_ref().and_then(|i| i.kind.clone()),
        principal_id: dto.identity.and_then(|i| i.principal_id),
    }
}

/// One workspace.
pub fn parse_workspace(response: &Response) -> Result<WorkspaceInfo, ArmError> {
    read::<WorkspaceDto>(response, "workspace").map(workspace_info)
}

/// A page of workspaces.
pub fn parse_workspaces(response: &Response) -> Result<Page<WorkspaceInfo>, ArmError> {
    page(response, "workspace list", |dto: WorkspaceDto| {
        Some(workspace_info(dto))
    })
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ComputeDto {
    #[serde(default)]
    name: String,
    #[serde(default)]
    properties: ComputeProperties,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ComputeProperties {
    #[serde(default)]
    compute_type: String,
    #[serde(default)]
    resource_id: Option<String>,
    #[serde(default)]
    provisioning_state: Option<String>,
    #[serde(default)]
    provisioning_errors: Option<Vec<Value>>,
    #[serde(default)]
    properties: Option<Value>,
}

fn compute_info(dto: ComputeDto) -> ComputeInfo {
    let p = dto.properties;
    ComputeInfo {
        name: dto.name,
        compute_type: p.compute_type,
        resource_id: p.resource_id,
        provisioning_state: p
            .provisioning_state
            .unwrap_or_else(|| "Succeeded".to_owned()),
        provisioning_errors: p
            .provisioning_errors
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.get("error").cloned().unwrap_or(e))
            .collect(),
        namespace: p
            .properties
            .as_ref()
            .and_then(|v| v.get("namespace"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// One compute.
pub fn parse_compute(response: &Response) -> Result<ComputeInfo, ArmError> {
    read::<ComputeDto>(response, "compute").map(compute_info)
}

/// A page of computes.
pub fn parse_computes(response: &Response) -> Result<Page<ComputeInfo>, ArmError> {
    page(response, "compute list", |dto: ComputeDto| {
        Some(compute_info(dto))
    })
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
    #[derive(Deserialize)]
    struct Dto {
        #[serde(default)]
        properties: Props,
    }
    #[derive(Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    struct Props {
        #[serde(default)]
        role_definition_id: String,
        #[serde(default)]
        principal_id: String,
        #[serde(default)]
        scope: String,
    }
    page(response, "role assignment list", |d: Dto| {
        Some(RoleAssignment {
            role_definition_id: d.properties.role_definition_id,
            principal_id: d.properties.principal_id,
            scope: d.properties.scope,
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
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Dto {
        #[serde(default)]
        total_records: u64,
        #[serde(default, rename = "$skipToken")]
        skip_token: Option<String>,
        #[serde(default)]
        data: Value,
    }
    let dto: Dto = read(response, "Resource Graph answer")?;
    let rows = match dto.data {
        Value::Array(rows) => rows,
        // The table format: {columns: [{name}], rows: [[…]]}.
        Value::Object(table) => {
            let columns: Vec<String> = table
                .get("columns")
                .and_then(Value::as_array)
                .map(|cols| {
                    cols.iter()
                        .filter_map(|c| c.get("name")?.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            table
                .get("rows")
                .and_then(Value::as_array)
                .map(|rows| {
                    rows.iter()
                        .filter_map(Value::as_array)
                        .map(|row| {
                            Value::Object(
                                columns.iter().cloned().zip(row.iter().cloned()).collect(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    Ok(GraphPage {
        rows,
        total_records: dto.total_records,
        skip_token: dto.skip_token.filter(|t| !t.is_empty()),
    })
}

/// Clusters from Resource Graph rows (`GRAPH_CLUSTERS`).
pub fn clusters_from_graph(rows: &[Value]) -> Vec<ClusterInfo> {
    rows.iter()
        .filter_map(|row| serde_json::from_value::<ClusterDto>(row.clone()).ok())
        .map(cluster_info)
        .collect()
}

/// Workspaces from Resource Graph rows (`GRAPH_WORKSPACES`).
pub fn workspaces_from_graph(rows: &[Value]) -> Vec<WorkspaceInfo> {
    rows.iter()
        .filter_map(|row| serde_json::from_value::<WorkspaceDto>(row.clone()).ok())
        .map(workspace_info)
        .collect()
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
    pub workspace_ref: Option<super::WorkspaceRef>,
    /// The workspace.
    pub workspace: Option<WorkspaceInfo>,
    /// The cluster.
    pub cluster: Option<ClusterInfo>,
    /// Its extensions (None when they could not be read).
    pub extensions: Option<Vec<Extension>>,
    /// vCPUs by lowercase VM size.
    pub sku_vcpus: HashMap<String, u32>,
    /// GA minor versions of the cluster's region.
    pub supported_versions: Vec<String>,
    /// The workspace's computes.
    pub computes: Vec<ComputeInfo>,
    /// Computes in other workspaces, by workspace name (for the v1 one-attachment rule).
    pub other_computes: Vec<(String, ComputeInfo)>,
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
        });
        let cluster = self.cluster.as_ref().map(|c| {
            let mut facts = c.facts.clone();
            for pool in &mut facts.node_pools {
                pool.vcpus = pool
                    .vm_size
                    .as_deref()
                    .and_then(|size| self.sku_vcpus.get(&size.to_ascii_lowercase()).copied());
            }
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
            supported_kubernetes_versions: self.supported_versions.clone(),
        }
    }
}
