//! The live install and update of the Azure ML extension (in the live module): the spec checked
//! against the pre-flight's context, its body filled with the cluster's region and the PEM
//! files' text, then GET, PUT or PATCH, and the operation followed to the extension's end state.

use wasm_bindgen::prelude::*;

use super::arm::{failure, ArmOptions, Io};
use super::held::{held, held_option};
use super::{option, thrown, to_js, SpecInput};
use crate::arm::{ExtensionOutcome, ExtensionWrite, InstallExtension, RetryPolicy};
use crate::request::{self, PemFiles, RequestError};

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** The extension as ARM shows it after a write (never its protected settings). */
export interface ExtensionView {
  name: string;
  provisioning_state: string;
  version: string | null;
  release_train: string | null;
  /** What the extension reported, `[level] code: message`. */
  statuses: string[];
}

/** How `armInstallExtension` ended. */
export type ExtensionOutcome =
  | { result: "installed"; extension: ExtensionView }
  | { result: "failed"; extension: ExtensionView }
  | { result: "already-installed"; extension: ExtensionView }
  | { result: "not-installed" };

/** What to install or update the extension with. */
export interface ExtensionWriteOptions {
  /** `install` (PUT, refused over an existing extension) or `update` (PATCH). */
  mode: "install" | "update";
  /** The pre-flight's context: the cluster's facts (its region among them). */
  context?: ValidationContext | string | null;
  /** The cluster's region, when the context has none. */
  location?: string | null;
  /** The PEM files' text, when the spec names them: sent base64 in the body, never kept. */
  pem?: { cert: string; key: string } | null;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `ExtensionWriteOptions`.
    #[wasm_bindgen(typescript_type = "ExtensionWriteOptions")]
    pub type ExtensionWriteOptions;
}

/// Installs (PUT) or updates (PATCH) the Azure ML extension a valid extension spec describes,
/// and follows the operation to the extension's end state. Throws an `AmlattachError`
/// ("invalid-spec", "needs-input", "bad-options", …) before anything is sent, or an `ArmError`.
#[wasm_bindgen(js_name = armInstallExtension, unchecked_return_type = "Promise<ExtensionOutcome>")]
pub async fn arm_install_extension(
    options: ArmOptions,
    spec: SpecInput,
    write: ExtensionWriteOptions,
) -> Result<JsValue, JsValue> {
    let mut io = Io::new(&options)?;
    let write: JsValue = write.into();
    let mode = match option(&write, "mode")
        .and_then(|m| m.as_string())
        .as_deref()
    {
        Some("install") => ExtensionWrite::Install,
        Some("update") => ExtensionWrite::Update,
        _ => {
            return Err(thrown(&RequestError::BadOptions(
                "{ mode: \"install\" | \"update\" }",
            )))
        }
    };
    let now = super::now_option(&JsValue::UNDEFINED).map_err(|e| thrown(&e))?;
    let spec = held(&spec).map_err(|e| thrown(&e))?;
    let context = held_option(option(&write, "context")).map_err(|e| thrown(&e))?;
    let location = option(&write, "location").and_then(|l| l.as_string());
    let pem = match option(&write, "pem") {
        None => None,
        Some(pem) => {
            let text = |name| option(&pem, name).and_then(|v| v.as_string());
            match (text("cert"), text("key")) {
                (Some(cert), Some(key)) => Some((cert, key)),
                _ => {
                    return Err(thrown(&RequestError::BadOptions(
                        "pem: { cert: string, key: string }",
                    )))
                }
            }
        }
    };
    let plan = request::extension_plan(
        spec.given(),
        context.as_ref().map(|c| c.given()),
        location.as_deref(),
        pem.as_ref().map(|(cert, key)| PemFiles { cert, key }),
        mode == ExtensionWrite::Install,
        now,
    )
    .map_err(|e| thrown(&e))?;
    let (flow, first) = InstallExtension::start(
        &io.cloud,
        &plan.cluster,
        &plan.name,
        plan.body,
        mode,
        RetryPolicy::default(),
    );
    let flow = flow.with_tenant(io.tenant.as_deref());
    let outcome: ExtensionOutcome = io
        .drive(first, &std::cell::RefCell::new(flow))
        .await
        .map_err(|e| failure(&e))?;
    to_js(&outcome)
}
