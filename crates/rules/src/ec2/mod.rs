//! EC2, VPC and EBS rules: security groups, network ACLs, flow logs, instances, volumes,
//! snapshots and subnets.
//!
//! The security group rules share one judgement, [`world_ingress`]: which ingress permissions
//! admit the internet (`0.0.0.0/0`, `::/0`) to which of a set of TCP ports. Each rule file picks
//! its ports and address family, so the evidence format is the same across the family.

mod ebs_encryption_by_default;
mod ebs_snapshot_encrypted;
mod ebs_snapshot_not_public;
mod ebs_snapshot_not_shared_with_untrusted_accounts;
mod ebs_volume_encrypted;
mod ec2_ami_not_public;
mod ec2_ami_not_shared_with_untrusted_accounts;
mod ec2_instance_imdsv2_required;
mod ec2_instance_no_public_ipv4;
mod ec2_instance_sensitive_ports_not_internet_exposed;
mod ec2_security_group_admin_ports_ipv4_restricted;
mod ec2_security_group_admin_ports_ipv6_restricted;
mod ec2_security_group_all_ports_restricted;
mod ec2_security_group_cifs_restricted;
mod ec2_security_group_database_ports_restricted;
mod vpc_default_security_group_restricts_all_traffic;
mod vpc_flow_logs_enabled;
mod vpc_network_acl_admin_ports_restricted;
mod vpc_subnet_no_public_ip_auto_assign;

use std::sync::OnceLock;

use cloudward_model::ec2::{Peer, SecurityGroupRule};
use cloudward_model::{Evidence, Outcome, Resource};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &ec2_security_group_admin_ports_ipv4_restricted::Ec2SecurityGroupAdminPortsIpv4Restricted,
    &ec2_security_group_admin_ports_ipv6_restricted::Ec2SecurityGroupAdminPortsIpv6Restricted,
    &ec2_security_group_database_ports_restricted::Ec2SecurityGroupDatabasePortsRestricted,
    &ec2_security_group_cifs_restricted::Ec2SecurityGroupCifsRestricted,
    &ec2_security_group_all_ports_restricted::Ec2SecurityGroupAllPortsRestricted,
    &vpc_default_security_group_restricts_all_traffic::VpcDefaultSecurityGroupRestrictsAllTraffic,
    &vpc_network_acl_admin_ports_restricted::VpcNetworkAclAdminPortsRestricted,
    &vpc_flow_logs_enabled::VpcFlowLogsEnabled,
    &vpc_subnet_no_public_ip_auto_assign::VpcSubnetNoPublicIpAutoAssign,
    &ec2_instance_imdsv2_required::Ec2InstanceImdsv2Required,
    &ec2_instance_sensitive_ports_not_internet_exposed::Ec2InstanceSensitivePortsNotInternetExposed,
    &ec2_instance_no_public_ipv4::Ec2InstanceNoPublicIpv4,
    &ebs_encryption_by_default::EbsEncryptionByDefault,
    &ebs_volume_encrypted::EbsVolumeEncrypted,
    &ebs_snapshot_not_public::EbsSnapshotNotPublic,
    &ebs_snapshot_not_shared_with_untrusted_accounts::EbsSnapshotNotSharedWithUntrustedAccounts,
    &ebs_snapshot_encrypted::EbsSnapshotEncrypted,
    &ec2_ami_not_public::Ec2AmiNotPublic,
    &ec2_ami_not_shared_with_untrusted_accounts::Ec2AmiNotSharedWithUntrustedAccounts,
];

/// A TCP port and the service that usually listens on it, for evidence.
pub(crate) type Port = (i32, &'static str);

/// Remote administration ports (CIS "remote server administration ports").
pub(crate) const ADMIN_PORTS: &[Port] = &[(22, "SSH"), (3389, "RDP")];

/// Database, cache and search engine ports that should never face the internet.
pub(crate) const DATABASE_PORTS: &[Port] = &[
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (5439, "Redshift"),
    (6379, "Redis"),
    (9200, "Elasticsearch/OpenSearch"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
];

/// The SMB/CIFS port.
pub(crate) const CIFS_PORTS: &[Port] = &[(445, "CIFS/SMB")];

/// Which internet address family a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// `0.0.0.0/0` only.
    Ipv4,
    /// `::/0` only.
    Ipv6,
    /// Either.
    Any,
}

impl Family {
    /// Whether `peer` is the whole internet in this family.
    pub(crate) fn is_world(self, peer: &Peer) -> bool {
        match (self, peer) {
            (Family::Ipv4 | Family::Any, Peer::Ipv4(_))
            | (Family::Ipv6 | Family::Any, Peer::Ipv6(_)) => peer.is_world(),
            _ => false,
        }
    }

    /// How evidence names the internet for this family.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Family::Ipv4 => "0.0.0.0/0",
            Family::Ipv6 => "::/0",
            Family::Any => "0.0.0.0/0 or ::/0",
        }
    }
}

