//! EC2 and VPC types: security groups (with `SecurityGroupIngress`/`Egress` joined), VPCs
//! (with flow logs), subnets, route tables (with routes and subnet associations), internet
//! gateways (with attachments), network ACLs (with entries and associations), instances
//! (IMDS options through their launch template) and EBS volumes.

use std::collections::{BTreeMap, HashMap};

use cloudward_model::ec2::{
    FlowLog, Instance, InternetGateway, MetadataOptions, NetworkAcl, NetworkAclEntry, Peer, Route,
    RouteTable, RuleAction, SecurityGroup, SecurityGroupRule, Subnet, Volume, Vpc,
};
use cloudward_model::{Attributes, Location, Value};

use super::eval::Val;
use super::node::Pos;
use super::{known, locations, Template};

fn indices(t: &Template<'_>, resource_type: &str) -> Vec<usize> {
    (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == resource_type)
        .collect()
}

fn opt_id(v: Option<&Val>) -> Option<String> {
    v.and_then(|v| v.id().ok())
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    security_groups(t);
    vpcs(t);
    subnets(t);
    route_tables(t);
    internet_gateways(t);
    network_acls(t);
    instances(t);
    volumes(t);
}

/// One `Ingress`/`Egress` entry (inline or a standalone resource's properties).
fn sg_rule(v: &Val, egress: bool) -> Result<SecurityGroupRule, String> {
    if let Some(r) = v.unknown_reason() {
        return Err(r);
    }
    let protocol = v
        .get("IpProtocol")
        .ok_or_else(|| "IpProtocol is missing".to_string())?
        .string()?
        .to_ascii_lowercase();
    let protocol = match protocol.as_str() {
        "all" => "-1".to_string(),
        _ => protocol,
    };
    let port = |name: &str| -> Result<Option<i32>, String> {
        match v.get(name) {
            None => Ok(None),
            Some(p) => p
                .integer()
                .map(|i| Some(i32::try_from(i).unwrap_or(-1)))
                .map_err(|r| format!("{name}: {r}")),
        }
    };
    let (from_port, to_port) = if protocol == "-1" {
        (None, None)
    } else {
        (port("FromPort")?, port("ToPort")?)
    };
    let (v4, v6, prefix, group) = if egress {
        (
            "CidrIp",
            "CidrIpv6",
            "DestinationPrefixListId",
            "DestinationSecurityGroupId",
        )
    } else {
        (
            "CidrIp",
            "CidrIpv6",
            "SourcePrefixListId",
            "SourceSecurityGroupId",
        )
    };
    let peer = if let Some(c) = v.get(v4) {
        Peer::Ipv4(c.string().map_err(|r| format!("{v4}: {r}"))?)
    } else if let Some(c) = v.get(v6) {
        Peer::Ipv6(c.string().map_err(|r| format!("{v6}: {r}"))?)
    } else if let Some(p) = v.get(prefix) {
        Peer::PrefixList(p.id().map_err(|r| format!("{prefix}: {r}"))?)
    } else if let Some(g) = v.get(group) {
        Peer::SecurityGroup(g.id().map_err(|r| format!("{group}: {r}"))?)
    } else if let Some(g) = v.get("SourceSecurityGroupName") {
        Peer::SecurityGroup(
            g.id()
                .map_err(|r| format!("SourceSecurityGroupName: {r}"))?,
        )
    } else {
        return Err(format!("no {v4}, {v6}, {prefix} or {group}"));
    };
    Ok(SecurityGroupRule {
        ip_protocol: protocol,
        from_port,
        to_port,
        peer,
        description: v.get("Description").and_then(|d| d.string().ok()),
    })
}

/// Inline rules of a group: `Ok(None)` when the property is absent.
fn inline_rules(
    t: &Template<'_>,
    list: Option<&Val>,
    egress: bool,
    attr: &str,
    locs: &mut BTreeMap<String, Location>,
) -> Result<Option<Vec<SecurityGroupRule>>, String> {
    let Some(list) = list else {
        return Ok(None);
    };
    let items = list.list()?;
    let mut rules = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        rules.push(sg_rule(item, egress).map_err(|r| format!("{attr}[{i}]: {r}"))?);
        locs.insert(format!("{attr}[{i}]"), t.location(item.pos));
    }
    Ok(Some(rules))
}

