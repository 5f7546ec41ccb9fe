//! Read workflows: a queue of paged GETs and Resource Graph queries, answered one at a time,
//! each page kept, reads the caller may not make skipped with a note. Discovery (every cluster,
//! workspace and Azure ML extension in view) and the pre-flight (the facts of one workspace and
//! one cluster) are built on it.

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
enum Key {
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
struct Queue {
    cloud: Cloud,
    pending: VecDeque<(Key, Request)>,
    current: Option<(Key, Request)>,
    /// Resource Graph query and scope of the current read, to ask for its next page.
    graph: Option<(String, Vec<String>)>,
    pages: Vec<(Key, Response)>,
    notes: Vec<Note>,
    attempt: u32,
    renewals: Renewals,
    policy: RetryPolicy,
    requests: u32,
    /// How long to hold the next request back, from the last answer's remaining-quota headers.
    pace_ms: u32,
}

/// What one answer led to, inside a queue.
enum Answer {
    /// A page to keep.
    Page(Key, Response),
    /// The read was given up with a note.
    Skipped(Key),
    /// Not finished: this step first.
    Pending,
}

impl Queue {
    fn new(cloud: &Cloud, policy: RetryPolicy) -> Queue {
        Queue {
            cloud: cloud.clone(),
            pending: VecDeque::new(),
            current: None,
            graph: None,
            pages: Vec::new(),
            notes: Vec::new(),
            attempt: 1,
            renewals: Renewals::default(),
            policy,
            requests: 0,
            pace_ms: 0,
        }
    }

    fn push(&mut self, key: Key, request: Request) {
        self.pending.push_back((key, request));
    }

    /// Starts the next read; `None` when the queue is empty.
    fn next(&mut self) -> Option<Request> {
        let (key, request) = self.pending.pop_front()?;
        self.graph = graph_of(&request);
        self.current = Some((key, request.clone()));
        self.attempt = 1;
        self.requests += 1;
        Some(request)
    }

    /// The next read as a step: sent now, or held back while ARM says the quota is nearly spent.
    fn next_step<T>(&mut self) -> Option<Step<T>> {
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
    fn answer<T>(&mut self, response: &Response, jitter: f64) -> Result<Answer, Step<T>> {
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

    fn no_answer<T>(&mut self, error: ArmError, jitter: f64) -> Option<Step<T>> {
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

    fn pages<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = &'a Response> + 'a {
        self.pages
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, r)| r)
    }
}

fn graph_of(request: &Request) -> Option<(String, Vec<String>)> {
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

fn describe(key: &Key) -> String {
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

/// Every cluster, workspace and Azure ML extension the caller can see.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Discovered {
    /// AKS and Arc clusters, with whether the Azure ML extension is on them.
    pub clusters: Vec<DiscoveredCluster>,
    /// Workspaces.
    pub workspaces: Vec<WorkspaceInfo>,
    /// Reads that failed.
    pub notes: Vec<Note>,
    /// Requests sent, retries included.
    pub requests: u32,
}

/// A cluster found by discovery.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredCluster {
    /// The cluster.
    #[serde(flatten)]
    pub cluster: ClusterInfo,
    /// Its Azure ML extension, when Resource Graph listed one.
    pub aml_extension: Option<Extension>,
}

/// Discovery: three Resource Graph queries (paged); if Resource Graph cannot be used, the
/// subscriptions and their cluster and workspace lists instead.
#[derive(Debug, Clone)]
pub struct Discovery {
    queue: Queue,
    fallback_started: bool,
    /// Every page read so far, parsed once as it arrived.
    found: Found,
}

impl Discovery {
    /// The workflow and its first step.
    pub fn start(cloud: &Cloud, policy: RetryPolicy) -> (Discovery, Step<Discovered>) {
        let mut queue = Queue::new(cloud, policy);
        queue.push(
            Key::GraphClusters,
            graph_query(cloud, GRAPH_CLUSTERS, &[], None),
        );
        queue.push(
            Key::GraphWorkspaces,
            graph_query(cloud, GRAPH_WORKSPACES, &[], None),
        );
        queue.push(
            Key::GraphExtensions,
            graph_query(cloud, GRAPH_EXTENSIONS, &[], None),
        );
        let mut discovery = Discovery {
            queue,
            fallback_started: false,
            found: Found::default(),
        };
        let first = discovery.advance();
        (discovery, first)
    }

