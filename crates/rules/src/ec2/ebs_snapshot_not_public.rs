//! EBS snapshots are not publicly restorable.

use cloudward_model::ec2::Snapshot;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads the snapshot's `createVolumePermission` (modelled as `public`: the group `all` is
/// present). A public snapshot can be copied into any AWS account and mounted there.
pub struct EbsSnapshotNotPublic;

const META: RuleMeta = RuleMeta {
    id: "ebs-snapshot-not-public",
    title: "EBS snapshots are not publicly restorable",
    severity: Severity::Critical,
    service: "ec2",
    kinds: Snapshot::KINDS,
    checks: "For each snapshot the account owns, whether its createVolumePermission includes \
             the group all (public).",
    rationale: "Anyone with an AWS account can create a volume from a public snapshot and read \
                every file on it: databases, keys, credentials in configuration files. Public \
                snapshots are actively searched for by researchers and attackers alike.",
    remediation: Remediation {
        console: "EC2 console > Snapshots > <snapshot> > Actions > Snapshot settings > Modify \
                  permissions > Private > Save. Turn on Block public access for EBS snapshots \
                  (EC2 > Settings > Data protection and security).",
        cli: "aws ec2 modify-snapshot-attribute --snapshot-id <snap-id> \
              --attribute createVolumePermission --operation-type remove --group-names all\n\
              aws ec2 enable-snapshot-block-public-access --state block-all-sharing",
        terraform: "resource \"aws_ebs_snapshot_block_public_access\" \"this\" {\n  state = \"block-all-sharing\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html",
        "https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-1",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EC2.1"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    // Neither Terraform nor CloudFormation can make a snapshot public (the Terraform
    // permission resource takes account ids only), so there is no code example to judge.
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for EbsSnapshotNotPublic {
    type Subject = Snapshot;
    const META: &'static RuleMeta = &META;

    fn judge(&self, snapshot: &Snapshot, _: &Resource, _: &Inventory) -> Outcome {
        match snapshot.public.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(true) => Outcome::Fail(Evidence::at(
                "public",
                "createVolumePermission includes the group all: anyone can restore this snapshot",
            )),
            Ok(false) => Outcome::Pass(Evidence::at("public", "the snapshot is not public")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ec2::Snapshot;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(public: Value<bool>) -> Status {
        let r = test_support::resource(
            "snap-1",
            Attributes::Ec2Snapshot(Snapshot {
                snapshot_id: "snap-1".into(),
                owner_id: test_support::TEST_ACCOUNT.into(),
                public,
                ..Default::default()
            }),
        );
        testing::judge(&EbsSnapshotNotPublic, &r)
    }

    #[test]
    fn private_passes() {
        assert_eq!(judge(Value::Known(false)), Status::Pass);
    }

    #[test]
    fn public_fails() {
        assert_eq!(judge(Value::Known(true)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
