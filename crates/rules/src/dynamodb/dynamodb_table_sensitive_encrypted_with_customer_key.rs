//! Sensitive DynamoDB tables are encrypted with a customer managed KMS key.

use cloudward_model::dynamodb::{Table, CLASSIFICATION_TAG, SENSITIVE_CLASSIFICATIONS};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject, Value,
};

use crate::Check;

/// Applies to tables whose `data-classification` tag is `sensitive`, `confidential` or
/// `restricted` (key and value compared case-insensitively); other tables are not applicable.
/// No `SSEDescription` means the AWS owned key (DynamoDB's default); `SSEType: KMS` is either
/// the AWS managed key `aws/dynamodb` or a customer managed key, which live collection cannot
/// tell apart without `kms:DescribeKey` (then Unknown, naming the key).
pub struct DynamodbTableSensitiveEncryptedWithCustomerKey;

const META: RuleMeta = RuleMeta {
    id: "dynamodb-table-sensitive-encrypted-with-customer-key",
    title: "Sensitive DynamoDB table is encrypted with a customer managed KMS key",
    severity: Severity::Medium,
    service: "dynamodb",
    kinds: Table::KINDS,
    checks: "For each table tagged data-classification = sensitive, confidential or restricted \
             (case-insensitive), whether server-side encryption uses a customer managed KMS \
             key. The AWS owned key (no SSE description, DynamoDB's default) and the AWS \
             managed key aws/dynamodb fail; untagged tables are not applicable. Live, a KMS \
             key is Unknown until cloudward reads the key's manager (kms:DescribeKey).",
    rationale: "Every table is encrypted at rest, but with an AWS owned or AWS managed key \
                anyone the table's IAM policies allow can read the data: the key adds no \
                control. A customer managed key puts a second, auditable gate (its key policy \
                and grants, logged in CloudTrail) in front of sensitive data, and disabling it \
                cuts off access at once.",
    remediation: Remediation {
        console: "DynamoDB console > Tables > <table> > Additional settings > Encryption > \
                  Manage encryption > Stored in your account, and owned and managed by you > \
                  choose the KMS key > Save changes.",
        cli: "aws dynamodb update-table --table-name <table> --sse-specification \
              Enabled=true,SSEType=KMS,KMSMasterKeyId=<key-arn>",
        terraform: "resource \"aws_dynamodb_table\" \"this\" {\n  # ...\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.dynamodb.arn\n  }\n  tags = {\n    data-classification = \"confidential\"\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP01", "SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_dynamodb_table\" \"customers\" {\n  name         = \"customers\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"id\"\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n  server_side_encryption {\n    enabled = true\n  }\n  tags = {\n    data-classification = \"confidential\"\n  }\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"dynamodb\" {\n  enable_key_rotation = true\n}\n\nresource \"aws_dynamodb_table\" \"customers\" {\n  name         = \"customers\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"id\"\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.dynamodb.arn\n  }\n  tags = {\n    data-classification = \"confidential\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Customers:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions:\n        - AttributeName: id\n          AttributeType: S\n      KeySchema:\n        - AttributeName: id\n          KeyType: HASH\n      Tags:\n        - Key: data-classification\n          Value: confidential\n",
        cloudformation_good: "Resources:\n  TableKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Customers:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions:\n        - AttributeName: id\n          AttributeType: S\n      KeySchema:\n        - AttributeName: id\n          KeyType: HASH\n      SSESpecification:\n        SSEEnabled: true\n        SSEType: KMS\n        KMSMasterKeyId: !Ref TableKey\n      Tags:\n        - Key: data-classification\n          Value: confidential\n",
    },
    file: file!(),
};

impl Check for DynamodbTableSensitiveEncryptedWithCustomerKey {
    type Subject = Table;
    const META: &'static RuleMeta = &META;

