//! CloudWatch Logs rules: log groups encrypted with KMS, a retention set and long enough, and
//! CloudTrail's log group kept for at least the configured retention.

mod logs_cloudtrail_log_group_retention;
mod logs_log_group_encrypted_with_kms;
mod logs_log_group_retention_minimum;
mod logs_log_group_retention_set;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &logs_log_group_encrypted_with_kms::LogsLogGroupEncryptedWithKms,
    &logs_log_group_retention_set::LogsLogGroupRetentionSet,
    &logs_log_group_retention_minimum::LogsLogGroupRetentionMinimum,
    &logs_cloudtrail_log_group_retention::LogsCloudtrailLogGroupRetention,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    //! Builders shared by the log group rule tests.
    use cloudward_model::logs::LogGroup;
    use cloudward_model::{test_support, Attributes, Resource, Value};

    /// A log group named `name` with the given retention and key.
    pub(crate) fn group(
        name: &str,
        retention_in_days: Value<Option<i32>>,
        kms_key_id: Value<Option<String>>,
    ) -> Resource {
        test_support::resource(
            name,
            Attributes::LogsLogGroup(LogGroup {
                log_group_name: name.into(),
                log_group_arn: format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}"),
                retention_in_days,
                kms_key_id,
                log_group_class: Some("STANDARD".into()),
            }),
        )
    }
}
