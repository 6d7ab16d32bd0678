//! CloudFront distributions use origin access control for S3 origins.

use cloudward_model::cloudfront::Distribution;
use cloudward_model::Evidence;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads each S3 origin's `OriginAccessControlId` and `S3OriginConfig.OriginAccessIdentity`. A legacy origin access identity (OAI) fails: it does not support SSE-KMS, newer regions or signed requests to S3 with SigV4, and AWS recommends migrating to OAC (as FSBP CloudFront.13 does). S3 website endpoints are custom origins and are not judged.
pub struct CloudfrontDistributionS3OriginAccessControl;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-s3-origin-access-control",
    title: "CloudFront distributions use origin access control for S3 origins",
    severity: Severity::Medium,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution with S3 REST origins, whether every S3 origin uses origin access control (OAC). An S3 origin with an origin access identity (legacy OAI) or with neither fails.",
    rationale: "Without OAC the bucket must either be readable by everyone, letting viewers bypass the distribution (and its WAF, geo restrictions and logging), or rely on the legacy OAI, which cannot read KMS-encrypted objects.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > Origins > select the S3 origin > Edit > Origin access: Origin access control settings > Create control setting > Save, then update the bucket policy as shown.",
        cli: "aws cloudfront create-origin-access-control --origin-access-control-config Name=<name>,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3  # then set the origin's OriginAccessControlId with update-distribution",
        terraform: "resource \"aws_cloudfront_origin_access_control\" \"site\" {\n  name                              = \"site\"\n  origin_access_control_origin_type = \"s3\"\n  signing_behavior                  = \"always\"\n  signing_protocol                  = \"sigv4\"\n}\n\nresource \"aws_cloudfront_distribution\" \"this\" {\n  origin {\n    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name\n    origin_id                = \"site\"\n    origin_access_control_id = aws_cloudfront_origin_access_control.site.id\n  }\n  # ...\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-13"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.13"],
        well_architected: &["SEC03-BP07"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id   = \"site\"\n    s3_origin_config {\n      origin_access_identity = \"origin-access-identity/cloudfront/E127EXAMPLE51Z\"\n    }\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            S3OriginConfig:\n              OriginAccessIdentity: origin-access-identity/cloudfront/E127EXAMPLE51Z\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionS3OriginAccessControl {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        let origins = match d.origins.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(o) => o,
        };
        let s3: Vec<_> = origins.iter().filter(|o| o.is_s3()).collect();
        if s3.is_empty() {
            return Outcome::not_applicable("the distribution has no S3 origin");
        }
        let without: Vec<String> = s3
            .iter()
            .filter(|o| o.origin_access_control_id.is_none())
            .map(|o| match o.s3_origin_access_identity.as_deref() {
                Some(oai) if !oai.is_empty() => format!("{} (legacy origin access identity)", o.id),
                _ => format!("{} (no origin access control)", o.id),
            })
            .collect();
        if without.is_empty() {
            Outcome::Pass(Evidence::at(
                "origins",
                "every S3 origin uses origin access control",
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "origins",
                format!(
                    "S3 origins without origin access control: {}",
                    without.join(", ")
                ),
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
    use cloudward_model::cloudfront::Origin;
    use cloudward_model::{Status, Value};

    fn judge(origins: Value<Vec<Origin>>) -> Status {
        let mut d = secure();
        d.origins = origins;
        testing::judge(
            &CloudfrontDistributionS3OriginAccessControl,
            &distribution(d),
        )
    }

    #[test]
    fn oac_passes() {
        assert_eq!(judge(secure().origins), Status::Pass);
    }

    #[test]
    fn oai_and_public_s3_origins_fail() {
        let oai = Origin {
            id: "o".into(),
            domain_name: "b.s3.amazonaws.com".into(),
            s3_origin_access_identity: Some("origin-access-identity/cloudfront/E1".into()),
            ..Default::default()
        };
        assert_eq!(judge(Value::Known(vec![oai])), Status::Fail);
        let open = Origin {
            id: "o".into(),
            domain_name: "b.s3.eu-west-1.amazonaws.com".into(),
            s3_origin_access_identity: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(judge(Value::Known(vec![open])), Status::Fail);
    }

    #[test]
    fn custom_origins_are_not_applicable_and_unknown_stays_unknown() {
        assert_eq!(
            judge(Value::Known(vec![custom_origin(
                "https-only",
                &["TLSv1.2"]
            )])),
            Status::NotApplicable
        );
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
