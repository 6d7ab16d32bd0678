//! CloudWatch Logs, per region: `DescribeLogGroups`, which carries each group's retention and
//! KMS key. Tags (one `ListTagsForResource` per group, often hundreds) are not read.

use std::sync::Arc;

use cloudward_model::logs::LogGroup;
use cloudward_model::{Attributes, ResourceKind, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the log groups of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_cloudwatchlogs, &ctx.config);
    let c = &client;
    let listed = paginate(ctx, "DescribeLogGroups", |token| async move {
        let out = ctx
            .call(
                "DescribeLogGroups",
                c.describe_log_groups().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.log_groups().to_vec(),
        })
    })
    .await;
    let groups = match listed {
        Ok(g) => g,
        Err(err) => return ctx.listing_failed(&err, &[ResourceKind::LogsLogGroup]),
    };
    for g in groups {
        let Some(name) = g.log_group_name().map(str::to_string) else {
            continue;
        };
        let arn = g
            .log_group_arn()
            .map(str::to_string)
            .or_else(|| g.arn().map(|a| a.trim_end_matches(":*").to_string()))
            .unwrap_or_else(|| {
                crate::arn::arn(
                    ctx.partition(),
                    "logs",
                    ctx.arn_region(),
                    ctx.account(),
                    &format!("log-group:{name}"),
                )
            });
        let group = LogGroup {
            log_group_name: name.clone(),
            log_group_arn: arn.clone(),
            retention_in_days: Value::Known(g.retention_in_days()),
            kms_key_id: Value::Known(g.kms_key_id().map(str::to_string)),
            log_group_class: g.log_group_class().map(|c| c.as_str().to_string()),
        };
        ctx.push(ctx.resource(arn, name, Attributes::LogsLogGroup(group)));
    }
}
