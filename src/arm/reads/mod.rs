//! Read workflows: a queue of paged GETs and Resource Graph queries, answered one at a time,
//! each page kept, reads the caller may not make skipped with a note. Discovery (every cluster,
//! workspace and Azure ML extension in view) and the pre-flight (the facts of one workspace and
//! one cluster) are built on it.

mod discovery;
mod preflight;

pub use discovery::{Discovered, DiscoveredCluster, Discovery, Lane};
pub use preflight::{PreflightRead, PreflightResult};

use super::progress::Progress;
use crate::resource_id::WorkspaceId;
use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use super::attach::{Step, Workflow};
use super::{
    clusters_from_graph, clusters_with_aml_extension, get_cluster, get_workspace, graph_query,
    graph_skip_token, list_computes, list_connected_clusters, list_extensions,
    list_kubernetes_versions, list_managed_clusters, list_skus, list_subscriptions,
    list_workspaces, next_link, parse_cluster, parse_clusters, parse_computes, parse_extensions,
    parse_graph, parse_role_assignments, parse_sku_vcpus, parse_subscriptions,
    parse_supported_versions, parse_workspace, parse_workspaces, role_assignments,
    workspaces_from_graph, ArmError, Cloud, ClusterInfo, Decision, Extension, Method, Preflight,
    Renewals, Request, Response, RetryPolicy, WorkspaceInfo, GRAPH_CLUSTERS, GRAPH_EXTENSIONS,
    GRAPH_WORKSPACES,
};
use crate::resource_id::{ClusterId, ClusterKind};

/// What a read is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Key {
    GraphClusters,
    GraphWorkspaces,
    GraphExtensions,
    Subscriptions,
    Clusters,
    Workspaces,
    Workspace,
    Cluster,
    Extensions,
    Skus,
    Versions,
    Computes,
    Roles,
    /// The workspaces of a subscription, for the v1 one-attachment rule.
    OtherWorkspaces,
    /// The computes of another workspace (its name).
    OtherComputes(String),
}

/// A read that could not be made, and why (shown to the user; the checks that need it are skipped).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// What was being read.
    pub what: String,
    /// ARM's error.
    pub error: ArmError,
}

#[derive(Debug, Clone)]
pub(super) struct Queue {
    cloud: Cloud,
    pending: VecDeque<(Key, Request)>,
    current: Option<(Key, Request)>,
    /// Resource Graph query and scope of the current read, to ask for its next page.
    graph: Option<(String, Vec<String>)>,
    notes: Vec<Note>,
    attempt: u32,
    renewals: Renewals,
    policy: RetryPolicy,
    requests: u32,
    /// How long to hold the next request back, from the last answer's remaining-quota headers.
    pace_ms: u32,
}

/// What one answer led to, inside a queue.
pub(super) enum Answer {
    /// A page to keep.
    Page(Key, Response),
    /// The read was given up with a note.
    Skipped(Key),
    /// Not finished: this step first.
    Pending,
}

impl Queue {
    pub(super) fn new(cloud: &Cloud, policy: RetryPolicy) -> Queue {
        Queue {
            cloud: cloud.clone(),
            pending: VecDeque::new(),
            current: None,
            graph: None,
            notes: Vec::new(),
            attempt: 1,
            renewals: Renewals::default(),
            policy,
            requests: 0,
            pace_ms: 0,
        }
    }

    pub(super) fn push(&mut self, key: Key, request: Request) {
        self.pending.push_back((key, request));
    }

    /// Starts the next read; `None` when the queue is empty.
    pub(super) fn next(&mut self) -> Option<Request> {
        let (key, request) = self.pending.pop_front()?;
        self.graph = graph_of(&request);
        self.current = Some((key, request.clone()));
        self.attempt = 1;
        self.requests += 1;
        Some(request)
    }

    /// The next read as a step: sent now, or held back while ARM says the quota is nearly spent.
    pub(super) fn next_step<T>(&mut self) -> Option<Step<T>> {
        let request = self.next()?;
        let ms = std::mem::take(&mut self.pace_ms);
        Some(if ms == 0 {
            Step::Send(request)
        } else {
            Step::Wait {
                ms,
                request,
                reason: Progress::Pacing,
            }
        })
    }

