//! The attach spec as domain values: what a validated v2 Kubernetes attach or v1 AKS attach or
//! create means, whatever casing or shape it was written in, and the facts (context) that
//! unlock more checks. Generators take these values and cannot fail.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde_json::{json, Map, Value};

use crate::resource_id::{ClusterId, IdentityId};

/// The `$schema` of a v2 Kubernetes compute YAML.
pub const KUBERNETES_SCHEMA: &str =
    "https://azuremlschemas.azureedge.net/latest/kubernetesCompute.schema.json";

/// A validated attach spec.
#[derive(Debug, Clone, PartialEq)]
pub enum AttachSpec {
    /// `type: kubernetes`: a v2 Kubernetes compute on AKS or Arc.
    Kubernetes(KubernetesCompute),
    /// `type: aks`: a legacy v1 AKS inference cluster, attached or created.
    Aks(AksCompute),
}

/// A v2 Kubernetes compute (`az ml compute attach --type Kubernetes`).
#[derive(Debug, Clone, PartialEq)]
pub struct KubernetesCompute {
    /// Compute name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// The AKS or Arc cluster.
    pub resource_id: ClusterId,
    /// Kubernetes namespace; `default` when not given.
    pub namespace: String,
    /// The compute's managed identity, when one is asked for.
    pub identity: Option<ComputeIdentity>,
    /// Azure tags, in the order written.
    pub tags: Vec<(String, String)>,
    /// Pass-through `properties` (`defaultInstanceType`, `instanceTypes`, …).
    pub properties: Map<String, Value>,
}

/// The identity of a v2 compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComputeIdentity {
    /// A system-assigned identity.
    SystemAssigned,
    /// User-assigned identities; only the first is used by the service.
    UserAssigned(Vec<IdentityId>),
    /// Explicitly none.
    None,
}

/// A legacy v1 AKS inference cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct AksCompute {
    /// Compute name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Attach an existing cluster or create one.
    pub action: AksAction,
    /// Purpose; the service defaults to `FastProd`.
    pub cluster_purpose: Option<ClusterPurpose>,
    /// Load balancer; the service defaults to a public IP.
    pub load_balancer: Option<LoadBalancer>,
    /// TLS for the scoring endpoint.
    pub ssl: Option<Ssl>,
}

/// What a v1 spec does.
#[derive(Debug, Clone, PartialEq)]
pub enum AksAction {
    /// Attach an existing cluster.
    Attach(ClusterRef),
    /// Create a new cluster.
    Create(AksCreate),
}

/// How a v1 attach names its cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterRef {
    /// A full resource id.
    ResourceId(ClusterId),
    /// A resource group and cluster name in the workspace's subscription.
    Name {
        /// Resource group of the cluster.
        resource_group: String,
        /// Cluster name.
        cluster_name: String,
    },
}

/// The settings of a v1 create.
#[derive(Debug, Clone, PartialEq)]
pub struct AksCreate {
    /// Node count; the SDK's default is 3.
    pub agent_count: Option<u32>,
    /// Node VM size; the SDK's default is `Standard_D3_v2`.
    pub vm_size: Option<String>,
    /// Region; defaults to the workspace's.
    pub location: Option<String>,
    /// An existing VNet to create the cluster in.
    pub vnet: Option<Vnet>,
}

/// The six VNet settings of a v1 create, all present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vnet {
    /// Resource group of the VNet.
    pub resource_group: String,
    /// VNet name.
    pub name: String,
    /// Subnet name.
    pub subnet: String,
    /// Kubernetes service address range.
    pub service_cidr: Ipv4Net,
    /// Address of the cluster DNS service, inside `service_cidr`.
    pub dns_service_ip: Ipv4Addr,
    /// Docker bridge range, as written (the host-bit form `172.17.0.1/16` is usual).
    pub docker_bridge_cidr: Ipv4Net,
}

/// `clusterPurpose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterPurpose {
    /// Production: at least 3 nodes and 12 vCPUs.
    FastProd,
    /// Development and test: at least 1 node.
    DevTest,
    /// Production, dense (REST enum only).
    DenseProd,
}

