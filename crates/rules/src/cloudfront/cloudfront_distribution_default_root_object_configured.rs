//! CloudFront distributions with S3 origins have a default root object.

use crate::rule::judged;
use cloudward_model::cloudfront::Distribution;
use cloudward_model::cloudfront::Origin;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `DefaultRootObject` (`GetDistributionConfig`). Applies only to distributions with an S3 REST origin, as FSBP CloudFront.1 does: a custom origin answers `/` itself.
pub struct CloudfrontDistributionDefaultRootObjectConfigured;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-default-root-object-configured",
    title: "CloudFront distributions with S3 origins have a default root object",
    severity: Severity::High,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution with an S3 origin, whether a default root object (such as index.html) is configured.",
    rationale: "Without a default root object, a request for the distribution root is passed to the S3 origin, which can answer with a listing of the bucket or an error that reveals its name.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > General > Settings > Edit > Default root object: index.html > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id>  # set DefaultRootObject to index.html, then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  # ...\n  default_root_object = \"index.html\"\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DefaultRootObject.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.1"],
        well_architected: &["SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionDefaultRootObjectConfigured {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        let origins = match d.origins.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(o) => o,
        };
        if !origins.iter().any(Origin::is_s3) {
            return Outcome::not_applicable("the distribution has no S3 origin");
        }
        judged(
            &d.default_root_object,
            "default_root_object",
            |root| match root {
                Some(object) => Ok(format!("the default root object is {object}")),
                None => Err("no default root object: requests for / go to the S3 origin".into()),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::cloudfront::test_helpers::{custom_origin, distribution, secure};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    #[test]
    fn a_root_object_passes() {
        assert_eq!(
            testing::judge(
                &CloudfrontDistributionDefaultRootObjectConfigured,
                &distribution(secure())
            ),
            Status::Pass
        );
    }

    #[test]
    fn no_root_object_with_an_s3_origin_fails() {
        let mut d = secure();
        d.default_root_object = Value::Known(None);
        assert_eq!(
            testing::judge(
                &CloudfrontDistributionDefaultRootObjectConfigured,
                &distribution(d)
            ),
            Status::Fail
        );
    }

    #[test]
    fn custom_origins_only_are_not_applicable_and_unknown_stays_unknown() {
        let mut d = secure();
        d.default_root_object = Value::Known(None);
        d.origins = Value::Known(vec![custom_origin("https-only", &["TLSv1.2"])]);
        assert_eq!(
            testing::judge(
                &CloudfrontDistributionDefaultRootObjectConfigured,
                &distribution(d)
            ),
            Status::NotApplicable
        );
        let mut d = secure();
        d.default_root_object = Value::unknown("AccessDenied");
        assert_eq!(
            testing::judge(
                &CloudfrontDistributionDefaultRootObjectConfigured,
                &distribution(d)
            ),
            Status::Unknown
        );
    }
}
