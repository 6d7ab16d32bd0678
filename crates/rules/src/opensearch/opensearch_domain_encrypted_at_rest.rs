//! OpenSearch domain is encrypted at rest.

use cloudward_model::opensearch::Domain;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `EncryptionAtRestOptions.Enabled`.
pub struct OpensearchDomainEncryptedAtRest;

const META: RuleMeta = RuleMeta {
    id: "opensearch-domain-encrypted-at-rest",
    title: "OpenSearch domain is encrypted at rest",
    severity: Severity::Medium,
    service: "opensearch",
    kinds: Domain::KINDS,
    checks: "For each domain (OpenSearch or Elasticsearch engine), whether encryption at rest is enabled.",
    rationale: "Indices, logs, swap and automated snapshots of an unencrypted domain are stored in clear. Search clusters often hold copies of application data and logs full of personal data and tokens.",
    remediation: Remediation {
        console: "OpenSearch Service console > Domains > <domain> > Actions > Edit security configuration > Encryption > Enable encryption of data at rest > Save changes.",
        cli: "aws opensearch update-domain-config --domain-name <domain> --encryption-at-rest-options Enabled=true,KmsKeyId=<key-arn>",
        terraform: "resource \"aws_opensearch_domain\" \"this\" {\n  # ...\n  encrypt_at_rest {\n    enabled    = true\n    kms_key_id = aws_kms_key.search.arn\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-1"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Opensearch.1", "ES.1"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n}\n",
        terraform_good: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  encrypt_at_rest {\n    enabled = true\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n",
        cloudformation_good: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n      EncryptionAtRestOptions:\n        Enabled: true\n",
    },
    file: file!(),
};

impl Check for OpensearchDomainEncryptedAtRest {
    type Subject = Domain;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Domain, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &d.encryption_at_rest_enabled,
            "encryption_at_rest_enabled",
            "the domain is encrypted at rest",
            "the domain is not encrypted at rest",
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
            &OpensearchDomainEncryptedAtRest,
            &domain(Domain {
                encryption_at_rest_enabled: v,
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
