//! Creating the compute's namespace through ARM, as an AKS managed namespace: works without a
//! kubeconfig and with local accounts disabled. A state machine like the attach: GET the managed
//! namespace first (nothing is sent when ARM already manages it), PUT
//! [`managed_namespace_body`](super::managed_namespace_body), follow the long-running operation,
//! read the namespace back. Arc clusters have no managed namespaces: their namespaces are made
//! with kubectl. The PUT is a write, under mandatory MFA like the attach: refused for want of it,
//! it is sent once more with a token carrying the claims ARM asked for.

use super::progress::Progress;
use serde::Serialize;

use super::sender::{Follow, OperationNext, Sender};
use super::{
    get_managed_namespace, parse_managed_namespace, put_managed_namespace, ArmError, ArmErrorKind,
    Cloud, ManagedNamespace, Request, Response, RetryPolicy, Step, Workflow,
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
    Follow(Follow),
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
    sender: Sender,
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
            sender: Sender::new(&first, policy),
        };
        Ok((flow, Step::Send(first)))
    }

    /// The tenant (an id or a domain) the advice of an MFA refusal names in its commands.
    pub fn with_tenant(mut self, tenant: Option<&str>) -> CreateNamespace {
        self.sender.set_tenant(tenant);
        self
    }

    fn send(&mut self, phase: Phase, request: Request) -> Step<NamespaceOutcome> {
        self.phase = phase;
        self.sender.send(request)
    }

    fn wait(
        &mut self,
        phase: Phase,
        after_secs: u32,
        request: Request,
        reason: Progress,
    ) -> Step<NamespaceOutcome> {
        self.phase = phase;
        self.sender.wait(after_secs, request, reason)
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
                let reason = Progress::Namespace {
                    state: namespace.provisioning_state.clone(),
                };
                self.wait(
                    Phase::Follow(Follow::Resource {
                        after_secs,
                        polls: polls + 1,
                    }),
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
        // A 404 while checking is the answer that lets the PUT go ahead.
        let absent = self.phase == Phase::Check && response.status == 404;
        if !absent {
            if let Some(step) = self.sender.screen(response, jitter) {
                return step;
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
            Phase::Put => {
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
                    OperationNext::Succeeded => {
                        let request = self.get();
                        self.send(Phase::ReadBack, request)
                    }
                    OperationNext::Failed(error) | OperationNext::Stopped(error) => {
                        Step::Failed(error)
                    }
                }
            }
            Phase::Follow(Follow::Resource { after_secs, polls }) => {
                match parse_managed_namespace(response) {
                    Ok(namespace) => self.settle(namespace, polls, after_secs),
                    Err(error) => Step::Failed(error),
                }
            }
            Phase::ReadBack => match parse_managed_namespace(response) {
                Ok(namespace) => self.settle(namespace, 1, 5),
                Err(error) => Step::Failed(error),
            },
        }
    }

    fn on_no_answer(&mut self, error: ArmError, jitter: f64) -> Step<NamespaceOutcome> {
        self.sender.no_answer(error, jitter)
    }

    /// No token for the request: after an MFA refusal (no token with the claims could be had),
    /// stop with ARM's refusal; any other token failure counts as no answer.
    fn on_no_token(&mut self, error: ArmError, jitter: f64) -> Step<NamespaceOutcome> {
        self.sender.no_token(error, jitter)
    }
}
