//! Route 53 registered domains renew automatically.

use crate::rule::flag;
use cloudward_model::route53::Domain;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `AutoRenew` from `ListDomains` (us-east-1).
pub struct Route53domainsDomainAutoRenewEnabled;

const META: RuleMeta = RuleMeta {
    id: "route53domains-domain-auto-renew-enabled",
    title: "Route 53 registered domains renew automatically",
    severity: Severity::Medium,
    service: "route53domains",
    kinds: Domain::KINDS,
    checks: "For each domain registered with Route 53 Domains, whether automatic renewal is on.",
    rationale: "A domain that lapses stops resolving, and after the grace period anyone can register it and receive its mail, password resets and traffic, or obtain certificates for it.",
    remediation: Remediation {
        console: "Route 53 console > Registered domains > <domain> > Actions > Turn on automatic renewal.",
        cli: "aws route53domains enable-domain-auto-renew --region us-east-1 --domain-name <domain>",
        terraform: "resource \"aws_route53domains_registered_domain\" \"this\" {\n  domain_name = \"example.com\"\n  auto_renew  = true\n}",
    },
    references: &["https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/domain-enable-disable-auto-renewal.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_route53domains_registered_domain\" \"example\" {\n  domain_name = \"example.com\"\n  auto_renew = false\n}\n",
        terraform_good: "resource \"aws_route53domains_registered_domain\" \"example\" {\n  domain_name = \"example.com\"\n  auto_renew = true\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for Route53domainsDomainAutoRenewEnabled {
    type Subject = Domain;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Domain, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &d.auto_renew,
            "auto_renew",
            "the domain renews automatically",
            "automatic renewal is off: the domain lapses at expiry",
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::route53domains::test_helpers::domain;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(v: Value<bool>) -> Status {
        testing::judge(
            &Route53domainsDomainAutoRenewEnabled,
            &domain(Domain {
                auto_renew: v,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn on_passes() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
    }

    #[test]
    fn off_fails() {
        assert_eq!(judge(Value::Known(false)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
