//! Route 53 public hosted zones log DNS queries.

use crate::rule::judged;
use cloudward_model::route53::HostedZone;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ListQueryLoggingConfigs` for the zone. Private zones are not applicable: their queries are logged by Resolver query logging, per VPC.
pub struct Route53HostedZoneQueryLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "route53-hosted-zone-query-logging-enabled",
    title: "Route 53 public hosted zones log DNS queries",
    severity: Severity::Medium,
    service: "route53",
    kinds: HostedZone::KINDS,
    checks: "For each public hosted zone, whether a query logging configuration sends its DNS queries to CloudWatch Logs.",
    rationale: "Query logs show which names are looked up, from which resolvers, and when: evidence of reconnaissance, of data exfiltration over DNS and of traffic to names after a takeover.",
    remediation: Remediation {
        console: "Route 53 console > Hosted zones > <zone> > Configure query logging > choose or create a log group in us-east-1 (/aws/route53/<zone>) > Create.",
        cli: "aws route53 create-query-logging-config --hosted-zone-id <zone-id> --cloud-watch-logs-log-group-arn arn:aws:logs:us-east-1:<account>:log-group:/aws/route53/<zone>",
        terraform: "resource \"aws_route53_query_log\" \"this\" {\n  zone_id                  = aws_route53_zone.this.zone_id\n  cloudwatch_log_group_arn = aws_cloudwatch_log_group.dns.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/route53-controls.html#route53-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Route53.2"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_route53_zone\" \"public\" {\n  name = \"example.com\"\n}\n",
        terraform_good: "resource \"aws_route53_zone\" \"public\" {\n  name = \"example.com\"\n}\n\nresource \"aws_route53_query_log\" \"public\" {\n  zone_id                  = aws_route53_zone.public.zone_id\n  cloudwatch_log_group_arn = \"arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/example.com\"\n}\n",
        cloudformation_bad: "Resources:\n  Public:\n    Type: AWS::Route53::HostedZone\n    Properties:\n      Name: example.com\n",
        cloudformation_good: "Resources:\n  Public:\n    Type: AWS::Route53::HostedZone\n    Properties:\n      Name: example.com\n      QueryLoggingConfig:\n        CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/example.com\n",
    },
    file: file!(),
};

impl Check for Route53HostedZoneQueryLoggingEnabled {
    type Subject = HostedZone;
    const META: &'static RuleMeta = &META;

    fn judge(&self, z: &HostedZone, _: &Resource, _: &Inventory) -> Outcome {
        if z.private_zone {
            return Outcome::not_applicable("private zones are logged by Resolver query logging");
        }
        judged(
            &z.query_logging_log_groups,
            "query_logging_log_groups",
            |groups| match groups.first() {
                Some(g) => Ok(format!("DNS queries are logged to {g}")),
                None => Err("DNS query logging is not configured".into()),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::route53::test_helpers::zone;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(private: bool, groups: Value<Vec<String>>) -> Status {
        testing::judge(
            &Route53HostedZoneQueryLoggingEnabled,
            &zone(HostedZone {
                private_zone: private,
                query_logging_log_groups: groups,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn a_log_group_passes() {
        assert_eq!(
            judge(
                false,
                Value::Known(vec![
                    "arn:aws:logs:us-east-1:123456789012:log-group:q".into()
                ])
            ),
            Status::Pass
        );
    }

    #[test]
    fn no_logging_fails_and_private_zones_are_not_applicable() {
        assert_eq!(judge(false, Value::Known(vec![])), Status::Fail);
        assert_eq!(judge(true, Value::Known(vec![])), Status::NotApplicable);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(false, Value::unknown("AccessDenied")),
            Status::Unknown
        );
    }
}
