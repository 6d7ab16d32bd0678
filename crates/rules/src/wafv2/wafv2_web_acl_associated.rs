//! AWS WAF web ACLs protect at least one resource.

use cloudward_model::wafv2::WebAcl;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `ListResourcesForWebACL` for every regional resource type; in code `aws_wafv2_web_acl_association` / `AWS::WAFv2::WebACLAssociation`. CloudFront web ACLs are named by their distributions (CloudFront `WebACLId`), which this service does not read: Unknown.
pub struct Wafv2WebAclAssociated;

const META: RuleMeta = RuleMeta {
    id: "wafv2-web-acl-associated",
    title: "AWS WAF web ACLs protect at least one resource",
    severity: Severity::Low,
    service: "wafv2",
    kinds: WebAcl::KINDS,
    checks: r#"For each regional web ACL, whether it is associated with at least one resource (Application Load Balancer, API Gateway stage, AppSync API, Cognito user pool, App Runner service, Verified Access instance, Amplify app)."#,
    rationale: r#"An unassociated web ACL protects nothing. It is usually the sign of a migration that never finished or an association removed by a redeploy, and the application it was built for is then exposed while the team believes it is filtered."#,
    remediation: Remediation {
        console: r#"AWS WAF console > Web ACLs > <web ACL> > Associated AWS resources > Add AWS resources > select the load balancer or API > Add."#,
        cli: r#"aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn <resource-arn>"#,
        terraform: r#"resource "aws_wafv2_web_acl_association" "this" {
  resource_arn = aws_lb.this.arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html",
        "https://docs.aws.amazon.com/waf/latest/APIReference/API_ListResourcesForWebACL.html",
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

resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0a1b2c3d4e5f6a7b"
  web_acl_arn  = aws_wafv2_web_acl.edge.arn
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
  EdgeAssociation:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0a1b2c3d4e5f6a7b
      WebACLArn: !GetAtt Edge.Arn
"#,
    },
    file: file!(),
};

impl Check for Wafv2WebAclAssociated {
    type Subject = WebAcl;
    const META: &'static RuleMeta = &META;

    fn judge(&self, acl: &WebAcl, _: &Resource, _: &Inventory) -> Outcome {
        match acl.associated_resources.get() {
            Err(r) => Outcome::unknown(r),
            Ok(arns) if arns.is_empty() => Outcome::Fail(Evidence::at(
                "associated_resources",
                "the web ACL is not associated with any resource",
            )),
            Ok(arns) => Outcome::Pass(Evidence::at(
                "associated_resources",
                format!("protects {}", arns.join(", ")),
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
    fn associated_passes_alone_fails() {
        let judge = |v| {
            testing::judge(
                &Wafv2WebAclAssociated,
                &acl(WebAcl {
                    associated_resources: v,
                    ..Default::default()
                }),
            )
        };
        assert_eq!(
            judge(Value::Known(vec!["arn:alb".to_string()])),
            Status::Pass
        );
        assert_eq!(judge(Value::Known(vec![])), Status::Fail);
        assert_eq!(judge(Value::unknown("CloudFront web ACL")), Status::Unknown);
        let _ = (managed("x", false), rate(false));
    }
}
