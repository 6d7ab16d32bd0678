//! Security Hub, per region.

use serde::{Deserialize, Serialize};

use crate::Value;

/// Whether Security Hub is enabled in one region (`DescribeHub`; `InvalidAccessException`
/// "not subscribed" means known-disabled).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionStatus {
    /// Subscribed to Security Hub.
    pub enabled: Value<bool>,
    /// `HubArn`, when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hub_arn: Option<String>,
    /// `GetEnabledStandards`: the standards subscribed to (empty when the hub is off).
    #[serde(default)]
    pub enabled_standards: Value<Vec<Standard>>,
}

/// One subscribed standard (`StandardsSubscription`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Standard {
    /// `StandardsArn`, e.g.
    /// `arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0`.
    pub standards_arn: String,
    /// `StandardsStatus`: `PENDING`, `READY`, `FAILED`, `DELETING`, `INCOMPLETE`.
    pub standards_status: Value<String>,
}
