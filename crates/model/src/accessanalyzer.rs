//! IAM Access Analyzer, per region.

use serde::{Deserialize, Serialize};

use crate::Value;

/// The analyzers of one region (`access-analyzer:ListAnalyzers`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionStatus {
    /// Analyzers in the region.
    pub analyzers: Value<Vec<Analyzer>>,
}

/// One analyzer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analyzer {
    /// `name`.
    pub name: String,
    /// `arn`.
    pub arn: String,
    /// `type` (`ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, ...).
    pub analyzer_type: String,
    /// `status` (`ACTIVE`, `CREATING`, `DISABLED`, `FAILED`).
    pub status: String,
}
