//! The `generate` exports: the commands, code and documents for a valid spec, and the targets.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{js_error, now_option, option, shell_option, to_js, to_node, SpecInput};
use crate::generate::{generate_checked, Applies, Target};
use crate::validate::document_error;
use crate::Report;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
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
  /** The moment whose date the notes about dated facts take their tense from (default: now). */
  now?: Clock;
}

/** A generator target. */
export interface TargetInfo {
  id: "az-v2" | "yaml-v2" | "python-v2" | "az-v1" | "python-v1" | "arm-json" | "arm-az-rest" | "arm-curl" | "bicep" | "terraform" | "kubectl" | "detach" | "reattach";
  label: string;
  appliesTo: ("kubernetes" | "aks")[];
}

"#;

#[wasm_bindgen]
extern "C" {
    /// `GenerateOptions`.
    #[wasm_bindgen(typescript_type = "GenerateOptions")]
    pub type GenerateOptionsInput;
}

/// Generates `target` (an id from `targets()`) for a valid spec. Throws an `Error` with
/// `name` "GenerateError" and `code` "invalid-spec" (with the `diagnostics`) when the spec has
/// errors, `code` "unknown-target", or `code` "bad-now".
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
    let field = |name: &str| option(&options, name);
    let shell = shell_option(&options, "GenerateError")?;
    let now = now_option(&options, "GenerateError")?;
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
    let output = generate_checked(&spec, context.as_ref(), target, shell, now)
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
