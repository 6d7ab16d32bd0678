//! CloudTrail delivers to CloudWatch Logs.

use cloudward_model::cloudtrail::Trail;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `CloudWatchLogsLogGroupArn` from `DescribeTrails`. It does not check that delivery
/// still works (`GetTrailStatus.LatestCloudWatchLogsDeliveryTime` is not in the model).
pub struct CloudtrailCloudwatchLogsIntegrated;

const META: RuleMeta = RuleMeta {
    id: "cloudtrail-cloudwatch-logs-integrated",
    title: "CloudTrail trails deliver events to CloudWatch Logs",
    severity: Severity::Low,
    service: "cloudtrail",
    kinds: Trail::KINDS,
    checks: "For each trail, whether `CloudWatchLogsLogGroupArn` is set, i.e. events are also \
             sent to a CloudWatch Logs log group.",
    rationale: "Logs in S3 are for investigation after the fact. Delivery to CloudWatch Logs lets \
                metric filters and alarms (root use, IAM policy changes, console sign-in \
                without MFA, CloudTrail changes) raise an alert within minutes.",
    remediation: Remediation {
        console: "CloudTrail console > Trails > <trail> > CloudWatch Logs > Edit > Enabled > \
                  choose a log group and an IAM role CloudTrail can assume > Save changes.",
        cli: "aws cloudtrail update-trail --name <trail> \
              --cloud-watch-logs-log-group-arn <log-group-arn> \
              --cloud-watch-logs-role-arn <role-arn>",
        terraform: "resource \"aws_cloudwatch_log_group\" \"cloudtrail\" {\n  \
                    name              = \"cloudtrail\"\n  \
                    retention_in_days = 365\n}\n\n\
                    resource \"aws_cloudtrail\" \"main\" {\n  \
                    # ...\n  \
                    cloud_watch_logs_group_arn = \"${aws_cloudwatch_log_group.cloudtrail.arn}:*\"\n  \
                    cloud_watch_logs_role_arn  = aws_iam_role.cloudtrail_to_logs.arn\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudTrail.5"],
        well_architected: &["SEC04-BP01", "SEC04-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "example-cloudtrail-logs"
  is_multi_region_trail = true
}
"#,
        terraform_good: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-cloudtrail-logs"
  is_multi_region_trail      = true
  cloud_watch_logs_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:cloudtrail:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/cloudtrail-to-cloudwatch-logs"
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
      CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:111122223333:log-group:cloudtrail:*
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/cloudtrail-to-cloudwatch-logs
"#,
    },
    file: file!(),
};

impl Check for CloudtrailCloudwatchLogsIntegrated {
    type Subject = Trail;
    const META: &'static RuleMeta = &META;

    fn judge(&self, trail: &Trail, _: &Resource, _: &Inventory) -> Outcome {
        let name = &trail.name;
        match trail.cloud_watch_logs_log_group_arn.get() {
            Ok(Some(group)) => Outcome::Pass(Evidence::at(
                "cloud_watch_logs_log_group_arn",
                format!("trail {name} delivers to CloudWatch Logs group {group}"),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "cloud_watch_logs_log_group_arn",
                format!("trail {name} does not deliver to CloudWatch Logs"),
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

    fn judge(group: Value<Option<String>>) -> Status {
        judge_trail(&CloudtrailCloudwatchLogsIntegrated, |t| {
            t.cloud_watch_logs_log_group_arn = group
        })
    }

    #[test]
    fn log_group_passes() {
        let arn = "arn:aws:logs:us-east-1:123456789012:log-group:ct:*".to_string();
        assert_eq!(judge(Value::Known(Some(arn))), Status::Pass);
    }

    #[test]
    fn no_log_group_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
