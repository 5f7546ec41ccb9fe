//! Discovery: every cluster, workspace and Azure ML extension in view, read in rounds of lanes
//! on the read queue.

use super::*;

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
                let subscriptions = match parse_subscriptions(&page) {
                    Ok(page) => page.items,
                    Err(error) => {
                        self.queue.note(&Key::Subscriptions, error);
                        Vec::new()
                    }
                };
                for sub in subscriptions {
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
                if let Err(error) = self.found.add(&key, &page) {
                    self.queue.note(&key, error);
                }
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
    /// Reads one page; a page of the wrong shape is an error (noted by the caller), never an
    /// empty one.
    fn add(&mut self, key: &Key, page: &Response) -> Result<(), ArmError> {
        match key {
            Key::GraphClusters => self
                .clusters
                .extend(clusters_from_graph(&parse_graph(page)?.rows)),
            Key::GraphWorkspaces => self
                .workspaces
                .extend(workspaces_from_graph(&parse_graph(page)?.rows)),
            Key::GraphExtensions => self
                .extensions
                .extend(clusters_with_aml_extension(&parse_graph(page)?.rows)),
            Key::Clusters => self.clusters.extend(parse_clusters(page)?.items),
            Key::Workspaces => self.workspaces.extend(parse_workspaces(page)?.items),
            _ => {}
        }
        Ok(())
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
