//! Elastic Load Balancing v2 rules (Application, Network and Gateway Load Balancers):
//! HTTPS redirection and TLS policies, header and desync handling, access logs, deletion
//! protection, zones, cross-zone balancing, AWS WAF, and targets reachable around the load
//! balancer.
//!
//! [`exposure`] is shared with the Classic Load Balancer rules: which registered instances can
//! be reached from the internet on the port the load balancer serves them on.

mod elbv2_access_logs_enabled;
mod elbv2_alb_desync_mitigation_defensive;
mod elbv2_alb_drops_invalid_header_fields;
mod elbv2_alb_http_redirects_to_https;
mod elbv2_alb_waf_web_acl_attached;
mod elbv2_deletion_protection_enabled;
mod elbv2_listeners_encrypted;
pub(crate) mod elbv2_listeners_tls_policy_current;
mod elbv2_multiple_availability_zones;
mod elbv2_targets_not_directly_internet_reachable;
pub(crate) mod exposure;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &elbv2_alb_http_redirects_to_https::Elbv2AlbHttpRedirectsToHttps,
    &elbv2_listeners_encrypted::Elbv2ListenersEncrypted,
    &elbv2_listeners_tls_policy_current::Elbv2ListenersTlsPolicyCurrent,
    &elbv2_alb_drops_invalid_header_fields::Elbv2AlbDropsInvalidHeaderFields,
    &elbv2_alb_desync_mitigation_defensive::Elbv2AlbDesyncMitigationDefensive,
    &elbv2_access_logs_enabled::Elbv2AccessLogsEnabled,
    &elbv2_deletion_protection_enabled::Elbv2DeletionProtectionEnabled,
    &elbv2_multiple_availability_zones::Elbv2MultipleAvailabilityZones,
    &elbv2_alb_waf_web_acl_attached::Elbv2AlbWafWebAclAttached,
    &elbv2_targets_not_directly_internet_reachable::Elbv2TargetsNotDirectlyInternetReachable,
];

use cloudward_model::{Inventory, Outcome, ResourceKind, Value};

/// The distinct Availability Zones of a load balancer: its zone names when the source gave
/// them, else the zones of its subnets looked up in the inventory (code names subnets, not
/// zones). `Err` is the reason they cannot be told.
pub(crate) fn zones(
    known: &Value<Vec<String>>,
    subnet_ids: &[String],
    inventory: &Inventory,
) -> Result<Vec<String>, String> {
    // A load balancer in subnets always reports their zones; an empty list next to subnets
    // (moto's Classic Load Balancers) is read from the subnets instead.
    let from_subnets = match known {
        Value::Known(z) if z.is_empty() && !subnet_ids.is_empty() => {
            Some("no Availability Zones were reported".to_string())
        }
        Value::Known(_) => None,
        Value::Unknown(reason) => Some(reason.clone()),
    };
    let mut zones = match from_subnets {
        None => known.get().cloned().unwrap_or_default(),
        Some(reason) => {
            let mut zones = Vec::new();
            for id in subnet_ids {
                let zone = inventory
                    .find(ResourceKind::Ec2Subnet, id)
                    .and_then(|r| r.as_ec2_subnet())
                    .map(|s| s.availability_zone.clone())
                    .filter(|z| !z.is_empty());
                match zone {
                    Some(z) => zones.push(z),
                    None => {
                        return Err(format!(
                            "{reason}; the Availability Zone of subnet {id} is not known"
                        ))
                    }
                }
            }
            zones
        }
    };
    zones.sort();
    zones.dedup();
    Ok(zones)
}

/// Pass with at least two zones, Fail with fewer.
pub(crate) fn judge_zones(zones: Result<Vec<String>, String>, attribute: &'static str) -> Outcome {
    use cloudward_model::Evidence;
    match zones {
        Err(reason) => Outcome::unknown(reason),
        Ok(z) if z.len() >= 2 => Outcome::Pass(Evidence::at(
            attribute,
            format!("spans {} Availability Zones ({})", z.len(), z.join(", ")),
        )),
        Ok(z) if z.is_empty() => Outcome::Fail(Evidence::at(
            attribute,
            "is in no Availability Zone (no zones or subnets are configured)",
        )),
        Ok(z) => Outcome::Fail(Evidence::at(
            attribute,
            format!("is in one Availability Zone only ({})", z.join(", ")),
        )),
    }
}

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::elb::LoadBalancer;
    use cloudward_model::{Attributes, Resource};

    /// A load balancer `web` of `kind` (`application`, `network`, `gateway`).
    pub(crate) fn lb(kind: &str, l: LoadBalancer) -> Resource {
        cloudward_model::test_support::resource(
            "web",
            Attributes::ElbLoadBalancer(LoadBalancer {
                load_balancer_name: "web".into(),
                load_balancer_arn:
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"
                        .into(),
                load_balancer_type: kind.into(),
                scheme: "internet-facing".into(),
                ..l
            }),
        )
    }
}
