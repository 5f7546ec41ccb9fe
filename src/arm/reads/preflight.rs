//! The pre-flight: the facts of one workspace and one cluster, read on the read queue.

use super::*;

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
