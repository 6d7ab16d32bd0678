//! Bucket ACLs are disabled (object ownership `BucketOwnerEnforced`).

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::s3::OWNERSHIP_DEFAULT;
use crate::Check;

/// Reads `GetBucketOwnershipControls`. Only `BucketOwnerEnforced` disables ACLs;
/// `BucketOwnerPreferred`, `ObjectWriter` and no setting (`Known(None)`, the pre-2023 default)
/// leave ACLs in force. New buckets have been `BucketOwnerEnforced` by default since April 2023:
/// in code an undeclared setting is that default (see `Bucket::assume_new_bucket_defaults`),
/// and the evidence says so, since a later call can still turn ACLs back on.
pub struct S3BucketAclsDisabled;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-acls-disabled",
    title: "S3 bucket ACLs are disabled so access is managed by policies only",
    severity: Severity::Medium,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether the object ownership setting is BucketOwnerEnforced, \
             which disables every bucket and object ACL.",
    rationale: "ACLs are a second, per-object permission system that IAM and bucket policies do \
                not show: an object uploaded with a public-read ACL is public whatever the \
                policy says. Disabling ACLs leaves one place to review access and makes the \
                bucket owner own every object.",
    remediation: Remediation {
        console: "S3 console > Buckets > <bucket> > Permissions > Object Ownership > Edit > ACLs \
                  disabled (recommended) > Save changes (first move any needed ACL grants into \
                  the bucket policy).",
        cli: "aws s3api put-bucket-ownership-controls --bucket <bucket> \
              --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
        terraform: "resource \"aws_s3_bucket_ownership_controls\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-12",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["S3.12"],
        well_architected: &["SEC03-BP02", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_ownership_controls\" \"data\" {\n  bucket = aws_s3_bucket.data.id\n  rule {\n    object_ownership = \"ObjectWriter\"\n  }\n}\n",
        terraform_good: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_ownership_controls\" \"data\" {\n  bucket = aws_s3_bucket.data.id\n  rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      OwnershipControls:\n        Rules:\n          - ObjectOwnership: ObjectWriter\n",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      OwnershipControls:\n        Rules:\n          - ObjectOwnership: BucketOwnerEnforced\n",
    },
    file: file!(),
};

impl Check for S3BucketAclsDisabled {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, _: &Resource, _: &Inventory) -> Outcome {
        match bucket.object_ownership.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(Some(o)) if o == "BucketOwnerEnforced" && bucket.aws_defaults.object_ownership => {
                Outcome::Pass(Evidence::at("object_ownership", OWNERSHIP_DEFAULT))
            }
            Ok(Some(o)) if o == "BucketOwnerEnforced" => Outcome::Pass(Evidence::at(
                "object_ownership",
                "ACLs are disabled (BucketOwnerEnforced)",
            )),
            Ok(Some(o)) => Outcome::Fail(Evidence::at(
                "object_ownership",
                format!("object ownership is {o}, so ACLs are still in force"),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "object_ownership",
                "no object ownership setting, so ACLs are in force",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::bucket;
    use cloudward_model::s3::Bucket;
    use cloudward_model::{Status, Value};

    fn judge(object_ownership: Value<Option<String>>) -> Status {
        let r = bucket(Bucket {
            object_ownership,
            ..Default::default()
        });
        testing::judge(&S3BucketAclsDisabled, &r)
    }

    #[test]
    fn enforced_passes() {
        assert_eq!(
            judge(Value::Known(Some("BucketOwnerEnforced".into()))),
            Status::Pass
        );
    }

    #[test]
    fn other_settings_fail() {
        assert_eq!(
            judge(Value::Known(Some("ObjectWriter".into()))),
            Status::Fail
        );
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
