//! Expired server certificates are removed from IAM.

use cloudward_model::iam::ServerCertificate;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{collected_at, day};
use crate::Check;

/// Compares each certificate's `Expiration` (from `ListServerCertificates`) with the
/// collection time: expired fails.
pub struct IamServerCertificateNotExpired;

const META: RuleMeta = RuleMeta {
    id: "iam-server-certificate-not-expired",
    title: "Expired SSL/TLS certificates are removed from IAM",
    severity: Severity::Medium,
    service: "iam",
    kinds: ServerCertificate::KINDS,
    checks: "For each server certificate stored in IAM, whether its `Expiration` is after the \
             collection time.",
    rationale: "An expired certificate still attached to a load balancer or CloudFront \
                distribution breaks TLS for its users, and one left behind invites someone to \
                deploy it by mistake. IAM does not remove expired certificates itself; the \
                benchmark asks that they be deleted (and, better, that ACM manage renewal).",
    remediation: Remediation {
        console: "IAM server certificates have no console page: use the AWS CLI, or move the \
                  certificate to ACM (ACM console > Import) and delete the IAM copy.",
        cli: "aws iam list-server-certificates --query 'ServerCertificateMetadataList[].[ServerCertificateName,Expiration]'\n\
              aws iam delete-server-certificate --server-certificate-name <name>",
        terraform: "# Replace the aws_iam_server_certificate with an ACM certificate that renews itself:\n\
                    resource \"aws_acm_certificate\" \"site\" {\n  \
                    domain_name       = \"example.com\"\n  \
                    validation_method = \"DNS\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.17"],
        cis_v6: &["2.18"],
        cis_v5: &["1.18"],
        cis_v3: &["1.19"],
        fsbp: &[],
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

impl Check for IamServerCertificateNotExpired {
    type Subject = ServerCertificate;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cert: &ServerCertificate, _: &Resource, inventory: &Inventory) -> Outcome {
        let now = match collected_at(inventory) {
            Ok(now) => now,
            Err(reason) => return Outcome::unknown(reason),
        };
        match cert.expiration.get() {
            Err(reason) => {
                Outcome::unknown(format!("expiry of certificate {}: {reason}", cert.name))
            }
            Ok(expiry) if *expiry <= now => Outcome::Fail(Evidence::at(
                "expiration",
                format!(
                    "server certificate {} expired on {} and is still stored in IAM",
                    cert.name,
                    day(*expiry)
                ),
            )),
            Ok(expiry) => Outcome::Pass(Evidence::at(
                "expiration",
                format!(
                    "server certificate {} is valid until {}",
                    cert.name,
                    day(*expiry)
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use chrono::{DateTime, Duration, Utc};
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(expiration: Value<Duration>) -> Status {
        let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().expect("a date");
        let r = test_support::global(
            "site",
            Attributes::IamServerCertificate(ServerCertificate {
                name: "site".into(),
                arn: "arn:aws:iam::123456789012:server-certificate/site".into(),
                expiration: expiration.map(|d| now + d),
            }),
        );
        let mut inventory = Inventory::new();
        inventory.collected_at = Some(now);
        testing::judge_in(&IamServerCertificateNotExpired, &r, &inventory)
    }

    #[test]
    fn valid_passes_expired_fails_unknown_stays_unknown() {
        assert_eq!(judge(Value::Known(Duration::days(30))), Status::Pass);
        assert_eq!(judge(Value::Known(Duration::days(-1))), Status::Fail);
        assert_eq!(judge(Value::unknown("not read")), Status::Unknown);
    }
}
