//! Elastic Load Balancing: Application, Network and Gateway Load Balancers (the
//! `elasticloadbalancingv2` API) and Classic Load Balancers (`elasticloadbalancing`).
//!
//! A load balancer carries what its listeners, attributes and targets say about it, so each
//! rule reads one resource; the targets are the instance ids and ports it forwards to, which
//! the "targets not reachable around the load balancer" rules join with the EC2 instances
//! and security groups of the inventory.

use serde::{Deserialize, Serialize};

use crate::Value;

/// An Application, Network or Gateway Load Balancer (`DescribeLoadBalancers`,
/// `DescribeListeners`, `DescribeLoadBalancerAttributes`, `DescribeTargetGroups`,
/// `DescribeTargetHealth`; the web ACL from `wafv2:GetWebACLForResource`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadBalancer {
    /// `LoadBalancerArn`.
    pub load_balancer_arn: String,
    /// `LoadBalancerName`.
    pub load_balancer_name: String,
    /// `Type`: `application`, `network` or `gateway`.
    pub load_balancer_type: String,
    /// `Scheme`: `internet-facing` or `internal`.
    pub scheme: String,
    /// `VpcId`.
    pub vpc_id: Option<String>,
    /// `AvailabilityZones[].ZoneName`; Unknown where only subnet ids are known (code).
    pub availability_zones: Value<Vec<String>>,
    /// `AvailabilityZones[].SubnetId`.
    pub subnet_ids: Vec<String>,
    /// `SecurityGroups`.
    pub security_groups: Vec<String>,
    /// The listeners (`DescribeListeners`).
    pub listeners: Value<Vec<Listener>>,
    /// `deletion_protection.enabled`.
    pub deletion_protection_enabled: Value<bool>,
    /// `access_logs.s3.enabled`.
    pub access_logs_enabled: Value<bool>,
    /// `routing.http.drop_invalid_header_fields.enabled` (Application Load Balancers).
    pub drop_invalid_header_fields_enabled: Value<bool>,
    /// `routing.http.desync_mitigation_mode` (Application Load Balancers): `monitor`,
    /// `defensive` or `strictest`.
    pub desync_mitigation_mode: Value<String>,
    /// `load_balancing.cross_zone.enabled` (Network and Gateway Load Balancers; always on for
    /// Application Load Balancers).
    pub cross_zone_enabled: Value<bool>,
    /// The ARN of the AWS WAF web ACL protecting it (Application Load Balancers), `None` for
    /// none.
    pub web_acl_arn: Value<Option<String>>,
    /// The target groups it forwards to (`DescribeTargetGroups` by load balancer).
    pub target_groups: Value<Vec<TargetGroup>>,
}

impl LoadBalancer {
    /// Whether this is an Application Load Balancer.
    pub fn is_application(&self) -> bool {
        self.load_balancer_type == "application"
    }

    /// Whether this is a Network Load Balancer.
    pub fn is_network(&self) -> bool {
        self.load_balancer_type == "network"
    }

    /// Whether the load balancer has a public DNS name (`internet-facing`).
    pub fn is_internet_facing(&self) -> bool {
        self.scheme == "internet-facing"
    }
}

/// One listener.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Listener {
    /// `ListenerArn`.
    pub listener_arn: String,
    /// `Port`.
    pub port: Option<i32>,
    /// `Protocol`: `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`, `QUIC`,
    /// `TCP_QUIC`.
    pub protocol: String,
    /// `SslPolicy` (HTTPS and TLS listeners); Unknown in code where AWS picks the default.
    pub ssl_policy: Value<Option<String>>,
    /// `DefaultActions`.
    pub default_actions: Vec<ListenerAction>,
}

/// One default action of a listener.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListenerAction {
    /// `Type`: `forward`, `redirect`, `fixed-response`, `authenticate-oidc`,
    /// `authenticate-cognito`.
    pub action_type: String,
    /// `RedirectConfig.Protocol` (`HTTPS`, `HTTP`, `#{protocol}`).
    pub redirect_protocol: Option<String>,
}

/// A target group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetGroup {
    /// `TargetGroupArn`.
    pub target_group_arn: String,
    /// `TargetGroupName`.
    pub target_group_name: String,
    /// `TargetType`: `instance`, `ip`, `lambda`, `alb`.
    pub target_type: String,
    /// `Port`: the default port of its targets.
    pub port: Option<i32>,
    /// The registered targets (`DescribeTargetHealth`).
    pub targets: Value<Vec<Target>>,
}

/// A registered target: an instance id (or IP address, Lambda function, load balancer) and the
/// port traffic is sent to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Target {
    /// `Target.Id`.
    pub id: String,
    /// `Target.Port` (the target group's port when not registered with its own).
    pub port: Option<i32>,
}

/// A Classic Load Balancer (`DescribeLoadBalancers`, `DescribeLoadBalancerAttributes`,
/// `DescribeLoadBalancerPolicies`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassicLoadBalancer {
    /// `LoadBalancerName`.
    pub load_balancer_name: String,
    /// The ARN (`arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/<name>`).
    pub arn: String,
    /// `Scheme`: `internet-facing` or `internal`.
    pub scheme: String,
    /// `VPCId`.
    pub vpc_id: Option<String>,
    /// `AvailabilityZones`; Unknown where only subnet ids are known (code).
    pub availability_zones: Value<Vec<String>>,
    /// `Subnets`.
    pub subnet_ids: Vec<String>,
    /// `SecurityGroups`.
    pub security_groups: Vec<String>,
    /// `ListenerDescriptions`.
    pub listeners: Value<Vec<ClassicListener>>,
    /// `Instances[].InstanceId`.
    pub instances: Value<Vec<String>>,
    /// `AccessLog.Enabled`.
    pub access_logs_enabled: Value<bool>,
    /// `ConnectionDraining.Enabled`.
    pub connection_draining_enabled: Value<bool>,
    /// `CrossZoneLoadBalancing.Enabled`.
    pub cross_zone_enabled: Value<bool>,
    /// `AdditionalAttributes["elb.http.desyncmitigationmode"]`: `monitor`, `defensive` or
    /// `strictest`.
    pub desync_mitigation_mode: Value<String>,
}

impl ClassicLoadBalancer {
    /// Whether the load balancer has a public DNS name (`internet-facing`).
    pub fn is_internet_facing(&self) -> bool {
        self.scheme == "internet-facing"
    }
}

/// One Classic Load Balancer listener.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassicListener {
    /// `Protocol`: `HTTP`, `HTTPS`, `TCP` or `SSL`.
    pub protocol: String,
    /// `LoadBalancerPort`.
    pub load_balancer_port: i32,
    /// `InstanceProtocol`.
    pub instance_protocol: String,
    /// `InstancePort`.
    pub instance_port: i32,
    /// `SSLCertificateId`: an ACM (`arn:aws:acm:...`) or IAM (`arn:aws:iam:...`) certificate.
    pub ssl_certificate_id: Option<String>,
    /// The predefined security policy the listener's SSL negotiation policy references
    /// (`Reference-Security-Policy`); `None` for a custom policy or none.
    pub reference_security_policy: Value<Option<String>>,
}

impl ClassicListener {
    /// Whether the front-end connection is encrypted (`HTTPS` or `SSL`).
    pub fn is_encrypted(&self) -> bool {
        matches!(self.protocol.to_ascii_uppercase().as_str(), "HTTPS" | "SSL")
    }
}
