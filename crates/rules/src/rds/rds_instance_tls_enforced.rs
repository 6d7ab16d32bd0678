//! RDS DB instances reject connections that do not use TLS.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind, RuleMeta,
    Severity, Subject,
};

use crate::rds::{cluster_setting, judge_tls, TlsSubject};
use crate::Check;

/// Reads the instance's DB parameter group (an `RdsDbParameterGroup` in the same region):
/// `rds.force_ssl` for PostgreSQL and SQL Server, `require_secure_transport` for MySQL and
/// MariaDB. A parameter the group does not set has AWS's default for the engine version
/// (PostgreSQL 15+, MySQL 9.7+, MariaDB 11.8+ enforce TLS by default). Oracle enforces TLS
/// through an option group and is NotApplicable; cluster members use the cluster's group.
pub struct RdsInstanceTlsEnforced;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-tls-enforced",
    title: "RDS DB instances reject connections that do not use TLS",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone PostgreSQL, SQL Server, MySQL or MariaDB DB instance, whether its DB parameter group sets rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = ON/1 (MySQL, MariaDB), or leaves it at a default that does (PostgreSQL 15 and later, MySQL 9.7 and later, MariaDB 11.8 and later).",
    rationale: "Without the parameter, a client that does not ask for TLS sends credentials and query results in clear text across the network, where anyone on the path can read or alter them. Enforcing TLS on the server makes a misconfigured client fail instead of silently downgrading.",
    remediation: Remediation {
        console: "RDS console > Parameter groups > create a group for the engine family > Edit > rds.force_ssl = 1 (or require_secure_transport = ON) > Save > Databases > <instance> > Modify > DB parameter group > Apply (reboot for static parameters).",
        cli: "aws rds create-db-parameter-group --db-parameter-group-name <group> --db-parameter-group-family <family> --description tls\naws rds modify-db-parameter-group --db-parameter-group-name <group> --parameters ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=pending-reboot\naws rds modify-db-instance --db-instance-identifier <instance> --db-parameter-group-name <group>",
        terraform: "resource \"aws_db_parameter_group\" \"tls\" {\n  family = \"postgres14\"\n  parameter {\n    name  = \"rds.force_ssl\"\n    value = \"1\"\n  }\n}\n\nresource \"aws_db_instance\" \"this\" {\n  # ...\n  parameter_group_name = aws_db_parameter_group.tls.name\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-41"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.41", "RDS.44"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"14.9\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_db_parameter_group\" \"tls\" {\n  name   = \"app-db-tls\"\n  family = \"postgres14\"\n  parameter {\n    name  = \"rds.force_ssl\"\n    value = \"1\"\n  }\n}\n\nresource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"14.9\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  parameter_group_name        = aws_db_parameter_group.tls.name\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"14.9\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Params:\n    Type: AWS::RDS::DBParameterGroup\n    Properties:\n      Family: postgres14\n      Description: require TLS\n      Parameters:\n        rds.force_ssl: \"1\"\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"14.9\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      DBParameterGroupName: !Ref Params\n",
    },
    file: file!(),
};

impl Check for RdsInstanceTlsEnforced {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, resource: &Resource, inventory: &Inventory) -> Outcome {
        if let Some(na) = cluster_setting(db, "TLS enforcement", "rds-cluster-tls-enforced") {
            return na;
        }
        judge_tls(
            &TlsSubject {
                engine: &db.engine,
                engine_version: &db.engine_version,
                group: &db.db_parameter_group_name,
                group_kind: ResourceKind::RdsDbParameterGroup,
                attribute: "db_parameter_group_name",
            },
            resource,
            inventory,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{instance, instance_resource, member};
    use crate::rule::testing;
    use cloudward_model::rds::DbParameterGroup;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn with_group(value: Option<&str>) -> Inventory {
        let mut inv = Inventory::new();
        inv.push(test_support::resource(
            "secure-pg",
            Attributes::RdsDbParameterGroup(DbParameterGroup {
                db_parameter_group_name: "secure-pg".into(),
                parameters: Value::Known(
                    value
                        .map(|v| ("rds.force_ssl".to_string(), v.to_string()))
                        .into_iter()
                        .collect(),
                ),
            }),
        ));
        inv
    }

    fn judge(db: cloudward_model::rds::DbInstance, inv: &Inventory) -> Status {
        testing::judge_in(&RdsInstanceTlsEnforced, &instance_resource(db), inv)
    }

    #[test]
    fn force_ssl_on_passes() {
        assert_eq!(judge(instance(), &with_group(Some("1"))), Status::Pass);
    }

    #[test]
    fn force_ssl_off_fails() {
        assert_eq!(judge(instance(), &with_group(Some("0"))), Status::Fail);
    }

    #[test]
    fn defaults_follow_the_engine_version() {
        // PostgreSQL 16 enforces TLS by default; 14 does not.
        assert_eq!(judge(instance(), &with_group(None)), Status::Pass);
        let mut old = instance();
        old.engine_version = Value::Known(Some("14.9".into()));
        assert_eq!(judge(old.clone(), &with_group(None)), Status::Fail);
        old.db_parameter_group_name = Value::Known(None);
        assert_eq!(judge(old, &Inventory::new()), Status::Fail);
    }

    #[test]
    fn a_missing_group_is_unknown_and_members_are_not_applicable() {
        assert_eq!(judge(instance(), &Inventory::new()), Status::Unknown);
        let mut denied = Inventory::new();
        denied.push(test_support::resource(
            "secure-pg",
            Attributes::RdsDbParameterGroup(DbParameterGroup {
                db_parameter_group_name: "secure-pg".into(),
                parameters: Value::unknown("rds:DescribeDBParameters denied"),
            }),
        ));
        assert_eq!(judge(instance(), &denied), Status::Unknown);
        assert_eq!(
            judge(member(), &with_group(Some("0"))),
            Status::NotApplicable
        );
    }
}
