//! The Azure ML extension's targets: their ids and labels, and the one function that writes each
//! (the attach's targets are in `mod.rs`).

use super::shell::Shell;
use super::{extension, extension_arm, extension_iac, Output};

/// What to generate for the Azure ML extension's spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtensionTarget {
    /// `az k8s-extension create`, then its state.
    AzCreate,
    /// `az k8s-extension update`.
    AzUpdate,
    /// The ARM PUT body.
    ArmJson,
    /// The ARM PUT through `az rest`, files and secrets read at run time.
    ArmAzRest,
    /// The ARM PATCH through `az rest`.
    ArmPatchAzRest,
    /// A Bicep module.
    Bicep,
    /// Terraform (azurerm on AKS, azapi on Arc).
    Terraform,
    /// The checks after an install.
    Verify,
    /// The uninstall.
    Uninstall,
}

/// An extension target's id and label.
#[derive(Debug, Clone, Copy)]
pub struct ExtensionTargetInfo {
    /// The target.
    pub target: ExtensionTarget,
    /// Stable id (`az-create`), used by the CLI and JS.
    pub id: &'static str,
    /// A short label for tabs.
    pub label: &'static str,
}

const EXTENSION_TARGETS: &[ExtensionTargetInfo] = &[
    ExtensionTargetInfo {
        target: ExtensionTarget::AzCreate,
        id: "az-create",
        label: "Azure CLI: install",
    },
    ExtensionTargetInfo {
        target: ExtensionTarget::AzUpdate,
        id: "az-update",
        label: "Azure CLI: update",
    },
    ExtensionTargetInfo {
        target: ExtensionTarget::ArmJson,
        id: "arm-json",
        label: "ARM request body",
    },
    ExtensionTargetInfo {
        target: ExtensionTarget::ArmAzRest,
        id: "arm-az-rest",
        label: "ARM PUT with az rest",
    },
    ExtensionTargetInfo {
        target: ExtensionTarget::ArmPatchAzRest,
        id: "arm-patch-az-rest",
        label: "ARM PATCH with az rest",
    },
    ExtensionTargetInfo {
        target: ExtensionTarget::Bicep,
        id: "bicep",
        label: "Bicep",
    },
    ExtensionTargetInfo {
        target: ExtensionTarget::Terraform,
        id: "terraform",
        label: "Terraform",
    },
    ExtensionTargetInfo {
        target: ExtensionTarget::Verify,
        id: "verify",
        label: "Check the install",
    },
    ExtensionTargetInfo {
        target: ExtensionTarget::Uninstall,
        id: "uninstall",
        label: "Uninstall",
    },
];

/// Every extension target, in the order the page shows them.
pub fn extension_targets() -> &'static [ExtensionTargetInfo] {
    EXTENSION_TARGETS
}

impl ExtensionTarget {
    /// The target with this id.
    pub fn from_id(id: &str) -> Option<ExtensionTarget> {
        EXTENSION_TARGETS
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.target)
    }
}

/// Generates `target` for the extension spec `spec`.
pub fn generate_extension(
    spec: &crate::extension::ExtensionSpec,
    target: ExtensionTarget,
    shell: Shell,
) -> Output {
    match target {
        ExtensionTarget::AzCreate => extension::az_create(spec, shell),
        ExtensionTarget::AzUpdate => extension::az_update(spec, shell),
        ExtensionTarget::ArmJson => extension_arm::arm_json(spec),
        ExtensionTarget::ArmAzRest => extension_arm::az_rest(spec, shell, false),
        ExtensionTarget::ArmPatchAzRest => extension_arm::az_rest(spec, shell, true),
        ExtensionTarget::Bicep => extension_iac::bicep(spec),
        ExtensionTarget::Terraform => extension_iac::terraform(spec),
        ExtensionTarget::Verify => extension::verify(spec, shell),
        ExtensionTarget::Uninstall => extension::uninstall(spec, shell),
    }
}
