//! EC2 and VPC: security groups (inline rules, `aws_security_group_rule`,
//! `aws_vpc_security_group_{ingress,egress}_rule`), network ACLs (inline and
//! `aws_network_acl_rule`), VPCs with flow logs, subnets, route tables (inline routes,
//! `aws_route`, associations), internet gateways, instances, EBS volumes, snapshots and EBS
//! encryption by default.
//!
//! Ids: a resource's id is its symbolic id from evaluation (its address; `igw-` + address for
//! internet gateways), which is what references to `.id` resolve to, so joins line up.

use std::collections::HashMap;

use cloudward_model::ec2::{
    EbsEncryptionByDefault, FlowLog, Image, Instance as Ec2Instance, InternetGateway,
    LaunchPermission, MetadataOptions, NetworkAcl, NetworkAclEntry, Peer, Route, RouteTable,
    RuleAction, SecurityGroup, SecurityGroupRule, Snapshot, Subnet, Volume, Vpc,
};
use cloudward_model::{Attributes, Location, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, locate, locate_at, name_or_address, opt_int,
    parent, reason, regional, resource, str_list, Index, Parent,
};
use crate::terraform::module::{route_target_prefix, Instance};
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    security_groups(idx, out);
    network_acls(idx, out);
    vpcs(idx, out);
    subnets(idx, out);
    route_tables(idx, out);
    internet_gateways(idx, out);
    instances(idx, out);
    volumes(idx, out);
    snapshots(idx, out);
    images(idx, out);
    for &i in idx.of("aws_ebs_encryption_by_default") {
        let mut r = regional(
            i,
            Attributes::Ec2EbsEncryptionByDefault(EbsEncryptionByDefault {
                // The provider's default for `enabled` is true.
                enabled: bool_or(get(i, "enabled"), true),
            }),
        );
        locate(&mut r, "enabled", i, "enabled");
        out.push(r);
    }
}

/// The symbolic id of an instance (what `.id` references resolve to).
fn symbolic_id(i: &Instance) -> String {
    match route_target_prefix(&i.rtype) {
        Some(p) => format!("{p}{}", i.address),
        None => i.address.clone(),
    }
}

fn protocol_name(p: &str) -> String {
    match p.to_ascii_lowercase().as_str() {
        "all" | "-1" => "-1".to_string(),
        other => other.to_string(),
    }
}

fn port(v: Option<&Val>) -> Result<Option<i32>, String> {
    match v {
        None | Some(Val::Null) => Ok(None),
        Some(v) => v
            .to_number()
            .map(|n| Some(n as i32))
            .map_err(|e| reason(&e)),
    }
}

/// A rule with several peers, as Terraform writes it.
struct RuleSpec {
    protocol: String,
    from: Option<i32>,
    to: Option<i32>,
    peers: Vec<Peer>,
    description: Option<String>,
}

impl RuleSpec {
    fn flatten(self, loc: &Location, into: &mut Vec<(SecurityGroupRule, Location)>) {
        let all = self.protocol == "-1";
        for peer in self.peers {
            into.push((
                SecurityGroupRule {
                    ip_protocol: self.protocol.clone(),
                    from_port: if all { None } else { self.from },
                    to_port: if all { None } else { self.to },
                    peer,
                    description: self.description.clone(),
                },
                loc.clone(),
            ));
        }
    }
}

/// Inline `ingress`/`egress` blocks and `aws_security_group_rule` share these arguments.
fn classic_rule(v: &Val, own_id: Option<&str>) -> Result<RuleSpec, String> {
    let protocol = match field(v, "protocol").map(Val::to_string_val) {
        Some(Ok(p)) => protocol_name(&p),
        Some(Err(e)) => return Err(reason(&e)),
        None => "-1".to_string(),
    };
    let mut peers = Vec::new();
    peers.extend(
        str_list(field(v, "cidr_blocks"))?
            .into_iter()
            .map(Peer::Ipv4),
    );
    peers.extend(
        str_list(field(v, "ipv6_cidr_blocks"))?
            .into_iter()
            .map(Peer::Ipv6),
    );
    peers.extend(
        str_list(field(v, "prefix_list_ids"))?
            .into_iter()
            .map(Peer::PrefixList),
    );
    peers.extend(
        str_list(field(v, "security_groups"))?
            .into_iter()
            .map(Peer::SecurityGroup),
    );
    match bool_or(field(v, "self"), false) {
        Value::Known(true) => {
            if let Some(id) = own_id {
                peers.push(Peer::SecurityGroup(id.to_string()));
            }
        }
        Value::Known(false) => {}
        Value::Unknown(r) => return Err(r),
    }
    // `source_security_group_id` conflicts with the CIDR arguments and `self`; a plan marks it
    // unknown (it is computed) even when a CIDR is set, which then tells nothing.
    match str_list(field(v, "source_security_group_id")) {
        Ok(ids) => peers.extend(ids.into_iter().map(Peer::SecurityGroup)),
        Err(_) if !peers.is_empty() => {}
        Err(e) => return Err(e),
    }
    Ok(RuleSpec {
        protocol,
        from: port(field(v, "from_port"))?,
        to: port(field(v, "to_port"))?,
        peers,
        description: known_str(field(v, "description")),
    })
}

