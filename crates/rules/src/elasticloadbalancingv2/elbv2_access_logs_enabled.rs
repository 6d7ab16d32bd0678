//! Application Load Balancers write access logs.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the attribute `access_logs.s3.enabled` (default `false`). Network Load Balancers log only TLS requests and Gateway Load Balancers not at all, so only Application Load Balancers are judged, as in FSBP ELB.5.
pub struct Elbv2AccessLogsEnabled;

const META: RuleMeta = RuleMeta {
    id: "elbv2-access-logs-enabled",
    title: "Application Load Balancers write access logs",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each Application Load Balancer, whether the attribute access_logs.s3.enabled is true."#,
    rationale: r#"Access logs record every request (client address, path, status, TLS cipher, target) and are the evidence needed to investigate an intrusion, a credential-stuffing run or data exfiltration through the application; without them the load balancer keeps no record at all."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <alb> > Attributes > Edit > Monitoring: turn on Access logs, choose an S3 bucket whose policy allows the ELB log delivery service > Save changes."#,
        cli: r#"aws elbv2 modify-load-balancer-attributes --load-balancer-arn <alb-arn> --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<bucket>"#,
        terraform: r#"resource "aws_lb" "this" {
  # ...
  access_logs {
    bucket  = aws_s3_bucket.lb_logs.id
    enabled = true
  }
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5",
    ],
    frameworks: Frameworks {
        cis_v7: &["4.10"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.5"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
}
"#,
        terraform_good: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
  access_logs {
    bucket  = "example-lb-logs"
    enabled = true
  }
}
"#,
        cloudformation_bad: r#"Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-0a1b2c3d, subnet-0e5f6a7b]
"#,
        cloudformation_good: r#"Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-0a1b2c3d, subnet-0e5f6a7b]
      LoadBalancerAttributes:
        - Key: access_logs.s3.enabled
          Value: "true"
        - Key: access_logs.s3.bucket
          Value: example-lb-logs
"#,
    },
    file: file!(),
};

impl Check for Elbv2AccessLogsEnabled {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        if !lb.is_application() {
            return Outcome::not_applicable(format!(
                "{} load balancers have no such setting",
                lb.load_balancer_type
            ));
        }
        flag(
            &lb.access_logs_enabled,
            "access_logs_enabled",
            "access logs are written to S3",
            "access logging is off",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancingv2::test_helpers::lb;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(kind: &str, v: Value<bool>) -> Status {
        testing::judge(
            &Elbv2AccessLogsEnabled,
            &lb(
                kind,
                LoadBalancer {
                    access_logs_enabled: v,
                    ..Default::default()
                },
            ),
        )
    }

    #[test]
    fn on_passes_off_fails_unread_is_unknown() {
        assert_eq!(judge("application", Value::Known(true)), Status::Pass);
        assert_eq!(judge("application", Value::Known(false)), Status::Fail);
        assert_eq!(
            judge("application", Value::unknown("AccessDenied")),
            Status::Unknown
        );
        assert_eq!(judge("gateway", Value::Known(false)), Status::NotApplicable);
    }
}