impl ClusterPurpose {
    /// Every purpose, with its REST spelling.
    pub const ALL: [(ClusterPurpose, &'static str); 3] = [
        (ClusterPurpose::FastProd, "FastProd"),
        (ClusterPurpose::DevTest, "DevTest"),
        (ClusterPurpose::DenseProd, "DenseProd"),
    ];

    /// The REST spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterPurpose::FastProd => "FastProd",
            ClusterPurpose::DevTest => "DevTest",
            ClusterPurpose::DenseProd => "DenseProd",
        }
    }

    /// The smallest cluster the service accepts for this purpose (a DevTest cluster's vCPUs
    /// are advice, not a refusal).
    pub const fn minimum(self) -> Capacity {
        match self {
            ClusterPurpose::FastProd | ClusterPurpose::DenseProd => PRODUCTION_MINIMUM,
            ClusterPurpose::DevTest => Capacity { nodes: 1, vcpus: 2 },
        }
    }
}

/// A cluster's size: nodes, and vCPUs over all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Capacity {
    /// Nodes.
    pub nodes: u32,
    /// vCPUs.
    pub vcpus: u32,
}

/// The smallest production (FastProd, DenseProd) cluster: 3 nodes and 12 vCPUs, the service's
/// own refusals "At least 3 machine(s) are required for cluster with purpose 'FastProd'" and
/// "Cluster should have at least 12 cores" (azure-facts §2.8; the v1 article on creating and
/// attaching AKS). The page's capacity picture reads it through the wasm export
/// `productionMinimum`.
pub const PRODUCTION_MINIMUM: Capacity = Capacity {
    nodes: 3,
    vcpus: 12,
};

impl fmt::Display for ClusterPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The load balancer of a v1 cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadBalancer {
    /// `PublicIp`.
    PublicIp,
    /// `InternalLoadBalancer`, optionally in a named subnet.
    Internal {
        /// The subnet; the SDK's default is `aks-subnet`.
        subnet: Option<String>,
    },
}

/// TLS of a v1 scoring endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ssl {
    /// Your own certificate: PEM chain, PEM key and the CNAME it is for.
    Custom {
        /// DNS name clients use.
        cname: String,
        /// The certificate chain.
        cert: Pem,
        /// The private key.
        key: Pem,
    },
    /// A Microsoft certificate for `<label><6 chars>.<region>.cloudapp.azure.com`.
    Microsoft {
        /// The label.
        leaf_domain_label: String,
        /// Keep the existing domain name.
        overwrite_existing_domain: bool,
        /// Renew the certificate now.
        renew: bool,
    },
}

/// Where PEM text comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum Pem {
    /// A file path, read by the SDK or CLI on the user's machine.
    File(String),
    /// The PEM text itself. Secret for keys: never printed, logged or echoed.
    Inline(String),
}

impl fmt::Debug for Pem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pem::File(path) => f.debug_tuple("File").field(path).finish(),
            Pem::Inline(_) => f.write_str("Inline([redacted])"),
        }
    }
}

/// Facts that unlock more checks: about the workspace, the cluster, what is already attached.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// The workspace the compute goes into.
    pub workspace: Option<Workspace>,
    /// The cluster being attached.
    pub cluster: Option<ClusterFacts>,
    /// Computes that already exist (in this workspace, or elsewhere when `workspace` is set).
    pub existing_computes: Vec<ExistingCompute>,
    /// Kubernetes minors the region supports with community support (`1.31`, `1.32.4`, …),
    /// when known.
    pub supported_kubernetes_versions: Vec<String>,
    /// Kubernetes minors the region offers under AKS long-term support, when known.
    pub lts_kubernetes_versions: Vec<String>,
}

/// The workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    /// Subscription id.
    pub subscription_id: Option<String>,
    /// Resource group.
    pub resource_group: Option<String>,
    /// Workspace name.
    pub name: Option<String>,
    /// Region.
    pub location: Option<String>,
    /// Identity type of the workspace (`system_assigned`, `user_assigned`, …).
    pub identity_type: Option<String>,
    /// The principal id of the workspace's identity (its first user-assigned one when it has one).
    pub identity_principal_id: Option<String>,
}

/// Which identity a workspace acts with, as its `identity_type` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceIdentityKind {
    /// Its system-assigned identity only.
    SystemAssigned,
    /// A user-assigned identity (alone or beside a system-assigned one: then the user-assigned
    /// one is the workspace's primary identity).
    UserAssigned,
}

