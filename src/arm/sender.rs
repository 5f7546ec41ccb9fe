//! What the write workflows (attach, detach, the managed namespace, the extension's install)
//! share: the request in flight and what to do with its answer before reading it (retry, a fresh
//! token once after a 401 and once with ARM's claims after an MFA refusal, stop), or with no
//! answer or no token; how a write's long-running operation is followed from ARM's first answer;
//! and the reading of its status. Each workflow keeps its own phases and reads what only it
//! knows.

use super::progress::Progress;
use super::{
    lro_start, lro_status, ArmError, ArmErrorKind, Decision, LroStart, LroStatus, LroStep, Method,
    Renewals, Request, Response, RetryPolicy, Step,
};

/// The request in flight, its attempts, the tokens tried, and an MFA refusal kept while a token
/// with its claims is asked for.
#[derive(Debug, Clone)]
pub(super) struct Sender {
    last: Request,
    attempt: u32,
    renewals: Renewals,
    policy: RetryPolicy,
    /// ARM's MFA refusal: the failure when no token with its claims can be had.
    refused: Option<ArmError>,
    /// The tenant the MFA advice names, when known.
    tenant: Option<String>,
}

impl Sender {
    /// A sender whose first request is `first`.
    pub fn new(first: &Request, policy: RetryPolicy) -> Sender {
        Sender {
            last: first.clone(),
            attempt: 1,
            renewals: Renewals::default(),
            policy,
            refused: None,
            tenant: None,
        }
    }

    /// The tenant (an id or a domain) the advice of an MFA refusal names in its commands.
    pub fn set_tenant(&mut self, tenant: Option<&str>) {
        self.tenant = tenant.map(str::to_owned);
    }

    /// What to do with `response` before reading it: `Some` to retry, refresh the token or stop;
    /// `None` to read it.
    pub fn screen<T>(&mut self, response: &Response, jitter: f64) -> Option<Step<T>> {
        // An answer came: a token was had for the request.
        self.refused = None;
        match self
            .policy
            .after_response(response, self.attempt, self.renewals, jitter)
        {
            Decision::Accept => None,
            Decision::Retry { delay_ms } => {
                self.attempt += 1;
                Some(Step::Wait {
                    ms: delay_ms,
                    request: self.last.clone(),
                    reason: Progress::Retry {
                        status: response.status,
                    },
                })
            }
            Decision::RefreshToken { claims } => {
                if claims.is_some() {
                    self.renewals.claims = true;
                    self.refused = Some(ArmError::from_response(response));
                } else {
                    self.renewals.fresh = true;
                }
                Some(Step::RefreshToken {
                    request: self.last.clone(),
                    claims,
                })
            }
            Decision::Fail(error) => Some(self.fail(error)),
        }
    }

    /// Sends `request` next.
    pub fn send<T>(&mut self, request: Request) -> Step<T> {
        self.enter(request.clone());
        Step::Send(request)
    }

    /// Sends `request` after `after_secs` seconds; `reason` is for the progress display.
    pub fn wait<T>(&mut self, after_secs: u32, request: Request, reason: Progress) -> Step<T> {
        self.enter(request.clone());
        Step::Wait {
            ms: after_secs.saturating_mul(1000),
            request,
            reason,
        }
    }

    /// Stops with `error`, its MFA advice (if any) naming the tenant.
    pub fn fail<T>(&self, error: ArmError) -> Step<T> {
        Step::Failed(error.for_tenant(self.tenant.as_deref()))
    }

    /// The next step when the last request got no answer (network, timeout, CORS).
    pub fn no_answer<T>(&mut self, error: ArmError, jitter: f64) -> Step<T> {
        // The request was sent, so a token was had for it.
        self.refused = None;
        match self.policy.after_no_answer(error, self.attempt, jitter) {
            Decision::Retry { delay_ms } => {
                self.attempt += 1;
                Step::Wait {
                    ms: delay_ms,
                    request: self.last.clone(),
                    reason: Progress::NoAnswer,
                }
            }
            Decision::Fail(error) => Step::Failed(error),
            Decision::Accept | Decision::RefreshToken { .. } => {
                Step::Failed(ArmError::network("no answer"))
            }
        }
    }

