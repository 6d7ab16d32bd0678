//! CloudFront distributions require TLS 1.2 or later from viewers.

use crate::rule::judged;
use cloudward_model::cloudfront::Distribution;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ViewerCertificate.MinimumProtocolVersion`. With the default `*.cloudfront.net` certificate CloudFront accepts TLSv1 whatever the field says, so it fails. `TLSv1.2_2018` and `TLSv1.2_2019` allow TLS 1.2 with CBC ciphers; the rule asks for `TLSv1.2_2021` or newer.
pub struct CloudfrontDistributionViewerTls12Required;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-viewer-tls-1-2-required",
    title: "CloudFront distributions require TLS 1.2 or later from viewers",
    severity: Severity::Medium,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution, whether it uses a custom certificate with a security policy of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025 or newer. The default CloudFront certificate (TLSv1) and older policies fail.",
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and the older TLS 1.2 policies still accept weak CBC cipher suites. A viewer or an attacker who downgrades the connection can then use broken cryptography.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > General > Settings > Edit > Custom SSL certificate: choose an ACM certificate > Security policy: TLSv1.2_2021 (recommended) > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id>  # set ViewerCertificate.MinimumProtocolVersion to TLSv1.2_2021, then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  # ...\n  viewer_certificate {\n    acm_certificate_arn      = aws_acm_certificate.site.arn\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.1_2016\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.1_2016\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionViewerTls12Required {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        judged(&d.viewer_certificate, "viewer_certificate", |v| {
            if v.cloudfront_default_certificate
                || (v.acm_certificate_arn.is_none() && v.iam_certificate_id.is_none())
            {
                return Err("the default CloudFront certificate accepts TLSv1 from viewers".into());
            }
            let policy = v.minimum_protocol_version.as_deref().unwrap_or("TLSv1");
            if modern(policy) {
                Ok(format!("viewers must use security policy {policy}"))
            } else {
                Err(format!(
                    "security policy {policy} allows TLS older than 1.2 or weak TLS 1.2 ciphers"
                ))
            }
        })
    }
}

/// `TLSv1.2_2021` and later policies (`TLSv1.2_2025`, `TLSv1.3_2025`, any TLS 1.3 policy).
fn modern(policy: &str) -> bool {
    if policy.starts_with("TLSv1.3") {
        return true;
    }
    policy
        .strip_prefix("TLSv1.2_")
        .and_then(|year| year.parse::<u32>().ok())
        .is_some_and(|year| year >= 2021)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::cloudfront::test_helpers::{distribution, secure};
    use crate::rule::testing;
    use cloudward_model::cloudfront::ViewerCertificate;
    use cloudward_model::{Status, Value};

    fn judge(v: Value<ViewerCertificate>) -> Status {
        let mut d = secure();
        d.viewer_certificate = v;
        testing::judge(&CloudfrontDistributionViewerTls12Required, &distribution(d))
    }

    #[test]
    fn tls_1_2_2021_and_1_3_pass() {
        assert_eq!(judge(secure().viewer_certificate), Status::Pass);
        let mut v = secure().viewer_certificate.known().cloned().unwrap();
        v.minimum_protocol_version = Some("TLSv1.3_2025".into());
        assert_eq!(judge(Value::Known(v)), Status::Pass);
    }

    #[test]
    fn old_policies_and_the_default_certificate_fail() {
        let mut v = secure().viewer_certificate.known().cloned().unwrap();
        v.minimum_protocol_version = Some("TLSv1.2_2019".into());
        assert_eq!(judge(Value::Known(v)), Status::Fail);
        let default = ViewerCertificate {
            cloudfront_default_certificate: true,
            minimum_protocol_version: Some("TLSv1".into()),
            ..Default::default()
        };
        assert_eq!(judge(Value::Known(default)), Status::Fail);
    }

    #[test]
    fn unreadable_certificate_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
