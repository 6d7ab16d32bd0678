//! Log groups have a retention period (they do not keep data forever by default).

use cloudward_model::logs::LogGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `retentionInDays`: absent means "never expire", CloudWatch Logs' default (and
/// Terraform's `retention_in_days = 0`). `logs-log-group-retention-minimum` checks that a set
/// retention is long enough; this rule checks that one is set at all.
pub struct LogsLogGroupRetentionSet;

const META: RuleMeta = RuleMeta {
    id: "logs-log-group-retention-set",
    title: "CloudWatch log groups have a retention period",
    severity: Severity::Low,
    service: "logs",
    kinds: LogGroup::KINDS,
    checks: "For each log group, whether a retention period is set (\"Never expire\" fails).",
    rationale: "Logs kept forever by default are a decision nobody made: personal data and \
                secrets that leaked into messages accumulate without limit, against data \
                minimisation rules, and so does the bill. Choose a period per log group, at \
                least as long as investigations and regulations need.",
    remediation: Remediation {
        console: "CloudWatch console > Log groups > <group> > Actions > Edit retention setting \
                  > choose a period (365 days or more for audit logs).",
        cli: "aws logs put-retention-policy --log-group-name <group> --retention-in-days 365",
        terraform: "resource \"aws_cloudwatch_log_group\" \"this\" {\n  name              = \"<group>\"\n  retention_in_days = 365\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC04-BP01", "SEC07-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name = \"/app/web\"\n}\n",
        terraform_good: "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"/app/web\"\n  retention_in_days = 365\n}\n",
        cloudformation_bad: "Resources:\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /app/web\n",
        cloudformation_good: "Resources:\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /app/web\n      RetentionInDays: 365\n",
    },
    file: file!(),
};

impl Check for LogsLogGroupRetentionSet {
    type Subject = LogGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, group: &LogGroup, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &group.retention_in_days,
            "retention_in_days",
            |days| match days {
                Some(days) => Ok(format!("events are kept for {days} days")),
                None => Err("no retention is set: events never expire".into()),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::test_helpers::group;
    use crate::rule::testing::judge;
    use cloudward_model::{Status, Value};

    #[test]
    fn pass_fail_unknown() {
        let rule = &LogsLogGroupRetentionSet;
        let none = Value::Known(None);
        assert_eq!(
            judge(rule, &group("a", Value::Known(Some(30)), none.clone())),
            Status::Pass
        );
        assert_eq!(
            judge(rule, &group("a", Value::Known(None), none.clone())),
            Status::Fail
        );
        assert_eq!(
            judge(rule, &group("a", Value::unknown("denied"), none)),
            Status::Unknown
        );
    }
}
