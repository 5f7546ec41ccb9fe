//! The one wasm edge: converts JS values to core inputs and core results to JS values, nothing else.
//!
//! Every export is camelCase, returns plain JS objects (no classes to free) and is typed by the
//! TypeScript declarations below, which wasm-bindgen copies into the generated `.d.ts`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** How bad a problem is. */
export type Severity = "error" | "warning" | "info";

/** One problem, tied to the field it is about. */
export interface Diagnostic {
  /** Stable kebab-case identifier, such as `name-first-char`: branch on this, never on the message. */
  code: string;
  severity: Severity;
  /** Dotted path of the field in the attach spec, such as `name`. */
  path: string;
  /** A sentence for people. */
  message: string;
}

/** Every problem found; `ok` is false when any of them is an error. */
export interface Report {
  ok: boolean;
  diagnostics: Diagnostic[];
}
"#;

/// Checks a compute name: 3–24 characters, a letter first, a letter or digit last, only ASCII
/// letters, digits and `-`.
#[wasm_bindgen(js_name = validateComputeName, unchecked_return_type = "Report")]
pub fn validate_compute_name(name: &str) -> Result<JsValue, JsError> {
    to_js(&crate::validate_compute_name(name))
}

/// The crate version the module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Serializes a core value as a plain JS object (maps become objects, not `Map`s).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| JsError::new(&format!("cannot convert the result to JS: {error}")))
}
