//! Instances behind an internet-facing load balancer cannot be reached around it.

use cloudward_model::elb::LoadBalancer;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::elasticloadbalancingv2::exposure::{judge, InstanceTarget};
use crate::Check;

/// Joins the instance targets of every target group the load balancer forwards to (`DescribeTargetGroups`, `DescribeTargetHealth`; in code `aws_lb_target_group_attachment` and `Targets`) with the EC2 instances, subnets, route tables and security groups of the inventory (see [`crate::elasticloadbalancingv2::exposure`]). IP and Lambda targets are not instances and are not judged.
pub struct Elbv2TargetsNotDirectlyInternetReachable;

const META: RuleMeta = RuleMeta {
    id: "elbv2-targets-not-directly-internet-reachable",
    title: "Instances behind an internet-facing load balancer cannot be reached around it",
    severity: Severity::High,
    service: "elasticloadbalancingv2",
    kinds: LoadBalancer::KINDS,
    checks: r#"For each internet-facing load balancer, whether any EC2 instance registered behind it has a public IPv4 address, sits in a subnet routed to an internet gateway, and has a security group admitting 0.0.0.0/0 or ::/0 to the port the load balancer sends it traffic on."#,
    rationale: r#"User-facing applications should be reached only through the load balancer, where TLS, AWS WAF, access logs and header and desync protections apply. An instance that also answers the internet directly on its serving port lets anyone bypass all of them, and scanners find such instances within minutes."#,
    remediation: Remediation {
        console: r#"EC2 console > Security Groups > <instance group>: replace the 0.0.0.0/0 (or ::/0) rule on the target port with a rule whose source is the load balancer's security group; move targets to private subnets or remove their public IPv4 addresses."#,
        cli: r#"aws ec2 revoke-security-group-ingress --group-id <instance-sg> --protocol tcp --port <port> --cidr 0.0.0.0/0
aws ec2 authorize-security-group-ingress --group-id <instance-sg> --protocol tcp --port <port> --source-group <lb-sg>"#,
        terraform: r#"resource "aws_vpc_security_group_ingress_rule" "from_lb" {
  security_group_id            = aws_security_group.app.id
  referenced_security_group_id = aws_security_group.lb.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
}"#,
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-register-targets.html#target-security-groups",
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
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
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

resource "aws_lb" "web" {
  name    = "web"
  subnets = [aws_subnet.public.id]
}

resource "aws_lb_target_group" "app" {
  name     = "app"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
}

resource "aws_lb_target_group_attachment" "app" {
  target_group_arn = aws_lb_target_group.app.arn
  target_id        = aws_instance.app.id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
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
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
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

resource "aws_security_group" "lb" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
}

resource "aws_instance" "app" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.app.id]
}

resource "aws_lb" "web" {
  name            = "web"
  subnets         = [aws_subnet.public.id]
  security_groups = [aws_security_group.lb.id]
}

resource "aws_lb_target_group" "app" {
  name     = "app"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
}

resource "aws_lb_target_group_attachment" "app" {
  target_group_arn = aws_lb_target_group.app.arn
  target_id        = aws_instance.app.id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
"#,
        cloudformation_bad: r#""#,
        cloudformation_good: r#""#,
    },
    file: file!(),
};

impl Check for Elbv2TargetsNotDirectlyInternetReachable {
    type Subject = LoadBalancer;
    const META: &'static RuleMeta = &META;

    fn judge(&self, lb: &LoadBalancer, resource: &Resource, inventory: &Inventory) -> Outcome {
        if !lb.is_internet_facing() {
            return Outcome::not_applicable("the load balancer is internal");
        }
        let groups = match lb.target_groups.get() {
            Ok(g) => g,
            Err(r) => return Outcome::unknown(r),
        };
        let mut targets = Vec::new();
        for g in groups.iter().filter(|g| g.target_type == "instance") {
            let registered = match g.targets.get() {
                Ok(t) => t,
                Err(r) => {
                    return Outcome::unknown(format!("target group {}: {r}", g.target_group_name))
                }
            };
            for t in registered {
                match t.port.or(g.port) {
                    Some(port) => targets.push(InstanceTarget {
                        instance_id: t.id.clone(),
                        port,
                    }),
                    None => {
                        return Outcome::unknown(format!(
                            "the port of target {} in {} is not known",
                            t.id, g.target_group_name
                        ))
                    }
                }
            }
        }
        judge(&targets, resource, inventory, "target_groups")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elasticloadbalancingv2::exposure::test_helpers::network;
    use crate::elasticloadbalancingv2::test_helpers::lb;
    use crate::rule::testing;
    use cloudward_model::elb::{Target, TargetGroup};
    use cloudward_model::{Status, Value};

    fn behind(port: i32) -> Resource {
        lb(
            "application",
            LoadBalancer {
                target_groups: Value::Known(vec![TargetGroup {
                    target_group_name: "app".into(),
                    target_type: "instance".into(),
                    port: Some(port),
                    targets: Value::Known(vec![Target {
                        id: "i-1".into(),
                        port: None,
                    }]),
                    ..Default::default()
                }]),
                ..Default::default()
            },
        )
    }

    fn judge(inv: &Inventory, port: i32) -> Status {
        testing::judge_in(
            &Elbv2TargetsNotDirectlyInternetReachable,
            &behind(port),
            inv,
        )
    }

    #[test]
    fn an_instance_open_on_its_target_port_fails() {
        assert_eq!(judge(&network(true, true, 8080), 8080), Status::Fail);
    }

    #[test]
    fn a_closed_port_private_address_or_subnet_passes() {
        assert_eq!(judge(&network(true, true, 22), 8080), Status::Pass);
        assert_eq!(judge(&network(false, true, 8080), 8080), Status::Pass);
        assert_eq!(judge(&network(true, false, 8080), 8080), Status::Pass);
    }

    #[test]
    fn a_missing_instance_or_unread_targets_is_unknown() {
        assert_eq!(judge(&Inventory::new(), 8080), Status::Unknown);
        let r = lb(
            "application",
            LoadBalancer {
                target_groups: Value::unknown("AccessDenied"),
                ..Default::default()
            },
        );
        assert_eq!(
            testing::judge(&Elbv2TargetsNotDirectlyInternetReachable, &r),
            Status::Unknown
        );
    }
}
