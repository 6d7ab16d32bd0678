//! The paths and combinations as text, JSON, Mermaid and Graphviz DOT. Output is sorted by the
//! graph's node order (the inventory's), so identical inventories give identical bytes.

use std::fmt::Write;

use serde_json::json;

use crate::graph::{Certainty, Graph};
use crate::paths::Paths;
use crate::toxic::Combinations;

/// An output format of `cloudward paths`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One block per path, arrows and reasons.
    Text,
    /// Nodes, edges, paths, findings.
    Json,
    /// A Mermaid flowchart of the edges on the paths.
    Mermaid,
    /// A Graphviz digraph of the edges on the paths.
    Dot,
}

/// Render `paths` and `combinations` of `graph` in `format`.
pub fn render(
    graph: &Graph<'_>,
    paths: &Paths,
    combinations: &Combinations,
    format: Format,
) -> String {
    match format {
        Format::Text => text(graph, paths, combinations),
        Format::Json => serde_json::to_string_pretty(&json!({
            "paths": paths.paths.iter().map(|p| json!({
                "certain": p.is_certain(),
                "nodes": p.nodes.iter().map(|&n| graph.node(n)).collect::<Vec<_>>(),
                "edges": p.edges.iter().map(|&e| {
                    let edge = &graph.edges[e as usize];
                    json!({"from": graph.node(edge.from).id, "to": graph.node(edge.to).id, "kind": edge.kind, "why": edge.why, "certainty": edge.certainty})
                }).collect::<Vec<_>>(),
                "unverified": p.unverified,
            })).collect::<Vec<_>>(),
            "findings": combinations.findings.iter().map(|f| json!({
                "combination": f.combination, "title": f.title, "severity": f.severity, "status": f.status,
                "resource_id": f.resource_id, "resource": f.resource, "evidence": f.evidence,
                "unverified": f.unverified,
                "path": f.path.as_ref().map(|p| p.nodes.iter().map(|&n| graph.node(n).id.clone()).collect::<Vec<_>>()),
            })).collect::<Vec<_>>(),
            "gaps": graph.gaps,
            "truncations": graph.truncations.iter().chain(&paths.truncations).chain(&combinations.truncations).collect::<Vec<_>>(),
        }))
        .unwrap_or_default()
            + "\n",
        Format::Mermaid => diagram(graph, paths, Style::Mermaid),
        Format::Dot => diagram(graph, paths, Style::Dot),
    }
}

fn text(graph: &Graph<'_>, paths: &Paths, combinations: &Combinations) -> String {
    let mut out = String::new();
    for f in &combinations.findings {
        let _ = writeln!(
            out,
            "{} [{}] {}: {}",
            f.status.as_str().to_uppercase(),
            f.severity.as_str(),
            f.combination,
            f.resource
        );
        let _ = writeln!(out, "  {}", f.title);
        for e in &f.evidence {
            let _ = writeln!(out, "  - {e}");
        }
        for u in &f.unverified {
            let _ = writeln!(out, "  ? {u}");
        }
        if let Some(p) = &f.path {
            let labels: Vec<&str> = p
                .nodes
                .iter()
                .map(|&n| graph.node(n).label.as_str())
                .collect();
            let _ = writeln!(out, "  path: {}", labels.join(" → "));
        }
    }
    if !combinations.findings.is_empty() {
        out.push('\n');
    }
    for p in &paths.paths {
        let _ = writeln!(
            out,
            "{} {}",
            if p.is_certain() {
                "path"
            } else {
                "possible path (unverified)"
            },
            graph.node(p.target()).label
        );
        for &e in &p.edges {
            let edge = &graph.edges[e as usize];
            let mark = match &edge.certainty {
                Certainty::Certain => String::new(),
                Certainty::Unverified(r) => format!(" [unverified: {r}]"),
            };
            let _ = writeln!(
                out,
                "  {} → {} ({}: {}){mark}",
                graph.node(edge.from).label,
                graph.node(edge.to).label,
                edge.kind.as_str(),
                edge.why
            );
        }
    }
    for g in &graph.gaps {
        let _ = writeln!(out, "gap: {}: {}", g.resource, g.reason);
    }
    for t in graph
        .truncations
        .iter()
        .chain(&paths.truncations)
        .chain(&combinations.truncations)
    {
        let _ = writeln!(out, "limit {} reached: {}", t.limit, t.detail);
    }
    if out.is_empty() {
        out.push_str("no path from the internet\n");
    }
    out
}

enum Style {
    Mermaid,
    Dot,
}

/// Quote for DOT and Mermaid labels: no quotes or newlines survive.
fn quote(s: &str) -> String {
    s.replace(['"', '\n', '\r'], "'")
}

fn diagram(graph: &Graph<'_>, paths: &Paths, style: Style) -> String {
    let mut edges: Vec<u32> = paths
        .paths
        .iter()
        .flat_map(|p| p.edges.iter().copied())
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let mut nodes: Vec<u32> = edges
        .iter()
        .flat_map(|&e| {
            let edge = &graph.edges[e as usize];
            [edge.from.0, edge.to.0]
        })
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    let mut out = String::new();
    match style {
        Style::Mermaid => out.push_str("flowchart LR\n"),
        Style::Dot => out.push_str("digraph paths {\n  rankdir=LR;\n"),
    }
    for &n in &nodes {
        let label = quote(&graph.nodes[n as usize].label);
        let _ = match style {
            Style::Mermaid => writeln!(out, "  n{n}[\"{label}\"]"),
            Style::Dot => writeln!(out, "  n{n} [label=\"{label}\"];"),
        };
    }
    for &e in &edges {
        let edge = &graph.edges[e as usize];
        let (a, b, kind) = (edge.from.0, edge.to.0, edge.kind.as_str());
        let certain = edge.certainty.is_certain();
        let _ = match (&style, certain) {
            (Style::Mermaid, true) => writeln!(out, "  n{a} -->|{kind}| n{b}"),
            (Style::Mermaid, false) => writeln!(out, "  n{a} -.->|{kind} unverified| n{b}"),
            (Style::Dot, true) => writeln!(out, "  n{a} -> n{b} [label=\"{kind}\"];"),
            (Style::Dot, false) => writeln!(
                out,
                "  n{a} -> n{b} [label=\"{kind} (unverified)\", style=dashed];"
            ),
        };
    }
    if let Style::Dot = style {
        out.push_str("}\n");
    }
    out
}
