//! Amazon Inspector, per region: what it scans and the critical findings still open.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Value;

/// Inspector in one region (`BatchGetAccountStatus` for the account, `ListFindings` for the
/// active critical findings).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionStatus {
    /// `State.Status` of the account: `ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`,
    /// `SUSPENDED`, `SUSPENDING`.
    pub status: Value<String>,
    /// `ResourceState.Ec2.Status`.
    pub ec2: Value<String>,
    /// `ResourceState.Ecr.Status`.
    pub ecr: Value<String>,
    /// `ResourceState.Lambda.Status`; `None` where the region does not offer it.
    pub lambda: Value<Option<String>>,
    /// `ResourceState.LambdaCode.Status`; `None` where the region does not offer it.
    pub lambda_code: Value<Option<String>>,
    /// Findings with `Severity` `CRITICAL` and `FindingStatus` `ACTIVE`.
    pub critical_findings: Value<Vec<Finding>>,
}

/// One active finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `FindingArn`.
    pub finding_arn: String,
    /// `Title`.
    #[serde(default)]
    pub title: String,
    /// `FirstObservedAt`.
    pub first_observed_at: DateTime<Utc>,
    /// `Resources[0].Id`: the affected instance, image or function.
    #[serde(default)]
    pub resource_id: String,
}
