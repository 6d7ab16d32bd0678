//! DynamoDB point-in-time recovery is enabled.

use cloudward_model::dynamodb::Table;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `DescribeContinuousBackups` (`PointInTimeRecoveryStatus`); code: the
/// `point_in_time_recovery` block / `PointInTimeRecoverySpecification`, off when absent.
pub struct DynamodbTablePointInTimeRecoveryEnabled;

const META: RuleMeta = RuleMeta {
    id: "dynamodb-table-point-in-time-recovery-enabled",
    title: "DynamoDB table has point-in-time recovery enabled",
    severity: Severity::Medium,
    service: "dynamodb",
    kinds: Table::KINDS,
    checks: "For each table, whether point-in-time recovery (continuous backups) is enabled.",
    rationale: "Point-in-time recovery keeps continuous backups for up to 35 days, so a table \
                damaged by a faulty deployment, a compromised credential or ransomware that \
                overwrites or deletes items can be restored to the second before it happened. \
                On-demand backups only cover the moments someone remembered to take one.",
    remediation: Remediation {
        console: "DynamoDB console > Tables > <table> > Backups > Point-in-time recovery > Edit \
                  > Turn on point-in-time recovery > Save changes.",
        cli: "aws dynamodb update-continuous-backups --table-name <table> \
              --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
        terraform: "resource \"aws_dynamodb_table\" \"this\" {\n  # ...\n  point_in_time_recovery {\n    enabled = true\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["DynamoDB.2"],
        well_architected: &[],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_dynamodb_table\" \"orders\" {\n  name         = \"orders\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"id\"\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n}\n",
        terraform_good: "resource \"aws_dynamodb_table\" \"orders\" {\n  name         = \"orders\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"id\"\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n  point_in_time_recovery {\n    enabled = true\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions:\n        - AttributeName: id\n          AttributeType: S\n      KeySchema:\n        - AttributeName: id\n          KeyType: HASH\n",
        cloudformation_good: "Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions:\n        - AttributeName: id\n          AttributeType: S\n      KeySchema:\n        - AttributeName: id\n          KeyType: HASH\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n",
    },
    file: file!(),
};

impl Check for DynamodbTablePointInTimeRecoveryEnabled {
    type Subject = Table;
    const META: &'static RuleMeta = &META;

    fn judge(&self, table: &Table, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &table.point_in_time_recovery_enabled,
            "point_in_time_recovery_enabled",
            "point-in-time recovery is enabled",
            "point-in-time recovery is not enabled",
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
            &DynamodbTablePointInTimeRecoveryEnabled,
            &table(Table {
                point_in_time_recovery_enabled: v,
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
