//! AWS WAF web ACLs have logging enabled.

use cloudward_model::wafv2::WebAcl;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `GetLoggingConfiguration` (`WAFNonexistentItemException`: no logging); in code an `aws_wafv2_web_acl_logging_configuration` / `AWS::WAFv2::LoggingConfiguration` naming the web ACL.
pub struct Wafv2WebAclLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "wafv2-web-acl-logging-enabled",
    title: "AWS WAF web ACLs have logging enabled",
    severity: Severity::Medium,
    service: "wafv2",
    kinds: WebAcl::KINDS,
    checks: r#"For each web ACL, whether a logging configuration sends its traffic logs to CloudWatch Logs, S3 or Firehose."#,
    rationale: r#"WAF logs record each inspected request, the rule that matched and the action taken; without them blocked attacks, false positives and the requests that got through cannot be investigated, and the rules cannot be tuned (Security Hub WAF.11)."#,
    remediation: Remediation {
        console: r#"AWS WAF console > Web ACLs > <web ACL> > Logging and metrics > Enable > choose a CloudWatch log group (aws-waf-logs-*), S3 bucket or Firehose stream; redact authorization and cookie headers > Save."#,
        cli: r#"aws wafv2 put-logging-configuration --logging-configuration ResourceArn=<web-acl-arn>,LogDestinationConfigs=arn:aws:logs:<region>:<account>:log-group:aws-waf-logs-<name>"#,
        terraform: r#"resource "aws_wafv2_web_acl_logging_configuration" "this" {
  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/logging.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html#waf-11",
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
        terraform_bad: super::TF_RATE_LIMITED_ACL,
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
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_logging_configuration" "edge" {
  resource_arn            = aws_wafv2_web_acl.edge.arn
  log_destination_configs = ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-edge"]
}
"#,
        cloudformation_bad: super::CFN_RATE_LIMITED_ACL,
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
      VisibilityConfig:
        CloudWatchMetricsEnabled: true
        MetricName: edge
        SampledRequestsEnabled: true
  EdgeLogging:
    Type: AWS::WAFv2::LoggingConfiguration
    Properties:
      ResourceArn: !GetAtt Edge.Arn
      LogDestinationConfigs:
        - arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-edge
"#,
    },
    file: file!(),
};

impl Check for Wafv2WebAclLoggingEnabled {
    type Subject = WebAcl;
    const META: &'static RuleMeta = &META;

    fn judge(&self, acl: &WebAcl, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &acl.logging_enabled,
            "logging_enabled",
            "traffic logging is configured",
            "the web ACL has no logging configuration",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::wafv2::test_helpers::{acl, managed, rate};
    use cloudward_model::{Status, Value};

    #[test]
    fn configured_passes_none_fails() {
        let judge = |v| {
            testing::judge(
                &Wafv2WebAclLoggingEnabled,
                &acl(WebAcl {
                    logging_enabled: v,
                    ..Default::default()
                }),
            )
        };
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
        let _ = (managed("x", false), rate(false));
    }
}
