//! The one wasm edge: converts JS values to core inputs and core results to JS values, nothing else.
//!
//! Every export is camelCase, returns plain JS objects (no classes to free) and is typed by the
//! TypeScript declarations below, which wasm-bindgen copies into the generated `.d.ts`. Errors
//! thrown to JS are `Error`s with `name` (the Rust type) and `code` (the variant).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::document::{self, Node};
use crate::generate::{Applies, Options, Shell, Target};
use crate::validate::{document_error, parse_context, validate_in_context, Validation};
use crate::Report;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** How bad a problem is. */
export type Severity = "error" | "warning" | "info";

/** One problem, tied to the field it is about. */
export interface Diagnostic {
  /** Stable kebab-case identifier, such as `name-first-char`: branch on this, never on the message. */
  code: string;
  severity: Severity;
  /** Dotted path of the field in the spec's own key names (`identity.type`, `vnet.service_cidr`); "" for the whole document. */
  path: string;
  /** A sentence for people that says how to fix it. */
  message: string;
  /** The public document or code the rule comes from. */
  source: string;
  /** 1-based line in the YAML or JSON text, when the input was text. */
  line?: number;
}

/** Every problem found; `ok` is false when any of them is an error. */
export interface Report {
  ok: boolean;
  diagnostics: Diagnostic[];
}

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

/** Facts that unlock more checks; every part is optional. Keys are snake_case, like the spec's. */
export interface ValidationContext {
  workspace?: { subscription_id?: string; resource_group?: string; name?: string; location?: string; identity_type?: string };
  cluster?: {
    node_pools?: { name?: string; count: number; vm_size?: string; vcpus?: number; mode?: string }[];
    kubernetes_version?: string;
    load_balancer_sku?: string;
    private_cluster?: boolean;
    private_cluster_public_fqdn?: boolean;
    authorized_ip_ranges?: string[];
    local_accounts_disabled?: boolean;
    trusted_access?: boolean;
    aml_extension_installed?: boolean;
    location?: string;
  };
  existing_computes?: { name: string; resource_id?: string; compute_type?: string; namespace?: string; workspace?: string }[];
  supported_kubernetes_versions?: string[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A spec: YAML or JSON text, or a plain object of the same shape.
    #[wasm_bindgen(typescript_type = "string | object")]
    pub type SpecInput;
    /// A context: a `ValidationContext` object, or the same as YAML or JSON text.
    #[wasm_bindgen(typescript_type = "ValidationContext | string")]
    pub type ContextInput;
}

/// Checks a compute name: 3–24 characters, a letter first, a letter or digit last, only ASCII
/// letters, digits and `-`.
#[wasm_bindgen(js_name = validateComputeName, unchecked_return_type = "Report")]
pub fn validate_compute_name(name: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::validate_compute_name(name))
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
    let Validation { report, spec } = validate_in_context(&spec, context.as_ref());
    let (Some(spec), true) = (spec, report.ok) else {
        return Err(invalid_spec(&report));
    };
    let workspace = context
        .as_ref()
        .and_then(|node| parse_context(node).0.workspace)
        .unwrap_or_default();
    let output = crate::generate::generate(&spec, target, &Options { shell, workspace });
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

/// The crate version the module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
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

/// Text is parsed as YAML or JSON; anything else is read as a JSON-like object.
fn to_node(value: &JsValue) -> Result<Result<Node, document::DocumentError>, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(document::parse(&text));
    }
    // Through JSON text: JSON.stringify and serde_json are both fast, and this keeps a second
    // JS-value serde format out of the module.
    let not_json = || {
        js_error(
            "InputError",
            "not-json",
            "the value is neither text nor a plain object of JSON values",
        )
    };
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| not_json())?
        .as_string()
        .ok_or_else(not_json)?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|_| not_json())?;
    Ok(document::from_json(&json))
}

/// Turns a core value into a plain JS object, through JSON text.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|error| {
        js_error(
            "OutputError",
            "serialize",
            &format!("cannot convert the result to JS: {error}"),
        )
    })?;
    js_sys::JSON::parse(&text)
}

/// A JS `Error` with `name` and `code` set, so JS branches on codes.
fn js_error(name: &str, code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}
