//! Amazon CloudFront distributions (`ListDistributions` + `GetDistributionConfig`). CloudFront
//! is global: distributions have no region.

use serde::{Deserialize, Serialize};

use crate::Value;

/// A CloudFront distribution.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Distribution {
    /// `Id`.
    pub id: String,
    /// `DomainName` (`d111111abcdef8.cloudfront.net`).
    pub domain_name: String,
    /// `DefaultCacheBehavior` first (`path_pattern` `None`), then `CacheBehaviors`.
    pub cache_behaviors: Value<Vec<CacheBehavior>>,
    /// `ViewerCertificate`.
    pub viewer_certificate: Value<ViewerCertificate>,
    /// `Origins`.
    pub origins: Value<Vec<Origin>>,
    /// `WebACLId`: a WAFv2 web ACL ARN or a WAF Classic web ACL id; `None` when empty.
    pub web_acl_id: Value<Option<String>>,
    /// `DefaultRootObject`; `None` when empty.
    pub default_root_object: Value<Option<String>>,
    /// `Logging` (standard logging to an S3 bucket).
    pub logging: Value<Logging>,
}

/// One cache behaviour.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CacheBehavior {
    /// `PathPattern`; `None` for the default cache behaviour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_pattern: Option<String>,
    /// `ViewerProtocolPolicy`: `allow-all`, `https-only` or `redirect-to-https`.
    pub viewer_protocol_policy: String,
}

impl CacheBehavior {
    /// How the behaviour is named in messages.
    pub fn label(&self) -> String {
        match &self.path_pattern {
            None => "default cache behaviour".to_string(),
            Some(p) => format!("cache behaviour {p}"),
        }
    }
}

/// `ViewerCertificate`: the certificate viewers see and the TLS policy they must meet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewerCertificate {
    /// `CloudFrontDefaultCertificate`: the `*.cloudfront.net` certificate.
    pub cloudfront_default_certificate: bool,
    /// `ACMCertificateArn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acm_certificate_arn: Option<String>,
    /// `IAMCertificateId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_certificate_id: Option<String>,
    /// `SSLSupportMethod`: `sni-only`, `vip` or `static-ip`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssl_support_method: Option<String>,
    /// `MinimumProtocolVersion` (`TLSv1.2_2021`); with the default certificate CloudFront
    /// uses `TLSv1` whatever this says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_protocol_version: Option<String>,
}

/// One origin.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Origin {
    /// `Id`.
    pub id: String,
    /// `DomainName`.
    pub domain_name: String,
    /// `S3OriginConfig.OriginAccessIdentity` when the origin is an S3 origin (`Some("")`:
    /// an S3 origin without an origin access identity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_origin_access_identity: Option<String>,
    /// `OriginAccessControlId`; `None` when empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_access_control_id: Option<String>,
    /// `CustomOriginConfig`, for custom origins (including S3 website endpoints).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_origin_config: Option<CustomOriginConfig>,
}

impl Origin {
    /// An S3 REST origin: an `S3OriginConfig`, or a domain that is an S3 bucket's REST
    /// endpoint (`<bucket>.s3.<region>.amazonaws.com`). S3 website endpoints (`s3-website`)
    /// are custom origins: they cannot use origin access control.
    pub fn is_s3(&self) -> bool {
        self.s3_origin_access_identity.is_some() || is_s3_rest_domain(&self.domain_name)
    }
}

/// `<bucket>.s3.amazonaws.com`, `<bucket>.s3.<region>.amazonaws.com`,
/// `<bucket>.s3-<region>.amazonaws.com` (not `s3-website`).
pub fn is_s3_rest_domain(domain: &str) -> bool {
    let d = domain.to_ascii_lowercase();
    !d.contains(".s3-website")
        && (d.contains(".s3.") || d.contains(".s3-"))
        && d.ends_with(".amazonaws.com")
}

/// `CustomOriginConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomOriginConfig {
    /// `OriginProtocolPolicy`: `http-only`, `match-viewer` or `https-only`.
    pub origin_protocol_policy: String,
    /// `OriginSslProtocols.Items`: `SSLv3`, `TLSv1`, `TLSv1.1`, `TLSv1.2`.
    pub origin_ssl_protocols: Vec<String>,
}

/// `Logging` (standard logs).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Logging {
    /// `Enabled`.
    pub enabled: bool,
    /// `Bucket` (`bucket.s3.amazonaws.com`).
    pub bucket: String,
}
