//! Classic Load Balancer rules: encrypted listeners with ACM certificates and a strong
//! predefined security policy, access logs, connection draining, cross-zone balancing, zones,
//! desync mitigation, and instances reachable around the load balancer (through the shared
//! [`crate::elasticloadbalancingv2::exposure`] judgement).

mod elb_access_logs_enabled;
mod elb_acm_certificate;
mod elb_connection_draining_enabled;
mod elb_cross_zone_enabled;
mod elb_desync_mitigation_defensive;
mod elb_instances_not_directly_internet_reachable;
mod elb_listeners_encrypted;
mod elb_multiple_availability_zones;
mod elb_ssl_policy_strong;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &elb_listeners_encrypted::ElbListenersEncrypted,
    &elb_acm_certificate::ElbAcmCertificate,
    &elb_ssl_policy_strong::ElbSslPolicyStrong,
    &elb_desync_mitigation_defensive::ElbDesyncMitigationDefensive,
    &elb_access_logs_enabled::ElbAccessLogsEnabled,
    &elb_connection_draining_enabled::ElbConnectionDrainingEnabled,
    &elb_cross_zone_enabled::ElbCrossZoneEnabled,
    &elb_multiple_availability_zones::ElbMultipleAvailabilityZones,
    &elb_instances_not_directly_internet_reachable::ElbInstancesNotDirectlyInternetReachable,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::elb::{ClassicListener, ClassicLoadBalancer};
    use cloudward_model::{Attributes, Resource, Value};

    /// An internet-facing Classic Load Balancer `legacy`.
    pub(crate) fn classic(l: ClassicLoadBalancer) -> Resource {
        cloudward_model::test_support::resource(
            "legacy",
            Attributes::ElbClassicLoadBalancer(ClassicLoadBalancer {
                load_balancer_name: "legacy".into(),
                scheme: "internet-facing".into(),
                ..l
            }),
        )
    }

    /// A listener on 443 of `protocol` with `certificate` and a referenced policy.
    pub(crate) fn listener(
        protocol: &str,
        certificate: Option<&str>,
        policy: Value<Option<String>>,
    ) -> ClassicListener {
        ClassicListener {
            protocol: protocol.into(),
            load_balancer_port: 443,
            instance_protocol: "HTTP".into(),
            instance_port: 8080,
            ssl_certificate_id: certificate.map(str::to_string),
            reference_security_policy: policy,
        }
    }
}
