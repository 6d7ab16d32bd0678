//! CloudFront distributions with custom certificates serve HTTPS with SNI.

use cloudward_model::cloudfront::Distribution;
use cloudward_model::Evidence;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `ViewerCertificate.SSLSupportMethod`; not applicable with the default certificate (no SSL support method applies).
pub struct CloudfrontDistributionSniEnabled;

const META: RuleMeta = RuleMeta {
    id: "cloudfront-distribution-sni-enabled",
    title: "CloudFront distributions with custom certificates serve HTTPS with SNI",
    severity: Severity::Low,
    service: "cloudfront",
    kinds: Distribution::KINDS,
    checks: "For each distribution with a custom certificate, whether the SSL support method is sni-only (vip and static-ip, dedicated IP addresses, fail).",
    rationale: "Dedicated-IP HTTPS exists only for viewers from before 2010 that do not send SNI; it keeps old TLS clients working, costs a monthly fee per distribution, and every modern browser uses SNI.",
    remediation: Remediation {
        console: "CloudFront console > Distributions > <distribution> > General > Settings > Edit > Legacy clients support: off (SNI only) > Save changes.",
        cli: "aws cloudfront get-distribution-config --id <distribution-id>  # set ViewerCertificate.SSLSupportMethod to sni-only, then: aws cloudfront update-distribution --id <distribution-id> --if-match <etag> --distribution-config file://config.json",
        terraform: "resource \"aws_cloudfront_distribution\" \"this\" {\n  # ...\n  viewer_certificate {\n    acm_certificate_arn = aws_acm_certificate.site.arn\n    ssl_support_method  = \"sni-only\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-https-dedicated-ip-or-sni.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-8"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["CloudFront.8"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"vip\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        terraform_good: "resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled             = true\n  default_root_object = \"index.html\"\n  origin {\n    domain_name              = \"example-site.s3.us-east-1.amazonaws.com\"\n    origin_id                = \"site\"\n    origin_access_control_id = \"E2QWRUHAPOMQZL\"\n  }\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n    allowed_methods        = [\"GET\", \"HEAD\"]\n    cached_methods         = [\"GET\", \"HEAD\"]\n    cache_policy_id        = \"658327ea-f89d-4fab-a63d-7e88639e58f6\"\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    acm_certificate_arn      = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: vip\n          MinimumProtocolVersion: TLSv1.2_2021\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        DefaultRootObject: index.html\n        Origins:\n          - Id: site\n            DomainName: example-site.s3.us-east-1.amazonaws.com\n            OriginAccessControlId: E2QWRUHAPOMQZL\n            S3OriginConfig:\n              OriginAccessIdentity: \"\"\n        DefaultCacheBehavior:\n          TargetOriginId: site\n          ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n          SslSupportMethod: sni-only\n          MinimumProtocolVersion: TLSv1.2_2021\n",
    },
    file: file!(),
};

impl Check for CloudfrontDistributionSniEnabled {
    type Subject = Distribution;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Distribution, _: &Resource, _: &Inventory) -> Outcome {
        let v = match d.viewer_certificate.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(v) => v,
        };
        if v.cloudfront_default_certificate
            || (v.acm_certificate_arn.is_none() && v.iam_certificate_id.is_none())
        {
            return Outcome::not_applicable(
                "the distribution uses the default CloudFront certificate",
            );
        }
        match v.ssl_support_method.as_deref() {
            Some("sni-only") => Outcome::Pass(Evidence::at(
                "viewer_certificate",
                "HTTPS is served with SNI",
            )),
            Some(other) => Outcome::Fail(Evidence::at(
                "viewer_certificate",
                format!("HTTPS is served from dedicated IP addresses ({other})"),
            )),
            None => Outcome::unknown("the viewer certificate names no SSL support method"),
        }
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
        testing::judge(&CloudfrontDistributionSniEnabled, &distribution(d))
    }

    #[test]
    fn sni_passes() {
        assert_eq!(judge(secure().viewer_certificate), Status::Pass);
    }

    #[test]
    fn vip_fails_and_the_default_certificate_is_not_applicable() {
        let mut v = secure().viewer_certificate.known().cloned().unwrap();
        v.ssl_support_method = Some("vip".into());
        assert_eq!(judge(Value::Known(v)), Status::Fail);
        assert_eq!(
            judge(Value::Known(ViewerCertificate {
                cloudfront_default_certificate: true,
                ..Default::default()
            })),
            Status::NotApplicable
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
