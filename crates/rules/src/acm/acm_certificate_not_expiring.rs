//! ACM certificates are renewed before they expire.

use cloudward_model::acm::Certificate;
use cloudward_model::Evidence;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Compares `NotAfter` with `inventory.collected_at` and `settings.thresholds.certificate_expiry_days` (default 30, FSBP ACM.1's `daysToExpiration`). Certificates not issued yet (no `NotAfter`) are not applicable; `EXPIRED` fails.
pub struct AcmCertificateNotExpiring;

const META: RuleMeta = RuleMeta {
    id: "acm-certificate-not-expiring",
    title: "ACM certificates are renewed before they expire",
    severity: Severity::Medium,
    service: "acm",
    kinds: Certificate::KINDS,
    checks: "For each issued or imported certificate, whether it expires more than certificate_expiry_days (default 30) days after the scan.",
    rationale: "An expired certificate breaks every TLS connection to the endpoints using it, and the usual emergency fix (turning TLS verification off, or serving HTTP) weakens security. Imported certificates and ACM certificates whose validation records were removed are not renewed automatically.",
    remediation: Remediation {
        console: "ACM console > Certificates > <certificate>: for an ACM certificate check the renewal status and restore the DNS validation record; for an imported certificate choose Reimport and upload the renewed certificate.",
        cli: "aws acm describe-certificate --certificate-arn <arn> --query Certificate.RenewalSummary; aws acm import-certificate --certificate-arn <arn> --certificate fileb://cert.pem --private-key fileb://key.pem --certificate-chain fileb://chain.pem",
        terraform: "resource \"aws_acm_certificate\" \"this\" {\n  domain_name       = \"www.example.com\"\n  validation_method = \"DNS\"\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n\nresource \"aws_acm_certificate_validation\" \"this\" {\n  certificate_arn         = aws_acm_certificate.this.arn\n  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]\n}",
    },
    references: &["https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/acm-controls.html#acm-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ACM.1"],
        well_architected: &["SEC09-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for AcmCertificateNotExpiring {
    type Subject = Certificate;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Certificate, _: &Resource, inventory: &Inventory) -> Outcome {
        let not_after = match c.not_after.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::not_applicable("the certificate is not issued (no expiry date)")
            }
            Ok(Some(t)) => *t,
        };
        let Some(now) = inventory.collected_at else {
            return Outcome::unknown(
                "the inventory has no collection time to measure expiry against",
            );
        };
        let days = inventory.settings.thresholds.certificate_expiry_days;
        let left = (not_after - now).num_days();
        if not_after <= now {
            Outcome::Fail(Evidence::at(
                "not_after",
                format!(
                    "the certificate expired on {}",
                    not_after.format("%Y-%m-%d")
                ),
            ))
        } else if left < i64::from(days) {
            Outcome::Fail(Evidence::at(
                "not_after",
                format!(
                    "the certificate expires in {left} days ({}), within {days}",
                    not_after.format("%Y-%m-%d")
                ),
            ))
        } else {
            Outcome::Pass(Evidence::at(
                "not_after",
                format!("the certificate is valid for {left} more days"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::acm::test_helpers::certificate;
    use crate::rule::testing;
    use chrono::{Duration, TimeZone, Utc};
    use cloudward_model::{Status, Value};

    fn judge(not_after: Value<Option<chrono::DateTime<Utc>>>) -> Status {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut inventory = Inventory::new();
        inventory.collected_at = Some(now);
        let c = certificate(Certificate {
            not_after,
            ..Default::default()
        });
        testing::judge_in(&AcmCertificateNotExpiring, &c, &inventory)
    }

    fn in_days(days: i64) -> Value<Option<chrono::DateTime<Utc>>> {
        Value::Known(Some(
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::days(days),
        ))
    }

    #[test]
    fn far_expiry_passes() {
        assert_eq!(judge(in_days(90)), Status::Pass);
    }

    #[test]
    fn near_or_past_expiry_fails() {
        assert_eq!(judge(in_days(10)), Status::Fail);
        assert_eq!(judge(in_days(-1)), Status::Fail);
    }

    #[test]
    fn not_issued_is_not_applicable_and_unknown_stays_unknown() {
        assert_eq!(judge(Value::Known(None)), Status::NotApplicable);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
        let c = certificate(Certificate {
            not_after: in_days(90),
            ..Default::default()
        });
        assert_eq!(
            testing::judge(&AcmCertificateNotExpiring, &c),
            Status::Unknown
        );
    }
}
