//! `cloudward paths`: the attack paths from the internet through an account, and the toxic
//! combinations along them (cloudward-graph), from a snapshot or a live collection.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use cloudward_graph::{build, find, render, search, Layer, Query};
use cloudward_model::Status;
use cloudward_policy::Evaluator;

use super::Globals;
use crate::live::LiveArgs;

/// Exit code when a toxic combination failed.
pub const FOUND: u8 = 1;

#[derive(clap::Args)]
#[command(after_help = "\
Each path runs from the internet to one resource: the shortest one made of known edges, or else
the shortest possible one, marked unverified with the unknown facts it rests on. Toxic
combinations (an internet-reachable instance with an administrator role, IMDSv1 with a role
reading sensitive buckets, a public read-write bucket, an open function URL whose role writes
IAM, a cross-account admin role without an external id) are listed first.

Exit codes: 0 no combination failed, 1 a combination failed, 2 usage error, 3 the run could
not complete.

Examples:
  cloudward paths --inventory inventory.json
  cloudward paths --inventory inventory.json --to data --format mermaid > paths.mmd
  cloudward paths --region eu-west-1 --format dot | dot -Tsvg > paths.svg")]
pub struct Args {
    /// Read this inventory snapshot instead of collecting live.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Where paths start (only the internet for now).
    #[arg(long, value_enum, default_value_t = From::Internet)]
    pub from: From,
    /// Where paths end: a layer, or any node the internet reaches.
    #[arg(long, value_enum, default_value_t = To::Any)]
    pub to: To,
    #[command(flatten)]
    pub live: LiveArgs,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Mermaid,
    Dot,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum From {
    Internet,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum To {
    Any,
    Entry,
    Compute,
    Role,
    Data,
}

pub fn run(args: Args, globals: &Globals) -> anyhow::Result<u8> {
    let inventory = match &args.inventory {
        Some(path) => super::load_snapshot(path)?,
        None => crate::live::collect_inventory(&args.live, globals)?,
    };
    let evaluator = Evaluator::new(&inventory);
    let graph = build(&inventory, &evaluator);
    let to = match args.to {
        To::Any => None,
        To::Entry => Some(Layer::Entry),
        To::Compute => Some(Layer::Compute),
        To::Role => Some(Layer::Role),
        To::Data => Some(Layer::Data),
    };
    let From::Internet = args.from;
    let paths = search(&graph, Query { to });
    let combinations = find(&graph, &evaluator);
    let format = match args.format {
        Format::Text => cloudward_graph::Format::Text,
        Format::Json => cloudward_graph::Format::Json,
        Format::Mermaid => cloudward_graph::Format::Mermaid,
        Format::Dot => cloudward_graph::Format::Dot,
    };
    let out = render(&graph, &paths, &combinations, format);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .context("writing the paths")?;
    stdout.flush().context("writing the paths")?;
    let failed = combinations
        .findings
        .iter()
        .any(|f| f.status == Status::Fail);
    Ok(if failed { FOUND } else { 0 })
}

/// The toxic combinations and the paths to data of `inventory`, as the HTML report draws them
/// (`scan --format html`).
pub fn attack_paths(inventory: &cloudward_model::Inventory) -> Vec<cloudward_report::AttackPath> {
    use cloudward_graph::{Certainty, Graph, Path};
    use cloudward_report::{AttackPath, Hop};
    let evaluator = Evaluator::new(inventory);
    let graph = build(inventory, &evaluator);
    let hops = |graph: &Graph<'_>, path: &Path| -> Vec<Hop> {
        path.edges
            .iter()
            .map(|&e| {
                let edge = &graph.edges[e as usize];
                Hop {
                    from: graph.node(edge.from).label.clone(),
                    to: graph.node(edge.to).label.clone(),
                    kind: edge.kind.as_str().to_string(),
                    why: edge.why.clone(),
                    unverified: match &edge.certainty {
                        Certainty::Certain => None,
                        Certainty::Unverified(r) => Some(r.clone()),
                    },
                }
            })
            .collect()
    };
    let mut out: Vec<AttackPath> = find(&graph, &evaluator)
        .findings
        .iter()
        .map(|f| AttackPath {
            title: format!("{}: {}", f.title, f.resource),
            status: f.status,
            severity: Some(f.severity),
            hops: f.path.as_ref().map(|p| hops(&graph, p)).unwrap_or_default(),
            notes: f.evidence.iter().chain(&f.unverified).cloned().collect(),
        })
        .collect();
    for p in search(
        &graph,
        Query {
            to: Some(Layer::Data),
        },
    )
    .paths
    {
        out.push(AttackPath {
            title: format!("Path to {}", graph.node(p.target()).label),
            status: if p.is_certain() {
                Status::Fail
            } else {
                Status::Unknown
            },
            severity: None,
            hops: hops(&graph, &p),
            notes: Vec::new(),
        });
    }
    out
}

/// The service the toxic combinations are reported under in a scan.
pub const TOXIC_SERVICE: &str = "attack-paths";

/// The toxic combinations of `inventory` as scan findings (issue 13), those `keep` lets
/// through: Fail when every part is known, Unknown when some part is only possible (the
/// reasons follow the evidence), none when a known fact rules a combination out. The rule id
/// is the combination's id (`toxic-...`); the message carries the evidence, the attack path
/// and the fix. A cap the search hit is logged with its place.
pub fn toxic_findings(
    inventory: &cloudward_model::Inventory,
    keep: impl Fn(&cloudward_graph::CombinationMeta) -> bool,
) -> Vec<cloudward_model::Finding> {
    let metas: Vec<&cloudward_graph::CombinationMeta> = cloudward_graph::COMBINATIONS
        .iter()
        .copied()
        .filter(|m| keep(m))
        .collect();
    if metas.is_empty() {
        return Vec::new();
    }
    let evaluator = Evaluator::new(inventory);
    let graph = build(inventory, &evaluator);
    let combinations = find(&graph, &evaluator);
    for t in graph.truncations.iter().chain(&combinations.truncations) {
        tracing::warn!("attack paths: {} reached: {}", t.limit, t.detail);
    }
    let kinds: std::collections::HashMap<&str, &cloudward_model::Resource> = inventory
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    combinations
        .findings
        .into_iter()
        .filter_map(|f| {
            let meta = metas.iter().find(|m| m.id == f.combination)?;
            let resource = kinds.get(f.resource_id.as_str())?;
            let mut message = f.evidence.join("; ");
            if let Some(path) = &f.path {
                let hops: Vec<&str> = path
                    .nodes
                    .iter()
                    .map(|&n| graph.node(n).label.as_str())
                    .collect();
                message.push_str(&format!("\npath: {}", hops.join(" -> ")));
            }
            if !f.unverified.is_empty() {
                message.push_str(&format!("\nunverified: {}", f.unverified.join("; ")));
            }
            message.push_str(&format!("\nfix: {}", meta.remediation));
            Some(cloudward_model::Finding {
                rule_id: f.combination.into(),
                title: f.title.into(),
                severity: f.severity,
                service: TOXIC_SERVICE.into(),
                status: f.status,
                resource_id: f.resource_id,
                resource_kind: resource.kind(),
                resource_name: resource.name.clone(),
                region: resource.region.clone(),
                account: resource
                    .account
                    .clone()
                    .or_else(|| inventory.account_id.clone()),
                location: None,
                message: message.into(),
                attribute: None,
                suppression: None,
            })
        })
        .collect()
}
