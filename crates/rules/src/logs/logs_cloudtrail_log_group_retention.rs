//! The log group CloudTrail delivers to keeps events for at least the configured retention.

use cloudward_model::logs::LogGroup;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Subject, Value,
};

use crate::Check;

/// Finds the trails of the inventory whose `CloudWatchLogsLogGroupArn` names the group
/// ([`LogGroup::is_named_by`], which ignores the trailing `:*`), then reads the group's
/// `retentionInDays` against `settings.thresholds.log_retention_days` (default 365): never
/// expire passes. Groups no trail delivers to are not applicable (Unknown when a trail's log
/// group could not be read).
pub struct LogsCloudtrailLogGroupRetention;

const META: RuleMeta = RuleMeta {
    id: "logs-cloudtrail-log-group-retention",
    title: "CloudTrail's CloudWatch log group keeps events for at least the minimum retention",
    severity: Severity::Medium,
    service: "logs",
    kinds: LogGroup::KINDS,
    checks: "For each log group that a CloudTrail trail delivers to, whether its retention is \
             at least thresholds.log_retention_days (default 365) or never expires.",
    rationale: "The CloudTrail log group is what the CIS monitoring alarms and most \
                investigations query. A short retention there silently removes the account's \
                audit history after days or weeks, even when the trail's S3 copy survives.",
    remediation: Remediation {
        console: "CloudWatch console > Log groups > <CloudTrail group> > Actions > Edit retention \
                  setting > 1 year (365 days) or more.",
        cli: "aws logs put-retention-policy --log-group-name <cloudtrail-group> --retention-in-days 365",
        terraform: "resource \"aws_cloudwatch_log_group\" \"cloudtrail\" {\n  name              = \"cloudtrail\"\n  retention_in_days = 365\n  kms_key_id        = aws_kms_key.logs.arn\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC04-BP01", "SEC04-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudwatch_log_group\" \"trail\" {\n  name              = \"cloudtrail\"\n  retention_in_days = 30\n}\n\nresource \"aws_cloudtrail\" \"main\" {\n  name                       = \"main\"\n  s3_bucket_name             = \"example-trail-bucket\"\n  cloud_watch_logs_group_arn = \"${aws_cloudwatch_log_group.trail.arn}:*\"\n  cloud_watch_logs_role_arn  = \"arn:aws:iam::111122223333:role/trail-to-logs\"\n}\n",
        terraform_good: "resource \"aws_cloudwatch_log_group\" \"trail\" {\n  name              = \"cloudtrail\"\n  retention_in_days = 365\n}\n\nresource \"aws_cloudtrail\" \"main\" {\n  name                       = \"main\"\n  s3_bucket_name             = \"example-trail-bucket\"\n  cloud_watch_logs_group_arn = \"${aws_cloudwatch_log_group.trail.arn}:*\"\n  cloud_watch_logs_role_arn  = \"arn:aws:iam::111122223333:role/trail-to-logs\"\n}\n",
        cloudformation_bad: "Resources:\n  TrailLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 30\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: example-trail-bucket\n      CloudWatchLogsLogGroupArn: !GetAtt TrailLogs.Arn\n      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/trail-to-logs\n",
        cloudformation_good: "Resources:\n  TrailLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 365\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: example-trail-bucket\n      CloudWatchLogsLogGroupArn: !GetAtt TrailLogs.Arn\n      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/trail-to-logs\n",
    },
    file: file!(),
};

impl Check for LogsCloudtrailLogGroupRetention {
    type Subject = LogGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, group: &LogGroup, _: &Resource, inventory: &Inventory) -> Outcome {
        let mut trails = Vec::new();
        let mut doubt = None;
        for r in inventory.of_kind(ResourceKind::CloudTrailTrail) {
            let Some(trail) = r.as_cloudtrail_trail() else {
                continue;
            };
            match &trail.cloud_watch_logs_log_group_arn {
                Value::Known(Some(arn)) if group.is_named_by(arn) => trails.push(r.name.clone()),
                Value::Known(_) => {}
                Value::Unknown(why) => {
                    doubt.get_or_insert(format!("trail {}'s log group is unknown: {why}", r.name));
                }
            }
        }
        if trails.is_empty() {
            return match doubt {
                Some(why) => Outcome::unknown(why),
                None => Outcome::not_applicable("no CloudTrail trail delivers to this log group"),
            };
        }
        trails.sort();
        let who = format!("CloudTrail trail {}", trails.join(", "));
        let min = inventory.settings.thresholds.log_retention_days;
        match group.retention_in_days.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(None) => Outcome::Pass(Evidence::at(
                "retention_in_days",
                format!("{who} delivers here, and events never expire"),
            )),
            Ok(Some(days)) if i64::from(*days) >= i64::from(min) => Outcome::Pass(Evidence::at(
                "retention_in_days",
                format!("{who} delivers here, and events are kept for {days} days, at least {min}"),
            )),
            Ok(Some(days)) => Outcome::Fail(Evidence::at(
                "retention_in_days",
                format!("{who} delivers here, but events are kept for only {days} days, less than {min}"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::test_helpers::group;
    use crate::rule::testing::{judge, judge_in};
    use cloudward_model::cloudtrail::Trail;
    use cloudward_model::{test_support, Attributes, Status};

    fn with_trail(arn: Value<Option<String>>) -> Inventory {
        let mut inventory = Inventory::new();
        inventory.push(test_support::resource(
            "main",
            Attributes::CloudTrailTrail(Trail {
                name: "main".into(),
                cloud_watch_logs_log_group_arn: arn,
                ..Default::default()
            }),
        ));
        inventory
    }

    #[test]
    fn trail_group_is_judged_and_others_are_not_applicable() {
        let rule = &LogsCloudtrailLogGroupRetention;
        let trail = with_trail(Value::Known(Some(
            "arn:aws:logs:us-east-1:123456789012:log-group:trail:*".into(),
        )));
        let none = Value::Known(None);
        assert_eq!(
            judge_in(
                rule,
                &group("trail", Value::Known(Some(30)), none.clone()),
                &trail
            ),
            Status::Fail
        );
        assert_eq!(
            judge_in(
                rule,
                &group("trail", Value::Known(Some(400)), none.clone()),
                &trail
            ),
            Status::Pass
        );
        assert_eq!(
            judge_in(
                rule,
                &group("other", Value::Known(Some(30)), none.clone()),
                &trail
            ),
            Status::NotApplicable
        );
        assert_eq!(
            judge(rule, &group("trail", Value::Known(Some(30)), none.clone())),
            Status::NotApplicable
        );
        assert_eq!(
            judge_in(
                rule,
                &group("trail", Value::unknown("denied"), none.clone()),
                &trail
            ),
            Status::Unknown
        );
        let unknown_trail = with_trail(Value::unknown("denied"));
        assert_eq!(
            judge_in(
                rule,
                &group("trail", Value::Known(Some(30)), none),
                &unknown_trail
            ),
            Status::Unknown
        );
    }
}
