//! Path search: breadth-first from the internet, linear in nodes and edges, at most
//! [`MAX_PATH_EDGES`] deep. Each reached target gets one path, the shortest made of certain
//! edges if there is one within the cap, else the shortest at all, which is then
//! possible-but-unverified and carries the reasons of its unverified edges.

use std::collections::VecDeque;

use serde::Serialize;

use crate::graph::{Graph, Layer, NodeId, INTERNET};
use crate::limits::{MAX_PATHS, MAX_PATH_EDGES};
use crate::Truncation;

/// One path from the internet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Path {
    /// The nodes, internet first.
    pub nodes: Vec<NodeId>,
    /// The edges (positions in [`Graph::edges`]), one fewer than the nodes.
    pub edges: Vec<u32>,
    /// Empty when every edge is certain; otherwise why the path is only possible.
    pub unverified: Vec<String>,
}

impl Path {
    /// Whether every edge is certain.
    pub fn is_certain(&self) -> bool {
        self.unverified.is_empty()
    }

    /// The last node.
    pub fn target(&self) -> NodeId {
        self.nodes.last().copied().unwrap_or(INTERNET)
    }
}

/// Which paths to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query {
    /// Paths end at nodes of this layer (`None`: at every node the internet reaches).
    pub to: Option<Layer>,
}

/// The answer to a query: the paths and whether the cap on their number was hit.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Paths {
    /// One per reached target, in node order (inventory order, so deterministic).
    pub paths: Vec<Path>,
    /// Caps hit.
    pub truncations: Vec<Truncation>,
}

/// Breadth-first tree from the internet: the edge each node was first reached by.
fn tree(graph: &Graph<'_>, certain_only: bool, depth: usize) -> Vec<Option<u32>> {
    let n = graph.nodes.len();
    let mut parent: Vec<Option<u32>> = vec![None; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::from([(INTERNET, 0usize)]);
    seen[0] = true;
    while let Some((node, d)) = queue.pop_front() {
        if d >= depth {
            continue;
        }
        for &e in graph.out.get(node.0 as usize).into_iter().flatten() {
            let edge = &graph.edges[e as usize];
            if certain_only && !edge.certainty.is_certain() {
                continue;
            }
            let to = edge.to.0 as usize;
            if !seen[to] {
                seen[to] = true;
                parent[to] = Some(e);
                queue.push_back((edge.to, d + 1));
            }
        }
    }
    parent
}

/// Which nodes the internet reaches within `depth` edges, certain or not.
pub(crate) fn reachable(graph: &Graph<'_>, depth: usize) -> Vec<bool> {
    let parent = tree(graph, false, depth);
    let mut r: Vec<bool> = parent.iter().map(Option::is_some).collect();
    if let Some(first) = r.first_mut() {
        *first = true;
    }
    r
}

fn walk(graph: &Graph<'_>, parent: &[Option<u32>], target: NodeId) -> Path {
    let mut nodes = vec![target];
    let mut edges = Vec::new();
    let mut at = target;
    while let Some(e) = parent[at.0 as usize] {
        edges.push(e);
        at = graph.edges[e as usize].from;
        nodes.push(at);
        if edges.len() > MAX_PATH_EDGES {
            break;
        }
    }
    nodes.reverse();
    edges.reverse();
    let mut unverified = Vec::new();
    for &e in &edges {
        let edge = &graph.edges[e as usize];
        if let crate::Certainty::Unverified(reason) = &edge.certainty {
            unverified.push(format!(
                "{} → {}: {reason}",
                graph.node(edge.from).label,
                graph.node(edge.to).label
            ));
        }
    }
    Path {
        nodes,
        edges,
        unverified,
    }
}

/// Search the paths of `query`.
pub fn search(graph: &Graph<'_>, query: Query) -> Paths {
    let certain = tree(graph, true, MAX_PATH_EDGES);
    let any = tree(graph, false, MAX_PATH_EDGES);
    let mut out = Paths::default();
    for (i, node) in graph.nodes.iter().enumerate().skip(1) {
        if query.to.is_some_and(|l| l != node.layer) {
            continue;
        }
        let parent = if certain[i].is_some() {
            &certain
        } else if any[i].is_some() {
            &any
        } else {
            continue;
        };
        if out.paths.len() >= MAX_PATHS {
            out.truncations.push(Truncation {
                limit: "MAX_PATHS",
                detail: format!("paths past the first {MAX_PATHS} were not listed"),
            });
            break;
        }
        let Ok(id) = u32::try_from(i) else { break };
        out.paths.push(walk(graph, parent, NodeId(id)));
    }
    out
}

/// The path to one node (certain preferred), if the internet reaches it.
pub fn path_to(
    graph: &Graph<'_>,
    certain: &[Option<u32>],
    any: &[Option<u32>],
    target: NodeId,
) -> Option<Path> {
    let i = target.0 as usize;
    if certain.get(i)?.is_some() {
        Some(walk(graph, certain, target))
    } else if any.get(i)?.is_some() {
        Some(walk(graph, any, target))
    } else {
        None
    }
}

/// Both search trees, for callers asking about many targets.
pub(crate) fn trees(graph: &Graph<'_>) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    (
        tree(graph, true, MAX_PATH_EDGES),
        tree(graph, false, MAX_PATH_EDGES),
    )
}
