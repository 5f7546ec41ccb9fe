//! The ARM exports: the core's workflows driven over the global `fetch`. This file moves bytes
//! and nothing else: it sends what the core asks for, with a bearer token fetched from JS for
//! each request (never kept), waits when told to, and hands every answer back to the core.

use gloo_net::http::RequestBuilder;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::held::held;
use super::{js_error, thrown, to_js, SpecInput};
use crate::arm::{
    ArmError, Attach, Cloud, CreateNamespace, Discover, Method, NamespaceOutcome, Outcome,
    PreflightRead, Progress, Request, Response, RetryPolicy, Step, Workflow,
};
use crate::request::{self, RequestError};

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** Where ARM is and how to get a token. */
export interface ArmOptions {
  /** "public" (default), "usgov", "china", or any ARM-compatible base URL (the local emulator). */
  cloud?: string;
  /**
   * Called for every request; `refresh` is true after a 401. Return an ARM access token. After
   * ARM refused a write for want of multi-factor authentication, `request.claims` is the claims
   * request (JSON, as MSAL's `claims` takes it) the token must satisfy: reject when none can be
   * had, and the call stops with `kind: "mfa-required"`.
   */
  getToken: (refresh: boolean, request?: TokenRequest) => Promise<string>;
  /** The tenant (id or domain) the sign-in is for: named in the commands of an MFA refusal's advice. */
  tenant?: string;
  /** Seconds before a request with no answer counts as lost (1–600; 30 by default). */
  timeoutSeconds?: number;
  /** Progress while a call waits: branch on `step`, show `message`; discovery adds what it found so far. */
  onProgress?: (progress: ArmProgress) => void;
}

/**
 * A step of a call in progress, typed: `operation-started` when ARM accepted a write and its
 * operation is followed, `operation` with its `status`, `compute` / `namespace` with the resource's
 * provisioning `state` (followed when the operation headers are hidden), `retry` with the HTTP
 * `status` being tried again, `no-answer`, `pacing`, and `found` (discovery, with `found`).
 * `message` is the same as a sentence for people.
 */
export type ArmProgress = (
  | { step: "operation-started" }
  | { step: "operation"; status: string }
  | { step: "compute"; state: string }
  | { step: "namespace"; state: string }
  | { step: "retry"; status: number }
  | { step: "no-answer" }
  | { step: "pacing" }
  | { step: "found"; found: Discovered }
) & { message: string; requests: number };

/** A pasted token, checked: never the token itself, only where it is in the pasted text. */
export interface TokenCheck {
  /** True when it is an access token for this cloud's ARM and has not expired. */
  usable: boolean;
  pasted: "empty" | "token" | "bearer-header" | "token-json" | "other";
  /** Where the token is in the pasted text (string indices): `pasted.slice(start, end)`. */
  tokenAt?: { start: number; end: number };
  audience?: string;
  tenant?: string;
  /** `upn`, `unique_name`, `preferred_username`, or "app <id>" for a service principal. */
  account?: string;
  /** Unix seconds. */
  expiresAt?: number;
  /** Negative once expired. */
  minutesLeft?: number;
  /** Whether the sign-in used multi-factor authentication (ARM refuses writes by users without). */
  mfa: boolean;
  /** What stops its use, each a sentence saying what to do. */
  problems: string[];
  /** What to know that does not stop it. */
  notes: string[];
  /** A usable token in one sentence (whom it is for, until when); empty when not usable. */
  summary: string;
}

/** What a token must satisfy beyond being fresh. */
export interface TokenRequest {
  /** The claims request (JSON text) ARM asked for: pass it as MSAL's `claims`. */
  claims: string;
}

/** What an ARM failure is, to branch on. */
export type ArmFailureKind = "service" | "unauthorized" | "policy-denied" | "mfa-required" | "throttled" | "network" | "timeout" | "malformed" | "operation-failed";

/** How to sign in again with multi-factor authentication with one client. */
export interface ClientAdvice {
  /** "Azure CLI", "Azure PowerShell". */
  client: string;
  /** The first version that takes a claims challenge. */
  minimumVersion: string;
  /** The commands to run, in order. */
  commands: string[];
}

