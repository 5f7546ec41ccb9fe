//! The attach and detach workflows as state machines: each answer in, the next step out (send
//! this, wait then send, ask for a fresh token, done, failed). The attach GETs the compute first
//! and refuses to PUT over one that exists; both follow their long-running operation to the end
//! and finish with the compute's own state. A write ARM refuses for want of multi-factor
//! authentication is sent once more with a token carrying the claims ARM asked for; refused
//! again, or with no such token to be had, the workflow stops with `MfaRequired`.

use super::progress::Progress;
use crate::resource_id::WorkspaceId;
use serde::Serialize;
use serde_json::Value;

use super::sender::{Follow, OperationNext, Sender};
use super::{
    detach_compute, get_compute, lro_start, parse_compute, put_compute, ArmError, Cloud,
    ComputeInfo, LroStart, Request, Response, RetryPolicy,
};

/// Most polls before giving up on an operation (with 5–60 s between them, well over an hour).
const MAX_POLLS: u32 = 360;

/// What the caller does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step<T> {
    /// Send this request now.
    Send(Request),
    /// Wait, then send this request.
    Wait {
        /// Milliseconds to wait.
        ms: u32,
        /// What to send after.
        request: Request,
        /// Why, for the progress display.
        reason: Progress,
    },
    /// Get a fresh token, then send this request again.
    RefreshToken {
        /// The request.
        request: Request,
        /// The claims request (JSON) the token must satisfy, when ARM asked for one: pass it to
        /// the sign-in (MSAL's `claims`).
        claims: Option<String>,
    },
    /// Finished.
    Done(T),
    /// Stopped by an error.
    Failed(ArmError),
}

/// A workflow the caller drives: it sends each step's request and hands back the answer, or that
/// none came.
pub trait Workflow {
    /// What the workflow ends with.
    type Output;
    /// The next step after an answer; `jitter` in `0..1` spreads retries.
    fn on_response(&mut self, response: &Response, jitter: f64) -> Step<Self::Output>;
    /// The next step when no answer came (network error, timeout, CORS).
    fn on_no_answer(&mut self, error: ArmError, jitter: f64) -> Step<Self::Output>;
    /// The next step when no token could be had for the last step's request (the sign-in
    /// failed or was refused); by default the same as no answer.
    fn on_no_token(&mut self, error: ArmError, jitter: f64) -> Step<Self::Output> {
        self.on_no_answer(error, jitter)
    }
}

/// How a workflow ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Outcome {
    /// Attached; the compute as ARM now shows it.
    Attached {
        /// The compute.
        compute: ComputeInfo,
    },
    /// The operation ended, but the compute reports `Failed`, with its provisioning errors.
    ComputeFailed {
        /// The compute.
        compute: ComputeInfo,
    },
    /// A compute of that name exists already; nothing was sent.
    AlreadyExists {
        /// The existing compute.
        compute: ComputeInfo,
    },
    /// Detached (or there was nothing to detach).
    Detached,
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    CheckName,
    Put,
    Follow(Follow),
    ReadBack,
    Delete,
}

/// The attach of one compute.
#[derive(Debug, Clone)]
pub struct Attach {
    cloud: Cloud,
    workspace: WorkspaceId,
    name: String,
    body: Value,
    phase: Phase,
    sender: Sender,
    /// The operation's error, kept while the compute is read for its own.
    pending_error: Option<ArmError>,
}

impl Attach {
    /// The workflow, and its first step: GET the compute to see whether the name is taken.
    pub fn start(
        cloud: &Cloud,
        workspace: &WorkspaceId,
        name: &str,
        body: Value,
        policy: RetryPolicy,
    ) -> (Attach, Step<Outcome>) {
        let first = get_compute(cloud, workspace, name);
        let attach = Attach {
            cloud: cloud.clone(),
            workspace: workspace.clone(),
            name: name.to_owned(),
            body,
            phase: Phase::CheckName,
            sender: Sender::new(&first, policy),
            pending_error: None,
        };
        (attach, Step::Send(first))
    }

    /// The detach of one compute: `DELETE …?underlyingResourceAction=Detach`, then its operation.
    pub fn detach(
        cloud: &Cloud,
        workspace: &WorkspaceId,
        name: &str,
        policy: RetryPolicy,
    ) -> (Attach, Step<Outcome>) {
        let first = detach_compute(cloud, workspace, name);
        let detach = Attach {
            cloud: cloud.clone(),
            workspace: workspace.clone(),
            name: name.to_owned(),
            body: Value::Null,
            phase: Phase::Delete,
            sender: Sender::new(&first, policy),
            pending_error: None,
        };
        (detach, Step::Send(first))
    }

    /// The tenant (an id or a domain) the advice of an MFA refusal names in its commands.
    pub fn with_tenant(mut self, tenant: Option<&str>) -> Attach {
        self.sender.set_tenant(tenant);
        self
    }

    fn send(&mut self, phase: Phase, request: Request) -> Step<Outcome> {
        self.phase = phase;
        self.sender.send(request)
    }

