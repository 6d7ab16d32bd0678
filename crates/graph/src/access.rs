//! Edges from compute to the roles it runs as, and from those roles to the data their policies
//! let them read, decided by the offline IAM evaluator (`cloudward-policy`), not by reading
//! policy text here. Also the questions the toxic combinations ask of a role: is it
//! administrator-equivalent, can it write IAM.

use cloudward_model::{Resource, ResourceKind, Value};
use cloudward_policy::{Context, Evaluator, Request};

use crate::answer::Answer;
use crate::graph::{Certainty, EdgeKind, Graph, Layer, NodeId};
use crate::limits::{MAX_DATA_EVALUATIONS, MAX_PATH_EDGES};
use crate::paths::reachable;
use crate::Truncation;

/// Why an instance → role edge is only possible: some role's instance profiles are not
/// known (a snapshot from before they were collected, or code), so the profile is assumed to
/// hold the role of its own name.
pub const PROFILE_BY_NAME: &str = "the instance profile's roles are not known; assumed to \
    hold the role of the same name, as the console creates them";

/// Compute → role.
pub(crate) fn connect_roles(graph: &mut Graph<'_>) {
    let inventory = graph.inventory;
    for (position, r) in inventory.resources.iter().enumerate() {
        let Some(node) = graph.node_of(position) else {
            continue;
        };
        if let Some(i) = r.as_ec2_instance() {
            match &i.iam_instance_profile {
                Value::Known(None) => {}
                Value::Known(Some(profile)) => {
                    let name = profile.rsplit('/').next().unwrap_or(profile);
                    // The roles' own lists (GetAccountAuthorizationDetails) say which roles
                    // the profile holds: certain. Only where they are not known does the
                    // profile's name stand in for its role.
                    let (held, unknown) = match graph.profile_roles(profile) {
                        Ok(held) => (held.to_vec(), None),
                        Err((held, reason)) => (held.to_vec(), Some(reason.to_string())),
                    };
                    for role in &held {
                        let role_name = graph.node(*role).label.clone();
                        graph.connect(
                            node,
                            *role,
                            EdgeKind::RunsAs,
                            format!("instance profile {name} holds {role_name}"),
                            Certainty::Certain,
                        );
                    }
                    match (held.is_empty(), unknown) {
                        (false, _) => {}
                        (true, None) => graph.gap(
                            &r.id,
                            format!("instance profile {profile} holds no role of the inventory"),
                        ),
                        (true, Some(reason)) => match graph.find(ResourceKind::IamRole, name) {
                            Some(role) => graph.connect(
                                node,
                                role,
                                EdgeKind::RunsAs,
                                format!("instance profile {name}"),
                                Certainty::Unverified(format!("{PROFILE_BY_NAME} ({reason})")),
                            ),
                            None => graph.gap(
                                &r.id,
                                format!(
                                    "instance profile {profile}: no role named {name} in the \
                                     inventory, and {reason}"
                                ),
                            ),
                        },
                    }
                }
                Value::Unknown(reason) => {
                    graph.gap(&r.id, format!("instance profile not known: {reason}"))
                }
            }
        } else if let Some(f) = r.as_lambda_function() {
            match &f.role {
                Value::Known(arn) => match graph.role(arn) {
                    Some(role) => graph.connect(
                        node,
                        role,
                        EdgeKind::RunsAs,
                        format!("execution role {arn}"),
                        Certainty::Certain,
                    ),
                    None => graph.gap(
                        &r.id,
                        format!("execution role {arn} is not in the inventory"),
                    ),
                },
                Value::Unknown(reason) => {
                    graph.gap(&r.id, format!("execution role not known: {reason}"))
                }
            }
        }
    }
}

/// The read request that stands for "can read this data", `None` for kinds that are not data.
pub fn read_request(r: &Resource) -> Option<(&'static str, String)> {
    Some(match r.kind() {
        ResourceKind::S3Bucket => (
            "s3:GetObject",
            format!("arn:aws:s3:::{}/cloudward-probe", r.name),
        ),
        ResourceKind::SecretsManagerSecret => (
            "secretsmanager:GetSecretValue",
            r.as_secretsmanager_secret()?.arn.clone(),
        ),
        ResourceKind::KmsKey => ("kms:Decrypt", r.as_kms_key()?.arn.clone()),
        ResourceKind::DynamodbTable => {
            ("dynamodb:GetItem", r.as_dynamodb_table()?.table_arn.clone())
        }
        _ => return None,
    })
}

