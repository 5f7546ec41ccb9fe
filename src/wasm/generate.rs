//! The `generate` exports: the commands, code and documents for a valid spec, and the targets.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::held::{held, held_option};
use super::{js_value, now_option, option, shell_option, thrown, to_js, SpecInput};
use crate::generate::Applies;
use crate::request::{self, RequestError};
use crate::spec::Workspace;

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
  /** An Azure ML extension spec (as `validateExtension` takes it): what the runbooks that
   * install the extension ("prepare", "reattach") install; its errors, under `extension.`,
   * stop them. Other targets ignore it. */
  extension?: string | object | null;
  /** The moment whose date the notes about dated facts take their tense from (default: now). */
  now?: Clock;
}

/** A generator target. */
export interface TargetInfo {
  id: "prepare" | "az-v2" | "yaml-v2" | "python-v2" | "az-v1" | "python-v1" | "arm-json" | "arm-az-rest" | "arm-curl" | "bicep" | "terraform" | "kubectl" | "grant" | "detach" | "reattach";
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

/// Generates `target` (an id from `targets()`) for a valid spec. Throws an `AmlattachError`
/// with `code` "invalid-spec", "spec-unreadable" or "context-unreadable" (with the
/// `diagnostics`), "unknown-target", "unknown-shell" or "bad-now".
#[wasm_bindgen(js_name = generate, unchecked_return_type = "Generated")]
pub fn generate(
    spec: SpecInput,
    target: &str,
    options: Option<GenerateOptionsInput>,
) -> Result<JsValue, JsValue> {
    generated(spec, target, options).map_err(|e| thrown(&e))
}

fn generated(
    spec: SpecInput,
    target: &str,
    options: Option<GenerateOptionsInput>,
) -> Result<JsValue, RequestError> {
    let target = request::target(target)?;
    let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
    let shell = shell_option(&options)?;
    let now = now_option(&options)?;
    let spec = held(&spec)?;
    let context = held_option(option(&options, "context"))?;
    let extension = held_option(option(&options, "extension"))?;
    let output = request::generate(
        spec.given(),
        context.as_ref().map(|c| c.given()),
        extension.as_ref().map(|e| e.given()),
        &Workspace::default(),
        target,
        shell,
        now,
    )?;
    js_value(&GeneratedJs {
        text: output.text,
        language: output.language,
        filename: output.filename,
    })
}

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

/// What a generate export returns (the extension's too).
#[derive(Serialize)]
pub(super) struct GeneratedJs {
    pub text: String,
    pub language: &'static str,
    pub filename: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TargetJs {
    id: &'static str,
    label: &'static str,
    applies_to: &'static [&'static str],
}
