//! The pre-flight: the facts of one workspace and one cluster, read on the read queue.

use super::*;

/// The facts of one workspace and one cluster, read for the validator, with notes for what
/// could not be read. Each page is parsed once, as it arrives; a page that is not of the shape
/// expected is a note, and the facts it would have given stay unknown (never empty).
#[derive(Debug, Clone)]
pub struct PreflightRead {
    queue: Queue,
    workspace: WorkspaceId,
    cluster: ClusterId,
    /// Other workspaces whose computes are being read (at most [`MAX_OTHER_WORKSPACES`]).
    other_workspaces: Vec<WorkspaceId>,
    /// The facts read so far.
    facts: Preflight,
    /// Lists of which a page could not be read: what they hold is unknown.
    incomplete: Vec<Key>,
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
            facts: Preflight {
                workspace_ref: Some(workspace.clone()),
                ..Preflight::default()
            },
            incomplete: Vec::new(),
        };
        let first = read.advance();
        (read, first)
    }

    fn advance(&mut self) -> Step<PreflightResult> {
        if let Some(step) = self.queue.next_step() {
            return step;
        }
        let mut facts = self.facts.clone();
        // A list with an unreadable page is unknown, not shorter.
        for key in &self.incomplete {
            match key {
                Key::Extensions => facts.extensions = None,
                Key::Roles => facts.role_assignments = None,
                _ => {}
            }
        }
        Step::Done(PreflightResult {
            facts,
            notes: self.queue.notes.clone(),
            requests: self.queue.requests,
        })
    }

    /// A page that could not be read: noted, and its list marked incomplete.
    fn unreadable(&mut self, key: Key, error: ArmError) {
        self.queue.note(&key, error);
        if !self.incomplete.contains(&key) {
            self.incomplete.push(key);
        }
    }

    /// Reads one page into the facts, and queues the reads it makes necessary.
    fn read(&mut self, key: Key, page: &Response) -> Result<(), ArmError> {
        let cloud = self.queue.cloud.clone();
        match &key {
            Key::Workspace => {
                let workspace = parse_workspace(page)?;
                // Whose roles on the cluster matter depends on the workspace's identity.
                if let Some(principal) = workspace.identity_principal() {
                    self.queue.push(
                        Key::Roles,
                        role_assignments(&cloud, &self.cluster.to_string(), principal),
                    );
                } else if let Some(problem) = workspace.identity_problem() {
                    self.queue
                        .note(&Key::Roles, ArmError::unexpected("workspace", &problem));
                }
                self.facts.workspace = Some(workspace);
            }
            Key::Cluster => {
                let info = parse_cluster(page)?;
                // The cluster's region decides which VM sizes and versions to read.
                if !info.location.is_empty() {
                    let subscription = &self.cluster.subscription;
                    self.queue
                        .push(Key::Skus, list_skus(&cloud, subscription, &info.location));
                    self.queue.push(
                        Key::Versions,
                        list_kubernetes_versions(&cloud, subscription, &info.location),
                    );
                }
                self.facts.cluster = Some(info);
            }
            Key::Extensions => {
                let items = parse_extensions(page)?.items;
                self.facts
                    .extensions
                    .get_or_insert_with(Vec::new)
                    .extend(items);
            }
            Key::Skus => self.facts.sku_vcpus.extend(parse_sku_vcpus(page)?.0),
            Key::Versions => self.facts.supported_versions = parse_supported_versions(page)?,
            Key::Computes => self.facts.computes.extend(parse_computes(page)?.items),
            Key::OtherComputes(workspace) => self.facts.other_computes.extend(
                parse_computes(page)?
                    .items
                    .into_iter()
                    .map(|c| (workspace.clone(), c)),
            ),
            Key::Roles => {
                let items = parse_role_assignments(page)?.items;
                self.facts
                    .role_assignments
                    .get_or_insert_with(Vec::new)
                    .extend(items);
            }
            Key::OtherWorkspaces => {
                let others = parse_workspaces(page)?
                    .items
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
            }
            _ => {}
        }
        Ok(())
    }
}

impl Workflow for PreflightRead {
    type Output = PreflightResult;

    /// The next step after an answer.
    fn on_response(&mut self, response: &Response, jitter: f64) -> Step<PreflightResult> {
        match self.queue.answer(response, jitter) {
            Err(step) => step,
            Ok(Answer::Page(key, page)) => {
                if let Err(error) = self.read(key.clone(), &page) {
                    self.unreadable(key, error);
                }
                self.advance()
            }
            Ok(Answer::Skipped(key)) => {
                if !self.incomplete.contains(&key) {
                    self.incomplete.push(key);
                }
                self.advance()
            }
            Ok(Answer::Pending) => self.advance(),
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
