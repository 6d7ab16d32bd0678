//! CloudWatch Logs log groups (`DescribeLogGroups`).

use serde::{Deserialize, Serialize};

use crate::Value;

/// A log group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogGroup {
    /// `logGroupName`.
    pub log_group_name: String,
    /// `logGroupArn` (without the trailing `:*` that `arn` carries).
    pub log_group_arn: String,
    /// `retentionInDays` (`None`: never expire).
    pub retention_in_days: Value<Option<i32>>,
    /// `kmsKeyId` (`None`: encrypted with keys CloudWatch Logs manages).
    pub kms_key_id: Value<Option<String>>,
    /// `logGroupClass`: `STANDARD`, `INFREQUENT_ACCESS`, `DELIVERY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group_class: Option<String>,
}

impl LogGroup {
    /// Whether `arn` (as a trail's `CloudWatchLogsLogGroupArn` gives it, with or without the
    /// trailing `:*`) names this log group. In code, a reference resolves to the group's name
    /// or address, which also matches.
    pub fn is_named_by(&self, reference: &str) -> bool {
        let reference = reference.trim().trim_end_matches(":*");
        if reference.is_empty() {
            return false;
        }
        if reference == self.log_group_arn.trim_end_matches(":*")
            || reference == self.log_group_name
        {
            return true;
        }
        // A trail in code may hold `arn:...:log-group:NAME` while the group has no ARN yet.
        self.log_group_arn.is_empty()
            && reference
                .rsplit_once(":log-group:")
                .is_some_and(|(_, name)| name == self.log_group_name)
    }
}
