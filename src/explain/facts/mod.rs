//! The facts an error text states, read from its structure rather than its wording: error
//! codes (JSON, `(Code)` lines, Go-style `Code="…"`), the HTTP status, each denied action with
//! its scope and principal, the ARM resources it names (parsed from ids and from ARM's "The
//! Resource 'type/name' under resource group 'rg'"), which of them were not found, object ids,
//! subscriptions, regions, Kubernetes namespaces and versions, the provider namespaces not
//! registered, and the limits the text itself states ("between 2 and 16 characters").
//!
//! Every reader scans the (redacted) text once for a few anchors, each anchor bounded in what it
//! reads and in how many are taken: linear in the input, no regular expressions, no panics.

use std::fmt::Write as _;

use serde::Serialize;

mod commands;
mod phrases;
mod resources;
#[cfg(test)]
mod tests;
mod text;

use super::input::ExtractedError;
use crate::resource_id::{is_guid, ClusterKind};
use phrases::{
    read_codes, read_denials, read_limits, read_nouns, read_principals, read_status, read_versions,
};
use resources::{read_extension_names, read_ids, read_missing_nouns, read_named_resources};
use text::{push, unescape, Text};

/// The most values of one kind kept.
pub(super) const MAX_VALUES: usize = 16;
/// The most occurrences of one anchor looked at.
pub(super) const MAX_ANCHORS: usize = 1024;
/// The longest quoted value read (an id, an action).
pub(super) const MAX_QUOTED: usize = 600;

/// What kind of Azure resource an id or a message names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    /// `Microsoft.ContainerService/managedClusters`.
    AksCluster,
    /// `Microsoft.Kubernetes/connectedClusters` (Azure Arc).
    ArcCluster,
    /// `Microsoft.MachineLearningServices/workspaces`.
    Workspace,
    /// `Microsoft.MachineLearningServices/workspaces/computes`.
    Compute,
    /// `Microsoft.KubernetesConfiguration/extensions`.
    Extension,
    /// `Microsoft.Storage/storageAccounts`.
    StorageAccount,
    /// `Microsoft.ContainerRegistry/registries`.
    ContainerRegistry,
    /// `Microsoft.ManagedIdentity/userAssignedIdentities`.
    Identity,
    /// `Microsoft.Relay/namespaces`.
    Relay,
    /// `Microsoft.KeyVault/vaults`.
    KeyVault,
    /// `Microsoft.Authorization/roleAssignments`.
    RoleAssignment,
    /// `Microsoft.Authorization/policyAssignments`.
    PolicyAssignment,
    /// A resource group.
    ResourceGroup,
    /// A subscription.
    Subscription,
    /// Any other resource type.
    Other,
}

impl ResourceKind {
    /// The kind of the resource type `provider/type[/child…]` (case-insensitive).
    pub fn of_type(resource_type: &str) -> ResourceKind {
        match resource_type.to_ascii_lowercase().as_str() {
            "microsoft.containerservice/managedclusters" => ResourceKind::AksCluster,
            "microsoft.kubernetes/connectedclusters" => ResourceKind::ArcCluster,
            "microsoft.machinelearningservices/workspaces" => ResourceKind::Workspace,
            "microsoft.machinelearningservices/workspaces/computes" => ResourceKind::Compute,
            "microsoft.kubernetesconfiguration/extensions" => ResourceKind::Extension,
            "microsoft.storage/storageaccounts" => ResourceKind::StorageAccount,
            "microsoft.containerregistry/registries" => ResourceKind::ContainerRegistry,
            "microsoft.managedidentity/userassignedidentities" => ResourceKind::Identity,
            "microsoft.relay/namespaces" => ResourceKind::Relay,
            "microsoft.keyvault/vaults" => ResourceKind::KeyVault,
            "microsoft.authorization/roleassignments" => ResourceKind::RoleAssignment,
            "microsoft.authorization/policyassignments" => ResourceKind::PolicyAssignment,
            _ => ResourceKind::Other,
        }
    }

    /// The cluster kind, for a cluster.
    pub fn cluster_kind(self) -> Option<ClusterKind> {
        match self {
            ResourceKind::AksCluster => Some(ClusterKind::Aks),
            ResourceKind::ArcCluster => Some(ClusterKind::Arc),
            _ => None,
        }
    }

