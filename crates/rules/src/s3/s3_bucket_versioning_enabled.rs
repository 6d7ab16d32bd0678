//! Bucket versioning is enabled.

use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity,
};

use crate::Rule;

/// Reads `GetBucketVersioning`. `Suspended` counts as off: new writes then overwrite in place.
pub struct S3BucketVersioningEnabled;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-versioning-enabled",
    title: "S3 bucket versioning is enabled",
    severity: Severity::Low,
    service: "s3",
    kinds: &[ResourceKind::S3Bucket],
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

impl Rule for S3BucketVersioningEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _inventory: &Inventory) -> Outcome {
        let Some(bucket) = resource.as_s3_bucket() else {
            return Outcome::not_applicable("not an S3 bucket");
        };
        match bucket.versioning.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(v) if v.enabled => {
                Outcome::Pass(Evidence::at("versioning", "versioning is enabled"))
            }
            Ok(_) => Outcome::Fail(Evidence::at(
                "versioning",
                "versioning is not enabled (never configured or suspended)",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::test_helpers::bucket;
    use cloudward_model::s3::{Bucket, Versioning};
    use cloudward_model::{Status, Value};

    fn judge(versioning: Value<Versioning>) -> Status {
        let r = bucket(Bucket {
            versioning,
            ..Default::default()
        });
        S3BucketVersioningEnabled
            .evaluate(&r, &Inventory::new())
            .status()
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
