//! The `versions` exports: read Kubernetes version lists and check a version against one.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::held::held;
use super::{now_option, option, thrown, to_js};
use crate::request::{self, RequestError};
use crate::support::Plan;
use crate::versions::VersionList;
use crate::Diagnostic;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** One available Kubernetes version. */
export interface VersionEntry {
  version: string;
  isPreview: boolean;
  isDefault: boolean;
  upgrades: { version: string; isPreview: boolean }[];
  /** `KubernetesOfficial`, `AKSLongTermSupport`. */
  supportPlan: string[];
}

/** One minor version, for the support-window picture. */
export interface MinorSummary {
  minor: string;
  isPreview: boolean;
  isLts: boolean;
  /** Offered under long-term support only: past its community support. */
  isLtsOnly: boolean;
  isDefault: boolean;
  /** One of the three newest GA minors (N-2). */
  inWindow: boolean;
  patches: string[];
}

/** The normalised version list. */
export interface VersionList {
  format: "table" | "orchestrators" | "kubernetesVersions" | "upgradeProfile";
  /** Newest first. */
  versions: VersionEntry[];
  defaultVersion: string | null;
  /** The GA minors in the supported window, newest first. */
  supportedMinors: string[];
  minors: MinorSummary[];
  /** The cluster's version (upgrade profiles only). */
  current: string | null;
}

/** What `parseVersions` returns. */
export interface ParsedVersions extends Report {
  list: VersionList | null;
}

/** The cluster a version is checked for, and when. */
export interface CheckVersionOptions {
  /** The cluster's `supportPlan`: `KubernetesOfficial` or `AKSLongTermSupport`. */
  supportPlan?: string;
  /** The cluster's `sku.tier`: `Free`, `Standard` or `Premium`. */
  tier?: string;
  /** The moment the advice is given at (default: now). */
  now?: Clock;
}

/** What `checkVersion` returns. */
export interface VersionCheck extends Report {
  /** As found in the list (a minor resolves to its newest GA patch); null when not a version. */
  version: string | null;
  listed: boolean;
  isPreview: boolean;
  inWindow: boolean;
  /**
   * AKS supports it for this cluster: listed, and in the community window, a preview (no SLA),
   * or under long-term support when the options say the cluster has it (never on a guess).
   */
  supported: boolean;
  upgrades: { version: string; isPreview: boolean; crossesBlobfuse: boolean }[];
  /** Some upgrade crosses 1.16 → 1.17 (blobfuse FlexVolume → Blob CSI): redeploy v1 web services. */
  blobfuseCrossing: boolean;
}
"#;

/// Reads `az aks get-versions` output (old or new table, JSON, YAML) or an upgrade profile.
#[wasm_bindgen(js_name = parseVersions, unchecked_return_type = "ParsedVersions")]
pub fn parse_versions(text: &str) -> Result<JsValue, JsValue> {
    let parsed = request::parse_versions(text);
    let ok = parsed.list.is_some();
    to_js(&ParsedVersionsJs {
        ok,
        diagnostics: &parsed.diagnostics,
        list: parsed.list.as_ref(),
    })
}

/// Checks a version against a list from `parseVersions` (or the text it read) for a cluster
/// with `options.supportPlan` and `options.tier`: supported for attach, upgrades, the blobfuse
/// crossing.
#[wasm_bindgen(js_name = checkVersion, unchecked_return_type = "VersionCheck")]
pub fn check_version(
    #[wasm_bindgen(unchecked_param_type = "VersionList | string")] list: JsValue,
    version: &str,
    options: Option<CheckVersionOptionsInput>,
) -> Result<JsValue, JsValue> {
    let checked = || -> Result<_, RequestError> {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        let now = now_option(&options)?;
        let text = |name: &str| option(&options, name).and_then(|v| v.as_string());
        let plan = Plan::of(text("tier").as_deref(), text("supportPlan").as_deref());
        // Anything that is not a list (a number, a function) is no version list either.
        let list = held(&list).map_err(|_| RequestError::NotAVersionList)?;
        request::check_version(list.given(), version, plan, now)
    };
    to_js(&checked().map_err(|e| thrown(&e))?)
}

#[wasm_bindgen]
extern "C" {
    /// `CheckVersionOptions`.
    #[wasm_bindgen(typescript_type = "CheckVersionOptions")]
    pub type CheckVersionOptionsInput;
}

#[derive(Serialize)]
struct ParsedVersionsJs<'a> {
    ok: bool,
    diagnostics: &'a [Diagnostic],
    list: Option<&'a VersionList>,
}