/// Ask the evaluator whether `principal` may do `action` on `resource`.
pub fn ask(evaluator: &Evaluator<'_>, principal: &str, action: &str, resource: String) -> Answer {
    Answer::of(&evaluator.evaluate(&Request {
        principal: principal.to_string(),
        action: action.to_string(),
        resource,
        context: Context::new(),
    }))
}

/// One data resource as the role → data pass asks about it.
struct Datum {
    node: NodeId,
    action: &'static str,
    arn: String,
}

/// The data resources sorted by lower-cased ARN, so that the resource patterns of a role's
/// policies select their candidates by prefix instead of every role being asked about every
/// datum. Data with a resource policy (or one not known) are always candidates: that policy
/// may grant on its own.
struct DataIndex {
    sorted: Vec<(String, usize)>,
    always: Vec<usize>,
    data: Vec<Datum>,
}

impl DataIndex {
    fn new(graph: &Graph<'_>) -> Self {
        let mut data = Vec::new();
        let mut always = Vec::new();
        for n in 0..graph.nodes.len() {
            let Ok(id) = u32::try_from(n).map(NodeId) else {
                break;
            };
            if graph.nodes[n].layer != Layer::Data {
                continue;
            }
            let Some(r) = graph.resource(id) else {
                continue;
            };
            let Some((action, arn)) = read_request(r) else {
                continue;
            };
            if !matches!(resource_policy(r), Value::Known(false)) {
                always.push(data.len());
            }
            data.push(Datum {
                node: id,
                action,
                arn,
            });
        }
        let mut sorted: Vec<(String, usize)> = data
            .iter()
            .enumerate()
            .map(|(i, d)| (d.arn.to_ascii_lowercase(), i))
            .collect();
        sorted.sort();
        DataIndex {
            sorted,
            always,
            data,
        }
    }