fn security_groups(t: &mut Template<'_>) {
    for i in indices(t, "AWS::EC2::SecurityGroup") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let mut locs = locations(
            t,
            [
                ("ingress".to_string(), p.key_pos("SecurityGroupIngress")),
                ("egress".to_string(), p.key_pos("SecurityGroupEgress")),
            ],
        );
        let ingress = inline_rules(
            t,
            p.get("SecurityGroupIngress"),
            false,
            "ingress",
            &mut locs,
        )
        .map(Option::unwrap_or_default);
        // No egress declared: AWS adds "all traffic to 0.0.0.0/0" to a new VPC group.
        let egress =
            inline_rules(t, p.get("SecurityGroupEgress"), true, "egress", &mut locs).map(|rules| {
                rules.unwrap_or_else(|| {
                    vec![SecurityGroupRule {
                        ip_protocol: "-1".to_string(),
                        from_port: None,
                        to_port: None,
                        peer: Peer::Ipv4("0.0.0.0/0".to_string()),
                        description: None,
                    }]
                })
            });
        let group_id = t.key(&decl.logical_id);
        let group = SecurityGroup {
            group_id: group_id.clone(),
            group_name: decl.name_or_logical_id("GroupName"),
            vpc_id: opt_id(p.get("VpcId")),
            description: p
                .get("GroupDescription")
                .and_then(|d| d.string().ok())
                .unwrap_or_default(),
            ingress: known(ingress),
            egress: known(egress),
        };
        t.push(i, group_id, Attributes::Ec2SecurityGroup(group), locs);
    }
    for (resource_type, egress) in [
        ("AWS::EC2::SecurityGroupIngress", false),
        ("AWS::EC2::SecurityGroupEgress", true),
    ] {
        for i in indices(t, resource_type) {
            let decl = &t.decls[i];
            let group = decl
                .props
                .get("GroupId")
                .or_else(|| decl.props.get("GroupName"));
            let Some(target) = group.and_then(|g| t.target(g)) else {
                t.unjoined(i, "a security group");
                continue;
            };
            let rule = sg_rule(&decl.props, egress);
            let existence = decl.existence_unknown.clone();
            let location = t.location(decl.pos);
            let logical_id = decl.logical_id.clone();
            let Some(resource) = t.resource_mut(&target) else {
                t.unjoined(i, "a security group");
                continue;
            };
            let Attributes::Ec2SecurityGroup(group) = &mut resource.attributes else {
                continue;
            };
            let attr = if egress { "egress" } else { "ingress" };
            let list = if egress {
                &mut group.egress
            } else {
                &mut group.ingress
            };
            match (existence, rule, &mut *list) {
                (Some(why), _, Value::Known(_)) => {
                    *list = Value::Unknown(format!(
                        "{resource_type} {logical_id} may not exist: {why}"
                    ));
                }
                (None, Err(r), Value::Known(_)) => {
                    *list = Value::Unknown(format!("{resource_type} {logical_id}: {r}"));
                }
                (None, Ok(rule), Value::Known(rules)) => {
                    // A standalone egress rule replaces the default "allow all" AWS adds.
                    if egress
                        && rules.len() == 1
                        && rules[0].description.is_none()
                        && rules[0].is_all_traffic()
                        && !resource.attribute_locations.contains_key("egress[0]")
                    {
                        rules.clear();
                    }
                    let index = rules.len();
                    rules.push(rule);
                    resource
                        .attribute_locations
                        .insert(format!("{attr}[{index}]"), location);
                }
                (_, _, Value::Unknown(_)) => {}
            }
        }
    }
}

