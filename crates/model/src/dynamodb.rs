//! DynamoDB tables: backups, encryption and deletion protection.

use serde::{Deserialize, Serialize};

use crate::Value;

/// The tag key that marks a table's data classification (compared case-insensitively).
pub const CLASSIFICATION_TAG: &str = "data-classification";

/// Classification values that make a table sensitive (compared case-insensitively): such
/// tables must be encrypted with a customer managed KMS key.
pub const SENSITIVE_CLASSIFICATIONS: &[&str] = &["sensitive", "confidential", "restricted"];

/// A table (`DescribeTable`, `DescribeContinuousBackups`, `ListTagsOfResource`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Table {
    /// `TableName`.
    pub table_name: String,
    /// `TableArn`.
    pub table_arn: String,
    /// `PointInTimeRecoveryDescription.PointInTimeRecoveryStatus` is `ENABLED`
    /// (`DescribeContinuousBackups`).
    pub point_in_time_recovery_enabled: Value<bool>,
    /// `SSEDescription`; `None` when DynamoDB returns none, which means the table is encrypted
    /// with an AWS owned key (the default).
    pub sse_description: Value<Option<SseDescription>>,
    /// Whether the KMS key of `sse_description` is customer managed: `Some(false)` for the AWS
    /// managed key `aws/dynamodb`, `None` when no KMS key is used. Live collection cannot tell
    /// without `kms:DescribeKey` (Unknown with that reason); code tells by whether a key is named.
    pub kms_key_customer_managed: Value<Option<bool>>,
    /// `DeletionProtectionEnabled`.
    pub deletion_protection_enabled: Value<bool>,
    /// The value of the [`CLASSIFICATION_TAG`] tag (`None`: untagged); Unknown when the tags
    /// could not be read.
    pub data_classification: Value<Option<String>>,
}

/// `SSEDescription`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SseDescription {
    /// `Status`: `ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`, `UPDATING`.
    pub status: String,
    /// `SSEType`: `KMS` (an AWS managed or customer managed key) or `AES256`.
    pub sse_type: Option<String>,
    /// `KMSMasterKeyArn`.
    pub kms_master_key_arn: Option<String>,
}

impl Table {
    /// Whether the table's classification tag marks it sensitive.
    pub fn is_sensitive(&self) -> Value<bool> {
        self.data_classification.as_ref().map(|c| {
            c.as_deref().is_some_and(|c| {
                SENSITIVE_CLASSIFICATIONS
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(c.trim()))
            })
        })
    }
}

/// The classification tag among `tags`: the value of the first key equal to
/// [`CLASSIFICATION_TAG`] ignoring case.
pub fn classification<'a>(
    tags: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Option<String> {
    tags.into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(CLASSIFICATION_TAG))
        .map(|(_, v)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitivity_follows_the_classification_tag() {
        let table = |c: Value<Option<String>>| Table {
            data_classification: c,
            ..Default::default()
        };
        assert_eq!(
            table(Value::Known(Some(" Confidential".into()))).is_sensitive(),
            Value::Known(true)
        );
        assert_eq!(
            table(Value::Known(Some("public".into()))).is_sensitive(),
            Value::Known(false)
        );
        assert_eq!(
            table(Value::Known(None)).is_sensitive(),
            Value::Known(false)
        );
        assert!(table(Value::unknown("denied"))
            .is_sensitive()
            .unknown_reason()
            .is_some());
        let tags: std::collections::BTreeMap<String, String> =
            [("Data-Classification".to_string(), "restricted".to_string())].into();
        assert_eq!(classification(&tags), Some("restricted".into()));
    }
}
