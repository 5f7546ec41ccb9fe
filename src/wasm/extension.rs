//! The Azure ML extension's exports (in the generators' module): check an extension spec, write
//! its targets, list them, and the table of its documented settings for the page's form.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::held::{held, held_option};
use super::{js_value, now_option, option, shell_option, thrown, to_js, SpecInput};
use crate::extension::settings::{Kind, Place, SETTINGS};
use crate::extension::ExtensionSpec;
use crate::request::{self, PemFiles, RequestError};
use crate::resource_id::ClusterKind;
use crate::spec::Workspace;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** An Azure ML extension spec, normalized. Secrets appear only as `$VARIABLE`. */
export interface ExtensionSpec {
  name: string;
  cluster: string;
  release_train: string;
  version?: string;
  auto_upgrade: boolean;
  config: Record<string, string>;
  config_protected?: Record<string, string>;
}

/** How to check an extension spec. */
export interface ValidateExtensionOptions {
  context?: ValidationContext | string | null;
  now?: Clock;
  /** The text of the PEM files `sslCertPemFile` and `sslKeyPemFile` name: checked, never kept. */
  pem?: { cert: string; key: string } | null;
}

/** What `validateExtension` returns. */
export interface ExtensionValidationResult extends Report {
  normalized: ExtensionSpec | null;
}

/** An extension target. */
export interface ExtensionTargetInfo {
  id: "az-create" | "az-update" | "arm-json" | "arm-az-rest" | "arm-patch-az-rest" | "bicep" | "terraform" | "verify" | "uninstall";
  label: string;
}

/** The extension's fixed facts, written once in the core. */
export interface ExtensionFacts {
  extensionType: string;
  /** The instance name when the spec names none. */
  defaultName: string;
  releaseNamespace: string;
  /** The release trains users install from, the default first. */
  releaseTrains: string[];
}

/** One documented setting of the Azure ML extension. */
export interface ExtensionSetting {
  /** The key as the extension reads it; one ending in `.` is a family (`nodeSelector.<label>`). */
  key: string;
  kind: "bool" | "choice" | "object-name" | "host" | "local-path" | "label" | "secret" | "text";
  /** The values of a `choice`. */
  values: string[];
  default: string | null;
  /** `config` (`--config`), `protected` (`--config-protected` only) or `either`. */
  place: "config" | "protected" | "either";
  only: "aks" | "arc" | null;
  about: string;
  source: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `ValidateExtensionOptions`.
    #[wasm_bindgen(typescript_type = "ValidateExtensionOptions")]
    pub type ValidateExtensionOptionsInput;
}

/// Checks an Azure ML extension spec (YAML or JSON text, or an object) against the options'
/// context, with the PEM files' text when given. Throws an `AmlattachError` with code "bad-now",
/// "not-json" or "bad-options"; every problem of the spec is a diagnostic.
#[wasm_bindgen(js_name = validateExtension, unchecked_return_type = "ExtensionValidationResult")]
pub fn validate_extension(
    spec: SpecInput,
    options: Option<ValidateExtensionOptionsInput>,
) -> Result<JsValue, JsValue> {
    checked(spec, options).map_err(|e| thrown(&e))
}

fn checked(
    spec: SpecInput,
    options: Option<ValidateExtensionOptionsInput>,
) -> Result<JsValue, RequestError> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
    let now = now_option(&options)?;
    let spec = held(&spec)?;
    let context = held_option(option(&options, "context"))?;
    let pem = match option(&options, "pem") {
        None => None,
        Some(pem) => {
            let field = |name| {
                option(&pem, name)
                    .and_then(|v| v.as_string())
                    .ok_or(RequestError::BadOptions(
                        "pem: { cert: string, key: string }",
                    ))
            };
            Some((field("cert")?, field("key")?))
        }
    };
    let checked = request::validate_extension(
        spec.given(),
        context.as_ref().map(|c| c.given()),
        &Workspace::default(),
        pem.as_ref().map(|(cert, key)| PemFiles { cert, key }),
        now,
    );
    js_value(&ValidationJs {
        ok: checked.report.ok,
        diagnostics: checked.report.diagnostics,
        normalized: checked.spec.as_ref().map(ExtensionSpec::normalized),
    })
}

