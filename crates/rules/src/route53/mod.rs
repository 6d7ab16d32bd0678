//! Route 53 hosted zone rules: public zones log DNS queries and are signed with DNSSEC.

mod route53_hosted_zone_dnssec_signing_enabled;
mod route53_hosted_zone_query_logging_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &route53_hosted_zone_query_logging_enabled::Route53HostedZoneQueryLoggingEnabled,
    &route53_hosted_zone_dnssec_signing_enabled::Route53HostedZoneDnssecSigningEnabled,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::route53::HostedZone;
    use cloudward_model::{Attributes, Resource};

    /// A global hosted zone resource `example.com`.
    pub(crate) fn zone(z: HostedZone) -> Resource {
        cloudward_model::test_support::global(
            "example.com",
            Attributes::Route53HostedZone(HostedZone {
                id: "Z1".into(),
                name: "example.com.".into(),
                ..z
            }),
        )
    }
}
