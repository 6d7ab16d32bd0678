//! MFA delete is enabled on versioned buckets.

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `MFADelete` from `GetBucketVersioning`. MFA delete requires versioning, so a bucket
/// without versioning fails too (the evidence says which). CIS v5 makes this a manual, level 2
/// recommendation: only the root user can enable it, through the API, which is why few
/// organisations do; the severity is low accordingly.
pub struct S3BucketMfaDelete;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-mfa-delete",
    title: "S3 buckets require MFA to delete object versions or change versioning",
    severity: Severity::Low,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether versioning is enabled with MFADelete = Enabled, so that \
             permanently deleting a version or suspending versioning needs the root user's MFA \
             code.",
    rationale: "With MFA delete, stolen access keys alone cannot permanently destroy object \
                versions or switch versioning off: an attacker also needs the root user's MFA \
                device. It protects buckets that hold audit logs and backups.",
    remediation: Remediation {
        console: "Not available in the console: sign in as the root user with MFA and use the \
                  AWS CLI.",
        cli: "aws s3api put-bucket-versioning --bucket <bucket> \
              --versioning-configuration Status=Enabled,MFADelete=Enabled \
              --mfa 'arn:aws:iam::<account-id>:mfa/root-account-mfa-device <code>'",
        terraform: "resource \"aws_s3_bucket_versioning\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  mfa    = \"<mfa-serial> <code>\"\n  versioning_configuration {\n    status     = \"Enabled\"\n    mfa_delete = \"Enabled\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html"],
    frameworks: Frameworks {
        cis_v7: &["3.1.2"],
        cis_v6: &["3.1.2"],
        cis_v5: &["2.1.2"],
        cis_v3: &["2.1.2"],
        fsbp: &[],
        well_architected: &["SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"audit\" {\n  bucket = \"example-audit\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"audit\" {\n  bucket = aws_s3_bucket.audit.id\n  versioning_configuration {\n    status     = \"Enabled\"\n    mfa_delete = \"Disabled\"\n  }\n}\n",
        terraform_good: "resource \"aws_s3_bucket\" \"audit\" {\n  bucket = \"example-audit\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"audit\" {\n  bucket = aws_s3_bucket.audit.id\n  mfa    = \"arn:aws:iam::123456789012:mfa/root-account-mfa-device 123456\"\n  versioning_configuration {\n    status     = \"Enabled\"\n    mfa_delete = \"Enabled\"\n  }\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for S3BucketMfaDelete {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, _: &Resource, _: &Inventory) -> Outcome {
        match bucket.versioning.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(v) if v.enabled && v.mfa_delete => Outcome::Pass(Evidence::at(
                "versioning",
                "versioning is enabled with MFA delete",
            )),
            Ok(v) if v.enabled => Outcome::Fail(Evidence::at(
                "versioning",
                "versioning is enabled but MFA delete is not",
            )),
            Ok(_) => Outcome::Fail(Evidence::at(
                "versioning",
                "versioning is not enabled, so MFA delete is not in force",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::bucket;
    use cloudward_model::s3::{Bucket, Versioning};
    use cloudward_model::{Status, Value};

    fn judge(versioning: Value<Versioning>) -> Status {
        let r = bucket(Bucket {
            versioning,
            ..Default::default()
        });
        testing::judge(&S3BucketMfaDelete, &r)
    }

    #[test]
    fn mfa_delete_passes() {
        assert_eq!(
            judge(Value::Known(Versioning {
                enabled: true,
                mfa_delete: true
            })),
            Status::Pass
        );
    }

    #[test]
    fn versioning_without_mfa_delete_fails() {
        assert_eq!(
            judge(Value::Known(Versioning {
                enabled: true,
                mfa_delete: false
            })),
            Status::Fail
        );
        assert_eq!(judge(Value::Known(Versioning::default())), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