impl Workspace {
    /// Its identity's kind, read from `identity_type` in any case and spelling ARM or the SDK use
    /// (`system_assigned`, `UserAssigned`, `SystemAssigned, UserAssigned`); `None` when not known.
    pub fn identity_kind(&self) -> Option<WorkspaceIdentityKind> {
        let kind = self
            .identity_type
            .as_deref()?
            .to_ascii_lowercase()
            .replace(['_', ' '], "");
        if kind.contains("userassigned") {
            Some(WorkspaceIdentityKind::UserAssigned)
        } else if kind.contains("systemassigned") {
            Some(WorkspaceIdentityKind::SystemAssigned)
        } else {
            None
        }
    }
}

impl From<&crate::resource_id::WorkspaceId> for Workspace {
    /// What the checks and generators know of a workspace from its id: its parts, nothing more.
    fn from(id: &crate::resource_id::WorkspaceId) -> Workspace {
        Workspace {
            subscription_id: Some(id.subscription.clone()),
            resource_group: Some(id.resource_group.clone()),
            name: Some(id.name.clone()),
            ..Workspace::default()
        }
    }
}

/// What is known about the cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterFacts {
    /// Node pools.
    pub node_pools: Vec<NodePool>,
    /// `currentKubernetesVersion`.
    pub kubernetes_version: Option<String>,
    /// `networkProfile.loadBalancerSku` (`standard` or `basic`).
    pub load_balancer_sku: Option<String>,
    /// `apiServerAccessProfile.enablePrivateCluster`.
    pub private_cluster: Option<bool>,
    /// `apiServerAccessProfile.enablePrivateClusterPublicFQDN`.
    pub private_cluster_public_fqdn: Option<bool>,
    /// `apiServerAccessProfile.authorizedIPRanges`.
    pub authorized_ip_ranges: Vec<String>,
    /// `disableLocalAccounts`.
    pub local_accounts_disabled: Option<bool>,
    /// A Trusted Access role binding for Azure ML exists.
    pub trusted_access: Option<bool>,
    /// The `Microsoft.AzureML.Kubernetes` extension is installed and succeeded.
    pub aml_extension_installed: Option<bool>,
    /// The Azure ML extension as installed (its state, settings and statuses), when read.
    pub aml_extension: Option<crate::extension::InstalledExtension>,
    /// The role definition GUIDs the workspace's identity holds on the cluster (at or above its
    /// scope), when they could be read.
    pub workspace_identity_roles: Option<Vec<String>>,
    /// Region.
    pub location: Option<String>,
    /// `sku.tier`: `Free`, `Standard` or `Premium` (long-term support needs Premium).
    pub tier: Option<String>,
    /// `properties.supportPlan`: `KubernetesOfficial` or `AKSLongTermSupport`.
    pub support_plan: Option<String>,
    /// Whether the AKS cluster uses a managed identity (false: a service principal, which the
    /// Azure ML extension does not support).
    pub managed_identity: Option<bool>,
}

/// One node pool.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodePool {
    /// Pool name.
    pub name: Option<String>,
    /// Node count.
    pub count: u32,
    /// VM size.
    pub vm_size: Option<String>,
    /// vCPUs per node, when known better than the offline table.
    pub vcpus: Option<u32>,
    /// `System` or `User`.
    pub mode: Option<String>,
}

/// A compute that already exists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExistingCompute {
    /// Its name.
    pub name: String,
    /// The cluster it points at.
    pub resource_id: Option<String>,
    /// `AKS`, `Kubernetes`, …
    pub compute_type: Option<String>,
    /// Its namespace (v2).
    pub namespace: Option<String>,
    /// The workspace it is in, when not the target workspace.
    pub workspace: Option<String>,
}

