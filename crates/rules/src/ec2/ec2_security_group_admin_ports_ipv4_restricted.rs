//! No security group admits `0.0.0.0/0` to SSH (22) or RDP (3389).

use cloudward_model::ec2::SecurityGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::ec2::{judge_world_ports, Family, ADMIN_PORTS};
use crate::Check;

/// Scans each group's ingress permissions for `0.0.0.0/0` admitting TCP 22 or 3389, directly
/// or through a wider range or an all-traffic (`-1`) permission. IPv6 is a separate rule, as in
/// CIS. Groups are judged whether or not anything uses them: an unused open group is one
/// attachment away from exposure.
pub struct Ec2SecurityGroupAdminPortsIpv4Restricted;

const META: RuleMeta = RuleMeta {
    id: "ec2-security-group-admin-ports-ipv4-restricted",
    title: "Security groups do not allow ingress from 0.0.0.0/0 to SSH or RDP",
    severity: Severity::High,
    service: "ec2",
    kinds: SecurityGroup::KINDS,
    checks: "For each security group, whether an ingress permission with source 0.0.0.0/0 \
             admits TCP port 22 (SSH) or 3389 (RDP), including through port ranges and \
             all-traffic permissions.",
    rationale: "SSH and RDP exposed to the whole IPv4 internet are scanned within minutes and \
                brute-forced continuously; a weak password, a leaked key or an unpatched \
                server then gives an attacker an interactive shell. Administration should go \
                through Session Manager, a VPN or a bastion restricted to known addresses.",
    remediation: Remediation {
        console: "EC2 console > Security Groups > <group> > Inbound rules > Edit inbound rules: \
                  delete the SSH/RDP rule with source 0.0.0.0/0, or change its source to a \
                  trusted CIDR or security group. Prefer Systems Manager Session Manager.",
        cli: "aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0\n\
              aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 3389 --cidr 0.0.0.0/0",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"ssh\" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = \"tcp\"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv4         = \"10.0.0.0/16\" # a trusted range, never 0.0.0.0/0\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["6.3"],
        cis_v6: &["6.3"],
        cis_v5: &["5.3"],
        cis_v3: &["5.2"],
        fsbp: &["EC2.18", "EC2.19"],
        well_architected: &["SEC05-BP02", "SEC06-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_security_group\" \"admin\" {\n  name   = \"admin\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        terraform_good: "resource \"aws_security_group\" \"admin\" {\n  name   = \"admin\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/16\"]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Admin:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: admin\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 3389\n          ToPort: 3389\n          CidrIp: 0.0.0.0/0\n",
        cloudformation_good: "Resources:\n  Admin:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: admin\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 3389\n          ToPort: 3389\n          CidrIp: 10.0.0.0/16\n",
    },
    file: file!(),
};

impl Check for Ec2SecurityGroupAdminPortsIpv4Restricted {
    type Subject = SecurityGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, _subject: &SecurityGroup, resource: &Resource, _: &Inventory) -> Outcome {
        static PASS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        judge_world_ports(resource, ADMIN_PORTS, Family::Ipv4, &PASS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::test_helpers::*;
    use crate::rule::testing;
    use cloudward_model::ec2::Peer;
    use cloudward_model::{Status, Value};

    fn judge(ingress: Value<Vec<cloudward_model::ec2::SecurityGroupRule>>) -> Outcome {
        testing::outcome_in(
            &Ec2SecurityGroupAdminPortsIpv4Restricted,
            &group("sg-1", ingress),
            &Inventory::new(),
        )
    }

    #[test]
    fn ssh_from_the_world_fails() {
        let out = judge(Value::Known(vec![
            perm("tcp", 443, 443, v4_world()),
            perm("tcp", 22, 22, v4_world()),
        ]));
        match out {
            Outcome::Fail(e) => {
                assert_eq!(
                    e.message,
                    "ingress[1]: tcp 22 from 0.0.0.0/0 opens 22 (SSH)"
                );
                assert_eq!(e.attribute.as_deref(), Some("ingress[1]"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn rdp_inside_a_range_fails() {
        assert_eq!(
            judge(Value::Known(vec![perm("6", 3000, 4000, v4_world())])).status(),
            Status::Fail
        );
    }

    #[test]
    fn trusted_source_or_ipv6_only_passes() {
        let out = judge(Value::Known(vec![
            perm("tcp", 22, 22, Peer::Ipv4("203.0.113.0/24".into())),
            perm("tcp", 22, 22, v6_world()),
            perm("udp", 0, 65535, v4_world()),
        ]));
        assert_eq!(out.status(), Status::Pass);
    }

    #[test]
    fn unreadable_rules_are_unknown() {
        assert_eq!(
            judge(Value::unknown("UnauthorizedOperation")).status(),
            Status::Unknown
        );
    }
}
