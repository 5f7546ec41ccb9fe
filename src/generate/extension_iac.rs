//! The Azure ML extension as infrastructure as code: a Bicep module (the cluster as an existing
//! resource, the extension on it) and Terraform (azurerm on AKS, azapi on Arc), each sending
//! [`arm_settings`] with the region, the files' base64 and the secrets as its own expressions.

use super::extension::{arc_relay_note, arm_settings, ArmValue};
use super::extension_arm::fixed_properties;
use super::iac::{bicep_key, bicep_str, bicep_value, hcl_key, hcl_str, hcl_value};
use super::shell::{quote, Shell};
use super::Output;
use crate::arm::EXTENSIONS_API;
use crate::extension::{ExtensionSpec, EXTENSION_TYPE, RELEASE_NAMESPACE};
use crate::resource_id::ClusterKind;

/// A Bicep module: the cluster as an existing resource, the extension on it.
pub(super) fn bicep(spec: &ExtensionSpec) -> Output {
    let settings = arm_settings(spec);
    let mut out = String::new();
    let secure: Vec<(String, &ArmValue)> = settings
        .protected
        .iter()
        .filter(|(_, v)| !matches!(v, ArmValue::Text(_)))
        .enumerate()
        .map(|(i, (_, v))| (format!("protected{i}"), v))
        .collect();
    let mut deploy = String::from("// Deploy with: az deployment group create --resource-group ");
    deploy.push_str(&spec.cluster.resource_group);
    deploy.push_str(" --template-file extension.bicep");
    if !secure.is_empty() {
        deploy.push_str(" --parameters");
        for (name, value) in &secure {
            match value {
                ArmValue::FileBase64(path) => deploy.push_str(&format!(
                    " {name}=\"$(base64 -w0 {})\"",
                    quote(Shell::Bash, path)
                )),
                ArmValue::Env(var) => deploy.push_str(&format!(" {name}=\"${var}\"")),
                _ => {}
            }
        }
    }
    out.push_str(&deploy);
    out.push('\n');
    if let Some(note) = arc_relay_note(spec) {
        for line in super::wrap(note, 96).lines() {
            out.push_str(&format!("// {line}\n"));
        }
    }
    out.push('\n');
    for (name, value) in &secure {
        let what = match value {
            ArmValue::FileBase64(path) => format!("The base64 of {path}"),
            ArmValue::Env(var) => format!("The value of ${var}"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "@description({})\n@secure()\nparam {name} string\n\n",
            bicep_str(&what)
        ));
    }
    let (provider, kind) = spec.cluster.kind.provider_and_type();
    let api = match spec.cluster.kind {
        ClusterKind::Aks => crate::arm::AKS_API,
        ClusterKind::Arc => crate::arm::ARC_API,
    };
    out.push_str(&format!(
        "resource cluster '{provider}/{kind}@{api}' existing = {{\n  name: {}\n}}\n\n",
        bicep_str(&spec.cluster.name)
    ));
    out.push_str(&format!(
        "resource extension 'Microsoft.KubernetesConfiguration/extensions@{EXTENSIONS_API}' = {{\n  name: {}\n  scope: cluster\n",
        bicep_str(&spec.name)
    ));
    if spec.cluster.kind == ClusterKind::Arc {
        out.push_str("  identity: {\n    type: 'SystemAssigned'\n  }\n");
    }
    out.push_str("  properties: {\n");
    for (key, value) in fixed_properties(spec, true) {
        out.push_str(&format!(
            "    {}: {}\n",
            bicep_key(&key),
            bicep_value(&value, 2)
        ));
    }
    let bicep_expr = |value: &ArmValue, secure_at: &mut usize| match value {
        ArmValue::Text(t) => bicep_str(t),
        ArmValue::Location => "cluster.location".to_owned(),
        ArmValue::Domain => "'${cluster.location}.cloudapp.azure.com'".to_owned(),
        ArmValue::FileBase64(_) | ArmValue::Env(_) => {
            let name = format!("protected{}", *secure_at);
            *secure_at += 1;
            name
        }
    };
    let mut at = 0;
    out.push_str("    configurationSettings: {\n");
    for (key, value) in &settings.config {
        out.push_str(&format!(
            "      {}: {}\n",
            bicep_key(key),
            bicep_expr(value, &mut at)
        ));
    }
    out.push_str("    }\n");
    if !settings.protected.is_empty() {
        out.push_str("    configurationProtectedSettings: {\n");
        for (key, value) in &settings.protected {
            out.push_str(&format!(
                "      {}: {}\n",
                bicep_key(key),
                bicep_expr(value, &mut at)
            ));
        }
        out.push_str("    }\n");
    }
    out.push_str(
        "  }\n}\n\noutput provisioningState string = extension.properties.provisioningState\n",
    );
    Output {
        text: out,
        language: "bicep",
        filename: "extension.bicep".to_owned(),
    }
}

