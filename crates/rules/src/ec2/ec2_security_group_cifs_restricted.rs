//! No security group admits the internet to CIFS/SMB (445).

use cloudward_model::ec2::SecurityGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::ec2::{judge_world_ports, Family, CIFS_PORTS};
use crate::Check;

/// Scans ingress for `0.0.0.0/0` or `::/0` admitting TCP 445. CIS v5 words the control as
/// "trusted networks"; the internet is never one, and narrower untrusted ranges cannot be
/// judged without knowing the organisation's networks, so only the world CIDRs fail.
pub struct Ec2SecurityGroupCifsRestricted;

const META: RuleMeta = RuleMeta {
    id: "ec2-security-group-cifs-restricted",
    title: "Security groups do not allow ingress from the internet to CIFS (port 445)",
    severity: Severity::High,
    service: "ec2",
    kinds: SecurityGroup::KINDS,
    checks: "For each security group, whether an ingress permission with source 0.0.0.0/0 or \
             ::/0 admits TCP port 445 (SMB/CIFS), including through ranges and all-traffic \
             permissions.",
    rationale: "SMB exposed to the internet has carried some of the most damaging worms and \
                ransomware (EternalBlue, WannaCry, NotPetya) and leaks NTLM credentials. File \
                shares should only be reachable over private networks or a VPN.",
    remediation: Remediation {
        console: "EC2 console > Security Groups > <group> > Inbound rules > Edit inbound rules: \
                  delete the port 445 rule with source 0.0.0.0/0 or ::/0, or narrow it to the \
                  trusted network's CIDR or security group.",
        cli: "aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 445 --cidr 0.0.0.0/0",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"smb\" {\n  security_group_id = aws_security_group.files.id\n  ip_protocol       = \"tcp\"\n  from_port         = 445\n  to_port           = 445\n  cidr_ipv4         = \"10.0.0.0/16\" # the trusted network only\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19",
    ],
    frameworks: Frameworks {
        cis_v7: &["6.1.2"],
        cis_v6: &["6.1.2"],
        cis_v5: &["5.1.2"],
        cis_v3: &[],
        fsbp: &["EC2.18", "EC2.19"],
        well_architected: &["SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_security_group\" \"files\" {\n  name   = \"files\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port   = 445\n    to_port     = 445\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        terraform_good: "resource \"aws_security_group\" \"files\" {\n  name   = \"files\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port   = 445\n    to_port     = 445\n    protocol    = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/16\"]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Files:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: files\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 445\n          ToPort: 445\n          CidrIp: 0.0.0.0/0\n",
        cloudformation_good: "Resources:\n  Files:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: files\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 445\n          ToPort: 445\n          CidrIp: 10.0.0.0/16\n",
    },
    file: file!(),
};

impl Check for Ec2SecurityGroupCifsRestricted {
    type Subject = SecurityGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, _subject: &SecurityGroup, resource: &Resource, _: &Inventory) -> Outcome {
        static PASS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        judge_world_ports(resource, CIFS_PORTS, Family::Any, &PASS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::test_helpers::*;
    use crate::rule::testing;
    use cloudward_model::ec2::Peer;
    use cloudward_model::{Status, Value};

    fn judge(ingress: Value<Vec<cloudward_model::ec2::SecurityGroupRule>>) -> Status {
        testing::outcome_in(
            &Ec2SecurityGroupCifsRestricted,
            &group("sg-1", ingress),
            &Inventory::new(),
        )
        .status()
    }

    #[test]
    fn smb_from_the_world_fails() {
        assert_eq!(
            judge(Value::Known(vec![perm("tcp", 445, 445, v4_world())])),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(vec![perm("tcp", 1, 1000, v6_world())])),
            Status::Fail
        );
    }

    #[test]
    fn smb_from_a_private_range_passes() {
        assert_eq!(
            judge(Value::Known(vec![perm(
                "tcp",
                445,
                445,
                Peer::Ipv4("10.0.0.0/8".into())
            )])),
            Status::Pass
        );
    }

    #[test]
    fn unreadable_rules_are_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