/** ARM refused a create, update or delete for want of multi-factor authentication. */
export interface MfaRequired {
  /** "challenge": ARM's WWW-Authenticate claims challenge; "body": the error body alone (the header hidden). */
  source: "challenge" | "body";
  /** The claims request (JSON text), as MSAL's `claims` takes it. */
  claims: string;
  /** The same in base64, as `az login --claims-challenge` and `Connect-AzAccount -ClaimsChallenge` take it. */
  claimsChallenge: string;
  /** The tenant the commands name, when known. */
  tenant?: string;
  /** When Azure began to enforce MFA for ARM writes (YYYY-MM-DD). */
  enforcedSince: string;
  /** The enforcement as a sentence, worded as of today: show this, not a sentence of your own. */
  enforcement: string;
  azureCli: ClientAdvice;
  azurePowershell: ClientAdvice;
}

/** An ARM failure, with everything ARM said. */
export interface ArmFailure {
  kind: ArmFailureKind;
  status: number;
  code: string;
  message: string;
  target?: string;
  details?: { code: string; message: string; target?: string; position?: QueryPosition }[];
  additionalInfo?: { type: string; info: unknown }[];
  /** With `kind: "mfa-required"`: the claims request and how to sign in again with MFA. */
  mfa?: MfaRequired;
  /** The failure in one sentence, with its details and any policy that denied it: show this. */
  sentence: string;
}

/** Where Resource Graph stopped reading a query. */
export interface QueryPosition {
  line: number;
  /** From 0 (`characterPositionInLine`). */
  character: number;
  /** The token found there (`<EOF>` at the end), cut to 40 characters. */
  token?: string;
}

/** A compute as ARM shows it. */
export interface ComputeState {
  name: string;
  computeType: string;
  resourceId: string | null;
  provisioningState: string;
  provisioningErrors: unknown[];
  namespace: string | null;
}

/** How an attach or detach ended. */
export type ArmOutcome =
  | { result: "attached"; compute: ComputeState }
  | { result: "compute-failed"; compute: ComputeState }
  | { result: "already-exists"; compute: ComputeState }
  | { result: "detached" };

/** An AKS managed namespace. */
export interface ManagedNamespace {
  id: string;
  name: string;
  provisioningState: string;
  adoptionPolicy: string | null;
  deletePolicy: string | null;
}

/** How `armCreateNamespace` ended: created (or an identical one taken over), or ARM managed one already. */
export type NamespaceOutcome =
  | { result: "created"; namespace: ManagedNamespace }
  | { result: "already-managed"; namespace: ManagedNamespace };

/** Every cluster and workspace in view. */
export interface Discovered {
  clusters: { id: string; name: string; location: string; kind: string; kubernetesVersion: string | null; amlExtension: { name: string; extensionType: string; provisioningState: string; releaseNamespace: string | null } | null }[];
  workspaces: {
    id: string; name: string; location: string; identityType: string | null; principalId: string | null;
    /** Its user-assigned identities, in the answer's order. */
    userAssigned: { id: string; principalId: string | null }[];
    /** The user-assigned identity that acts as the workspace's (`properties.primaryUserAssignedIdentity`). */
    primaryUserAssignedIdentity: string | null;
  }[];
  notes: { what: string; error: ArmFailure }[];
  requests: number;
}

/** The pre-flight: the context for `validate`, and what could not be read. */
export interface PreflightFacts {
  context: ValidationContext;
  notes: { what: string; error: ArmFailure }[];
  requests: number;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `ArmOptions`.
    #[wasm_bindgen(typescript_type = "ArmOptions")]
    pub type ArmOptions;
}

/// How requests are sent for one export call.
#[derive(Clone)]
pub(super) struct Io {
    pub(super) cloud: Cloud,
    pub(super) tenant: Option<String>,
    get_token: js_sys::Function,
    on_progress: Option<js_sys::Function>,
    timeout_ms: u32,
    requests: u32,
}