/// Terraform: `azurerm_kubernetes_cluster_extension` on AKS, `azapi_resource` on Arc (azurerm's
/// Arc extension resource has no way to give a release train with a version).
pub(super) fn terraform(spec: &ExtensionSpec) -> Output {
    let settings = arm_settings(spec);
    let mut out = String::from("# terraform init && terraform apply\n");
    if let Some(note) = arc_relay_note(spec) {
        for line in super::wrap(note, 96).lines() {
            out.push_str(&format!("# {line}\n"));
        }
    }
    let mut variables = Vec::new();
    let expr = |value: &ArmValue, location: &str, variables: &mut Vec<String>| match value {
        ArmValue::Text(t) => hcl_str(t),
        ArmValue::Location => location.to_owned(),
        ArmValue::Domain => format!("\"${{{location}}}.cloudapp.azure.com\""),
        ArmValue::FileBase64(path) => format!("filebase64({})", hcl_str(path)),
        ArmValue::Env(var) => {
            let name = var.to_ascii_lowercase();
            if !variables.contains(&name) {
                variables.push(name.clone());
            }
            format!("var.{name}")
        }
    };
    let block = |list: &[(String, ArmValue)],
                 location: &str,
                 variables: &mut Vec<String>,
                 indent: &str,
                 sep: &str| {
        let mut text = String::new();
        for (key, value) in list {
            text.push_str(&format!(
                "{indent}{}{sep}{}\n",
                hcl_key(key),
                expr(value, location, variables)
            ));
        }
        text
    };
    let mut body = String::new();
    match spec.cluster.kind {
        ClusterKind::Aks => {
            out.push_str("terraform {\n  required_providers {\n    azurerm = {\n      source  = \"hashicorp/azurerm\"\n      version = \"~> 4.0\"\n    }\n  }\n}\n\nprovider \"azurerm\" {\n  features {}\n");
            out.push_str(&format!(
                "  subscription_id = {}\n}}\n\n",
                hcl_str(&spec.cluster.subscription)
            ));
            out.push_str(&format!(
                "data \"azurerm_kubernetes_cluster\" \"cluster\" {{\n  name                = {}\n  resource_group_name = {}\n}}\n\n",
                hcl_str(&spec.cluster.name),
                hcl_str(&spec.cluster.resource_group)
            ));
            let location = "data.azurerm_kubernetes_cluster.cluster.location";
            body.push_str("resource \"azurerm_kubernetes_cluster_extension\" \"azureml\" {\n");
            body.push_str(&format!("  name              = {}\n", hcl_str(&spec.name)));
            body.push_str("  cluster_id        = data.azurerm_kubernetes_cluster.cluster.id\n");
            body.push_str(&format!(
                "  extension_type    = {}\n",
                hcl_str(EXTENSION_TYPE)
            ));
            body.push_str(&format!(
                "  release_namespace = {}\n",
                hcl_str(RELEASE_NAMESPACE)
            ));
            // azurerm takes a release train or a version, not both.
            match &spec.version {
                Some(version) => {
                    body.push_str(&format!("  version           = {}\n", hcl_str(version)))
                }
                None => body.push_str(&format!(
                    "  release_train     = {}\n",
                    hcl_str(&spec.release_train)
                )),
            }
            body.push_str("\n  configuration_settings = {\n");
            body.push_str(&block(
                &settings.config,
                location,
                &mut variables,
                "    ",
                " = ",
            ));
            body.push_str("  }\n");
            if !settings.protected.is_empty() {
                body.push_str("\n  configuration_protected_settings = {\n");
                body.push_str(&block(
                    &settings.protected,
                    location,
                    &mut variables,
                    "    ",
                    " = ",
                ));
                body.push_str("  }\n");
            }
            body.push_str("}\n");
        }
        ClusterKind::Arc => {
            out.push_str("terraform {\n  required_providers {\n    azapi = {\n      source  = \"Azure/azapi\"\n      version = \"~> 2.0\"\n    }\n  }\n}\n\nprovider \"azapi\" {}\n\n");
            out.push_str(&format!(
                "data \"azapi_resource\" \"cluster\" {{\n  type        = \"Microsoft.Kubernetes/connectedClusters@{}\"\n  resource_id = {}\n}}\n\n",
                crate::arm::ARC_API,
                hcl_str(&spec.cluster.to_string())
            ));
            let location = "data.azapi_resource.cluster.location";
            body.push_str("resource \"azapi_resource\" \"azureml\" {\n");
            body.push_str(&format!(
                "  type      = \"Microsoft.KubernetesConfiguration/extensions@{EXTENSIONS_API}\"\n"
            ));
            body.push_str(&format!("  name      = {}\n", hcl_str(&spec.name)));
            body.push_str("  parent_id = data.azapi_resource.cluster.id\n\n  identity {\n    type = \"SystemAssigned\"\n  }\n\n  body = {\n    properties = {\n");
            for (key, value) in fixed_properties(spec, true) {
                body.push_str(&format!(
                    "      {} = {}\n",
                    hcl_key(&key),
                    hcl_value(&value, 3)
                ));
            }
            body.push_str("      configurationSettings = {\n");
            body.push_str(&block(
                &settings.config,
                location,
                &mut variables,
                "        ",
                " = ",
            ));
            body.push_str("      }\n    }\n  }\n");
            if !settings.protected.is_empty() {
                body.push_str("\n  sensitive_body = {\n    properties = {\n      configurationProtectedSettings = {\n");
                body.push_str(&block(
                    &settings.protected,
                    location,
                    &mut variables,
                    "        ",
                    " = ",
                ));
                body.push_str("      }\n    }\n  }\n");
            }
            body.push_str("}\n");
        }
    }
    for name in &variables {
        out.push_str(&format!(
            "variable \"{name}\" {{\n  description = \"Set with TF_VAR_{name}; never written in this file.\"\n  type        = string\n  sensitive   = true\n}}\n\n"
        ));
    }
    out.push_str(&body);
    Output {
        text: out,
        language: "hcl",
        filename: "extension.tf".to_owned(),
    }
}
