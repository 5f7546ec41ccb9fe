//! What the pre-flight read, and the validator context it makes.

use super::*;

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
            // The Azure ML extension's own facts: the ready one, else the first of its type.
            facts.aml_extension = self.extensions.as_ref().and_then(|exts| {
                exts.iter()
                    .find(|e| e.is_aml_ready())
                    .or_else(|| exts.iter().find(|e| e.is_aml()))
                    .map(|e| e.installed.clone())
            });
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