impl Context {
    /// The context in the snake_case shape `validate` reads, so it can be handed back to it.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        if let Some(w) = &self.workspace {
            let mut ws = Map::new();
            let mut put = |key: &str, value: &Option<String>| {
                if let Some(value) = value {
                    ws.insert(key.to_owned(), json!(value));
                }
            };
            put("subscription_id", &w.subscription_id);
            put("resource_group", &w.resource_group);
            put("name", &w.name);
            put("location", &w.location);
            put("identity_type", &w.identity_type);
            put("identity_principal_id", &w.identity_principal_id);
            out.insert("workspace".into(), Value::Object(ws));
        }
        if let Some(c) = &self.cluster {
            let mut cluster = Map::new();
            let pools: Vec<Value> = c
                .node_pools
                .iter()
                .map(|p| {
                    let mut pool = Map::new();
                    if let Some(name) = &p.name {
                        pool.insert("name".into(), json!(name));
                    }
                    pool.insert("count".into(), json!(p.count));
                    if let Some(size) = &p.vm_size {
                        pool.insert("vm_size".into(), json!(size));
                    }
                    if let Some(vcpus) = p.vcpus {
                        pool.insert("vcpus".into(), json!(vcpus));
                    }
                    if let Some(mode) = &p.mode {
                        pool.insert("mode".into(), json!(mode));
                    }
                    Value::Object(pool)
                })
                .collect();
            cluster.insert("node_pools".into(), Value::Array(pools));
            let mut text = |key: &str, value: &Option<String>| {
                if let Some(value) = value {
                    cluster.insert(key.to_owned(), json!(value));
                }
            };
            text("kubernetes_version", &c.kubernetes_version);
            text("load_balancer_sku", &c.load_balancer_sku);
            text("location", &c.location);
            text("tier", &c.tier);
            text("support_plan", &c.support_plan);
            let mut flag = |key: &str, value: Option<bool>| {
                if let Some(value) = value {
                    cluster.insert(key.to_owned(), json!(value));
                }
            };
            flag("private_cluster", c.private_cluster);
            flag("private_cluster_public_fqdn", c.private_cluster_public_fqdn);
            flag("local_accounts_disabled", c.local_accounts_disabled);
            flag("trusted_access", c.trusted_access);
            flag("aml_extension_installed", c.aml_extension_installed);
            flag("managed_identity", c.managed_identity);
            if let Some(installed) = &c.aml_extension {
                cluster.insert("aml_extension".into(), installed.to_json());
            }
            if !c.authorized_ip_ranges.is_empty() {
                cluster.insert("authorized_ip_ranges".into(), json!(c.authorized_ip_ranges));
            }
            if let Some(roles) = &c.workspace_identity_roles {
                cluster.insert("workspace_identity_roles".into(), json!(roles));
            }
            out.insert("cluster".into(), Value::Object(cluster));
        }
        if !self.existing_computes.is_empty() {
            let computes: Vec<Value> = self
                .existing_computes
                .iter()
                .map(|e| {
                    let mut c = Map::new();
                    c.insert("name".into(), json!(e.name));
                    for (key, value) in [
                        ("resource_id", &e.resource_id),
                        ("compute_type", &e.compute_type),
                        ("namespace", &e.namespace),
                        ("workspace", &e.workspace),
                    ] {
                        if let Some(value) = value {
                            c.insert(key.into(), json!(value));
                        }
                    }
                    Value::Object(c)
                })
                .collect();
            out.insert("existing_computes".into(), Value::Array(computes));
        }
        if !self.supported_kubernetes_versions.is_empty() {
            out.insert(
                "supported_kubernetes_versions".into(),
                json!(self.supported_kubernetes_versions),
            );
        }
        if !self.lts_kubernetes_versions.is_empty() {
            out.insert(
                "lts_kubernetes_versions".into(),
                json!(self.lts_kubernetes_versions),
            );
        }
        Value::Object(out)
    }
}

impl AttachSpec {
    /// The compute name.
    pub fn name(&self) -> &str {
        match self {
            AttachSpec::Kubernetes(k) => &k.name,
            AttachSpec::Aks(a) => &a.name,
        }
    }

