//! Infrastructure as code for the v2 attach: a Bicep resource and a Terraform `azapi_resource`
//! (the azurerm provider has no resource for attaching Kubernetes).

use serde_json::Value;

use super::arm::body;
use super::literal::Literals;
use super::{Output, Ws};
use crate::arm::ML_API as API_VERSION;
use crate::spec::{AttachSpec, KubernetesCompute};

pub(super) fn bicep(k: &KubernetesCompute, ws: &Ws) -> Output {
    let spec = AttachSpec::Kubernetes(k.clone());
    let body = body(&spec, ws);
    let mut out = String::new();
    out.push_str("// Deploy with: az deployment group create --resource-group <workspace resource group> --template-file compute.bicep\n");
    out.push_str(&format!(
        "resource workspace 'Microsoft.MachineLearningServices/workspaces@{API_VERSION}' existing = {{\n  name: {}\n}}\n\n",
        bicep_str(&ws.name)
    ));
    out.push_str(&format!(
        "resource compute 'Microsoft.MachineLearningServices/workspaces/computes@{API_VERSION}' = {{\n  parent: workspace\n  name: {}\n  location: workspace.location\n",
        bicep_str(&k.name)
    ));
    if let Value::Object(map) = &body {
        for (key, value) in map {
            match key.as_str() {
                "location" => {}
                "properties" => {
                    // The compute's location is the workspace's, as an expression.
                    out.push_str("  properties: {\n");
                    for (key, value) in value.as_object().into_iter().flatten() {
                        let value = match key.as_str() {
                            "computeLocation" => "workspace.location".to_owned(),
                            _ => bicep_value(value, 2),
                        };
                        out.push_str(&format!("    {}: {value}\n", bicep_key(key)));
                    }
                    out.push_str("  }\n");
                }
                _ => out.push_str(&format!(
                    "  {}: {}\n",
                    bicep_key(key),
                    bicep_value(value, 1)
                )),
            }
        }
    }
    out.push_str("}\n");
    Output {
        text: out,
        language: "bicep",
        filename: "compute.bicep".to_owned(),
    }
}

/// A Bicep string literal: `'…'` with `\\`, `\'`, `\$` (before `{`), `\n`, `\r`, `\t` escaped.
pub(super) fn bicep_str(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

pub(super) fn bicep_key(key: &str) -> String {
    let bare = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if bare {
        key.to_owned()
    } else {
        bicep_str(key)
    }
}

/// Bicep literals: two-space indent, no commas.
const BICEP: Literals = Literals {
    indent: "  ",
    scalar: |v| match v {
        // Bicep has no floats: non-integers are passed as their JSON text through json().
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            format!("json({})", bicep_str(&n.to_string()))
        }
        Value::String(s) => bicep_str(s),
        other => other.to_string(),
    },
    key: bicep_key,
    pair: ": ",
    item_end: "",
    entry_end: "",
};

pub(super) fn bicep_value(v: &Value, indent: usize) -> String {
    BICEP.value(v, indent)
}

pub(super) fn terraform(k: &KubernetesCompute, ws: &Ws) -> Output {
    let spec = AttachSpec::Kubernetes(k.clone());
    let mut body = body(&spec, ws);
    let identity = body.as_object_mut().and_then(|m| m.remove("identity"));
    let tags = body.as_object_mut().and_then(|m| m.remove("tags"));
    let location = body.as_object_mut().and_then(|m| m.remove("location"));
    let mut out = String::new();
    out.push_str("# terraform init && terraform apply\n");
    out.push_str("terraform {\n  required_providers {\n    azapi = {\n      source  = \"Azure/azapi\"\n      version = \"~> 2.0\"\n    }\n  }\n}\n\n");
    out.push_str("provider \"azapi\" {}\n\n");
    out.push_str("resource \"azapi_resource\" \"compute\" {\n");
    out.push_str(&format!(
        "  type      = \"Microsoft.MachineLearningServices/workspaces/computes@{API_VERSION}\"\n"
    ));
    out.push_str(&format!("  name      = {}\n", hcl_str(&k.name)));
    out.push_str(&format!("  parent_id = {}\n", hcl_str(&ws.id())));
    if let Some(Value::String(location)) = location {
        out.push_str(&format!("  location  = {}\n", hcl_str(&location)));
    }
    if let Some(identity) = identity {
        let kind = identity
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("None");
        out.push_str(&format!("\n  identity {{\n    type = {}\n", hcl_str(kind)));
        if let Some(Value::Object(ids)) = identity.get("userAssignedIdentities") {
            let ids: Vec<String> = ids.keys().map(|id| hcl_str(id)).collect();
            out.push_str(&format!("    identity_ids = [{}]\n", ids.join(", ")));
        }
        out.push_str("  }\n");
    }
    if let Some(tags) = tags {
        out.push_str(&format!("\n  tags = {}\n", hcl_value(&tags, 1)));
    }
    out.push_str(&format!("\n  body = {}\n", hcl_value(&body, 1)));
    out.push_str("}\n");
    Output {
        text: out,
        language: "hcl",
        filename: "compute.tf".to_owned(),
    }
}

/// An HCL string literal: `"…"` with `\\`, `\"`, `\n`, `\r`, `\t` escaped and the template
/// sequences `${` and `%{` doubled.
pub(super) fn hcl_str(text: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn hcl_key(key: &str) -> String {
    let bare = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_owned()
    } else {
        hcl_str(key)
    }
}

/// HCL literals: two-space indent, commas after list items only.
const HCL: Literals = Literals {
    indent: "  ",
    scalar: |v| match v {
        Value::String(s) => hcl_str(s),
        other => other.to_string(),
    },
    key: hcl_key,
    pair: " = ",
    item_end: ",",
    entry_end: "",
};

pub(super) fn hcl_value(v: &Value, indent: usize) -> String {
    HCL.value(v, indent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_interpolation() {
        assert_eq!(bicep_str("it's ${x}\n"), "'it\\'s \\${x}\\n'");
        assert_eq!(
            hcl_str("a \"b\" ${c} %{d} $e\n"),
            "\"a \\\"b\\\" $${c} %%{d} $e\\n\""
        );
    }
}
