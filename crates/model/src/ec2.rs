//! EC2 and VPC: security groups, network ACLs, VPCs, subnets, routes, instances, EBS.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Value;

/// What a security group rule lets traffic come from (or go to).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Peer {
    /// An IPv4 CIDR (`IpRanges`).
    Ipv4(String),
    /// An IPv6 CIDR (`Ipv6Ranges`).
    Ipv6(String),
    /// A managed prefix list (`PrefixListIds`).
    PrefixList(String),
    /// Another security group (`UserIdGroupPairs`).
    SecurityGroup(String),
}

impl Peer {
    /// `0.0.0.0/0` or `::/0`.
    pub fn is_world(&self) -> bool {
        match self {
            Peer::Ipv4(c) => c == "0.0.0.0/0",
            Peer::Ipv6(c) => c == "::/0",
            _ => false,
        }
    }
}

/// One security group permission (`IpPermissions` entry), flattened to one peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    /// `IpProtocol`: `tcp`, `udp`, `icmp`, `-1` (all) or a protocol number.
    pub ip_protocol: String,
    /// `FromPort` (`None` for all protocols).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// `ToPort`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// The peer.
    pub peer: Peer,
    /// Description, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl SecurityGroupRule {
    /// Every protocol and port (`-1`).
    pub fn is_all_traffic(&self) -> bool {
        self.ip_protocol == "-1"
    }

    /// Whether the rule admits TCP traffic to `port` (all-traffic rules do; for TCP a missing
    /// range or `-1` means all ports).
    pub fn allows_tcp_port(&self, port: i32) -> bool {
        if self.is_all_traffic() {
            return true;
        }
        if !(self.ip_protocol.eq_ignore_ascii_case("tcp") || self.ip_protocol == "6") {
            return false;
        }
        match (self.from_port, self.to_port) {
            (Some(from), Some(to)) if from >= 0 && to >= 0 => from <= port && port <= to,
            _ => true,
        }
    }

    /// Whether the rule opens every port of TCP or UDP (0-65535, or no range / `-1`), or is an
    /// all-traffic rule. Protocols without ports (ICMP, ESP, GRE, ...) never count: their
    /// missing range does not mean "all ports".
    pub fn allows_all_ports(&self) -> bool {
        let ported = ["tcp", "udp", "6", "17"]
            .iter()
            .any(|p| self.ip_protocol.eq_ignore_ascii_case(p));
        self.is_all_traffic()
            || (ported
                && matches!(self.from_port, Some(0) | Some(-1) | None)
                && matches!(self.to_port, Some(65535) | Some(-1) | None))
    }
}

/// A security group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroup {
    /// `GroupId`.
    pub group_id: String,
    /// `GroupName` (`default` for a VPC's default group).
    pub group_name: String,
    /// `VpcId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// `Description`.
    #[serde(default)]
    pub description: String,
    /// Inbound rules.
    pub ingress: Value<Vec<SecurityGroupRule>>,
    /// Outbound rules.
    pub egress: Value<Vec<SecurityGroupRule>>,
}

/// Allow or deny.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    /// `allow`.
    Allow,
    /// `deny`.
    Deny,
}

/// One network ACL entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkAclEntry {
    /// `RuleNumber` (entries are evaluated lowest first; 32767 is the implicit deny).
    pub rule_number: i32,
    /// `Protocol`: `-1` (all), `6` (TCP), `17` (UDP), ...
    pub protocol: String,
    /// `RuleAction`.
    pub rule_action: RuleAction,
    /// `Egress`.
    pub egress: bool,
    /// `CidrBlock`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// `Ipv6CidrBlock`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<String>,
    /// `PortRange.From` (`None`: all ports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_from: Option<i32>,
    /// `PortRange.To`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_to: Option<i32>,
}

/// A network ACL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkAcl {
    /// `NetworkAclId`.
    pub network_acl_id: String,
    /// `VpcId`.
    pub vpc_id: String,
    /// `IsDefault`.
    pub is_default: bool,
    /// Entries, both directions.
    pub entries: Value<Vec<NetworkAclEntry>>,
    /// Subnets associated with the ACL.
    #[serde(default)]
    pub associated_subnet_ids: Vec<String>,
}

/// A VPC flow log (`DescribeFlowLogs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowLog {
    /// `FlowLogId`.
    pub flow_log_id: String,
    /// `FlowLogStatus` (`ACTIVE`).
    pub status: String,
    /// `TrafficType`: `ACCEPT`, `REJECT`, `ALL`.
    pub traffic_type: String,
    /// `LogDestinationType`: `cloud-watch-logs`, `s3`, `kinesis-data-firehose`.
    #[serde(default)]
    pub log_destination_type: String,
}

/// A VPC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    /// `VpcId`.
    pub vpc_id: String,
    /// `CidrBlock`.
    #[serde(default)]
    pub cidr_block: String,
    /// `IsDefault`.
    pub is_default: bool,
    /// Flow logs whose resource is this VPC.
    pub flow_logs: Value<Vec<FlowLog>>,
}

/// A subnet. Whether it is public is derived from route tables by
/// [`crate::Inventory::subnet_is_public`], so the same logic serves live and code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Subnet {
    /// `SubnetId`.
    pub subnet_id: String,
    /// `VpcId`.
    pub vpc_id: String,
    /// `CidrBlock`.
    #[serde(default)]
    pub cidr_block: String,
    /// `AvailabilityZone`.
    #[serde(default)]
    pub availability_zone: String,
    /// `MapPublicIpOnLaunch`.
    pub map_public_ip_on_launch: Value<bool>,
}

