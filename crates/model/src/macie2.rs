//! Amazon Macie, per region.

use serde::{Deserialize, Serialize};

use crate::Value;

/// Macie in one region (`GetMacieSession`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionStatus {
    /// `Status`: `ENABLED` or `PAUSED`; `DISABLED` when the account has no Macie session
    /// (`AccessDeniedException` "Macie is not enabled").
    pub status: Value<String>,
}
