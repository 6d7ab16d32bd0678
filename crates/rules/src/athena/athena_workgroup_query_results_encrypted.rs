//! Athena workgroups encrypt their query results.

use cloudward_model::athena::WorkGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `Configuration.ResultConfiguration.EncryptionConfiguration` of `GetWorkGroup`
/// (`SSE_S3`, `SSE_KMS` or `CSE_KMS` all pass), or Athena-managed query results, which are
/// always encrypted. Whether clients can override the setting is the next rule's question.
pub struct AthenaWorkgroupQueryResultsEncrypted;

const META: RuleMeta = RuleMeta {
    id: "athena-workgroup-query-results-encrypted",
    title: "Athena workgroups encrypt query results",
    severity: Severity::Medium,
    service: "athena",
    kinds: WorkGroup::KINDS,
    checks: "For each Athena workgroup, whether its result configuration encrypts query \
             results (SSE_S3, SSE_KMS or CSE_KMS), or it uses Athena-managed query results.",
    rationale: "Query results are copies of whatever the queries read, often the most \
                sensitive columns of a data lake, written to an S3 location that outlives the \
                query. Encrypting them keeps the results as protected as the source data.",
    remediation: Remediation {
        console: "Athena console > Administration > Workgroups > <workgroup> > Edit > Query \
                  result configuration: Encrypt query results, choose SSE_KMS and a key > Save \
                  changes.",
        cli: "aws athena update-work-group --work-group <name> --configuration-updates 'ResultConfigurationUpdates={EncryptionConfiguration={EncryptionOption=SSE_KMS,KmsKey=<kms-key-arn>}}'",
        terraform: "resource \"aws_athena_workgroup\" \"this\" {\n  name = \"<name>\"\n  configuration {\n    result_configuration {\n      output_location = \"s3://<bucket>/results/\"\n      encryption_configuration {\n        encryption_option = \"SSE_KMS\"\n        kms_key_arn       = aws_kms_key.athena.arn\n      }\n    }\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/athena-workgroup-encrypted-at-rest.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_athena_workgroup\" \"analysts\" {\n  name = \"analysts\"\n  configuration {\n    result_configuration {\n      output_location = \"s3://example-results/analysts/\"\n    }\n  }\n}\n",
        terraform_good: "resource \"aws_athena_workgroup\" \"analysts\" {\n  name = \"analysts\"\n  configuration {\n    result_configuration {\n      output_location = \"s3://example-results/analysts/\"\n      encryption_configuration {\n        encryption_option = \"SSE_S3\"\n      }\n    }\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        ResultConfiguration:\n          OutputLocation: s3://example-results/analysts/\n",
        cloudformation_good: "Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        ResultConfiguration:\n          OutputLocation: s3://example-results/analysts/\n          EncryptionConfiguration:\n            EncryptionOption: SSE_KMS\n            KmsKey: alias/athena\n",
    },
    file: file!(),
};

impl Check for AthenaWorkgroupQueryResultsEncrypted {
    type Subject = WorkGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, group: &WorkGroup, _: &Resource, _: &Inventory) -> Outcome {
        judged(&group.result_encryption, "result_encryption", |e| match e {
            Some(e) => Ok(match &e.kms_key {
                Some(key) => format!(
                    "query results are encrypted ({} with key {key})",
                    e.encryption_option
                ),
                None => format!("query results are encrypted ({})", e.encryption_option),
            }),
            None => Err("the workgroup does not encrypt query results".into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::athena::ResultEncryption;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(result_encryption: Value<Option<ResultEncryption>>) -> Status {
        let r = resource(
            "analysts",
            Attributes::AthenaWorkGroup(WorkGroup {
                result_encryption,
                ..Default::default()
            }),
        );
        testing::judge(&AthenaWorkgroupQueryResultsEncrypted, &r)
    }

    #[test]
    fn encrypted_passes_unencrypted_fails_unreadable_is_unknown() {
        let sse = ResultEncryption {
            encryption_option: "SSE_S3".into(),
            kms_key: None,
        };
        assert_eq!(judge(Value::Known(Some(sse))), Status::Pass);
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
