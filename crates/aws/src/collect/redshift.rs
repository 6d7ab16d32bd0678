//! Redshift, per region: `DescribeClusters`, then `DescribeLoggingStatus` for each cluster and
//! `DescribeClusterParameters` once per parameter group in use (for `require_ssl`),
//! concurrently. Tags come with `DescribeClusters`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use aws_sdk_redshift::types::Cluster as SdkCluster;
use aws_sdk_redshift::Client;
use cloudward_model::redshift::Cluster;
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the clusters of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_redshift, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "DescribeClusters", |token| async move {
        let out = ctx
            .call(
                "DescribeClusters",
                client.describe_clusters().set_marker(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.marker().map(str::to_string),
            items: out.clusters().to_vec(),
        })
    })
    .await;
    let clusters = match listed {
        Ok(c) => c,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::RedshiftCluster]);
            return;
        }
    };
    let groups: BTreeSet<String> = clusters
        .iter()
        .flat_map(|c| c.cluster_parameter_groups())
        .filter_map(|g| g.parameter_group_name().map(str::to_string))
        .collect();
    let require_ssl: HashMap<String, Value<bool>> =
        join_all(groups.into_iter().map(|g| async move {
            let value = require_ssl(ctx, client, &g).await;
            (g, value)
        }))
        .await
        .into_iter()
        .collect();
    let require_ssl = &require_ssl;
    join_all(
        clusters
            .into_iter()
            .map(|c| cluster(ctx, client, c, require_ssl)),
    )
    .await;
}

/// `require_ssl` of one parameter group.
async fn require_ssl(ctx: &CollectContext, client: &Client, group: &str) -> Value<bool> {
    let subject = format!("parameter group {group}");
    let subject = &subject;
    let listed = paginate(ctx, "DescribeClusterParameters", |token| async move {
        let out = ctx
            .call_on(
                subject,
                "DescribeClusterParameters",
                client
                    .describe_cluster_parameters()
                    .parameter_group_name(group)
                    .set_marker(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.marker().map(str::to_string),
            items: out
                .parameters()
                .iter()
                .filter(|p| p.parameter_name() == Some("require_ssl"))
                .map(|p| p.parameter_value().unwrap_or_default().to_string())
                .collect::<Vec<_>>(),
        })
    })
    .await;
    match listed {
        Err(err) => ctx.failed(&err),
        Ok(values) => match values.first() {
            Some(v) => Value::Known(v.eq_ignore_ascii_case("true")),
            None => Value::unknown(format!(
                "DescribeClusterParameters of {group} returned no require_ssl"
            )),
        },
    }
}

async fn cluster(
    ctx: &CollectContext,
    client: &Client,
    c: SdkCluster,
    require_ssl: &HashMap<String, Value<bool>>,
) {
    let id = c.cluster_identifier().unwrap_or_default().to_string();
    let logging_enabled = match ctx
        .call_on(
            &format!("cluster {id}"),
            "DescribeLoggingStatus",
            client
                .describe_logging_status()
                .cluster_identifier(&id)
                .send(),
        )
        .await
    {
        Ok(out) => Value::Known(out.logging_enabled().unwrap_or(false)),
        Err(err) => ctx.failed(&err),
    };
    let groups: Vec<String> = c
        .cluster_parameter_groups()
        .iter()
        .filter_map(|g| g.parameter_group_name().map(str::to_string))
        .collect();
    let ssl = match groups.first() {
        None => Value::unknown("DescribeClusters names no parameter group for the cluster"),
        Some(g) => require_ssl
            .get(g)
            .cloned()
            .unwrap_or_else(|| Value::unknown(format!("parameter group {g} was not read"))),
    };
    let arn = crate::arn::arn(
        ctx.partition(),
        "redshift",
        ctx.arn_region(),
        ctx.account(),
        &format!("cluster:{id}"),
    );
    let reported = |v: Option<bool>, field: &str| match v {
        Some(b) => Value::Known(b),
        None => Value::unknown(format!("DescribeClusters returned no {field}")),
    };
    let model = Cluster {
        cluster_identifier: id.clone(),
        arn: arn.clone(),
        encrypted: reported(c.encrypted(), "Encrypted"),
        publicly_accessible: reported(c.publicly_accessible(), "PubliclyAccessible"),
        enhanced_vpc_routing: Value::Known(c.enhanced_vpc_routing().unwrap_or(false)),
        master_username: match c.master_username() {
            Some(u) => Value::Known(u.to_string()),
            None => Value::unknown("DescribeClusters returned no MasterUsername"),
        },
        automated_snapshot_retention_period: match c.automated_snapshot_retention_period() {
            Some(d) => Value::Known(d),
            None => Value::unknown("DescribeClusters returned no AutomatedSnapshotRetentionPeriod"),
        },
        logging_enabled,
        cluster_parameter_group_names: groups,
        require_ssl: ssl,
    };
    let mut resource = ctx.resource(arn, id, Attributes::RedshiftCluster(model));
    resource.set_tags(
        c.tags()
            .iter()
            .filter_map(|t| {
                Some((
                    t.key()?.to_string(),
                    t.value().unwrap_or_default().to_string(),
                ))
            })
            .collect::<BTreeMap<_, _>>(),
    );
    ctx.push(resource);
}