fn vpcs(t: &mut Template<'_>) {
    for i in indices(t, "AWS::EC2::VPC") {
        let decl = &t.decls[i];
        let id = t.key(&decl.logical_id);
        let vpc = Vpc {
            vpc_id: id.clone(),
            cidr_block: decl
                .props
                .get("CidrBlock")
                .and_then(|c| c.string().ok())
                .unwrap_or_default(),
            is_default: false,
            flow_logs: Value::Known(Vec::new()),
        };
        t.push(i, id, Attributes::Ec2Vpc(vpc), BTreeMap::new());
    }
    for i in indices(t, "AWS::EC2::FlowLog") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let resource_type = p.get("ResourceType").and_then(|r| r.string().ok());
        if resource_type.as_deref() != Some("VPC") {
            continue;
        }
        let targets: Vec<String> = match p.get("ResourceId") {
            Some(v) => t.target(v).into_iter().collect(),
            None => Vec::new(),
        };
        let log = FlowLog {
            flow_log_id: decl.logical_id.clone(),
            status: "ACTIVE".to_string(),
            traffic_type: p
                .get("TrafficType")
                .and_then(|v| v.string().ok())
                .unwrap_or_default(),
            log_destination_type: p
                .get("LogDestinationType")
                .and_then(|v| v.string().ok())
                .unwrap_or_else(|| "cloud-watch-logs".to_string()),
        };
        let traffic_known = p.get("TrafficType").map(|v| v.string());
        let existence = decl.existence_unknown.clone();
        let location = t.location(decl.pos);
        let logical_id = decl.logical_id.clone();
        if targets.is_empty() {
            t.unjoined(i, "a VPC");
            continue;
        }
        for target in targets {
            let Some(resource) = t.resource_mut(&target) else {
                continue;
            };
            let Attributes::Ec2Vpc(vpc) = &mut resource.attributes else {
                continue;
            };
            match (&existence, &traffic_known, &mut vpc.flow_logs) {
                (Some(why), _, logs @ Value::Known(_)) => {
                    *logs = Value::Unknown(format!("flow log {logical_id} may not exist: {why}"))
                }
                (None, Some(Err(r)), logs @ Value::Known(_)) => {
                    *logs = Value::Unknown(format!("flow log {logical_id} TrafficType: {r}"))
                }
                (None, _, Value::Known(logs)) => {
                    let index = logs.len();
                    logs.push(log.clone());
                    resource
                        .attribute_locations
                        .insert(format!("flow_logs[{index}]"), location.clone());
                }
                _ => {}
            }
        }
    }
}

fn subnets(t: &mut Template<'_>) {
    for i in indices(t, "AWS::EC2::Subnet") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let id = t.key(&decl.logical_id);
        let subnet = Subnet {
            subnet_id: id.clone(),
            vpc_id: opt_id(p.get("VpcId")).unwrap_or_default(),
            cidr_block: p
                .get("CidrBlock")
                .and_then(|c| c.string().ok())
                .unwrap_or_default(),
            availability_zone: p
                .get("AvailabilityZone")
                .and_then(|c| c.string().ok())
                .unwrap_or_default(),
            map_public_ip_on_launch: match p.get("MapPublicIpOnLaunch") {
                None => Value::Known(false),
                Some(v) => known(v.boolean()),
            },
        };
        let locs = locations(
            t,
            [(
                "map_public_ip_on_launch".to_string(),
                p.key_pos("MapPublicIpOnLaunch"),
            )],
        );
        t.push(i, id, Attributes::Ec2Subnet(subnet), locs);
    }
}

/// Route targets, in the order CloudFormation documents them.
const ROUTE_TARGETS: &[&str] = &[
    "GatewayId",
    "NatGatewayId",
    "TransitGatewayId",
    "VpcPeeringConnectionId",
    "InstanceId",
    "NetworkInterfaceId",
    "VpcEndpointId",
    "EgressOnlyInternetGatewayId",
    "CarrierGatewayId",
    "LocalGatewayId",
    "CoreNetworkArn",
];

