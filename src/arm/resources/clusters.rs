//! AKS and Arc clusters, their extensions, managed namespaces, the region's VM sizes and
//! Kubernetes versions.

use super::*;

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

pub(super) fn cluster_info(v: &Value) -> ClusterInfo {
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
        aml_extension: None,
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
    /// What else ARM says of it: version, train, settings, statuses (in the context the
    /// pre-flight makes, not in this listing).
    #[serde(skip)]
    pub installed: crate::extension::InstalledExtension,
}

impl Extension {
    /// True for an Azure ML extension, in any state.
    pub fn is_aml(&self) -> bool {
        self.extension_type
            .eq_ignore_ascii_case(crate::extension::EXTENSION_TYPE)
    }

    /// True for an Azure ML extension that finished installing.
    pub fn is_aml_ready(&self) -> bool {
        self.is_aml() && self.provisioning_state.eq_ignore_ascii_case("Succeeded")
    }
}

/// A page of extensions. Property names are compared ignoring case: Resource Graph spells them
/// `ExtensionType`, REST `extensionType`.
pub fn parse_extensions(response: &Response) -> Result<Page<Extension>, ArmError> {
    page(response, "extension list", |item| Ok(extension(item)))
}

pub(crate) fn extension(item: &Value) -> Extension {
    let props = item.get("properties").cloned().unwrap_or(Value::Null);
    Extension {
        name: text(item, "name").unwrap_or_default(),
        extension_type: text_ci(&props, "extensionType").unwrap_or_default(),
        provisioning_state: text_ci(&props, "provisioningState").unwrap_or_default(),
        release_namespace: props
            .pointer("/scope/cluster/releaseNamespace")
            .and_then(Value::as_str)
            .map(str::to_owned),
        installed: installed(item, &props),
    }
}

/// The extension's version, train, state, settings and statuses, as the validators read them.
fn installed(item: &Value, props: &Value) -> crate::extension::InstalledExtension {
    use crate::extension::{ExtensionStatus, InstalledExtension};
    let settings = props
        .get("configurationSettings")
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let statuses = props
        .get("statuses")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|s| ExtensionStatus {
                    code: text(s, "code"),
                    level: text(s, "level"),
                    message: text(s, "message"),
                })
                .collect()
        })
        .unwrap_or_default();
    InstalledExtension {
        name: text(item, "name"),
        version: text_ci(props, "currentVersion").or_else(|| text_ci(props, "version")),
        release_train: text_ci(props, "releaseTrain"),
        auto_upgrade: props
            .get("autoUpgradeMinorVersion")
            .and_then(Value::as_bool),
        provisioning_state: text_ci(props, "provisioningState"),
        settings,
        statuses,
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
