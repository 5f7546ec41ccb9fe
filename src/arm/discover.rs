//! Discovery as the page runs it: the three Resource Graph queries at once, then, when Resource
//! Graph was refused for clusters or workspaces, the per-subscription lists, and everything
//! merged. The edge only runs each round's lanes side by side and reports what
//! [`Discover::lane_finished`] says was found so far.

use std::cell::RefCell;

use super::reads::{Discovered, Discovery, Lane};
use super::{Cloud, RetryPolicy, Step};

/// The rounds of a discovery and their lanes, each a [`Discovery`] workflow of its own.
#[derive(Debug)]
pub struct Discover {
    cloud: Cloud,
    policy: RetryPolicy,
    /// Every lane started so far, by index: the three queries, then the fallback.
    lanes: Vec<RefCell<Discovery>>,
    /// The lanes that finished, in the order they did.
    finished: RefCell<Vec<usize>>,
    rounds: u8,
    fallback: Option<usize>,
}

/// The Resource Graph lanes of the first round, and the two whose refusal calls for the
/// fallback.
const GRAPH_LANES: [Lane; 3] = [Lane::Clusters, Lane::Workspaces, Lane::Extensions];
const NEEDS_FALLBACK: [usize; 2] = [0, 1];

impl Discover {
    /// A discovery in `cloud`; nothing is sent until [`Discover::next_round`].
    pub fn new(cloud: &Cloud, policy: RetryPolicy) -> Discover {
        Discover {
            cloud: cloud.clone(),
            policy,
            lanes: Vec::new(),
            finished: RefCell::new(Vec::new()),
            rounds: 0,
            fallback: None,
        }
    }

    /// The lanes to run now, side by side: each one's index and first step. Empty when the
    /// discovery is over; call it again only after every lane of the last round finished.
    pub fn next_round(&mut self) -> Vec<(usize, Step<Discovered>)> {
        self.rounds += 1;
        match self.rounds {
            1 => GRAPH_LANES
                .iter()
                .map(|&lane| self.push(Discovery::lane(&self.cloud, lane, self.policy)))
                .collect(),
            2 if NEEDS_FALLBACK
                .iter()
                .any(|&i| self.lanes[i].borrow().graph_refused()) =>
            {
                let started = self.push(Discovery::fallback(&self.cloud, self.policy));
                self.fallback = Some(started.0);
                vec![started]
            }
            _ => Vec::new(),
        }
    }

    fn push(&mut self, (flow, first): (Discovery, Step<Discovered>)) -> (usize, Step<Discovered>) {
        self.lanes.push(RefCell::new(flow));
        (self.lanes.len() - 1, first)
    }

    /// The workflow of lane `index`, for the edge to drive.
    pub fn lane(&self, index: usize) -> Option<&RefCell<Discovery>> {
        self.lanes.get(index)
    }

    /// Lane `index` ended: what every finished lane found so far, for the progress display.
    pub fn lane_finished(&self, index: usize) -> Discovered {
        self.finished.borrow_mut().push(index);
        let finished = self.finished.borrow();
        let parts: Vec<std::cell::Ref<'_, Discovery>> =
            finished.iter().map(|&i| self.lanes[i].borrow()).collect();
        let refs: Vec<&Discovery> = parts.iter().map(|p| &**p).collect();
        Discovery::merge(&refs)
    }

    /// Everything found: the fallback's clusters and workspaces with the extension query's
    /// extensions when the fallback ran, the three queries' otherwise.
    pub fn result(&self) -> Discovered {
        let parts: Vec<std::cell::Ref<'_, Discovery>> = match self.fallback {
            Some(fallback) => [fallback, 2]
                .iter()
                .filter_map(|&i| self.lanes.get(i).map(RefCell::borrow))
                .collect(),
            None => self.lanes.iter().map(RefCell::borrow).collect(),
        };
        let refs: Vec<&Discovery> = parts.iter().map(|p| &**p).collect();
        Discovery::merge(&refs)
    }
}