fn route(v: &Val) -> Result<Route, String> {
    let destination = [
        "DestinationCidrBlock",
        "DestinationIpv6CidrBlock",
        "DestinationPrefixListId",
    ]
    .iter()
    .find_map(|k| v.get(k))
    .ok_or_else(|| "route without a destination".to_string())?
    .id()?;
    let target = ROUTE_TARGETS
        .iter()
        .find_map(|k| v.get(k))
        .ok_or_else(|| "route without a target".to_string())?
        .id()?;
    Ok(Route {
        destination,
        target,
    })
}

fn route_tables(t: &mut Template<'_>) {
    for i in indices(t, "AWS::EC2::RouteTable") {
        let decl = &t.decls[i];
        let id = t.key(&decl.logical_id);
        let table = RouteTable {
            route_table_id: id.clone(),
            vpc_id: opt_id(decl.props.get("VpcId")).unwrap_or_default(),
            // CloudFormation cannot declare a VPC's main route table.
            is_main: false,
            associated_subnet_ids: Vec::new(),
            routes: Value::Known(Vec::new()),
        };
        t.push(i, id, Attributes::Ec2RouteTable(table), BTreeMap::new());
    }
    for i in indices(t, "AWS::EC2::Route") {
        let decl = &t.decls[i];
        let Some(target) = decl.props.get("RouteTableId").and_then(|g| t.target(g)) else {
            t.unjoined(i, "a route table");
            continue;
        };
        let r = route(&decl.props);
        let existence = decl.existence_unknown.clone();
        let location = t.location(decl.pos);
        let logical_id = decl.logical_id.clone();
        let Some(resource) = t.resource_mut(&target) else {
            t.unjoined(i, "a route table");
            continue;
        };
        let Attributes::Ec2RouteTable(table) = &mut resource.attributes else {
            continue;
        };
        match (existence, r, &mut table.routes) {
            (Some(why), _, routes @ Value::Known(_)) => {
                *routes = Value::Unknown(format!("route {logical_id} may not exist: {why}"))
            }
            (None, Err(why), routes @ Value::Known(_)) => {
                *routes = Value::Unknown(format!("route {logical_id}: {why}"))
            }
            (None, Ok(r), Value::Known(routes)) => {
                let index = routes.len();
                routes.push(r);
                resource
                    .attribute_locations
                    .insert(format!("routes[{index}]"), location);
            }
            _ => {}
        }
    }
    for i in indices(t, "AWS::EC2::SubnetRouteTableAssociation") {
        let decl = &t.decls[i];
        let table = decl.props.get("RouteTableId").and_then(|g| t.target(g));
        let subnet = decl.props.get("SubnetId").and_then(|s| s.id().ok());
        let (Some(table), Some(subnet)) = (table, subnet) else {
            t.unjoined(i, "a route table");
            continue;
        };
        if decl.existence_unknown.is_some() {
            // An association that may not exist leaves the subnet on an unknown table: record
            // nothing, so the subnet's table is looked up as unknown rather than guessed.
            continue;
        }
        if let Some(Attributes::Ec2RouteTable(rt)) =
            t.resource_mut(&table).map(|r| &mut r.attributes)
        {
            rt.associated_subnet_ids.push(subnet);
        }
    }
}

fn internet_gateways(t: &mut Template<'_>) {
    for i in indices(t, "AWS::EC2::InternetGateway") {
        let decl = &t.decls[i];
        let id = t.key(&decl.logical_id);
        let igw = InternetGateway {
            internet_gateway_id: id.clone(),
            attached_vpc_ids: Vec::new(),
        };
        t.push(i, id, Attributes::Ec2InternetGateway(igw), BTreeMap::new());
    }
    for i in indices(t, "AWS::EC2::VPCGatewayAttachment") {
        let decl = &t.decls[i];
        let igw = decl
            .props
            .get("InternetGatewayId")
            .and_then(|g| t.target(g));
        let vpc = decl.props.get("VpcId").and_then(|v| v.id().ok());
        let (Some(igw), Some(vpc)) = (igw, vpc) else {
            // A VPN gateway attachment, or a gateway from elsewhere.
            continue;
        };
        if decl.existence_unknown.is_some() {
            continue;
        }
        if let Some(Attributes::Ec2InternetGateway(g)) =
            t.resource_mut(&igw).map(|r| &mut r.attributes)
        {
            g.attached_vpc_ids.push(vpc);
        }
    }
}

