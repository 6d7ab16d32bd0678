//! IAM policy changes are alarmed (CIS 4.4).

use cloudward_model::account::Account;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::{events, judge, Monitor};
use crate::Check;

/// The CIS 4.4 filter pattern; see the module documentation for how patterns are compared.
pub struct CloudwatchAlarmIamPolicyChanges;

const MONITOR: Monitor = Monitor {
    what: "IAM policy changes",
    pattern: events![
        "DeleteGroupPolicy",
        "DeleteRolePolicy",
        "DeleteUserPolicy",
        "PutGroupPolicy",
        "PutRolePolicy",
        "PutUserPolicy",
        "CreatePolicy",
        "DeletePolicy",
        "CreatePolicyVersion",
        "DeletePolicyVersion",
        "AttachRolePolicy",
        "DetachRolePolicy",
        "AttachUserPolicy",
        "DetachUserPolicy",
        "AttachGroupPolicy",
        "DetachGroupPolicy"
    ],
};

const META: RuleMeta = RuleMeta {
    id: "cloudwatch-alarm-iam-policy-changes",
    title: "IAM policy changes are alarmed",
    severity: Severity::Medium,
    service: "cloudwatch",
    kinds: Account::KINDS,
    checks: "For the account: whether a multi-region, logging trail recording all management \
             events delivers to a CloudWatch Logs log group with metric filters for IAM policy changes \
             that together match every event the CIS 4.4 pattern matches (compared by meaning, \
             not as text), each with an alarm on its metric with an enabled action notifying \
             an SNS topic with at least one confirmed subscriber.",
    rationale: "Privilege escalation and persistence go through IAM policy changes; alarming on them shows who granted what, as it happens. CloudTrail records the event either way; without a filter and an \
                alarm nobody learns of it until someone searches the logs.",
    remediation: Remediation {
        console: "CloudWatch console > Log groups > <the trail's log group> > Metric filters > \
                  Create metric filter with the CIS 4.4 pattern > Create alarm on its metric \
                  (Sum >= 1 over 5 minutes) notifying an SNS topic with a subscribed address.",
        cli: "aws logs put-metric-filter --log-group-name <cloudtrail-log-group> --filter-name cis-4.4 --metric-transformations metricName=cis-4.4,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}'\n\
              aws cloudwatch put-metric-alarm --alarm-name cis-4.4 --metric-name cis-4.4 --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions <sns-topic-arn>",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"cis\" {\n  name           = \"cis-4.4\"\n  log_group_name = \"<cloudtrail-log-group>\"\n  pattern        = \"{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}\"\n  metric_transformation {\n    name      = \"cis-4.4\"\n    namespace = \"CISBenchmark\"\n    value     = \"1\"\n  }\n}\n\nresource \"aws_cloudwatch_metric_alarm\" \"cis\" {\n  alarm_name          = \"cis-4.4\"\n  metric_name         = \"cis-4.4\"\n  namespace           = \"CISBenchmark\"\n  statistic           = \"Sum\"\n  period              = 300\n  evaluation_periods  = 1\n  threshold           = 1\n  comparison_operator = \"GreaterThanOrEqualToThreshold\"\n  alarm_actions       = [\"<sns-topic-arn>\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["5.4"],
        cis_v6: &["5.4"],
        cis_v5: &["4.4"],
        cis_v3: &["4.4"],
        fsbp: &[],
        well_architected: &["SEC04-BP01", "SEC04-BP03"],
    },
    // Account-level: the trail, filter, alarm and subscriber are judged together, live.
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for CloudwatchAlarmIamPolicyChanges {
    type Subject = Account;
    const META: &'static RuleMeta = &META;

    fn judge(&self, _: &Account, _: &Resource, inventory: &Inventory) -> Outcome {
        judge(&MONITOR, inventory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudwatch::test_helpers::{account, the_account};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    /// The benchmark's own pattern passes; an unrelated one fails; unknown subscribers are Unknown.
    #[test]
    fn the_cis_pattern_passes_and_others_fail() {
        let cis = "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}";
        assert!(MONITOR.matches(cis));
        let good = account(cis, true, Value::Known(1));
        assert_eq!(
            testing::judge_in(&CloudwatchAlarmIamPolicyChanges, the_account(&good), &good),
            Status::Pass
        );
        let other = account("{ $.eventName = \"Nothing\" }", true, Value::Known(1));
        assert_eq!(
            testing::judge_in(
                &CloudwatchAlarmIamPolicyChanges,
                the_account(&other),
                &other
            ),
            Status::Fail
        );
        let unsure = account(cis, true, Value::unknown("denied"));
        assert_eq!(
            testing::judge_in(
                &CloudwatchAlarmIamPolicyChanges,
                the_account(&unsure),
                &unsure
            ),
            Status::Unknown
        );
    }
}
