//! Route 53 public hosted zones are signed with DNSSEC.

use crate::rule::judged;
use cloudward_model::route53::HostedZone;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `GetDNSSEC` `Status.ServeSignature`: only `SIGNING` passes. The DS record at the parent zone (which completes the chain of trust) is outside the account and not judged.
pub struct Route53HostedZoneDnssecSigningEnabled;

const META: RuleMeta = RuleMeta {
    id: "route53-hosted-zone-dnssec-signing-enabled",
    title: "Route 53 public hosted zones are signed with DNSSEC",
    severity: Severity::Low,
    service: "route53",
    kinds: HostedZone::KINDS,
    checks: "For each public hosted zone, whether DNSSEC signing is enabled (ServeSignature SIGNING).",
    rationale: "Without DNSSEC, resolvers cannot tell a genuine answer from a forged one, so cache poisoning or an on-path attacker can redirect the domain's users to hosts they control.",
    remediation: Remediation {
        console: "Route 53 console > Hosted zones > <zone> > DNSSEC signing > Enable DNSSEC signing > create a key-signing key with a customer managed KMS key in us-east-1 > then add the DS record at the registrar.",
        cli: "aws route53 create-key-signing-key --hosted-zone-id <zone-id> --name <ksk-name> --key-management-service-arn <kms-key-arn> --status ACTIVE --caller-reference <ref>; aws route53 enable-hosted-zone-dnssec --hosted-zone-id <zone-id>",
        terraform: "resource \"aws_route53_key_signing_key\" \"this\" {\n  hosted_zone_id             = aws_route53_zone.this.id\n  key_management_service_arn = aws_kms_key.dnssec.arn\n  name                       = \"ksk\"\n}\n\nresource \"aws_route53_hosted_zone_dnssec\" \"this\" {\n  hosted_zone_id = aws_route53_key_signing_key.this.hosted_zone_id\n}",
    },
    references: &["https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC09-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_route53_zone\" \"public\" {\n  name = \"example.com\"\n}\n",
        terraform_good: "resource \"aws_route53_zone\" \"public\" {\n  name = \"example.com\"\n}\n\nresource \"aws_route53_hosted_zone_dnssec\" \"public\" {\n  hosted_zone_id = aws_route53_zone.public.id\n}\n",
        cloudformation_bad: "Resources:\n  Public:\n    Type: AWS::Route53::HostedZone\n    Properties:\n      Name: example.com\n",
        cloudformation_good: "Resources:\n  Public:\n    Type: AWS::Route53::HostedZone\n    Properties:\n      Name: example.com\n  PublicDnssec:\n    Type: AWS::Route53::DNSSEC\n    Properties:\n      HostedZoneId: !Ref Public\n",
    },
    file: file!(),
};

impl Check for Route53HostedZoneDnssecSigningEnabled {
    type Subject = HostedZone;
    const META: &'static RuleMeta = &META;

    fn judge(&self, z: &HostedZone, _: &Resource, _: &Inventory) -> Outcome {
        if z.private_zone {
            return Outcome::not_applicable("DNSSEC signing applies to public zones");
        }
        judged(&z.dnssec_serve_signature, "dnssec_serve_signature", |s| {
            if s == "SIGNING" {
                Ok("the zone is signed with DNSSEC".into())
            } else {
                Err(format!("DNSSEC signing is not enabled ({s})"))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::route53::test_helpers::zone;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(private: bool, s: Value<String>) -> Status {
        testing::judge(
            &Route53HostedZoneDnssecSigningEnabled,
            &zone(HostedZone {
                private_zone: private,
                dnssec_serve_signature: s,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn signing_passes() {
        assert_eq!(judge(false, Value::Known("SIGNING".into())), Status::Pass);
    }

    #[test]
    fn not_signing_fails_and_private_zones_are_not_applicable() {
        assert_eq!(
            judge(false, Value::Known("NOT_SIGNING".into())),
            Status::Fail
        );
        assert_eq!(
            judge(true, Value::Known("NOT_SIGNING".into())),
            Status::NotApplicable
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(false, Value::unknown("AccessDenied")),
            Status::Unknown
        );
    }
}