    /// For people: "the AKS cluster", "the workspace", ….
    pub fn noun(self) -> &'static str {
        match self {
            ResourceKind::AksCluster => "the AKS cluster",
            ResourceKind::ArcCluster => "the Azure Arc-enabled Kubernetes cluster",
            ResourceKind::Workspace => "the Azure Machine Learning workspace",
            ResourceKind::Compute => "the Azure Machine Learning compute",
            ResourceKind::Extension => "the cluster extension",
            ResourceKind::StorageAccount => "the storage account",
            ResourceKind::ContainerRegistry => "the container registry",
            ResourceKind::Identity => "the user-assigned managed identity",
            ResourceKind::Relay => "the Azure Relay namespace",
            ResourceKind::KeyVault => "the key vault",
            ResourceKind::RoleAssignment => "the role assignment",
            ResourceKind::PolicyAssignment => "the policy assignment",
            ResourceKind::ResourceGroup => "the resource group",
            ResourceKind::Subscription => "the subscription",
            ResourceKind::Other => "the resource",
        }
    }
}

/// An Azure resource the text names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// Its kind.
    pub kind: ResourceKind,
    /// Its type as written (`Microsoft.ContainerService/managedClusters`); empty for a resource
    /// group or subscription.
    pub resource_type: String,
    /// Its name (for a resource group or subscription: that name or id).
    pub name: String,
    /// Its resource group, when the text says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group: Option<String>,
    /// Its subscription, when the text says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription: Option<String>,
    /// Its full id as the text writes it, when it wrote one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Whether the text says it was not found.
    pub missing: bool,
    /// What is wrong with the id as written (segments, spelling); empty when nothing is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id_problems: Vec<String>,
}

impl Resource {
    /// The id written canonically (`resourceGroups`), when the text gave enough parts.
    pub fn canonical_id(&self) -> Option<String> {
        let subscription = self.subscription.as_deref()?;
        match self.kind {
            ResourceKind::Subscription => return Some(format!("/subscriptions/{subscription}")),
            ResourceKind::ResourceGroup => {
                return Some(format!(
                    "/subscriptions/{subscription}/resourceGroups/{}",
                    self.name
                ))
            }
            _ => {}
        }
        let group = self.resource_group.as_deref()?;
        let id = self.id.as_deref()?;
        // Keep the id's provider part, only the prefix is rewritten.
        let lower = id.to_ascii_lowercase();
        let at = lower.find("/providers/")?;
        let tail = id[at..].trim_end_matches('/');
        Some(format!(
            "/subscriptions/{subscription}/resourceGroups/{group}{tail}"
        ))
    }
}

/// An action the text says a principal may not perform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Denial {
    /// The action (`Microsoft.ContainerService/managedClusters/listClusterUserCredential/action`).
    pub action: String,
    /// The scope it was denied at, when the text says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The client the text names (an app id, a user name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The principal's object id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
    /// Whether the text says the scope may be invalid ("or the scope is invalid").
    pub scope_may_be_invalid: bool,
    /// Whether it was the linked scope of the request that was denied.
    pub linked: bool,
}

/// A limit the text states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limit {
    /// The least length it states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// The most length it states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Whether it is about a name.
    pub name: bool,
}

/// Everything read from the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Facts {
    /// Error codes, outermost first, each once.
    pub codes: Vec<String>,
    /// The HTTP status the text reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Actions denied.
    pub denials: Vec<Denial>,
    /// Resources named (ids, "The Resource '…'"), each once.
    pub resources: Vec<Resource>,
    /// Object ids of principals.
    pub object_ids: Vec<String>,
    /// Subscription ids.
    pub subscriptions: Vec<String>,
    /// Regions (`eastus`).
    pub regions: Vec<String>,
    /// Kubernetes namespaces.
    pub namespaces: Vec<String>,
    /// Kubernetes versions (`1.24.9`).
    pub kubernetes_versions: Vec<String>,
    /// Resource provider namespaces the subscription is not registered for.
    pub unregistered_providers: Vec<String>,
    /// Names of policies that denied the request.
    pub policies: Vec<String>,
    /// Limits the text states.
    pub limits: Vec<Limit>,
    /// Compute names the text names outside ids.
    pub computes: Vec<String>,
    /// Workspace names the text names outside ids.
    pub workspaces: Vec<String>,
    /// Azure CLI extensions the text names (`ml`, `k8s-extension`, `connectedk8s`).
    pub cli_extensions: Vec<String>,
    /// The Azure ML extension's `--config` settings (`key`, `value`) the text's
    /// `az k8s-extension create` or `update` lines give, in order; protected ones never read.
    pub extension_config: Vec<(String, String)>,
    /// The Azure ML extension's settings (documented or retired keys) the text names outside
    /// its `az` command lines: what an error message says is wrong.
    pub extension_keys_named: Vec<String>,
}

