//! CloudFront distributions have standard logging enabled.

use crate::rule::judged;
use cloudward_model::cloudfront::Distribution;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `Logging.Enabled` and `Logging.Bucket` (`GetDistributionConfig`). Standard logging v2 (CloudWatch delivery) is configured outside the distribution and is not read: a distribution that uses only it fails here.
pub struct CloudfrontDistributionLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-logging-enabled",
    title: "CloudFront distributions have standard logging enabled",
    severity: Severity::Medium,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution, whether standard (access) logging to an S3 bucket is enabled.",
    rationale: "Access logs record every viewer request (client IP, path, status, TLS version). Without them there is no record to investigate abuse, credential stuffing or data scraping through the edge.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > General > Settings > Edit > Standard logging: On > choose the S3 bucket > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id>  # set Logging {Enabled: true, Bucket: <bucket>.s3.amazonaws.com}, then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  # ...\n  logging_config {\n    bucket = aws_s3_bucket.logs.bucket_domain_name\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-5"],
    frameworks: Frameworks {
        cis_v7: &["4.10"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.5"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  logging_config {\n    bucket = \"example-logs.s3.amazonaws.com\"\n  }\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Logging:\n          Bucket: example-logs.s3.amazonaws.com\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionLoggingEnabled {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        judged(&d.logging, "logging", |l| {
            if l.enabled {
                Ok(format!("standard logs go to {}", l.bucket))
            } else {
                Err("standard logging is off".into())
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
    use cloudward_model::cloudfront::Logging;
    use cloudward_model::{Status, Value};

    fn judge(l: Value<Logging>) -> Status {
        let mut d = secure();
        d.logging = l;
        testing::judge(&CloudfrontDistributionLoggingEnabled, &distribution(d))
    }

    #[test]
    fn logging_on_passes() {
        assert_eq!(judge(secure().logging), Status::Pass);
    }

    #[test]
    fn logging_off_fails() {
        assert_eq!(judge(Value::Known(Logging::default())), Status::Fail);
    }

    #[test]
    fn unreadable_config_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
