//! Creating the compute's namespace through ARM, as an AKS managed namespace: works without a
//! kubeconfig and with local accounts disabled. A state machine like the attach: GET the managed
//! namespace first (nothing is sent when ARM already manages it), PUT
//! [`managed_namespace_body`](super::managed_namespace_body), follow the long-running operation,
//! read the namespace back. Arc clusters have no managed namespaces: their namespaces are made
//! with kubectl. The PUT is a write, under mandatory MFA like the attach: refused for want of it,
//! it is sent once more with a token carrying the claims ARM asked for.

use serde::Serialize;

use super::{
    get_managed_namespace, lro_start, lro_status, parse_managed_namespace, put_managed_namespace,
    ArmError, ArmErrorKind, Cloud, Decision, LroStart, LroStatus, LroStep, ManagedNamespace,
    Method, Renewals, Request, Response, RetryPolicy, Step, Workflow,
};
use crate::resource_id::{ClusterId, ClusterKind};

/// Most polls before giving up (5–60 s apart).
const MAX_POLLS: u32 = 120;

/// How creating the namespace ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum NamespaceOutcome {
    /// ARM created it (or took over an identical one already in the cluster).
    Created {
        /// The managed namespace as ARM now shows it.
        namespace: ManagedNamespace,
    },
    /// ARM manages a namespace of that name already; nothing was sent.
    AlreadyManaged {
        /// The managed namespace.
        namespace: ManagedNamespace,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Check,
    Put,
    Poll {
        url: String,
        location: bool,
        polls: u32,
    },
    PollResource {
        after_secs: u32,
        polls: u32,
    },
    ReadBack,
}

/// The creation of one managed namespace.
#[derive(Debug, Clone)]
pub struct CreateNamespace {
    cloud: Cloud,
    cluster: ClusterId,
    namespace: String,
    location: Option<String>,
    phase: Phase,
    last: Request,
    attempt: u32,
    renewals: Renewals,
    policy: RetryPolicy,
    /// ARM's refusal for want of MFA, kept while a token with its claims is asked for.
    refused: Option<ArmError>,
    /// The tenant the MFA advice names, when known.
    tenant: Option<String>,
}

impl CreateNamespace {
    /// The workflow and its first step (GET the managed namespace), or an error for an Arc
    /// cluster, which has none. `location` is the cluster's region when known.
    pub fn start(
        cloud: &Cloud,
        cluster: &ClusterId,
        namespace: &str,
        location: Option<&str>,
        policy: RetryPolicy,
    ) -> Result<(CreateNamespace, Step<NamespaceOutcome>), ArmError> {
        if cluster.kind != ClusterKind::Aks {
            return Err(ArmError::unexpected(
                "cluster",
                "only AKS clusters have managed namespaces; create the namespace on an Arc cluster with kubectl",
            ));
        }
        let first = get_managed_namespace(cloud, cluster, namespace);
        let flow = CreateNamespace {
            cloud: cloud.clone(),
            cluster: cluster.clone(),
            namespace: namespace.to_owned(),
            location: location.map(str::to_owned),
            phase: Phase::Check,
            last: first.clone(),
            attempt: 1,
            renewals: Renewals::default(),
            policy,
            refused: None,
            tenant: None,
        };
        Ok((flow, Step::Send(first)))
    }

    /// The tenant (an id or a domain) the advice of an MFA refusal names in its commands.
    pub fn with_tenant(mut self, tenant: Option<&str>) -> CreateNamespace {
        self.tenant = tenant.map(str::to_owned);
        self
    }

    /// Stops with `error`, its MFA advice (if any) naming the tenant.
    fn fail(&self, error: ArmError) -> Step<NamespaceOutcome> {
        Step::Failed(error.for_tenant(self.tenant.as_deref()))
    }

    fn send(&mut self, phase: Phase, request: Request) -> Step<NamespaceOutcome> {
        self.enter(phase, request.clone());
        Step::Send(request)
    }

    fn wait(
        &mut self,
        phase: Phase,
        after_secs: u32,
        request: Request,
        reason: String,
    ) -> Step<NamespaceOutcome> {
        self.enter(phase, request.clone());
        Step::Wait {
            ms: after_secs.saturating_mul(1000),
            request,
            reason,
        }
    }

    fn enter(&mut self, phase: Phase, request: Request) {
        self.phase = phase;
        self.last = request;
        self.attempt = 1;
    }

    fn get(&self) -> Request {
        get_managed_namespace(&self.cloud, &self.cluster, &self.namespace)
    }

    /// The namespace as read: done once it succeeded, still busy, or failed.
    fn settle(
        &mut self,
        namespace: ManagedNamespace,
        polls: u32,
        after_secs: u32,
    ) -> Step<NamespaceOutcome> {
        let state = namespace.provisioning_state.to_ascii_lowercase();
        match state.as_str() {
            "succeeded" | "" => Step::Done(NamespaceOutcome::Created { namespace }),
            "failed" | "canceled" => Step::Failed(ArmError {
                kind: ArmErrorKind::OperationFailed,
                status: 200,
                code: namespace.provisioning_state.clone(),
                message: format!(
                    "the managed namespace '{}' ended {}",
                    namespace.name, namespace.provisioning_state
                ),
                target: None,
                details: Vec::new(),
                additional_info: Vec::new(),
                mfa: None,
            }),
            _ if polls < MAX_POLLS => {
                let request = self.get();
                let reason = format!("namespace: {}", namespace.provisioning_state);
                self.wait(
                    Phase::PollResource {
                        after_secs,
                        polls: polls + 1,
                    },
                    after_secs,
                    request,
                    reason,
                )
            }
            _ => Step::Failed(ArmError::timeout(MAX_POLLS.saturating_mul(after_secs))),
        }
    }
}