/// Writes `target` (an id from `extensionTargets()`) for a valid extension spec. Throws an
/// `AmlattachError` with code "invalid-spec", "spec-unreadable" or "context-unreadable" (with
/// the `diagnostics`), "unknown-target", "unknown-shell" or "bad-now".
#[wasm_bindgen(js_name = generateExtension, unchecked_return_type = "Generated")]
pub fn generate_extension(
    spec: SpecInput,
    target: &str,
    options: Option<super::generate::GenerateOptionsInput>,
) -> Result<JsValue, JsValue> {
    generated(spec, target, options).map_err(|e| thrown(&e))
}

fn generated(
    spec: SpecInput,
    target: &str,
    options: Option<super::generate::GenerateOptionsInput>,
) -> Result<JsValue, RequestError> {
    let target = request::extension_target(target)?;
    let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
    let shell = shell_option(&options)?;
    let now = now_option(&options)?;
    let spec = held(&spec)?;
    let context = held_option(option(&options, "context"))?;
    let output = request::generate_extension(
        spec.given(),
        context.as_ref().map(|c| c.given()),
        &Workspace::default(),
        target,
        shell,
        now,
    )?;
    js_value(&super::generate::GeneratedJs {
        text: output.text,
        language: output.language,
        filename: output.filename,
    })
}

/// The extension's targets, in the order the page shows them.
#[wasm_bindgen(js_name = extensionTargets, unchecked_return_type = "ExtensionTargetInfo[]")]
pub fn extension_targets() -> Result<JsValue, JsValue> {
    let list: Vec<TargetJs> = crate::generate::extension_targets()
        .iter()
        .map(|t| TargetJs {
            id: t.id,
            label: t.label,
        })
        .collect();
    to_js(&list)
}

/// The extension's type, default name, namespace and release trains.
#[wasm_bindgen(js_name = extensionFacts, unchecked_return_type = "ExtensionFacts")]
pub fn extension_facts() -> Result<JsValue, JsValue> {
    use crate::extension::{DEFAULT_NAME, EXTENSION_TYPE, RELEASE_NAMESPACE, RELEASE_TRAINS};
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Facts {
        extension_type: &'static str,
        default_name: &'static str,
        release_namespace: &'static str,
        release_trains: &'static [&'static str],
    }
    to_js(&Facts {
        extension_type: EXTENSION_TYPE,
        default_name: DEFAULT_NAME,
        release_namespace: RELEASE_NAMESPACE,
        release_trains: RELEASE_TRAINS,
    })
}

/// The kind of cluster an id names (`aks` or `arc`), or null when it is no cluster id: the
/// core's own reading of the id, so the page shows the settings of that kind.
#[wasm_bindgen(js_name = clusterKind, unchecked_return_type = "\"aks\" | \"arc\" | null")]
pub fn cluster_kind(id: &str) -> JsValue {
    match crate::resource_id::parse_cluster_id(id) {
        Ok(parsed) => JsValue::from_str(match parsed.id.kind {
            ClusterKind::Aks => "aks",
            ClusterKind::Arc => "arc",
        }),
        Err(_) => JsValue::NULL,
    }
}

/// Every documented setting of the Azure ML extension, in the documentation's order.
#[wasm_bindgen(js_name = extensionSettings, unchecked_return_type = "ExtensionSetting[]")]
pub fn extension_settings() -> Result<JsValue, JsValue> {
    let list: Vec<SettingJs> = SETTINGS
        .iter()
        .map(|s| SettingJs {
            key: s.key,
            kind: match s.kind {
                Kind::Bool => "bool",
                Kind::Choice(_) => "choice",
                Kind::ObjectName => "object-name",
                Kind::Host => "host",
                Kind::LocalPath => "local-path",
                Kind::Label => "label",
                Kind::Secret => "secret",
                Kind::Text => "text",
            },
            values: match s.kind {
                Kind::Choice(values) => values,
                _ => &[],
            },
            default: s.default,
            place: match s.place {
                Place::Config => "config",
                Place::Protected => "protected",
                Place::Either => "either",
            },
            only: s.only.map(|k| match k {
                ClusterKind::Aks => "aks",
                ClusterKind::Arc => "arc",
            }),
            about: s.about,
            source: s.source,
        })
        .collect();
    to_js(&list)
}

/// `ExtensionValidationResult`.
#[derive(Serialize)]
struct ValidationJs {
    ok: bool,
    diagnostics: Vec<crate::Diagnostic>,
    normalized: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct TargetJs {
    id: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct SettingJs {
    key: &'static str,
    kind: &'static str,
    values: &'static [&'static str],
    default: Option<&'static str>,
    place: &'static str,
    only: Option<&'static str>,
    about: &'static str,
    source: &'static str,
}
