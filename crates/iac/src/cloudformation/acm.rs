//! ACM: `AWS::CertificateManager::Certificate`, which only requests certificates (Amazon-issued,
//! or private with `CertificateAuthorityArn`). `KeyAlgorithm` defaults to `RSA_2048` and
//! `CertificateTransparencyLoggingPreference` to `ENABLED`; status and expiry exist only once
//! AWS issues the certificate.

use cloudward_model::acm::Certificate;
use cloudward_model::{Attributes, Value};

use super::cloudfront::opt_string;
use super::{known, locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let decls: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::CertificateManager::Certificate")
        .collect();
    for i in decls {
        let decl = &t.decls[i];
        let p = &decl.props;
        let after_issue = "known only once AWS issues the certificate";
        let name = decl.name_or_logical_id("DomainName");
        let c = Certificate {
            domain_name: name.clone(),
            r#type: Value::Known(
                if p.get("CertificateAuthorityArn").is_some() {
                    "PRIVATE"
                } else {
                    "AMAZON_ISSUED"
                }
                .to_string(),
            ),
            status: Value::unknown(after_issue),
            not_after: Value::unknown(after_issue),
            key_algorithm: known(
                opt_string(p.get("KeyAlgorithm"), "KeyAlgorithm")
                    .map(|k| k.unwrap_or_else(|| "RSA_2048".into())),
            ),
            certificate_transparency_logging_preference: known(
                opt_string(
                    p.get("CertificateTransparencyLoggingPreference"),
                    "CertificateTransparencyLoggingPreference",
                )
                .map(|k| k.unwrap_or_else(|| "ENABLED".into())),
            ),
            in_use_by: Vec::new(),
        };
        let locs = locations(
            t,
            [
                ("key_algorithm".to_string(), p.key_pos("KeyAlgorithm")),
                (
                    "certificate_transparency_logging_preference".to_string(),
                    p.key_pos("CertificateTransparencyLoggingPreference"),
                ),
            ],
        );
        t.push(i, name, Attributes::AcmCertificate(c), locs);
    }
}
