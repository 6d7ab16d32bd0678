//! Log groups keep events for at least the configured number of days.

use cloudward_model::logs::LogGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `retentionInDays` against `settings.thresholds.log_retention_days` (default 365, the
/// AWS Config `cw-loggroup-retention-period-check` default that Security Hub's CloudWatch.16
/// uses). "Never expire" keeps every event and passes here, as it does there;
/// `logs-log-group-retention-set` is the rule that wants a period chosen.
pub struct LogsLogGroupRetentionMinimum;

const META: RuleMeta = RuleMeta {
    id: "logs-log-group-retention-minimum",
    title: "CloudWatch log groups keep events for at least the minimum retention",
    severity: Severity::Low,
    service: "logs",
    kinds: LogGroup::KINDS,
    checks: "For each log group with a retention period, whether it is at least \
             thresholds.log_retention_days (default 365); groups that never expire pass.",
    rationale: "Intrusions are often found months after they start: logs deleted after a week \
                or a month leave nothing to investigate, and many regulations require a year.",
    remediation: Remediation {
        console: "CloudWatch console > Log groups > <group> > Actions > Edit retention setting \
                  > 1 year (365 days) or more.",
        cli: "aws logs put-retention-policy --log-group-name <group> --retention-in-days 365",
        terraform: "resource \"aws_cloudwatch_log_group\" \"this\" {\n  name              = \"<group>\"\n  retention_in_days = 365\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"/app/web\"\n  retention_in_days = 14\n}\n",
        terraform_good: "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"/app/web\"\n  retention_in_days = 400\n}\n",
        cloudformation_bad: "Resources:\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 14\n",
        cloudformation_good: "Resources:\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 400\n",
    },
    file: file!(),
};

impl Check for LogsLogGroupRetentionMinimum {
    type Subject = LogGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, group: &LogGroup, _: &Resource, inventory: &Inventory) -> Outcome {
        let min = inventory.settings.thresholds.log_retention_days;
        judged(
            &group.retention_in_days,
            "retention_in_days",
            |days| match days {
                None => Ok("events never expire".into()),
                Some(days) if i64::from(*days) >= i64::from(min) => {
                    Ok(format!("events are kept for {days} days, at least {min}"))
                }
                Some(days) => Err(format!("events are kept for {days} days, less than {min}")),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::test_helpers::group;
    use crate::rule::testing::{judge, judge_in};
    use cloudward_model::{Status, Value};

    #[test]
    fn pass_fail_unknown() {
        let rule = &LogsLogGroupRetentionMinimum;
        let none = Value::Known(None);
        assert_eq!(
            judge(rule, &group("a", Value::Known(Some(365)), none.clone())),
            Status::Pass
        );
        assert_eq!(
            judge(rule, &group("a", Value::Known(None), none.clone())),
            Status::Pass
        );
        assert_eq!(
            judge(rule, &group("a", Value::Known(Some(90)), none.clone())),
            Status::Fail
        );
        assert_eq!(
            judge(rule, &group("a", Value::unknown("denied"), none.clone())),
            Status::Unknown
        );
        let mut lenient = Inventory::new();
        lenient.settings.thresholds.log_retention_days = 90;
        assert_eq!(
            judge_in(rule, &group("a", Value::Known(Some(90)), none), &lenient),
            Status::Pass
        );
    }
}