impl Workflow for CreateNamespace {
    type Output = NamespaceOutcome;

    fn on_response(&mut self, response: &Response, jitter: f64) -> Step<NamespaceOutcome> {
        // An answer came: a token was had for the request.
        self.refused = None;
        // A 404 while checking is the answer that lets the PUT go ahead.
        let absent = self.phase == Phase::Check && response.status == 404;
        if !absent {
            match self
                .policy
                .after_response(response, self.attempt, self.renewals, jitter)
            {
                Decision::Accept => {}
                Decision::Retry { delay_ms } => {
                    self.attempt += 1;
                    return Step::Wait {
                        ms: delay_ms,
                        request: self.last.clone(),
                        reason: format!("ARM answered {}; trying again", response.status),
                    };
                }
                Decision::RefreshToken { claims } => {
                    if claims.is_some() {
                        self.renewals.claims = true;
                        self.refused = Some(ArmError::from_response(response));
                    } else {
                        self.renewals.fresh = true;
                    }
                    return Step::RefreshToken {
                        request: self.last.clone(),
                        claims,
                    };
                }
                Decision::Fail(error) => return self.fail(error),
            }
        }
        match self.phase.clone() {
            Phase::Check if absent => {
                let put = put_managed_namespace(
                    &self.cloud,
                    &self.cluster,
                    &self.namespace,
                    self.location.as_deref(),
                );
                self.send(Phase::Put, put)
            }
            Phase::Check => match parse_managed_namespace(response) {
                Ok(namespace) => Step::Done(NamespaceOutcome::AlreadyManaged { namespace }),
                Err(error) => Step::Failed(error),
            },
            Phase::Put => match lro_start(response) {
                LroStart::Done => {
                    let request = self.get();
                    self.send(Phase::ReadBack, request)
                }
                LroStart::Poll {
                    url,
                    after_secs,
                    location,
                } => {
                    let request = Request::new(Method::Get, url.clone());
                    self.wait(
                        Phase::Poll {
                            url,
                            location,
                            polls: 1,
                        },
                        after_secs,
                        request,
                        "the operation has started".to_owned(),
                    )
                }
                LroStart::PollResource { after_secs } => {
                    let request = self.get();
                    self.wait(
                        Phase::PollResource {
                            after_secs,
                            polls: 1,
                        },
                        after_secs,
                        request,
                        "the operation has started".to_owned(),
                    )
                }
            },
            Phase::Poll {
                url,
                location,
                polls,
            } => match lro_status(response, &url, location) {
                Ok(LroStep::Poll {
                    url,
                    after_secs,
                    status,
                }) if polls < MAX_POLLS => {
                    let request = Request::new(Method::Get, url.clone());
                    self.wait(
                        Phase::Poll {
                            url,
                            location,
                            polls: polls + 1,
                        },
                        after_secs,
                        request,
                        format!("operation: {status}"),
                    )
                }
                Ok(LroStep::Poll { .. }) => Step::Failed(ArmError::timeout(MAX_POLLS * 5)),
                Ok(LroStep::Finished(LroStatus::Succeeded)) => {
                    let request = self.get();
                    self.send(Phase::ReadBack, request)
                }
                Ok(LroStep::Finished(LroStatus::Failed(error))) => Step::Failed(error),
                Ok(LroStep::Finished(LroStatus::Canceled)) => Step::Failed(ArmError {
                    kind: ArmErrorKind::OperationFailed,
                    status: response.status,
                    code: "Canceled".to_owned(),
                    message: "the operation was canceled".to_owned(),
                    target: None,
                    details: Vec::new(),
                    additional_info: Vec::new(),
                    mfa: None,
                }),
                Err(error) => Step::Failed(error),
            },
            Phase::PollResource { after_secs, polls } => match parse_managed_namespace(response) {
                Ok(namespace) => self.settle(namespace, polls, after_secs),
                Err(error) => Step::Failed(error),
            },
            Phase::ReadBack => match parse_managed_namespace(response) {
                Ok(namespace) => self.settle(namespace, 1, 5),
                Err(error) => Step::Failed(error),
            },
        }
    }

    fn on_no_answer(&mut self, error: ArmError, jitter: f64) -> Step<NamespaceOutcome> {
        self.refused = None;
        match self.policy.after_no_answer(error, self.attempt, jitter) {
            Decision::Retry { delay_ms } => {
                self.attempt += 1;
                Step::Wait {
                    ms: delay_ms,
                    request: self.last.clone(),
                    reason: "no answer from ARM; trying again".to_owned(),
                }
            }
            Decision::Fail(error) => Step::Failed(error),
            Decision::Accept | Decision::RefreshToken { .. } => {
                Step::Failed(ArmError::network("no answer"))
            }
        }
    }

    /// No token for the request: after an MFA refusal (no token with the claims could be had),
    /// stop with ARM's refusal; any other token failure counts as no answer.
    fn on_no_token(&mut self, error: ArmError, jitter: f64) -> Step<NamespaceOutcome> {
        match self.refused.take() {
            Some(refused) => self.fail(refused),
            None => self.on_no_answer(error, jitter),
        }
    }
}