/// `aws_vpc_security_group_*_rule`: one peer per resource.
fn vpc_rule(i: &Instance) -> Result<RuleSpec, String> {
    let protocol = match get(i, "ip_protocol").map(Val::to_string_val) {
        Some(Ok(p)) => protocol_name(&p),
        Some(Err(e)) => return Err(reason(&e)),
        None => return Err(format!("{} has no ip_protocol", i.address)),
    };
    let mut peers = Vec::new();
    for (key, make) in [
        ("cidr_ipv4", Peer::Ipv4 as fn(String) -> Peer),
        ("cidr_ipv6", Peer::Ipv6),
        ("prefix_list_id", Peer::PrefixList),
        ("referenced_security_group_id", Peer::SecurityGroup),
    ] {
        peers.extend(str_list(get(i, key))?.into_iter().map(make));
    }
    Ok(RuleSpec {
        protocol,
        from: port(get(i, "from_port"))?,
        to: port(get(i, "to_port"))?,
        peers,
        description: known_str(get(i, "description")),
    })
}

type RuleList = Result<Vec<(SecurityGroupRule, Location)>, String>;

fn inline_rules(i: &Instance, key: &str, own_id: &str) -> RuleList {
    let mut out = Vec::new();
    let list = blocks(get(i, key))?;
    for (n, b) in list.into_iter().enumerate() {
        let loc = i
            .locs
            .get(&format!("{key}[{n}]"))
            .cloned()
            .unwrap_or_else(|| i.location.clone());
        classic_rule(b, Some(own_id))?.flatten(&loc, &mut out);
    }
    Ok(out)
}

fn security_groups(idx: &Index<'_>, out: &mut Vec<Resource>) {
    struct Group<'a> {
        i: &'a Instance,
        sg: SecurityGroup,
        ingress: RuleList,
        egress: RuleList,
    }
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for rtype in ["aws_security_group", "aws_default_security_group"] {
        for &i in idx.of(rtype) {
            let id = symbolic_id(i);
            let default = rtype == "aws_default_security_group";
            let name = if default {
                "default".to_string()
            } else {
                name_or_address(i, "name")
            };
            let sg = SecurityGroup {
                group_id: id.clone(),
                group_name: name,
                vpc_id: known_str(get(i, "vpc_id")),
                description: known_str(get(i, "description"))
                    .unwrap_or_else(|| "Managed by Terraform".to_string()),
                ingress: Value::Known(Vec::new()),
                egress: Value::Known(Vec::new()),
            };
            // Terraform removes AWS's default allow-all egress rule from groups it manages,
            // so absent inline egress blocks mean no egress rules.
            let ingress = inline_rules(i, "ingress", &id);
            let egress = inline_rules(i, "egress", &id);
            by_id.insert(id, groups.len());
            groups.push(Group {
                i,
                sg,
                ingress,
                egress,
            });
        }
    }
    let mut doubt_in: Option<String> = None;
    let mut doubt_out: Option<String> = None;
    let mut siblings: Vec<(&Instance, bool, Result<RuleSpec, String>)> = Vec::new();
    for &i in idx.of("aws_security_group_rule") {
        let egress = match get(i, "type").map(Val::to_string_val) {
            Some(Ok(t)) => t == "egress",
            Some(Err(e)) => {
                let why = format!(
                    "{} has a type that is not known ({})",
                    i.address,
                    reason(&e)
                );
                doubt_in = doubt_in.or(Some(why.clone()));
                doubt_out = doubt_out.or(Some(why));
                continue;
            }
            None => false,
        };
        let own = known_str(get(i, "security_group_id"));
        siblings.push((i, egress, classic_rule(&i.attrs, own.as_deref())));
    }
    for (rtype, egress) in [
        ("aws_vpc_security_group_ingress_rule", false),
        ("aws_vpc_security_group_egress_rule", true),
    ] {
        for &i in idx.of(rtype) {
            siblings.push((i, egress, vpc_rule(i)));
        }
    }
    for (i, egress, spec) in siblings {
        let doubt = if egress {
            &mut doubt_out
        } else {
            &mut doubt_in
        };
        match parent(i, "security_group_id") {
            Parent::Known(id) => {
                let Some(&n) = by_id.get(&id) else { continue };
                let g = &mut groups[n];
                let list = if egress {
                    &mut g.egress
                } else {
                    &mut g.ingress
                };
                let spec = match doubt_of(i) {
                    Some(why) => Err(why),
                    None => spec,
                };
                match (list, spec) {
                    (Ok(rules), Ok(spec)) => spec.flatten(&i.location, rules),
                    (list @ Ok(_), Err(e)) => *list = Err(e),
                    (Err(_), _) => {}
                }
            }
            Parent::Unknown(why) => *doubt = doubt.take().or(Some(why)),
            Parent::Missing => {}
        }
    }
    for g in groups {
        let Group {
            i,
            mut sg,
            ingress,
            egress,
        } = g;
        let mut locs = Vec::new();
        sg.ingress = match ingress {
            Ok(rules) => {
                for (n, (_, loc)) in rules.iter().enumerate() {
                    locs.push((format!("ingress[{n}]"), loc.clone()));
                }
                match &doubt_in {
                    Some(why) => Value::Unknown(why.clone()),
                    None => Value::Known(rules.into_iter().map(|(r, _)| r).collect()),
                }
            }
            Err(e) => Value::Unknown(e),
        };
        sg.egress = match egress {
            Ok(rules) => {
                for (n, (_, loc)) in rules.iter().enumerate() {
                    locs.push((format!("egress[{n}]"), loc.clone()));
                }
                match &doubt_out {
                    Some(why) => Value::Unknown(why.clone()),
                    None => Value::Known(rules.into_iter().map(|(r, _)| r).collect()),
                }
            }
            Err(e) => Value::Unknown(e),
        };
        let name = sg.group_id.clone();
        let mut r = resource(i, name, Attributes::Ec2SecurityGroup(sg));
        for (k, loc) in locs {
            locate_at(&mut r, &k, &loc);
        }
        out.push(r);
    }
}

