//! OpenSearch domain publishes audit logs.

use cloudward_model::opensearch::Domain;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `LogPublishingOptions["AUDIT_LOGS"].Enabled`. Audit logs also need fine-grained access control with auditing turned on in OpenSearch itself, which the API does not show.
pub struct OpensearchDomainAuditLogsEnabled;

const META: RuleMeta = RuleMeta {
    id: "opensearch-domain-audit-logs-enabled",
    title: "OpenSearch domain publishes audit logs",
    severity: Severity::Medium,
    service: "opensearch",
    kinds: Domain::KINDS,
    checks: "For each domain, whether audit log publishing to CloudWatch Logs is enabled.",
    rationale: "Audit logs record authentication failures, who read or changed which index, and security configuration changes. Without them a data exfiltration through a leaked master password leaves nothing to investigate.",
    remediation: Remediation {
        console: "OpenSearch Service console > Domains > <domain> > Logs > Audit logs > Enable > choose a CloudWatch log group; then enable auditing in OpenSearch Dashboards > Security > Audit logs.",
        cli: "aws opensearch update-domain-config --domain-name <domain> --log-publishing-options 'AUDIT_LOGS={CloudWatchLogsLogGroupArn=<log-group-arn>,Enabled=true}'",
        terraform: "resource \"aws_opensearch_domain\" \"this\" {\n  # ...\n  log_publishing_options {\n    log_type                 = \"AUDIT_LOGS\"\n    cloudwatch_log_group_arn = aws_cloudwatch_log_group.search_audit.arn\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-5"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Opensearch.5", "ES.5"],
        well_architected: &["SEC04-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  log_publishing_options {\n    log_type                 = \"INDEX_SLOW_LOGS\"\n    cloudwatch_log_group_arn = \"arn:aws:logs:us-east-1:123456789012:log-group:search-slow\"\n  }\n}\n",
        terraform_good: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.13\"\n  log_publishing_options {\n    log_type                 = \"AUDIT_LOGS\"\n    cloudwatch_log_group_arn = \"arn:aws:logs:us-east-1:123456789012:log-group:search-audit\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n",
        cloudformation_good: "Resources:\n  Logs:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n      EngineVersion: OpenSearch_2.13\n      LogPublishingOptions:\n        AUDIT_LOGS:\n          CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:search-audit\n          Enabled: true\n",
    },
    file: file!(),
};

impl Check for OpensearchDomainAuditLogsEnabled {
    type Subject = Domain;
    const META: &'static RuleMeta = &META;

    fn judge(&self, d: &Domain, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &d.audit_logs_enabled,
            "audit_logs_enabled",
            "audit logs are published",
            "audit logs are not published",
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
            &OpensearchDomainAuditLogsEnabled,
            &domain(Domain {
                audit_logs_enabled: v,
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
