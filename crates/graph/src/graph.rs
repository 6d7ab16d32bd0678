//! The graph itself: nodes (the internet and inventory resources), typed and explained edges,
//! and the adjacency the path search walks.

use std::collections::HashMap;

use cloudward_model::{Inventory, ResourceKind, Value};
use serde::Serialize;

/// A node's position in [`Graph::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct NodeId(pub u32);

/// The node every exposure starts from.
pub const INTERNET: NodeId = NodeId(0);

/// What a node stands for, coarsely: the layers of an attack path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// The internet.
    Internet,
    /// Something the internet talks to first: a load balancer, a CloudFront distribution.
    Entry,
    /// Something that runs code: an instance, a function.
    Compute,
    /// An IAM role code runs as.
    Role,
    /// Data: buckets, secrets, keys, tables.
    Data,
}

impl Layer {
    /// The layer of a resource kind, `None` for kinds the graph does not place.
    pub fn of(kind: ResourceKind) -> Option<Layer> {
        use ResourceKind::*;
        Some(match kind {
            ElbLoadBalancer | ElbClassicLoadBalancer | CloudfrontDistribution => Layer::Entry,
            Ec2Instance | LambdaFunction => Layer::Compute,
            IamRole => Layer::Role,
            S3Bucket | SecretsManagerSecret | KmsKey | DynamodbTable => Layer::Data,
            _ => return None,
        })
    }
}

/// One node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Stable id: the resource id, or `internet`.
    pub id: String,
    /// A short readable label (`EC2 instance i-0abc`).
    pub label: String,
    /// The layer.
    pub layer: Layer,
    /// The resource kind; `None` for the internet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ResourceKind>,
    /// Position in `Inventory::resources`; `None` for the internet.
    #[serde(skip)]
    pub resource: Option<usize>,
}

/// Why an edge exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Public IP, internet-routed subnet, security group admitting the world.
    NetworkReach,
    /// An internet-facing load balancer, a distribution, a function URL.
    InternetFacing,
    /// A load balancer forwards to a registered target.
    Forwards,
    /// A CloudFront distribution reads from an origin.
    Origin,
    /// Compute runs as a role (instance profile, execution role).
    RunsAs,
    /// A role's policies let it read the data.
    CanRead,
    /// Anyone may read the data (public bucket policy or ACL).
    PublicRead,
    /// Anyone may write the data.
    PublicWrite,
}

impl EdgeKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::NetworkReach => "network_reach",
            EdgeKind::InternetFacing => "internet_facing",
            EdgeKind::Forwards => "forwards",
            EdgeKind::Origin => "origin",
            EdgeKind::RunsAs => "runs_as",
            EdgeKind::CanRead => "can_read",
            EdgeKind::PublicRead => "public_read",
            EdgeKind::PublicWrite => "public_write",
        }
    }
}

/// Whether an edge is known to exist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "certainty", content = "reason", rename_all = "snake_case")]
pub enum Certainty {
    /// Every fact it rests on is known.
    Certain,
    /// It may exist: a fact it rests on is Unknown, for this reason.
    Unverified(String),
}

impl Certainty {
    /// Whether this is [`Certainty::Certain`].
    pub fn is_certain(&self) -> bool {
        matches!(self, Certainty::Certain)
    }
}

/// One edge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// Source.
    pub from: NodeId,
    /// Target.
    pub to: NodeId,
    /// Type.
    pub kind: EdgeKind,
    /// Why, in words: the route, the address, the rule, the statement.
    pub why: String,
    /// Known or possible.
    #[serde(flatten)]
    pub certainty: Certainty,
}

/// A cap that was hit while building or searching, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Truncation {
    /// Which cap (`MAX_DATA_EVALUATIONS`, ...).
    pub limit: &'static str,
    /// Where and what was left out.
    pub detail: String,
}

/// A resource whose onward edges could not be told at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The resource id.
    pub resource: String,
    /// Why.
    pub reason: String,
}

/// The exposure graph of one inventory.
#[derive(Debug)]
pub struct Graph<'a> {
    /// The inventory it was built from.
    pub inventory: &'a Inventory,
    /// Nodes; `nodes[0]` is the internet.
    pub nodes: Vec<Node>,
    /// Edges, in the order they were found.
    pub edges: Vec<Edge>,
    /// Caps hit while building.
    pub truncations: Vec<Truncation>,
    /// Facts the graph could not place: a resource whose onward edges are not known at all
    /// (a load balancer whose targets were not read), with the reason.
    pub gaps: Vec<Gap>,
    /// Outgoing edge positions per node.
    pub(crate) out: Vec<Vec<u32>>,
    /// Incoming edge positions per node.
    pub(crate) inc: Vec<Vec<u32>>,
    /// Node of each inventory resource, by resource position.
    pub(crate) by_resource: Vec<Option<NodeId>>,
    /// Nodes by kind and name (first of equal names, as `Inventory::find`).
    names: HashMap<(ResourceKind, &'a str), NodeId>,
    /// Role nodes by ARN.
    role_arns: HashMap<&'a str, NodeId>,
    /// The role nodes each instance profile (by ARN) holds, from the roles' own lists.
    profile_roles: HashMap<&'a str, Vec<NodeId>>,
    /// Why some role's instance profiles are not known (then a profile not in
    /// `profile_roles` may still hold a role), the first such reason.
    profiles_unknown: Option<String>,
}

