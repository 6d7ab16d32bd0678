//! CloudFront against moto: an open distribution (HTTP viewers, the default certificate, an
//! S3 origin with a legacy origin access identity and a match-viewer custom origin offering
//! SSLv3, no logging, WAF or root object) and a hardened one.
//!
//! moto keeps neither `S3OriginConfig` nor `OriginAccessControlId` on origins, so the hardened
//! distribution's S3 origin reads as one without origin access control: its
//! `cloudfront-distribution-s3-origin-access-control` row is Fail (moto gap, see the report).

use aws_sdk_cloudfront::types::{
    CustomOriginConfig, DefaultCacheBehavior, DistributionConfig, DistributionConfigWithTags,
    LoggingConfig, MinimumProtocolVersion, Origin, OriginProtocolPolicy, OriginSslProtocols,
    Origins, S3OriginConfig, SslProtocol, SslSupportMethod, Tag, Tags, ViewerCertificate,
    ViewerProtocolPolicy,
};
use cloudward_model::Status::{Fail, NotApplicable, Pass};

use super::Suite;
use crate::findings::Row;
use crate::provision::must;
use crate::server::Moto;

pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

const ROWS: &[Row] = &[
    (
        "cloudfront-distribution-viewer-https-required",
        "open@global",
        Fail,
    ),
    (
        "cloudfront-distribution-viewer-https-required",
        "hardened@global",
        Pass,
    ),
    (
        "cloudfront-distribution-viewer-tls-1-2-required",
        "open@global",
        Fail,
    ),
    (
        "cloudfront-distribution-viewer-tls-1-2-required",
        "hardened@global",
        Pass,
    ),
    (
        "cloudfront-distribution-custom-certificate",
        "open@global",
        Fail,
    ),
    (
        "cloudfront-distribution-custom-certificate",
        "hardened@global",
        Pass,
    ),
    (
        "cloudfront-distribution-sni-enabled",
        "open@global",
        NotApplicable,
    ),
    (
        "cloudfront-distribution-sni-enabled",
        "hardened@global",
        Pass,
    ),
    (
        "cloudfront-distribution-origin-https-required",
        "open@global",
        Fail,
    ),
    (
        "cloudfront-distribution-origin-https-required",
        "hardened@global",
        Pass,
    ),
    (
        "cloudfront-distribution-origin-tls-not-deprecated",
        "open@global",
        Fail,
    ),
    (
        "cloudfront-distribution-origin-tls-not-deprecated",
        "hardened@global",
        Pass,
    ),
    (
        "cloudfront-distribution-s3-origin-access-control",
        "open@global",
        Fail,
    ),
    // moto drops OriginAccessControlId: the hardened twin cannot pass here.
    (
        "cloudfront-distribution-s3-origin-access-control",
        "hardened@global",
        Fail,
    ),
    (
        "cloudfront-distribution-default-root-object-configured",
        "open@global",
        Fail,
    ),
    (
        "cloudfront-distribution-default-root-object-configured",
        "hardened@global",
        Pass,
    ),
    (
        "cloudfront-distribution-logging-enabled",
        "open@global",
        Fail,
    ),
    (
        "cloudfront-distribution-logging-enabled",
        "hardened@global",
        Pass,
    ),
    ("cloudfront-distribution-waf-enabled", "open@global", Fail),
    (
        "cloudfront-distribution-waf-enabled",
        "hardened@global",
        Pass,
    ),
];

fn custom_origin(policy: OriginProtocolPolicy, protocols: &[SslProtocol]) -> Origin {
    Origin::builder()
        .id("app")
        .domain_name("app.example.com")
        .custom_origin_config(
            CustomOriginConfig::builder()
                .http_port(80)
                .https_port(443)
                .origin_protocol_policy(policy)
                .origin_ssl_protocols(
                    OriginSslProtocols::builder()
                        .quantity(protocols.len() as i32)
                        .set_items(Some(protocols.to_vec()))
                        .build()
                        .expect("protocols"),
                )
                .build()
                .expect("custom origin"),
        )
        .build()
        .expect("origin")
}

