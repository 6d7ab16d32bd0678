//! AWS WAF web ACLs and their rules send CloudWatch metrics.

use cloudward_model::wafv2::WebAcl;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `VisibilityConfig.CloudWatchMetricsEnabled` of the web ACL and of each rule; the evidence names the rules without metrics.
pub struct Wafv2WebAclMetricsEnabled;

const META: RuleMeta = RuleMeta {
    id: "wafv2-web-acl-metrics-enabled",
    title: "AWS WAF web ACLs and their rules send CloudWatch metrics",
    severity: Severity::Low,
    service: "wafv2",
    kinds: WebAcl::KINDS,
    checks: r#"For each web ACL, whether CloudWatch metrics are enabled on the web ACL itself and on every one of its rules."#,
    rationale: r#"Per-rule metrics are how an attack or a misfiring rule becomes visible: alarms on BlockedRequests or on a rate rule's matches need them, and a rule without metrics blocks (or lets through) traffic silently (Security Hub WAF.12)."#,
    remediation: Remediation {
        console: r#"AWS WAF console > Web ACLs > <web ACL> > Rules > <rule> > Edit > Visibility configuration: enable CloudWatch metrics; and Logging and metrics for the web ACL > Save."#,
        cli: r#"aws wafv2 update-web-acl --name <name> --scope REGIONAL --id <id> --lock-token <token> --default-action Allow={} --rules file://rules-with-metrics.json --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<name>"#,
        terraform: r#"resource "aws_wafv2_web_acl" "this" {
  # ...
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/monitoring-cloudwatch.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html#waf-12",
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
        terraform_bad: r#"resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "AWSManagedRulesCommonRuleSet"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = false
      metric_name                = "AWSManagedRulesCommonRuleSet"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}
"#,
        terraform_good: super::TF_MANAGED_RULES_ACL,
        cloudformation_bad: r#"Resources:
  Edge:
    Type: AWS::WAFv2::WebACL
    Properties:
      Name: edge
      Scope: REGIONAL
      DefaultAction:
        Allow: {}
      Rules:
        - Name: AWSManagedRulesCommonRuleSet
          Priority: 1
          OverrideAction:
            None: {}
          Statement:
            ManagedRuleGroupStatement:
              VendorName: AWS
              Name: AWSManagedRulesCommonRuleSet
          VisibilityConfig:
            CloudWatchMetricsEnabled: true
            MetricName: AWSManagedRulesCommonRuleSet
            SampledRequestsEnabled: true
      VisibilityConfig:
        CloudWatchMetricsEnabled: false
        MetricName: edge
        SampledRequestsEnabled: true
"#,
        cloudformation_good: super::CFN_MANAGED_RULES_ACL,
    },
    file: file!(),
};

impl Check for Wafv2WebAclMetricsEnabled {
    type Subject = WebAcl;
    const META: &'static RuleMeta = &META;

    fn judge(&self, acl: &WebAcl, _: &Resource, _: &Inventory) -> Outcome {
        let own = match acl.cloudwatch_metrics_enabled.get() {
            Ok(v) => *v,
            Err(r) => return Outcome::unknown(r),
        };
        let rules = match acl.rules.get() {
            Ok(r) => r,
            Err(r) => return Outcome::unknown(r),
        };
        let silent: Vec<&str> = rules
            .iter()
            .filter(|r| !r.cloudwatch_metrics_enabled)
            .map(|r| r.name.as_str())
            .collect();
        match (own, silent.is_empty()) {
            (true, true) => Outcome::Pass(Evidence::at(
                "cloudwatch_metrics_enabled",
                "the web ACL and all its rules send CloudWatch metrics",
            )),
            (false, _) => Outcome::Fail(Evidence::at(
                "cloudwatch_metrics_enabled",
                "the web ACL itself does not send CloudWatch metrics",
            )),
            (true, false) => Outcome::Fail(Evidence::at(
                "rules",
                format!("rule(s) without CloudWatch metrics: {}", silent.join(", ")),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::wafv2::test_helpers::{acl, managed, rate};
    use cloudward_model::{Status, Value};

    fn judge(own: Value<bool>, rule_metrics: bool) -> Status {
        let mut r = managed("AWSManagedRulesCommonRuleSet", false);
        r.cloudwatch_metrics_enabled = rule_metrics;
        testing::judge(
            &Wafv2WebAclMetricsEnabled,
            &acl(WebAcl {
                cloudwatch_metrics_enabled: own,
                rules: Value::Known(vec![r, rate(false)]),
                ..Default::default()
            }),
        )
    }

    #[test]
    fn metrics_everywhere_pass_missing_anywhere_fails() {
        assert_eq!(judge(Value::Known(true), true), Status::Pass);
        assert_eq!(judge(Value::Known(true), false), Status::Fail);
        assert_eq!(judge(Value::Known(false), true), Status::Fail);
        assert_eq!(judge(Value::unknown("denied"), true), Status::Unknown);
    }
}
