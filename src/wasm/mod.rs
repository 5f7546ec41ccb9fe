//! The one wasm edge: converts JS values to core inputs and core results to JS values, nothing else.
//!
//! Every export is camelCase, returns plain JS objects (no classes to free) and is typed by the
//! TypeScript declarations in each file, which wasm-bindgen copies into the generated `.d.ts`.
//! Errors thrown to JS are `Error`s with `name` (the Rust type) and `code` (the variant).
//!
//! The exports are grouped by feature, and scripts/build.sh builds one module per group so a page
//! loads only what it uses: `attach` (validate: the page's first verdict), `generate` (generate,
//! targets), `explain` (the troubleshooter), `secret` (decodeSecret), `versions` (parseVersions,
//! checkVersion) and `live` (the ARM calls). The default features build every offline export
//! into one module (the Node package, the tests).

#[cfg(feature = "live")]
mod arm;
#[cfg(feature = "attach")]
mod attach;
#[cfg(feature = "explain")]
mod explain;
#[cfg(feature = "generate")]
mod generate;
#[cfg(feature = "secret")]
mod secret;
#[cfg(feature = "versions")]
mod versions;

#[cfg(feature = "attach")]
pub use attach::{context_from_url, validate, validate_compute_name};
#[cfg(feature = "explain")]
pub use explain::{explain, known_failures_js};
#[cfg(feature = "generate")]
pub use generate::{generate, targets};
#[cfg(feature = "secret")]
pub use secret::decode_secret;
#[cfg(feature = "versions")]
pub use versions::{check_version, parse_versions};

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::dated::Now;

#[cfg(any(
    feature = "attach",
    feature = "explain",
    feature = "versions",
    feature = "live"
))]
use crate::document::{self, Node};

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

/**
 * The moment to judge dated facts by (ends of support, retirements, certificate expiry):
 * milliseconds since the epoch (`Date.now()`), a `Date`, or `YYYY-MM-DD` / RFC 3339 text.
 * Every export that takes a `now` option uses the real time when it is left out.
 */
export type Clock = number | string | Date;

/** Every problem found; `ok` is false when any of them is an error. */
export interface Report {
  ok: boolean;
  diagnostics: Diagnostic[];
}

/** Facts that unlock more checks; every part is optional. Keys are snake_case, like the spec's. */
export interface ValidationContext {
  workspace?: { subscription_id?: string; resource_group?: string; name?: string; location?: string; identity_type?: string; identity_principal_id?: string };
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
    /** Role definition GUIDs the workspace's identity holds on the cluster. */
    workspace_identity_roles?: string[];
    location?: string;
    /** `sku.tier`: `Free`, `Standard` or `Premium`. */
    tier?: string;
    /** `supportPlan`: `KubernetesOfficial` or `AKSLongTermSupport`. */
    support_plan?: string;
    /** False for an AKS cluster that uses a service principal. */
    managed_identity?: boolean;
  };
  existing_computes?: { name: string; resource_id?: string; compute_type?: string; namespace?: string; workspace?: string }[];
  /** The region's minors with community support. */
  supported_kubernetes_versions?: string[];
  /** The region's minors under AKS long-term support. */
  lts_kubernetes_versions?: string[];
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

/// The crate version the module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Text is parsed as YAML or JSON; anything else is read as a JSON-like object.
#[cfg(any(
    feature = "attach",
    feature = "explain",
    feature = "versions",
    feature = "live"
))]
pub(crate) fn to_node(value: &JsValue) -> Result<Result<Node, document::DocumentError>, JsValue> {
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
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
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
pub(crate) fn js_error(name: &str, code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

/// The option `name` of a JS options object, when it is set (neither undefined nor null).
pub(crate) fn option(options: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The `now` option of an options object (a `Clock`): the real time when it is not set; a value
/// that is no time throws an error named `error_name` with code "bad-now".
pub(crate) fn now_option(options: &JsValue, error_name: &str) -> Result<Now, JsValue> {
    let Some(value) = option(options, "now") else {
        return Now::from_unix_millis(js_sys::Date::now())
            .ok_or_else(|| js_error(error_name, "bad-now", "the system clock is out of range"));
    };
    let millis = match value.dyn_ref::<js_sys::Date>() {
        Some(date) => Some(date.get_time()),
        None => value.as_f64(),
    };
    let now = match (millis, value.as_string()) {
        (Some(millis), _) => Now::from_unix_millis(millis).ok_or_else(|| {
            "`now` must be a finite time in milliseconds since 1970-01-01".to_owned()
        }),
        (None, Some(text)) => Now::parse(&text).map_err(|error| format!("`now`: {error}")),
        (None, None) => {
            Err("`now` must be milliseconds since 1970-01-01, a Date or YYYY-MM-DD text".to_owned())
        }
    };
    now.map_err(|message| js_error(error_name, "bad-now", &message))
}

/// The `shell` option of an options object: bash when it is not set; an unknown one throws an
/// error named `error_name` with code "unknown-shell".
#[cfg(any(feature = "generate", feature = "explain"))]
pub(crate) fn shell_option(
    options: &JsValue,
    error_name: &str,
) -> Result<crate::generate::Shell, JsValue> {
    match option(options, "shell").and_then(|v| v.as_string()) {
        None => Ok(crate::generate::Shell::Bash),
        Some(id) => crate::generate::Shell::from_id(&id).ok_or_else(|| {
            js_error(
                error_name,
                "unknown-shell",
                &format!("unknown shell '{id}'; use bash or pwsh"),
            )
        }),
    }
}