fn acl_entry(v: &Val) -> Result<NetworkAclEntry, String> {
    let number = |name: &str| -> Result<i32, String> {
        v.get(name)
            .ok_or_else(|| format!("{name} is missing"))?
            .integer()
            .map(|i| i32::try_from(i).unwrap_or(-1))
    };
    let action = v
        .get("RuleAction")
        .ok_or_else(|| "RuleAction is missing".to_string())?
        .string()?;
    let range = v.get("PortRange");
    let port = |name: &str| -> Result<Option<i32>, String> {
        match range.and_then(|r| r.get(name)) {
            None => Ok(None),
            Some(p) => p.integer().map(|i| Some(i32::try_from(i).unwrap_or(-1))),
        }
    };
    Ok(NetworkAclEntry {
        rule_number: number("RuleNumber")?,
        protocol: number("Protocol")?.to_string(),
        rule_action: if action.eq_ignore_ascii_case("allow") {
            RuleAction::Allow
        } else {
            RuleAction::Deny
        },
        egress: match v.get("Egress") {
            None => false,
            Some(e) => e.boolean()?,
        },
        cidr_block: match v.get("CidrBlock") {
            None => None,
            Some(c) => Some(c.string()?),
        },
        ipv6_cidr_block: match v.get("Ipv6CidrBlock") {
            None => None,
            Some(c) => Some(c.string()?),
        },
        port_from: port("From")?,
        port_to: port("To")?,
    })
}

/// The implicit last entries every network ACL has, as the API lists them.
fn implicit_denies() -> Vec<NetworkAclEntry> {
    [false, true]
        .into_iter()
        .map(|egress| NetworkAclEntry {
            rule_number: 32767,
            protocol: "-1".to_string(),
            rule_action: RuleAction::Deny,
            egress,
            cidr_block: Some("0.0.0.0/0".to_string()),
            ipv6_cidr_block: None,
            port_from: None,
            port_to: None,
        })
        .collect()
}

fn network_acls(t: &mut Template<'_>) {
    for i in indices(t, "AWS::EC2::NetworkAcl") {
        let decl = &t.decls[i];
        let id = t.key(&decl.logical_id);
        let acl = NetworkAcl {
            network_acl_id: id.clone(),
            vpc_id: opt_id(decl.props.get("VpcId")).unwrap_or_default(),
            is_default: false,
            entries: Value::Known(implicit_denies()),
            associated_subnet_ids: Vec::new(),
        };
        t.push(i, id, Attributes::Ec2NetworkAcl(acl), BTreeMap::new());
    }
    for i in indices(t, "AWS::EC2::NetworkAclEntry") {
        let decl = &t.decls[i];
        let Some(target) = decl.props.get("NetworkAclId").and_then(|g| t.target(g)) else {
            t.unjoined(i, "a network ACL");
            continue;
        };
        let entry = acl_entry(&decl.props);
        let existence = decl.existence_unknown.clone();
        let location = t.location(decl.pos);
        let logical_id = decl.logical_id.clone();
        let Some(resource) = t.resource_mut(&target) else {
            t.unjoined(i, "a network ACL");
            continue;
        };
        let Attributes::Ec2NetworkAcl(acl) = &mut resource.attributes else {
            continue;
        };
        match (existence, entry, &mut acl.entries) {
            (Some(why), _, e @ Value::Known(_)) => {
                *e = Value::Unknown(format!("entry {logical_id} may not exist: {why}"))
            }
            (None, Err(why), e @ Value::Known(_)) => {
                *e = Value::Unknown(format!("entry {logical_id}: {why}"))
            }
            (None, Ok(entry), Value::Known(entries)) => {
                // Keep the implicit denies last, as the API does.
                let index = entries.len().saturating_sub(2);
                entries.insert(index, entry);
                // Shift locations of later entries is unnecessary: the implicit ones have none.
                resource
                    .attribute_locations
                    .insert(format!("entries[{index}]"), location);
            }
            _ => {}
        }
    }
    for i in indices(t, "AWS::EC2::SubnetNetworkAclAssociation") {
        let decl = &t.decls[i];
        let acl = decl.props.get("NetworkAclId").and_then(|g| t.target(g));
        let subnet = decl.props.get("SubnetId").and_then(|s| s.id().ok());
        let (Some(acl), Some(subnet)) = (acl, subnet) else {
            t.unjoined(i, "a network ACL");
            continue;
        };
        if decl.existence_unknown.is_some() {
            continue;
        }
        if let Some(Attributes::Ec2NetworkAcl(a)) = t.resource_mut(&acl).map(|r| &mut r.attributes)
        {
            a.associated_subnet_ids.push(subnet);
        }
    }
}

