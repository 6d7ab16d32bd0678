//! CloudFront distributions are associated with an AWS WAF web ACL.

use crate::rule::judged;
use cloudward_model::cloudfront::Distribution;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `WebACLId` (a WAFv2 web ACL ARN or a WAF Classic id). Whether the web ACL has useful rules is judged by the WAF rules, not here.
pub struct CloudfrontDistributionWafEnabled;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-waf-enabled",
    title: "CloudFront distributions are associated with an AWS WAF web ACL",
    severity: Severity::Medium,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution, whether a WAF web ACL is associated with it.",
    rationale: "A web ACL at the edge blocks common exploits (SQL injection, cross-site scripting), known bad inputs, bots and request floods before they reach the origin.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > Security > Edit > Enable AWS WAF protections (or choose an existing web ACL) > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id>  # set WebACLId to the web ACL ARN (scope CLOUDFRONT, us-east-1), then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  # ...\n  web_acl_id = aws_wafv2_web_acl.edge.arn\n}",
    },
    references: &["https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-6"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.6"],
        well_architected: &["SEC05-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  web_acl_id          = \"arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        WebACLId: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionWafEnabled {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        judged(&d.web_acl_id, "web_acl_id", |acl| match acl {
            Some(acl) => Ok(format!("web ACL {acl} is associated")),
            None => Err("no WAF web ACL is associated".into()),
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

    fn judge(acl: Value<Option<String>>) -> Status {
        let mut d = secure();
        d.web_acl_id = acl;
        testing::judge(&CloudfrontDistributionWafEnabled, &distribution(d))
    }

    #[test]
    fn a_web_acl_passes() {
        assert_eq!(
            judge(Value::Known(Some(
                "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1".into()
            ))),
            Status::Pass
        );
    }

    #[test]
    fn no_web_acl_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
