//! CloudFront distributions require HTTPS from viewers.

use crate::rule::judged;
use cloudward_model::cloudfront::CacheBehavior;
use cloudward_model::cloudfront::Distribution;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ViewerProtocolPolicy` of the default and every ordered cache behaviour (`ListDistributions`). `redirect-to-https` counts as HTTPS: the plain-HTTP request carries no content.
pub struct CloudfrontDistributionViewerHttpsRequired;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-viewer-https-required",
    title: "CloudFront distributions require HTTPS from viewers",
    severity: Severity::Medium,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution, whether the default cache behaviour and every ordered cache behaviour use a viewer protocol policy of https-only or redirect-to-https (allow-all fails).",
    rationale: "A behaviour that allows HTTP serves content, cookies and headers in clear text to anyone on the path between the viewer and the edge, who can read or modify them.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > Behaviors > select each behaviour > Edit > Viewer protocol policy: Redirect HTTP to HTTPS (or HTTPS only) > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id> > dist.json  # set ViewerProtocolPolicy to redirect-to-https in every behaviour, then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  # ...\n  default_cache_behavior {\n    viewer_protocol_policy = \"redirect-to-https\"\n    # ...\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-3"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.3"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"allow-all\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: allow-all\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionViewerHttpsRequired {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        judged(&d.cache_behaviors, "cache_behaviors", |behaviors| {
            let open: Vec<String> = behaviors
                .iter()
                .filter(|b| b.viewer_protocol_policy == "allow-all")
                .map(CacheBehavior::label)
                .collect();
            if open.is_empty() {
                Ok("every cache behaviour requires HTTPS or redirects to it".into())
            } else {
                Err(format!(
                    "viewers may use plain HTTP: {} allow-all",
                    open.join(", ")
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::cloudfront::test_helpers::{distribution, secure};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    #[test]
    fn redirect_and_https_only_pass() {
        assert_eq!(
            testing::judge(
                &CloudfrontDistributionViewerHttpsRequired,
                &distribution(secure())
            ),
            Status::Pass
        );
    }

    #[test]
    fn an_ordered_behaviour_allowing_http_fails() {
        let mut d = secure();
        d.cache_behaviors = Value::Known(vec![
            CacheBehavior {
                path_pattern: None,
                viewer_protocol_policy: "https-only".into(),
            },
            CacheBehavior {
                path_pattern: Some("/img/*".into()),
                viewer_protocol_policy: "allow-all".into(),
            },
        ]);
        assert_eq!(
            testing::judge(&CloudfrontDistributionViewerHttpsRequired, &distribution(d)),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_behaviours_are_unknown() {
        let mut d = secure();
        d.cache_behaviors = Value::unknown("AccessDenied");
        assert_eq!(
            testing::judge(&CloudfrontDistributionViewerHttpsRequired, &distribution(d)),
            Status::Unknown
        );
    }
}