    /// One of the three Resource Graph queries alone, so the edge can run the three at once;
    /// [`Discovery::merge`] joins them. A failure is a note here, not a fallback.
    pub fn lane(cloud: &Cloud, lane: Lane, policy: RetryPolicy) -> (Discovery, Step<Discovered>) {
        let (key, query) = match lane {
            Lane::Clusters => (Key::GraphClusters, GRAPH_CLUSTERS),
            Lane::Workspaces => (Key::GraphWorkspaces, GRAPH_WORKSPACES),
            Lane::Extensions => (Key::GraphExtensions, GRAPH_EXTENSIONS),
        };
        let mut queue = Queue::new(cloud, policy);
        queue.push(key, graph_query(cloud, query, &[], None));
        let mut discovery = Discovery {
            queue,
            fallback_started: true,
            found: Found::default(),
        };
        let first = discovery.advance();
        (discovery, first)
    }

    /// Discovery without Resource Graph: the subscriptions, then their cluster and workspace lists.
    pub fn fallback(cloud: &Cloud, policy: RetryPolicy) -> (Discovery, Step<Discovered>) {
        let mut queue = Queue::new(cloud, policy);
        queue.push(Key::Subscriptions, list_subscriptions(cloud));
        let mut discovery = Discovery {
            queue,
            fallback_started: true,
            found: Found::default(),
        };
        let first = discovery.advance();
        (discovery, first)
    }

    /// True when a cluster or workspace query could not be answered by Resource Graph.
    pub fn graph_refused(&self) -> bool {
        let graph = [
            describe(&Key::GraphClusters),
            describe(&Key::GraphWorkspaces),
        ];
        self.queue.notes.iter().any(|n| graph.contains(&n.what))
    }

    /// Joins finished lanes (or any finished discoveries) into one result.
    pub fn merge(parts: &[&Discovery]) -> Discovered {
        let mut all = Found::default();
        let mut notes = Vec::new();
        let mut requests = 0;
        for part in parts {
            all.extend(&part.found);
            notes.extend(part.queue.notes.iter().cloned());
            requests += part.queue.requests;
        }
        all.discovered(notes, requests)
    }

    /// What has been found so far (for showing results as pages arrive).
    pub fn so_far(&self) -> Discovered {
        self.found
            .discovered(self.queue.notes.clone(), self.queue.requests)
    }

    fn advance(&mut self) -> Step<Discovered> {
        match self.queue.next_step() {
            Some(step) => step,
            None => Step::Done(self.so_far()),
        }
    }
}

impl Workflow for Discovery {
    type Output = Discovered;

    /// The next step after an answer.
    fn on_response(&mut self, response: &Response, jitter: f64) -> Step<Discovered> {
        match self.queue.answer(response, jitter) {
            Err(step) => step,
            Ok(Answer::Skipped(Key::GraphClusters | Key::GraphWorkspaces))
                if !self.fallback_started =>
            {
                // Resource Graph is not usable: list per subscription instead.
                self.fallback_started = true;
                self.queue.pending.retain(|(k, _)| {
                    !matches!(
                        k,
                        Key::GraphClusters | Key::GraphWorkspaces | Key::GraphExtensions
                    )
                });
                let cloud = self.queue.cloud.clone();
                self.queue
                    .push(Key::Subscriptions, list_subscriptions(&cloud));
                self.advance()
            }
            Ok(Answer::Page(Key::Subscriptions, page)) => {
                let cloud = self.queue.cloud.clone();
                for sub in parse_subscriptions(&page)
                    .map(|p| p.items)
                    .unwrap_or_default()
                {
                    self.queue.push(
                        Key::Clusters,
                        list_managed_clusters(&cloud, &sub.subscription_id),
                    );
                    self.queue.push(
                        Key::Clusters,
                        list_connected_clusters(&cloud, &sub.subscription_id),
                    );
                    self.queue.push(
                        Key::Workspaces,
                        list_workspaces(&cloud, &sub.subscription_id),
                    );
                }
                self.advance()
            }
            Ok(Answer::Page(key, page)) => {
                self.found.add(&key, &page);
                self.advance()
            }
            Ok(Answer::Skipped(_) | Answer::Pending) => self.advance(),
        }
    }

