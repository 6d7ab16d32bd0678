//! ACM RSA certificates use keys of at least 2048 bits.

use cloudward_model::acm::Certificate;
use cloudward_model::Evidence;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `KeyAlgorithm` (`DescribeCertificate`); the listing asks for every key type, since `ListCertificates` returns RSA-2048 certificates only by default. Elliptic-curve keys are not applicable (FSBP ACM.2 judges RSA certificates).
pub struct AcmCertificateRsaKey2048BitsMinimum;

const META: RuleMeta = RuleMeta {
    id: "acm-certificate-rsa-key-2048-bits-minimum",
    title: "ACM RSA certificates use keys of at least 2048 bits",
    severity: Severity::High,
    service: "acm",
    kinds: Certificate::KINDS,
    checks: "For each RSA certificate, whether its key is 2048 bits or longer (RSA_1024 fails).",
    rationale: "1024-bit RSA keys are within reach of well-funded attackers and are rejected by current browsers and NIST guidance; a certificate with one protects nothing it is used for.",
    remediation: Remediation {
        console: "ACM console > Request a certificate (or import one) with RSA 2048 or larger (or ECDSA P-256/P-384) > replace it on every resource listed under Associated resources > delete the old certificate.",
        cli: "aws acm request-certificate --domain-name <domain> --validation-method DNS --key-algorithm RSA_2048",
        terraform: "resource \"aws_acm_certificate\" \"this\" {\n  domain_name       = \"www.example.com\"\n  validation_method = \"DNS\"\n  key_algorithm     = \"RSA_2048\"\n}",
    },
    references: &["https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#algorithms", "https://docs.aws.amazon.com/securityhub/latest/userguide/acm-controls.html#acm-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ACM.2"],
        well_architected: &["SEC09-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "resource \"aws_acm_certificate\" \"site\" {\n  domain_name       = \"www.example.com\"\n  validation_method = \"DNS\"\n  key_algorithm     = \"RSA_2048\"\n}\n",
        cloudformation_bad: "Resources:\n  Site:\n    Type: AWS::CertificateManager::Certificate\n    Properties:\n      DomainName: www.example.com\n      ValidationMethod: DNS\n      KeyAlgorithm: RSA_1024\n",
        cloudformation_good: "Resources:\n  Site:\n    Type: AWS::CertificateManager::Certificate\n    Properties:\n      DomainName: www.example.com\n      ValidationMethod: DNS\n      KeyAlgorithm: RSA_2048\n",
    },
    file: file!(),
};

impl Check for AcmCertificateRsaKey2048BitsMinimum {
    type Subject = Certificate;
    const META: &'static RuleMeta = &META;

    fn judge(&self, c: &Certificate, _: &Resource, _: &Inventory) -> Outcome {
        let algorithm = match c.key_algorithm.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(a) => a,
        };
        let Some(bits) = algorithm.strip_prefix("RSA_") else {
            return Outcome::not_applicable(format!("{algorithm} is not an RSA key"));
        };
        match bits.parse::<u32>() {
            Ok(b) if b >= 2048 => Outcome::Pass(Evidence::at(
                "key_algorithm",
                format!("the RSA key is {b} bits"),
            )),
            Ok(b) => Outcome::Fail(Evidence::at(
                "key_algorithm",
                format!("the RSA key is only {b} bits"),
            )),
            Err(_) => Outcome::unknown(format!("unrecognised key algorithm {algorithm}")),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::acm::test_helpers::certificate;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(a: Value<String>) -> Status {
        testing::judge(
            &AcmCertificateRsaKey2048BitsMinimum,
            &certificate(Certificate {
                key_algorithm: a,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn rsa_2048_and_more_pass() {
        assert_eq!(judge(Value::Known("RSA_2048".into())), Status::Pass);
        assert_eq!(judge(Value::Known("RSA_4096".into())), Status::Pass);
    }

    #[test]
    fn rsa_1024_fails_and_ec_is_not_applicable() {
        assert_eq!(judge(Value::Known("RSA_1024".into())), Status::Fail);
        assert_eq!(
            judge(Value::Known("EC_prime256v1".into())),
            Status::NotApplicable
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