fn acl_protocol(p: &str) -> String {
    match p.to_ascii_lowercase().as_str() {
        "all" | "-1" => "-1".into(),
        "tcp" => "6".into(),
        "udp" => "17".into(),
        "icmp" => "1".into(),
        "icmpv6" => "58".into(),
        other => other.into(),
    }
}

fn acl_entry(
    v: &Val,
    egress: bool,
    number_key: &str,
    action_key: &str,
) -> Result<NetworkAclEntry, String> {
    let protocol = match field(v, "protocol").map(Val::to_string_val) {
        Some(Ok(p)) => acl_protocol(&p),
        Some(Err(e)) => return Err(reason(&e)),
        None => return Err("a network ACL rule has no protocol".into()),
    };
    let number = match field(v, number_key).map(Val::to_number) {
        Some(Ok(n)) => n as i32,
        Some(Err(e)) => return Err(reason(&e)),
        None => return Err(format!("a network ACL rule has no {number_key}")),
    };
    let action = match field(v, action_key).map(Val::to_string_val) {
        Some(Ok(a)) if a.eq_ignore_ascii_case("allow") => RuleAction::Allow,
        Some(Ok(_)) => RuleAction::Deny,
        Some(Err(e)) => return Err(reason(&e)),
        None => return Err(format!("a network ACL rule has no {action_key}")),
    };
    let all = protocol == "-1";
    let from = port(field(v, "from_port"))?;
    let to = port(field(v, "to_port"))?;
    Ok(NetworkAclEntry {
        rule_number: number,
        protocol,
        rule_action: action,
        egress,
        cidr_block: super::opt_str(field(v, "cidr_block")).into_result()?,
        ipv6_cidr_block: super::opt_str(field(v, "ipv6_cidr_block")).into_result()?,
        port_from: if all { None } else { from },
        port_to: if all { None } else { to },
    })
}

/// The rule every network ACL ends with (`*`, rule number 32767), as DescribeNetworkAcls shows.
fn implicit_denies() -> Vec<NetworkAclEntry> {
    [false, true]
        .into_iter()
        .map(|egress| NetworkAclEntry {
            rule_number: 32767,
            protocol: "-1".into(),
            rule_action: RuleAction::Deny,
            egress,
            cidr_block: Some("0.0.0.0/0".into()),
            ipv6_cidr_block: None,
            port_from: None,
            port_to: None,
        })
        .collect()
}

/// Entries with where each is written, or why they are unknown.
type AclEntries = Result<Vec<(NetworkAclEntry, Location)>, String>;

