//! Bucket versioning is enabled.

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `GetBucketVersioning`. `Suspended` counts as off: new writes then overwrite in place.
pub struct S3BucketVersioningEnabled;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-versioning-enabled",
    title: "S3 bucket versioning is enabled",
    severity: Severity::Low,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether the versioning status is Enabled (never configured and \
             Suspended both fail).",
    rationale: "Versioning keeps every overwritten or deleted object as a noncurrent version, \
                so data destroyed by mistake, by a compromised credential or by ransomware can \
                be restored. It is also the prerequisite for MFA delete, Object Lock and \
                replication.",
    remediation: Remediation {
        console: "S3 console > Buckets > <bucket> > Properties > Bucket Versioning > Edit > \
                  Enable > Save changes. Add a lifecycle rule to expire noncurrent versions.",
        cli: "aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled",
        terraform: "resource \"aws_s3_bucket_versioning\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"data\" {\n  bucket = aws_s3_bucket.data.id\n  versioning_configuration {\n    status = \"Suspended\"\n  }\n}\n",
        terraform_good: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"data\" {\n  bucket = aws_s3_bucket.data.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Suspended\n",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n",
    },
    file: file!(),
};

impl Check for S3BucketVersioningEnabled {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, _: &Resource, _: &Inventory) -> Outcome {
        judged(&bucket.versioning, "versioning", |v| {
            if v.enabled {
                Ok("versioning is enabled".into())
            } else {
                Err("versioning is not enabled (never configured or suspended)".into())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::bucket;
    use cloudward_model::s3::Versioning;
    use cloudward_model::{Status, Value};

    fn judge(versioning: Value<Versioning>) -> Status {
        let r = bucket(Bucket {
            versioning,
            ..Default::default()
        });
        testing::judge(&S3BucketVersioningEnabled, &r)
    }

    #[test]
    fn enabled_passes() {
        assert_eq!(
            judge(Value::Known(Versioning {
                enabled: true,
                mfa_delete: false
            })),
            Status::Pass
        );
    }

    #[test]
    fn suspended_fails() {
        assert_eq!(judge(Value::Known(Versioning::default())), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
