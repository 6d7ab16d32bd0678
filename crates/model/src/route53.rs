//! Amazon Route 53 hosted zones (`ListHostedZones`, `ListQueryLoggingConfigs`, `GetDNSSEC`)
//! and Route 53 Domains registered domains (`ListDomains`, answered in us-east-1 only).

use serde::{Deserialize, Serialize};

use crate::Value;

/// A hosted zone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HostedZone {
    /// `Id` without the `/hostedzone/` prefix.
    pub id: String,
    /// `Name` (`example.com.`).
    pub name: String,
    /// `Config.PrivateZone`.
    pub private_zone: bool,
    /// The CloudWatch Logs log group ARNs of the zone's query logging configurations.
    pub query_logging_log_groups: Value<Vec<String>>,
    /// `GetDNSSEC` `Status.ServeSignature`: `SIGNING`, `NOT_SIGNING`, `DELETING`, ...
    pub dnssec_serve_signature: Value<String>,
}

/// A domain registered with Route 53 Domains.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Domain {
    /// `DomainName`.
    pub domain_name: String,
    /// `TransferLock`.
    pub transfer_lock: Value<bool>,
    /// `AutoRenew`.
    pub auto_renew: Value<bool>,
}
