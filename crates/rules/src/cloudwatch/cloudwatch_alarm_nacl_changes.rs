//! Network ACL changes are alarmed (CIS 4.11).

use cloudward_model::account::Account;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::{events, judge, Monitor};
use crate::Check;

/// The CIS 4.11 filter pattern; see the module documentation for how patterns are compared.
pub struct CloudwatchAlarmNaclChanges;

const MONITOR: Monitor = Monitor {
    what: "network ACL changes",
    pattern: events![
        "CreateNetworkAcl",
        "CreateNetworkAclEntry",
        "DeleteNetworkAcl",
        "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry",
        "ReplaceNetworkAclAssociation"
    ],
};

const META: RuleMeta = RuleMeta {
    id: "cloudwatch-alarm-nacl-changes",
    title: "Network ACL changes are alarmed",
    severity: Severity::Low,
    service: "cloudwatch",
    kinds: Account::KINDS,
    checks: "For the account: whether a multi-region, logging trail recording all management \
             events delivers to a CloudWatch Logs log group with metric filters for network ACL changes \
             that together match every event the CIS 4.11 pattern matches (compared by meaning, \
             not as text), each with an alarm on its metric with an enabled action notifying \
             an SNS topic with at least one confirmed subscriber.",
    rationale: "Network ACLs are the subnet-wide backstop behind security groups; a changed entry can silently open every instance in a subnet. CloudTrail records the event either way; without a filter and an \
                alarm nobody learns of it until someone searches the logs.",
    remediation: Remediation {
        console: "CloudWatch console > Log groups > <the trail's log group> > Metric filters > \
                  Create metric filter with the CIS 4.11 pattern > Create alarm on its metric \
                  (Sum >= 1 over 5 minutes) notifying an SNS topic with a subscribed address.",
        cli: "aws logs put-metric-filter --log-group-name <cloudtrail-log-group> --filter-name cis-4.11 --metric-transformations metricName=cis-4.11,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }'\n\
              aws cloudwatch put-metric-alarm --alarm-name cis-4.11 --metric-name cis-4.11 --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions <sns-topic-arn>",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"cis\" {\n  name           = \"cis-4.11\"\n  log_group_name = \"<cloudtrail-log-group>\"\n  pattern        = \"{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }\"\n  metric_transformation {\n    name      = \"cis-4.11\"\n    namespace = \"CISBenchmark\"\n    value     = \"1\"\n  }\n}\n\nresource \"aws_cloudwatch_metric_alarm\" \"cis\" {\n  alarm_name          = \"cis-4.11\"\n  metric_name         = \"cis-4.11\"\n  namespace           = \"CISBenchmark\"\n  statistic           = \"Sum\"\n  period              = 300\n  evaluation_periods  = 1\n  threshold           = 1\n  comparison_operator = \"GreaterThanOrEqualToThreshold\"\n  alarm_actions       = [\"<sns-topic-arn>\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["5.11"],
        cis_v6: &["5.11"],
        cis_v5: &["4.11"],
        cis_v3: &["4.11"],
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

impl Check for CloudwatchAlarmNaclChanges {
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
        let cis = "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }";
        assert!(MONITOR.matches(cis));
        let good = account(cis, true, Value::Known(1));
        assert_eq!(
            testing::judge_in(&CloudwatchAlarmNaclChanges, the_account(&good), &good),
            Status::Pass
        );
        let other = account("{ $.eventName = \"Nothing\" }", true, Value::Known(1));
        assert_eq!(
            testing::judge_in(&CloudwatchAlarmNaclChanges, the_account(&other), &other),
            Status::Fail
        );
        let unsure = account(cis, true, Value::unknown("denied"));
        assert_eq!(
            testing::judge_in(&CloudwatchAlarmNaclChanges, the_account(&unsure), &unsure),
            Status::Unknown
        );
    }
}
