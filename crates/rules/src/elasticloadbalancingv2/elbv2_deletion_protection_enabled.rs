//! Application, Network and Gateway Load Balancers have deletion protection enabled.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the attribute `deletion_protection.enabled` (default `false`), which every type has.
pub struct Elbv2DeletionProtectionEnabled;

const META: RuleMeta = RuleMeta {
    id: "elbv2-deletion-protection-enabled",
    title: "Application, Network and Gateway Load Balancers have deletion protection enabled",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each Application, Network and Gateway Load Balancer, whether the attribute deletion_protection.enabled is true."#,
    rationale: r#"A deleted load balancer takes its DNS name with it: every client, alias record and WAF association breaks, and recreating it gives a new name. Deletion protection makes deletion a two-step, deliberate act instead of one mistaken console click or a destroy run."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <lb> > Attributes > Edit > Protection: turn on Deletion protection > Save changes."#,
        cli: r#"aws elbv2 modify-load-balancer-attributes --load-balancer-arn <lb-arn> --attributes Key=deletion_protection.enabled,Value=true"#,
        terraform: r#"resource "aws_lb" "this" {
  # ...
  enable_deletion_protection = true
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-6",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.6"],
        well_architected: &["SEC08-BP04"],
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
  enable_deletion_protection = true
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
        - Key: deletion_protection.enabled
          Value: "true"
"#,
    },
    file: file!(),
};

impl Check for Elbv2DeletionProtectionEnabled {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &lb.deletion_protection_enabled,
            "deletion_protection_enabled",
            "deletion protection is on",
            "deletion protection is off",
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
            &Elbv2DeletionProtectionEnabled,
            &lb(
                kind,
                LoadBalancer {
                    deletion_protection_enabled: v,
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
        assert_eq!(judge("network", Value::Known(true)), Status::Pass);
    }
}