/// IMDS options: `AWS::EC2::Instance` has no `MetadataOptions` property; they come from the
/// launch template it names. No launch template: the EC2 defaults (`HttpTokens: optional`
/// unless the AMI says otherwise, which the template cannot tell).
fn metadata_options(
    t: &Template<'_>,
    templates_by_name: &HashMap<String, String>,
    instance: &Val,
) -> (Value<MetadataOptions>, Option<Pos>) {
    let Some(spec) = instance.get("LaunchTemplate") else {
        return (
            Value::Known(MetadataOptions {
                http_tokens: "optional".to_string(),
                http_endpoint: "enabled".to_string(),
            }),
            None,
        );
    };
    let by_id = spec.get("LaunchTemplateId").and_then(|v| t.target(v));
    let by_name = spec
        .get("LaunchTemplateName")
        .and_then(|v| v.string().ok())
        .and_then(|name| templates_by_name.get(&name).cloned());
    let Some(lt) = by_id.or(by_name).and_then(|id| t.decl(&id)) else {
        return (
            Value::Unknown(
                "the instance's launch template is not declared in this template".into(),
            ),
            spec.pos.into(),
        );
    };
    let data = lt.props.get("LaunchTemplateData");
    let options = data.and_then(|d| d.get("MetadataOptions"));
    let field = |name: &str, default: &str| -> Result<String, String> {
        match options.and_then(|o| o.get(name)) {
            None => Ok(default.to_string()),
            Some(v) => v.string(),
        }
    };
    let pos = data
        .and_then(|d| d.key_pos("MetadataOptions"))
        .or(Some(lt.pos));
    match (
        field("HttpTokens", "optional"),
        field("HttpEndpoint", "enabled"),
    ) {
        (Ok(http_tokens), Ok(http_endpoint)) => (
            Value::Known(MetadataOptions {
                http_tokens,
                http_endpoint,
            }),
            pos,
        ),
        (Err(r), _) | (_, Err(r)) => (Value::Unknown(format!("MetadataOptions: {r}")), pos),
    }
}