    fn wait(
        &mut self,
        phase: Phase,
        after_secs: u32,
        request: Request,
        reason: Progress,
    ) -> Step<Outcome> {
        self.phase = phase;
        self.sender.wait(after_secs, request, reason)
    }

    /// True for a detach (it has no body to send).
    fn is_detach(&self) -> bool {
        self.body.is_null()
    }

    fn get(&self) -> Request {
        get_compute(&self.cloud, &self.workspace, &self.name)
    }

    fn read_back(&mut self) -> Step<Outcome> {
        let request = self.get();
        self.send(Phase::ReadBack, request)
    }
}

impl Workflow for Attach {
    type Output = Outcome;

    /// The next step after `response` to the last request; `jitter` is a random number in [0, 1).
    fn on_response(&mut self, response: &Response, jitter: f64) -> Step<Outcome> {
        // A 404 while checking the name is the good answer, not a failure; so is a 404 while a
        // detach watches the compute itself (its operation headers hidden): it is gone.
        let name_free = self.phase == Phase::CheckName && response.status == 404;
        let gone = self.is_detach()
            && matches!(self.phase, Phase::Follow(Follow::Resource { .. }))
            && response.status == 404;
        if gone {
            return Step::Done(Outcome::Detached);
        }
        if !name_free {
            if let Some(step) = self.sender.screen(response, jitter) {
                return step;
            }
        }
        match self.phase.clone() {
            Phase::CheckName if name_free => self.send(
                Phase::Put,
                put_compute(&self.cloud, &self.workspace, &self.name, &self.body),
            ),
            Phase::CheckName => match parse_compute(response) {
                Ok(compute) => Step::Done(Outcome::AlreadyExists { compute }),
                Err(error) => Step::Failed(error),
            },
            // A detach that finished at once has nothing to read back.
            Phase::Delete if lro_start(response) == LroStart::Done => Step::Done(Outcome::Detached),
            Phase::Put | Phase::Delete => {
                let resource = self.get();
                let (follow, step) = self.sender.follow(response, resource);
                self.phase = follow.map_or(Phase::ReadBack, Phase::Follow);
                step
            }
            Phase::Follow(Follow::Operation(operation)) => {
                match self.sender.operation_next(response, &operation, MAX_POLLS) {
                    OperationNext::Poll(next, step) => {
                        self.phase = Phase::Follow(Follow::Operation(next));
                        step
                    }
                    OperationNext::Succeeded if self.is_detach() => Step::Done(Outcome::Detached),
                    OperationNext::Succeeded => self.read_back(),
                    OperationNext::Failed(error) if !self.is_detach() => {
                        // Read the compute for its provisioning errors; fall back to the operation's.
                        self.pending_error = Some(error);
                        self.read_back()
                    }
                    OperationNext::Failed(error) | OperationNext::Stopped(error) => {
                        Step::Failed(error)
                    }
                }
            }
            Phase::Follow(Follow::Resource { after_secs, polls }) => {
                match parse_compute(response) {
                    Ok(compute) => {
                        let state = compute.provisioning_state.clone();
                        // A detach goes on until the compute is gone (a 404, above) unless it fails;
                        // an attach until the compute settles.
                        let waiting = if self.is_detach() {
                            !state.eq_ignore_ascii_case("Failed")
                        } else {
                            is_busy(&state)
                        };
                        if !waiting {
                            return finished(compute);
                        }
                        if polls >= MAX_POLLS {
                            if !self.is_detach() {
                                return finished(compute);
                            }
                            return self.sender.fail(ArmError::unfinished(&format!(
                            "ARM accepted the detach, but after {polls} reads compute {} is still there ({state})",
                            self.name
                        )));
                        }
                        let request = self.get();
                        self.wait(
                            Phase::Follow(Follow::Resource {
                                after_secs,
                                polls: polls + 1,
                            }),
                            after_secs,
                            request,
                            Progress::Compute { state },
                        )
                    }
                    Err(error) => Step::Failed(error),
                }
            }
            Phase::ReadBack => match parse_compute(response) {
                Ok(compute) => finished(compute),
                Err(error) => Step::Failed(self.pending_error.take().unwrap_or(error)),
            },
        }
    }

    /// The next step after the last request got no answer (`error`: network or timeout).
    fn on_no_answer(&mut self, error: ArmError, jitter: f64) -> Step<Outcome> {
        self.sender.no_answer(error, jitter)
    }

    /// No token with the claims ARM asked for could be had (the sign-in was blocked, closed or
    /// refused): stop with ARM's MFA refusal. Any other token failure counts as no answer.
    fn on_no_token(&mut self, error: ArmError, jitter: f64) -> Step<Outcome> {
        self.sender.no_token(error, jitter)
    }
}

fn is_busy(state: &str) -> bool {
    matches!(
        state.to_ascii_lowercase().as_str(),
        "creating" | "updating" | "deleting" | "unknown" | "accepted" | "running"
    )
}

fn finished(compute: ComputeInfo) -> Step<Outcome> {
    if compute.provisioning_state.eq_ignore_ascii_case("Failed") {
        Step::Done(Outcome::ComputeFailed { compute })
    } else {
        Step::Done(Outcome::Attached { compute })
    }
}