    /// The data a role's policies may reach: `None` means every datum (a policy not known, a
    /// `NotResource`, a pattern starting with a wildcard or variable).
    fn candidates(&self, patterns: Option<Vec<String>>) -> Option<Vec<usize>> {
        let patterns = patterns?;
        let mut out = self.always.clone();
        for p in patterns {
            let literal = p
                .find(['*', '?', '$'])
                .map_or(p.as_str(), |i| &p[..i])
                .to_ascii_lowercase();
            if literal.is_empty() {
                return None;
            }
            let from = self
                .sorted
                .partition_point(|(arn, _)| arn.as_str() < literal.as_str());
            out.extend(
                self.sorted[from..]
                    .iter()
                    .take_while(|(arn, _)| arn.starts_with(&literal))
                    .map(|(_, i)| *i),
            );
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

/// Whether a data resource carries a resource policy: `Known(false)` only when it is known to
/// have none.
fn resource_policy(r: &Resource) -> Value<bool> {
    let policy = if let Some(b) = r.as_s3_bucket() {
        &b.policy
    } else if let Some(s) = r.as_secretsmanager_secret() {
        &s.policy
    } else if let Some(k) = r.as_kms_key() {
        &k.policy
    } else {
        return Value::Known(false);
    };
    policy.as_ref().map(|p| p.is_some())
}

/// The `Resource` patterns of a role's `Allow` statements, `None` when they cannot bound it.
fn resource_patterns(graph: &Graph<'_>, role: &cloudward_model::iam::Role) -> Option<Vec<String>> {
    let mut docs = Vec::new();
    match &role.inline_policies {
        Value::Known(list) => {
            for p in list {
                docs.push(p.document.get().ok()?);
            }
        }
        Value::Unknown(_) => return None,
    }
    match &role.attached_policies {
        Value::Known(list) => {
            for a in list {
                let name = a.policy_arn.rsplit('/').next().unwrap_or_default();
                let managed = graph
                    .inventory
                    .find(ResourceKind::IamPolicy, name)
                    .and_then(Resource::as_iam_policy)
                    .filter(|p| p.arn == a.policy_arn)?;
                docs.push(managed.document.get().ok()?);
            }
        }
        Value::Unknown(_) => return None,
    }
    let mut patterns = Vec::new();
    for doc in docs {
        for s in doc.statements().iter().filter(|s| s.allow) {
            if !s.not_resources.is_empty() || s.resources.is_empty() {
                return None;
            }
            patterns.extend(s.resources.iter().map(|r| r.to_string()));
        }
    }
    Some(patterns)
}

/// Role → data, for the roles the internet reaches (only they can be on a path from it).
pub(crate) fn connect_data(graph: &mut Graph<'_>, evaluator: &Evaluator<'_>) {
    let reached = reachable(graph, MAX_PATH_EDGES);
    let roles: Vec<NodeId> = (0..graph.nodes.len())
        .filter(|&n| reached[n] && graph.nodes[n].layer == Layer::Role)
        .filter_map(|n| u32::try_from(n).ok().map(NodeId))
        .collect();
    let index = DataIndex::new(graph);
    let mut budget = MAX_DATA_EVALUATIONS;
    for role in roles {
        let Some(r) = graph.resource(role).and_then(Resource::as_iam_role) else {
            continue;
        };
        let candidates = index.candidates(resource_patterns(graph, r));
        let arn = r.arn.clone();
        let count = candidates.as_ref().map_or(index.data.len(), Vec::len);
        if budget < count {
            graph.truncations.push(Truncation {
                limit: "MAX_DATA_EVALUATIONS",
                detail: format!(
                    "role {arn}: its access to {count} data resources was not evaluated"
                ),
            });
            continue;
        }
        budget -= count;
        let all: Vec<usize>;
        let chosen = match &candidates {
            Some(c) => c,
            None => {
                all = (0..index.data.len()).collect();
                &all
            }
        };
        for &i in chosen {
            let d = &index.data[i];
            if let Some((why, certainty)) =
                ask(evaluator, &arn, d.action, d.arn.clone()).edge(d.action)
            {
                graph.connect(role, d.node, EdgeKind::CanRead, why, certainty);
            }
        }
    }
}

/// Whether a role is administrator-equivalent: allowed an action no policy names on any
/// resource (only `"Action": "*"` or a broad `NotAction` grants that) and
/// `iam:AttachRolePolicy` (so a `NotAction` that spares IAM does not count).
pub fn is_admin(evaluator: &Evaluator<'_>, role_arn: &str) -> Answer {
    let account = account_of(role_arn);
    Answer::all([
        ask(evaluator, role_arn, "cloudward-probe:AnyAction", "*".into()),
        ask(
            evaluator,
            role_arn,
            "iam:AttachRolePolicy",
            format!("arn:aws:iam::{account}:role/cloudward-probe"),
        ),
    ])
}

/// IAM writes that hand over the account, each with the resource type it acts on.
const IAM_WRITES: &[(&str, &str)] = &[
    ("iam:CreateUser", "user"),
    ("iam:CreateAccessKey", "user"),
    ("iam:AttachUserPolicy", "user"),
    ("iam:PutUserPolicy", "user"),
    ("iam:AttachRolePolicy", "role"),
    ("iam:PutRolePolicy", "role"),
    ("iam:UpdateAssumeRolePolicy", "role"),
    ("iam:CreatePolicyVersion", "policy"),
];

/// Whether a role can write IAM: any of [`IAM_WRITES`] on a resource of that type in its
/// account (a policy scoped to some names only is not caught: the probe name matches no scope).
pub fn can_write_iam(evaluator: &Evaluator<'_>, role_arn: &str) -> Answer {
    let account = account_of(role_arn);
    Answer::any(IAM_WRITES.iter().map(|(action, kind)| {
        match ask(
            evaluator,
            role_arn,
            action,
            format!("arn:aws:iam::{account}:{kind}/cloudward-probe"),
        ) {
            Answer::Yes(why) => Answer::Yes(format!("{action} {why}")),
            other => other,
        }
    }))
}

/// The account of an ARN (empty when it has none).
pub(crate) fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or_default()
}
