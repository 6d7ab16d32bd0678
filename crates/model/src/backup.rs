//! AWS Backup: vaults (`ListBackupVaults` + `DescribeBackupVault`, the key's manager from
//! `kms:DescribeKey`), and per region the backup plans with their rules and resource
//! assignments (`ListBackupPlans`, `GetBackupPlan`, `ListBackupSelections`,
//! `GetBackupSelection`) and the resources AWS Backup has protected (`ListProtectedResources`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Value;

/// `KeyManager` of a customer managed KMS key.
pub const KEY_MANAGER_CUSTOMER: &str = "CUSTOMER";
/// `KeyManager` of an AWS managed KMS key (`aws/backup`, the default of a new vault).
pub const KEY_MANAGER_AWS: &str = "AWS";
/// `EncryptionKeyType` `AWS_OWNED_KMS_KEY` (logically air-gapped vaults): a key AWS owns,
/// outside the account.
pub const KEY_MANAGER_AWS_OWNED: &str = "AWS_OWNED";

/// A backup vault.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Vault {
    /// `BackupVaultName`.
    pub backup_vault_name: String,
    /// `BackupVaultArn`.
    pub backup_vault_arn: String,
    /// `EncryptionKeyArn`.
    pub encryption_key_arn: Value<Option<String>>,
    /// Who manages that key: [`KEY_MANAGER_CUSTOMER`], [`KEY_MANAGER_AWS`] or
    /// [`KEY_MANAGER_AWS_OWNED`] (`kms:DescribeKey` `KeyManager`, or `EncryptionKeyType`).
    pub encryption_key_manager: Value<String>,
    /// `Locked`: AWS Backup Vault Lock protects the vault's recovery points.
    pub locked: Value<bool>,
    /// `MinRetentionDays` of the lock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_retention_days: Option<i64>,
    /// `MaxRetentionDays` of the lock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_retention_days: Option<i64>,
    /// `LockDate`: when a compliance-mode lock becomes immutable; `None` for governance mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock_date: Option<DateTime<Utc>>,
}

/// AWS Backup in one region: its plans and the resources it has protected.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionStatus {
    /// The backup plans of the region.
    pub plans: Value<Vec<Plan>>,
    /// `ListProtectedResources`: every resource with at least one recovery point, with the
    /// time of its latest backup.
    pub protected_resources: Value<Vec<ProtectedResource>>,
}

/// A backup plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    /// `BackupPlanId`.
    pub backup_plan_id: String,
    /// `BackupPlanName`.
    pub backup_plan_name: String,
    /// `BackupPlan.Rules` (`GetBackupPlan`).
    pub rules: Value<Vec<PlanRule>>,
    /// The plan's resource assignments.
    pub selections: Value<Vec<Selection>>,
}

/// One rule of a backup plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanRule {
    /// `RuleName`.
    pub rule_name: String,
    /// `ScheduleExpression` (`cron(...)`); `None`: not set, which AWS Backup runs as its
    /// default `cron(0 5 ? * * *)` (daily at 05:00 UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// `TargetBackupVaultName`.
    pub target_backup_vault_name: String,
}

/// AWS Backup's schedule for a rule that sets none.
pub const DEFAULT_SCHEDULE: &str = "cron(0 5 ? * * *)";

impl PlanRule {
    /// The schedule AWS Backup runs: the expression, or [`DEFAULT_SCHEDULE`].
    pub fn schedule(&self) -> &str {
        self.schedule_expression
            .as_deref()
            .unwrap_or(DEFAULT_SCHEDULE)
    }
}

/// A resource assignment (`BackupSelection`) of a plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    /// `SelectionId` (live) or the declaring resource (code).
    pub selection_id: String,
    /// `SelectionName`.
    pub selection_name: String,
    /// Which resources it assigns (`GetBackupSelection`).
    pub assignment: Value<Assignment>,
}

/// What a selection assigns: `(Resources matched OR ListOfTags matched) AND every Condition
/// AND NOT NotResources`; with neither `Resources` nor `ListOfTags`, every supported resource
/// (narrowed by the conditions). See
/// <https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html>.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Assignment {
    /// `Resources`: ARNs, ARN patterns with `*` (`arn:aws:ec2:*:*:volume/*`), or `*`. In code,
    /// a reference to a resource of the same code is that resource's id (its address or
    /// logical id).
    pub resources: Vec<String>,
    /// `NotResources`, in the same forms.
    pub not_resources: Vec<String>,
    /// `ListOfTags` (any one matching assigns).
    pub list_of_tags: Vec<TagCondition>,
    /// `Conditions` (all must match).
    pub conditions: Vec<TagCondition>,
}

/// A tag condition of a selection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TagCondition {
    /// `StringEquals`, `StringNotEquals`, `StringLike` or `StringNotLike`.
    pub operator: String,
    /// `ConditionKey` as written (`aws:ResourceTag/backup`, or a bare tag key in
    /// `ListOfTags`).
    pub key: String,
    /// `ConditionValue` (`*` is a wildcard for the `Like` operators).
    pub value: String,
}

impl TagCondition {
    /// The tag key the condition reads (`aws:ResourceTag/` removed).
    pub fn tag_key(&self) -> &str {
        self.key
            .strip_prefix("aws:ResourceTag/")
            .unwrap_or(&self.key)
    }
}

/// A resource AWS Backup has backed up at least once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProtectedResource {
    /// `ResourceArn`.
    pub resource_arn: String,
    /// `ResourceType` (`EBS`, `RDS`, `EFS`, `DynamoDB`, ...).
    pub resource_type: String,
    /// `LastBackupTime`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_backup_time: Option<DateTime<Utc>>,
}