fn network_acls(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut acls: Vec<(Resource, AclEntries)> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for rtype in ["aws_network_acl", "aws_default_network_acl"] {
        for &i in idx.of(rtype) {
            let default = rtype == "aws_default_network_acl";
            let id = if default {
                known_str(get(i, "default_network_acl_id")).unwrap_or_else(|| i.address.clone())
            } else {
                symbolic_id(i)
            };
            let vpc_id = known_str(get(i, "vpc_id"))
                .or_else(|| id.strip_suffix(".default_network_acl").map(str::to_string))
                .unwrap_or_default();
            let mut entries = Ok(Vec::new());
            for (key, egress) in [("ingress", false), ("egress", true)] {
                match (&mut entries, blocks(get(i, key))) {
                    (Ok(list), Ok(bs)) => {
                        for (n, b) in bs.into_iter().enumerate() {
                            let loc = i
                                .locs
                                .get(&format!("{key}[{n}]"))
                                .cloned()
                                .unwrap_or_else(|| i.location.clone());
                            match acl_entry(b, egress, "rule_no", "action") {
                                Ok(e) => list.push((e, loc)),
                                Err(e) => {
                                    entries = Err(e);
                                    break;
                                }
                            }
                        }
                    }
                    (Ok(_), Err(e)) => entries = Err(e),
                    (Err(_), _) => {}
                }
            }
            let acl = NetworkAcl {
                network_acl_id: id.clone(),
                vpc_id,
                is_default: default,
                entries: Value::Known(Vec::new()),
                associated_subnet_ids: str_list(get(i, "subnet_ids")).unwrap_or_default(),
            };
            by_id.insert(id.clone(), acls.len());
            acls.push((resource(i, id, Attributes::Ec2NetworkAcl(acl)), entries));
        }
    }
    let mut doubt = None;
    for &i in idx.of("aws_network_acl_rule") {
        match parent(i, "network_acl_id") {
            Parent::Known(id) => {
                let Some(&n) = by_id.get(&id) else { continue };
                let egress = matches!(bool_or(get(i, "egress"), false), Value::Known(true));
                let entry = match doubt_of(i) {
                    Some(why) => Err(why),
                    None => acl_entry(&i.attrs, egress, "rule_number", "rule_action"),
                };
                let (_, entries) = &mut acls[n];
                match (entries, entry) {
                    (Ok(list), Ok(e)) => list.push((e, i.location.clone())),
                    (entries @ Ok(_), Err(e)) => *entries = Err(e),
                    (Err(_), _) => {}
                }
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    let mut assoc: Vec<(String, String)> = Vec::new();
    for &i in idx.of("aws_network_acl_association") {
        if let (Some(acl), Some(subnet)) = (
            known_str(get(i, "network_acl_id")),
            known_str(get(i, "subnet_id")),
        ) {
            assoc.push((acl, subnet));
        }
    }
    for (mut r, entries) in acls {
        let mut locs = Vec::new();
        if let Attributes::Ec2NetworkAcl(acl) = &mut r.attributes {
            for (a, s) in &assoc {
                if *a == acl.network_acl_id {
                    acl.associated_subnet_ids.push(s.clone());
                }
            }
            acl.entries = match (entries, &doubt) {
                (Err(e), _) => Value::Unknown(e),
                (Ok(_), Some(why)) => Value::Unknown(why.clone()),
                (Ok(list), None) => {
                    let mut list = list;
                    list.sort_by_key(|(e, _)| (e.egress, e.rule_number));
                    let mut entries = Vec::new();
                    for (n, (e, loc)) in list.into_iter().enumerate() {
                        locs.push((format!("entries[{n}]"), loc));
                        entries.push(e);
                    }
                    entries.extend(implicit_denies());
                    Value::Known(entries)
                }
            };
        }
        for (k, loc) in locs {
            locate_at(&mut r, &k, &loc);
        }
        out.push(r);
    }
}

fn vpcs(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut flow_logs: HashMap<String, Vec<FlowLog>> = HashMap::new();
    let mut maybe: HashMap<String, String> = HashMap::new();
    let mut doubt = None;
    for &i in idx.of("aws_flow_log") {
        match parent(i, "vpc_id") {
            Parent::Known(vpc) if doubt_of(i).is_some() => {
                maybe
                    .entry(vpc)
                    .or_insert_with(|| doubt_of(i).unwrap_or_default());
            }
            Parent::Known(vpc) => flow_logs.entry(vpc).or_default().push(FlowLog {
                flow_log_id: i.address.clone(),
                status: "ACTIVE".into(),
                traffic_type: known_str(get(i, "traffic_type")).unwrap_or_else(|| "ALL".into()),
                log_destination_type: known_str(get(i, "log_destination_type"))
                    .unwrap_or_else(|| "cloud-watch-logs".into()),
            }),
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    for rtype in ["aws_vpc", "aws_default_vpc"] {
        for &i in idx.of(rtype) {
            let id = symbolic_id(i);
            let logs = flow_logs.remove(&id).unwrap_or_default();
            let vpc = Vpc {
                vpc_id: id.clone(),
                cidr_block: known_str(get(i, "cidr_block")).unwrap_or_default(),
                is_default: rtype == "aws_default_vpc",
                // A flow log that certainly exists decides; one that may not exist leaves
                // "no flow log" unknown.
                flow_logs: match (maybe.get(&id).or(doubt.as_ref()), logs.is_empty()) {
                    (Some(why), true) => Value::Unknown(why.clone()),
                    _ => Value::Known(logs),
                },
            };
            out.push(resource(i, id, Attributes::Ec2Vpc(vpc)));
        }
    }
}

fn subnets(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for rtype in ["aws_subnet", "aws_default_subnet"] {
        for &i in idx.of(rtype) {
            let id = symbolic_id(i);
            let subnet = Subnet {
                subnet_id: id.clone(),
                vpc_id: known_str(get(i, "vpc_id")).unwrap_or_default(),
                cidr_block: known_str(get(i, "cidr_block")).unwrap_or_default(),
                availability_zone: known_str(get(i, "availability_zone")).unwrap_or_default(),
                // Default subnets map public IPs on launch; others do not unless told.
                map_public_ip_on_launch: bool_or(
                    get(i, "map_public_ip_on_launch"),
                    rtype == "aws_default_subnet",
                ),
            };
            let mut r = resource(i, id, Attributes::Ec2Subnet(subnet));
            locate(
                &mut r,
                "map_public_ip_on_launch",
                i,
                "map_public_ip_on_launch",
            );
            out.push(r);
        }
    }
}

const ROUTE_TARGETS: &[&str] = &[
    "gateway_id",
    "nat_gateway_id",
    "transit_gateway_id",
    "vpc_peering_connection_id",
    "egress_only_gateway_id",
    "network_interface_id",
    "vpc_endpoint_id",
    "carrier_gateway_id",
    "local_gateway_id",
    "core_network_arn",
    "instance_id",
];

fn route_of(v: &Val, dest_keys: &[&str]) -> Result<Option<Route>, String> {
    let mut destination = None;
    for k in dest_keys {
        if let Some(d) = field(v, k) {
            let d = d.to_string_val().map_err(|e| reason(&e))?;
            if !d.is_empty() {
                destination = Some(d);
                break;
            }
        }
    }
    let mut target = None;
    for k in ROUTE_TARGETS {
        if let Some(t) = field(v, k) {
            let t = t.to_string_val().map_err(|e| reason(&e))?;
            if !t.is_empty() {
                target = Some(t);
                break;
            }
        }
    }
    Ok(match (destination, target) {
        (Some(destination), Some(target)) => Some(Route {
            destination,
            target,
        }),
        _ => None,
    })
}

fn route_tables(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut tables: Vec<Resource> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for rtype in ["aws_route_table", "aws_default_route_table"] {
        for &i in idx.of(rtype) {
            let default = rtype == "aws_default_route_table";
            let id = if default {
                known_str(get(i, "default_route_table_id")).unwrap_or_else(|| i.address.clone())
            } else {
                symbolic_id(i)
            };
            let vpc_id = known_str(get(i, "vpc_id"))
                .or_else(|| id.strip_suffix(".main_route_table").map(str::to_string))
                .unwrap_or_default();
            let routes = blocks(get(i, "route")).and_then(|bs| {
                bs.into_iter()
                    .map(|b| {
                        route_of(
                            b,
                            &[
                                "cidr_block",
                                "ipv6_cidr_block",
                                "destination_prefix_list_id",
                            ],
                        )
                    })
                    .filter_map(Result::transpose)
                    .collect::<Result<Vec<_>, _>>()
            });
            let table = RouteTable {
                route_table_id: id.clone(),
                vpc_id,
                is_main: default,
                associated_subnet_ids: Vec::new(),
                routes: match routes {
                    Ok(r) => Value::Known(r),
                    Err(e) => Value::Unknown(e),
                },
            };
            by_id.insert(id.clone(), tables.len());
            let mut r = resource(i, id, Attributes::Ec2RouteTable(table));
            locate(&mut r, "routes", i, "route[0]");
            tables.push(r);
        }
    }
    // Every VPC has a main route table that AWS creates with it; unless the code declares it
    // (`aws_default_route_table`), it is represented with the routes `aws_route` adds to
    // `main_route_table_id`, so subnets with no association can still be judged.
    for rtype in ["aws_vpc", "aws_default_vpc"] {
        for &v in idx.of(rtype) {
            let id = format!("{}.main_route_table", v.address);
            if by_id.contains_key(&id) {
                continue;
            }
            let table = RouteTable {
                route_table_id: id.clone(),
                vpc_id: symbolic_id(v),
                is_main: true,
                associated_subnet_ids: Vec::new(),
                routes: Value::Known(Vec::new()),
            };
            let mut r = resource(v, id.clone(), Attributes::Ec2RouteTable(table));
            r.id = id.clone();
            r.suppressions.clear();
            by_id.insert(id, tables.len());
            tables.push(r);
        }
    }
    let mut doubt = None;
    for &i in idx.of("aws_route") {
        let route = match doubt_of(i) {
            Some(why) => Err(why),
            None => route_of(
                &i.attrs,
                &[
                    "destination_cidr_block",
                    "destination_ipv6_cidr_block",
                    "destination_prefix_list_id",
                ],
            ),
        };
        match parent(i, "route_table_id") {
            Parent::Known(id) => {
                let Some(&n) = by_id.get(&id) else { continue };
                if let Attributes::Ec2RouteTable(t) = &mut tables[n].attributes {
                    match (&mut t.routes, route) {
                        (Value::Known(list), Ok(Some(r))) => list.push(r),
                        (Value::Known(_), Ok(None)) => {}
                        (routes @ Value::Known(_), Err(e)) => *routes = Value::Unknown(e),
                        (Value::Unknown(_), _) => {}
                    }
                }
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    for &i in idx.of("aws_route_table_association") {
        if let (Some(rt), Some(subnet)) = (
            known_str(get(i, "route_table_id")),
            known_str(get(i, "subnet_id")),
        ) {
            if let Some(&n) = by_id.get(&rt) {
                if let Attributes::Ec2RouteTable(t) = &mut tables[n].attributes {
                    t.associated_subnet_ids.push(subnet);
                }
            }
        }
    }
    for &i in idx.of("aws_main_route_table_association") {
        if let Some(rt) = known_str(get(i, "route_table_id")) {
            // The association replaces the VPC's original main table.
            if let Some(vpc) = known_str(get(i, "vpc_id")) {
                for t in tables.iter_mut() {
                    if let Attributes::Ec2RouteTable(t) = &mut t.attributes {
                        if t.vpc_id == vpc && t.route_table_id != rt {
                            t.is_main = false;
                        }
                    }
                }
            }
            if let Some(&n) = by_id.get(&rt) {
                if let Attributes::Ec2RouteTable(t) = &mut tables[n].attributes {
                    t.is_main = true;
                    if t.vpc_id.is_empty() {
                        t.vpc_id = known_str(get(i, "vpc_id")).unwrap_or_default();
                    }
                }
            }
        }
    }
    for mut r in tables {
        if let (Some(why), Attributes::Ec2RouteTable(t)) = (&doubt, &mut r.attributes) {
            t.routes = Value::Unknown(why.clone());
        }
        out.push(r);
    }
}

fn internet_gateways(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut attachments: HashMap<String, Vec<String>> = HashMap::new();
    for &i in idx.of("aws_internet_gateway_attachment") {
        if let (Some(igw), Some(vpc)) = (
            known_str(get(i, "internet_gateway_id")),
            known_str(get(i, "vpc_id")),
        ) {
            attachments.entry(igw).or_default().push(vpc);
        }
    }
    for &i in idx.of("aws_internet_gateway") {
        let id = symbolic_id(i);
        let mut vpcs: Vec<String> = known_str(get(i, "vpc_id")).into_iter().collect();
        vpcs.extend(attachments.remove(&id).unwrap_or_default());
        // Named by id, as live collection names it, so lookups by id find it.
        out.push(resource(
            i,
            id.clone(),
            Attributes::Ec2InternetGateway(InternetGateway {
                internet_gateway_id: id,
                attached_vpc_ids: vpcs,
            }),
        ));
    }
}

fn instances(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let subnet_public: HashMap<String, (Value<bool>, String)> = idx
        .of("aws_subnet")
        .iter()
        .map(|s| {
            (
                symbolic_id(s),
                (
                    bool_or(get(s, "map_public_ip_on_launch"), false),
                    known_str(get(s, "vpc_id")).unwrap_or_default(),
                ),
            )
        })
        .collect();
    for &i in idx.of("aws_instance") {
        let id = symbolic_id(i);
        let subnet_id = known_str(get(i, "subnet_id"));
        let public_ip = match (get(i, "associate_public_ip_address"), &subnet_id) {
            (Some(v), _) => match v.to_bool() {
                Ok(true) => Value::Known(Some("assigned at launch".to_string())),
                Ok(false) => Value::Known(None),
                Err(e) => Value::Unknown(reason(&e)),
            },
            (None, Some(s)) => match subnet_public.get(s) {
                Some((Value::Known(true), _)) => {
                    Value::Known(Some("assigned at launch (subnet maps public IPs)".into()))
                }
                Some((Value::Known(false), _)) => Value::Known(None),
                Some((Value::Unknown(r), _)) => Value::Unknown(r.clone()),
                None => Value::unknown(format!(
                    "depends on map_public_ip_on_launch of subnet {s}, which is not in the scanned code"
                )),
            },
            (None, None) => Value::unknown(
                "no subnet_id: the instance launches in the default VPC, whose default subnets \
                 map public IPs unless changed outside this code",
            ),
        };
        let mut sgs = Vec::new();
        let mut sg_unknown = None;
        for key in ["vpc_security_group_ids", "security_groups"] {
            match str_list(get(i, key)) {
                Ok(l) => sgs.extend(l),
                Err(e) => sg_unknown = sg_unknown.or(Some(e)),
            }
        }
        let security_group_ids = match sg_unknown {
            Some(e) => Value::Unknown(e),
            None if sgs.is_empty() => Value::unknown(
                "no security group is set: AWS attaches the VPC's default security group",
            ),
            None => Value::Known(sgs),
        };
        let metadata_options = match blocks(get(i, "metadata_options")) {
            Err(e) => Value::Unknown(e),
            Ok(list) => {
                let m = list.first();
                // Absent `http_tokens` is taken as `optional`: the EC2 default unless the AMI
                // is registered with ImdsSupport v2.0, which the code does not show. This can
                // only make a finding stricter, never hide one.
                let tokens = super::str_or(m.and_then(|m| field(m, "http_tokens")), "optional");
                let endpoint = super::str_or(m.and_then(|m| field(m, "http_endpoint")), "enabled");
                match (tokens, endpoint) {
                    (Value::Known(t), Value::Known(e)) => Value::Known(MetadataOptions {
                        http_tokens: t,
                        http_endpoint: e,
                    }),
                    (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Value::Unknown(r),
                }
            }
        };
        let vpc_id = subnet_id
            .as_ref()
            .and_then(|s| subnet_public.get(s))
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty());
        let inst = Ec2Instance {
            instance_id: id.clone(),
            state: "pending".into(),
            instance_type: known_str(get(i, "instance_type")).unwrap_or_default(),
            image_id: known_str(get(i, "ami")).unwrap_or_default(),
            public_ip_address: public_ip,
            subnet_id,
            vpc_id,
            security_group_ids,
            iam_instance_profile: super::opt_str(get(i, "iam_instance_profile")),
            metadata_options,
            launch_time: None,
        };
        let mut r = resource(i, i.address.clone(), Attributes::Ec2Instance(inst));
        locate(&mut r, "metadata_options", i, "metadata_options[0]");
        locate(
            &mut r,
            "public_ip_address",
            i,
            "associate_public_ip_address",
        );
        locate(&mut r, "iam_instance_profile", i, "iam_instance_profile");
        locate(&mut r, "security_group_ids", i, "vpc_security_group_ids");
        locate(&mut r, "subnet_id", i, "subnet_id");
        out.push(r);
    }
}

fn volumes(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let default_encryption = idx
        .of("aws_ebs_encryption_by_default")
        .iter()
        .any(|d| matches!(bool_or(get(d, "enabled"), true), Value::Known(true)));
    let mut attached: HashMap<String, Vec<String>> = HashMap::new();
    for &i in idx.of("aws_volume_attachment") {
        if let (Some(v), Some(inst)) = (
            known_str(get(i, "volume_id")),
            known_str(get(i, "instance_id")),
        ) {
            attached.entry(v).or_default().push(inst);
        }
    }
    for &i in idx.of("aws_ebs_volume") {
        let id = symbolic_id(i);
        let encrypted = match get(i, "encrypted") {
            Some(_) => bool_or(get(i, "encrypted"), false),
            // A volume from an encrypted snapshot is encrypted, whatever `encrypted` says.
            None if get(i, "snapshot_id").is_some() => Value::unknown(
                "encrypted is not set and the volume is created from a snapshot, whose \
                 encryption decides it",
            ),
            None if default_encryption => Value::unknown(
                "encrypted is not set; aws_ebs_encryption_by_default in this configuration \
                 encrypts new volumes, but only if it is applied before the volume is created",
            ),
            None => Value::Known(false),
        };
        let volume = Volume {
            volume_id: id.clone(),
            encrypted,
            kms_key_id: known_str(get(i, "kms_key_id")),
            state: "available".into(),
            size: opt_int(get(i, "size"))
                .known()
                .copied()
                .flatten()
                .unwrap_or(0) as i32,
            attached_instance_ids: attached.remove(&id).unwrap_or_default(),
        };
        let mut r = resource(i, i.address.clone(), Attributes::Ec2Volume(volume));
        locate(&mut r, "encrypted", i, "encrypted");
        out.push(r);
    }
}

fn snapshots(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let volume_encrypted: HashMap<String, Value<bool>> = idx
        .of("aws_ebs_volume")
        .iter()
        .map(|v| (symbolic_id(v), bool_or(get(v, "encrypted"), false)))
        .collect();
    let mut public: HashMap<String, bool> = HashMap::new();
    let mut public_at: HashMap<String, Location> = HashMap::new();
    let mut shared: HashMap<String, Vec<String>> = HashMap::new();
    let mut doubt = None;
    for &i in idx.of("aws_snapshot_create_volume_permission") {
        match (
            parent(i, "snapshot_id"),
            get(i, "account_id").map(Val::to_string_val),
        ) {
            (Parent::Known(_), Some(Ok(account))) if account == "all" && doubt_of(i).is_some() => {
                doubt = doubt.or(doubt_of(i));
            }
            (Parent::Known(s), Some(Ok(account))) => {
                if account == "all" {
                    public_at.insert(s.clone(), i.location.clone());
                } else {
                    shared.entry(s.clone()).or_default().push(account.clone());
                }
                *public.entry(s).or_default() |= account == "all";
            }
            (Parent::Known(_), Some(Err(e))) => doubt = doubt.or(Some(reason(&e))),
            (Parent::Unknown(why), _) => doubt = doubt.or(Some(why)),
            _ => {}
        }
    }
    for &i in idx.of("aws_ebs_snapshot") {
        let id = symbolic_id(i);
        let volume_id = known_str(get(i, "volume_id")).unwrap_or_default();
        let encrypted = match volume_encrypted.get(&volume_id) {
            Some(v) => v.clone(),
            None => Value::unknown(format!(
                "a snapshot is encrypted when its volume is; volume {volume_id} is not in the scanned code"
            )),
        };
        let is_public = match (public.get(&id), &doubt) {
            (Some(true), _) => Value::Known(true),
            (_, Some(why)) => Value::Unknown(why.clone()),
            _ => Value::Known(false),
        };
        let shared_with = match (shared.get(&id), &doubt) {
            (_, Some(why)) => Value::Unknown(why.clone()),
            (Some(accounts), None) => {
                let mut accounts = accounts.clone();
                accounts.sort();
                accounts.dedup();
                Value::Known(accounts)
            }
            (None, None) => Value::Known(Vec::new()),
        };
        let at = public_at.get(&id).cloned();
        let mut r = resource(
            i,
            i.address.clone(),
            Attributes::Ec2Snapshot(Snapshot {
                snapshot_id: id,
                owner_id: "self".into(),
                volume_id,
                encrypted,
                public: is_public,
                shared_with,
            }),
        );
        if let Some(at) = at {
            locate_at(&mut r, "public", &at);
        }
        out.push(r);
    }
}

/// AMIs (`aws_ami`, `aws_ami_copy`, `aws_ami_from_instance`) with the grants of their
/// `aws_ami_launch_permission`s: `group = "all"` makes one public, `account_id`,
/// `organization_arn` and `organizational_unit_arn` share it. A grant whose `image_id` is not
/// known statically makes every AMI's sharing Unknown.
fn images(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut public: HashMap<String, Location> = HashMap::new();
    let mut shared: HashMap<String, Vec<LaunchPermission>> = HashMap::new();
    let mut doubt = None;
    for &i in idx.of("aws_ami_launch_permission") {
        let image = match parent(i, "image_id") {
            Parent::Known(image) => image,
            Parent::Unknown(why) => {
                doubt = doubt.or(Some(why));
                continue;
            }
            Parent::Missing => continue,
        };
        if let Some(why) = doubt_of(i) {
            doubt = doubt.or(Some(why));
            continue;
        }
        let text = |key: &str| match get(i, key).map(Val::to_string_val) {
            Some(Ok(v)) => Ok(Some(v)),
            Some(Err(e)) => Err(format!(
                "{} has {key} not known statically ({})",
                i.address,
                reason(&e)
            )),
            None => Ok(None),
        };
        match (
            text("group"),
            text("account_id"),
            text("organization_arn"),
            text("organizational_unit_arn"),
        ) {
            (Err(why), ..) | (_, Err(why), ..) | (_, _, Err(why), _) | (.., Err(why)) => {
                doubt = doubt.or(Some(why));
            }
            (Ok(group), Ok(account), Ok(org), Ok(ou)) => {
                if group.as_deref() == Some("all") {
                    public.insert(image.clone(), i.location.clone());
                }
                let grant = account
                    .map(LaunchPermission::Account)
                    .or(org.map(LaunchPermission::Organization))
                    .or(ou.map(LaunchPermission::OrganizationalUnit));
                if let Some(grant) = grant {
                    shared.entry(image).or_default().push(grant);
                }
            }
        }
    }
    for rtype in ["aws_ami", "aws_ami_copy", "aws_ami_from_instance"] {
        for &i in idx.of(rtype) {
            let id = symbolic_id(i);
            let (is_public, shared_with) = match &doubt {
                Some(why) if !public.contains_key(&id) => {
                    (Value::Unknown(why.clone()), Value::Unknown(why.clone()))
                }
                _ => (
                    Value::Known(public.contains_key(&id)),
                    match &doubt {
                        Some(why) => Value::Unknown(why.clone()),
                        None => Value::Known(shared.get(&id).cloned().unwrap_or_default()),
                    },
                ),
            };
            let mut r = resource(
                i,
                name_or_address(i, "name"),
                Attributes::Ec2Image(Image {
                    image_id: id.clone(),
                    name: known_str(get(i, "name")).unwrap_or_default(),
                    owner_id: "self".into(),
                    public: is_public,
                    shared_with,
                }),
            );
            if let Some(at) = public.get(&id) {
                locate_at(&mut r, "public", at);
            }
            out.push(r);
        }
    }
}
