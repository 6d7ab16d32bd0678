//! AWS Certificate Manager certificates (`ListCertificates` + `DescribeCertificate`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Value;

/// An ACM certificate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Certificate {
    /// `DomainName`.
    pub domain_name: String,
    /// `Type`: `AMAZON_ISSUED`, `IMPORTED` or `PRIVATE`.
    pub r#type: Value<String>,
    /// `Status`: `ISSUED`, `PENDING_VALIDATION`, `EXPIRED`, ...
    pub status: Value<String>,
    /// `NotAfter`; `None` until the certificate is issued.
    pub not_after: Value<Option<DateTime<Utc>>>,
    /// `KeyAlgorithm`: `RSA_1024`, `RSA_2048`, ..., `EC_prime256v1`, ...
    pub key_algorithm: Value<String>,
    /// `Options.CertificateTransparencyLoggingPreference`: `ENABLED` or `DISABLED`.
    pub certificate_transparency_logging_preference: Value<String>,
    /// `InUseBy`: the resources that use the certificate.
    pub in_use_by: Vec<String>,
}
