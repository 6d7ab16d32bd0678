//! ElastiCache, per region: `DescribeReplicationGroups` and `DescribeCacheClusters` (both
//! `Marker`-paginated, concurrently). Clusters that belong to a replication group are judged
//! through their group, which takes its members' subnet group; the others are cache clusters of
//! their own.

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_elasticache::types::{CacheCluster as SdkCluster, ReplicationGroup as SdkGroup};
use cloudward_model::elasticache::{CacheCluster, CacheSettings, ReplicationGroup};
use cloudward_model::{Attributes, ResourceKind, Value};

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the replication groups and standalone clusters of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_elasticache, &ctx.config);
    let client = &client;
    let (groups, clusters) = tokio::join!(
        paginate(ctx, "DescribeReplicationGroups", |token| async move {
            let out = ctx
                .call(
                    "DescribeReplicationGroups",
                    client
                        .describe_replication_groups()
                        .set_marker(token)
                        .send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.marker().map(str::to_string),
                items: out.replication_groups().to_vec(),
            })
        }),
        paginate(ctx, "DescribeCacheClusters", |token| async move {
            let out = ctx
                .call(
                    "DescribeCacheClusters",
                    client.describe_cache_clusters().set_marker(token).send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.marker().map(str::to_string),
                items: out.cache_clusters().to_vec(),
            })
        }),
    );
    // Members' subnet groups, by cluster id; Unknown for every group when the listing failed.
    let subnet_groups: Result<HashMap<String, Option<String>>, String> = match &clusters {
        Ok(list) => Ok(list
            .iter()
            .filter_map(|c| {
                Some((
                    c.cache_cluster_id()?.to_string(),
                    c.cache_subnet_group_name().map(str::to_string),
                ))
            })
            .collect()),
        Err(err) => Err(err.reason()),
    };
    match groups {
        Err(err) => ctx.listing_failed(&err, &[ResourceKind::ElasticacheReplicationGroup]),
        Ok(groups) => {
            for g in groups {
                push_group(ctx, g, &subnet_groups);
            }
        }
    }
    match clusters {
        Err(err) => ctx.listing_failed(&err, &[ResourceKind::ElasticacheCacheCluster]),
        Ok(clusters) => {
            for c in clusters
                .into_iter()
                .filter(|c| c.replication_group_id().is_none())
            {
                push_cluster(ctx, c);
            }
        }
    }
}

fn reported<T>(v: Option<T>, api: &str, field: &str) -> Value<T> {
    match v {
        Some(v) => Value::Known(v),
        None => Value::unknown(format!("{api} returned no {field}")),
    }
}

fn push_group(
    ctx: &CollectContext,
    g: SdkGroup,
    subnet_groups: &Result<HashMap<String, Option<String>>, String>,
) {
    let id = g.replication_group_id().unwrap_or_default().to_string();
    let members: Vec<String> = g.member_clusters().to_vec();
    let cache_subnet_group_name = match subnet_groups {
        Err(why) => Value::unknown(format!("the member clusters were not listed: {why}")),
        Ok(by_id) => match members.iter().find_map(|m| by_id.get(m)) {
            Some(name) => Value::Known(name.clone()),
            None => Value::unknown(format!(
                "no member cluster of replication group {id} was in DescribeCacheClusters"
            )),
        },
    };
    let api = "DescribeReplicationGroups";
    let settings = CacheSettings {
        // Replication groups were Redis OSS only before Valkey, and older answers omit it.
        engine: Value::Known(g.engine().unwrap_or("redis").to_string()),
        at_rest_encryption_enabled: Value::Known(g.at_rest_encryption_enabled().unwrap_or(false)),
        transit_encryption_enabled: Value::Known(g.transit_encryption_enabled().unwrap_or(false)),
        transit_encryption_mode: Value::Known(
            g.transit_encryption_mode().map(|m| m.as_str().to_string()),
        ),
        auth_token_enabled: Value::Known(g.auth_token_enabled().unwrap_or(false)),
        user_group_ids: Value::Known(g.user_group_ids().to_vec()),
        // Absent when never set: automatic backups are off.
        snapshot_retention_limit: Value::Known(g.snapshot_retention_limit().unwrap_or(0)),
        auto_minor_version_upgrade: reported(
            g.auto_minor_version_upgrade(),
            api,
            "AutoMinorVersionUpgrade",
        ),
        cache_subnet_group_name,
    };
    let arn = g.arn().map(str::to_string).unwrap_or_else(|| {
        crate::arn::arn(
            ctx.partition(),
            "elasticache",
            ctx.arn_region(),
            ctx.account(),
            &format!("replicationgroup:{id}"),
        )
    });
    let model = ReplicationGroup {
        replication_group_id: id.clone(),
        arn: arn.clone(),
        member_clusters: members,
        settings,
    };
    ctx.push(ctx.resource(arn, id, Attributes::ElasticacheReplicationGroup(model)));
}

fn push_cluster(ctx: &CollectContext, c: SdkCluster) {
    let id = c.cache_cluster_id().unwrap_or_default().to_string();
    let api = "DescribeCacheClusters";
    let settings = CacheSettings {
        engine: reported(c.engine().map(str::to_string), api, "Engine"),
        at_rest_encryption_enabled: Value::Known(c.at_rest_encryption_enabled().unwrap_or(false)),
        transit_encryption_enabled: Value::Known(c.transit_encryption_enabled().unwrap_or(false)),
        transit_encryption_mode: Value::Known(
            c.transit_encryption_mode().map(|m| m.as_str().to_string()),
        ),
        auth_token_enabled: Value::Known(c.auth_token_enabled().unwrap_or(false)),
        // RBAC user groups attach to replication groups only.
        user_group_ids: Value::Known(Vec::new()),
        snapshot_retention_limit: Value::Known(c.snapshot_retention_limit().unwrap_or(0)),
        auto_minor_version_upgrade: reported(
            c.auto_minor_version_upgrade(),
            api,
            "AutoMinorVersionUpgrade",
        ),
        cache_subnet_group_name: Value::Known(c.cache_subnet_group_name().map(str::to_string)),
    };
    let arn = c.arn().map(str::to_string).unwrap_or_else(|| {
        crate::arn::arn(
            ctx.partition(),
            "elasticache",
            ctx.arn_region(),
            ctx.account(),
            &format!("cluster:{id}"),
        )
    });
    let model = CacheCluster {
        cache_cluster_id: id.clone(),
        arn: arn.clone(),
        settings,
    };
    ctx.push(ctx.resource(arn, id, Attributes::ElasticacheCacheCluster(model)));
}
