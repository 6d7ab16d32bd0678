//! Classic Load Balancers span at least two Availability Zones.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::elasticloadbalancingv2::{judge_zones, zones};
use crate::Check;

/// Reads `AvailabilityZones`; in code `availability_zones`, or the zones of the `subnets` as the inventory knows them.
pub struct ElbMultipleAvailabilityZones;

const META: RuleMeta = RuleMeta {
    id: "elb-multiple-availability-zones",
    title: "Classic Load Balancers span at least two Availability Zones",
    severity: Severity::Medium,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each Classic Load Balancer, whether it is enabled in two or more distinct Availability Zones."#,
    rationale: r#"A load balancer in one zone goes down with that zone, taking the application with it; two zones keep it reachable through a zone outage or maintenance."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <classic lb> > Instances/Network > Edit Availability Zones (or subnets): add a second zone > Save."#,
        cli: r#"aws elb enable-availability-zones-for-load-balancer --load-balancer-name <name> --availability-zones <second-az>"#,
        terraform: r#"resource "aws_elb" "this" {
  # ...
  availability_zones = ["us-east-1a", "us-east-1b"]
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-az.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-10",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.10"],
        well_architected: &["SEC05-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a"]
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
}
"#,
        cloudformation_bad: r#"Resources:
  Legacy:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [us-east-1a]
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
"#,
    },
    file: file!(),
};

impl Check for ElbMultipleAvailabilityZones {
    type Subject = ClassicLoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &ClassicLoadBalancer, _: &Resource, inventory: &Inventory) -> Outcome {
        judge_zones(
            zones(&lb.availability_zones, &lb.subnet_ids, inventory),
            "availability_zones",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancing::test_helpers::classic;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(zones: Value<Vec<String>>) -> Status {
        testing::judge(
            &ElbMultipleAvailabilityZones,
            &classic(ClassicLoadBalancer {
                availability_zones: zones,
                subnet_ids: vec!["subnet-1".into()],
                ..Default::default()
            }),
        )
    }

    #[test]
    fn two_zones_pass_one_fails() {
        let z = |v: &[&str]| Value::Known(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(judge(z(&["us-east-1a", "us-east-1b"])), Status::Pass);
        assert_eq!(judge(z(&["us-east-1a"])), Status::Fail);
        assert_eq!(judge(Value::unknown("from subnets")), Status::Unknown);
    }
}
