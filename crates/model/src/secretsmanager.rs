//! Secrets Manager secrets (`ListSecrets`, `GetResourcePolicy`). Secret values are never read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;
use crate::Value;

/// `RotationRules`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RotationRules {
    /// `AutomaticallyAfterDays`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automatically_after_days: Option<i64>,
    /// `ScheduleExpression` (`rate(10 days)`, `cron(...)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// `Duration` of the rotation window (`3h`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
}

impl RotationRules {
    /// The longest interval between rotations the rules allow, in days, when it can be read:
    /// `AutomaticallyAfterDays`, or a `rate(N days|hours)` expression. A `cron(...)` schedule
    /// is `None` (cloudward does not evaluate cron expressions).
    pub fn interval_days(&self) -> Option<i64> {
        if let Some(days) = self.automatically_after_days {
            return Some(days);
        }
        let rate = self
            .schedule_expression
            .as_deref()?
            .trim()
            .strip_prefix("rate(")?
            .strip_suffix(')')?;
        let (n, unit) = rate.trim().split_once(' ')?;
        let n: i64 = n.trim().parse().ok()?;
        match unit.trim() {
            "day" | "days" => Some(n),
            "hour" | "hours" => Some((n + 23) / 24),
            _ => None,
        }
    }
}

/// A secret.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Secret {
    /// `Name`.
    pub name: String,
    /// `ARN`.
    pub arn: String,
    /// `KmsKeyId`: `None` means the AWS managed key `aws/secretsmanager`.
    pub kms_key_id: Value<Option<String>>,
    /// `RotationEnabled`.
    pub rotation_enabled: Value<bool>,
    /// `RotationLambdaARN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_lambda_arn: Option<String>,
    /// `RotationRules` (`None`: no schedule).
    pub rotation_rules: Value<Option<RotationRules>>,
    /// `CreatedDate`. `Known(None)` only for a secret declared in code, which does not exist
    /// yet.
    pub created_date: Value<Option<DateTime<Utc>>>,
    /// `LastRotatedDate` (`None`: never rotated).
    pub last_rotated_date: Value<Option<DateTime<Utc>>>,
    /// `LastAccessedDate`, rounded by AWS to the day (`None`: never retrieved).
    pub last_accessed_date: Value<Option<DateTime<Utc>>>,
    /// `NextRotationDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_rotation_date: Option<DateTime<Utc>>,
    /// `OwningService`: a secret managed by another service (`rds`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owning_service: Option<String>,
    /// The resource policy (`GetResourcePolicy`; `None`: no policy).
    pub policy: Value<Option<PolicyDocument>>,
}
