//! RDS DB instances keep automated backups for the required number of days.

use cloudward_model::rds::DbInstance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::{cluster_setting, judge_backup_retention};
use crate::Check;

/// Reads `BackupRetentionPeriod` against `thresholds.backup_retention_days` (default 7). Read
/// replicas keep no backups of their own and are not judged; cluster members are judged on
/// the cluster.
pub struct RdsInstanceBackupRetentionSufficient;

const META: RuleMeta = RuleMeta {
    id: "rds-instance-backup-retention-sufficient",
    title: "RDS DB instances keep automated backups for the required number of days",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbInstance::KINDS,
    checks: "For each stand-alone DB instance that is not a read replica, whether BackupRetentionPeriod is at least thresholds.backup_retention_days (cloudward.toml, default 7).",
    rationale: "Automated backups give point-in-time recovery within the retention window. With backups off, or kept for a day or two, data destroyed by mistake, by a bad migration or by ransomware cannot be recovered once the problem is noticed, which is often days later.",
    remediation: Remediation {
        console: "RDS console > Databases > <instance> > Modify > Backup > Backup retention period: 7 days or more > Continue > Apply immediately.",
        cli: "aws rds modify-db-instance --db-instance-identifier <instance> --backup-retention-period 7 --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  backup_retention_period = 7\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.11"],
        well_architected: &["SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  backup_retention_period     = 1\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  backup_retention_period     = 7\n}\n",
        cloudformation_bad: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      BackupRetentionPeriod: \"0\"\n",
        cloudformation_good: "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: \"16.3\"\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: \"20\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      BackupRetentionPeriod: \"14\"\n",
    },
    file: file!(),
};

impl Check for RdsInstanceBackupRetentionSufficient {
    type Subject = DbInstance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, db: &DbInstance, _: &Resource, inventory: &Inventory) -> Outcome {
        if let Some(na) = cluster_setting(
            db,
            "backup retention",
            "rds-cluster-backup-retention-sufficient",
        ) {
            return na;
        }
        if let Some(source) = &db.read_replica_source {
            return Outcome::not_applicable(format!(
                "a read replica of {source}: replicas keep no automated backups of their own"
            ));
        }
        judge_backup_retention(&db.backup_retention_period, inventory)
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
        testing::judge(&RdsInstanceBackupRetentionSufficient, &instance_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.backup_retention_period = Value::Known(3);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.backup_retention_period = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }

    #[test]
    fn cluster_members_are_judged_on_the_cluster() {
        let mut s = member();
        s.backup_retention_period = Value::Known(3);
        assert_eq!(
            testing::judge(&RdsInstanceBackupRetentionSufficient, &instance_resource(s)),
            Status::NotApplicable
        );
    }

    #[test]
    fn the_threshold_comes_from_settings() {
        let mut inv = Inventory::new();
        inv.settings.thresholds.backup_retention_days = 14;
        let r = instance_resource(instance());
        assert_eq!(
            testing::judge_in(&RdsInstanceBackupRetentionSufficient, &r, &inv),
            Status::Fail
        );
    }

    #[test]
    fn read_replicas_are_not_applicable() {
        let mut db = instance();
        db.read_replica_source = Some("primary".into());
        db.backup_retention_period = Value::Known(0);
        let r = instance_resource(db);
        assert_eq!(
            testing::judge(&RdsInstanceBackupRetentionSufficient, &r),
            Status::NotApplicable
        );
    }
}
