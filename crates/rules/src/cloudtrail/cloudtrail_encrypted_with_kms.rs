//! CloudTrail logs encrypted with a KMS key.

use cloudward_model::cloudtrail::Trail;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `KmsKeyId` from `DescribeTrails`: present means SSE-KMS with that key; absent means the
/// logs rely only on the bucket's default encryption (SSE-S3).
pub struct CloudtrailEncryptedWithKms;

const META: RuleMeta = RuleMeta {
    id: "cloudtrail-encrypted-with-kms",
    title: "CloudTrail trails encrypt log files with a KMS key",
    severity: Severity::Medium,
    service: "cloudtrail",
    kinds: Trail::KINDS,
    checks: "For each trail, whether `KmsKeyId` is set, i.e. log files are encrypted with \
             SSE-KMS using a customer managed key.",
    rationale: "With SSE-KMS, reading the logs needs `kms:Decrypt` on the key in addition to \
                `s3:GetObject` on the bucket, so a bucket policy mistake alone does not expose \
                the account's activity history, and every decryption is itself logged.",
    remediation: Remediation {
        console: "CloudTrail console > Trails > <trail> > General details > Edit > Log file \
                  SSE-KMS encryption: Enabled > choose or create a key whose policy lets \
                  cloudtrail.amazonaws.com encrypt > Save changes.",
        cli: "aws cloudtrail update-trail --name <trail> --kms-key-id <kms-key-arn>",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  \
                    # ...\n  \
                    kms_key_id = aws_kms_key.cloudtrail.arn\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.5"],
        cis_v6: &["4.5"],
        cis_v5: &["3.5"],
        cis_v3: &["3.5"],
        fsbp: &["CloudTrail.2"],
        well_architected: &["SEC08-BP02", "SEC08-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-cloudtrail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
"#,
        terraform_good: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-cloudtrail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
"#,
        cloudformation_bad: r#"Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: example-cloudtrail-logs
      IsLogging: true
      IsMultiRegionTrail: true
"#,
        cloudformation_good: r#"Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: example-cloudtrail-logs
      IsLogging: true
      IsMultiRegionTrail: true
      KMSKeyId: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
"#,
    },
    file: file!(),
};

impl Check for CloudtrailEncryptedWithKms {
    type Subject = Trail;
    const META: &'static RuleMeta = &META;

    fn judge(&self, trail: &Trail, _: &Resource, _: &Inventory) -> Outcome {
        let name = &trail.name;
        match trail.kms_key_id.get() {
            Ok(Some(key)) => Outcome::Pass(Evidence::at(
                "kms_key_id",
                format!("trail {name} encrypts log files with KMS key {key}"),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "kms_key_id",
                format!("trail {name} has no KMS key; log files get only the bucket's default encryption"),
            )),
            Err(reason) => Outcome::unknown(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::test_support::judge_trail;
    use cloudward_model::{Status, Value};

    fn judge(key: Value<Option<String>>) -> Status {
        judge_trail(&CloudtrailEncryptedWithKms, |t| t.kms_key_id = key)
    }

    #[test]
    fn kms_key_passes() {
        let key = "arn:aws:kms:us-east-1:123456789012:key/abcd".to_string();
        assert_eq!(judge(Value::Known(Some(key))), Status::Pass);
    }

    #[test]
    fn no_key_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("unresolved")), Status::Unknown);
    }
}
