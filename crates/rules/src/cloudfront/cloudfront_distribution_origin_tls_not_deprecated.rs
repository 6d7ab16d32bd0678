//! CloudFront distributions do not use deprecated SSL/TLS protocols to custom origins.

use cloudward_model::cloudfront::Distribution;
use cloudward_model::Evidence;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads each custom origin's `OriginSslProtocols`. FSBP CloudFront.10 fails on SSLv3 only; this rule also fails on TLSv1 and TLSv1.1, which RFC 8996 deprecates. Origins reached over HTTP only are judged by `cloudfront-distribution-origin-https-required`.
pub struct CloudfrontDistributionOriginTlsNotDeprecated;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-origin-tls-not-deprecated",
    title: "CloudFront distributions do not use deprecated SSL/TLS protocols to custom origins",
    severity: Severity::Medium,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution with HTTPS custom origins, whether the origin SSL protocols exclude SSLv3, TLSv1 and TLSv1.1.",
    rationale: "CloudFront negotiates the best protocol the origin offers from the list, so an origin that is downgraded (or misconfigured) can be reached with SSLv3 or TLS 1.0, whose weaknesses (POODLE, BEAST) let an attacker on the path decrypt traffic.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > Origins > select the origin > Edit > Minimum origin SSL protocol: TLSv1.2 > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id>  # set CustomOriginConfig.OriginSslProtocols to {Quantity: 1, Items: [TLSv1.2]}, then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  origin {\n    # ...\n    custom_origin_config {\n      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols   = [\"TLSv1.2\"]\n    }\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-10", "https://www.rfc-editor.org/rfc/rfc8996"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.10"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name = \"app.example.com\"\n    origin_id   = \"site\"\n    custom_origin_config {\n      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols   = [\"SSLv3\", \"TLSv1.2\"]\n    }\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name = \"app.example.com\"\n    origin_id   = \"site\"\n    custom_origin_config {\n      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols   = [\"TLSv1.2\"]\n    }\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: app.example.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n              OriginSSLProtocols: [SSLv3, TLSv1.2]\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: app.example.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n              OriginSSLProtocols: [TLSv1.2]\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionOriginTlsNotDeprecated {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        /// Protocols RFC 8996 (and, for SSLv3, RFC 7568) deprecate.
        const DEPRECATED: &[&str] = &["SSLv3", "TLSv1", "TLSv1.1"];
        let origins = match d.origins.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(o) => o,
        };
        let tls: Vec<_> = origins
            .iter()
            .filter(|o| !o.is_s3())
            .filter_map(|o| o.custom_origin_config.as_ref().map(|c| (o, c)))
            .filter(|(_, c)| c.origin_protocol_policy != "http-only")
            .collect();
        if tls.is_empty() {
            return Outcome::not_applicable(
                "the distribution has no custom origin reached over HTTPS",
            );
        }
        let weak: Vec<String> = tls
            .iter()
            .filter_map(|(o, c)| {
                let old: Vec<&str> = c
                    .origin_ssl_protocols
                    .iter()
                    .map(String::as_str)
                    .filter(|p| DEPRECATED.contains(p))
                    .collect();
                (!old.is_empty()).then(|| format!("{} ({})", o.id, old.join(", ")))
            })
            .collect();
        if weak.is_empty() {
            Outcome::Pass(Evidence::at(
                "origins",
                "custom origins are offered TLS 1.2 or later only",
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "origins",
                format!("deprecated protocols to origins: {}", weak.join(", ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::cloudfront::test_helpers::{custom_origin, distribution, secure};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(policy: &str, protocols: &[&str]) -> Status {
        let mut d = secure();
        d.origins = Value::Known(vec![custom_origin(policy, protocols)]);
        testing::judge(
            &CloudfrontDistributionOriginTlsNotDeprecated,
            &distribution(d),
        )
    }

    #[test]
    fn tls_1_2_only_passes() {
        assert_eq!(judge("https-only", &["TLSv1.2"]), Status::Pass);
    }

    #[test]
    fn sslv3_or_tls_1_0_fails() {
        assert_eq!(judge("https-only", &["SSLv3", "TLSv1.2"]), Status::Fail);
        assert_eq!(judge("match-viewer", &["TLSv1", "TLSv1.2"]), Status::Fail);
    }

    #[test]
    fn http_only_and_s3_are_not_applicable_unknown_stays_unknown() {
        assert_eq!(judge("http-only", &["SSLv3"]), Status::NotApplicable);
        assert_eq!(
            testing::judge(
                &CloudfrontDistributionOriginTlsNotDeprecated,
                &distribution(secure())
            ),
            Status::NotApplicable
        );
        let mut d = secure();
        d.origins = Value::unknown("AccessDenied");
        assert_eq!(
            testing::judge(
                &CloudfrontDistributionOriginTlsNotDeprecated,
                &distribution(d)
            ),
            Status::Unknown
        );
    }
}
