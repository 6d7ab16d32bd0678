//! Backup vaults are encrypted with a customer managed KMS key.

use cloudward_model::backup::{
    Vault, KEY_MANAGER_AWS, KEY_MANAGER_AWS_OWNED, KEY_MANAGER_CUSTOMER,
};
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads the vault's `EncryptionKeyArn` and that key's `KeyManager` (`kms:DescribeKey`), or
/// `EncryptionKeyType` `AWS_OWNED_KMS_KEY` (logically air-gapped vaults). A vault created
/// without a key uses the AWS managed `aws/backup` key, which fails; in code, `kms_key_arn` /
/// `EncryptionKeyArn` referencing a key declared in the same code is customer managed, a
/// literal key ARN cannot be told apart (Unknown).
pub struct BackupVaultEncryptedWithCustomerKey;

const META: RuleMeta = RuleMeta {
    id: "backup-vault-encrypted-with-customer-key",
    title: "Backup vaults are encrypted with a customer managed KMS key",
    severity: Severity::Medium,
    service: "backup",
    kinds: Vault::KINDS,
    checks: "For each backup vault, whether its encryption key is a customer managed KMS key \
             (KeyManager CUSTOMER), not the AWS managed aws/backup key a vault gets by default \
             nor an AWS owned key.",
    rationale: "With the AWS managed aws/backup key anyone in the account allowed to use AWS \
                Backup can restore the recovery points, and the key policy cannot be changed, \
                so copies to another account (the usual ransomware defence) are impossible. A \
                customer managed key lets you restrict decryption to the restore roles and \
                share it with the backup account.",
    remediation: Remediation {
        console: "A vault's key cannot be changed: AWS Backup console > Backup vaults > Create \
                  backup vault > Encryption key: choose a customer managed key; point the plan \
                  rules at the new vault, copy existing recovery points into it, then delete \
                  the old vault once its points have expired.",
        cli: "aws backup create-backup-vault --backup-vault-name <name> --encryption-key-arn <customer-managed-key-arn>",
        terraform: "resource \"aws_backup_vault\" \"this\" {\n  name        = \"<name>\"\n  kms_key_arn = aws_kms_key.backup.arn\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP01", "SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_backup_vault\" \"main\" {\n  name = \"main\"\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"backup\" {\n  enable_key_rotation = true\n}\n\nresource \"aws_backup_vault\" \"main\" {\n  name        = \"main\"\n  kms_key_arn = aws_kms_key.backup.arn\n}\n",
        cloudformation_bad: "Resources:\n  Main:\n    Type: AWS::Backup::BackupVault\n    Properties:\n      BackupVaultName: main\n",
        cloudformation_good: "Resources:\n  BackupKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Main:\n    Type: AWS::Backup::BackupVault\n    Properties:\n      BackupVaultName: main\n      EncryptionKeyArn: !GetAtt BackupKey.Arn\n",
    },
    file: file!(),
};

impl Check for BackupVaultEncryptedWithCustomerKey {
    type Subject = Vault;
    const META: &'static RuleMeta = &META;

    fn judge(&self, vault: &Vault, _: &Resource, _: &Inventory) -> Outcome {
        let key = vault
            .encryption_key_arn
            .known()
            .cloned()
            .flatten()
            .unwrap_or_else(|| "aws/backup (the default)".to_string());
        judged(
            &vault.encryption_key_manager,
            "encryption_key_arn",
            |manager| {
                match manager.as_str() {
                KEY_MANAGER_CUSTOMER => Ok(format!("the vault is encrypted with customer managed key {key}")),
                KEY_MANAGER_AWS => Err(format!(
                    "the vault is encrypted with the AWS managed key {key}, whose policy cannot be restricted or shared"
                )),
                KEY_MANAGER_AWS_OWNED => Err("the vault is encrypted with an AWS owned key".to_string()),
                other => Err(format!("the vault's key {key} is managed by {other}, not the customer")),
            }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(manager: Value<String>) -> Status {
        let r = resource(
            "main",
            Attributes::BackupVault(Vault {
                encryption_key_arn: Value::Known(Some(
                    "arn:aws:kms:us-east-1:123456789012:key/k".into(),
                )),
                encryption_key_manager: manager,
                ..Default::default()
            }),
        );
        testing::judge(&BackupVaultEncryptedWithCustomerKey, &r)
    }

    #[test]
    fn customer_passes_aws_managed_fails_unknown_is_unknown() {
        assert_eq!(judge(Value::Known("CUSTOMER".into())), Status::Pass);
        assert_eq!(judge(Value::Known("AWS".into())), Status::Fail);
        assert_eq!(judge(Value::Known("AWS_OWNED".into())), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