    fn judge(&self, table: &Table, _: &Resource, inventory: &Inventory) -> Outcome {
        match table.is_sensitive() {
            Value::Unknown(r) => return Outcome::unknown(r),
            Value::Known(false) => {
                return Outcome::not_applicable(format!(
                    "the table is not tagged {CLASSIFICATION_TAG} = {}",
                    SENSITIVE_CLASSIFICATIONS.join(", ")
                ))
            }
            Value::Known(true) => {}
        }
        let sse = match table.sse_description.get() {
            Err(r) => return Outcome::unknown(r),
            Ok(sse) => sse,
        };
        let kms = sse.as_ref().filter(|d| {
            d.sse_type.as_deref() == Some("KMS")
                && !matches!(d.status.as_str(), "DISABLED" | "DISABLING")
        });
        if kms.is_none() {
            return Outcome::Fail(Evidence::at(
                "sse_description",
                "the sensitive table is encrypted with an AWS owned key, not a customer managed KMS key",
            ));
        }
        // DynamoDB names the key but not who manages it; the collected KMS keys do.
        let from_kms = kms
            .and_then(|d| d.kms_master_key_arn.as_deref())
            .and_then(|arn| {
                inventory
                    .of_kind(cloudward_model::ResourceKind::KmsKey)
                    .filter_map(|r| r.as_kms_key())
                    .find(|k| k.arn == arn)
                    .map(|k| {
                        k.key_manager
                            .as_ref()
                            .map(|m| Some(m == cloudward_model::kms::CUSTOMER))
                    })
            });
        let customer_managed = match from_kms {
            Some(Value::Known(known)) => Value::Known(known),
            _ => table.kms_key_customer_managed.clone(),
        };
        match customer_managed.get() {
            Err(r) => Outcome::unknown(r),
            Ok(Some(true)) => Outcome::Pass(Evidence::at(
                "sse_description",
                "the sensitive table is encrypted with a customer managed KMS key",
            )),
            Ok(_) => Outcome::Fail(Evidence::at(
                "sse_description",
                "the sensitive table is encrypted with the AWS managed key aws/dynamodb, not a \
                 customer managed KMS key",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::test_helpers::table;
    use crate::rule::testing;
    use cloudward_model::dynamodb::SseDescription;
    use cloudward_model::Status;

    fn kms(key: Option<&str>) -> Value<Option<SseDescription>> {
        Value::Known(Some(SseDescription {
            status: "ENABLED".into(),
            sse_type: Some("KMS".into()),
            kms_master_key_arn: key.map(str::to_string),
        }))
    }

    fn judge(
        classification: Option<&str>,
        sse: Value<Option<SseDescription>>,
        customer: Value<Option<bool>>,
    ) -> Status {
        testing::judge(
            &DynamodbTableSensitiveEncryptedWithCustomerKey,
            &table(Table {
                data_classification: Value::Known(classification.map(str::to_string)),
                sse_description: sse,
                kms_key_customer_managed: customer,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn a_customer_key_on_a_sensitive_table_passes() {
        assert_eq!(
            judge(
                Some("Confidential"),
                kms(Some("arn:k")),
                Value::Known(Some(true))
            ),
            Status::Pass
        );
    }

    /// The key's manager comes from the collected KMS keys when DynamoDB leaves it unknown.
    #[test]
    fn the_kms_inventory_tells_who_manages_the_key() {
        let r = table(Table {
            data_classification: Value::Known(Some("sensitive".into())),
            sse_description: kms(Some("arn:aws:kms:us-east-1:123456789012:key/k")),
            kms_key_customer_managed: Value::unknown("DescribeKey not called"),
            ..Default::default()
        });
        for (manager, want) in [("CUSTOMER", Status::Pass), ("AWS", Status::Fail)] {
            let mut inventory = Inventory::new();
            inventory.push(cloudward_model::test_support::resource(
                "k",
                cloudward_model::Attributes::KmsKey(cloudward_model::kms::Key {
                    arn: "arn:aws:kms:us-east-1:123456789012:key/k".into(),
                    key_manager: Value::Known(manager.into()),
                    ..Default::default()
                }),
            ));
            let got = testing::judge_in(
                &DynamodbTableSensitiveEncryptedWithCustomerKey,
                &r,
                &inventory,
            );
            assert_eq!(got, want, "{manager}");
        }
        assert_eq!(
            testing::judge(&DynamodbTableSensitiveEncryptedWithCustomerKey, &r),
            Status::Unknown
        );
    }

    #[test]
    fn aws_owned_and_aws_managed_keys_fail() {
        assert_eq!(
            judge(Some("sensitive"), Value::Known(None), Value::Known(None)),
            Status::Fail
        );
        assert_eq!(
            judge(Some("restricted"), kms(None), Value::Known(Some(false))),
            Status::Fail
        );
    }

    #[test]
    fn an_unidentified_key_is_unknown_and_untagged_tables_are_not_applicable() {
        assert_eq!(
            judge(
                Some("sensitive"),
                kms(Some("arn:k")),
                Value::unknown("needs kms:DescribeKey")
            ),
            Status::Unknown
        );
        assert_eq!(
            judge(None, Value::Known(None), Value::Known(None)),
            Status::NotApplicable
        );
        assert_eq!(
            judge(Some("public"), Value::Known(None), Value::Known(None)),
            Status::NotApplicable
        );
        let r = table(Table {
            data_classification: Value::unknown("ListTagsOfResource denied"),
            ..Default::default()
        });
        assert_eq!(
            testing::judge(&DynamodbTableSensitiveEncryptedWithCustomerKey, &r),
            Status::Unknown
        );
    }
}