impl Io {
    pub(super) fn new(options: &ArmOptions) -> Result<Io, JsValue> {
        let options: &JsValue = options;
        let get = |name: &str| {
            js_sys::Reflect::get(options, &JsValue::from_str(name))
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let cloud = request::cloud(get("cloud").and_then(|v| v.as_string()).as_deref())
            .map_err(|e| thrown(&e))?;
        let get_token = get("getToken")
            .and_then(|v| v.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| thrown(&RequestError::NoTokenCallback))?;
        Ok(Io {
            cloud,
            tenant: get("tenant").and_then(|v| v.as_string()),
            get_token,
            on_progress: get("onProgress").and_then(|v| v.dyn_into().ok()),
            timeout_ms: get("timeoutSeconds")
                .and_then(|v| v.as_f64())
                .filter(|s| s.is_finite() && *s >= 1.0 && *s <= 600.0)
                .map_or(RetryPolicy::default().timeout_secs * 1000, |s| {
                    (s * 1000.0) as u32
                }),
            requests: 0,
        })
    }

    fn progress(&self, step: &Progress) {
        self.progress_with::<()>(step, None);
    }

    /// Progress: the typed step (`step` and its fields), its sentence, the count of requests,
    /// and what has been found so far.
    fn progress_with<T: Serialize>(&self, step: &Progress, found: Option<&T>) {
        if let Some(callback) = &self.on_progress {
            let progress = to_js(step).unwrap_or_else(|_| js_sys::Object::new().into());
            let _ = js_sys::Reflect::set(
                &progress,
                &"message".into(),
                &JsValue::from_str(&step.to_string()),
            );
            let _ =
                js_sys::Reflect::set(&progress, &"requests".into(), &JsValue::from(self.requests));
            if let Some(found) = found.and_then(|f| to_js(f).ok()) {
                let _ = js_sys::Reflect::set(&progress, &"found".into(), &found);
            }
            // A throwing progress callback must not stop the workflow.
            let _ = callback.call1(&JsValue::NULL, &progress);
        }
    }

    async fn token(&self, refresh: bool, claims: Option<&str>) -> Result<String, ArmError> {
        let request = match claims {
            Some(claims) => {
                let request = js_sys::Object::new();
                let _ =
                    js_sys::Reflect::set(&request, &"claims".into(), &JsValue::from_str(claims));
                request.into()
            }
            None => JsValue::UNDEFINED,
        };
        let promise = self
            .get_token
            .call2(&JsValue::NULL, &JsValue::from_bool(refresh), &request)
            .map_err(|_| ArmError::network("getToken threw"))?;
        let value = JsFuture::from(js_sys::Promise::resolve(&promise))
            .await
            .map_err(|_| ArmError::network("getToken failed"))?;
        value
            .as_string()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ArmError::network("getToken gave no token"))
    }