    /// Handles an answer to the current request; a retry or token refresh comes back as a step.
    pub(super) fn answer<T>(
        &mut self,
        response: &Response,
        jitter: f64,
    ) -> Result<Answer, Step<T>> {
        let Some((key, request)) = self.current.clone() else {
            return Ok(Answer::Pending);
        };
        match self
            .policy
            .after_response(response, self.attempt, self.renewals, jitter)
        {
            Decision::Accept => {
                self.pace_ms = self.policy.pacing_delay_ms(response);
                // The next page of the same read, if any.
                let next = if let Some((query, subscriptions)) = &self.graph {
                    graph_skip_token(response).map(|token: String| {
                        graph_query(&self.cloud, query, subscriptions, Some(&token))
                    })
                } else {
                    next_link(response)
                        .ok()
                        .flatten()
                        .map(|url| Request::new(Method::Get, url))
                };
                if let Some(next) = next {
                    self.pending.push_front((key.clone(), next));
                }
                Ok(Answer::Page(key, response.clone()))
            }
            Decision::Retry { delay_ms } => {
                self.attempt += 1;
                self.requests += 1;
                Err(Step::Wait {
                    ms: delay_ms,
                    request,
                    reason: Progress::Retry {
                        status: response.status,
                    },
                })
            }
            Decision::RefreshToken { claims } => {
                // Reads are not subject to the MFA enforcement; a claims challenge is still
                // answered with the token it asks for, once.
                if claims.is_some() {
                    self.renewals.claims = true;
                } else {
                    self.renewals.fresh = true;
                }
                self.requests += 1;
                Err(Step::RefreshToken { request, claims })
            }
            Decision::Fail(error) => {
                self.notes.push(Note {
                    what: describe(&key),
                    error,
                });
                Ok(Answer::Skipped(key))
            }
        }
    }

    /// Notes a read that could not be used, and why.
    pub(super) fn note(&mut self, key: &Key, error: ArmError) {
        self.notes.push(Note {
            what: describe(key),
            error,
        });
    }

    pub(super) fn no_answer<T>(&mut self, error: ArmError, jitter: f64) -> Option<Step<T>> {
        let (key, request) = self.current.clone()?;
        match self.policy.after_no_answer(error, self.attempt, jitter) {
            Decision::Retry { delay_ms } => {
                self.attempt += 1;
                self.requests += 1;
                Some(Step::Wait {
                    ms: delay_ms,
                    request,
                    reason: Progress::NoAnswer,
                })
            }
            Decision::Fail(error) => {
                self.notes.push(Note {
                    what: describe(&key),
                    error,
                });
                None
            }
            Decision::Accept | Decision::RefreshToken { .. } => None,
        }
    }
}

pub(super) fn graph_of(request: &Request) -> Option<(String, Vec<String>)> {
    if !request
        .url
        .contains("/providers/Microsoft.ResourceGraph/resources")
    {
        return None;
    }
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref()?).ok()?;
    let query = body.get("query")?.as_str()?.to_owned();
    let subscriptions = body
        .get("subscriptions")
        .and_then(|s| s.as_array())
        .map(|s| {
            s.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Some((query, subscriptions))
}

pub(super) fn describe(key: &Key) -> String {
    match key {
        Key::GraphClusters => "clusters (Resource Graph)",
        Key::GraphWorkspaces => "workspaces (Resource Graph)",
        Key::GraphExtensions => "Azure ML extensions (Resource Graph)",
        Key::Subscriptions => "subscriptions",
        Key::Clusters => "the clusters of a subscription",
        Key::Workspaces => "the workspaces of a subscription",
        Key::Workspace => "the workspace",
        Key::Cluster => "the cluster",
        Key::Extensions => "the cluster's extensions",
        Key::Skus => "the region's VM sizes",
        Key::Versions => "the region's Kubernetes versions",
        Key::Computes => "the workspace's computes",
        Key::Roles => "the workspace identity's roles on the cluster",
        Key::OtherWorkspaces => "the other workspaces of the subscription",
        Key::OtherComputes(workspace) => return format!("the computes of workspace '{workspace}'"),
    }
    .to_owned()
}
