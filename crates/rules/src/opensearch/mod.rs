//! OpenSearch Service rules (OpenSearch and Elasticsearch engines): encryption at rest and
//! between nodes, HTTPS with TLS 1.2+, network exposure, fine-grained access control, audit logs.

mod opensearch_domain_audit_logs_enabled;
mod opensearch_domain_encrypted_at_rest;
mod opensearch_domain_fine_grained_access_control_enabled;
mod opensearch_domain_https_tls_1_2_required;
mod opensearch_domain_node_to_node_encryption_enabled;
mod opensearch_domain_not_publicly_accessible;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &opensearch_domain_encrypted_at_rest::OpensearchDomainEncryptedAtRest,
    &opensearch_domain_node_to_node_encryption_enabled::OpensearchDomainNodeToNodeEncryptionEnabled,
    &opensearch_domain_https_tls_1_2_required::OpensearchDomainHttpsTls12Required,
    &opensearch_domain_not_publicly_accessible::OpensearchDomainNotPubliclyAccessible,
    &opensearch_domain_fine_grained_access_control_enabled::OpensearchDomainFineGrainedAccessControlEnabled,
    &opensearch_domain_audit_logs_enabled::OpensearchDomainAuditLogsEnabled,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::opensearch::Domain;
    use cloudward_model::{Attributes, Resource};

    /// A domain `logs`.
    pub(crate) fn domain(d: Domain) -> Resource {
        cloudward_model::test_support::resource(
            "logs",
            Attributes::OpensearchDomain(Domain {
                domain_name: "logs".into(),
                ..d
            }),
        )
    }
}
