//! AWS Config, per region.

use serde::{Deserialize, Serialize};

use crate::Value;

/// Configuration recorders of one region and their status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionStatus {
    /// `DescribeConfigurationRecorders` joined with `DescribeConfigurationRecorderStatus`.
    pub recorders: Value<Vec<Recorder>>,
}

/// One configuration recorder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorder {
    /// `name`.
    pub name: String,
    /// `recordingGroup.allSupported`.
    pub all_supported: Value<bool>,
    /// `recordingGroup.includeGlobalResourceTypes`.
    pub include_global_resource_types: Value<bool>,
    /// `recording` from the recorder status.
    pub recording: Value<bool>,
    /// `lastStatus` (`Success`, `Failure`, `Pending`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status: Option<String>,
}
