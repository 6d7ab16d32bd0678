//! Classic Load Balancers have connection draining enabled.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `ConnectionDraining.Enabled`; the Terraform provider and CloudFormation both default it to off.
pub struct ElbConnectionDrainingEnabled;

const META: RuleMeta = RuleMeta {
    id: "elb-connection-draining-enabled",
    title: "Classic Load Balancers have connection draining enabled",
    severity: Severity::Medium,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each Classic Load Balancer, whether connection draining is enabled."#,
    rationale: r#"Without draining, deregistering or replacing an unhealthy instance cuts its in-flight requests, which turns every patching or scaling event into client errors and half-finished transactions; draining lets them complete first."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <classic lb> > Attributes > Edit > Connection draining: enable, timeout 300 seconds > Save changes."#,
        cli: r#"aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes "{\"ConnectionDraining\":{\"Enabled\":true,\"Timeout\":300}}""#,
        terraform: r#"resource "aws_elb" "this" {
  # ...
  connection_draining         = true
  connection_draining_timeout = 300
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-conn-drain.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-7",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.7"],
        well_architected: &["SEC05-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a", "us-east-1b"]
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }
}
"#,
        terraform_good: r#"resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a", "us-east-1b"]
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }
  connection_draining = true
}
"#,
        cloudformation_bad: r#"Resources:
  Legacy:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [us-east-1a, us-east-1b]
      Listeners:
        - LoadBalancerPort: "80"
          InstancePort: "8080"
          Protocol: HTTP
"#,
        cloudformation_good: r#"Resources:
  Legacy:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [us-east-1a, us-east-1b]
      Listeners:
        - LoadBalancerPort: "80"
          InstancePort: "8080"
          Protocol: HTTP
      ConnectionDrainingPolicy:
        Enabled: true
        Timeout: 300
"#,
    },
    file: file!(),
};

impl Check for ElbConnectionDrainingEnabled {
    type Subject = ClassicLoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &ClassicLoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &lb.connection_draining_enabled,
            "connection_draining_enabled",
            "connection draining is on",
            "connection draining is off",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancing::test_helpers::classic;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(v: Value<bool>) -> Status {
        testing::judge(
            &ElbConnectionDrainingEnabled,
            &classic(ClassicLoadBalancer {
                connection_draining_enabled: v,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn on_passes_off_fails_unread_is_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
