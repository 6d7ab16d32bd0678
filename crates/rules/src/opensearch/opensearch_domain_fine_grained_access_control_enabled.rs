//! OpenSearch domain has fine-grained access control enabled.

use cloudward_model::opensearch::Domain;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `AdvancedSecurityOptions.Enabled`.
pub struct OpensearchDomainFineGrainedAccessControlEnabled;

const META: RuleMeta = RuleMeta {
    id: "opensearch-domain-fine-grained-access-control-enabled",
    title: "OpenSearch domain has fine-grained access control enabled",
    severity: Severity::High,
    service: "opensearch",
    kinds: Domain::KINDS,
    checks: "For each domain, whether fine-grained access control (index-, document- and field-level permissions, with an internal user database or IAM/SAML users) is enabled.",
    rationale: "Without fine-grained access control, anyone the domain access policy lets in has full control of every index: there is no way to give a dashboard user read-only access to one index, and no audit log.",
    remediation: Remediation {
        console: "OpenSearch Service console > Domains > <domain> > Actions > Edit security configuration > Enable fine-grained access control > set a master user or IAM ARN > Save changes (requires HTTPS, node-to-node and at-rest encryption).",
        cli: "aws opensearch update-domain-config --domain-name <domain> --advanced-security-options 'Enabled=true,InternalUserDatabaseEnabled=false,MasterUserOptions={MasterUserARN=<role-arn>}'",
        terraform: "resource \"aws_opensearch_domain\" \"this\" {\n  # ...\n  advanced_security_options {\n    enabled = true\n    master_user_options {\n      master_user_arn = aws_iam_role.search_admin.arn\n    }\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-7"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Opensearch.7"],
        well_architected: &["SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n}\n",
        terraform_good: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  advanced_security_options {\n    enabled = true\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n",
        cloudformation_good: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n      AdvancedSecurityOptions:\n        Enabled: true\n",
    },
    file: file!(),
};

impl Check for OpensearchDomainFineGrainedAccessControlEnabled {
    type Subject = Domain;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Domain, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &d.fine_grained_access_control_enabled,
            "fine_grained_access_control_enabled",
            "fine-grained access control is enabled",
            "fine-grained access control is not enabled",
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
            &OpensearchDomainFineGrainedAccessControlEnabled,
            &domain(Domain {
                fine_grained_access_control_enabled: v,
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
