//! AWS WAF web ACLs have a blocking rate-based rule.

use cloudward_model::wafv2::WebAcl;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Looks for a top-level `RateBasedStatement` rule whose action is not `Count` (a counting rate rule only measures). Rate limits inside rule groups are not seen.
pub struct Wafv2WebAclRateBasedRule;

const META: RuleMeta = RuleMeta {
    id: "wafv2-web-acl-rate-based-rule",
    title: "AWS WAF web ACLs have a blocking rate-based rule",
    severity: Severity::Medium,
    service: "wafv2",
    kinds: WebAcl::KINDS,
    checks: r#"For each web ACL, whether it has a rate-based rule that blocks, challenges or presents a CAPTCHA to clients over the limit."#,
    rationale: r#"A rate-based rule caps requests per client address (or other key) over five minutes, which blunts HTTP floods, credential stuffing, brute force against login forms and aggressive scraping that signature rules do not catch."#,
    remediation: Remediation {
        console: r#"AWS WAF console > Web ACLs > <web ACL> > Rules > Add rules > Add my own rules > Rule type: Rate-based rule, rate limit 2000, aggregate on source IP, action Block > Add rule > Save."#,
        cli: r#"aws wafv2 update-web-acl --name <name> --scope REGIONAL --id <id> --lock-token <token> --default-action Allow={} --rules file://rules-with-rate-limit.json --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<name>"#,
        terraform: r#"resource "aws_wafv2_web_acl" "this" {
  # ...
  rule {
    name     = "per-ip-rate"
    priority = 0
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "per-ip-rate"
      sampled_requests_enabled   = true
    }
  }
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html",
        "https://docs.aws.amazon.com/whitepapers/latest/aws-best-practices-ddos-resiliency/application-layer-defense.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC05-BP03"],
    },
    examples: Examples {
        terraform_bad: super::TF_MANAGED_RULES_ACL,
        terraform_good: super::TF_RATE_LIMITED_ACL,
        cloudformation_bad: super::CFN_MANAGED_RULES_ACL,
        cloudformation_good: super::CFN_RATE_LIMITED_ACL,
    },
    file: file!(),
};

impl Check for Wafv2WebAclRateBasedRule {
    type Subject = WebAcl;
    const META: &'static RuleMeta = &META;

    fn judge(&self, acl: &WebAcl, _: &Resource, _: &Inventory) -> Outcome {
        let rules = match acl.rules.get() {
            Ok(r) => r,
            Err(r) => return Outcome::unknown(r),
        };
        let rate: Vec<_> = rules
            .iter()
            .filter(|r| r.statement == "rate_based")
            .collect();
        if let Some(r) = rate.iter().find(|r| !r.count_only()) {
            return Outcome::Pass(Evidence::at(
                "rules",
                format!("rate-based rule {} limits clients", r.name),
            ));
        }
        Outcome::Fail(Evidence::at(
            "rules",
            if rate.is_empty() {
                "the web ACL has no rate-based rule".to_string()
            } else {
                format!(
                    "rate-based rule(s) {} only count requests",
                    rate.iter()
                        .map(|r| r.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::wafv2::test_helpers::{acl, managed, rate};
    use cloudward_model::{Status, Value};

    #[test]
    fn blocking_rate_rule_passes_counting_or_none_fails() {
        let judge = |rules| {
            testing::judge(
                &Wafv2WebAclRateBasedRule,
                &acl(WebAcl {
                    rules,
                    ..Default::default()
                }),
            )
        };
        assert_eq!(judge(Value::Known(vec![rate(false)])), Status::Pass);
        assert_eq!(judge(Value::Known(vec![rate(true)])), Status::Fail);
        assert_eq!(
            judge(Value::Known(vec![managed(
                "AWSManagedRulesCommonRuleSet",
                false
            )])),
            Status::Fail
        );
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