    /// The next step after the last request got no answer.
    fn on_no_answer(&mut self, error: ArmError, jitter: f64) -> Step<Discovered> {
        match self.queue.no_answer(error, jitter) {
            Some(step) => step,
            None => self.advance(),
        }
    }
}

/// One of discovery's three Resource Graph queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// AKS and Arc clusters.
    Clusters,
    /// Workspaces.
    Workspaces,
    /// Azure ML extensions.
    Extensions,
}

/// Clusters, workspaces and extensions read so far, each page parsed once as it arrives.
#[derive(Debug, Clone, Default)]
struct Found {
    clusters: Vec<ClusterInfo>,
    workspaces: Vec<WorkspaceInfo>,
    /// (cluster id, its Azure ML extension).
    extensions: Vec<(String, Extension)>,
}

impl Found {
    fn add(&mut self, key: &Key, page: &Response) {
        let rows = || parse_graph(page).map(|p| p.rows).unwrap_or_default();
        match key {
            Key::GraphClusters => self.clusters.extend(clusters_from_graph(&rows())),
            Key::GraphWorkspaces => self.workspaces.extend(workspaces_from_graph(&rows())),
            Key::GraphExtensions => self.extensions.extend(clusters_with_aml_extension(&rows())),
            Key::Clusters => self
                .clusters
                .extend(parse_clusters(page).map(|p| p.items).unwrap_or_default()),
            Key::Workspaces => self
                .workspaces
                .extend(parse_workspaces(page).map(|p| p.items).unwrap_or_default()),
            _ => {}
        }
    }

    fn extend(&mut self, other: &Found) {
        self.clusters.extend(other.clusters.iter().cloned());
        self.workspaces.extend(other.workspaces.iter().cloned());
        self.extensions.extend(other.extensions.iter().cloned());
    }

    /// The clusters joined with their extensions (by id, case-insensitively).
    fn discovered(&self, notes: Vec<Note>, requests: u32) -> Discovered {
        let extensions: HashMap<String, &Extension> = self
            .extensions
            .iter()
            .rev() // the first one listed wins, as before
            .map(|(id, e)| (id.to_ascii_lowercase(), e))
            .collect();
        let clusters = self
            .clusters
            .iter()
            .map(|cluster| DiscoveredCluster {
                cluster: cluster.clone(),
                aml_extension: extensions
                    .get(&cluster.id.to_ascii_lowercase())
                    .map(|e| (*e).clone()),
            })
            .collect();
        Discovered {
            clusters,
            workspaces: self.workspaces.clone(),
            notes,
            requests,
        }
    }
}

/// The facts of one workspace and one cluster, read for the validator, with notes for what
/// could not be read.
#[derive(Debug, Clone)]
pub struct PreflightRead {
    queue: Queue,
    workspace: WorkspaceId,
    cluster: ClusterId,
    /// Other workspaces whose computes are being read (at most [`MAX_OTHER_WORKSPACES`]).
    other_workspaces: Vec<WorkspaceId>,
}

/// How many other workspaces the pre-flight looks into for an earlier v1 attachment: enough
/// for a team's subscriptions, bounded so a large tenant does not turn it into a crawl.
pub const MAX_OTHER_WORKSPACES: usize = 25;

fn same_workspace(a: &WorkspaceId, b: &WorkspaceId) -> bool {
    a.subscription.eq_ignore_ascii_case(&b.subscription)
        && a.resource_group.eq_ignore_ascii_case(&b.resource_group)
        && a.name.eq_ignore_ascii_case(&b.name)
}

/// The pre-flight's result.
#[derive(Debug, Clone)]
pub struct PreflightResult {
    /// The facts.
    pub facts: Preflight,
    /// Reads that failed.
    pub notes: Vec<Note>,
    /// Requests sent.
    pub requests: u32,
}

impl PreflightRead {
    /// The workflow and its first step.
    pub fn start(
        cloud: &Cloud,
        workspace: &WorkspaceId,
        cluster: &ClusterId,
        policy: RetryPolicy,
    ) -> (PreflightRead, Step<PreflightResult>) {
        let mut queue = Queue::new(cloud, policy);
        queue.push(Key::Workspace, get_workspace(cloud, workspace));
        queue.push(Key::Cluster, get_cluster(cloud, cluster));
        queue.push(Key::Extensions, list_extensions(cloud, cluster));
        queue.push(Key::Computes, list_computes(cloud, workspace));
        if cluster.kind == ClusterKind::Aks {
            // A v1 AKS cluster takes one attachment in all: look in the other workspaces of the
            // cluster's and the workspace's subscriptions too.
            queue.push(
                Key::OtherWorkspaces,
                list_workspaces(cloud, &cluster.subscription),
            );
            if !workspace
                .subscription
                .eq_ignore_ascii_case(&cluster.subscription)
            {
                queue.push(
                    Key::OtherWorkspaces,
                    list_workspaces(cloud, &workspace.subscription),
                );
            }
        }
        let mut read = PreflightRead {
            queue,
            workspace: workspace.clone(),
            cluster: cluster.clone(),
            other_workspaces: Vec::new(),
        };
        let first = read.advance();
        (read, first)
    }

