//! AWS WAF (WAFv2) web ACL rules: rules present, a blocking rate-based rule, the AWS managed
//! baseline rule groups, logging, CloudWatch metrics, and association with a resource.

mod wafv2_web_acl_associated;
mod wafv2_web_acl_aws_managed_baseline_rules;
mod wafv2_web_acl_has_rules;
mod wafv2_web_acl_logging_enabled;
mod wafv2_web_acl_metrics_enabled;
mod wafv2_web_acl_rate_based_rule;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &wafv2_web_acl_has_rules::Wafv2WebAclHasRules,
    &wafv2_web_acl_rate_based_rule::Wafv2WebAclRateBasedRule,
    &wafv2_web_acl_aws_managed_baseline_rules::Wafv2WebAclAwsManagedBaselineRules,
    &wafv2_web_acl_logging_enabled::Wafv2WebAclLoggingEnabled,
    &wafv2_web_acl_metrics_enabled::Wafv2WebAclMetricsEnabled,
    &wafv2_web_acl_associated::Wafv2WebAclAssociated,
];

// Web ACLs several rules use as examples, each a Pass for some rules and a Fail for others.

/// A regional web ACL whose one rule is a per-IP rate limit (Terraform).
pub(crate) const TF_RATE_LIMITED_ACL: &str = r#"resource "aws_wafv2_web_acl" "edge" {
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
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}
"#;

/// The same web ACL in CloudFormation.
pub(crate) const CFN_RATE_LIMITED_ACL: &str = r#"Resources:
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
      VisibilityConfig:
        CloudWatchMetricsEnabled: true
        MetricName: edge
        SampledRequestsEnabled: true
"#;

/// A regional web ACL with the AWS managed baseline rule groups and no rate-based rule (Terraform).
pub(crate) const TF_MANAGED_RULES_ACL: &str = r#"resource "aws_wafv2_web_acl" "edge" {
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
      cloudwatch_metrics_enabled = true
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
"#;

/// The same web ACL in CloudFormation.
pub(crate) const CFN_MANAGED_RULES_ACL: &str = r#"Resources:
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
        CloudWatchMetricsEnabled: true
        MetricName: edge
        SampledRequestsEnabled: true
"#;

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::wafv2::{WebAcl, WebAclRule};
    use cloudward_model::{Attributes, Resource};

    /// A regional web ACL `edge` with metrics on (fields of `a` win).
    pub(crate) fn acl(a: WebAcl) -> Resource {
        cloudward_model::test_support::resource(
            "edge",
            Attributes::Wafv2WebAcl(WebAcl {
                name: "edge".into(),
                scope: "REGIONAL".into(),
                ..a
            }),
        )
    }

    /// An AWS managed rule group rule, counting only when `count`.
    pub(crate) fn managed(name: &str, count: bool) -> WebAclRule {
        WebAclRule {
            name: name.into(),
            statement: "managed_rule_group".into(),
            managed_rule_group_vendor: Some("AWS".into()),
            managed_rule_group_name: Some(name.into()),
            override_action: Some(if count { "COUNT" } else { "NONE" }.into()),
            cloudwatch_metrics_enabled: true,
            ..Default::default()
        }
    }

    /// A rate-based rule, counting only when `count`.
    pub(crate) fn rate(count: bool) -> WebAclRule {
        WebAclRule {
            name: "per-ip-rate".into(),
            statement: "rate_based".into(),
            action: Some(if count { "COUNT" } else { "BLOCK" }.into()),
            cloudwatch_metrics_enabled: true,
            ..Default::default()
        }
    }
}