/// One ingress permission that admits the internet to some of the ports asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Exposure {
    /// Position in the group's ingress list (`ingress[i]`).
    pub(crate) index: usize,
    /// The CIDR (`0.0.0.0/0` or `::/0`).
    pub(crate) cidr: String,
    /// The protocol and range as written (`tcp 0-65535`, `all traffic`).
    pub(crate) rule: String,
    /// The ports of interest it opens.
    pub(crate) ports: Vec<Port>,
}

impl Exposure {
    /// `ingress[2]: tcp 20-25 from 0.0.0.0/0 opens 22 (SSH)`.
    pub(crate) fn describe(&self) -> String {
        let mut out = format!(
            "ingress[{}]: {} from {} opens ",
            self.index, self.rule, self.cidr
        );
        list_ports(&self.ports, &mut out);
        out
    }
}

/// How a peer reads in evidence: the CIDR, or the prefix list or group it names.
pub(crate) fn describe_peer(peer: &Peer) -> String {
    match peer {
        Peer::Ipv4(c) | Peer::Ipv6(c) => c.clone(),
        Peer::PrefixList(id) => format!("prefix list {id}"),
        Peer::SecurityGroup(id) => format!("security group {id}"),
    }
}

/// How a permission reads in evidence.
pub(crate) fn describe_rule(rule: &SecurityGroupRule) -> String {
    if rule.is_all_traffic() {
        return "all traffic".to_string();
    }
    match (rule.from_port, rule.to_port) {
        (Some(from), Some(to)) if from == to => format!("{} {from}", rule.ip_protocol),
        (Some(from), Some(to)) if from >= 0 && to >= 0 => {
            format!("{} {from}-{to}", rule.ip_protocol)
        }
        _ => format!("{} all ports", rule.ip_protocol),
    }
}

/// The ingress permissions that admit `family`'s internet to any of `ports` over TCP (an
/// all-traffic permission admits every port). Prefix lists and security group peers are not
/// the internet and are not reported; a prefix list that happens to hold `0.0.0.0/0` cannot be
/// seen from the group alone.
pub(crate) fn world_ingress(
    ingress: &[SecurityGroupRule],
    ports: &[Port],
    family: Family,
) -> Vec<Exposure> {
    ingress
        .iter()
        .enumerate()
        .filter(|(_, r)| family.is_world(&r.peer))
        .filter(|(_, r)| ports.iter().any(|(p, _)| r.allows_tcp_port(*p)))
        .map(|(index, r)| Exposure {
            index,
            cidr: describe_peer(&r.peer),
            rule: describe_rule(r),
            ports: ports
                .iter()
                .copied()
                .filter(|(p, _)| r.allows_tcp_port(*p))
                .collect(),
        })
        .collect()
}

/// `22 (SSH), 3389 (RDP)`, written into one string.
fn list_ports(ports: &[Port], out: &mut String) {
    use std::fmt::Write;
    for (i, (port, service)) in ports.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{port} ({service})");
    }
}

/// The Pass evidence of a "no internet ingress to these ports" rule: one sentence for every
/// group the rule passes, so each rule builds it once, in its own `pass` cell.
fn no_world_ingress(
    ports: &[Port],
    family: Family,
    pass: &'static OnceLock<String>,
) -> &'static str {
    pass.get_or_init(|| {
        let mut message = String::with_capacity(96);
        message.push_str("no ingress rule opens ");
        list_ports(ports, &mut message);
        message.push_str(" to ");
        message.push_str(family.describe());
        message
    })
}