fn s3_origin(domain: &str, oai: &str, oac: Option<&str>) -> Origin {
    Origin::builder()
        .id("site")
        .domain_name(domain)
        .s3_origin_config(
            S3OriginConfig::builder()
                .origin_access_identity(oai)
                .build(),
        )
        .set_origin_access_control_id(oac.map(str::to_string))
        .build()
        .expect("origin")
}

struct Twin {
    name: &'static str,
    origins: Vec<Origin>,
    viewer: ViewerProtocolPolicy,
    certificate: ViewerCertificate,
    logging: Option<LoggingConfig>,
    web_acl: Option<&'static str>,
    root: Option<&'static str>,
}

async fn create(cf: &aws_sdk_cloudfront::Client, t: Twin) {
    let config = DistributionConfig::builder()
        .caller_reference(t.name)
        .comment(t.name)
        .enabled(true)
        .origins(
            Origins::builder()
                .quantity(t.origins.len() as i32)
                .set_items(Some(t.origins))
                .build()
                .expect("origins"),
        )
        .default_cache_behavior(
            DefaultCacheBehavior::builder()
                .target_origin_id("site")
                .viewer_protocol_policy(t.viewer)
                .build()
                .expect("behaviour"),
        )
        .viewer_certificate(t.certificate)
        .set_logging(t.logging)
        .set_web_acl_id(t.web_acl.map(str::to_string))
        .set_default_root_object(t.root.map(str::to_string))
        .build()
        .expect("config");
    must(
        cf.create_distribution_with_tags()
            .distribution_config_with_tags(
                DistributionConfigWithTags::builder()
                    .distribution_config(config)
                    .tags(
                        Tags::builder()
                            .items(
                                Tag::builder()
                                    .key("Name")
                                    .value(t.name)
                                    .build()
                                    .expect("tag"),
                            )
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await,
        "cloudfront:CreateDistributionWithTags",
    );
}

async fn provision(moto: &Moto) {
    let cf = aws_sdk_cloudfront::Client::new(&moto.sdk_config("us-east-1").await);
    create(
        &cf,
        Twin {
            name: "open",
            origins: vec![
                s3_origin(
                    "open-site.s3.amazonaws.com",
                    "origin-access-identity/cloudfront/E127EXAMPLE51Z",
                    None,
                ),
                custom_origin(
                    OriginProtocolPolicy::MatchViewer,
                    &[SslProtocol::SsLv3, SslProtocol::TlSv12],
                ),
            ],
            viewer: ViewerProtocolPolicy::AllowAll,
            certificate: ViewerCertificate::builder()
                .cloud_front_default_certificate(true)
                .build(),
            logging: None,
            web_acl: None,
            root: None,
        },
    )
    .await;
    create(
        &cf,
        Twin {
            name: "hardened",
            origins: vec![
                s3_origin(
                    "hardened-site.s3.us-east-1.amazonaws.com",
                    "",
                    Some("E2QWRUHAPOMQZL"),
                ),
                custom_origin(OriginProtocolPolicy::HttpsOnly, &[SslProtocol::TlSv12]),
            ],
            viewer: ViewerProtocolPolicy::RedirectToHttps,
            certificate: ViewerCertificate::builder()
                .cloud_front_default_certificate(false)
                .acm_certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/1234abcd")
                .ssl_support_method(SslSupportMethod::SniOnly)
                .minimum_protocol_version(MinimumProtocolVersion::TlSv122021)
                .build(),
            logging: Some(
                LoggingConfig::builder()
                    .enabled(true)
                    .include_cookies(false)
                    .bucket("hardened-logs.s3.amazonaws.com")
                    .prefix("cdn/")
                    .build(),
            ),
            web_acl: Some("arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4"),
            root: Some("index.html"),
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloudfront_findings_match_the_table() {
    let moto = Moto::start();
    provision(&moto).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["cloudfront"]).await;
    let problems = crate::findings::compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
