//! Edges from the internet: what an outsider can send packets or requests to, and where the
//! front doors forward them.
//!
//! An instance is reachable when three facts hold together, as the rules that judge direct
//! exposure read them (`ec2-instance-sensitive-ports-not-internet-exposed`,
//! `elbv2-targets-not-directly-internet-reachable`): a public IPv4 address, a subnet routing
//! `0.0.0.0/0` or `::/0` to an internet gateway ([`Inventory::subnet_is_public`]), and a
//! security group admitting `0.0.0.0/0` or `::/0` ([`Peer::is_world`]). Here any port counts: an
//! attacker needs one way in. A known fact that rules the edge out removes it; a missing fact
//! makes it unverified, never absent.

use cloudward_model::ec2::{Instance, Peer};
use cloudward_model::{Inventory, Resource, ResourceKind, Value};

use crate::answer::Answer;
use crate::graph::{Certainty, EdgeKind, Graph, INTERNET};

/// Whether any of `groups` admits `0.0.0.0/0` or `::/0`, on any port.
pub(crate) fn world_admitted(
    inventory: &Inventory,
    groups: &[String],
    region: Option<&str>,
) -> Answer {
    let mut unknown = Vec::new();
    for g in groups {
        let Some(group) = inventory
            .find(ResourceKind::Ec2SecurityGroup, g)
            .and_then(Resource::as_ec2_security_group)
        else {
            let listing = inventory
                .errors_for_in(ResourceKind::Ec2SecurityGroup, region)
                .next()
                .map(|e| format!(" ({})", e.reason()))
                .unwrap_or_default();
            unknown.push(format!(
                "security group {g} is not in the inventory{listing}"
            ));
            continue;
        };
        match &group.ingress {
            Value::Unknown(r) => unknown.push(format!("security group {g}: {r}")),
            Value::Known(rules) => {
                if let Some((i, rule)) = rules.iter().enumerate().find(|(_, r)| r.peer.is_world()) {
                    let cidr = match &rule.peer {
                        Peer::Ipv4(c) | Peer::Ipv6(c) => c.as_str(),
                        _ => "",
                    };
                    let ports = match (rule.from_port, rule.to_port) {
                        _ if rule.is_all_traffic() => "all traffic".to_string(),
                        (Some(a), Some(b)) if a == b => format!("{} {a}", rule.ip_protocol),
                        (Some(a), Some(b)) => format!("{} {a}-{b}", rule.ip_protocol),
                        _ => rule.ip_protocol.clone(),
                    };
                    return Answer::Yes(format!("{g} ingress[{i}] {ports} from {cidr}"));
                }
            }
        }
    }
    if unknown.is_empty() {
        Answer::No
    } else {
        Answer::Maybe(unknown.join("; "))
    }
}

/// Internet → instance: public address, internet-routed subnet, open security group.
fn instance_reach(
    inventory: &Inventory,
    r: &Resource,
    i: &Instance,
) -> Option<(String, Certainty)> {
    if matches!(i.state.as_str(), "terminated" | "shutting-down" | "stopped") {
        return None;
    }
    let mut why = Vec::new();
    let mut unknown = Vec::new();
    match &i.public_ip_address {
        Value::Known(None) => return None,
        Value::Known(Some(ip)) => why.push(format!("public IPv4 {ip}")),
        Value::Unknown(reason) => unknown.push(format!("public address: {reason}")),
    }
    let region = r.region.as_deref();
    match i.subnet_id.as_deref() {
        None => unknown.push("the instance's subnet is not known".into()),
        Some(subnet) => match inventory.subnet_is_public(subnet, region) {
            Value::Known(false) => return None,
            Value::Known(true) => why.push(format!(
                "subnet {subnet} routes 0.0.0.0/0 to an internet gateway"
            )),
            Value::Unknown(reason) => unknown.push(format!("route of subnet {subnet}: {reason}")),
        },
    }
    match &i.security_group_ids {
        Value::Unknown(reason) => unknown.push(format!("security groups: {reason}")),
        Value::Known(groups) => match world_admitted(inventory, groups, region) {
            Answer::No => return None,
            Answer::Yes(rule) => why.push(rule),
            Answer::Maybe(reason) => unknown.push(reason),
        },
    }
    Some(certainty_of(why, unknown))
}

fn certainty_of(why: Vec<String>, unknown: Vec<String>) -> (String, Certainty) {
    let text = if why.is_empty() {
        "possibly reachable".to_string()
    } else {
        why.join(", ")
    };
    if unknown.is_empty() {
        (text, Certainty::Certain)
    } else {
        (text, Certainty::Unverified(unknown.join("; ")))
    }
}

