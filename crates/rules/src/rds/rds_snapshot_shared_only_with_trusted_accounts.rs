//! RDS DB snapshots are shared only with trusted accounts.

use cloudward_model::rds::DbSnapshot;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rds::judge_shared;
use crate::Check;

/// Reads the account ids in the snapshot's `restore` attribute against
/// `trusted_accounts` (cloudward.toml; the scanned account is always trusted). `all` is
/// left to the not-public rule.
pub struct RdsSnapshotSharedOnlyWithTrustedAccounts;

const META: RuleMeta = RuleMeta {
    id: "rds-snapshot-shared-only-with-trusted-accounts",
    title: "RDS DB snapshots are shared only with trusted accounts",
    severity: Severity::High,
    service: "rds",
    kinds: DbSnapshot::KINDS,
    checks: "For each manual DB snapshot, whether every account id in its restore attribute is the scanned account or listed in trusted_accounts (cloudward.toml).",
    rationale: "An account a snapshot is shared with can copy it and restore the whole database, and its copy is outside your control for good. Sharing should be limited to accounts the organisation owns and has decided to trust.",
    remediation: Remediation {
        console: "RDS console > Snapshots > <snapshot> > Actions > Share snapshot > remove the accounts that are not trusted > Save.",
        cli: "aws rds modify-db-snapshot-attribute --db-snapshot-identifier <snapshot> --attribute-name restore --values-to-remove <account-id>",
        terraform: "resource \"aws_db_snapshot\" \"this\" {\n  # ...\n  shared_accounts = [\"<trusted-account-id>\"]\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP08", "SEC03-BP09"],
    },
    // CloudFormation has no resource for DB snapshots.
    examples: Examples {
        terraform_bad: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_db_snapshot\" \"manual\" {\n  db_instance_identifier = aws_db_instance.db.identifier\n  db_snapshot_identifier = \"app-db-manual\"\n  shared_accounts        = [\"999999999999\"]\n}\n",
        terraform_good: "resource \"aws_db_instance\" \"db\" {\n  identifier                  = \"app-db\"\n  engine                      = \"postgres\"\n  engine_version              = \"16.3\"\n  instance_class              = \"db.t3.micro\"\n  allocated_storage           = 20\n  username                    = \"app_owner\"\n  manage_master_user_password = true\n}\n\nresource \"aws_db_snapshot\" \"manual\" {\n  db_instance_identifier = aws_db_instance.db.identifier\n  db_snapshot_identifier = \"app-db-manual\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for RdsSnapshotSharedOnlyWithTrustedAccounts {
    type Subject = DbSnapshot;
    const META: &'static RuleMeta = &META;

    fn judge(&self, snapshot: &DbSnapshot, _: &Resource, inventory: &Inventory) -> Outcome {
        judge_shared(&snapshot.restore_attribute_values, inventory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::rds::DbSnapshot;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(value: Value<Vec<String>>) -> Status {
        let mut s = DbSnapshot {
            db_snapshot_identifier: "snap-1".into(),
            db_instance_identifier: "db-1".into(),
            snapshot_type: "manual".into(),
            encrypted: Value::Known(true),
            restore_attribute_values: Value::Known(vec![]),
        };
        s.restore_attribute_values = value;
        let r = test_support::resource("snap-1", Attributes::RdsDbSnapshot(s));
        let mut inv = {
            let mut i = Inventory::new();
            i.settings.trusted_accounts = vec!["111122223333".into()];
            i
        };
        inv.account_id = Some(test_support::TEST_ACCOUNT.into());
        testing::judge_in(&RdsSnapshotSharedOnlyWithTrustedAccounts, &r, &inv)
    }

    #[test]
    fn passes() {
        assert_eq!(
            judge(Value::Known(vec![
                test_support::TEST_ACCOUNT.into(),
                "111122223333".into()
            ])),
            Status::Pass
        );
    }

    #[test]
    fn fails() {
        assert_eq!(
            judge(Value::Known(vec!["999999999999".into()])),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