    fn advance(&mut self) -> Step<PreflightResult> {
        if let Some(step) = self.queue.next_step() {
            return step;
        }
        let q = &self.queue;
        let first = |key: Key| q.pages(&key).next().cloned();
        let facts = Preflight {
            workspace_ref: Some(self.workspace.clone()),
            workspace: first(Key::Workspace).and_then(|r| parse_workspace(&r).ok()),
            cluster: first(Key::Cluster).and_then(|r| parse_cluster(&r).ok()),
            extensions: if q.pages(&Key::Extensions).next().is_some() {
                Some(
                    q.pages(&Key::Extensions)
                        .filter_map(|r| parse_extensions(r).ok())
                        .flat_map(|p| p.items)
                        .collect(),
                )
            } else {
                None
            },
            sku_vcpus: q
                .pages(&Key::Skus)
                .filter_map(|r| parse_sku_vcpus(r).ok())
                .flat_map(|(m, _)| m)
                .collect(),
            supported_versions: first(Key::Versions)
                .and_then(|r| parse_supported_versions(&r).ok())
                .unwrap_or_default(),
            computes: q
                .pages(&Key::Computes)
                .filter_map(|r| parse_computes(r).ok())
                .flat_map(|p| p.items)
                .collect(),
            other_computes: q
                .pages
                .iter()
                .filter_map(|(key, page)| match key {
                    Key::OtherComputes(workspace) => Some((workspace, page)),
                    _ => None,
                })
                .filter_map(|(workspace, page)| {
                    parse_computes(page).ok().map(|p| (workspace, p.items))
                })
                .flat_map(|(workspace, items)| items.into_iter().map(|c| (workspace.clone(), c)))
                .collect(),
            role_assignments: if q.pages(&Key::Roles).next().is_some() {
                Some(
                    q.pages(&Key::Roles)
                        .filter_map(|r| parse_role_assignments(r).ok())
                        .flat_map(|p| p.items)
                        .collect(),
                )
            } else {
                None
            },
        };
        Step::Done(PreflightResult {
            facts,
            notes: q.notes.clone(),
            requests: q.requests,
        })
    }
}

impl Workflow for PreflightRead {
    type Output = PreflightResult;

    /// The next step after an answer.
    fn on_response(&mut self, response: &Response, jitter: f64) -> Step<PreflightResult> {
        match self.queue.answer(response, jitter) {
            Err(step) => step,
            Ok(Answer::Page(Key::Cluster, page)) => {
                // The cluster's region decides which VM sizes and versions to read.
                if let Ok(info) = parse_cluster(&page) {
                    let cloud = self.queue.cloud.clone();
                    if !info.location.is_empty() {
                        self.queue.push(
                            Key::Skus,
                            list_skus(&cloud, &self.cluster.subscription, &info.location),
                        );
                        self.queue.push(
                            Key::Versions,
                            list_kubernetes_versions(
                                &cloud,
                                &self.cluster.subscription,
                                &info.location,
                            ),
                        );
                    }
                }
                self.queue.pages.push((Key::Cluster, page));
                self.advance()
            }
            Ok(Answer::Page(Key::Workspace, page)) => {
                // Whose roles on the cluster matter depends on the workspace's identity.
                if let Some(principal) = parse_workspace(&page)
                    .ok()
                    .and_then(|w| w.identity_principal().map(str::to_owned))
                {
                    let cloud = self.queue.cloud.clone();
                    self.queue.push(
                        Key::Roles,
                        role_assignments(&cloud, &self.cluster.to_string(), &principal),
                    );
                }
                self.queue.pages.push((Key::Workspace, page));
                self.advance()
            }
            Ok(Answer::Page(Key::OtherWorkspaces, page)) => {
                let cloud = self.queue.cloud.clone();
                let others = parse_workspaces(&page)
                    .map(|p| p.items)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|w| WorkspaceId::parse(&w.id))
                    .filter(|w| !same_workspace(w, &self.workspace));
                for other in others {
                    let seen = self
                        .other_workspaces
                        .iter()
                        .any(|w| same_workspace(w, &other));
                    if !seen && self.other_workspaces.len() < MAX_OTHER_WORKSPACES {
                        self.queue.push(
                            Key::OtherComputes(other.name.clone()),
                            list_computes(&cloud, &other),
                        );
                        self.other_workspaces.push(other);
                    }
                }
                self.advance()
            }
            Ok(Answer::Page(key, page)) => {
                self.queue.pages.push((key, page));
                self.advance()
            }
            Ok(Answer::Skipped(_) | Answer::Pending) => self.advance(),
        }
    }

    /// The next step after the last request got no answer.
    fn on_no_answer(&mut self, error: ArmError, jitter: f64) -> Step<PreflightResult> {
        match self.queue.no_answer(error, jitter) {
            Some(step) => step,
            None => self.advance(),
        }
    }
}
