//! RDS DB clusters encrypt their storage at rest.

use cloudward_model::rds::DbCluster;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the cluster's `StorageEncrypted`.
pub struct RdsClusterStorageEncrypted;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-storage-encrypted",
    title: "RDS DB clusters encrypt their storage at rest",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbCluster::KINDS,
    checks: "For each DB cluster (Aurora or Multi-AZ), whether StorageEncrypted is true.",
    rationale: "An unencrypted cluster leaves its volume, automated backups and snapshots readable by whoever obtains a copy. Encryption is chosen at creation: an existing cluster must be restored from an encrypted copy of a snapshot.",
    remediation: Remediation {
        console: "RDS console > Snapshots > take a cluster snapshot > Actions > Copy snapshot > Enable encryption > restore the encrypted copy as a new cluster and move clients to it.",
        cli: "aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier <snap> --target-db-cluster-snapshot-identifier <snap>-enc --kms-key-id <kms-key-arn>\naws rds restore-db-cluster-from-snapshot --db-cluster-identifier <cluster>-enc --snapshot-identifier <snap>-enc --engine <engine>",
        terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-27"],
    frameworks: Frameworks {
        cis_v7: &["3.2.1"],
        cis_v6: &["3.2.1"],
        cis_v5: &["2.2.1"],
        cis_v3: &["2.3.1"],
        fsbp: &["RDS.27"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  storage_encrypted           = true\n}\n",
        cloudformation_bad: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n",
        cloudformation_good: "Resources:\n  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: \"16.2\"\n      MasterUsername: app_owner\n      ManageMasterUserPassword: true\n      StorageEncrypted: true\n",
    },
    file: file!(),
};

impl Check for RdsClusterStorageEncrypted {
    type Subject = DbCluster;
    const META: &'static RuleMeta = &META;

    fn judge(&self, cluster: &DbCluster, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &cluster.storage_encrypted,
            "storage_encrypted",
            "storage is encrypted at rest",
            "storage is not encrypted at rest",
        )
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
        testing::judge(&RdsClusterStorageEncrypted, &cluster_resource(s))
    }

    #[test]
    fn secure_passes() {
        assert_eq!(judge(|_| {}), Status::Pass);
    }

    #[test]
    fn insecure_fails() {
        assert_eq!(
            judge(|s| {
                s.storage_encrypted = Value::Known(false);
            }),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(|s| {
                s.storage_encrypted = Value::unknown("denied");
            }),
            Status::Unknown
        );
    }
}
