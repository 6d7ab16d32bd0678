//! OpenSearch domain requires HTTPS with TLS 1.2 or later.

use cloudward_model::opensearch::Domain;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `DomainEndpointOptions.EnforceHTTPS` and `TLSSecurityPolicy` (`Policy-Min-TLS-1-2-*` passes, `Policy-Min-TLS-1-0-2019-07` fails).
pub struct OpensearchDomainHttpsTls12Required;

const META: RuleMeta = RuleMeta {
    id: "opensearch-domain-https-tls-1-2-required",
    title: "OpenSearch domain requires HTTPS with TLS 1.2 or later",
    severity: Severity::Medium,
    service: "opensearch",
    kinds: Domain::KINDS,
    checks: "For each domain, whether the endpoint refuses plain HTTP and its TLS security policy requires TLS 1.2 or later.",
    rationale: "Without EnforceHTTPS, clients can send credentials, signed requests and documents over plain HTTP; a TLS 1.0 policy keeps protocol versions with known weaknesses available to downgrade attacks.",
    remediation: Remediation {
        console: "OpenSearch Service console > Domains > <domain> > Actions > Edit security configuration > Require HTTPS for all traffic; TLS security policy Policy-Min-TLS-1-2-PFS-2023-10 > Save changes.",
        cli: "aws opensearch update-domain-config --domain-name <domain> --domain-endpoint-options EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-PFS-2023-10",
        terraform: "resource \"aws_opensearch_domain\" \"this\" {\n  # ...\n  domain_endpoint_options {\n    enforce_https       = true\n    tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-8"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Opensearch.8", "ES.8"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  domain_endpoint_options {\n    enforce_https       = true\n    tls_security_policy = \"Policy-Min-TLS-1-0-2019-07\"\n  }\n}\n",
        terraform_good: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  domain_endpoint_options {\n    enforce_https       = true\n    tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n      DomainEndpointOptions:\n        EnforceHTTPS: false\n",
        cloudformation_good: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n      DomainEndpointOptions:\n        EnforceHTTPS: true\n        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07\n",
    },
    file: file!(),
};

impl Check for OpensearchDomainHttpsTls12Required {
    type Subject = Domain;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Domain, _: &Resource, _: &Inventory) -> Outcome {
        match d.enforce_https.get() {
            Err(r) => return Outcome::unknown(r),
            Ok(false) => {
                return Outcome::Fail(Evidence::at(
                    "enforce_https",
                    "the domain accepts plain HTTP (EnforceHTTPS is off)",
                ))
            }
            Ok(true) => {}
        }
        match d.tls_security_policy.get() {
            Err(r) => Outcome::unknown(r),
            Ok(None) => Outcome::unknown("the domain reports no TLS security policy"),
            Ok(Some(p)) if Domain::tls_policy_requires_1_2(p) => Outcome::Pass(Evidence::at(
                "tls_security_policy",
                format!("HTTPS is required with TLS policy {p}"),
            )),
            Ok(Some(p)) => Outcome::Fail(Evidence::at(
                "tls_security_policy",
                format!("TLS policy {p} allows TLS versions older than 1.2"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opensearch::test_helpers::domain;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(https: Value<bool>, policy: Option<&str>) -> Status {
        testing::judge(
            &OpensearchDomainHttpsTls12Required,
            &domain(Domain {
                enforce_https: https,
                tls_security_policy: Value::Known(policy.map(str::to_string)),
                ..Default::default()
            }),
        )
    }

    #[test]
    fn https_with_tls_1_2_passes_http_or_tls_1_0_fails() {
        assert_eq!(
            judge(Value::Known(true), Some("Policy-Min-TLS-1-2-PFS-2023-10")),
            Status::Pass
        );
        assert_eq!(
            judge(Value::Known(true), Some("Policy-Min-TLS-1-0-2019-07")),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(false), Some("Policy-Min-TLS-1-2-2019-07")),
            Status::Fail
        );
        assert_eq!(judge(Value::unknown("denied"), None), Status::Unknown);
        assert_eq!(judge(Value::Known(true), None), Status::Unknown);
    }
}
