//! Toxic combinations: exposures that matter more than their parts. Each combination is one
//! file with its metadata and its search over the graph; a finding is Fail when every fact and
//! every edge of its path is known, Unknown (with the reasons) when some are only possible, and
//! absent when a known fact rules it out.
//!
//! They live here, not in `cloudward-rules`, because they need the graph and the evaluator
//! (rules know only the model) and because one search over the whole graph finds them all,
//! where a per-resource rule would rebuild the graph for every resource.

mod cross_account_admin_role;
mod function_url_iam_write;
mod instance_admin_role;
mod instance_imdsv1_sensitive_bucket;
mod public_bucket_read_write;

use cloudward_model::{Severity, Status};
use cloudward_policy::Evaluator;
use serde::Serialize;

use crate::answer::Answer;
use crate::graph::{Certainty, Edge, EdgeKind, Graph, NodeId};
use crate::limits::MAX_FINDINGS_PER_COMBINATION;
use crate::paths::{path_to, trees, Path};
use crate::Truncation;

/// What a combination is, for people: the fields of a rule's metadata that apply.
#[derive(Debug, Serialize)]
pub struct CombinationMeta {
    /// Stable readable id.
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Why it matters.
    pub rationale: &'static str,
    /// How to break the combination.
    pub remediation: &'static str,
    /// AWS documentation.
    pub references: &'static [&'static str],
    /// Framework controls each part maps to (FSBP, CIS AWS), where they exist.
    pub frameworks: &'static [&'static str],
}

/// Every combination, in documentation order.
pub const COMBINATIONS: &[&CombinationMeta] = &[
    &instance_admin_role::META,
    &instance_imdsv1_sensitive_bucket::META,
    &public_bucket_read_write::META,
    &function_url_iam_write::META,
    &cross_account_admin_role::META,
];

/// One combination found on one resource.
#[derive(Clone, Debug, Serialize)]
pub struct ToxicFinding {
    /// The combination id.
    pub combination: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// Fail (every part known) or Unknown (some part only possible).
    pub status: Status,
    /// The resource the combination centres on.
    pub resource_id: String,
    /// Its label.
    pub resource: String,
    /// The known facts.
    pub evidence: Vec<String>,
    /// Why it is only possible, when it is.
    pub unverified: Vec<String>,
    /// The attack path, internet first, when the combination has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Path>,
}

/// The combinations found, and the caps hit.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Combinations {
    /// Findings, by combination then resource order.
    pub findings: Vec<ToxicFinding>,
    /// Caps hit.
    pub truncations: Vec<Truncation>,
}

/// What the searches share: the graph, the evaluator, both path trees.
pub(crate) struct Search<'g, 'a> {
    pub graph: &'g Graph<'a>,
    pub evaluator: &'g Evaluator<'a>,
    certain: Vec<Option<u32>>,
    any: Vec<Option<u32>>,
}

impl Search<'_, '_> {
    /// The path from the internet to `node`.
    pub fn path(&self, node: NodeId) -> Option<Path> {
        path_to(self.graph, &self.certain, &self.any, node)
    }

    /// The edges of `kind` leaving `node`, certain ones first.
    pub fn out(&self, node: NodeId, kind: EdgeKind) -> Vec<(u32, &Edge)> {
        let mut edges: Vec<(u32, &Edge)> = self
            .graph
            .out
            .get(node.0 as usize)
            .into_iter()
            .flatten()
            .map(|&e| (e, &self.graph.edges[e as usize]))
            .filter(|(_, e)| e.kind == kind)
            .collect();
        edges.sort_by_key(|(_, e)| !e.certainty.is_certain());
        edges
    }

    /// A finding when no fact is a known no: Fail if all are known and the path certain.
    pub fn finding(
        &self,
        meta: &'static CombinationMeta,
        node: NodeId,
        path: Option<Path>,
        facts: Vec<Answer>,
    ) -> Option<ToxicFinding> {
        let mut evidence = Vec::new();
        let mut unverified = Vec::new();
        if let Some(p) = &path {
            for &e in &p.edges {
                let edge = &self.graph.edges[e as usize];
                let hop = format!(
                    "{} → {}",
                    self.graph.node(edge.from).label,
                    self.graph.node(edge.to).label
                );
                match &edge.certainty {
                    Certainty::Certain => evidence.push(format!("{hop}: {}", edge.why)),
                    Certainty::Unverified(r) => {
                        unverified.push(format!("{hop} ({}): {r}", edge.why))
                    }
                }
            }
        }
        for f in facts {
            match f {
                Answer::No => return None,
                Answer::Yes(why) => evidence.push(why),
                Answer::Maybe(why) => unverified.push(why),
            }
        }
        let n = self.graph.node(node);
        Some(ToxicFinding {
            combination: meta.id,
            title: meta.title,
            severity: meta.severity,
            status: if unverified.is_empty() {
                Status::Fail
            } else {
                Status::Unknown
            },
            resource_id: n.id.clone(),
            resource: n.label.clone(),
            evidence,
            unverified,
            path,
        })
    }
}

/// An edge as a fact: certain is yes (its explanation), unverified is maybe.
pub(crate) fn fact(edge: &Edge) -> Answer {
    match &edge.certainty {
        Certainty::Certain => Answer::Yes(edge.why.clone()),
        Certainty::Unverified(r) => Answer::Maybe(format!("{}: {r}", edge.why)),
    }
}

/// `path` extended by edge `e`.
pub(crate) fn extend(mut path: Path, graph: &Graph<'_>, e: u32) -> Path {
    let edge = &graph.edges[e as usize];
    if let Certainty::Unverified(r) = &edge.certainty {
        path.unverified.push(format!(
            "{} → {}: {r}",
            graph.node(edge.from).label,
            graph.node(edge.to).label
        ));
    }
    path.edges.push(e);
    path.nodes.push(edge.to);
    path
}

/// One combination's search.
type Finder = fn(&Search<'_, '_>) -> Vec<ToxicFinding>;

/// Search every combination.
pub fn find(graph: &Graph<'_>, evaluator: &Evaluator<'_>) -> Combinations {
    let (certain, any) = trees(graph);
    let search = Search {
        graph,
        evaluator,
        certain,
        any,
    };
    let mut out = Combinations::default();
    let searches: [(&CombinationMeta, Finder); 5] = [
        (&instance_admin_role::META, instance_admin_role::find),
        (
            &instance_imdsv1_sensitive_bucket::META,
            instance_imdsv1_sensitive_bucket::find,
        ),
        (
            &public_bucket_read_write::META,
            public_bucket_read_write::find,
        ),
        (&function_url_iam_write::META, function_url_iam_write::find),
        (
            &cross_account_admin_role::META,
            cross_account_admin_role::find,
        ),
    ];
    for (meta, find) in searches {
        let mut found = find(&search);
        if found.len() > MAX_FINDINGS_PER_COMBINATION {
            out.truncations.push(Truncation {
                limit: "MAX_FINDINGS_PER_COMBINATION",
                detail: format!(
                    "{}: {} more findings not listed",
                    meta.id,
                    found.len() - MAX_FINDINGS_PER_COMBINATION
                ),
            });
            found.truncate(MAX_FINDINGS_PER_COMBINATION);
        }
        out.findings.extend(found);
    }
    out
}

/// The nodes of one kind, in order.
pub(crate) fn nodes_of(graph: &Graph<'_>, kind: cloudward_model::ResourceKind) -> Vec<NodeId> {
    graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == Some(kind))
        .filter_map(|(i, _)| u32::try_from(i).ok().map(NodeId))
        .collect()
}
