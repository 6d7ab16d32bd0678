//! ACM: `aws_acm_certificate`. The type follows from the arguments (`private_key` imports,
//! `certificate_authority_arn` requests a private certificate, otherwise Amazon issues it);
//! `key_algorithm` defaults to `RSA_2048` for requested certificates and is unknown for an
//! imported one (it is in the PEM); `options.certificate_transparency_logging_preference`
//! defaults to `ENABLED`. Status and expiry exist only once AWS issues the certificate.

use cloudward_model::acm::Certificate;
use cloudward_model::{Attributes, Resource, Value};

use super::{blocks, field, get, known_str, locate, resource, str_or, Index};

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_acm_certificate") {
        let imported = get(i, "private_key").is_some() || get(i, "certificate_body").is_some();
        let r#type = if imported {
            "IMPORTED"
        } else if get(i, "certificate_authority_arn").is_some() {
            "PRIVATE"
        } else {
            "AMAZON_ISSUED"
        };
        let after_issue = "known only once AWS issues the certificate";
        let c = Certificate {
            domain_name: known_str(get(i, "domain_name")).unwrap_or_else(|| i.address.clone()),
            r#type: Value::Known(r#type.to_string()),
            status: Value::unknown(after_issue),
            not_after: Value::unknown(after_issue),
            key_algorithm: if imported {
                Value::unknown("the key algorithm of an imported certificate is in its PEM")
            } else {
                str_or(get(i, "key_algorithm"), "RSA_2048")
            },
            certificate_transparency_logging_preference: match blocks(get(i, "options")) {
                Err(e) => Value::Unknown(e),
                Ok(o) => match o.first() {
                    None => Value::Known("ENABLED".to_string()),
                    Some(o) => str_or(
                        field(o, "certificate_transparency_logging_preference"),
                        "ENABLED",
                    ),
                },
            },
            in_use_by: Vec::new(),
        };
        let name = c.domain_name.clone();
        let mut r = resource(i, name, Attributes::AcmCertificate(c));
        locate(&mut r, "key_algorithm", i, "key_algorithm");
        locate(
            &mut r,
            "certificate_transparency_logging_preference",
            i,
            "options[0].certificate_transparency_logging_preference",
        );
        out.push(r);
    }
}
