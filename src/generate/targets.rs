//! The targets `generate` writes: each with its id, what it is for, which specs it applies to
//! and its language, in one table the CLI, the page and the popup list.

use std::fmt;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Before a v2 attach: the resource providers, the Azure ML extension, the workspace
    /// identity's roles on the cluster, the namespace.
    Prepare,
    /// `az ml compute attach --type Kubernetes` and `az ml compute show`.
    AzV2,
    /// The compute YAML for `az ml compute attach --file`.
    YamlV2,
    /// azure-ai-ml code.
    PythonV2,
    /// `az ml computetarget attach|create aks` (+ `update aks`), v1.
    AzV1,
    /// azureml-core code, v1.
    PythonV1,
    /// The ARM PUT body as JSON.
    ArmJson,
    /// The ARM PUT through `az rest`.
    ArmAzRest,
    /// The ARM PUT through `curl`, the token from `$AZURE_TOKEN`.
    ArmCurl,
    /// A Bicep resource for the v2 attach.
    Bicep,
    /// A Terraform (azapi) resource for the v2 attach.
    Terraform,
    /// kubectl lines: namespace (v2); save the certificate and clean up azureml-fe (v1).
    Kubectl,
    /// After a v2 attach: check the compute, and give its identity AcrPull and storage roles.
    Grant,
    /// Detach (never delete) the compute.
    Detach,
    /// The re-attach runbook: save certificate, detach, clean up, attach again.
    Reattach,
}

impl Target {
    /// Whether the target is a runbook that installs the Azure ML extension when the cluster has
    /// none (and so takes an extension spec).
    pub fn installs_extension(self) -> bool {
        matches!(self, Target::Prepare | Target::Reattach)
    }
}

/// The kinds of spec a target applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// v2 Kubernetes computes only.
    Kubernetes,
    /// v1 AKS only.
    Aks,
    /// Both.
    Both,
}

/// A target's id, label and reach.
#[derive(Debug, Clone, Copy)]
pub struct TargetInfo {
    /// The target.
    pub target: Target,
    /// Stable id (`az-v2`), used by the CLI and JS.
    pub id: &'static str,
    /// A short label for tabs.
    pub label: &'static str,
    /// Which specs it applies to.
    pub applies: Applies,
}

const TARGETS: &[TargetInfo] = &[
    TargetInfo {
        target: Target::Prepare,
        id: "prepare",
        label: "Prepare the cluster",
        applies: Applies::Kubernetes,
    },
    TargetInfo {
        target: Target::AzV2,
        id: "az-v2",
        label: "Azure CLI (v2)",
        applies: Applies::Kubernetes,
    },
    TargetInfo {
        target: Target::YamlV2,
        id: "yaml-v2",
        label: "Compute YAML",
        applies: Applies::Kubernetes,
    },
    TargetInfo {
        target: Target::PythonV2,
        id: "python-v2",
        label: "Python SDK v2",
        applies: Applies::Kubernetes,
    },
    TargetInfo {
        target: Target::AzV1,
        id: "az-v1",
        label: "Azure CLI v1 (legacy)",
        applies: Applies::Aks,
    },
    TargetInfo {
        target: Target::PythonV1,
        id: "python-v1",
        label: "Python SDK v1 (legacy)",
        applies: Applies::Aks,
    },
    TargetInfo {
        target: Target::ArmJson,
        id: "arm-json",
        label: "ARM request body",
        applies: Applies::Both,
    },
    TargetInfo {
        target: Target::ArmAzRest,
        id: "arm-az-rest",
        label: "ARM with az rest",
        applies: Applies::Both,
    },
    TargetInfo {
        target: Target::ArmCurl,
        id: "arm-curl",
        label: "ARM with curl",
        applies: Applies::Both,
    },
    TargetInfo {
        target: Target::Bicep,
        id: "bicep",
        label: "Bicep",
        applies: Applies::Kubernetes,
    },
    TargetInfo {
        target: Target::Terraform,
        id: "terraform",
        label: "Terraform (azapi)",
        applies: Applies::Kubernetes,
    },
    TargetInfo {
        target: Target::Kubectl,
        id: "kubectl",
        label: "kubectl",
        applies: Applies::Both,
    },
    TargetInfo {
        target: Target::Grant,
        id: "grant",
        label: "After the attach: identity roles",
        applies: Applies::Kubernetes,
    },
    TargetInfo {
        target: Target::Detach,
        id: "detach",
        label: "Detach",
        applies: Applies::Both,
    },
    TargetInfo {
        target: Target::Reattach,
        id: "reattach",
        label: "Re-attach runbook",
        applies: Applies::Both,
    },
];

/// Every target, in the order tabs show them.
pub fn targets() -> &'static [TargetInfo] {
    TARGETS
}

impl Target {
    /// The target with this id.
    pub fn from_id(id: &str) -> Option<Target> {
        TARGETS.iter().find(|t| t.id == id).map(|t| t.target)
    }

    /// Its id, label and reach.
    pub fn info(self) -> &'static TargetInfo {
        // Every variant has a row in TARGETS (checked by a test); the first row is a fallback
        // that cannot be reached.
        TARGETS
            .iter()
            .find(|t| t.target == self)
            .unwrap_or(&TARGETS[0])
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.info().id)
    }
}
