//! ACM rules: certificates are renewed before expiry, RSA keys are 2048 bits or more, public
//! certificates are recorded in certificate transparency logs.

mod acm_certificate_not_expiring;
mod acm_certificate_rsa_key_2048_bits_minimum;
mod acm_certificate_transparency_logging_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &acm_certificate_not_expiring::AcmCertificateNotExpiring,
    &acm_certificate_rsa_key_2048_bits_minimum::AcmCertificateRsaKey2048BitsMinimum,
    &acm_certificate_transparency_logging_enabled::AcmCertificateTransparencyLoggingEnabled,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::acm::Certificate;
    use cloudward_model::{Attributes, Resource};

    /// A certificate resource for `www.example.com`.
    pub(crate) fn certificate(c: Certificate) -> Resource {
        cloudward_model::test_support::resource(
            "www.example.com",
            Attributes::AcmCertificate(Certificate {
                domain_name: "www.example.com".into(),
                ..c
            }),
        )
    }
}
