//! AWS WAF web ACLs use the AWS managed baseline rule groups.

use cloudward_model::wafv2::WebAcl;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Looks for top-level `ManagedRuleGroupStatement`s of vendor `AWS` named in [`BASELINE`], not overridden to `Count`. The evidence names the missing groups.
pub struct Wafv2WebAclAwsManagedBaselineRules;

const META: RuleMeta = RuleMeta {
    id: "wafv2-web-acl-aws-managed-baseline-rules",
    title: "AWS WAF web ACLs use the AWS managed baseline rule groups",
    severity: Severity::Medium,
    service: "wafv2",
    kinds: WebAcl::KINDS,
    checks: r#"For each web ACL, whether it uses the AWS managed rule groups AWSManagedRulesCommonRuleSet (core rule set), AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesAmazonIpReputationList, each in blocking mode (override action None)."#,
    rationale: r#"These three groups are AWS's recommended baseline: the core rule set covers the OWASP Top 10 patterns, known bad inputs covers exploit payloads such as Log4Shell and path traversal, and the IP reputation list blocks addresses AWS threat intelligence has seen attacking. Without them a web ACL depends entirely on hand-written rules."#,
    remediation: Remediation {
        console: r#"AWS WAF console > Web ACLs > <web ACL> > Rules > Add rules > Add managed rule groups > AWS managed rule groups: Core rule set, Known bad inputs, Amazon IP reputation list > Add rules > Save."#,
        cli: r#"aws wafv2 update-web-acl --name <name> --scope REGIONAL --id <id> --lock-token <token> --default-action Allow={} --rules file://aws-managed-baseline.json --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=<name>"#,
        terraform: r#"resource "aws_wafv2_web_acl" "this" {
  # ...
  rule {
    name     = "AWSManagedRulesKnownBadInputsRuleSet"
    priority = 2
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }
  # ... and AWSManagedRulesCommonRuleSet, AWSManagedRulesAmazonIpReputationList
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html",
        "https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html",
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
        terraform_good: r#"resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
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
      metric_name                = "AWSManagedRulesCommonRuleSet"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "AWSManagedRulesKnownBadInputsRuleSet"
    priority = 2
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesKnownBadInputsRuleSet"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "AWSManagedRulesAmazonIpReputationList"
    priority = 3
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesAmazonIpReputationList"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "AWSManagedRulesAmazonIpReputationList"
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
        cloudformation_bad: super::CFN_MANAGED_RULES_ACL,
        cloudformation_good: r#"Resources:
  Edge:
    Type: AWS::WAFv2::WebACL
    Properties:
      Name: edge
      Scope: REGIONAL
      DefaultAction:
        Allow: {}
      Rules:
        - Name: per-ip-rate
          Priority: 0
          Action:
            Block: {}
          Statement:
            RateBasedStatement:
              Limit: 2000
              AggregateKeyType: IP
          VisibilityConfig:
            CloudWatchMetricsEnabled: true
            MetricName: per-ip-rate
            SampledRequestsEnabled: true
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
        - Name: AWSManagedRulesKnownBadInputsRuleSet
          Priority: 2
          OverrideAction:
            None: {}
          Statement:
            ManagedRuleGroupStatement:
              VendorName: AWS
              Name: AWSManagedRulesKnownBadInputsRuleSet
          VisibilityConfig:
            CloudWatchMetricsEnabled: true
            MetricName: AWSManagedRulesKnownBadInputsRuleSet
            SampledRequestsEnabled: true
        - Name: AWSManagedRulesAmazonIpReputationList
          Priority: 3
          OverrideAction:
            None: {}
          Statement:
            ManagedRuleGroupStatement:
              VendorName: AWS
              Name: AWSManagedRulesAmazonIpReputationList
          VisibilityConfig:
            CloudWatchMetricsEnabled: true
            MetricName: AWSManagedRulesAmazonIpReputationList
            SampledRequestsEnabled: true
      VisibilityConfig:
        CloudWatchMetricsEnabled: true
        MetricName: edge
        SampledRequestsEnabled: true
"#,
    },
    file: file!(),
};

impl Check for Wafv2WebAclAwsManagedBaselineRules {
    type Subject = WebAcl;
    const META: &'static RuleMeta = &META;

    fn judge(&self, acl: &WebAcl, _: &Resource, _: &Inventory) -> Outcome {
        let rules = match acl.rules.get() {
            Ok(r) => r,
            Err(r) => return Outcome::unknown(r),
        };
        let mut missing = Vec::new();
        let mut counting = Vec::new();
        for group in BASELINE {
            let found: Vec<_> = rules
                .iter()
                .filter(|r| {
                    r.statement == "managed_rule_group"
                        && r.managed_rule_group_vendor.as_deref() == Some("AWS")
                        && r.managed_rule_group_name.as_deref() == Some(*group)
                })
                .collect();
            if found.is_empty() {
                missing.push(*group);
            } else if found.iter().all(|r| r.count_only()) {
                counting.push(*group);
            }
        }
        if missing.is_empty() && counting.is_empty() {
            return Outcome::Pass(Evidence::at(
                "rules",
                format!("the web ACL blocks with {}", BASELINE.join(", ")),
            ));
        }
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing {}", missing.join(", ")));
        }
        if !counting.is_empty() {
            parts.push(format!(
                "only counting (override action Count) {}",
                counting.join(", ")
            ));
        }
        Outcome::Fail(Evidence::at("rules", parts.join("; ")))
    }
}

/// AWS's baseline managed rule groups every web ACL in front of an application should carry.
pub(crate) const BASELINE: &[&str] = &[
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::wafv2::test_helpers::{acl, managed};
    use cloudward_model::{Status, Value};

    fn judge(rules: Value<Vec<cloudward_model::wafv2::WebAclRule>>) -> Status {
        testing::judge(
            &Wafv2WebAclAwsManagedBaselineRules,
            &acl(WebAcl {
                rules,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn all_three_pass_missing_or_counting_fails() {
        let all = BASELINE
            .iter()
            .map(|g| managed(g, false))
            .collect::<Vec<_>>();
        assert_eq!(judge(Value::Known(all.clone())), Status::Pass);
        assert_eq!(judge(Value::Known(all[..2].to_vec())), Status::Fail);
        let mut counting = all;
        counting[0] = managed(BASELINE[0], true);
        assert_eq!(judge(Value::Known(counting)), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }

    #[test]
    fn the_evidence_names_the_missing_groups() {
        let r = acl(WebAcl {
            rules: Value::Known(vec![managed(BASELINE[0], false)]),
            ..Default::default()
        });
        let out = testing::outcome_in(&Wafv2WebAclAwsManagedBaselineRules, &r, &Inventory::new());
        let Outcome::Fail(e) = out else {
            panic!("expected Fail")
        };
        assert!(e.message.contains("AWSManagedRulesKnownBadInputsRuleSet"));
        assert!(e.message.contains("AWSManagedRulesAmazonIpReputationList"));
        assert!(!e.message.contains("AWSManagedRulesCommonRuleSet"));
    }
}
