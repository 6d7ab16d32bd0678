//! RDS DB cluster snapshots are not public.

use cloudward_model::rds::DbClusterSnapshot;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::judge_public;
use crate::Check;

/// Reads the snapshot's `restore` attribute (`DescribeDBClusterSnapshotAttributes`): the value `all` makes it public.
pub struct RdsClusterSnapshotNotPublic;

const META: RuleMeta = RuleMeta {
    id: "rds-cluster-snapshot-not-public",
    title: "RDS DB cluster snapshots are not public",
    severity: Severity::Critical,
    service: "rds",
    kinds: DbClusterSnapshot::KINDS,
    checks: "For each manual DB cluster snapshot, whether its restore attribute includes all (public). Automated snapshots cannot be shared.",
    rationale: "Any AWS account can copy a public snapshot and restore it into a database of its own, with every row, password hash and secret it holds. Public RDS snapshots are searched for systematically.",
    remediation: Remediation {
        console: "RDS console > Snapshots > <snapshot> > Actions > Share snapshot > DB snapshot visibility: Private > Save.",
        cli: "aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <snapshot> --attribute-name restore --values-to-remove all",
        terraform: "resource \"aws_db_cluster_snapshot\" \"this\" {\n  # ...\n  shared_accounts = []\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["RDS.1"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    // CloudFormation has no resource for DB cluster snapshots.
    examples: Examples {
        terraform_bad: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_db_cluster_snapshot\" \"manual\" {\n  db_cluster_identifier          = aws_rds_cluster.db.id\n  db_cluster_snapshot_identifier = \"app-cluster-manual\"\n  shared_accounts                = [\"all\"]\n}\n",
        terraform_good: "resource \"aws_rds_cluster\" \"db\" {\n  cluster_identifier          = \"app-cluster\"\n  engine                      = \"aurora-postgresql\"\n  engine_version              = \"16.2\"\n  master_username             = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_db_cluster_snapshot\" \"manual\" {\n  db_cluster_identifier          = aws_rds_cluster.db.id\n  db_cluster_snapshot_identifier = \"app-cluster-manual\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for RdsClusterSnapshotNotPublic {
    type Subject = DbClusterSnapshot;
    const META: &'static RuleMeta = &META;

    fn judge(&self, snapshot: &DbClusterSnapshot, _: &Resource, _: &Inventory) -> Outcome {
        judge_public(&snapshot.restore_attribute_values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::rds::DbClusterSnapshot;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(value: Value<Vec<String>>) -> Status {
        let mut s = DbClusterSnapshot {
            db_cluster_snapshot_identifier: "snap-1".into(),
            db_cluster_identifier: "cluster-1".into(),
            snapshot_type: "manual".into(),
            storage_encrypted: Value::Known(true),
            restore_attribute_values: Value::Known(vec![]),
        };
        s.restore_attribute_values = value;
        let r = test_support::resource("snap-1", Attributes::RdsDbClusterSnapshot(s));
        let mut inv = Inventory::new();
        inv.account_id = Some(test_support::TEST_ACCOUNT.into());
        testing::judge_in(&RdsClusterSnapshotNotPublic, &r, &inv)
    }

    #[test]
    fn passes() {
        assert_eq!(
            judge(Value::Known(vec!["111122223333".into()])),
            Status::Pass
        );
    }

    #[test]
    fn fails() {
        assert_eq!(judge(Value::Known(vec!["all".into()])), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
