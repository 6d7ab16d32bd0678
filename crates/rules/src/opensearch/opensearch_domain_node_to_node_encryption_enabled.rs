//! OpenSearch domain encrypts traffic between nodes.

use cloudward_model::opensearch::Domain;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `NodeToNodeEncryptionOptions.Enabled`.
pub struct OpensearchDomainNodeToNodeEncryptionEnabled;

const META: RuleMeta = RuleMeta {
    id: "opensearch-domain-node-to-node-encryption-enabled",
    title: "OpenSearch domain encrypts traffic between nodes",
    severity: Severity::Medium,
    service: "opensearch",
    kinds: Domain::KINDS,
    checks: "For each domain, whether node-to-node encryption (TLS between the domain's nodes) is enabled.",
    rationale: "Without node-to-node encryption, shard replication and queries between nodes cross the VPC in clear, so anyone able to capture traffic there reads the indexed data. It is also required for fine-grained access control.",
    remediation: Remediation {
        console: "OpenSearch Service console > Domains > <domain> > Actions > Edit security configuration > Encryption > Node-to-node encryption > Enable > Save changes.",
        cli: "aws opensearch update-domain-config --domain-name <domain> --node-to-node-encryption-options Enabled=true",
        terraform: "resource \"aws_opensearch_domain\" \"this\" {\n  # ...\n  node_to_node_encryption {\n    enabled = true\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-3"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Opensearch.3", "ES.3"],
        well_architected: &["SEC09-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n}\n",
        terraform_good: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  node_to_node_encryption {\n    enabled = true\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n",
        cloudformation_good: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n      NodeToNodeEncryptionOptions:\n        Enabled: true\n",
    },
    file: file!(),
};

impl Check for OpensearchDomainNodeToNodeEncryptionEnabled {
    type Subject = Domain;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Domain, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &d.node_to_node_encryption_enabled,
            "node_to_node_encryption_enabled",
            "node-to-node encryption is enabled",
            "node-to-node encryption is not enabled",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opensearch::test_helpers::domain;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(v: Value<bool>) -> Status {
        testing::judge(
            &OpensearchDomainNodeToNodeEncryptionEnabled,
            &domain(Domain {
                node_to_node_encryption_enabled: v,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn pass_fail_and_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
