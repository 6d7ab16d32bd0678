//! ACM public certificates are recorded in certificate transparency logs.

use crate::rule::judged;
use cloudward_model::acm::Certificate;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `Options.CertificateTransparencyLoggingPreference` of Amazon-issued certificates; imported and private CA certificates are not applicable (ACM does not log them). AWS has withdrawn the opt-out for new certificates (the SDK deprecates the field), so this finds certificates that opted out before.
pub struct AcmCertificateTransparencyLoggingEnabled;

const META: RuleMeta = RuleMeta {
    id: "acm-certificate-transparency-logging-enabled",
    title: "ACM public certificates are recorded in certificate transparency logs",
    severity: Severity::Low,
    service: "acm",
    kinds: Certificate::KINDS,
    checks: "For each Amazon-issued (public) certificate, whether the certificate transparency logging preference is ENABLED.",
    rationale: "Transparency logs let domain owners detect certificates issued for their names by mistake or by an attacker, and browsers distrust public certificates that are not logged.",
    remediation: Remediation {
        console: "ACM console > Certificates > <certificate> > there is no console switch: use the CLI below.",
        cli: "aws acm update-certificate-options --certificate-arn <arn> --options CertificateTransparencyLoggingPreference=ENABLED",
        terraform: "resource \"aws_acm_certificate\" \"this\" {\n  domain_name       = \"www.example.com\"\n  validation_method = \"DNS\"\n  options {\n    certificate_transparency_logging_preference = \"ENABLED\"\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/acm/latest/userguide/acm-concepts.html#concept-transparency", "https://certificate.transparency.dev/"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC09-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_acm_certificate\" \"site\" {\n  domain_name       = \"www.example.com\"\n  validation_method = \"DNS\"\n  options {\n    certificate_transparency_logging_preference = \"DISABLED\"\n  }\n}\n",
        terraform_good: "resource \"aws_acm_certificate\" \"site\" {\n  domain_name       = \"www.example.com\"\n  validation_method = \"DNS\"\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CertificateManager::Certificate\n    Properties:\n      DomainName: www.example.com\n      ValidationMethod: DNS\n      CertificateTransparencyLoggingPreference: DISABLED\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CertificateManager::Certificate\n    Properties:\n      DomainName: www.example.com\n      ValidationMethod: DNS\n",
    },
    file: file!(),
};

impl Check for AcmCertificateTransparencyLoggingEnabled {
    type Subject = Certificate;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Certificate, _: &Resource, _: &Inventory) -> Outcome {
        match c.r#type.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(t) if t != "AMAZON_ISSUED" => {
                return Outcome::not_applicable(format!("{t} certificates are not logged by ACM"))
            }
            Ok(_) => {}
        }
        judged(
            &c.certificate_transparency_logging_preference,
            "certificate_transparency_logging_preference",
            |p| {
                if p == "DISABLED" {
                    Err("certificate transparency logging is disabled".into())
                } else {
                    Ok("the certificate is recorded in public transparency logs".into())
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::acm::test_helpers::certificate;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(t: &str, p: Value<String>) -> Status {
        testing::judge(
            &AcmCertificateTransparencyLoggingEnabled,
            &certificate(Certificate {
                r#type: Value::Known(t.into()),
                certificate_transparency_logging_preference: p,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn enabled_passes() {
        assert_eq!(
            judge("AMAZON_ISSUED", Value::Known("ENABLED".into())),
            Status::Pass
        );
    }

    #[test]
    fn disabled_fails_and_imported_is_not_applicable() {
        assert_eq!(
            judge("AMAZON_ISSUED", Value::Known("DISABLED".into())),
            Status::Fail
        );
        assert_eq!(
            judge("IMPORTED", Value::Known("DISABLED".into())),
            Status::NotApplicable
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge("AMAZON_ISSUED", Value::unknown("AccessDenied")),
            Status::Unknown
        );
    }
}
