//! Buckets have server access logging enabled.

use cloudward_model::s3::Bucket;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `GetBucketLogging`; a `LoggingEnabled` block with a target bucket passes, and the
/// evidence names the target so a reviewer can check it is a protected log bucket.
pub struct S3BucketServerAccessLogging;

const META: RuleMeta = RuleMeta {
    id: "s3-bucket-server-access-logging",
    title: "S3 buckets have server access logging enabled",
    severity: Severity::Medium,
    service: "s3",
    kinds: Bucket::KINDS,
    checks: "For each bucket, whether server access logging is enabled with a target bucket.",
    rationale: "Server access logs record every request to the bucket, including anonymous and \
                denied ones and object-level reads that CloudTrail only records when data \
                events are paid for. They are the evidence needed to scope a data exposure.",
    remediation: Remediation {
        console: "S3 console > Buckets > <bucket> > Properties > Server access logging > Edit > \
                  Enable > choose a destination bucket (not the bucket itself) > Save changes.",
        cli: "aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status \
              '{\"LoggingEnabled\":{\"TargetBucket\":\"<log-bucket>\",\"TargetPrefix\":\"<bucket>/\"}}'",
        terraform: "resource \"aws_s3_bucket_logging\" \"this\" {\n  bucket        = aws_s3_bucket.this.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = \"s3/${aws_s3_bucket.this.id}/\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["S3.9"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n",
        terraform_good: "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"example-data\"\n}\n\nresource \"aws_s3_bucket_logging\" \"data\" {\n  bucket        = aws_s3_bucket.data.id\n  target_bucket = \"example-access-logs\"\n  target_prefix = \"example-data/\"\n}\n",
        cloudformation_bad: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      LoggingConfiguration:\n        DestinationBucketName: example-access-logs\n        LogFilePrefix: example-data/\n",
    },
    file: file!(),
};

impl Check for S3BucketServerAccessLogging {
    type Subject = Bucket;
    const META: &'static RuleMeta = &META;

    fn judge(&self, bucket: &Bucket, _: &Resource, _: &Inventory) -> Outcome {
        match bucket.logging.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(None) => Outcome::Fail(Evidence::at("logging", "server access logging is off")),
            Ok(Some(target)) => Outcome::Pass(Evidence::at(
                "logging",
                format!(
                    "server access logs go to s3://{}/{}",
                    target.target_bucket, target.target_prefix
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::s3::test_helpers::bucket;
    use cloudward_model::s3::{Bucket, Logging};
    use cloudward_model::{Status, Value};

    fn judge(logging: Value<Option<Logging>>) -> Status {
        let r = bucket(Bucket {
            logging,
            ..Default::default()
        });
        testing::judge(&S3BucketServerAccessLogging, &r)
    }

    #[test]
    fn logging_on_passes() {
        let target = Logging {
            target_bucket: "logs".into(),
            target_prefix: "b/".into(),
        };
        assert_eq!(judge(Value::Known(Some(target))), Status::Pass);
    }

    #[test]
    fn logging_off_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
