//! EFS file system has automatic backups enabled.

use cloudward_model::efs::FileSystem;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `DescribeBackupPolicy` (`PolicyNotFound` is off). Automatic backups put the file system in the AWS Backup default plan (`aws/efs/automatic-backup-plan`); a file system protected only by a custom AWS Backup plan fails here, although FSBP EFS.2 (which checks plan membership) would pass it.
pub struct EfsFileSystemAutomaticBackupsEnabled;

const META: RuleMeta = RuleMeta {
    id: "efs-file-system-automatic-backups-enabled",
    title: "EFS file system has automatic backups enabled",
    severity: Severity::Medium,
    service: "efs",
    kinds: FileSystem::KINDS,
    checks: "For each file system, whether its backup policy status is ENABLED (automatic daily backups by AWS Backup); ENABLING counts as enabled, no policy as off. Membership of custom AWS Backup plans is not considered.",
    rationale: "Deleted or encrypted-by-ransomware files on EFS are gone for good without a backup: EFS keeps no versions or snapshots of its own. Automatic backups give daily recovery points with 35-day retention without anyone building a plan.",
    remediation: Remediation {
        console: "EFS console > File systems > <file system> > General > Edit > Automatic backups > Enable automatic backups > Save changes.",
        cli: "aws efs put-backup-policy --file-system-id <fs-id> --backup-policy Status=ENABLED",
        terraform: "resource \"aws_efs_backup_policy\" \"this\" {\n  file_system_id = aws_efs_file_system.this.id\n  backup_policy {\n    status = \"ENABLED\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/efs/latest/ug/automatic-backups.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EFS.2"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n",
        terraform_good: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n\nresource \"aws_efs_backup_policy\" \"shared\" {\n  file_system_id = aws_efs_file_system.shared.id\n  backup_policy {\n    status = \"ENABLED\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n      BackupPolicy:\n        Status: DISABLED\n",
        cloudformation_good: "Resources:\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n      BackupPolicy:\n        Status: ENABLED\n",
    },
    file: file!(),
};

impl Check for EfsFileSystemAutomaticBackupsEnabled {
    type Subject = FileSystem;
    const META: &'static RuleMeta = &META;

    fn judge(&self, fs: &FileSystem, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &fs.backup_policy_status,
            "backup_policy_status",
            |status| match status.as_deref() {
                Some("ENABLED" | "ENABLING") => Ok("automatic backups are enabled".into()),
                Some(other) => Err(format!(
                    "automatic backups are not enabled (backup policy {other})"
                )),
                None => Err("automatic backups are not enabled (no backup policy)".into()),
            },
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
    fn enabled_passes_disabled_or_none_fails_unknown_stays_unknown() {
        let judge = |v: Value<Option<String>>| {
            testing::judge(
                &EfsFileSystemAutomaticBackupsEnabled,
                &file_system(FileSystem {
                    backup_policy_status: v,
                    ..Default::default()
                }),
            )
        };
        assert_eq!(judge(Value::Known(Some("ENABLED".into()))), Status::Pass);
        assert_eq!(judge(Value::Known(Some("DISABLED".into()))), Status::Fail);
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
