//! Server access logging on the CloudTrail bucket.

use cloudward_model::cloudtrail::Trail;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::trail_bucket;
use crate::Check;

/// Finds the trail's bucket in the inventory by name and reads `GetBucketLogging`. A bucket
/// outside the inventory (central logging account) is Unknown, not Pass.
pub struct CloudtrailBucketAccessLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "cloudtrail-bucket-access-logging-enabled",
    title: "The S3 bucket that receives CloudTrail logs has server access logging enabled",
    severity: Severity::Low,
    service: "cloudtrail",
    kinds: Trail::KINDS,
    checks: "For each trail, whether its S3 bucket has server access logging configured \
             (`GetBucketLogging` returns a target bucket).",
    rationale: "Access logs record every request made to the log bucket itself: who read the \
                trail, who tried to delete it. They are the trail of the trail, and help tell \
                whether an intruder went looking at or tampering with the evidence.",
    remediation: Remediation {
        console: "S3 console > <trail bucket> > Properties > Server access logging > Edit > \
                  Enable > choose a separate target bucket > Save changes.",
        cli: "aws s3api put-bucket-logging --bucket <trail-bucket> --bucket-logging-status \
              '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log-bucket>\",\"TargetPrefix\":\"cloudtrail/\"}}'",
        terraform: "resource \"aws_s3_bucket_logging\" \"cloudtrail\" {\n  \
                    bucket        = aws_s3_bucket.cloudtrail.id\n  \
                    target_bucket = aws_s3_bucket.access_logs.id\n  \
                    target_prefix = \"cloudtrail/\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.4"],
        cis_v6: &["4.4"],
        cis_v5: &["3.4"],
        cis_v3: &["3.4"],
        fsbp: &[],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_s3_bucket" "trail" {
  bucket = "example-cloudtrail-logs"
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}
"#,
        terraform_good: r#"resource "aws_s3_bucket" "trail" {
  bucket = "example-cloudtrail-logs"
}

resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = "example-access-logs"
  target_prefix = "cloudtrail/"
}

resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}
"#,
        cloudformation_bad: r#"Resources:
  TrailBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-cloudtrail-logs
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: !Ref TrailBucket
      IsLogging: true
      IsMultiRegionTrail: true
"#,
        cloudformation_good: r#"Resources:
  TrailBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-cloudtrail-logs
      LoggingConfiguration:
        DestinationBucketName: example-access-logs
        LogFilePrefix: cloudtrail/
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: !Ref TrailBucket
      IsLogging: true
      IsMultiRegionTrail: true
"#,
    },
    file: file!(),
};

impl Check for CloudtrailBucketAccessLoggingEnabled {
    type Subject = Trail;
    const META: &'static RuleMeta = &META;

    fn judge(&self, trail: &Trail, _: &Resource, inventory: &Inventory) -> Outcome {
        let (name, bucket) = match trail_bucket(trail, inventory) {
            Ok(found) => found,
            Err(reason) => return Outcome::unknown(reason),
        };
        match bucket.logging.get() {
            Ok(Some(target)) => Outcome::Pass(Evidence::at(
                "s3_bucket_name",
                format!(
                    "bucket {name} of trail {} logs access to s3://{}/{}",
                    trail.name, target.target_bucket, target.target_prefix
                ),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "s3_bucket_name",
                format!(
                    "bucket {name} of trail {} has server access logging disabled",
                    trail.name
                ),
            )),
            Err(reason) => Outcome::unknown(format!("logging of bucket {name}: {reason}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::test_support::{bucket, trail_to};
    use crate::rule::testing;
    use cloudward_model::{s3, Status, Value};

    fn judge(
        logging: Option<Value<Option<s3::Logging>>>,
        bucket_name: Value<Option<String>>,
    ) -> Outcome {
        let t = trail_to(bucket_name);
        let mut inventory = Inventory::new();
        if let Some(logging) = logging {
            inventory.push(bucket(s3::Bucket {
                name: "trail-logs".into(),
                logging,
                ..Default::default()
            }));
        }
        testing::outcome_in(&CloudtrailBucketAccessLoggingEnabled, &t, &inventory)
    }

    fn named() -> Value<Option<String>> {
        Value::Known(Some("trail-logs".into()))
    }

    #[test]
    fn logging_bucket_passes() {
        let logging = s3::Logging {
            target_bucket: "access-logs".into(),
            target_prefix: "ct/".into(),
        };
        let outcome = judge(Some(Value::Known(Some(logging))), named());
        assert_eq!(outcome.status(), Status::Pass, "{outcome:?}");
    }

    #[test]
    fn no_logging_fails() {
        let Outcome::Fail(e) = judge(Some(Value::Known(None)), named()) else {
            panic!("expected a failure");
        };
        assert!(e.message.contains("trail-logs"), "{}", e.message);
    }

    #[test]
    fn unknown_logging_missing_bucket_or_name_is_unknown() {
        assert_eq!(
            judge(Some(Value::unknown("denied")), named()).status(),
            Status::Unknown
        );
        assert_eq!(judge(None, named()).status(), Status::Unknown);
        assert_eq!(
            judge(Some(Value::Known(None)), Value::unknown("unresolved")).status(),
            Status::Unknown
        );
    }
}
