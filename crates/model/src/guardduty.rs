//! GuardDuty, per region.

use serde::{Deserialize, Serialize};

use crate::Value;

/// The detectors of one region (`ListDetectors` + `GetDetector`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionStatus {
    /// Detectors in the region.
    pub detectors: Value<Vec<Detector>>,
}

/// One detector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detector {
    /// Detector id.
    pub detector_id: String,
    /// `Status`: `ENABLED` or `DISABLED`.
    pub status: Value<String>,
}
