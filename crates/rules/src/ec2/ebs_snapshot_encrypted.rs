//! EBS snapshots are encrypted.

use cloudward_model::ec2::Snapshot;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `Encrypted` from `DescribeSnapshots`. In code a snapshot is encrypted when its
/// volume is (a snapshot takes its volume's encryption).
pub struct EbsSnapshotEncrypted;

const META: RuleMeta = RuleMeta {
    id: "ebs-snapshot-encrypted",
    title: "EBS snapshots are encrypted",
    severity: Severity::Medium,
    service: "ec2",
    kinds: Snapshot::KINDS,
    checks: "For each snapshot the account owns, whether it is encrypted.",
    rationale: "A snapshot is a full copy of a disk, kept for months and often shared or \
                copied across regions. Unencrypted, it is readable by anyone who can restore \
                it, and no key policy can later limit who that is.",
    remediation: Remediation {
        console: "EC2 console > Snapshots > <snapshot> > Actions > Copy snapshot > Encrypt this \
                  snapshot > choose a KMS key > Copy; then delete the unencrypted snapshot. \
                  Enable EBS encryption by default so new volumes and snapshots are encrypted.",
        cli: "aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted --kms-key-id <key-arn>",
        terraform: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"<az>\"\n  size              = 10\n  encrypted         = true\n}",
    },
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n}\n\nresource \"aws_ebs_snapshot\" \"data\" {\n  volume_id = aws_ebs_volume.data.id\n}\n",
        terraform_good: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n  encrypted         = true\n}\n\nresource \"aws_ebs_snapshot\" \"data\" {\n  volume_id = aws_ebs_volume.data.id\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for EbsSnapshotEncrypted {
    type Subject = Snapshot;
    const META: &'static RuleMeta = &META;

    fn judge(&self, snapshot: &Snapshot, _: &Resource, _: &Inventory) -> Outcome {
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
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(encrypted: Value<bool>) -> Status {
        let r = test_support::resource(
            "snap-1",
            Attributes::Ec2Snapshot(Snapshot {
                snapshot_id: "snap-1".into(),
                encrypted,
                ..Default::default()
            }),
        );
        testing::judge(&EbsSnapshotEncrypted, &r)
    }

    #[test]
    fn verdicts() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
