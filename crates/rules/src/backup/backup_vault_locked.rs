//! Backup vaults are protected by AWS Backup Vault Lock.

use cloudward_model::backup::Vault;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `Locked`, `LockDate` and the retention bounds of `ListBackupVaults`
/// (`aws_backup_vault_lock_configuration` in Terraform, `LockConfiguration` in
/// CloudFormation). Governance mode (no `LockDate`) and compliance mode both pass; the
/// evidence says which, and whether a compliance lock is still in its grace time.
pub struct BackupVaultLocked;

const META: RuleMeta = RuleMeta {
    id: "backup-vault-locked",
    title: "Backup vaults are protected by Vault Lock",
    severity: Severity::Medium,
    service: "backup",
    kinds: Vault::KINDS,
    checks: "For each backup vault, whether AWS Backup Vault Lock is on (Locked), which makes \
             deleting recovery points or shortening their retention fail.",
    rationale: "Ransomware operators and malicious insiders delete backups before they encrypt \
                or destroy the data. Vault Lock (in compliance mode: not even the root user can \
                remove it) keeps recovery points for their retention whatever credentials are \
                stolen.",
    remediation: Remediation {
        console: "AWS Backup console > Backup vaults > <vault> > Vault lock > Create vault lock: \
                  set the minimum and maximum retention; choose compliance mode (a grace time, \
                  then immutable) or governance mode > Create.",
        cli: "aws backup put-backup-vault-lock-configuration --backup-vault-name <name> --min-retention-days 7 --max-retention-days 365 --changeable-for-days 3",
        terraform: "resource \"aws_backup_vault_lock_configuration\" \"this\" {\n  backup_vault_name   = aws_backup_vault.this.name\n  min_retention_days  = 7\n  max_retention_days  = 365\n  changeable_for_days = 3\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP04", "SEC07-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_backup_vault\" \"main\" {\n  name = \"main\"\n}\n",
        terraform_good: "resource \"aws_backup_vault\" \"main\" {\n  name = \"main\"\n}\n\nresource \"aws_backup_vault_lock_configuration\" \"main\" {\n  backup_vault_name   = aws_backup_vault.main.name\n  min_retention_days  = 7\n  max_retention_days  = 365\n  changeable_for_days = 3\n}\n",
        cloudformation_bad: "Resources:\n  Main:\n    Type: AWS::Backup::BackupVault\n    Properties:\n      BackupVaultName: main\n",
        cloudformation_good: "Resources:\n  Main:\n    Type: AWS::Backup::BackupVault\n    Properties:\n      BackupVaultName: main\n      LockConfiguration:\n        MinRetentionDays: 7\n        MaxRetentionDays: 365\n        ChangeableForDays: 3\n",
    },
    file: file!(),
};

impl Check for BackupVaultLocked {
    type Subject = Vault;
    const META: &'static RuleMeta = &META;

    fn judge(&self, vault: &Vault, _: &Resource, inventory: &Inventory) -> Outcome {
        let locked = match vault.locked.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(locked) => *locked,
        };
        if !locked {
            return Outcome::Fail(Evidence::at(
                "locked",
                "the vault has no Vault Lock: recovery points can be deleted early",
            ));
        }
        let retention = match (vault.min_retention_days, vault.max_retention_days) {
            (Some(min), Some(max)) => format!(", retention {min} to {max} days"),
            (Some(min), None) => format!(", retention at least {min} days"),
            (None, Some(max)) => format!(", retention at most {max} days"),
            (None, None) => String::new(),
        };
        let mode = match (vault.lock_date, inventory.collected_at) {
            (None, _) => "governance mode (users with permission can remove it)".to_string(),
            (Some(date), Some(now)) if date > now => format!(
                "compliance mode, still changeable until {}",
                date.date_naive()
            ),
            (Some(date), _) => format!("compliance mode, immutable since {}", date.date_naive()),
        };
        Outcome::Pass(Evidence::at(
            "locked",
            format!("Vault Lock is on: {mode}{retention}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(locked: Value<bool>) -> Status {
        let r = resource(
            "main",
            Attributes::BackupVault(Vault {
                locked,
                min_retention_days: Some(7),
                ..Default::default()
            }),
        );
        testing::judge(&BackupVaultLocked, &r)
    }

    #[test]
    fn locked_passes_unlocked_fails_unknown_is_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