impl Facts {
    /// Whether the text holds `code` (case-insensitive).
    pub fn has_code(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c.eq_ignore_ascii_case(code))
    }

    /// The first resource of `kind`.
    pub fn first(&self, kind: ResourceKind) -> Option<&Resource> {
        self.resources.iter().find(|r| r.kind == kind)
    }

    /// The first cluster (AKS or Arc) the text names.
    pub fn cluster(&self) -> Option<&Resource> {
        self.resources
            .iter()
            .find(|r| r.kind.cluster_kind().is_some())
    }

    /// Whether nothing at all was read.
    pub fn is_empty(&self) -> bool {
        *self == Facts::default()
    }
}

/// Reads the facts of `text` (already redacted) and of the errors extracted from it.
pub fn read(text: &str, errors: &[ExtractedError]) -> Facts {
    let plain = unescape(text);
    let lower = plain.to_ascii_lowercase();
    let t = Text {
        plain: &plain,
        lower: &lower,
    };
    let mut facts = Facts::default();
    for error in errors {
        if let Some(code) = &error.code {
            push(&mut facts.codes, code.clone());
        }
        for policy in &error.policies {
            push(&mut facts.policies, policy.clone());
        }
    }
    read_codes(&t, &mut facts);
    read_status(&t, &mut facts);
    read_ids(&t, &mut facts);
    read_named_resources(&t, &mut facts);
    read_missing_nouns(&t, &mut facts);
    read_extension_names(&t, &mut facts);
    commands::read_commands(&plain, &mut facts);
    commands::read_cli_extensions(&t, &mut facts);
    read_denials(&t, &mut facts);
    read_principals(&t, &mut facts);
    read_nouns(&t, &mut facts);
    read_limits(&t, &mut facts);
    read_versions(&t, &mut facts);
    for r in &facts.resources {
        if let Some(s) = &r.subscription {
            if is_guid(s) {
                push(&mut facts.subscriptions, s.clone());
            }
        }
    }
    facts
}

/// What the text's structure said, for people: one clause per fact (the page and the CLI
/// show the same).
pub fn summary(facts: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    if !facts.codes.is_empty() {
        out.push(format!("code {}", facts.codes.join(", ")));
    }
    if let Some(status) = facts.status {
        out.push(format!("HTTP {status}"));
    }
    for denial in &facts.denials {
        let mut clause = format!("denied {}", denial.action);
        if let Some(object) = &denial.object_id {
            let _ = write!(clause, " to object id {object}");
        }
        out.push(clause);
    }
    for resource in &facts.resources {
        let mut clause = format!(
            "{} {}",
            resource.kind.noun().trim_start_matches("the "),
            resource.name
        );
        if let Some(group) = &resource.resource_group {
            if resource.kind != ResourceKind::ResourceGroup {
                let _ = write!(clause, " (resource group {group})");
            }
        }
        if resource.missing {
            clause.push_str(" not found");
        }
        out.push(clause);
    }
    if !facts.extension_config.is_empty() {
        let pairs: Vec<String> = facts
            .extension_config
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        out.push(format!("extension settings {}", pairs.join(" ")));
    }
    for (label, values) in [
        ("region", &facts.regions),
        ("namespace", &facts.namespaces),
        ("Kubernetes version", &facts.kubernetes_versions),
        ("unregistered provider", &facts.unregistered_providers),
    ] {
        if !values.is_empty() {
            out.push(format!("{label} {}", values.join(", ")));
        }
    }
    for limit in &facts.limits {
        match (limit.min, limit.max) {
            (Some(a), Some(b)) => out.push(format!("stated limit {a}–{b} characters")),
            (None, Some(b)) => out.push(format!("stated limit at most {b} characters")),
            (Some(a), None) => out.push(format!("stated limit at least {a} characters")),
            (None, None) => {}
        }
    }
    out
}
