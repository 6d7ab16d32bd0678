//! Instances behind an internet-facing Classic Load Balancer cannot be reached around it.

use cloudward_model::elb::ClassicLoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::elasticloadbalancingv2::exposure::{judge, InstanceTarget};
use crate::Check;

/// Pairs every registered instance (`Instances`) with every listener's `InstancePort` and judges them through [`crate::elasticloadbalancingv2::exposure`]: public IPv4 address, internet-routed subnet and a security group open to the world on that port.
pub struct ElbInstancesNotDirectlyInternetReachable;

const META: RuleMeta = RuleMeta {
    id: "elb-instances-not-directly-internet-reachable",
    title: "Instances behind an internet-facing Classic Load Balancer cannot be reached around it",
    severity: Severity::High,
    service: "elasticloadbalancing",
    kinds: ClassicLoadBalancer::KINDS,
    checks: r#"For each internet-facing Classic Load Balancer, whether any registered instance has a public IPv4 address, an internet-routed subnet and a security group admitting 0.0.0.0/0 or ::/0 to a listener's instance port."#,
    rationale: r#"Clients should reach the application only through the load balancer, where TLS and access logs apply; an instance that also answers the internet on its serving port can be attacked directly, bypassing both."#,
    remediation: Remediation {
        console: r#"EC2 console > Security Groups > <instance group>: replace the 0.0.0.0/0 rule on the instance port with one whose source is the load balancer's security group; remove public IPv4 addresses from the instances."#,
        cli: r#"aws ec2 revoke-security-group-ingress --group-id <instance-sg> --protocol tcp --port <instance-port> --cidr 0.0.0.0/0
aws ec2 authorize-security-group-ingress --group-id <instance-sg> --protocol tcp --port <instance-port> --source-group <elb-sg>"#,
        terraform: r#"resource "aws_vpc_security_group_ingress_rule" "from_elb" {
  security_group_id            = aws_security_group.app.id
  referenced_security_group_id = aws_security_group.elb.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-groups.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC05-BP01", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "app" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.app.id]
}

resource "aws_elb" "legacy" {
  name      = "legacy"
  subnets   = [aws_subnet.public.id]
  instances = [aws_instance.app.id]
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }
}
"#,
        terraform_good: r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "elb" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.elb.id]
  }
}

resource "aws_instance" "app" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.app.id]
}

resource "aws_elb" "legacy" {
  name      = "legacy"
  subnets   = [aws_subnet.public.id]
  instances = [aws_instance.app.id]
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }
}
"#,
        cloudformation_bad: r#""#,
        cloudformation_good: r#""#,
    },
    file: file!(),
};

impl Check for ElbInstancesNotDirectlyInternetReachable {
    type Subject = ClassicLoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(
        &self,
        lb: &ClassicLoadBalancer,
        resource: &Resource,
        inventory: &Inventory,
    ) -> Outcome {
        if !lb.is_internet_facing() {
            return Outcome::not_applicable("the load balancer is internal");
        }
        let (instances, listeners) = match (lb.instances.get(), lb.listeners.get()) {
            (Err(r), _) | (_, Err(r)) => return Outcome::unknown(r),
            (Ok(i), Ok(l)) => (i, l),
        };
        let mut ports: Vec<i32> = listeners.iter().map(|l| l.instance_port).collect();
        ports.sort_unstable();
        ports.dedup();
        let targets: Vec<InstanceTarget> = instances
            .iter()
            .flat_map(|id| {
                ports.iter().map(move |&port| InstanceTarget {
                    instance_id: id.clone(),
                    port,
                })
            })
            .collect();
        judge(&targets, resource, inventory, "instances")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancing::test_helpers::{classic, listener};
    use crate::elasticloadbalancingv2::exposure::test_helpers::network;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(inv: &Inventory) -> Status {
        let r = classic(ClassicLoadBalancer {
            listeners: Value::Known(vec![listener("HTTPS", None, Value::Known(None))]),
            instances: Value::Known(vec!["i-1".into()]),
            ..Default::default()
        });
        testing::judge_in(&ElbInstancesNotDirectlyInternetReachable, &r, inv)
    }

    #[test]
    fn open_instance_port_fails_closed_passes_missing_is_unknown() {
        assert_eq!(judge(&network(true, true, 8080)), Status::Fail);
        assert_eq!(judge(&network(true, true, 443)), Status::Pass);
        assert_eq!(judge(&network(false, true, 8080)), Status::Pass);
        assert_eq!(judge(&Inventory::new()), Status::Unknown);
    }
}
