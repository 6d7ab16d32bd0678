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
}