/// One route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// `DestinationCidrBlock` or `DestinationIpv6CidrBlock` or a prefix list id.
    pub destination: String,
    /// The target id (`igw-...`, `nat-...`, `local`, `pcx-...`, `tgw-...`, ...).
    pub target: String,
}

/// A route table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteTable {
    /// `RouteTableId`.
    pub route_table_id: String,
    /// `VpcId`.
    pub vpc_id: String,
    /// The VPC's main route table (applies to subnets with no explicit association).
    pub is_main: bool,
    /// Subnets explicitly associated.
    #[serde(default)]
    pub associated_subnet_ids: Vec<String>,
    /// Routes.
    pub routes: Value<Vec<Route>>,
}

/// An internet gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InternetGateway {
    /// `InternetGatewayId`.
    pub internet_gateway_id: String,
    /// Attached VPC ids.
    #[serde(default)]
    pub attached_vpc_ids: Vec<String>,
}

/// Instance metadata service options.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataOptions {
    /// `HttpTokens`: `required` (IMDSv2 only) or `optional`.
    pub http_tokens: String,
    /// `HttpEndpoint`: `enabled` or `disabled`.
    pub http_endpoint: String,
}

/// An EC2 instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    /// `InstanceId`.
    pub instance_id: String,
    /// `State.Name`: `pending`, `running`, `stopped`, `terminated`, ...
    pub state: String,
    /// `InstanceType`.
    #[serde(default)]
    pub instance_type: String,
    /// `ImageId`.
    #[serde(default)]
    pub image_id: String,
    /// `PublicIpAddress` (`None`: none).
    pub public_ip_address: Value<Option<String>>,
    /// `SubnetId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// `VpcId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// Security group ids.
    pub security_group_ids: Value<Vec<String>>,
    /// `IamInstanceProfile.Arn` (`None`: no profile).
    pub iam_instance_profile: Value<Option<String>>,
    /// `MetadataOptions`.
    pub metadata_options: Value<MetadataOptions>,
    /// `LaunchTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_time: Option<DateTime<Utc>>,
}

/// An EBS volume.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Volume {
    /// `VolumeId`.
    pub volume_id: String,
    /// `Encrypted`.
    pub encrypted: Value<bool>,
    /// `KmsKeyId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// `State`.
    #[serde(default)]
    pub state: String,
    /// `Size` in GiB.
    #[serde(default)]
    pub size: i32,
    /// Instance ids the volume is attached to.
    #[serde(default)]
    pub attached_instance_ids: Vec<String>,
}

/// An EBS snapshot owned by the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// `SnapshotId`.
    pub snapshot_id: String,
    /// `OwnerId`.
    pub owner_id: String,
    /// `VolumeId`.
    #[serde(default)]
    pub volume_id: String,
    /// `Encrypted`.
    pub encrypted: Value<bool>,
    /// `createVolumePermission` includes the group `all`.
    pub public: Value<bool>,
    /// `createVolumePermission` user ids: the accounts the snapshot is shared with.
    #[serde(default)]
    pub shared_with: Value<Vec<String>>,
}

/// An AMI owned by the account (`DescribeImages` with `Owners=self`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// `ImageId`.
    pub image_id: String,
    /// `Name`.
    #[serde(default)]
    pub name: String,
    /// `OwnerId`.
    #[serde(default)]
    pub owner_id: String,
    /// `Public`: launchable by every AWS account (`launchPermission` group `all`).
    pub public: Value<bool>,
    /// `launchPermission` grants: to accounts, organizations and organizational units.
    #[serde(default)]
    pub shared_with: Value<Vec<LaunchPermission>>,
}

/// One `launchPermission` grant of an AMI other than the group `all`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaunchPermission {
    /// `UserId`: one AWS account.
    Account(String),
    /// `OrganizationArn`: every account of an organization.
    Organization(String),
    /// `OrganizationalUnitArn`: every account of an OU.
    OrganizationalUnit(String),
}

/// `GetEbsEncryptionByDefault` for one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EbsEncryptionByDefault {
    /// `EbsEncryptionByDefault`.
    pub enabled: Value<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, from: Option<i32>, to: Option<i32>) -> SecurityGroupRule {
        SecurityGroupRule {
            ip_protocol: protocol.into(),
            from_port: from,
            to_port: to,
            peer: Peer::Ipv4("0.0.0.0/0".into()),
            description: None,
        }
    }

    #[test]
    fn tcp_port_matching() {
        assert!(rule("tcp", Some(20), Some(25)).allows_tcp_port(22));
        assert!(rule("6", Some(22), Some(22)).allows_tcp_port(22));
        assert!(rule("-1", None, None).allows_tcp_port(3389));
        assert!(!rule("udp", Some(0), Some(65535)).allows_tcp_port(22));
        assert!(!rule("tcp", Some(80), Some(443)).allows_tcp_port(22));
    }

    #[test]
    fn all_ports_only_for_ported_protocols() {
        assert!(rule("-1", None, None).allows_all_ports());
        assert!(rule("tcp", Some(0), Some(65535)).allows_all_ports());
        assert!(rule("17", Some(-1), Some(-1)).allows_all_ports());
        assert!(!rule("tcp", Some(1), Some(65535)).allows_all_ports());
        assert!(!rule("icmp", Some(-1), Some(-1)).allows_all_ports());
        // ESP (50) has no ports: no range is not "all ports".
        assert!(!rule("50", None, None).allows_all_ports());
    }
}
