//! RDS DB instances have IAM database authentication enabled.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::{cluster_setting, Family};
use crate::rule::flag;
use crate::Check;

/// Reads `IAMDatabaseAuthenticationEnabled` for the engines that support it (MySQL, MariaDB,
/// PostgreSQL); other engines are NotApplicable, cluster members are judged on the cluster.
pub struct RdsInstanceIamAuthenticationEnabled;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-iam-authentication-enabled",
    title: "RDS DB instances have IAM database authentication enabled",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone MySQL, MariaDB or PostgreSQL DB instance, whether IAMDatabaseAuthenticationEnabled is true. Other engines do not support it and are not applicable.",
    rationale: "IAM database authentication replaces long-lived database passwords with 15-minute tokens issued to IAM principals, so access is granted and revoked in IAM, logged in CloudTrail, and no password sits in application configuration.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Database authentication > Password and IAM database authentication > Continue > Apply immediately.",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --enable-iam-database-authentication --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  iam_database_authentication_enabled = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-10"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.10"],
        well_architected: &["SEC02-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  iam_database_authentication_enabled = true\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      EnableIAMDatabaseAuthentication: true\n",
    },
    file: file!(),
};

impl Check for RdsInstanceIamAuthenticationEnabled {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(na) = cluster_setting(
            db,
            "IAM database authentication",
            "rds-cluster-iam-authentication-enabled",
        ) {
            return na;
        }
        let engine = match db.engine.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(e) => e,
        };
        if !Family::of(engine).supports_iam_auth() {
            return Outcome::not_applicable(format!(
                "engine {engine} does not support IAM database authentication"
            ));
        }
        flag(
            &db.iam_database_authentication_enabled,
            "iam_database_authentication_enabled",
            "IAM database authentication is enabled",
            "IAM database authentication is disabled: only database passwords are accepted",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{instance, instance_resource, member};
    use crate::rule::testing;
    use cloudward_model::rds::DbInstance;
    use cloudward_model::{Status, Value};

    fn judge(change: impl FnOnce(&mut DbInstance)) -> Status {
        let mut s = instance();
        change(&mut s);
        testing::judge(&RdsInstanceIamAuthenticationEnabled, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.iam_database_authentication_enabled = Value::Known(false);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.iam_database_authentication_enabled = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }

    #[test]
    fn cluster_members_are_judged_on_the_cluster() {
        let mut s = member();
        s.iam_database_authentication_enabled = Value::Known(false);
        assert_eq!(
            testing::judge(&RdsInstanceIamAuthenticationEnabled, &instance_resource(s)),
            Status::NotApplicable
        );
    }

    #[test]
    fn oracle_is_not_applicable() {
        let mut db = instance();
        db.engine = Value::Known("oracle-ee".into());
        db.iam_database_authentication_enabled = Value::Known(false);
        let r = instance_resource(db);
        assert_eq!(
            testing::judge(&RdsInstanceIamAuthenticationEnabled, &r),
            Status::NotApplicable
        );
    }
}
