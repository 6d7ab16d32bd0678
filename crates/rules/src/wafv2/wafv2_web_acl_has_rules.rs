//! AWS WAF web ACLs have at least one rule or rule group.

use cloudward_model::wafv2::WebAcl;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `Rules` of `GetWebACL`. Firewall Manager rule groups are not counted.
pub struct Wafv2WebAclHasRules;

const META: RuleMeta = RuleMeta {
    id: "wafv2-web-acl-has-rules",
    title: "AWS WAF web ACLs have at least one rule or rule group",
    severity: Severity::Medium,
    service: "wafv2",
    kinds: WebAcl::KINDS,
    checks: r#"For each web ACL, regional or CloudFront, whether it contains at least one rule or rule group."#,
    rationale: r#"A web ACL without rules applies its default action to every request: with Allow it inspects nothing while giving the impression that the application is protected."#,
    remediation: Remediation {
        console: r#"AWS WAF console > Web ACLs > <web ACL> > Rules > Add rules > Add managed rule groups (Core rule set, Known bad inputs, IP reputation) and a rate-based rule > Save."#,
        cli: r#"aws wafv2 update-web-acl --name <name> --scope REGIONAL --id <id> --lock-token <token> --default-action Allow={} --rules file://rules.json --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<name>"#,
        terraform: r#"resource "aws_wafv2_web_acl" "this" {
  # ...
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
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-processing.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html#waf-10",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["WAF.10"],
        well_architected: &["SEC05-BP03"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "REGIONAL"
  default_action {
    allow {}
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
      VisibilityConfig:
        CloudWatchMetricsEnabled: true
        MetricName: edge
        SampledRequestsEnabled: true
"#,
        cloudformation_good: super::CFN_MANAGED_RULES_ACL,
    },
    file: file!(),
};

impl Check for Wafv2WebAclHasRules {
    type Subject = WebAcl;
    const META: &'static RuleMeta = &META;

    fn judge(&self, acl: &WebAcl, _: &Resource, _: &Inventory) -> Outcome {
        match acl.rules.get() {
            Err(r) => Outcome::unknown(r),
            Ok(rules) if rules.is_empty() => Outcome::Fail(Evidence::at(
                "rules",
                "the web ACL has no rule: every request gets the default action",
            )),
            Ok(rules) => Outcome::Pass(Evidence::at(
                "rules",
                format!("the web ACL has {} rule(s)", rules.len()),
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

    #[test]
    fn rules_pass_none_fails() {
        let judge = |rules| {
            testing::judge(
                &Wafv2WebAclHasRules,
                &acl(WebAcl {
                    rules,
                    ..Default::default()
                }),
            )
        };
        assert_eq!(judge(Value::Known(vec![rate(false)])), Status::Pass);
        assert_eq!(
            judge(Value::Known(vec![managed(
                "AWSManagedRulesCommonRuleSet",
                false
            )])),
            Status::Pass
        );
        assert_eq!(judge(Value::Known(vec![])), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
