//! Route 53 Domains rules: registered domains are locked against transfer and renew
//! automatically.

mod route53domains_domain_auto_renew_enabled;
mod route53domains_domain_transfer_lock_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &route53domains_domain_transfer_lock_enabled::Route53domainsDomainTransferLockEnabled,
    &route53domains_domain_auto_renew_enabled::Route53domainsDomainAutoRenewEnabled,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::route53::Domain;
    use cloudward_model::{Attributes, Resource};

    /// A global registered domain resource `example.com`.
    pub(crate) fn domain(d: Domain) -> Resource {
        cloudward_model::test_support::global(
            "example.com",
            Attributes::Route53domainsDomain(Domain {
                domain_name: "example.com".into(),
                ..d
            }),
        )
    }
}
