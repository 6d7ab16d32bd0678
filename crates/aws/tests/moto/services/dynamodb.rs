//! DynamoDB: an insecure and a secure table, both tagged confidential, and an untagged one.
//!
//! moto serves `ListTables`, `DescribeTable` (with `SSEDescription` and
//! `DeletionProtectionEnabled`), `DescribeContinuousBackups` and `ListTagsOfResource`. The
//! customer-managed-key rule can only Fail or be Unknown live: a table with a KMS key needs
//! `kms:DescribeKey` to tell a customer managed key from `aws/dynamodb`, which the collector
//! does not call (a cloudward gap, not moto's).

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, PointInTimeRecoverySpecification,
    ScalarAttributeType, SseSpecification, SseType, Tag,
};
use cloudward_model::Status::{Fail, NotApplicable as NA, Pass, Unknown};

use super::Suite;
use crate::findings::{compare, Row};
use crate::provision::must;
use crate::server::{Moto, ACCOUNT_ID};

const ROWS: &[Row] = &[
    (
        "dynamodb-table-deletion-protection-enabled",
        "acme-customers@us-east-1",
        Pass,
    ),
    (
        "dynamodb-table-deletion-protection-enabled",
        "acme-orders@us-east-1",
        Fail,
    ),
    (
        "dynamodb-table-deletion-protection-enabled",
        "acme-sessions@us-east-1",
        Fail,
    ),
    (
        "dynamodb-table-point-in-time-recovery-enabled",
        "acme-customers@us-east-1",
        Pass,
    ),
    (
        "dynamodb-table-point-in-time-recovery-enabled",
        "acme-orders@us-east-1",
        Fail,
    ),
    (
        "dynamodb-table-point-in-time-recovery-enabled",
        "acme-sessions@us-east-1",
        Fail,
    ),
    // A KMS key: customer managed or aws/dynamodb is not known without kms:DescribeKey.
    (
        "dynamodb-table-sensitive-encrypted-with-customer-key",
        "acme-customers@us-east-1",
        Unknown,
    ),
    (
        "dynamodb-table-sensitive-encrypted-with-customer-key",
        "acme-orders@us-east-1",
        Fail,
    ),
    (
        "dynamodb-table-sensitive-encrypted-with-customer-key",
        "acme-sessions@us-east-1",
        NA,
    ),
];

/// The DynamoDB suite.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[],
};

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

async fn create(
    client: &aws_sdk_dynamodb::Client,
    name: &str,
    classification: Option<&str>,
    secure: bool,
) {
    let mut request = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .deletion_protection_enabled(secure);
    if let Some(c) = classification {
        request = request.tags(tag("data-classification", c));
    }
    if secure {
        request = request.sse_specification(
            SseSpecification::builder()
                .enabled(true)
                .sse_type(SseType::Kms)
                .kms_master_key_id(format!(
                    "arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
                ))
                .build(),
        );
    }
    must(request.send().await, "dynamodb:CreateTable");
    if secure {
        must(
            client
                .update_continuous_backups()
                .table_name(name)
                .point_in_time_recovery_specification(
                    PointInTimeRecoverySpecification::builder()
                        .point_in_time_recovery_enabled(true)
                        .build()
                        .unwrap(),
                )
                .send()
                .await,
            "dynamodb:UpdateContinuousBackups",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamodb_tables_match_the_table() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    create(&client, "acme-orders", Some("confidential"), false).await;
    create(&client, "acme-customers", Some("Confidential"), true).await;
    create(&client, "acme-sessions", None, false).await;
    let inventory = crate::support::collect_services(&moto, &["us-east-1"], &["dynamodb"]).await;
    assert!(inventory.errors.is_empty(), "{:#?}", inventory.errors);
    let problems = compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
