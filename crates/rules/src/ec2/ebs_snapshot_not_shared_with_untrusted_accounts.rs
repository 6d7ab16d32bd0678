//! EBS snapshots are shared only with trusted accounts.

use cloudward_model::ec2::Snapshot;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::sharing::{accounts_phrase, untrusted};
use crate::Check;

/// Reads the snapshot's `createVolumePermission` user ids. Accounts outside `trusted_accounts`
/// in `cloudward.toml` (the snapshot's own account is always trusted) fail.
pub struct EbsSnapshotNotSharedWithUntrustedAccounts;

const META: RuleMeta = RuleMeta {
    id: "ebs-snapshot-not-shared-with-untrusted-accounts",
    title: "EBS snapshots are shared only with trusted accounts",
    severity: Severity::High,
    service: "ec2",
    kinds: Snapshot::KINDS,
    checks: "For each snapshot the account owns, the accounts in its createVolumePermission: \
             any not in trusted_accounts (cloudward.toml; the owner is always trusted) fails.",
    rationale: "An account a snapshot is shared with can create a volume from it and read every \
                block: the data leaves this account's control for good. Shares made for a \
                migration or a vendor are rarely removed; listing the accounts that may \
                receive data makes every other share visible.",
    remediation: Remediation {
        console: "EC2 console > Snapshots > <snapshot> > Actions > Snapshot settings > Modify \
                  permissions > remove the account > Save. If the share is intended, add the \
                  account to trusted_accounts in cloudward.toml.",
        cli: "aws ec2 modify-snapshot-attribute --snapshot-id <snap-id> --attribute createVolumePermission --operation-type remove --user-ids <account-id>",
        terraform: "# delete the aws_snapshot_create_volume_permission for the untrusted account\nresource \"aws_snapshot_create_volume_permission\" \"dr\" {\n  snapshot_id = aws_ebs_snapshot.data.id\n  account_id  = \"<trusted-account-id>\"\n}",
    },
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC03-BP09"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n  encrypted         = true\n}\n\nresource \"aws_ebs_snapshot\" \"data\" {\n  volume_id = aws_ebs_volume.data.id\n}\n\nresource \"aws_snapshot_create_volume_permission\" \"vendor\" {\n  snapshot_id = aws_ebs_snapshot.data.id\n  account_id  = \"999988887777\"\n}\n",
        terraform_good: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n  encrypted         = true\n}\n\nresource \"aws_ebs_snapshot\" \"data\" {\n  volume_id = aws_ebs_volume.data.id\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for EbsSnapshotNotSharedWithUntrustedAccounts {
    type Subject = Snapshot;
    const META: &'static RuleMeta = &META;

    fn judge(&self, snapshot: &Snapshot, resource: &Resource, inventory: &Inventory) -> Outcome {
        let accounts = match snapshot.shared_with.get() {
            Ok(accounts) => accounts,
            Err(reason) => return Outcome::unknown(reason),
        };
        let outside = untrusted(accounts.iter().map(String::as_str), resource, inventory);
        if outside.is_empty() {
            Outcome::Pass(Evidence::at(
                "shared_with",
                if accounts.is_empty() {
                    "the snapshot is not shared with other accounts"
                } else {
                    "the snapshot is shared only with trusted accounts"
                },
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "shared_with",
                format!(
                    "the snapshot is shared with {} outside trusted_accounts",
                    accounts_phrase(&outside)
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(shared_with: Value<Vec<String>>) -> Status {
        let r = test_support::resource(
            "snap-1",
            Attributes::Ec2Snapshot(Snapshot {
                snapshot_id: "snap-1".into(),
                shared_with,
                ..Default::default()
            }),
        );
        testing::judge(&EbsSnapshotNotSharedWithUntrustedAccounts, &r)
    }

    #[test]
    fn verdicts() {
        assert_eq!(judge(Value::Known(vec![])), Status::Pass);
        assert_eq!(
            judge(Value::Known(vec![test_support::TEST_ACCOUNT.into()])),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(vec!["999988887777".into()])),
            Status::Fail
        );
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
