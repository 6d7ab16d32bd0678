//! CloudFront rules: HTTPS and modern TLS from viewers and to origins, custom certificates
//! with SNI, standard logging, WAF, a default root object and origin access control for S3.

mod cloudfront_distribution_custom_certificate;
mod cloudfront_distribution_default_root_object_configured;
mod cloudfront_distribution_logging_enabled;
mod cloudfront_distribution_origin_https_required;
mod cloudfront_distribution_origin_tls_not_deprecated;
mod cloudfront_distribution_s3_origin_access_control;
mod cloudfront_distribution_sni_enabled;
mod cloudfront_distribution_viewer_https_required;
mod cloudfront_distribution_viewer_tls_1_2_required;
mod cloudfront_distribution_waf_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &cloudfront_distribution_viewer_https_required::CloudfrontDistributionViewerHttpsRequired,
    &cloudfront_distribution_viewer_tls_1_2_required::CloudfrontDistributionViewerTls12Required,
    &cloudfront_distribution_custom_certificate::CloudfrontDistributionCustomCertificate,
    &cloudfront_distribution_sni_enabled::CloudfrontDistributionSniEnabled,
    &cloudfront_distribution_origin_https_required::CloudfrontDistributionOriginHttpsRequired,
    &cloudfront_distribution_origin_tls_not_deprecated::CloudfrontDistributionOriginTlsNotDeprecated,
    &cloudfront_distribution_s3_origin_access_control::CloudfrontDistributionS3OriginAccessControl,
    &cloudfront_distribution_default_root_object_configured::CloudfrontDistributionDefaultRootObjectConfigured,
    &cloudfront_distribution_logging_enabled::CloudfrontDistributionLoggingEnabled,
    &cloudfront_distribution_waf_enabled::CloudfrontDistributionWafEnabled,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::cloudfront::{
        CacheBehavior, CustomOriginConfig, Distribution, Logging, Origin, ViewerCertificate,
    };
    use cloudward_model::{Attributes, Resource, Value};

    /// A global distribution resource `E1`.
    pub(crate) fn distribution(d: Distribution) -> Resource {
        cloudward_model::test_support::global("E1", Attributes::CloudfrontDistribution(d))
    }

    /// A distribution that passes every CloudFront rule: one S3 origin with OAC, HTTPS
    /// redirects, an ACM certificate with SNI and TLSv1.2_2021, logging, a web ACL, a root.
    pub(crate) fn secure() -> Distribution {
        Distribution {
            id: "E1".into(),
            domain_name: "d1.cloudfront.net".into(),
            cache_behaviors: Value::Known(vec![CacheBehavior {
                path_pattern: None,
                viewer_protocol_policy: "redirect-to-https".into(),
            }]),
            viewer_certificate: Value::Known(ViewerCertificate {
                cloudfront_default_certificate: false,
                acm_certificate_arn: Some(
                    "arn:aws:acm:us-east-1:123456789012:certificate/1".into(),
                ),
                iam_certificate_id: None,
                ssl_support_method: Some("sni-only".into()),
                minimum_protocol_version: Some("TLSv1.2_2021".into()),
            }),
            origins: Value::Known(vec![Origin {
                id: "site".into(),
                domain_name: "site.s3.us-east-1.amazonaws.com".into(),
                s3_origin_access_identity: Some(String::new()),
                origin_access_control_id: Some("E2OAC".into()),
                custom_origin_config: None,
            }]),
            web_acl_id: Value::Known(Some(
                "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1".into(),
            )),
            default_root_object: Value::Known(Some("index.html".into())),
            logging: Value::Known(Logging {
                enabled: true,
                bucket: "logs.s3.amazonaws.com".into(),
            }),
        }
    }

    /// A custom origin `app` with the given protocol policy and SSL protocols.
    pub(crate) fn custom_origin(policy: &str, protocols: &[&str]) -> Origin {
        Origin {
            id: "app".into(),
            domain_name: "app.example.com".into(),
            custom_origin_config: Some(CustomOriginConfig {
                origin_protocol_policy: policy.into(),
                origin_ssl_protocols: protocols.iter().map(|p| p.to_string()).collect(),
            }),
            ..Default::default()
        }
    }
}
