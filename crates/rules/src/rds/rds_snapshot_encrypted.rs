//! RDS DB snapshots are encrypted at rest.

use cloudward_model::rds::DbSnapshot;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the snapshot's `Encrypted`, inherited from its source.
pub struct RdsSnapshotEncrypted;

const META: RuleMeta = RuleMeta {
    id: "rds-snapshot-encrypted",
    title: "RDS DB snapshots are encrypted at rest",
    severity: Severity::Medium,
    service: "rds",
    kinds: DbSnapshot::KINDS,
    checks: "For each DB snapshot, whether it is encrypted (Encrypted).",
    rationale: "A snapshot is a complete copy of the database. Unencrypted, it can be shared, copied or restored without any key policy standing in the way, and encryption cannot be added except by copying it with a KMS key.",
    remediation: Remediation {
        console: "RDS console > Snapshots > <snapshot> > Actions > Copy snapshot > Enable encryption (choose a KMS key) > Copy; then delete the unencrypted snapshot.",
        cli: "aws rds copy-db-snapshot --source-db-snapshot-identifier <snapshot> --target-db-snapshot-identifier <snapshot>-enc --kms-key-id <kms-key-arn>",
        terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  storage_encrypted = true\n}",
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
    // CloudFormation has no resource for DB snapshots.
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_db_snapshot\" \"manual\" {\n  db_instance_identifier = aws_db_instance.db.identifier\n  db_snapshot_identifier = \"app-db-manual\"\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n  storage_encrypted           = true\n}\n\nresource \"aws_db_snapshot\" \"manual\" {\n  db_instance_identifier = aws_db_instance.db.identifier\n  db_snapshot_identifier = \"app-db-manual\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for RdsSnapshotEncrypted {
    type Subject = DbSnapshot;
    const META: &'static RuleMeta = &META;

    fn judge(&self, snapshot: &DbSnapshot, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &snapshot.encrypted,
            "encrypted",
            "the snapshot is encrypted",
            "the snapshot is not encrypted",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::rds::DbSnapshot;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(value: Value<bool>) -> Status {
        let mut s = DbSnapshot {
            db_snapshot_identifier: "snap-1".into(),
            db_instance_identifier: "db-1".into(),
            snapshot_type: "manual".into(),
            encrypted: Value::Known(true),
            restore_attribute_values: Value::Known(vec![]),
        };
        s.encrypted = value;
        let r = test_support::resource("snap-1", Attributes::RdsDbSnapshot(s));
        let mut inv = Inventory::new();
        inv.account_id = Some(test_support::TEST_ACCOUNT.into());
        testing::judge_in(&RdsSnapshotEncrypted, &r, &inv)
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
