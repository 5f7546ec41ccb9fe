//! The `attach` exports: validate a spec, check a compute name, read a portal address.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::held::{held, held_option};
use super::{now_option, thrown, to_js};
use crate::request;
use crate::spec::Workspace;

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

/** How to validate. */
export interface ValidateOptions {
  /** The moment whose date the dated facts' sentences take their tense from (default: now). */
  now?: Clock;
}

/** What `validate` returns: the report, and the normalized spec when there is no error. */
export interface ValidationResult extends Report {
  normalized: NormalizedSpec | null;
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
/// optional context (an object, or YAML or JSON text), as of `options.now` (default: now).
/// Throws an `AmlattachError` with code "bad-now" for a `now` that is no time, or "not-json"
/// for a value that is neither text nor a plain object; an unreadable spec or context is a
/// diagnostic, like every other problem.
#[wasm_bindgen(js_name = validate, unchecked_return_type = "ValidationResult")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string | object")] spec: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ValidationContext | string | null")] context: Option<
        JsValue,
    >,
    options: Option<ValidateOptionsInput>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
    let now = now_option(&options).map_err(|e| thrown(&e))?;
    let spec = held(&spec).map_err(|e| thrown(&e))?;
    let context = held_option(context).map_err(|e| thrown(&e))?;
    let checked = request::validate(
        spec.given(),
        context.as_ref().map(|c| c.given()),
        &Workspace::default(),
        now,
    );
    to_js(&ValidationResult {
        ok: checked.report.ok,
        diagnostics: checked.report.diagnostics,
        normalized: checked.spec.map(|s| s.normalized()),
    })
}

/// The form's context over the live facts (the pre-flight's): what the user typed wins, key by
/// key inside `workspace` and `cluster`; the lists come from the facts unless the form has its
/// own. Null when both are.
#[wasm_bindgen(js_name = mergeContexts, unchecked_return_type = "ValidationContext | null")]
pub fn merge_contexts(
    #[wasm_bindgen(unchecked_param_type = "ValidationContext | null")] form: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "ValidationContext | null")] live: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let json = |value: Option<JsValue>| -> Result<Option<serde_json::Value>, JsValue> {
        match held_option(value).map_err(|e| thrown(&e))? {
            Some(super::held::Held::Json(value)) => Ok(Some(value)),
            Some(super::held::Held::Text(text)) => Ok(Some(serde_json::Value::String(text))),
            None => Ok(None),
        }
    };
    let (form, live) = (json(form)?, json(live)?);
    to_js(&request::merge_contexts(form.as_ref(), live.as_ref()))
}

#[wasm_bindgen]
extern "C" {
    /// `ValidateOptions`.
    #[wasm_bindgen(typescript_type = "ValidateOptions")]
    pub type ValidateOptionsInput;
}

#[derive(Serialize)]
struct ValidationResult {
    ok: bool,
    diagnostics: Vec<crate::Diagnostic>,
    normalized: Option<serde_json::Value>,
}