    /// Sends one request; `Err` when no token could be had or no answer came (the core decides
    /// what to do next).
    async fn send(
        &mut self,
        request: &Request,
        refresh: bool,
        claims: Option<&str>,
    ) -> Result<Response, Unanswered> {
        self.requests += 1;
        let token = self
            .token(refresh, claims)
            .await
            .map_err(Unanswered::NoToken)?;
        let signal = web_sys::AbortSignal::timeout_with_u32(self.timeout_ms);
        let builder = match request.method {
            Method::Get => RequestBuilder::new(&request.url).method(gloo_net::http::Method::GET),
            Method::Put => RequestBuilder::new(&request.url).method(gloo_net::http::Method::PUT),
            Method::Post => RequestBuilder::new(&request.url).method(gloo_net::http::Method::POST),
            Method::Delete => {
                RequestBuilder::new(&request.url).method(gloo_net::http::Method::DELETE)
            }
            Method::Patch => {
                RequestBuilder::new(&request.url).method(gloo_net::http::Method::PATCH)
            }
        }
        .header("Authorization", &format!("Bearer {token}"))
        .header("x-ms-client-request-id", &request_id())
        .abort_signal(Some(&signal));
        let builder = request
            .headers
            .iter()
            .fold(builder, |b, (name, value)| b.header(name, value));
        let sent = match &request.body {
            Some(body) => {
                builder
                    .body(body.clone())
                    .map_err(|_| {
                        Unanswered::NoAnswer(ArmError::network("the request could not be built"))
                    })?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        let answer = sent.map_err(|_| {
            Unanswered::NoAnswer(if signal.aborted() {
                ArmError::timeout(self.timeout_ms / 1000)
            } else {
                ArmError::network("the request failed (network, CORS or a dropped connection)")
            })
        })?;
        let headers = answer.headers().entries().collect();
        let status = answer.status();
        let body = answer
            .text()
            .await
            .map_err(|_| Unanswered::NoAnswer(ArmError::network("the answer was cut off")))?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    /// Runs a workflow to its end.
    pub(super) async fn drive<W: Workflow>(
        &mut self,
        mut step: Step<W::Output>,
        flow: &std::cell::RefCell<W>,
    ) -> Result<W::Output, ArmError> {
        loop {
            let (request, refresh, claims) = match step {
                Step::Done(value) => return Ok(value),
                Step::Failed(error) => return Err(error),
                Step::Send(request) => (request, false, None),
                Step::RefreshToken { request, claims } => (request, true, claims),
                Step::Wait {
                    ms,
                    request,
                    reason,
                } => {
                    self.progress(&reason);
                    gloo_timers::future::TimeoutFuture::new(ms).await;
                    (request, false, None)
                }
            };
            let jitter = js_sys::Math::random();
            step = match self.send(&request, refresh, claims.as_deref()).await {
                Ok(response) => flow.borrow_mut().on_response(&response, jitter),
                Err(Unanswered::NoToken(error)) => flow.borrow_mut().on_no_token(error, jitter),
                Err(Unanswered::NoAnswer(error)) => flow.borrow_mut().on_no_answer(error, jitter),
            };
        }
    }
}

/// Why a request got no answer.
enum Unanswered {
    /// The token callback failed or gave nothing.
    NoToken(ArmError),
    /// The request was sent (or could not be) and no answer came.
    NoAnswer(ArmError),
}

/// A random request id in UUID form (for ARM's logs; not a secret).
fn request_id() -> String {
    let hex: String = (0..32)
        .map(|i| match i {
            12 => '4',
            16 => ['8', '9', 'a', 'b'][(js_sys::Math::random() * 4.0) as usize % 4],
            _ => char::from_digit((js_sys::Math::random() * 16.0) as u32 % 16, 16).unwrap_or('0'),
        })
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

pub(super) fn failure(error: &ArmError) -> JsValue {
    // An MFA refusal's enforcement sentence takes its tense from the run's date.
    let worded = super::now_option(&JsValue::UNDEFINED)
        .map(|now| error.clone().worded(now))
        .unwrap_or_else(|_| error.clone());
    let value = to_js(&worded).unwrap_or(JsValue::NULL);
    let thrown = js_error("ArmError", &error.code, &error.to_string());
    let _ = js_sys::Reflect::set(&thrown, &"arm".into(), &value);
    thrown
}

fn workspace_ref(id: &str) -> Result<crate::resource_id::WorkspaceId, JsValue> {
    request::workspace(id).map_err(|e| thrown(&e))
}

fn cluster_ref(id: &str) -> Result<crate::resource_id::ClusterId, JsValue> {
    request::cluster(id).map_err(|e| thrown(&e))
}

/// Checks a pasted token before it is used: what was pasted (a token, `Bearer …`, the JSON of
/// `az account get-access-token`), where the token is in it (`tokenAt`, JavaScript string
/// indices: slice it out; the result never holds it), and its claims against `options.cloud`'s
/// ARM and `options.now`. Nothing is sent anywhere.
#[wasm_bindgen(js_name = checkToken, unchecked_return_type = "TokenCheck")]
pub fn check_token(
    pasted: &str,
    #[wasm_bindgen(unchecked_param_type = "{ cloud?: string; now?: number | Date | string }")]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let cloud_name = js_sys::Reflect::get(&options, &JsValue::from_str("cloud"))
        .ok()
        .and_then(|v| v.as_string());
    let cloud = request::cloud(cloud_name.as_deref()).map_err(|e| thrown(&e))?;
    let now = super::now_option(&options).map_err(|e| thrown(&e))?;
    to_js(&crate::arm::check_token(pasted, &cloud, now))
}

/// The smallest production cluster (FastProd): the line the page's capacity picture draws
/// and the validator's own rule (`spec::PRODUCTION_MINIMUM`).
#[wasm_bindgen(js_name = productionMinimum, unchecked_return_type = "{ nodes: number; vcpus: number }")]
pub fn production_minimum() -> Result<JsValue, JsValue> {
    to_js(&crate::spec::PRODUCTION_MINIMUM)
}

/// Finds every AKS and Arc cluster, workspace and Azure ML extension the token can see: the
/// three Resource Graph queries at once, or the per-subscription lists when Resource Graph is
/// refused. `onProgress` receives what is found as each query finishes.
#[wasm_bindgen(js_name = armDiscover, unchecked_return_type = "Promise<Discovered>")]
pub async fn arm_discover(options: ArmOptions) -> Result<JsValue, JsValue> {
    let io = Io::new(&options)?;
    let mut discover = Discover::new(&io.cloud, RetryPolicy::default());
    loop {
        let round = discover.next_round();
        if round.is_empty() {
            break;
        }
        let flow = &discover;
        let lanes = round.into_iter().map(|(index, first)| {
            let mut io = io.clone();
            async move {
                let Some(lane) = flow.lane(index) else {
                    return Ok(());
                };
                let result = io.drive(first, lane).await;
                io.progress_with(&Progress::Found, Some(&flow.lane_finished(index)));
                result.map(|_| ())
            }
        });
        for result in futures_util::future::join_all(lanes).await {
            result.map_err(|e| failure(&e))?;
        }
    }
    to_js(&discover.result())
}

#[derive(Serialize)]
struct PreflightJs {
    context: serde_json::Value,
    notes: Vec<crate::arm::Note>,
    requests: u32,
}

/// Reads the facts of a workspace and a cluster and returns them as a validation context.
#[wasm_bindgen(js_name = armPreflight, unchecked_return_type = "Promise<PreflightFacts>")]
pub async fn arm_preflight(
    options: ArmOptions,
    workspace_id: String,
    cluster_id: String,
) -> Result<JsValue, JsValue> {
    let mut io = Io::new(&options)?;
    let workspace = workspace_ref(&workspace_id)?;
    let cluster = cluster_ref(&cluster_id)?;
    let (flow, first) =
        PreflightRead::start(&io.cloud, &workspace, &cluster, RetryPolicy::default());
    let result = io
        .drive(first, &std::cell::RefCell::new(flow))
        .await
        .map_err(|e| failure(&e))?;
    to_js(&PreflightJs {
        context: result.facts.context().to_json(),
        notes: result.notes,
        requests: result.requests,
    })
}

/// Attaches a valid spec to a workspace: refuses an existing compute, PUTs, follows the operation.
#[wasm_bindgen(js_name = armAttach, unchecked_return_type = "Promise<ArmOutcome>")]
pub async fn arm_attach(
    options: ArmOptions,
    spec: SpecInput,
    workspace_id: String,
) -> Result<JsValue, JsValue> {
    let mut io = Io::new(&options)?;
    // The clock changes no verdict of validity, only the wording of warnings.
    let now = super::now_option(&JsValue::UNDEFINED).map_err(|e| thrown(&e))?;
    let spec = held(&spec).map_err(|e| thrown(&e))?;
    let plan =
        request::attach_plan(spec.given(), None, &workspace_id, now).map_err(|e| thrown(&e))?;
    let (flow, first) = Attach::start(
        &io.cloud,
        &plan.workspace,
        &plan.name,
        plan.body,
        RetryPolicy::default(),
    );
    let flow = flow.with_tenant(io.tenant.as_deref());
    let outcome: Outcome = io
        .drive(first, &std::cell::RefCell::new(flow))
        .await
        .map_err(|e| failure(&e))?;
    to_js(&outcome)
}

/// Detaches a compute (never deletes the cluster) and follows the operation.
#[wasm_bindgen(js_name = armDetach, unchecked_return_type = "Promise<ArmOutcome>")]
pub async fn arm_detach(
    options: ArmOptions,
    workspace_id: String,
    name: String,
) -> Result<JsValue, JsValue> {
    let mut io = Io::new(&options)?;
    let workspace = workspace_ref(&workspace_id)?;
    let (flow, first) = Attach::detach(&io.cloud, &workspace, &name, RetryPolicy::default());
    let flow = flow.with_tenant(io.tenant.as_deref());
    let outcome: Outcome = io
        .drive(first, &std::cell::RefCell::new(flow))
        .await
        .map_err(|e| failure(&e))?;
    to_js(&outcome)
}

/// Creates the compute's namespace on an AKS cluster through ARM, as a managed namespace (no
/// kubeconfig needed; works with local accounts disabled): GET first (nothing is sent when ARM
/// manages it already), PUT, follow the operation. `location` is the cluster's region when
/// known. An Arc cluster throws `ArmError` with code "MalformedResponse": its namespaces are
/// made with kubectl.
#[wasm_bindgen(js_name = armCreateNamespace, unchecked_return_type = "Promise<NamespaceOutcome>")]
pub async fn arm_create_namespace(
    options: ArmOptions,
    cluster_id: String,
    namespace: String,
    location: Option<String>,
) -> Result<JsValue, JsValue> {
    let mut io = Io::new(&options)?;
    let cluster = cluster_ref(&cluster_id)?;
    let (flow, first) = CreateNamespace::start(
        &io.cloud,
        &cluster,
        &namespace,
        location.as_deref(),
        RetryPolicy::default(),
    )
    .map_err(|e| failure(&e))?;
    let flow = flow.with_tenant(io.tenant.as_deref());
    let outcome: NamespaceOutcome = io
        .drive(first, &std::cell::RefCell::new(flow))
        .await
        .map_err(|e| failure(&e))?;
    to_js(&outcome)
}