    /// The spec in its canonical YAML shape (snake_case keys, canonical casing, defaults
    /// filled in); inline keys are replaced by a note and never echoed.
    pub fn normalized(&self) -> Value {
        match self {
            AttachSpec::Kubernetes(k) => {
                let mut out = Map::new();
                out.insert("$schema".into(), json!(KUBERNETES_SCHEMA));
                out.insert("name".into(), json!(k.name));
                out.insert("type".into(), json!("kubernetes"));
                if let Some(description) = &k.description {
                    out.insert("description".into(), json!(description));
                }
                out.insert("resource_id".into(), json!(k.resource_id.to_string()));
                out.insert("namespace".into(), json!(k.namespace));
                if let Some(identity) = &k.identity {
                    out.insert("identity".into(), identity_json(identity));
                }
                if !k.tags.is_empty() {
                    let tags: Map<String, Value> =
                        k.tags.iter().map(|(n, v)| (n.clone(), json!(v))).collect();
                    out.insert("tags".into(), Value::Object(tags));
                }
                if !k.properties.is_empty() {
                    out.insert("properties".into(), Value::Object(k.properties.clone()));
                }
                Value::Object(out)
            }
            AttachSpec::Aks(a) => {
                let mut out = Map::new();
                out.insert("name".into(), json!(a.name));
                out.insert("type".into(), json!("aks"));
                if let Some(description) = &a.description {
                    out.insert("description".into(), json!(description));
                }
                match &a.action {
                    AksAction::Attach(target) => {
                        out.insert("action".into(), json!("attach"));
                        match target {
                            ClusterRef::ResourceId(id) => {
                                out.insert("resource_id".into(), json!(id.to_string()));
                            }
                            ClusterRef::Name {
                                resource_group,
                                cluster_name,
                            } => {
                                out.insert("resource_group".into(), json!(resource_group));
                                out.insert("cluster_name".into(), json!(cluster_name));
                            }
                        }
                    }
                    AksAction::Create(create) => {
                        out.insert("action".into(), json!("create"));
                        if let Some(count) = create.agent_count {
                            out.insert("agent_count".into(), json!(count));
                        }
                        if let Some(size) = &create.vm_size {
                            out.insert("vm_size".into(), json!(size));
                        }
                        if let Some(location) = &create.location {
                            out.insert("location".into(), json!(location));
                        }
                        if let Some(vnet) = &create.vnet {
                            out.insert(
                                "vnet".into(),
                                json!({
                                    "resource_group": vnet.resource_group,
                                    "name": vnet.name,
                                    "subnet": vnet.subnet,
                                    "service_cidr": vnet.service_cidr.to_string(),
                                    "dns_service_ip": vnet.dns_service_ip.to_string(),
                                    "docker_bridge_cidr": vnet.docker_bridge_cidr.to_string(),
                                }),
                            );
                        }
                    }
                }
                if let Some(purpose) = a.cluster_purpose {
                    out.insert("cluster_purpose".into(), json!(purpose.as_str()));
                }
                match &a.load_balancer {
                    Some(LoadBalancer::PublicIp) => {
                        out.insert("load_balancer_type".into(), json!("PublicIp"));
                    }
                    Some(LoadBalancer::Internal { subnet }) => {
                        out.insert("load_balancer_type".into(), json!("InternalLoadBalancer"));
                        if let Some(subnet) = subnet {
                            out.insert("load_balancer_subnet".into(), json!(subnet));
                        }
                    }
                    None => {}
                }
                if let Some(ssl) = &a.ssl {
                    out.insert("ssl".into(), ssl_json(ssl));
                }
                Value::Object(out)
            }
        }
    }
}

fn identity_json(identity: &ComputeIdentity) -> Value {
    match identity {
        ComputeIdentity::SystemAssigned => json!({ "type": "system_assigned" }),
        ComputeIdentity::None => json!({ "type": "none" }),
        ComputeIdentity::UserAssigned(ids) => json!({
            "type": "user_assigned",
            "user_assigned_identities": ids
                .iter()
                .map(|id| json!({ "resource_id": id.to_string() }))
                .collect::<Vec<_>>(),
        }),
    }
}

fn ssl_json(ssl: &Ssl) -> Value {
    match ssl {
        Ssl::Custom { cname, cert, key } => {
            let mut out = Map::new();
            out.insert("cname".into(), json!(cname));
            match cert {
                Pem::File(path) => out.insert("cert_file".into(), json!(path)),
                Pem::Inline(text) => out.insert("cert".into(), json!(text)),
            };
            match key {
                Pem::File(path) => out.insert("key_file".into(), json!(path)),
                Pem::Inline(_) => out.insert("key".into(), json!("(inline PEM key, not echoed)")),
            };
            Value::Object(out)
        }
        Ssl::Microsoft {
            leaf_domain_label,
            overwrite_existing_domain,
            renew,
        } => {
            let mut out = Map::new();
            out.insert("leaf_domain_label".into(), json!(leaf_domain_label));
            if *overwrite_existing_domain {
                out.insert("overwrite_existing_domain".into(), json!(true));
            }
            if *renew {
                out.insert("renew".into(), json!(true));
            }
            Value::Object(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_keys_are_redacted_in_debug_and_normalized_output() {
        let ssl = Ssl::Custom {
            cname: "ml.contoso.com".into(),
            cert: Pem::Inline("-----BEGIN CERTIFICATE-----".into()),
            key: Pem::Inline("-----BEGIN PRIVATE KEY-----\nSECRETBYTES".into()),
        };
        assert!(!format!("{ssl:?}").contains("SECRETBYTES"));
        assert!(!ssl_json(&ssl).to_string().contains("SECRETBYTES"));
    }
}