impl<'a> Graph<'a> {
    /// An empty graph over `inventory`: the internet, one node per placed resource, no edges.
    pub(crate) fn nodes_of(inventory: &'a Inventory) -> Self {
        let mut nodes = vec![Node {
            id: "internet".into(),
            label: "Internet".into(),
            layer: Layer::Internet,
            kind: None,
            resource: None,
        }];
        let mut by_resource = vec![None; inventory.resources.len()];
        let mut names = HashMap::new();
        let mut role_arns = HashMap::new();
        let mut profile_roles: HashMap<&'a str, Vec<NodeId>> = HashMap::new();
        let mut profiles_unknown = None;
        for (i, r) in inventory.resources.iter().enumerate() {
            let kind = r.kind();
            if let Some(layer) = Layer::of(kind) {
                let id = u32::try_from(nodes.len()).map(NodeId).ok();
                by_resource[i] = id;
                if let Some(id) = id {
                    names.entry((kind, r.name.as_str())).or_insert(id);
                    if let Some(role) = r.as_iam_role() {
                        role_arns.entry(role.arn.as_str()).or_insert(id);
                        match &role.instance_profiles {
                            Value::Known(arns) => {
                                for arn in arns {
                                    profile_roles.entry(arn.as_str()).or_default().push(id);
                                }
                            }
                            Value::Unknown(reason) => {
                                profiles_unknown.get_or_insert_with(|| {
                                    format!("role {}'s instance profiles: {reason}", role.role_name)
                                });
                            }
                        }
                    }
                    nodes.push(Node {
                        id: r.id.clone(),
                        label: format!("{} {}", kind.label(), r.name),
                        layer,
                        kind: Some(kind),
                        resource: Some(i),
                    });
                }
            }
        }
        let out = vec![Vec::new(); nodes.len()];
        let inc = out.clone();
        Graph {
            inventory,
            nodes,
            edges: Vec::new(),
            truncations: Vec::new(),
            gaps: Vec::new(),
            out,
            inc,
            by_resource,
            names,
            role_arns,
            profile_roles,
            profiles_unknown,
        }
    }

    /// Add an edge.
    pub(crate) fn connect(
        &mut self,
        from: NodeId,
        to: NodeId,
        kind: EdgeKind,
        why: String,
        certainty: Certainty,
    ) {
        let Ok(position) = u32::try_from(self.edges.len()) else {
            return;
        };
        self.edges.push(Edge {
            from,
            to,
            kind,
            why,
            certainty,
        });
        if let Some(list) = self.out.get_mut(from.0 as usize) {
            list.push(position);
        }
        if let Some(list) = self.inc.get_mut(to.0 as usize) {
            list.push(position);
        }
    }

    /// The node of the resource at `position` in the inventory.
    pub fn node_of(&self, position: usize) -> Option<NodeId> {
        self.by_resource.get(position).copied().flatten()
    }

    /// The node of a resource by kind and name.
    pub fn find(&self, kind: ResourceKind, name: &str) -> Option<NodeId> {
        self.names.get(&(kind, name)).copied()
    }

    /// The role nodes an instance profile holds: `Ok` when every role's profiles are known
    /// (an empty list then means it holds none of the inventory's roles), `Err` with the
    /// reason when some are not (the roles found are then only those known to be in it).
    pub fn profile_roles(&self, profile_arn: &str) -> Result<&[NodeId], (&[NodeId], &str)> {
        let found = self
            .profile_roles
            .get(profile_arn)
            .map_or(&[][..], Vec::as_slice);
        match &self.profiles_unknown {
            None => Ok(found),
            Some(reason) => Err((found, reason)),
        }
    }

    /// The node of a role by ARN.
    pub fn role(&self, arn: &str) -> Option<NodeId> {
        self.role_arns.get(arn).copied()
    }

    /// The resource behind a node (`None` for the internet).
    pub fn resource(&self, id: NodeId) -> Option<&'a cloudward_model::Resource> {
        let inventory: &'a Inventory = self.inventory;
        self.node(id).resource.map(|p| &inventory.resources[p])
    }

    /// A node.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// The edges leaving `id`.
    pub fn outgoing(&self, id: NodeId) -> impl Iterator<Item = &Edge> + '_ {
        self.out
            .get(id.0 as usize)
            .into_iter()
            .flatten()
            .map(move |&e| &self.edges[e as usize])
    }

    /// The edges entering `id`.
    pub fn incoming(&self, id: NodeId) -> impl Iterator<Item = &Edge> + '_ {
        self.inc
            .get(id.0 as usize)
            .into_iter()
            .flatten()
            .map(move |&e| &self.edges[e as usize])
    }

    /// Record a fact the graph could not place.
    pub(crate) fn gap(&mut self, resource: &str, reason: String) {
        self.gaps.push(Gap {
            resource: resource.to_string(),
            reason,
        });
    }
}
