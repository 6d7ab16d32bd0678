//! No security group admits the internet on every port or protocol.

use cloudward_model::ec2::SecurityGroup;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::ec2::{describe_peer, describe_rule, Family};
use crate::Check;

/// Flags ingress permissions from `0.0.0.0/0` or `::/0` that are all-traffic (`-1`) or cover
/// every TCP or UDP port (0-65535) (`SecurityGroupRule::allows_all_ports`). Portless
/// protocols such as ICMP are not "all ports".
pub struct Ec2SecurityGroupAllPortsRestricted;

const META: RuleMeta = RuleMeta {
    id: "ec2-security-group-all-ports-restricted",
    title: "Security groups do not allow ingress from the internet on all ports",
    severity: Severity::High,
    service: "ec2",
    kinds: SecurityGroup::KINDS,
    checks: "For each security group, whether an ingress permission with source 0.0.0.0/0 or \
             ::/0 allows all traffic (protocol -1) or every TCP or UDP port (0-65535).",
    rationale: "An all-ports rule from the internet turns the security group off: every \
                service on every attached instance, including ones started later or by \
                mistake, is exposed. It is usually a debugging shortcut that was never removed.",
    remediation: Remediation {
        console: "EC2 console > Security Groups > <group> > Inbound rules > Edit inbound rules: \
                  delete the All traffic / 0-65535 rule from 0.0.0.0/0 or ::/0 and add rules for \
                  only the ports the workload serves.",
        cli: "aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol all --cidr 0.0.0.0/0",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"https\" {\n  security_group_id = aws_security_group.web.id\n  ip_protocol       = \"tcp\"\n  from_port         = 443\n  to_port           = 443\n  cidr_ipv4         = \"0.0.0.0/0\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EC2.18"],
        well_architected: &["SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_security_group\" \"web\" {\n  name   = \"web\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port   = 0\n    to_port     = 0\n    protocol    = \"-1\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        terraform_good: "resource \"aws_security_group\" \"web\" {\n  name   = \"web\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Web:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: '-1'\n          CidrIp: 0.0.0.0/0\n",
        cloudformation_good: "Resources:\n  Web:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 0.0.0.0/0\n",
    },
    file: file!(),
};

impl Check for Ec2SecurityGroupAllPortsRestricted {
    type Subject = SecurityGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, group: &SecurityGroup, _: &Resource, _: &Inventory) -> Outcome {
        let ingress = match group.ingress.get() {
            Ok(ingress) => ingress,
            Err(reason) => return Outcome::unknown(reason),
        };
        let open: Vec<(usize, String)> = ingress
            .iter()
            .enumerate()
            .filter(|(_, r)| Family::Any.is_world(&r.peer) && r.allows_all_ports())
            .map(|(i, r)| {
                let peer = describe_peer(&r.peer);
                (i, format!("ingress[{i}]: {} from {peer}", describe_rule(r)))
            })
            .collect();
        match open.first() {
            None => Outcome::Pass(Evidence::at(
                "ingress",
                "no ingress rule opens all ports or protocols to 0.0.0.0/0 or ::/0",
            )),
            Some((first, _)) => {
                let all: Vec<&str> = open.iter().map(|(_, d)| d.as_str()).collect();
                Outcome::Fail(Evidence::at(format!("ingress[{first}]"), all.join("; ")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::test_helpers::*;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(ingress: Value<Vec<cloudward_model::ec2::SecurityGroupRule>>) -> Outcome {
        testing::outcome_in(
            &Ec2SecurityGroupAllPortsRestricted,
            &group("sg-1", ingress),
            &Inventory::new(),
        )
    }

    #[test]
    fn all_traffic_or_full_range_fails() {
        match judge(Value::Known(vec![
            perm("tcp", 443, 443, v4_world()),
            perm("-1", -1, -1, v6_world()),
        ])) {
            Outcome::Fail(e) => {
                assert_eq!(e.message, "ingress[1]: all traffic from ::/0");
                assert_eq!(e.attribute.as_deref(), Some("ingress[1]"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
        assert_eq!(
            judge(Value::Known(vec![perm("udp", 0, 65535, v4_world())])).status(),
            Status::Fail
        );
    }

    #[test]
    fn icmp_and_single_ports_pass() {
        let out = judge(Value::Known(vec![
            perm("icmp", -1, -1, v4_world()),
            perm("tcp", 443, 443, v4_world()),
        ]));
        assert_eq!(out.status(), Status::Pass);
    }

    #[test]
    fn unreadable_rules_are_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
    }
}
