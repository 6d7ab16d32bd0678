//! API Gateway custom domain names require TLS 1.2 or later.

use crate::rule::judged;
use cloudward_model::apigateway::DomainName;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `securityPolicy`: `TLS_1_0` fails; `TLS_1_2` and the enhanced `SecurityPolicy_TLS12_*` / `SecurityPolicy_TLS13_*` policies pass. Unset in code is Unknown: AWS does not document one default for every endpoint type.
pub struct ApigatewayDomainNameTls12Required;

const META: RuleMeta = RuleMeta {
    id: "apigateway-domain-name-tls-1-2-required",
    title: "API Gateway custom domain names require TLS 1.2 or later",
    severity: Severity::Medium,
    service: "apigateway",
    kinds: DomainName::KINDS,
    checks: "For each API Gateway custom domain name, whether its security policy requires TLS 1.2 or later (TLS_1_0 fails).",
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996); a domain that still accepts them lets a client, or an attacker who downgrades it, use broken cryptography for API calls that carry credentials.",
    remediation: Remediation {
        console: "API Gateway console > Custom domain names > <domain> > Configurations > Edit > Minimum TLS version: TLS 1.2 > Save.",
        cli: "aws apigateway update-domain-name --domain-name <domain> --patch-operations op=replace,path=/securityPolicy,value=TLS_1_2",
        terraform: "resource \"aws_api_gateway_domain_name\" \"this\" {\n  domain_name              = \"api.example.com\"\n  regional_certificate_arn = aws_acm_certificate.api.arn\n  security_policy          = \"TLS_1_2\"\n  endpoint_configuration {\n    types = [\"REGIONAL\"]\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_api_gateway_domain_name\" \"api\" {\n  domain_name              = \"api.example.com\"\n  regional_certificate_arn = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n  security_policy          = \"TLS_1_0\"\n  endpoint_configuration {\n    types = [\"REGIONAL\"]\n  }\n}\n",
        terraform_good: "resource \"aws_api_gateway_domain_name\" \"api\" {\n  domain_name              = \"api.example.com\"\n  regional_certificate_arn = \"arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\"\n  security_policy          = \"TLS_1_2\"\n  endpoint_configuration {\n    types = [\"REGIONAL\"]\n  }\n}\n",
        cloudformation_bad: "Resources:\n  ApiDomain:\n    Type: AWS::ApiGateway::DomainName\n    Properties:\n      DomainName: api.example.com\n      RegionalCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n      SecurityPolicy: TLS_1_0\n      EndpointConfiguration:\n        Types: [REGIONAL]\n",
        cloudformation_good: "Resources:\n  ApiDomain:\n    Type: AWS::ApiGateway::DomainName\n    Properties:\n      DomainName: api.example.com\n      RegionalCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab\n      SecurityPolicy: TLS_1_2\n      EndpointConfiguration:\n        Types: [REGIONAL]\n",
    },
    file: file!(),
};

impl Check for ApigatewayDomainNameTls12Required {
    type Subject = DomainName;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &DomainName, _: &Resource, _: &Inventory) -> Outcome {
        judged(&d.security_policy, "security_policy", |p| {
            let modern = p == "TLS_1_2"
                || p.starts_with("SecurityPolicy_TLS12")
                || p.starts_with("SecurityPolicy_TLS13");
            if modern {
                Ok(format!("security policy {p} requires TLS 1.2 or later"))
            } else {
                Err(format!("security policy {p} accepts TLS older than 1.2"))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::apigateway::test_helpers::domain;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(p: Value<String>) -> Status {
        testing::judge(
            &ApigatewayDomainNameTls12Required,
            &domain(DomainName {
                domain_name: "api.example.com".into(),
                security_policy: p,
            }),
        )
    }

    #[test]
    fn tls_1_2_passes() {
        assert_eq!(judge(Value::Known("TLS_1_2".into())), Status::Pass);
        assert_eq!(
            judge(Value::Known("SecurityPolicy_TLS13_1_2_2021_06".into())),
            Status::Pass
        );
    }

    #[test]
    fn tls_1_0_fails() {
        assert_eq!(judge(Value::Known("TLS_1_0".into())), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("not set")), Status::Unknown);
    }
}
