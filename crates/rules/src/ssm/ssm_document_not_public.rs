//! SSM documents owned by the account are not shared publicly.

use cloudward_model::ssm::{Document, SHARED_WITH_ALL};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `DescribeDocumentPermission` (`PermissionType=Share`) of each document the account
/// owns (`ListDocuments` `Owner=Self`): the account id `all` means anyone can run it. In
/// Terraform, `aws_ssm_document` `permissions` (`type = "Share"`, `account_ids = "All"`, or a
/// comma-separated list); CloudFormation cannot share a document.
pub struct SsmDocumentNotPublic;

const META: RuleMeta = RuleMeta {
    id: "ssm-document-not-public",
    title: "SSM documents are not public",
    severity: Severity::Critical,
    service: "ssm",
    kinds: Document::KINDS,
    checks: "For each SSM document the account owns, whether its share permission \
             (`DescribeDocumentPermission`) includes `all`.",
    rationale: "Documents hold the commands and scripts that run on the fleet, often with \
                internal host names, bucket names, parameter paths and sometimes credentials. \
                A public document shows every AWS account how the organisation operates, and \
                can be run by anyone against their own instances to learn more.",
    remediation: Remediation {
        console: "Systems Manager console > Documents > Owned by me > document > Permissions > \
                  Edit: choose Private, and add only the account ids that need it.",
        cli: "aws ssm modify-document-permission --name <document> --permission-type Share \
              --account-ids-to-remove all\n\
              aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission \
              --setting-value Disable",
        terraform: "resource \"aws_ssm_document\" \"ops\" {\n  \
                    name          = \"ops\"\n  \
                    document_type = \"Command\"\n  \
                    content       = file(\"ops.json\")\n  \
                    permissions = {\n    type        = \"Share\"\n    account_ids = \"111122223333\"\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-4",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SSM.4"],
        well_architected: &["SEC03-BP07", "SEC03-BP08"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ssm_document\" \"ops\" {\n  name          = \"ops\"\n  document_type = \"Command\"\n  content       = \"{\\\"schemaVersion\\\":\\\"2.2\\\",\\\"mainSteps\\\":[]}\"\n  permissions = {\n    type        = \"Share\"\n    account_ids = \"All\"\n  }\n}\n",
        terraform_good: "resource \"aws_ssm_document\" \"ops\" {\n  name          = \"ops\"\n  document_type = \"Command\"\n  content       = \"{\\\"schemaVersion\\\":\\\"2.2\\\",\\\"mainSteps\\\":[]}\"\n  permissions = {\n    type        = \"Share\"\n    account_ids = \"111122223333\"\n  }\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for SsmDocumentNotPublic {
    type Subject = Document;
    const META: &'static RuleMeta = &META;

    fn judge(&self, document: &Document, _: &Resource, _: &Inventory) -> Outcome {
        match document.shared_with.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(with) if with.iter().any(|a| a.eq_ignore_ascii_case(SHARED_WITH_ALL)) => {
                Outcome::Fail(Evidence::at(
                    "shared_with",
                    "the document is shared with all AWS accounts",
                ))
            }
            Ok(with) if with.is_empty() => {
                Outcome::Pass(Evidence::at("shared_with", "the document is private"))
            }
            Ok(with) => Outcome::Pass(Evidence::at(
                "shared_with",
                format!("shared only with {}", with.join(", ")),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(shared_with: Value<Vec<String>>) -> Status {
        let r = test_support::resource(
            "ops",
            Attributes::SsmDocument(Document {
                name: "ops".into(),
                document_type: "Command".into(),
                shared_with,
            }),
        );
        testing::judge(&SsmDocumentNotPublic, &r)
    }

    #[test]
    fn private_or_account_shared_passes() {
        assert_eq!(judge(Value::Known(vec![])), Status::Pass);
        assert_eq!(
            judge(Value::Known(vec!["111122223333".into()])),
            Status::Pass
        );
    }

    #[test]
    fn public_fails() {
        assert_eq!(judge(Value::Known(vec!["all".into()])), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
