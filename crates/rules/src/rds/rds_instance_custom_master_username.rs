//! RDS DB instances do not use a default master user name.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::{cluster_setting, judge_master_username};
use crate::Check;

/// Reads `MasterUsername` against well-known defaults (`admin`, `postgres`, `root`, `master`,
/// `sa`, ...), compared case-insensitively. Read replicas have none of their own.
pub struct RdsInstanceCustomMasterUsername;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-custom-master-username",
    title: "RDS DB instances do not use a default master user name",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone DB instance, whether MasterUsername is not one of admin, administrator, root, master, postgres, sa, mysql, dbadmin, awsuser (any case).",
    rationale: "A default master user name gives an attacker half of the credential: password spraying and brute force against an exposed endpoint start with admin and postgres. A custom name also makes the privileged account stand out in logs.",
    remediation: Remediation {
        console: "The master user name cannot be changed in place: create the instance with a custom name (or restore a snapshot into a new instance with one), create a custom administrative user and retire the default one.",
        cli: "aws rds restore-db-instance-from-db-snapshot --db-instance-identifier <new-instance> --db-snapshot-identifier <snapshot>  # then create a custom admin user in the engine and lock the default one",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  username = \"app_owner\"\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.MasterAccounts.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-25"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.25"],
        well_architected: &["SEC02-BP05"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"postgres\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: admin\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
    },
    file: file!(),
};

impl Check for RdsInstanceCustomMasterUsername {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(na) =
            cluster_setting(db, "the master user", "rds-cluster-custom-master-username")
        {
            return na;
        }
        judge_master_username(&db.master_username)
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
        testing::judge(&RdsInstanceCustomMasterUsername, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.master_username = Value::Known(Some("Admin".into()));
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.master_username = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }

    #[test]
    fn cluster_members_are_judged_on_the_cluster() {
        let mut s = member();
        s.master_username = Value::Known(Some("Admin".into()));
        assert_eq!(
            testing::judge(&RdsInstanceCustomMasterUsername, &instance_resource(s)),
            Status::NotApplicable
        );
    }
}
