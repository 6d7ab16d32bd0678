//! RDS DB clusters keep automated backups for the required number of days.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::judge_backup_retention;
use crate::Check;

/// Reads the cluster's `BackupRetentionPeriod` against `thresholds.backup_retention_days`.
/// FSBP RDS.11 judges each instance; for cluster members the retention is the cluster's, so
/// it is judged here.
pub struct RdsClusterBackupRetentionSufficient;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-backup-retention-sufficient",
    title: "RDS DB clusters keep automated backups for the required number of days",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster, whether BackupRetentionPeriod is at least thresholds.backup_retention_days (cloudward.toml, default 7).",
    rationale: "A cluster's automated backups are its point-in-time recovery window. Kept for the minimum of one day, damage noticed after a weekend cannot be undone.",
    remediation: Remediation {
        console: "RDS console > Databases > <cluster> > Modify > Backup > Backup retention period: 7 days or more > Continue > Apply immediately.",
        cli: "aws rds modify-db-cluster --db-cluster-identifier <cluster> --backup-retention-period 7 --apply-immediately",
        terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  backup_retention_period = 7\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.11"],
        well_architected: &["SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  backup_retention_period     = 7\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      BackupRetentionPeriod: \"35\"\n",
    },
    file: file!(),
};

impl Check for RdsClusterBackupRetentionSufficient {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, _: &Resource, inventory: &Inventory) -> Outcome {
        judge_backup_retention(&cluster.backup_retention_period, inventory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rds::test_helpers::{cluster, cluster_resource};
    use crate::rule::testing;
    use cloudward_model::rds::DbCluster;
    use cloudward_model::{Status, Value};

    fn judge(change: impl FnOnce(&mut DbCluster)) -> Status {
        let mut s = cluster();
        change(&mut s);
        testing::judge(&RdsClusterBackupRetentionSufficient, &cluster_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.backup_retention_period = Value::Known(1);
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
}