/// The whole judgement of a "no internet ingress to these ports" security group rule; `pass`
/// is the rule's own cell for its Pass sentence (the same for every `ports` and `family`).
pub(crate) fn judge_world_ports(
    resource: &Resource,
    ports: &[Port],
    family: Family,
    pass: &'static OnceLock<String>,
) -> Outcome {
    let Some(group) = resource.as_ec2_security_group() else {
        return Outcome::not_applicable("not a security group");
    };
    let ingress = match group.ingress.get() {
        Ok(ingress) => ingress,
        Err(reason) => return Outcome::unknown(reason),
    };
    let exposures = world_ingress(ingress, ports, family);
    match exposures.first() {
        None => Outcome::Pass(Evidence::at(
            "ingress",
            no_world_ingress(ports, family, pass),
        )),
        Some(first) => {
            let all: Vec<String> = exposures.iter().map(Exposure::describe).collect();
            Outcome::Fail(Evidence::at(
                format!("ingress[{}]", first.index),
                all.join("; "),
            ))
        }
    }
}

#[cfg(test)]
pub(crate) mod test_helpers {
    //! Builders shared by the EC2 rule tests.
    use cloudward_model::ec2::{Peer, SecurityGroup, SecurityGroupRule};
    use cloudward_model::{test_support, Attributes, Resource, Value};

    /// A permission.
    pub(crate) fn perm(protocol: &str, from: i32, to: i32, peer: Peer) -> SecurityGroupRule {
        SecurityGroupRule {
            ip_protocol: protocol.into(),
            from_port: Some(from),
            to_port: Some(to),
            peer,
            description: None,
        }
    }

    /// `0.0.0.0/0`.
    pub(crate) fn v4_world() -> Peer {
        Peer::Ipv4("0.0.0.0/0".into())
    }

    /// `::/0`.
    pub(crate) fn v6_world() -> Peer {
        Peer::Ipv6("::/0".into())
    }

    /// A security group `id` with these ingress rules and no egress.
    pub(crate) fn group(id: &str, ingress: Value<Vec<SecurityGroupRule>>) -> Resource {
        test_support::resource(
            id,
            Attributes::Ec2SecurityGroup(SecurityGroup {
                group_id: id.into(),
                group_name: format!("{id}-name"),
                vpc_id: Some("vpc-1".into()),
                description: String::new(),
                ingress,
                egress: Value::Known(vec![]),
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::test_helpers::*;
    use super::*;
    use cloudward_model::Value;

    #[test]
    fn world_ingress_reports_index_range_and_ports() {
        let ingress = vec![
            perm("tcp", 443, 443, v4_world()),
            perm("tcp", 10, 4000, v4_world()),
            perm("tcp", 22, 22, Peer::Ipv4("10.0.0.0/8".into())),
            perm("tcp", 22, 22, v6_world()),
        ];
        let found = world_ingress(&ingress, ADMIN_PORTS, Family::Ipv4);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].describe(),
            "ingress[1]: tcp 10-4000 from 0.0.0.0/0 opens 22 (SSH), 3389 (RDP)"
        );
        assert_eq!(
            world_ingress(&ingress, ADMIN_PORTS, Family::Ipv6)[0].index,
            3
        );
        assert_eq!(world_ingress(&ingress, ADMIN_PORTS, Family::Any).len(), 2);
    }

    #[test]
    fn judge_points_at_the_first_offending_rule() {
        let g = group("sg-1", Value::Known(vec![perm("-1", -1, -1, v4_world())]));
        static PASS: OnceLock<String> = OnceLock::new();
        match judge_world_ports(&g, DATABASE_PORTS, Family::Any, &PASS) {
            Outcome::Fail(e) => {
                assert_eq!(e.attribute.as_deref(), Some("ingress[0]"));
                assert!(e
                    .message
                    .starts_with("ingress[0]: all traffic from 0.0.0.0/0 opens 1433"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
        let open = group(
            "sg-2",
            Value::Known(vec![perm("tcp", 443, 443, v4_world())]),
        );
        let Outcome::Pass(e) = judge_world_ports(&open, DATABASE_PORTS, Family::Any, &PASS) else {
            panic!("expected Pass");
        };
        assert!(e
            .message
            .starts_with("no ingress rule opens 1433 (SQL Server), 1521"));
        assert!(e.message.ends_with("to 0.0.0.0/0 or ::/0"));
        assert!(matches!(e.message, std::borrow::Cow::Borrowed(_)));
    }
}
