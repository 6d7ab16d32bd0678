//! Route 53 registered domains have the transfer lock on.

use crate::rule::flag;
use cloudward_model::route53::Domain;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `TransferLock` from `ListDomains` (us-east-1). Some TLDs do not support the lock; they fail here and can be suppressed with that reason.
pub struct Route53domainsDomainTransferLockEnabled;

const META: RuleMeta = RuleMeta {
    id: "route53domains-domain-transfer-lock-enabled",
    title: "Route 53 registered domains have the transfer lock on",
    severity: Severity::Medium,
    service: "route53domains",
    kinds: Domain::KINDS,
    checks: "For each domain registered with Route 53 Domains, whether the transfer lock (clientTransferProhibited) is on.",
    rationale: "Without the lock a domain can be transferred to another registrar with a stolen or social-engineered authorization code, handing the attacker every name, mailbox and certificate validation under it.",
    remediation: Remediation {
        console: "Route 53 console > Registered domains > <domain> > Actions > Turn on transfer lock.",
        cli: "aws route53domains enable-domain-transfer-lock --region us-east-1 --domain-name <domain>",
        terraform: "resource \"aws_route53domains_registered_domain\" \"this\" {\n  domain_name   = \"example.com\"\n  transfer_lock = true\n}",
    },
    references: &["https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/domain-lock.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_route53domains_registered_domain\" \"example\" {\n  domain_name = \"example.com\"\n  transfer_lock = false\n}\n",
        terraform_good: "resource \"aws_route53domains_registered_domain\" \"example\" {\n  domain_name = \"example.com\"\n  transfer_lock = true\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for Route53domainsDomainTransferLockEnabled {
    type Subject = Domain;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Domain, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &d.transfer_lock,
            "transfer_lock",
            "the transfer lock is on",
            "the transfer lock is off: the domain can be transferred away",
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
            &Route53domainsDomainTransferLockEnabled,
            &domain(Domain {
                transfer_lock: v,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn locked_passes() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
    }

    #[test]
    fn unlocked_fails() {
        assert_eq!(judge(Value::Known(false)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
