//! EBS volumes are encrypted at rest.

use cloudward_model::ec2::Volume;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads the volume's `Encrypted` flag. FSBP EC2.3 scopes itself to attached volumes; this rule
/// judges detached ones as well, because detaching a volume does not remove its data, and the
/// evidence says whether the volume is attached so reports can filter on it.
pub struct EbsVolumeEncrypted;

const META: RuleMeta = RuleMeta {
    id: "ebs-volume-encrypted",
    title: "EBS volumes are encrypted at rest",
    severity: Severity::Medium,
    service: "ec2",
    kinds: Volume::KINDS,
    checks: "For each EBS volume, attached or not, whether it is encrypted.",
    rationale: "An unencrypted volume's data is readable by anyone who can snapshot it, share \
                the snapshot or reach the storage, with no KMS permission in the way. \
                Encryption is free, transparent to the instance and also covers snapshots \
                made from the volume.",
    remediation: Remediation {
        console: "A volume cannot be encrypted in place: EC2 console > Volumes > <volume> > \
                  Create snapshot; Snapshots > Copy snapshot with Encrypt ticked; Create volume \
                  from the encrypted copy; stop the instance, swap the volumes, start it. Turn \
                  on EBS encryption by default to stop new unencrypted volumes.",
        cli: "aws ec2 create-snapshot --volume-id <volume-id>\n\
              aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snap-id> --encrypted --kms-key-id <key>\n\
              aws ec2 create-volume --snapshot-id <encrypted-snap-id> --availability-zone <az> --encrypted",
        terraform: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 100\n  encrypted         = true\n  kms_key_id        = aws_kms_key.ebs.arn\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EC2.3"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"us-east-1a\"\n  size              = 100\n  encrypted         = false\n}\n",
        terraform_good: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"us-east-1a\"\n  size              = 100\n  encrypted         = true\n}\n",
        cloudformation_bad: "Resources:\n  Data:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: us-east-1a\n      Size: 100\n      Encrypted: false\n",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: us-east-1a\n      Size: 100\n      Encrypted: true\n",
    },
    file: file!(),
};

impl Check for EbsVolumeEncrypted {
    type Subject = Volume;
    const META: &'static RuleMeta = &META;

    fn judge(&self, volume: &Volume, _: &Resource, _: &Inventory) -> Outcome {
        let attachment = if volume.attached_instance_ids.is_empty() {
            "not attached".to_string()
        } else {
            format!("attached to {}", volume.attached_instance_ids.join(", "))
        };
        flag(
            &volume.encrypted,
            "encrypted",
            format!("the volume is encrypted ({attachment})"),
            format!("the volume is not encrypted ({attachment})"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::ec2::Volume;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(encrypted: Value<bool>, attached: &[&str]) -> Outcome {
        let r = test_support::resource(
            "vol-1",
            Attributes::Ec2Volume(Volume {
                volume_id: "vol-1".into(),
                encrypted,
                attached_instance_ids: attached.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            }),
        );
        testing::outcome_in(&EbsVolumeEncrypted, &r, &Inventory::new())
    }

    #[test]
    fn encrypted_passes() {
        assert_eq!(judge(Value::Known(true), &["i-1"]).status(), Status::Pass);
    }

    #[test]
    fn unencrypted_fails_attached_or_not() {
        match judge(Value::Known(false), &["i-1"]) {
            Outcome::Fail(e) => {
                assert_eq!(e.message, "the volume is not encrypted (attached to i-1)")
            }
            other => panic!("expected Fail, got {other:?}"),
        }
        assert_eq!(judge(Value::Known(false), &[]).status(), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied"), &[]).status(),
            Status::Unknown
        );
    }
}
