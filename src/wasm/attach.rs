//! The `attach` exports: validate a spec, check a compute name, generate commands.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{js_error, to_js, to_node, SpecInput};
use crate::generate::{generate_checked, Applies, Shell, Target};
use crate::validate::{document_error, validate_in_context, Validation};
use crate::Report;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** A v2 Kubernetes compute, normalized: canonical ids and casing, defaults filled in. */
export interface KubernetesSpec {
  $schema: string;
  name: string;
  type: "kubernetes";
  description?: string;
  resource_id: string;
  namespace: string;
  identity?: { type: "system_assigned" | "none" } | { type: "user_assigned"; user_assigned_identities: { resource_id: string }[] };
  tags?: Record<string, string>;
  properties?: Record<string, unknown>;
}

/** A legacy v1 AKS attach or create, normalized. Inline keys are never echoed. */
export interface AksSpec {
  name: string;
  type: "aks";
  description?: string;
  action: "attach" | "create";
  resource_id?: string;
  resource_group?: string;
  cluster_name?: string;
  agent_count?: number;
  vm_size?: string;
  location?: string;
  vnet?: { resource_group: string; name: string; subnet: string; service_cidr: string; dns_service_ip: string; docker_bridge_cidr: string };
  cluster_purpose?: "FastProd" | "DevTest" | "DenseProd";
  load_balancer_type?: "PublicIp" | "InternalLoadBalancer";
  load_balancer_subnet?: string;
  ssl?: { cname?: string; cert_file?: string; cert?: string; key_file?: string; key?: string; leaf_domain_label?: string; overwrite_existing_domain?: boolean; renew?: boolean };
}

export type NormalizedSpec = KubernetesSpec | AksSpec;

/** The cluster and workspace an Azure portal or ML studio address is about (from the address only). */
export interface PageContext {
  /** Canonical id of the AKS or Arc cluster. */
  cluster: string | null;
  workspace: { id: string; subscription_id: string; resource_group: string; name: string } | null;
  /** The tenant the address names (`#@contoso.onmicrosoft.com`, `tid=…`). */
  tenant: string | null;
}

/** What `validate` returns: the report, and the normalized spec when there is no error. */
export interface ValidationResult extends Report {
  normalized: NormalizedSpec | null;
}

/** Generated text, its language (for highlighting) and a file name to save it under. */
export interface Generated {
  text: string;
  language: "bash" | "powershell" | "yaml" | "python" | "json" | "bicep" | "hcl";
  filename: string;
}

/** How to generate: the shell of commands, and the context (its workspace fills in names). */
export interface GenerateOptions {
  shell?: "bash" | "pwsh";
  context?: ValidationContext | string | null;
}

/** A generator target. */
export interface TargetInfo {
  id: "az-v2" | "yaml-v2" | "python-v2" | "az-v1" | "python-v1" | "arm-json" | "arm-az-rest" | "arm-curl" | "bicep" | "terraform" | "kubectl" | "detach" | "reattach";
  label: string;
  appliesTo: ("kubernetes" | "aks")[];
}

"#;

/// Checks a compute name: 3–24 characters, a letter first, a letter or digit last, only ASCII
/// letters, digits and `-`.
#[wasm_bindgen(js_name = validateComputeName, unchecked_return_type = "Report")]
pub fn validate_compute_name(name: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::validate_compute_name(name))
}

/// The cluster and workspace a portal or studio address shows (`https://portal.azure.com/#@…/resource/subscriptions/…`,
/// `https://ml.azure.com/…?wsid=…`), read from the address alone.
#[wasm_bindgen(js_name = contextFromUrl, unchecked_return_type = "PageContext")]
pub fn context_from_url(url: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::portal::context_from_url(url))
}