    /// No token for the request: after an MFA refusal (no token with the claims could be had:
    /// the sign-in was blocked, closed or refused), stop with ARM's refusal; any other token
    /// failure counts as no answer.
    pub fn no_token<T>(&mut self, error: ArmError, jitter: f64) -> Step<T> {
        match self.refused.take() {
            Some(refused) => self.fail(refused),
            None => self.no_answer(error, jitter),
        }
    }

    /// After ARM's first answer to a write: how its operation is followed, and the wait before
    /// the first poll; or, when the write finished at once, `None` and `resource` read back now.
    /// `resource` is the GET of the written resource, also read for its own `provisioningState`
    /// when the operation's headers are hidden from the page.
    pub fn follow<T>(
        &mut self,
        response: &Response,
        resource: Request,
    ) -> (Option<Follow>, Step<T>) {
        let (follow, after_secs, request) = match lro_start(response) {
            LroStart::Done => return (None, self.send(resource)),
            LroStart::Poll {
                url,
                after_secs,
                location,
            } => {
                let request = Request::new(Method::Get, url.clone());
                let operation = Operation {
                    url,
                    location,
                    polls: 1,
                };
                (Follow::Operation(operation), after_secs, request)
            }
            LroStart::PollResource { after_secs } => (
                Follow::Resource {
                    after_secs,
                    polls: 1,
                },
                after_secs,
                resource,
            ),
        };
        let step = self.wait(after_secs, request, Progress::OperationStarted);
        (Some(follow), step)
    }

    /// Reads the status answer of `operation`, giving up after `max_polls`; to poll again, the
    /// operation as followed next and the wait before its next poll.
    pub fn operation_next<T>(
        &mut self,
        response: &Response,
        operation: &Operation,
        max_polls: u32,
    ) -> OperationNext<T> {
        match lro_status(response, &operation.url, operation.location) {
            Ok(LroStep::Poll {
                url,
                after_secs,
                status,
            }) if operation.polls < max_polls => {
                let request = Request::new(Method::Get, url.clone());
                let next = Operation {
                    url,
                    location: operation.location,
                    polls: operation.polls + 1,
                };
                let step = self.wait(after_secs, request, Progress::Operation { status });
                OperationNext::Poll(next, step)
            }
            Ok(LroStep::Poll { .. }) => OperationNext::Stopped(ArmError::timeout(max_polls * 5)),
            Ok(LroStep::Finished(LroStatus::Succeeded)) => OperationNext::Succeeded,
            Ok(LroStep::Finished(LroStatus::Failed(error))) => OperationNext::Failed(error),
            Ok(LroStep::Finished(LroStatus::Canceled)) => OperationNext::Stopped(ArmError {
                kind: ArmErrorKind::OperationFailed,
                status: response.status,
                code: "Canceled".to_owned(),
                message: "the operation was canceled".to_owned(),
                target: None,
                details: Vec::new(),
                additional_info: Vec::new(),
                mfa: None,
            }),
            Err(error) => OperationNext::Stopped(error),
        }
    }

    fn enter(&mut self, request: Request) {
        self.last = request;
        self.attempt = 1;
    }
}

/// How a write's long-running operation is being followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Follow {
    /// By its status URL.
    Operation(Operation),
    /// By the written resource's own `provisioningState`, ARM's headers being hidden (a CORS
    /// answer that does not expose them).
    Resource {
        /// Seconds between reads.
        after_secs: u32,
        /// Reads so far.
        polls: u32,
    },
}

/// A long-running operation being followed by its status URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Operation {
    /// The status URL.
    pub url: String,
    /// Read as a `Location` result rather than an `Azure-AsyncOperation` status.
    pub location: bool,
    /// Polls so far.
    pub polls: u32,
}

/// What an operation's status says.
#[derive(Debug)]
pub(super) enum OperationNext<T> {
    /// Not finished: the operation as followed next, and the wait before its next poll.
    Poll(Operation, Step<T>),
    /// It succeeded.
    Succeeded,
    /// It failed, with the operation's error.
    Failed(ArmError),
    /// It was canceled, ran too long, or its status could not be read.
    Stopped(ArmError),
}
