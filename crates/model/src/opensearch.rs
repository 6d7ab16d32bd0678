//! OpenSearch Service domains (OpenSearch and legacy Elasticsearch engines).

use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;
use crate::Value;

/// A domain (`ListDomainNames`, `DescribeDomains`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Domain {
    /// `DomainName`.
    pub domain_name: String,
    /// `ARN`.
    pub arn: String,
    /// `EngineVersion` (`OpenSearch_2.13`, `Elasticsearch_7.10`).
    pub engine_version: Option<String>,
    /// `EncryptionAtRestOptions.Enabled`.
    pub encryption_at_rest_enabled: Value<bool>,
    /// `NodeToNodeEncryptionOptions.Enabled`.
    pub node_to_node_encryption_enabled: Value<bool>,
    /// `DomainEndpointOptions.EnforceHTTPS`.
    pub enforce_https: Value<bool>,
    /// `DomainEndpointOptions.TLSSecurityPolicy` (`Policy-Min-TLS-1-0-2019-07`,
    /// `Policy-Min-TLS-1-2-2019-07`, `Policy-Min-TLS-1-2-PFS-2023-10`, ...).
    pub tls_security_policy: Value<Option<String>>,
    /// `VPCOptions.SubnetIds`; `None` for a domain with a public endpoint.
    pub vpc_subnet_ids: Value<Option<Vec<String>>>,
    /// `AccessPolicies`, parsed; `None` when the domain has no access policy.
    pub access_policies: Value<Option<PolicyDocument>>,
    /// `AdvancedSecurityOptions.Enabled` (fine-grained access control).
    pub fine_grained_access_control_enabled: Value<bool>,
    /// `LogPublishingOptions["AUDIT_LOGS"].Enabled`.
    pub audit_logs_enabled: Value<bool>,
}

impl Domain {
    /// Whether the TLS policy requires TLS 1.2 or later (`Policy-Min-TLS-1-2-*`).
    pub fn tls_policy_requires_1_2(policy: &str) -> bool {
        policy.starts_with("Policy-Min-TLS-1-2") || policy.starts_with("Policy-Min-TLS-1-3")
    }
}