/// Validates a compute spec (YAML or JSON text, or the same as a plain object) against an
/// optional context (an object, or YAML or JSON text).
#[wasm_bindgen(js_name = validate, unchecked_return_type = "ValidationResult")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string | object")] spec: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ValidationContext | string | null")] context: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let spec = match to_node(&spec)? {
        Ok(node) => node,
        Err(error) => return to_js(&result(Report::new(vec![document_error(&error)]), None)),
    };
    let context = match context.filter(|c| !c.is_null() && !c.is_undefined()) {
        Some(value) => match to_node(&value)? {
            Ok(node) => Some(node),
            Err(error) => {
                let mut diagnostic = document_error(&error);
                diagnostic.path = "context".to_owned();
                return to_js(&result(Report::new(vec![diagnostic]), None));
            }
        },
        None => None,
    };
    let Validation { report, spec } = validate_in_context(&spec, context.as_ref());
    to_js(&result(report, spec.map(|s| s.normalized())))
}

#[wasm_bindgen]
extern "C" {
    /// `GenerateOptions`.
    #[wasm_bindgen(typescript_type = "GenerateOptions")]
    pub type GenerateOptionsInput;
}

/// Generates `target` (an id from `targets()`) for a valid spec. Throws an `Error` with
/// `name` "GenerateError" and `code` "invalid-spec" (with the `diagnostics`) when the spec has
/// errors, or `code` "unknown-target".
#[wasm_bindgen(js_name = generate, unchecked_return_type = "Generated")]
pub fn generate(
    spec: SpecInput,
    target: &str,
    options: Option<GenerateOptionsInput>,
) -> Result<JsValue, JsValue> {
    let Some(target) = Target::from_id(target) else {
        return Err(js_error(
            "GenerateError",
            "unknown-target",
            &format!("unknown target '{target}'"),
        ));
    };
    let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
    let field = |name: &str| {
        js_sys::Reflect::get(&options, &JsValue::from_str(name))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let shell = match field("shell").and_then(|v| v.as_string()) {
        None => Shell::Bash,
        Some(id) => Shell::from_id(&id).ok_or_else(|| {
            js_error(
                "GenerateError",
                "unknown-shell",
                &format!("unknown shell '{id}'; use bash or pwsh"),
            )
        })?,
    };
    let spec = match to_node(&spec)? {
        Ok(node) => node,
        Err(error) => return Err(invalid_spec(&Report::new(vec![document_error(&error)]))),
    };
    let context = match field("context") {
        Some(value) => match to_node(&value)? {
            Ok(node) => Some(node),
            Err(error) => return Err(invalid_spec(&Report::new(vec![document_error(&error)]))),
        },
        None => None,
    };
    let output = generate_checked(&spec, context.as_ref(), target, shell)
        .map_err(|report| invalid_spec(&report))?;
    to_js(&GeneratedJs {
        text: output.text,
        language: output.language,
        filename: output.filename,
    })
}

/// Every generator target, in tab order.
#[wasm_bindgen(js_name = targets, unchecked_return_type = "TargetInfo[]")]
pub fn targets() -> Result<JsValue, JsValue> {
    let list: Vec<TargetJs> = crate::generate::targets()
        .iter()
        .map(|t| TargetJs {
            id: t.id,
            label: t.label,
            applies_to: match t.applies {
                Applies::Kubernetes => &["kubernetes"],
                Applies::Aks => &["aks"],
                Applies::Both => &["kubernetes", "aks"],
            },
        })
        .collect();
    to_js(&list)
}

#[derive(Serialize)]
struct GeneratedJs {
    text: String,
    language: &'static str,
    filename: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TargetJs {
    id: &'static str,
    label: &'static str,
    applies_to: &'static [&'static str],
}

/// The error thrown when a spec to generate from has errors; it carries the diagnostics.
fn invalid_spec(report: &Report) -> JsValue {
    let first = report
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::Severity::Error)
        .map_or_else(String::new, |d| format!(": {d}"));
    let error = js_error(
        "GenerateError",
        "invalid-spec",
        &format!("the spec has errors{first}"),
    );
    if let Ok(diagnostics) = to_js(&report.diagnostics) {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str("diagnostics"), &diagnostics);
    }
    error
}

#[derive(Serialize)]
struct ValidationResult {
    ok: bool,
    diagnostics: Vec<crate::Diagnostic>,
    normalized: Option<serde_json::Value>,
}

fn result(report: Report, normalized: Option<serde_json::Value>) -> ValidationResult {
    ValidationResult {
        ok: report.ok,
        diagnostics: report.diagnostics,
        normalized,
    }
}
