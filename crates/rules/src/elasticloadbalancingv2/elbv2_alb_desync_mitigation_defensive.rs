//! Application Load Balancers use defensive or strictest desync mitigation mode.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads the attribute `routing.http.desync_mitigation_mode` (`monitor`, `defensive`, the default, or `strictest`).
pub struct Elbv2AlbDesyncMitigationDefensive;

const META: RuleMeta = RuleMeta {
    id: "elbv2-alb-desync-mitigation-defensive",
    title: "Application Load Balancers use defensive or strictest desync mitigation mode",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each Application Load Balancer, whether routing.http.desync_mitigation_mode is defensive or strictest (monitor fails)."#,
    rationale: r#"In monitor mode the load balancer forwards requests it classifies as ambiguous (conflicting Content-Length and Transfer-Encoding, malformed headers) to the targets, which is what HTTP request smuggling (desync) attacks need to poison queues and hijack other users' requests."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <alb> > Attributes > Edit > Packet handling: Desync mitigation mode Defensive (or Strictest) > Save changes."#,
        cli: r#"aws elbv2 modify-load-balancer-attributes --load-balancer-arn <alb-arn> --attributes Key=routing.http.desync_mitigation_mode,Value=defensive"#,
        terraform: r#"resource "aws_lb" "this" {
  # ...
  desync_mitigation_mode = "defensive"
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-12",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.12"],
        well_architected: &["SEC05-BP03"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
  desync_mitigation_mode = "monitor"
}
"#,
        terraform_good: r#"resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-0e5f6a7b"]
  desync_mitigation_mode = "strictest"
}
"#,
        cloudformation_bad: r#"Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-0a1b2c3d, subnet-0e5f6a7b]
      LoadBalancerAttributes:
        - Key: routing.http.desync_mitigation_mode
          Value: monitor
"#,
        cloudformation_good: r#"Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-0a1b2c3d, subnet-0e5f6a7b]
"#,
    },
    file: file!(),
};

impl Check for Elbv2AlbDesyncMitigationDefensive {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        if !lb.is_application() {
            return Outcome::not_applicable(format!(
                "{} load balancers have no desync mitigation mode",
                lb.load_balancer_type
            ));
        }
        judged(
            &lb.desync_mitigation_mode,
            "desync_mitigation_mode",
            |mode| match mode.as_str() {
                "defensive" | "strictest" => Ok(format!("desync mitigation mode is {mode}")),
                other => Err(format!(
                    "desync mitigation mode is {other}: ambiguous requests reach the targets"
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancingv2::test_helpers::lb;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(mode: Value<String>) -> Status {
        testing::judge(
            &Elbv2AlbDesyncMitigationDefensive,
            &lb(
                "application",
                LoadBalancer {
                    desync_mitigation_mode: mode,
                    ..Default::default()
                },
            ),
        )
    }

    #[test]
    fn defensive_and_strictest_pass_monitor_fails() {
        assert_eq!(judge(Value::Known("defensive".into())), Status::Pass);
        assert_eq!(judge(Value::Known("strictest".into())), Status::Pass);
        assert_eq!(judge(Value::Known("monitor".into())), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
