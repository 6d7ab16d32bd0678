//! AWS Backup against moto: in us-east-1 a plan with a daily rule, a locked vault encrypted
//! with a customer managed key and an unlocked vault with no key; in us-west-2 no plan, and a
//! volume in each region.
//!
//! moto answers ListBackupVaults, ListBackupPlans and GetBackupPlan, but not
//! ListBackupSelections, GetBackupSelection or ListProtectedResources (HTML 404): so which
//! plan assigns a volume, and its recovery points, are Unknown with the failed call as the
//! reason. moto also leaves EncryptionKeyArn out for a vault created without a key (AWS
//! returns the aws/backup key), so that vault's key is Unknown, and it has no AWS managed
//! keys (alias/aws/backup resolves to a key moto reports as CUSTOMER), so the AWS managed key
//! failure cannot be provisioned.

use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput};
use aws_sdk_ec2::types as ec2t;
use cloudward_model::Status::{Fail, NotApplicable, Pass, Unknown};

use super::Suite;
use crate::findings::Row;
use crate::provision::{must, tags};
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    // The coverage rules are exercised where they need no selection (a region without plans);
    // where moto lacks the API they are Unknown rows, and the test checks the reason names it.
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    (
        "backup-vault-encrypted-with-customer-key",
        "keyed-vault@us-east-1",
        Pass,
    ),
    // moto omits EncryptionKeyArn for a vault created without one.
    (
        "backup-vault-encrypted-with-customer-key",
        "plain-vault@us-east-1",
        Unknown,
    ),
    ("backup-vault-locked", "keyed-vault@us-east-1", Pass),
    ("backup-vault-locked", "plain-vault@us-east-1", Fail),
    ("backup-plan-exists", "us-east-1@us-east-1", Pass),
    ("backup-plan-exists", "us-west-2@us-west-2", Fail),
    (
        "backup-resource-covered-by-plan",
        "east-data@us-east-1",
        Unknown,
    ),
    (
        "backup-resource-covered-by-plan",
        "west-data@us-west-2",
        Fail,
    ),
    (
        "backup-resource-recovery-point-recent",
        "east-data@us-east-1",
        Unknown,
    ),
    (
        "backup-resource-recovery-point-recent",
        "west-data@us-west-2",
        NotApplicable,
    ),
];

async fn volume(moto: &Moto, region: &str, name: &str) {
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config(region).await);
    must(
        ec2.create_volume()
            .availability_zone(format!("{region}a"))
            .size(8)
            .encrypted(true)
            .tag_specifications(tags(ec2t::ResourceType::Volume, name))
            .send()
            .await,
        "ec2:CreateVolume",
    );
}

async fn provision(moto: &Moto) {
    let config = moto.sdk_config("us-east-1").await;
    let backup = aws_sdk_backup::Client::new(&config);
    let kms = aws_sdk_kms::Client::new(&config);
    let key = must(kms.create_key().send().await, "kms:CreateKey");
    let key_arn = key
        .key_metadata()
        .and_then(|m| m.arn())
        .expect("CreateKey returns the ARN")
        .to_string();
    must(
        backup
            .create_backup_vault()
            .backup_vault_name("keyed-vault")
            .encryption_key_arn(&key_arn)
            .send()
            .await,
        "backup:CreateBackupVault keyed",
    );
    must(
        backup
            .put_backup_vault_lock_configuration()
            .backup_vault_name("keyed-vault")
            .min_retention_days(7)
            .max_retention_days(365)
            .send()
            .await,
        "backup:PutBackupVaultLockConfiguration",
    );
    must(
        backup
            .create_backup_vault()
            .backup_vault_name("plain-vault")
            .send()
            .await,
        "backup:CreateBackupVault plain",
    );
    let rule = BackupRuleInput::builder()
        .rule_name("daily")
        .target_backup_vault_name("keyed-vault")
        .schedule_expression("cron(0 5 ? * * *)")
        .build()
        .expect("rule name and vault set");
    must(
        backup
            .create_backup_plan()
            .backup_plan(
                BackupPlanInput::builder()
                    .backup_plan_name("daily")
                    .rules(rule)
                    .build()
                    .expect("plan name set"),
            )
            .send()
            .await,
        "backup:CreateBackupPlan",
    );
    volume(moto, "us-east-1", "east-data").await;
    volume(moto, "us-west-2", "west-data").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory =
        crate::support::collect_services(&moto, &["us-east-1", "us-west-2"], &["backup", "ec2"])
            .await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // The Unknowns name the call moto lacks.
    let (findings, _) = crate::support::verdicts(&inventory);
    for rule in [
        "backup-resource-covered-by-plan",
        "backup-resource-recovery-point-recent",
    ] {
        let f = findings
            .iter()
            .find(|f| f.rule_id == rule && f.region.as_deref() == Some("us-east-1"))
            .unwrap_or_else(|| panic!("{rule} judged the us-east-1 volume"));
        assert!(
            f.message.contains("ListBackupSelections"),
            "{rule}: {}",
            f.message
        );
    }
    let plain = findings
        .iter()
        .find(|f| {
            f.rule_id == "backup-vault-encrypted-with-customer-key"
                && f.resource_name == "plain-vault"
        })
        .expect("the plain vault is judged");
    assert!(
        plain.message.contains("EncryptionKeyArn"),
        "{}",
        plain.message
    );
}
