//! Application Load Balancers drop invalid HTTP header fields.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the attribute `routing.http.drop_invalid_header_fields.enabled` (default `false`). Only Application Load Balancers have it.
pub struct Elbv2AlbDropsInvalidHeaderFields;

const META: RuleMeta = RuleMeta {
    id: "elbv2-alb-drops-invalid-header-fields",
    title: "Application Load Balancers drop invalid HTTP header fields",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each Application Load Balancer, whether the attribute routing.http.drop_invalid_header_fields.enabled is true."#,
    rationale: r#"Header names with characters outside the RFC 7230 token set are a vehicle for request smuggling and header injection against back ends that parse them differently from the load balancer. Dropping them at the edge removes the ambiguity."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <alb> > Attributes > Edit > Packet handling: turn on "Drop invalid header fields" > Save changes."#,
        cli: r#"aws elbv2 modify-load-balancer-attributes --load-balancer-arn <alb-arn> --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true"#,
        terraform: r#"resource "aws_lb" "this" {
  # ...
  drop_invalid_header_fields = true
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.4"],
        well_architected: &["SEC05-BP03"],
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
  drop_invalid_header_fields = true
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
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: "true"
"#,
    },
    file: file!(),
};

impl Check for Elbv2AlbDropsInvalidHeaderFields {
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
            &lb.drop_invalid_header_fields_enabled,
            "drop_invalid_header_fields_enabled",
            "invalid HTTP header fields are dropped",
            "invalid HTTP header fields are forwarded to targets",
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
            &Elbv2AlbDropsInvalidHeaderFields,
            &lb(
                kind,
                LoadBalancer {
                    drop_invalid_header_fields_enabled: v,
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
        assert_eq!(judge("network", Value::Known(false)), Status::NotApplicable);
    }
}
