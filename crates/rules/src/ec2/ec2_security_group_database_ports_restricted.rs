//! No security group admits the internet to database, cache or search ports.

use cloudward_model::ec2::SecurityGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::ec2::{judge_world_ports, Family, DATABASE_PORTS};
use crate::Check;

/// Scans ingress for `0.0.0.0/0` or `::/0` admitting TCP 1433, 1521, 3306, 5432, 5439, 6379,
/// 9200, 11211 or 27017. Only TCP is judged (Memcached's UDP 11211 amplification vector is
/// caught when the permission is all-traffic); the severity is the highest of the cited FSBP
/// controls (EC2.18), because a reachable data store is one credential away from a breach.
pub struct Ec2SecurityGroupDatabasePortsRestricted;

const META: RuleMeta = RuleMeta {
    id: "ec2-security-group-database-ports-restricted",
    title: "Security groups do not allow ingress from the internet to database ports",
    severity: Severity::High,
    service: "ec2",
    kinds: SecurityGroup::KINDS,
    checks: "For each security group, whether an ingress permission with source 0.0.0.0/0 or \
             ::/0 admits TCP 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 5432 \
             (PostgreSQL), 5439 (Redshift), 6379 (Redis), 9200 (Elasticsearch/OpenSearch), \
             11211 (Memcached) or 27017 (MongoDB).",
    rationale: "Data stores reachable from the internet are found by mass scanners and hit \
                with credential stuffing, default-credential and unauthenticated-access attacks \
                (open Redis, MongoDB and Elasticsearch instances are wiped and ransomed at \
                scale). Databases belong in private subnets, reachable only from the \
                application tier's security group.",
    remediation: Remediation {
        console: "EC2 console > Security Groups > <group> > Inbound rules > Edit inbound rules: \
                  replace the 0.0.0.0/0 or ::/0 source of the database port with the \
                  application tier's security group.",
        cli: "aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port <port> --cidr 0.0.0.0/0\n\
              aws ec2 authorize-security-group-ingress --group-id <sg-id> --protocol tcp --port <port> --source-group <app-sg-id>",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"postgres\" {\n  security_group_id            = aws_security_group.db.id\n  ip_protocol                  = \"tcp\"\n  from_port                    = 5432\n  to_port                      = 5432\n  referenced_security_group_id = aws_security_group.app.id\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules-reference.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EC2.18", "EC2.19"],
        well_architected: &["SEC05-BP01", "SEC05-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_security_group\" \"db\" {\n  name   = \"db\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port   = 5432\n    to_port     = 5432\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        terraform_good: "resource \"aws_security_group\" \"db\" {\n  name   = \"db\"\n  vpc_id = \"vpc-0123456789abcdef0\"\n\n  ingress {\n    from_port   = 5432\n    to_port     = 5432\n    protocol    = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/16\"]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: db\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 3306\n          ToPort: 3306\n          CidrIp: 0.0.0.0/0\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: db\n      VpcId: vpc-0123456789abcdef0\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 3306\n          ToPort: 3306\n          CidrIp: 10.0.0.0/16\n",
    },
    file: file!(),
};

impl Check for Ec2SecurityGroupDatabasePortsRestricted {
    type Subject = SecurityGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, _subject: &SecurityGroup, resource: &Resource, _: &Inventory) -> Outcome {
        static PASS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        judge_world_ports(resource, DATABASE_PORTS, Family::Any, &PASS)
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
            &Ec2SecurityGroupDatabasePortsRestricted,
            &group("sg-1", ingress),
            &Inventory::new(),
        )
    }

    #[test]
    fn each_database_port_from_either_family_fails() {
        for (port, _) in DATABASE_PORTS {
            for peer in [v4_world(), v6_world()] {
                let out = judge(Value::Known(vec![perm("tcp", *port, *port, peer)]));
                assert_eq!(out.status(), Status::Fail, "port {port}");
            }
        }
    }

    #[test]
    fn evidence_lists_every_port_a_range_opens() {
        match judge(Value::Known(vec![perm("tcp", 5000, 6500, v4_world())])) {
            Outcome::Fail(e) => assert_eq!(
                e.message,
                "ingress[0]: tcp 5000-6500 from 0.0.0.0/0 opens 5432 (PostgreSQL), 5439 (Redshift), 6379 (Redis)"
            ),
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn web_ports_pass() {
        let out = judge(Value::Known(vec![
            perm("tcp", 80, 80, v4_world()),
            perm("tcp", 443, 443, v6_world()),
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
