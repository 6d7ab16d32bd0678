//! DynamoDB, per region: `ListTables`, then for each table `DescribeTable`,
//! `DescribeContinuousBackups` and `ListTagsOfResource`, concurrently.
//!
//! Whether a table's KMS key is customer managed is not in DynamoDB's answer (an AWS managed
//! `aws/dynamodb` key and a customer managed key both show as `SSEType: KMS` with a key ARN);
//! telling them apart takes `kms:DescribeKey`, which this collector does not call, so that
//! attribute is Unknown with the key named, never guessed.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_dynamodb::types::{PointInTimeRecoveryStatus, TableDescription};
use aws_sdk_dynamodb::Client;
use cloudward_model::dynamodb::{classification, SseDescription, Table};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the tables of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_dynamodb, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "ListTables", |token| async move {
        let out = ctx
            .call(
                "ListTables",
                client
                    .list_tables()
                    .set_exclusive_start_table_name(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.last_evaluated_table_name().map(str::to_string),
            items: out.table_names().to_vec(),
        })
    })
    .await;
    let names = match listed {
        Ok(names) => names,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::DynamodbTable]);
            return;
        }
    };
    join_all(names.into_iter().map(|name| table(ctx, client, name))).await;
}

async fn table(ctx: &CollectContext, client: &Client, name: String) {
    let subject = format!("table {name}");
    let described = ctx
        .call_on(
            &subject,
            "DescribeTable",
            client.describe_table().table_name(&name).send(),
        )
        .await;
    let (arn, description): (String, Value<TableDescription>) = match described {
        Ok(out) => match out.table {
            Some(t) => (
                t.table_arn()
                    .map(str::to_string)
                    .unwrap_or_else(|| own_arn(ctx, &name)),
                Value::Known(t),
            ),
            None => (
                own_arn(ctx, &name),
                Value::unknown("DescribeTable returned no Table"),
            ),
        },
        Err(err) => (own_arn(ctx, &name), ctx.failed(&err)),
    };
    let (pitr, tags) = tokio::join!(
        point_in_time_recovery(ctx, client, &subject, &name),
        tags(ctx, client, &subject, &arn),
    );
    let sse_description = description.as_ref().map(|t| {
        t.sse_description().map(|d| SseDescription {
            status: d
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            sse_type: d.sse_type().map(|s| s.as_str().to_string()),
            kms_master_key_arn: d.kms_master_key_arn().map(str::to_string),
        })
    });
    let kms_key_customer_managed = sse_description.as_ref().and_then(|d| {
        match d.as_ref().and_then(|d| d.kms_master_key_arn.as_deref()) {
            None => Value::Known(None),
            Some(key) => Value::unknown(format!(
                "the table is encrypted with KMS key {key}; whether that is a customer managed \
                 key or the AWS managed key aws/dynamodb needs kms:DescribeKey, which the \
                 dynamodb collector does not call"
            )),
        }
    });
    let deletion_protection_enabled = description
        .as_ref()
        .map(|t| t.deletion_protection_enabled().unwrap_or(false));
    let data_classification = tags.as_ref().map(classification);
    let model = Table {
        table_name: name.clone(),
        table_arn: arn.clone(),
        point_in_time_recovery_enabled: pitr,
        sse_description,
        kms_key_customer_managed,
        deletion_protection_enabled,
        data_classification,
    };
    let mut resource = ctx.resource(arn, name, Attributes::DynamodbTable(model));
    match tags {
        Value::Known(tags) => resource.set_tags(tags),
        Value::Unknown(why) => resource.tags_unknown = Some(why),
    }
    ctx.push(resource);
}

/// `arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME`, for a table DynamoDB did not describe.
fn own_arn(ctx: &CollectContext, name: &str) -> String {
    crate::arn::arn(
        ctx.partition(),
        "dynamodb",
        ctx.arn_region(),
        ctx.account(),
        &format!("table/{name}"),
    )
}

async fn point_in_time_recovery(
    ctx: &CollectContext,
    client: &Client,
    subject: &str,
    name: &str,
) -> Value<bool> {
    match ctx
        .call_on(
            subject,
            "DescribeContinuousBackups",
            client.describe_continuous_backups().table_name(name).send(),
        )
        .await
    {
        Ok(out) => match out
            .continuous_backups_description()
            .and_then(|d| d.point_in_time_recovery_description())
            .and_then(|p| p.point_in_time_recovery_status())
        {
            Some(status) => Value::Known(*status == PointInTimeRecoveryStatus::Enabled),
            None => {
                Value::unknown("DescribeContinuousBackups returned no PointInTimeRecoveryStatus")
            }
        },
        Err(err) => ctx.failed(&err),
    }
}

async fn tags(
    ctx: &CollectContext,
    client: &Client,
    subject: &str,
    arn: &str,
) -> Value<BTreeMap<String, String>> {
    let listed = paginate(ctx, "ListTagsOfResource", |token| async move {
        let out = ctx
            .call_on(
                subject,
                "ListTagsOfResource",
                client
                    .list_tags_of_resource()
                    .resource_arn(arn)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out
                .tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect::<Vec<_>>(),
        })
    })
    .await;
    match listed {
        Ok(items) => Value::Known(items.into_iter().collect()),
        Err(err) => ctx.failed(&err),
    }
}
