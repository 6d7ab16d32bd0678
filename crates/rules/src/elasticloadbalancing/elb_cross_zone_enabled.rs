//! Classic Load Balancers have cross-zone load balancing enabled.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `CrossZoneLoadBalancing.Enabled`. Terraform defaults it to on, CloudFormation (`CrossZone`) to off.
pub struct ElbCrossZoneEnabled;

const META: RuleMeta = RuleMeta {
    id: "elb-cross-zone-enabled",
    title: "Classic Load Balancers have cross-zone load balancing enabled",
    severity: Severity::Medium,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each Classic Load Balancer, whether cross-zone load balancing is enabled."#,
    rationale: r#"Without it each zone's node sends traffic only to its own zone's instances, so a zone with fewer healthy instances is overloaded and a zone with none drops its share of clients; cross-zone keeps the application available when one zone degrades."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <classic lb> > Attributes > Edit > Cross-zone load balancing: enable > Save changes."#,
        cli: r#"aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes "{\"CrossZoneLoadBalancing\":{\"Enabled\":true}}""#,
        terraform: r#"resource "aws_elb" "this" {
  # ...
  cross_zone_load_balancing = true
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-crosszone-lb.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-9",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.9"],
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
  cross_zone_load_balancing = false
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
      CrossZone: true
"#,
    },
    file: file!(),
};

impl Check for ElbCrossZoneEnabled {
    type Subject = ClassicLoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &ClassicLoadBalancer, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &lb.cross_zone_enabled,
            "cross_zone_enabled",
            "cross-zone load balancing is on",
            "cross-zone load balancing is off",
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
            &ElbCrossZoneEnabled,
            &classic(ClassicLoadBalancer {
                cross_zone_enabled: v,
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
