//! RDS DB cluster snapshots are encrypted at rest.

use cloudward_model::rds::DbClusterSnapshot;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the snapshot's `StorageEncrypted`, inherited from its source.
pub struct RdsClusterSnapshotEncrypted;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-snapshot-encrypted",
    title: "RDS DB cluster snapshots are encrypted at rest",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbClusterSnapshot::KINDS,
    checks: "For each DB cluster snapshot, whether it is encrypted (StorageEncrypted).",
    rationale: "A snapshot is a complete copy of the database. Unencrypted, it can be shared, copied or restored without any key policy standing in the way, and encryption cannot be added except by copying it with a KMS key.",
    remediation: Remediation {
        console: "RDS console > Snapshots > <snapshot> > Actions > Copy snapshot > Enable encryption (choose a KMS key) > Copy; then delete the unencrypted snapshot.",
        cli: "aws rds copy-db-cluster-snapshot --source-db-cluster-snapshot-identifier <snapshot> --target-db-cluster-snapshot-identifier <snapshot>-enc --kms-key-id <kms-key-arn>",
        terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  storage_encrypted = true\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CopySnapshot.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-4"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.4"],
        well_architected: &["SEC08-BP02"],
    },
    // CloudFormation has no resource for DB cluster snapshots.
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_db_cluster_snapshot\" \"manual\" {\n  db_cluster_identifier          = aws_rds_cluster.db.id\n  db_cluster_snapshot_identifier = \"app-cluster-manual\"\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n  storage_encrypted           = true\n}\n\nresource \"aws_db_cluster_snapshot\" \"manual\" {\n  db_cluster_identifier          = aws_rds_cluster.db.id\n  db_cluster_snapshot_identifier = \"app-cluster-manual\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for RdsClusterSnapshotEncrypted {
    type Subject = DbClusterSnapshot;
    const META: &'static RuleMeta = &META;

    fn judge(&self, snapshot: &DbClusterSnapshot, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &snapshot.storage_encrypted,
            "storage_encrypted",
            "the snapshot is encrypted",
            "the snapshot is not encrypted",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::rds::DbClusterSnapshot;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(value: Value<bool>) -> Status {
        let mut s = DbClusterSnapshot {
            db_cluster_snapshot_identifier: "snap-1".into(),
            db_cluster_identifier: "cluster-1".into(),
            snapshot_type: "manual".into(),
            storage_encrypted: Value::Known(true),
            restore_attribute_values: Value::Known(vec![]),
        };
        s.storage_encrypted = value;
        let r = test_support::resource("snap-1", Attributes::RdsDbClusterSnapshot(s));
        let mut inv = Inventory::new();
        inv.account_id = Some(test_support::TEST_ACCOUNT.into());
        testing::judge_in(&RdsClusterSnapshotEncrypted, &r, &inv)
    }

    #[test]
    fn passes() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
    }

    #[test]
    fn fails() {
        assert_eq!(judge(Value::Known(false)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
