//! The `explain` exports: the troubleshooter over pasted error text, and its knowledge base.

use wasm_bindgen::prelude::*;

use super::held::held_option;
use super::{js_value, now_option, option, shell_option, thrown, to_js};
use crate::explain::known_failures;
use crate::request::{self, RequestError};
use crate::spec::Workspace;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** How sure a match is: `high` for a code and its message, `medium` for the message, `low` for a symptom. */
export type Confidence = "low" | "medium" | "high";

/** A pre-flight read that would confirm or rule out a cause. */
export type CheckKind =
  | "workspace-identity-roles" | "compute-identity-roles" | "caller-permissions" | "cluster-extensions"
  | "cluster-access" | "cluster-node-pools" | "trusted-access-bindings" | "workspace-properties"
  | "workspace-computes" | "policy-assignments" | "extension-pods" | "cluster-namespaces" | "cli-versions";

/** A fact the pre-flight read, and whether it is the problem the cause names (`supports`) or shows it is not there (`against`). */
export interface Finding { fact: string; bearing: "supports" | "against" }

/** A fix: what to do, and the commands (written for the spec and workspace given, `<placeholders>` otherwise). */
export interface Fix { text: string; commands: { language: "bash" | "powershell" | "python"; text: string }[] }

/** One known failure found in the text. */
export interface ExplainedFailure {
  id: string;
  title: string;
  confidence: Confidence;
  /** What matched, where (1-based line and column, byte offset), with the text around it (secrets redacted). */
  evidence: { kind: "code" | "message" | "hint" | "additional-info" | "structure"; pattern: string; excerpt: string; line: number; column: number; offset: number }[];
  /** Most likely first; with pre-flight facts in the context, each has a verdict. */
  causes: {
    cause: string;
    fix: Fix;
    /** `preflight`: the signed-in pre-flight reads what the check needs, so running it judges the cause. */
    checks: { kind: CheckKind; description: string; finding: Finding | null; preflight: boolean }[];
    verdict: "confirmed" | "ruled-out" | "mixed" | null;
  }[];
  /** The documentation section or public issue the knowledge comes from, with the message as written there. */
  sources: { url: string; message: string }[];
  /** The Azure ML extension's settings at fault (a healthcheck code's setting, or the one the fix changes), with the value the pasted command or the installed extension gives it. */
  settings: SettingAtFault[];
}

/** An Azure ML extension setting a failure is about. */
export interface SettingAtFault {
  /** As the extension reads it, e.g. "inferenceRouterHA" (the extension form's field `extension.config.<key>`). */
  key: string;
  why: string;
  value: string | null;
  valueFrom: "command" | "installed" | null;
  default: string | null;
  /** The value the fix sets. */
  fixValue: string | null;
  /** A setting of the pasted command meant as this one that the extension does not read (another case, a retired name), as written. */
  ignored: string | null;
  source: string;
}

/** The kind of Azure resource a text names. */
export type ResourceKind =
  | "aks-cluster" | "arc-cluster" | "workspace" | "compute" | "extension" | "storage-account"
  | "container-registry" | "identity" | "relay" | "key-vault" | "role-assignment" | "policy-assignment"
  | "resource-group" | "subscription" | "other";

/** What the text's structure states: codes, the actions denied, the resources named (and which were not found), ids, regions, limits. */
export interface ErrorFacts {
  codes: string[];
  status?: number;
  denials: { action: string; scope?: string; client?: string; objectId?: string; scopeMayBeInvalid: boolean; linked: boolean }[];
  resources: { kind: ResourceKind; resourceType: string; name: string; resourceGroup?: string; subscription?: string; id?: string; missing: boolean; idProblems?: string[] }[];
  objectIds: string[];
  subscriptions: string[];
  regions: string[];
  namespaces: string[];
  kubernetesVersions: string[];
  unregisteredProviders: string[];
  policies: string[];
  limits: { min?: number; max?: number; name: boolean }[];
  computes: string[];
  workspaces: string[];
  cliExtensions: string[];
  /** The `--config` settings of the text's `az k8s-extension create` or `update` lines, `[key, value]`. */
  extensionConfig: [string, string][];
}

/** What `explain` returns. Tokens, keys and secrets in the input are redacted before it is read. */
export interface Explanation {
  input: { kind: "text" | "arm-error" | "provisioning-errors" | "compute" | "json"; bytes: number; truncated: boolean; redactions: number };
  matched: boolean;
  matches: ExplainedFailure[];
  /** The errors read from the input (codes, messages, policy names). */
  errors: { path: string; code?: string; message?: string; additionalInfo?: string[]; policies?: string[] }[];
  /** When nothing matched: the checks most worth running. */
  genericChecks: Fix[];
  /** Some command holds a `<placeholder>` to replace. */
  placeholders: boolean;
  notes: string[];
  /** What was read from the text's structure (the commands use these values where the form leaves them open). */
  facts: ErrorFacts;
  /** The same, for people: one clause per fact. */
  readFromText: string[];
}

/** How to explain: the shell of the commands and the context (workspace, and the pre-flight's facts). */
export interface ExplainOptions {
  shell?: "bash" | "pwsh";
  context?: ValidationContext | string | null;
  /** The moment whose date what is said about dated facts takes its tense from (default: now). */
  now?: Clock;
}

/** A known failure of the knowledge base. */
export interface KnownFailure { id: string; title: string; sources: { url: string; message: string }[] }
"#;

#[wasm_bindgen]
extern "C" {
    /// `ExplainOptions`.
    #[wasm_bindgen(typescript_type = "ExplainOptions")]
    pub type ExplainOptionsInput;
}

/// Explains what a failed attach printed (CLI, SDK or studio output, an ARM error, a compute's
/// `provisioningErrors`): the known failures in it, with evidence, causes and fix commands for
/// `spec` (YAML or JSON text, or an object; a spec with errors is not used). Never throws for
/// any text; throws an `AmlattachError` for an unknown shell ("unknown-shell"), a bad `now`
/// ("bad-now") or a context that cannot be read ("context-unreadable").
#[wasm_bindgen(js_name = explain, unchecked_return_type = "Explanation")]
pub fn explain(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "string | object | null")] spec: Option<JsValue>,
    options: Option<ExplainOptionsInput>,
) -> Result<JsValue, JsValue> {
    explained(text, spec, options).map_err(|e| thrown(&e))
}

fn explained(
    text: &str,
    spec: Option<JsValue>,
    options: Option<ExplainOptionsInput>,
) -> Result<JsValue, RequestError> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
    let shell = shell_option(&options)?;
    let now = now_option(&options)?;
    let context = held_option(option(&options, "context"))?;
    let spec = held_option(spec)?;
    let explained = request::explain(
        text,
        spec.as_ref().map(|s| s.given()),
        context.as_ref().map(|c| c.given()),
        &Workspace::default(),
        shell,
        now,
    )?;
    js_value(&explained.explanation)
}

#[wasm_bindgen(js_name = knownFailures, unchecked_return_type = "KnownFailure[]")]
pub fn known_failures_js() -> Result<JsValue, JsValue> {
    to_js(&known_failures())
}
