//! CloudFront distributions encrypt traffic to custom origins.

use cloudward_model::cloudfront::Distribution;
use cloudward_model::Evidence;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads each custom origin's `OriginProtocolPolicy`, and the viewer protocol policies for `match-viewer` (as FSBP CloudFront.9: `match-viewer` fails when a behaviour allows HTTP viewers). S3 REST origins are always reached over HTTPS.
pub struct CloudfrontDistributionOriginHttpsRequired;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-origin-https-required",
    title: "CloudFront distributions encrypt traffic to custom origins",
    severity: Severity::Medium,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution with custom origins, whether every custom origin is reached over HTTPS: https-only, or match-viewer when no cache behaviour allows HTTP viewers. http-only fails.",
    rationale: "Between the edge and a custom origin the request crosses the internet; over HTTP its content, cookies and authorization headers can be read or altered on the way.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > Origins > select the origin > Edit > Protocol: HTTPS only > Minimum origin SSL protocol: TLSv1.2 > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id>  # set CustomOriginConfig.OriginProtocolPolicy to https-only, then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  origin {\n    # ...\n    custom_origin_config {\n      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols   = [\"TLSv1.2\"]\n    }\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-9"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.9"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name = \"app.example.com\"\n    origin_id   = \"site\"\n    custom_origin_config {\n      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = \"http-only\"\n      origin_ssl_protocols   = [\"TLSv1.2\"]\n    }\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name = \"app.example.com\"\n    origin_id   = \"site\"\n    custom_origin_config {\n      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols   = [\"TLSv1.2\"]\n    }\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: app.example.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: http-only\n              OriginSSLProtocols: [TLSv1.2]\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: app.example.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n              OriginSSLProtocols: [TLSv1.2]\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionOriginHttpsRequired {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        let origins = match d.origins.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(o) => o,
        };
        let custom: Vec<_> = origins
            .iter()
            .filter(|o| !o.is_s3())
            .filter_map(|o| o.custom_origin_config.as_ref().map(|c| (o, c)))
            .collect();
        if custom.is_empty() {
            return Outcome::not_applicable("the distribution has no custom origin");
        }
        let mut plain = Vec::new();
        for (o, c) in custom {
            match c.origin_protocol_policy.as_str() {
                "https-only" => {}
                "match-viewer" => match d.cache_behaviors.get() {
                    Err(reason) => return Outcome::unknown(reason),
                    Ok(b) if b.iter().any(|b| b.viewer_protocol_policy == "allow-all") => {
                        plain.push(format!("{} (match-viewer with HTTP viewers allowed)", o.id));
                    }
                    Ok(_) => {}
                },
                other => plain.push(format!("{} ({other})", o.id)),
            }
        }
        if plain.is_empty() {
            Outcome::Pass(Evidence::at(
                "origins",
                "every custom origin is reached over HTTPS",
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "origins",
                format!("origins reached over HTTP: {}", plain.join(", ")),
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
    use cloudward_model::cloudfront::CacheBehavior;
    use cloudward_model::{Status, Value};

    fn judge(policy: &str, viewer: &str) -> Status {
        let mut d = secure();
        d.origins = Value::Known(vec![custom_origin(policy, &["TLSv1.2"])]);
        d.cache_behaviors = Value::Known(vec![CacheBehavior {
            path_pattern: None,
            viewer_protocol_policy: viewer.into(),
        }]);
        testing::judge(&CloudfrontDistributionOriginHttpsRequired, &distribution(d))
    }

    #[test]
    fn https_only_and_match_viewer_with_https_viewers_pass() {
        assert_eq!(judge("https-only", "allow-all"), Status::Pass);
        assert_eq!(judge("match-viewer", "redirect-to-https"), Status::Pass);
    }

    #[test]
    fn http_only_and_match_viewer_with_http_viewers_fail() {
        assert_eq!(judge("http-only", "https-only"), Status::Fail);
        assert_eq!(judge("match-viewer", "allow-all"), Status::Fail);
    }

    #[test]
    fn s3_only_is_not_applicable_and_unknown_origins_are_unknown() {
        assert_eq!(
            testing::judge(
                &CloudfrontDistributionOriginHttpsRequired,
                &distribution(secure())
            ),
            Status::NotApplicable
        );
        let mut d = secure();
        d.origins = Value::unknown("AccessDenied");
        assert_eq!(
            testing::judge(&CloudfrontDistributionOriginHttpsRequired, &distribution(d)),
            Status::Unknown
        );
    }
}
