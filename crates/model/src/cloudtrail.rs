//! CloudTrail trails.

use serde::{Deserialize, Serialize};

use crate::Value;

/// A trail (`DescribeTrails`, `GetTrailStatus`, `GetEventSelectors`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    /// `Name`.
    pub name: String,
    /// `TrailARN`.
    pub arn: String,
    /// `HomeRegion`.
    pub home_region: String,
    /// `IsMultiRegionTrail`.
    pub is_multi_region_trail: Value<bool>,
    /// `IncludeGlobalServiceEvents`.
    pub include_global_service_events: Value<bool>,
    /// `IsOrganizationTrail`.
    pub is_organization_trail: Value<bool>,
    /// `LogFileValidationEnabled`.
    pub log_file_validation_enabled: Value<bool>,
    /// `KmsKeyId` (`None`: SSE-S3 only).
    pub kms_key_id: Value<Option<String>>,
    /// `CloudWatchLogsLogGroupArn` (`None`: not integrated).
    pub cloud_watch_logs_log_group_arn: Value<Option<String>>,
    /// `S3BucketName`.
    pub s3_bucket_name: Value<Option<String>>,
    /// `IsLogging` from `GetTrailStatus`.
    pub is_logging: Value<bool>,
    /// Management events recorded, from basic or advanced event selectors.
    pub management_events: Value<ManagementEvents>,
}

/// Which management events a trail records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagementEvents {
    /// Read events (`ReadWriteType` All or ReadOnly, with management events included).
    pub read: bool,
    /// Write events (`ReadWriteType` All or WriteOnly, with management events included).
    pub write: bool,
}