/// Add every edge that starts at the internet or at a front door.
pub(crate) fn connect(graph: &mut Graph<'_>) {
    let inventory = graph.inventory;
    for (position, r) in inventory.resources.iter().enumerate() {
        let Some(node) = graph.node_of(position) else {
            continue;
        };
        if let Some(i) = r.as_ec2_instance() {
            if let Some((why, certainty)) = instance_reach(inventory, r, i) {
                graph.connect(INTERNET, node, EdgeKind::NetworkReach, why, certainty);
            }
        } else if let Some(lb) = r.as_elb_load_balancer() {
            if !lb.is_internet_facing() {
                continue;
            }
            let kind = &lb.load_balancer_type;
            let front = if lb.security_groups.is_empty() {
                Some((
                    format!("internet-facing {kind} load balancer"),
                    Certainty::Certain,
                ))
            } else {
                match world_admitted(inventory, &lb.security_groups, r.region.as_deref()) {
                    Answer::No => None,
                    Answer::Yes(rule) => Some((
                        format!("internet-facing {kind} load balancer, {rule}"),
                        Certainty::Certain,
                    )),
                    Answer::Maybe(reason) => Some((
                        format!("internet-facing {kind} load balancer"),
                        Certainty::Unverified(reason),
                    )),
                }
            };
            let Some((why, certainty)) = front else {
                continue;
            };
            graph.connect(INTERNET, node, EdgeKind::InternetFacing, why, certainty);
            match &lb.target_groups {
                Value::Unknown(reason) => graph.gap(&r.id, format!("targets not known: {reason}")),
                Value::Known(groups) => {
                    for tg in groups {
                        match &tg.targets {
                            Value::Unknown(reason) => graph.gap(
                                &r.id,
                                format!("targets of {} not known: {reason}", tg.target_group_name),
                            ),
                            Value::Known(targets) => {
                                for t in targets {
                                    if let Some(to) = graph.find(ResourceKind::Ec2Instance, &t.id) {
                                        let port = t
                                            .port
                                            .or(tg.port)
                                            .map(|p| format!(" port {p}"))
                                            .unwrap_or_default();
                                        graph.connect(
                                            node,
                                            to,
                                            EdgeKind::Forwards,
                                            format!(
                                                "target group {} forwards to {}{port}",
                                                tg.target_group_name, t.id
                                            ),
                                            Certainty::Certain,
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } else if let Some(lb) = r.as_elb_classic_load_balancer() {
            if !lb.is_internet_facing() {
                continue;
            }
            graph.connect(
                INTERNET,
                node,
                EdgeKind::InternetFacing,
                "internet-facing Classic Load Balancer".into(),
                Certainty::Certain,
            );
            match &lb.instances {
                Value::Unknown(reason) => {
                    graph.gap(&r.id, format!("instances not known: {reason}"))
                }
                Value::Known(ids) => {
                    for id in ids {
                        if let Some(to) = graph.find(ResourceKind::Ec2Instance, id) {
                            graph.connect(
                                node,
                                to,
                                EdgeKind::Forwards,
                                format!("registered instance {id}"),
                                Certainty::Certain,
                            );
                        }
                    }
                }
            }
        } else if let Some(d) = r.as_cloudfront_distribution() {
            graph.connect(
                INTERNET,
                node,
                EdgeKind::InternetFacing,
                format!("CloudFront distribution {}", d.domain_name),
                Certainty::Certain,
            );
            match &d.origins {
                Value::Unknown(reason) => graph.gap(&r.id, format!("origins not known: {reason}")),
                Value::Known(origins) => {
                    for o in origins.iter().filter(|o| o.is_s3()) {
                        let bucket = o.domain_name.split(".s3").next().unwrap_or_default();
                        if let Some(to) = graph.find(ResourceKind::S3Bucket, bucket) {
                            graph.connect(
                                node,
                                to,
                                EdgeKind::Origin,
                                format!("origin {} reads bucket {bucket}", o.id),
                                Certainty::Certain,
                            );
                        }
                    }
                }
            }
        } else if let Some(f) = r.as_lambda_function() {
            match &f.url_auth_types {
                Value::Known(types) if types.iter().any(|t| t == "NONE") => graph.connect(
                    INTERNET,
                    node,
                    EdgeKind::InternetFacing,
                    "function URL with AuthType NONE".into(),
                    Certainty::Certain,
                ),
                Value::Known(_) => {}
                Value::Unknown(reason) => graph.connect(
                    INTERNET,
                    node,
                    EdgeKind::InternetFacing,
                    "function URL".into(),
                    Certainty::Unverified(format!("function URL configuration: {reason}")),
                ),
            }
        }
    }
}
