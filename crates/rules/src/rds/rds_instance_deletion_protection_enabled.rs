//! RDS DB instances have deletion protection enabled.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::cluster_setting;
use crate::rule::flag;
use crate::Check;

/// Reads `DeletionProtection`. For a cluster member deletion protection is the cluster's.
pub struct RdsInstanceDeletionProtectionEnabled;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-deletion-protection-enabled",
    title: "RDS DB instances have deletion protection enabled",
    severity: Severity::Low,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone DB instance, whether DeletionProtection is true.",
    rationale: "Deletion protection makes DeleteDBInstance fail until the setting is turned off, so a mistaken command, a runaway script or an attacker with delete rights cannot remove the database in one call.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Deletion protection: Enable > Continue > Apply immediately.",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --deletion-protection --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  deletion_protection = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.8"],
        well_architected: &["SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  deletion_protection         = true\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      DeletionProtection: false\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      DeletionProtection: true\n",
    },
    file: file!(),
};

impl Check for RdsInstanceDeletionProtectionEnabled {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(na) = cluster_setting(
            db,
            "deletion protection",
            "rds-cluster-deletion-protection-enabled",
        ) {
            return na;
        }
        flag(
            &db.deletion_protection,
            "deletion_protection",
            "deletion protection is enabled",
            "deletion protection is disabled",
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
        testing::judge(&RdsInstanceDeletionProtectionEnabled, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.deletion_protection = Value::Known(false);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.deletion_protection = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }

    #[test]
    fn cluster_members_are_judged_on_the_cluster() {
        let mut s = member();
        s.deletion_protection = Value::Known(false);
        assert_eq!(
            testing::judge(&RdsInstanceDeletionProtectionEnabled, &instance_resource(s)),
            Status::NotApplicable
        );
    }
}
