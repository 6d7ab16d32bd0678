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
    /// `Features` of `GetDetector`: the protection plans and their state. A feature the
    /// region does not offer is absent.
    #[serde(default)]
    pub features: Value<Vec<Feature>>,
}

/// Every feature name `GetDetector` reports, for adapters that fill in what code leaves
/// undeclared.
pub const FEATURES: &[&str] = &[
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "EKS_RUNTIME_MONITORING",
    "LAMBDA_NETWORK_LOGS",
    "RUNTIME_MONITORING",
];

/// The features of a detector declared in code: `declared`, plus an Unknown status for every
/// other known feature (a detector gets the account's defaults for what the code omits).
pub fn declared_features(mut declared: Vec<Feature>) -> Vec<Feature> {
    for name in FEATURES {
        if !declared.iter().any(|f| f.name == *name) {
            declared.push(Feature {
                name: (*name).to_string(),
                status: Value::unknown(format!(
                    "{name} is not declared: the detector gets the account's default for it"
                )),
                additional_configuration: Vec::new(),
            });
        }
    }
    declared.sort_by(|a, b| a.name.cmp(&b.name));
    declared
}

/// One protection plan of a detector (`DetectorFeatureConfigurationResult`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feature {
    /// `Name`: `S3_DATA_EVENTS`, `EKS_AUDIT_LOGS`, `EBS_MALWARE_PROTECTION`,
    /// `RDS_LOGIN_EVENTS`, `EKS_RUNTIME_MONITORING`, `LAMBDA_NETWORK_LOGS`, `RUNTIME_MONITORING`.
    pub name: String,
    /// `Status`: `ENABLED` or `DISABLED`.
    pub status: Value<String>,
    /// `AdditionalConfiguration`: agent management per platform (`EKS_ADDON_MANAGEMENT`,
    /// `ECS_FARGATE_AGENT_MANAGEMENT`, `EC2_AGENT_MANAGEMENT`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_configuration: Vec<AdditionalConfiguration>,
}

/// An additional configuration of a feature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdditionalConfiguration {
    /// `Name`.
    pub name: String,
    /// `Status`: `ENABLED` or `DISABLED`.
    pub status: Value<String>,
}
