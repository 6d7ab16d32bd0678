//! CloudWatch monitoring, per region: `logs:DescribeMetricFilters` (every log group's filters)
//! and `cloudwatch:DescribeAlarms` (metric alarms), into one `CloudWatchRegion` resource. The
//! two are read independently: one failing leaves the other known.

use std::sync::Arc;

use cloudward_model::cloudwatch::{MetricAlarm, MetricFilter, MetricName, RegionStatus};
use cloudward_model::{Attributes, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the metric filters and alarms of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let logs = crate::config::client!(aws_sdk_cloudwatchlogs, &ctx.config);
    let cloudwatch = crate::config::client!(aws_sdk_cloudwatch, &ctx.config);
    let (logs, cloudwatch) = (&logs, &cloudwatch);
    let (filters, alarms) = tokio::join!(
        paginate(ctx, "DescribeMetricFilters", |token| async move {
            let out = ctx
                .call(
                    "DescribeMetricFilters",
                    logs.describe_metric_filters().set_next_token(token).send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.next_token().map(str::to_string),
                items: out
                    .metric_filters()
                    .iter()
                    .map(|f| MetricFilter {
                        name: f.filter_name().unwrap_or_default().to_string(),
                        log_group_name: f.log_group_name().unwrap_or_default().to_string(),
                        pattern: f.filter_pattern().unwrap_or_default().to_string(),
                        metrics: f
                            .metric_transformations()
                            .iter()
                            .map(|t| MetricName {
                                namespace: t.metric_namespace().to_string(),
                                name: t.metric_name().to_string(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
        }),
        paginate(ctx, "DescribeAlarms", |token| async move {
            let out = ctx
                .call(
                    "DescribeAlarms",
                    cloudwatch.describe_alarms().set_next_token(token).send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.next_token().map(str::to_string),
                items: out
                    .metric_alarms()
                    .iter()
                    .map(|a| MetricAlarm {
                        name: a.alarm_name().unwrap_or_default().to_string(),
                        metric: match (a.namespace(), a.metric_name()) {
                            (Some(namespace), Some(name)) => Some(MetricName {
                                namespace: namespace.to_string(),
                                name: name.to_string(),
                            }),
                            _ => None,
                        },
                        actions_enabled: a.actions_enabled().unwrap_or(true),
                        alarm_actions: a.alarm_actions().to_vec(),
                    })
                    .collect(),
            })
        }),
    );
    let metric_filters = match filters {
        Ok(mut f) => {
            f.sort_by(|a, b| (&a.log_group_name, &a.name).cmp(&(&b.log_group_name, &b.name)));
            Value::Known(f)
        }
        Err(err) => ctx.failed(&err),
    };
    let alarms = match alarms {
        Ok(mut a) => {
            a.sort_by(|x, y| x.name.cmp(&y.name));
            Value::Known(a)
        }
        Err(err) => ctx.failed(&err),
    };
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "cloudwatch",
            &region,
            ctx.account(),
            "monitoring",
        ),
        region,
        Attributes::CloudWatchRegion(RegionStatus {
            metric_filters,
            alarms,
        }),
    ));
}
