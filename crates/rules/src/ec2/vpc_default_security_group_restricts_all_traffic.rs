//! The default security group of every VPC has no rules.

use cloudward_model::ec2::SecurityGroup;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::ec2::{describe_peer, describe_rule};
use crate::Check;

/// Judges groups named `default` that belong to a VPC (the group AWS creates with every VPC and
/// attaches to anything launched without a group); other groups are not applicable. Both lists
/// must be empty: AWS creates the default group with an allow-all egress rule and a self-
/// referencing ingress rule, and both have to be removed.
pub struct VpcDefaultSecurityGroupRestrictsAllTraffic;

const META: RuleMeta = RuleMeta {
    id: "vpc-default-security-group-restricts-all-traffic",
    title: "The default security group of every VPC allows no inbound or outbound traffic",
    severity: Severity::High,
    service: "ec2",
    kinds: SecurityGroup::KINDS,
    checks: "For each VPC's default security group (group name `default`), whether it has no \
             inbound and no outbound rules.",
    rationale: "Anything launched without an explicit security group lands in the default \
                group. With its initial rules, all such resources can talk to each other and \
                to anywhere outbound, which lets a mistake or a compromise spread laterally. An \
                empty default group forces every workload to state the traffic it needs.",
    remediation: Remediation {
        console: "VPC console > Security groups > filter Group name = default > for each VPC: \
                  Inbound rules > Edit > delete all; Outbound rules > Edit > delete all. Move \
                  any resource still using it to a purpose-built group first.",
        cli: "aws ec2 revoke-security-group-ingress --group-id <default-sg-id> \
              --ip-permissions \"$(aws ec2 describe-security-groups --group-ids <default-sg-id> --query 'SecurityGroups[0].IpPermissions')\"\n\
              aws ec2 revoke-security-group-egress --group-id <default-sg-id> \
              --ip-permissions \"$(aws ec2 describe-security-groups --group-ids <default-sg-id> --query 'SecurityGroups[0].IpPermissionsEgress')\"",
        terraform: "# Adopting the default group with no ingress/egress blocks removes all its rules.\nresource \"aws_default_security_group\" \"default\" {\n  vpc_id = aws_vpc.main.id\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2",
    ],
    frameworks: Frameworks {
        cis_v7: &["6.5"],
        cis_v6: &["6.5"],
        cis_v5: &["5.5"],
        cis_v3: &["5.4"],
        fsbp: &["EC2.2"],
        well_architected: &["SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_default_security_group\" \"default\" {\n  vpc_id = aws_vpc.main.id\n\n  ingress {\n    protocol  = \"-1\"\n    self      = true\n    from_port = 0\n    to_port   = 0\n  }\n\n  egress {\n    protocol    = \"-1\"\n    from_port   = 0\n    to_port     = 0\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        terraform_good: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_default_security_group\" \"default\" {\n  vpc_id = aws_vpc.main.id\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for VpcDefaultSecurityGroupRestrictsAllTraffic {
    type Subject = SecurityGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, group: &SecurityGroup, _: &Resource, _: &Inventory) -> Outcome {
        if group.group_name != "default" || group.vpc_id.is_none() {
            return Outcome::not_applicable("not a VPC's default security group");
        }
        let (ingress, egress) = match (group.ingress.get(), group.egress.get()) {
            (Ok(i), Ok(e)) => (i, e),
            (Err(reason), _) | (_, Err(reason)) => return Outcome::unknown(reason),
        };
        let mut rules: Vec<String> = ingress
            .iter()
            .enumerate()
            .map(|(i, r)| {
                format!(
                    "ingress[{i}]: {} from {}",
                    describe_rule(r),
                    describe_peer(&r.peer)
                )
            })
            .collect();
        rules.extend(egress.iter().enumerate().map(|(i, r)| {
            format!(
                "egress[{i}]: {} to {}",
                describe_rule(r),
                describe_peer(&r.peer)
            )
        }));
        if rules.is_empty() {
            return Outcome::Pass(Evidence::at(
                "ingress",
                "the default security group has no inbound or outbound rules",
            ));
        }
        let attribute = if ingress.is_empty() {
            "egress[0]"
        } else {
            "ingress[0]"
        };
        Outcome::Fail(Evidence::at(
            attribute,
            format!(
                "the default security group still has rules: {}",
                rules.join("; ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::test_helpers::*;
    use crate::rule::testing;
    use cloudward_model::ec2::{Peer, SecurityGroupRule};
    use cloudward_model::{Attributes, Status, Value};

    fn default_group(
        ingress: Value<Vec<SecurityGroupRule>>,
        egress: Value<Vec<SecurityGroupRule>>,
    ) -> Resource {
        let mut r = group("sg-default", ingress);
        if let Attributes::Ec2SecurityGroup(g) = &mut r.attributes {
            g.group_name = "default".into();
            g.egress = egress;
        }
        r
    }

    #[test]
    fn empty_default_group_passes() {
        let r = default_group(Value::Known(vec![]), Value::Known(vec![]));
        assert_eq!(
            testing::judge(&VpcDefaultSecurityGroupRestrictsAllTraffic, &r),
            Status::Pass
        );
    }

    #[test]
    fn aws_initial_rules_fail() {
        let r = default_group(
            Value::Known(vec![perm(
                "-1",
                -1,
                -1,
                Peer::SecurityGroup("sg-default".into()),
            )]),
            Value::Known(vec![perm("-1", -1, -1, v4_world())]),
        );
        match testing::outcome_in(
            &VpcDefaultSecurityGroupRestrictsAllTraffic,
            &r,
            &Inventory::new(),
        ) {
            Outcome::Fail(e) => {
                assert!(e
                    .message
                    .contains("ingress[0]: all traffic from security group sg-default"));
                assert!(e.message.contains("egress[0]: all traffic to 0.0.0.0/0"));
                assert_eq!(e.attribute.as_deref(), Some("ingress[0]"));
            }
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn other_groups_are_not_applicable() {
        let r = group("sg-web", Value::Known(vec![perm("-1", -1, -1, v4_world())]));
        assert_eq!(
            testing::judge(&VpcDefaultSecurityGroupRestrictsAllTraffic, &r),
            Status::NotApplicable
        );
    }

    #[test]
    fn unreadable_rules_are_unknown() {
        let r = default_group(Value::Known(vec![]), Value::unknown("AccessDenied"));
        assert_eq!(
            testing::judge(&VpcDefaultSecurityGroupRestrictsAllTraffic, &r),
            Status::Unknown
        );
    }
}
