//! The one wasm edge: converts JS values to core inputs and core results to JS values, nothing else.
//!
//! Every export is camelCase, returns plain JS objects (no classes to free) and is typed by the
//! TypeScript declarations in each file, which wasm-bindgen copies into the generated `.d.ts`.
//! Errors thrown to JS are `Error`s: `AmlattachError` with `code` from the one request error enum
//! (`crate::request::RequestError`, every code in the `RequestErrorCode` union), or `ArmError`
//! for what ARM answered.
//!
//! The exports are grouped by feature, and scripts/build.sh builds one module per group so a page
//! loads only what it uses: `attach` (validate: the page's first verdict), `generate` (generate,
//! targets, and the Azure ML extension's validateExtension, generateExtension, extensionTargets,
//! extensionSettings), `explain` (the troubleshooter), `secret` (decodeSecret), `versions` (parseVersions,
//! checkVersion) and `live` (the ARM calls). The default features build every offline export
//! into one module (the Node package, the tests).

#[cfg(feature = "live")]
mod arm;
#[cfg(feature = "live")]
mod arm_extension;
#[cfg(feature = "attach")]
mod attach;
#[cfg(feature = "explain")]
mod explain;
#[cfg(feature = "generate")]
mod extension;
#[cfg(feature = "generate")]
mod generate;
#[cfg(any(
    feature = "attach",
    feature = "generate",
    feature = "explain",
    feature = "versions",
    feature = "live"
))]
mod held;
#[cfg(feature = "secret")]
mod secret;
#[cfg(feature = "versions")]
mod versions;

#[cfg(feature = "attach")]
pub use attach::{context_from_url, validate, validate_compute_name};
#[cfg(feature = "explain")]
pub use explain::{explain, known_failures_js};
#[cfg(feature = "generate")]
pub use extension::{
    cluster_kind, extension_facts, extension_settings, extension_targets, generate_extension,
    validate_extension,
};
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

use crate::request::{self, RequestError};

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

/** Why a call could not be answered: the `code` of every `AmlattachError` the functions throw. */
export type RequestErrorCode = "spec-unreadable" | "context-unreadable" | "invalid-spec" | "unknown-target" | "unknown-shell" | "bad-now" | "not-json" | "bad-options" | "not-a-version-list" | "bad-workspace-id" | "bad-cluster-id" | "bad-cloud" | "no-token-callback" | "needs-input" | "output";

/**
 * What the functions throw when a call cannot be answered (ARM's own failures are `ArmError`s).
 * `diagnostics` holds every problem of the spec and context for the codes about them.
 */
export interface AmlattachError extends Error {
  name: "AmlattachError";
  code: RequestErrorCode;
  diagnostics?: Diagnostic[];
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
    /** The Azure ML extension as ARM returns it (the pre-flight reads it): its state, settings and statuses. */
    aml_extension?: {
      name?: string;
      version?: string;
      release_train?: string;
      auto_upgrade?: boolean;
      provisioning_state?: string;
      settings?: Record<string, string>;
      statuses?: { code?: string; level?: string; message?: string }[];
    };
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

/// Turns a core value into a plain JS object, through JSON text.
pub(crate) fn js_value<T: Serialize>(value: &T) -> Result<JsValue, RequestError> {
    let text = serde_json::to_string(value).map_err(|e| RequestError::Output(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| RequestError::Output("JSON.parse refused it".to_owned()))
}

/// [`js_value`] for an export's return: a failure is thrown as an `AmlattachError`.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    js_value(value).map_err(|e| thrown(&e))
}

/// The JS `Error` for a request error: `name` "AmlattachError", `code` its code (one of
/// `RequestErrorCode`), and `diagnostics` when the spec's or context's problems ride along.
pub(crate) fn thrown(error: &RequestError) -> JsValue {
    let thrown = js_error("AmlattachError", error.code(), &error.to_string());
    if let Some(report) = error.report() {
        if let Ok(text) = serde_json::to_string(&report.diagnostics) {
            if let Ok(diagnostics) = js_sys::JSON::parse(&text) {
                // Setting a property on a fresh Error object cannot fail.
                let _ =
                    js_sys::Reflect::set(&thrown, &JsValue::from_str("diagnostics"), &diagnostics);
            }
        }
    }
    thrown
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

/// The `now` option of an options object (a `Clock`): the real time when it is not set.
pub(crate) fn now_option(options: &JsValue) -> Result<Now, RequestError> {
    let Some(value) = option(options, "now") else {
        return Now::from_unix_millis(js_sys::Date::now())
            .ok_or_else(|| RequestError::BadNow("the system clock is out of range".to_owned()));
    };
    let millis = match value.dyn_ref::<js_sys::Date>() {
        Some(date) => Some(date.get_time()),
        None => value.as_f64(),
    };
    match (millis, value.as_string()) {
        (Some(millis), _) => Now::from_unix_millis(millis).ok_or_else(|| {
            RequestError::BadNow(
                "`now` must be a finite time in milliseconds since 1970-01-01".to_owned(),
            )
        }),
        (None, Some(text)) => request::now(&text),
        (None, None) => Err(RequestError::BadNow(
            "`now` must be milliseconds since 1970-01-01, a Date or YYYY-MM-DD text".to_owned(),
        )),
    }
}

/// The `shell` option of an options object: bash when it is not set.
#[cfg(any(feature = "generate", feature = "explain"))]
pub(crate) fn shell_option(options: &JsValue) -> Result<crate::generate::Shell, RequestError> {
    match option(options, "shell").and_then(|v| v.as_string()) {
        None => Ok(crate::generate::Shell::Bash),
        Some(id) => request::shell(&id),
    }
}
