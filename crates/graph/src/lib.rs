//! The exposure graph of an inventory, in process (no external database): the internet, the
//! front doors (load balancers, CloudFront, function URLs), the compute behind them (instances,
//! functions), the roles that compute runs as, and the data those roles can read (buckets,
//! secrets, keys, tables). Edges are typed and explained, and an edge that rests on an Unknown
//! attribute is *unverified*: a path through it is reported as possible, with the reason.
//!
//! Principal types:
//! - [`Graph`]: built once by [`build`] from an [`Inventory`]; nodes, [`Edge`]s, gaps and caps hit.
//! - [`Paths`] from [`search`]: one path from the internet per reached target.
//! - [`Combinations`] from [`find`]: the toxic combinations ([`COMBINATIONS`]), Fail or Unknown.
//!
//! Depends on `cloudward-model` and `cloudward-policy` (role → data edges and role questions are
//! decided by the offline IAM evaluator). Caps are in [`limits`].
//!
//! ```
//! use cloudward_model::Inventory;
//! use cloudward_graph::{build, search, Query};
//!
//! let inventory = Inventory::new();
//! let evaluator = cloudward_policy::Evaluator::new(&inventory);
//! let graph = build(&inventory, &evaluator);
//! assert!(search(&graph, Query { to: None }).paths.is_empty());
//! ```
#![deny(missing_docs)]

mod access;
mod answer;
mod graph;
pub mod limits;
mod network;
mod paths;
mod public;
mod render;
mod toxic;

use cloudward_model::Inventory;
use cloudward_policy::Evaluator;

pub use access::{can_write_iam, is_admin, PROFILE_BY_NAME};
pub use answer::Answer;
pub use graph::{Certainty, Edge, EdgeKind, Gap, Graph, Layer, Node, NodeId, Truncation, INTERNET};
pub use paths::{search, Path, Paths, Query};
pub use render::{render, Format};
pub use toxic::{find, CombinationMeta, Combinations, ToxicFinding, COMBINATIONS};

/// Build the exposure graph of `inventory`; `evaluator` must be built over the same inventory.
pub fn build<'a>(inventory: &'a Inventory, evaluator: &Evaluator<'a>) -> Graph<'a> {
    let mut graph = Graph::nodes_of(inventory);
    network::connect(&mut graph);
    public::connect(&mut graph, evaluator);
    access::connect_roles(&mut graph);
    access::connect_data(&mut graph, evaluator);
    graph
}
