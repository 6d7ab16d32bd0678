//! No security group admits `::/0` to SSH (22) or RDP (3389).

use cloudward_model::ec2::SecurityGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::ec2::{judge_world_ports, Family, ADMIN_PORTS};
use crate::Check;

/// The IPv6 twin of `ec2-security-group-admin-ports-ipv4-restricted`: `::/0` admitting TCP 22
/// or 3389. Kept separate because CIS scores it separately and because dual-stack VPCs often
/// get an IPv6 rule copied from an IPv4 one without the same scrutiny.
pub struct Ec2SecurityGroupAdminPortsIpv6Restricted;

const META: RuleMeta = RuleMeta {
    id: "ec2-security-group-admin-ports-ipv6-restricted",
    title: "Security groups do not allow ingress from ::/0 to SSH or RDP",
    severity: Severity::High,
    service: "ec2",
    kinds: SecurityGroup::KINDS,
    checks: "For each security group, whether an ingress permission with source ::/0 admits \
             TCP port 22 (SSH) or 3389 (RDP), including through port ranges and all-traffic \
             permissions.",
    rationale: "IPv6 addresses are reachable from the whole IPv6 internet with no NAT in \
                between; an administration port open to ::/0 is as exposed as one open to \
                0.0.0.0/0, and is easier to overlook in reviews.",
    remediation: Remediation {
        console: "EC2 console > Security Groups > <group> > Inbound rules > Edit inbound rules: \
                  delete the SSH/RDP rule with source ::/0, or narrow it to a trusted IPv6 \
                  prefix.",
        cli: "aws ec2 revoke-security-group-ingress --group-id <sg-id> \
              --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"ssh_v6\" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = \"tcp\"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv6         = \"2001:db8:1234::/48\" # a trusted prefix, never ::/0\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18",
    ],
    frameworks: Frameworks {
        cis_v7: &["6.4"],
        cis_v6: &["6.4"],
        cis_v5: &["5.4"],
        cis_v3: &["5.3"],
        fsbp: &["EC2.18", "EC2.19"],
        well_architected: &["SEC05-BP02", "SEC06-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_security_group\" \"admin\" {\n  name   = \"admin\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port        = 22\n    to_port          = 22\n    protocol         = \"tcp\"\n    ipv6_cidr_blocks = [\"::/0\"]\n  }\n}\n",
        terraform_good: "resource \"aws_security_group\" \"admin\" {\n  name   = \"admin\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port        = 22\n    to_port          = 22\n    protocol         = \"tcp\"\n    ipv6_cidr_blocks = [\"2001:db8:1234::/48\"]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Admin:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: admin\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIpv6: ::/0\n",
        cloudformation_good: "Resources:\n  Admin:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: admin\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIpv6: 2001:db8:1234::/48\n",
    },
    file: file!(),
};

impl Check for Ec2SecurityGroupAdminPortsIpv6Restricted {
    type Subject = SecurityGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, _subject: &SecurityGroup, resource: &Resource, _: &Inventory) -> Outcome {
        static PASS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        judge_world_ports(resource, ADMIN_PORTS, Family::Ipv6, &PASS)
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
            &Ec2SecurityGroupAdminPortsIpv6Restricted,
            &group("sg-1", ingress),
            &Inventory::new(),
        )
    }

    #[test]
    fn ssh_from_ipv6_world_fails() {
        match judge(Value::Known(vec![perm("tcp", 22, 22, v6_world())])) {
            Outcome::Fail(e) => {
                assert_eq!(e.message, "ingress[0]: tcp 22 from ::/0 opens 22 (SSH)")
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn ipv4_world_is_not_this_rule() {
        assert_eq!(
            judge(Value::Known(vec![perm("tcp", 22, 22, v4_world())])).status(),
            Status::Pass
        );
    }

    #[test]
    fn unreadable_rules_are_unknown() {
        assert_eq!(judge(Value::unknown("throttled")).status(), Status::Unknown);
    }
}
