//! The one wasm edge: converts JS values to core inputs and core results to JS values, nothing else.
//!
//! Every export is camelCase, returns plain JS objects (no classes to free) and is typed by the
//! TypeScript declarations below, which wasm-bindgen copies into the generated `.d.ts`. Errors
//! thrown to JS are `Error`s with `name` (the Rust type) and `code` (the variant).

#[cfg(feature = "live")]
mod arm;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::document::{self, Node};
use crate::generate::{generate_checked, Applies, Shell, Target};
use crate::secret::{self, SecretOptions};
use crate::validate::{document_error, validate_in_context, Validation};
use crate::versions::{self, VersionList};
use crate::x509::{CertificateFacts, KeyFacts};
use crate::{Diagnostic, Report};

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

/** Options of `decodeSecret`. */
export interface DecodeSecretOptions {
  /** The CNAME you will attach with: checked against the leaf certificate's DNS names and CN. */
  cname?: string;
  /** "Now" in milliseconds since the epoch (default `Date.now()`), for the expiry checks. */
  now?: number;
}

/** One certificate of `cert.pem`, leaf first. */
export interface CertificateInfo {
  /** RFC 4514, most specific first: `CN=example.com,O=Contoso`. */
  subject: string;
  commonName: string | null;
  issuer: string;
  /** DNS names of the subject alternative name extension. */
  dnsNames: string[];
  /** RFC 3339 UTC, `2025-01-31T12:00:00Z`. */
  notBefore: string;
  notAfter: string;
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  serial: string;
  /** OpenSSL's name, `sha256WithRSAEncryption`. */
  signatureAlgorithm: string;
  /** `RSA 2048`, `EC P-256`. */
  publicKey: string;
  /** Subject and issuer are the same. */
  selfIssued: boolean;
  /** Whole days until `notAfter`; negative once expired. */
  daysUntilExpiry: number;
  /** Whether the next certificate is its issuer; null for the last one. */
  issuedByNext: boolean | null;
}

/** The private key's facts (never the key itself). */
export interface KeyInfo {
  type: "rsa" | "ec" | "ed25519" | "other";
  /** Modulus size for RSA, field size for EC. */
  bits: number | null;
  /** `P-256`, `P-384`, `P-521`, `secp256k1` or an OID; null for RSA. */
  curve: string | null;
  format: "pkcs8" | "pkcs1" | "sec1";
}

/** What `decodeSecret` returns. `certPem` and `keyPem` are the stored bytes, never sent anywhere. */
export interface DecodedSecret extends Report {
  certPem: string | null;
  keyPem: string | null;
  certificates: CertificateInfo[];
  key: KeyInfo | null;
  /** null when it cannot be told (no key, no certificate, or a key without its public half). */
  keyMatchesCertificate: boolean | null;
  chainInOrder: boolean;
}

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

/** What `checkVersion` returns. */
export interface VersionCheck extends Report {
  /** As found in the list (a minor resolves to its newest GA patch); null when not a version. */
  version: string | null;
  listed: boolean;
  isPreview: boolean;
  inWindow: boolean;
  /** Attach accepts it: listed, and in the window, on long-term support or a preview (no SLA). */
  supported: boolean;
  upgrades: { version: string; isPreview: boolean; crossesBlobfuse: boolean }[];
  /** Some upgrade crosses 1.16 → 1.17 (blobfuse FlexVolume → Blob CSI): redeploy v1 web services. */
  blobfuseCrossing: boolean;
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

/// Decodes an `azuremlfessl` secret (kubectl YAML or JSON, a List, a `data:` map, one base64
/// value or PEM) and inspects its certificates and key.
#[wasm_bindgen(js_name = decodeSecret, unchecked_return_type = "DecodedSecret")]
pub fn decode_secret(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "DecodeSecretOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    // Read with Reflect rather than a serde struct: a few bytes of glue instead of a deserializer.
    let options = options.filter(|o| !o.is_null() && !o.is_undefined());
    if options.as_ref().is_some_and(|o| !o.is_object()) {
        return Err(js_error(
            "InputError",
            "bad-options",
            "options must be an object like { cname: 'www.example.com' }",
        ));
    }
    let field = |key: &str| {
        options
            .as_ref()
            .and_then(|o| js_sys::Reflect::get(o, &JsValue::from_str(key)).ok())
    };
    let cname = field("cname").and_then(|v| v.as_string());
    let now_ms = field("now")
        .and_then(|v| v.as_f64())
        .unwrap_or_else(js_sys::Date::now);
    let decoded = secret::decode_secret(
        text,
        &SecretOptions {
            cname,
            // Milliseconds to whole seconds; `as` saturates on out-of-range and NaN.
            now_unix: (now_ms / 1000.0).floor() as i64,
        },
    );
    to_js(&DecodedSecretJs {
        ok: decoded.ok(),
        diagnostics: &decoded.diagnostics,
        cert_pem: decoded.cert_pem.as_deref(),
        // The one place the key leaves Rust: the page offers it as a download and a copy.
        key_pem: decoded.key_pem.as_ref().map(|k| k.expose()),
        certificates: &decoded.certificates,
        key: decoded.key.as_ref(),
        key_matches_certificate: decoded.key_matches_certificate,
        chain_in_order: decoded.chain_in_order,
    })
}

/// Reads `az aks get-versions` output (old or new table, JSON, YAML) or an upgrade profile.
#[wasm_bindgen(js_name = parseVersions, unchecked_return_type = "ParsedVersions")]
pub fn parse_versions(text: &str) -> Result<JsValue, JsValue> {
    let parsed = versions::parse_versions(text);
    let ok = parsed.list.is_some();
    to_js(&ParsedVersionsJs {
        ok,
        diagnostics: &parsed.diagnostics,
        list: parsed.list.as_ref(),
    })
}

/// Checks a version against a list from `parseVersions` (or the text it read): supported for
/// attach, upgrades, the blobfuse crossing.
#[wasm_bindgen(js_name = checkVersion, unchecked_return_type = "VersionCheck")]
pub fn check_version(
    #[wasm_bindgen(unchecked_param_type = "VersionList | string")] list: JsValue,
    version: &str,
) -> Result<JsValue, JsValue> {
    let not_a_list = || {
        js_error(
            "InputError",
            "not-a-version-list",
            "the first argument must be the `list` that parseVersions returned, or the text it read",
        )
    };
    let list = match list.as_string() {
        Some(text) => versions::parse_versions(&text).list,
        None => match to_node(&list)? {
            Ok(node) => versions::list_from_node(&node),
            Err(_) => None,
        },
    }
    .ok_or_else(not_a_list)?;
    to_js(&versions::check_version(&list, version))
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
    let output = generate_checked(&spec, context.as_ref(), target, shell)
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

/// The crate version the module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DecodedSecretJs<'a> {
    ok: bool,
    diagnostics: &'a [Diagnostic],
    cert_pem: Option<&'a str>,
    key_pem: Option<&'a str>,
    certificates: &'a [CertificateFacts],
    key: Option<&'a KeyFacts>,
    key_matches_certificate: Option<bool>,
    chain_in_order: bool,
}

#[derive(Serialize)]
struct ParsedVersionsJs<'a> {
    ok: bool,
    diagnostics: &'a [Diagnostic],
    list: Option<&'a VersionList>,
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