fn instances(t: &mut Template<'_>) {
    let templates_by_name: HashMap<String, String> = t
        .of_type("AWS::EC2::LaunchTemplate")
        .filter_map(|d| {
            d.props
                .get("LaunchTemplateName")
                .and_then(|n| n.string().ok())
                .map(|n| (n, d.logical_id.clone()))
        })
        .collect();
    for i in indices(t, "AWS::EC2::Instance") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let (metadata, metadata_pos) = metadata_options(t, &templates_by_name, p);
        let interfaces = p.get("NetworkInterfaces").and_then(|n| n.list().ok());
        let subnet_value = p.get("SubnetId").or_else(|| {
            interfaces
                .and_then(|n| n.first())
                .and_then(|n| n.get("SubnetId"))
        });
        let subnet_id = opt_id(subnet_value);
        // The subnet's declaration, when it is a resource of this template.
        let subnet_decl = subnet_value
            .and_then(|v| t.target(v))
            .and_then(|id| t.decl(&id));
        let public_ip = match interfaces
            .and_then(|n| n.first())
            .and_then(|n| n.get("AssociatePublicIpAddress"))
        {
            Some(v) => known(
                v.boolean()
                    .map(|b| b.then(|| "(assigned at launch)".to_string())),
            ),
            None => match subnet_decl {
                Some(subnet) => match subnet.props.get("MapPublicIpOnLaunch") {
                    None => Value::Known(None),
                    Some(v) => known(
                        v.boolean()
                            .map(|b| b.then(|| "(assigned at launch)".to_string())),
                    ),
                },
                None if subnet_id.is_none() => Value::unknown(
                    "no SubnetId: the instance launches in the default VPC, whose default \
                     subnets map public IPs unless changed outside this template",
                ),
                None => Value::unknown(
                    "whether the instance gets a public IP depends on its subnet, which is not \
                     declared in this template",
                ),
            },
        };
        let mut groups = Vec::new();
        let mut groups_unknown = None;
        for key in ["SecurityGroupIds", "SecurityGroups"] {
            if let Some(list) = p.get(key) {
                match list.list() {
                    Ok(items) => {
                        for g in items {
                            match g.id() {
                                Ok(id) => groups.push(id),
                                Err(r) => groups_unknown = Some(r),
                            }
                        }
                    }
                    Err(r) => groups_unknown = Some(r),
                }
            }
        }
        let instance = Instance {
            instance_id: t.key(&decl.logical_id),
            // Not launched yet; rules that skip stopped instances still judge it.
            state: "pending".to_string(),
            instance_type: p
                .get("InstanceType")
                .and_then(|v| v.string().ok())
                .unwrap_or_default(),
            image_id: p
                .get("ImageId")
                .and_then(|v| v.string().ok())
                .unwrap_or_default(),
            public_ip_address: public_ip,
            vpc_id: subnet_decl.and_then(|d| opt_id(d.props.get("VpcId"))),
            subnet_id,
            security_group_ids: match groups_unknown {
                Some(r) => Value::Unknown(r),
                None if groups.is_empty() => Value::unknown(
                    "no security group is set: AWS attaches the VPC's default security group",
                ),
                None => Value::Known(groups),
            },
            iam_instance_profile: match p.get("IamInstanceProfile") {
                None => Value::Known(None),
                Some(v) => known(v.id().map(Some)),
            },
            metadata_options: metadata,
            launch_time: None,
        };
        let locs = locations(
            t,
            [
                ("metadata_options".to_string(), metadata_pos),
                (
                    "iam_instance_profile".to_string(),
                    p.key_pos("IamInstanceProfile"),
                ),
                (
                    "security_group_ids".to_string(),
                    p.key_pos("SecurityGroupIds"),
                ),
            ],
        );
        let id = t.key(&decl.logical_id);
        t.push(i, id, Attributes::Ec2Instance(instance), locs);
    }
}

fn volumes(t: &mut Template<'_>) {
    for i in indices(t, "AWS::EC2::Volume") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let volume = Volume {
            volume_id: t.key(&decl.logical_id),
            encrypted: match p.get("Encrypted") {
                None => Value::Known(false),
                Some(v) => known(v.boolean()),
            },
            kms_key_id: opt_id(p.get("KmsKeyId")),
            state: "available".to_string(),
            size: p
                .get("Size")
                .and_then(|s| s.integer().ok())
                .and_then(|s| i32::try_from(s).ok())
                .unwrap_or_default(),
            attached_instance_ids: Vec::new(),
        };
        let locs = locations(
            t,
            [
                ("encrypted".to_string(), p.key_pos("Encrypted")),
                ("kms_key_id".to_string(), p.key_pos("KmsKeyId")),
            ],
        );
        let id = t.key(&decl.logical_id);
        t.push(i, id, Attributes::Ec2Volume(volume), locs);
    }
}
