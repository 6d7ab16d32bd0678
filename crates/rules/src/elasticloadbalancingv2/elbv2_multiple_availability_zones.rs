//! Application, Network and Gateway Load Balancers span at least two Availability Zones.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::elasticloadbalancingv2::{judge_zones, zones};
use crate::Check;

/// Reads `AvailabilityZones[].ZoneName`; in code, where only subnets are named, the zones of those subnets as the inventory knows them (an `aws_subnet` with `availability_zone`). A subnet whose zone is not known makes the verdict Unknown.
pub struct Elbv2MultipleAvailabilityZones;

const META: RuleMeta = RuleMeta {
    id: "elbv2-multiple-availability-zones",
    title: "Application, Network and Gateway Load Balancers span at least two Availability Zones",
    severity: Severity::Medium,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each Application, Network and Gateway Load Balancer, whether its subnets are in two or more distinct Availability Zones."#,
    rationale: r#"A load balancer in one zone fails with that zone: the application becomes unreachable during a zone outage, and an attacker who degrades one zone (or one subnet) takes it down. Two zones also let the load balancer keep serving while one is drained for maintenance."#,
    remediation: Remediation {
        console: r#"EC2 console > Load Balancers > <lb> > Network mapping > Edit subnets: select a subnet in a second Availability Zone > Save changes."#,
        cli: r#"aws elbv2 set-subnets --load-balancer-arn <lb-arn> --subnets <subnet-in-az-a> <subnet-in-az-b>"#,
        terraform: r#"resource "aws_lb" "this" {
  # ...
  subnets = [aws_subnet.a.id, aws_subnet.b.id] # in different Availability Zones
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-13",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ELB.13"],
        well_architected: &["SEC05-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_subnet" "a" {
  vpc_id            = "vpc-0a1b2c3d"
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = "vpc-0a1b2c3d"
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = [aws_subnet.a.id, aws_subnet.b.id]
}
"#,
        terraform_good: r#"resource "aws_subnet" "a" {
  vpc_id            = "vpc-0a1b2c3d"
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = "vpc-0a1b2c3d"
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = [aws_subnet.a.id, aws_subnet.b.id]
}
"#,
        cloudformation_bad: r#"Resources:
  A:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-0a1b2c3d
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: us-east-1a
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [!Ref A]
"#,
        cloudformation_good: r#"Resources:
  A:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-0a1b2c3d
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: us-east-1a
  B:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-0a1b2c3d
      CidrBlock: 10.0.2.0/24
      AvailabilityZone: us-east-1b
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [!Ref A, !Ref B]
"#,
    },
    file: file!(),
};

impl Check for Elbv2MultipleAvailabilityZones {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, _: &Resource, inventory: &Inventory) -> Outcome {
        judge_zones(
            zones(&lb.availability_zones, &lb.subnet_ids, inventory),
            "availability_zones",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancingv2::test_helpers::lb;
    use crate::rule::testing;
    use cloudward_model::ec2::Subnet;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(zones: Value<Vec<String>>, inventory: &Inventory) -> Status {
        testing::judge_in(
            &Elbv2MultipleAvailabilityZones,
            &lb(
                "network",
                LoadBalancer {
                    availability_zones: zones,
                    subnet_ids: vec!["subnet-1".into(), "subnet-2".into()],
                    ..Default::default()
                },
            ),
            inventory,
        )
    }

    fn subnet(id: &str, zone: &str) -> Resource {
        test_support::resource(
            id,
            Attributes::Ec2Subnet(Subnet {
                subnet_id: id.into(),
                availability_zone: zone.into(),
                ..Default::default()
            }),
        )
    }

    #[test]
    fn two_zones_pass_one_fails() {
        let none = Inventory::new();
        let two = Value::Known(vec!["us-east-1a".to_string(), "us-east-1b".to_string()]);
        assert_eq!(judge(two, &none), Status::Pass);
        let one = Value::Known(vec!["us-east-1a".to_string(), "us-east-1a".to_string()]);
        assert_eq!(judge(one, &none), Status::Fail);
    }

    #[test]
    fn code_zones_come_from_the_subnets() {
        let code = || Value::unknown("zones are known from the subnets");
        assert_eq!(judge(code(), &Inventory::new()), Status::Unknown);
        let mut inv = Inventory::new();
        inv.push(subnet("subnet-1", "us-east-1a"));
        inv.push(subnet("subnet-2", "us-east-1a"));
        assert_eq!(judge(code(), &inv), Status::Fail);
        let mut inv = Inventory::new();
        inv.push(subnet("subnet-1", "us-east-1a"));
        inv.push(subnet("subnet-2", "us-east-1c"));
        assert_eq!(judge(code(), &inv), Status::Pass);
    }
}
