//! CloudFront distributions use a custom SSL/TLS certificate.

use crate::rule::judged;
use cloudward_model::cloudfront::Distribution;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ViewerCertificate`: `CloudFrontDefaultCertificate`, `ACMCertificateArn`, `IAMCertificateId`.
pub struct CloudfrontDistributionCustomCertificate;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-custom-certificate",
    title: "CloudFront distributions use a custom SSL/TLS certificate",
    severity: Severity::Low,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution, whether viewers are served a custom certificate (ACM or IAM) rather than the default *.cloudfront.net certificate.",
    rationale: "With the default certificate viewers must use the cloudfront.net name, the distribution cannot enforce a modern TLS security policy (it accepts TLSv1), and users learn to trust a name that any CloudFront customer can serve.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > General > Settings > Edit > add an alternate domain name > Custom SSL certificate: choose an ACM certificate (us-east-1) > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id>  # set ViewerCertificate {ACMCertificateArn: <arn>, SSLSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.2_2021}, then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  # ...\n  aliases = [\"www.example.com\"]\n  viewer_certificate {\n    acm_certificate_arn      = aws_acm_certificate.site.arn\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-alternate-domain-names.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-7"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.7"],
        well_architected: &["SEC09-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    cloudfront_default_certificate = true\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          CloudFrontDefaultCertificate: true\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionCustomCertificate {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        judged(&d.viewer_certificate, "viewer_certificate", |v| {
            match (&v.acm_certificate_arn, &v.iam_certificate_id) {
                (Some(arn), _) if !v.cloudfront_default_certificate => {
                    Ok(format!("viewers get ACM certificate {arn}"))
                }
                (None, Some(id)) if !v.cloudfront_default_certificate => {
                    Ok(format!("viewers get IAM certificate {id}"))
                }
                _ => Err("viewers get the default *.cloudfront.net certificate".into()),
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
    use cloudward_model::cloudfront::ViewerCertificate;
    use cloudward_model::{Status, Value};

    fn judge(v: Value<ViewerCertificate>) -> Status {
        let mut d = secure();
        d.viewer_certificate = v;
        testing::judge(&CloudfrontDistributionCustomCertificate, &distribution(d))
    }

    #[test]
    fn an_acm_certificate_passes() {
        assert_eq!(judge(secure().viewer_certificate), Status::Pass);
    }

    #[test]
    fn the_default_certificate_fails() {
        assert_eq!(
            judge(Value::Known(ViewerCertificate {
                cloudfront_default_certificate: true,
                ..Default::default()
            })),
            Status::Fail
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
