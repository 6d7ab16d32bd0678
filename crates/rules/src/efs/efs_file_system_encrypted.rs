//! EFS file system is encrypted at rest.

use cloudward_model::efs::FileSystem;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `Encrypted` of `DescribeFileSystems`. Encryption at rest is chosen at creation only.
pub struct EfsFileSystemEncrypted;

const META: RuleMeta = RuleMeta {
    id: "efs-file-system-encrypted",
    title: "EFS file system is encrypted at rest",
    severity: Severity::Medium,
    service: "efs",
    kinds: FileSystem::KINDS,
    checks: "For each file system, whether it is encrypted at rest with a KMS key.",
    rationale: "An unencrypted file system stores every file in clear on AWS-managed storage, and its backups inherit that. Encryption at rest with KMS adds key-policy control and CloudTrail logging of every use of the key, and is a CIS and FSBP baseline.",
    remediation: Remediation {
        console: "Encryption cannot be added to an existing file system: EFS console > Create file system > Customize > Enable encryption of data at rest (choose the KMS key); copy the data (AWS DataSync or a restore from AWS Backup) and delete the old file system.",
        cli: "aws efs create-file-system --creation-token <token> --encrypted --kms-key-id <key-arn>",
        terraform: "resource \"aws_efs_file_system\" \"this\" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-1"],
    frameworks: Frameworks {
        cis_v7: &["3.3.1"],
        cis_v6: &["3.3.1"],
        cis_v5: &["2.3.1"],
        cis_v3: &["2.4.1"],
        fsbp: &["EFS.1"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n}\n",
        terraform_good: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n",
        cloudformation_bad: "Resources:\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: false\n",
        cloudformation_good: "Resources:\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n",
    },
    file: file!(),
};

impl Check for EfsFileSystemEncrypted {
    type Subject = FileSystem;
    const META: &'static RuleMeta = &META;

    fn judge(&self, fs: &FileSystem, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &fs.encrypted,
            "encrypted",
            "the file system is encrypted at rest",
            "the file system is not encrypted at rest",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efs::test_helpers::file_system;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};
    #[test]
    fn encrypted_passes_unencrypted_fails_unknown_stays_unknown() {
        let judge = |v: Value<bool>| {
            testing::judge(
                &EfsFileSystemEncrypted,
                &file_system(FileSystem {
                    encrypted: v,
                    ..Default::default()
                }),
            )
        };
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
