//! DynamoDB deletion protection is enabled.

use cloudward_model::dynamodb::Table;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `DescribeTable` `DeletionProtectionEnabled` (absent in an answer means false, as
/// for tables created before the feature existed).
pub struct DynamodbTableDeletionProtectionEnabled;

const META: RuleMeta = RuleMeta {
    id: "dynamodb-table-deletion-protection-enabled",
    title: "DynamoDB table has deletion protection enabled",
    severity: Severity::Medium,
    service: "dynamodb",
    kinds: Table::KINDS,
    checks: "For each table, whether deletion protection is enabled.",
    rationale: "A table without deletion protection disappears with one DeleteTable call, by a \
                mistaken script, an infrastructure-as-code change that replaces it, or an \
                attacker; its point-in-time recovery window goes with it. Deletion protection \
                makes deletion a deliberate two-step change.",
    remediation: Remediation {
        console: "DynamoDB console > Tables > <table> > Additional settings > Deletion \
                  protection > Turn on.",
        cli: "aws dynamodb update-table --table-name <table> --deletion-protection-enabled",
        terraform: "resource \"aws_dynamodb_table\" \"this\" {\n  # ...\n  deletion_protection_enabled = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-6",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["DynamoDB.6"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_dynamodb_table\" \"orders\" {\n  name         = \"orders\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"id\"\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n}\n",
        terraform_good: "resource \"aws_dynamodb_table\" \"orders\" {\n  name                        = \"orders\"\n  billing_mode                = \"PAY_PER_REQUEST\"\n  hash_key                    = \"id\"\n  deletion_protection_enabled = true\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions:\n        - AttributeName: id\n          AttributeType: S\n      KeySchema:\n        - AttributeName: id\n          KeyType: HASH\n",
        cloudformation_good: "Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      DeletionProtectionEnabled: true\n      AttributeDefinitions:\n        - AttributeName: id\n          AttributeType: S\n      KeySchema:\n        - AttributeName: id\n          KeyType: HASH\n",
    },
    file: file!(),
};

impl Check for DynamodbTableDeletionProtectionEnabled {
    type Subject = Table;
    const META: &'static RuleMeta = &META;

    fn judge(&self, table: &Table, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &table.deletion_protection_enabled,
            "deletion_protection_enabled",
            "deletion protection is enabled",
            "deletion protection is not enabled",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::test_helpers::table;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(v: Value<bool>) -> Status {
        testing::judge(
            &DynamodbTableDeletionProtectionEnabled,
            &table(Table {
                deletion_protection_enabled: v,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn enabled_passes_disabled_fails_unreadable_is_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
