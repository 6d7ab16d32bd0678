//! RDS, per region: DB instances, DB clusters, DB snapshots and DB cluster snapshots (with
//! their `restore` attribute: who may copy and restore them), event subscriptions, and then
//! the parameter groups the instances and clusters use, read for the TLS parameters only.
//!
//! `DescribeDBInstances` and `DescribeDBClusters` also list DocumentDB and Neptune, which share
//! the RDS API but are other services with their own controls: their engines (`docdb`,
//! `neptune`) are left out here. Automated snapshots cannot be shared, so their attributes are
//! not asked for. Parameter groups are read with a `parameter-name` filter (and filtered again
//! here, for endpoints that ignore it): rules need two parameters, not the hundreds a group has.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use aws_sdk_rds::types::{Filter, Parameter, Tag};
use cloudward_model::rds::{
    DbCluster, DbClusterParameterGroup, DbClusterSnapshot, DbInstance, DbParameterGroup,
    DbSnapshot, EventSubscription, RegionEventSubscriptions, TLS_PARAMETERS,
};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

type Client = aws_sdk_rds::Client;

/// Every page of a `Describe*` call that pages with `Marker`.
macro_rules! describe {
    ($ctx:expr, $api:literal, $request:expr, $items:ident) => {
        paginate($ctx, $api, |marker| async move {
            let out = $ctx.call($api, $request.set_marker(marker).send()).await?;
            Ok::<_, ApiError>(Page {
                next: out.marker().map(str::to_string),
                items: out.$items().to_vec(),
            })
        })
        .await
    };
}

/// Engines that share the RDS API but belong to other services.
fn other_service(engine: Option<&str>) -> bool {
    matches!(engine, Some("docdb" | "neptune"))
}

/// Collect RDS in one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_rds, &ctx.config);
    let c = &client;
    let (parameter_groups, cluster_parameter_groups, (), (), ()) = tokio::join!(
        instances(ctx, c),
        clusters(ctx, c),
        snapshots(ctx, c),
        cluster_snapshots(ctx, c),
        event_subscriptions(ctx, c),
    );
    tokio::join!(
        join_all(
            parameter_groups
                .into_iter()
                .map(|name| parameter_group(ctx, c, name))
        ),
        join_all(
            cluster_parameter_groups
                .into_iter()
                .map(|name| cluster_parameter_group(ctx, c, name))
        ),
    );
}

fn tags(list: &[Tag]) -> BTreeMap<String, String> {
    list.iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

/// A field the API documents as always present: Unknown, naming it, when it is not.
fn reported<T>(value: Option<T>, api: &str, field: &str) -> Value<T> {
    match value {
        Some(v) => Value::Known(v),
        None => Value::unknown(format!("{api} returned no {field}")),
    }
}

fn arn_or(ctx: &CollectContext, arn: Option<&str>, resource: &str) -> String {
    arn.map(str::to_string).unwrap_or_else(|| {
        crate::arn::arn(
            ctx.partition(),
            "rds",
            ctx.arn_region(),
            ctx.account(),
            resource,
        )
    })
}

/// List the instances; return the DB parameter groups of the stand-alone ones (a cluster
/// member's TLS setting is its cluster's).
async fn instances(ctx: &CollectContext, client: &Client) -> BTreeSet<String> {
    let listed = describe!(
        ctx,
        "DescribeDBInstances",
        client.describe_db_instances(),
        db_instances
    );
    let list = match listed {
        Ok(list) => list,
        Err(err) => {
            ctx.listing_failed(
                &err,
                &[
                    ResourceKind::RdsDbInstance,
                    ResourceKind::RdsDbParameterGroup,
                ],
            );
            return BTreeSet::new();
        }
    };
    const API: &str = "DescribeDBInstances";
    let mut groups = BTreeSet::new();
    for db in list.iter().filter(|d| !other_service(d.engine())) {
        let id = db.db_instance_identifier().unwrap_or_default().to_string();
        let group = db
            .db_parameter_groups()
            .first()
            .and_then(|g| g.db_parameter_group_name());
        if db.db_cluster_identifier().is_none() {
            groups.extend(group.map(str::to_string));
        }
        let subnet_ids = match db.db_subnet_group() {
            Some(g) => Value::Known(
                g.subnets()
                    .iter()
                    .filter_map(|s| s.subnet_identifier().map(str::to_string))
                    .collect(),
            ),
            None => Value::unknown(
                "DescribeDBInstances returned no DBSubnetGroup, so the subnets the instance \
                 may be placed in are not known",
            ),
        };
        let instance = DbInstance {
            db_instance_identifier: id.clone(),
            engine: reported(db.engine().map(str::to_string), API, "Engine"),
            engine_version: Value::Known(db.engine_version().map(str::to_string)),
            db_cluster_identifier: db.db_cluster_identifier().map(str::to_string),
            storage_encrypted: reported(db.storage_encrypted(), API, "StorageEncrypted"),
            publicly_accessible: reported(db.publicly_accessible(), API, "PubliclyAccessible"),
            db_subnet_group_name: db
                .db_subnet_group()
                .and_then(|g| g.db_subnet_group_name())
                .map(str::to_string),
            subnet_ids,
            backup_retention_period: reported(
                db.backup_retention_period(),
                API,
                "BackupRetentionPeriod",
            ),
            deletion_protection: reported(db.deletion_protection(), API, "DeletionProtection"),
            multi_az: reported(db.multi_az(), API, "MultiAZ"),
            iam_database_authentication_enabled: reported(
                db.iam_database_authentication_enabled(),
                API,
                "IAMDatabaseAuthenticationEnabled",
            ),
            auto_minor_version_upgrade: reported(
                db.auto_minor_version_upgrade(),
                API,
                "AutoMinorVersionUpgrade",
            ),
            master_username: Value::Known(db.master_username().map(str::to_string)),
            // An empty list is left out of the answer.
            enabled_cloudwatch_logs_exports: Value::Known(
                db.enabled_cloudwatch_logs_exports().to_vec(),
            ),
            // Left out when Enhanced Monitoring was never turned on (moto does the same).
            monitoring_interval: Value::Known(db.monitoring_interval().unwrap_or(0)),
            copy_tags_to_snapshot: reported(db.copy_tags_to_snapshot(), API, "CopyTagsToSnapshot"),
            db_parameter_group_name: match group {
                Some(g) => Value::Known(Some(g.to_string())),
                None => Value::unknown("DescribeDBInstances returned no DBParameterGroups"),
            },
            read_replica_source: db
                .read_replica_source_db_instance_identifier()
                .map(str::to_string),
        };
        let arn = arn_or(ctx, db.db_instance_arn(), &format!("db:{id}"));
        let mut resource = ctx.resource(arn, id, Attributes::RdsDbInstance(instance));
        resource.set_tags(tags(db.tag_list()));
        ctx.push(resource);
    }
    groups
}

/// List the clusters; return their DB cluster parameter groups.
async fn clusters(ctx: &CollectContext, client: &Client) -> BTreeSet<String> {
    let listed = describe!(
        ctx,
        "DescribeDBClusters",
        client.describe_db_clusters(),
        db_clusters
    );
    let list = match listed {
        Ok(list) => list,
        Err(err) => {
            ctx.listing_failed(
                &err,
                &[
                    ResourceKind::RdsDbCluster,
                    ResourceKind::RdsDbClusterParameterGroup,
                ],
            );
            return BTreeSet::new();
        }
    };
    const API: &str = "DescribeDBClusters";
    let mut groups = BTreeSet::new();
    for c in list.iter().filter(|c| !other_service(c.engine())) {
        let id = c.db_cluster_identifier().unwrap_or_default().to_string();
        groups.extend(c.db_cluster_parameter_group().map(str::to_string));
        let cluster = DbCluster {
            db_cluster_identifier: id.clone(),
            engine: reported(c.engine().map(str::to_string), API, "Engine"),
            engine_version: Value::Known(c.engine_version().map(str::to_string)),
            storage_encrypted: reported(c.storage_encrypted(), API, "StorageEncrypted"),
            backup_retention_period: reported(
                c.backup_retention_period(),
                API,
                "BackupRetentionPeriod",
            ),
            deletion_protection: reported(c.deletion_protection(), API, "DeletionProtection"),
            multi_az: reported(c.multi_az(), API, "MultiAZ"),
            iam_database_authentication_enabled: reported(
                c.iam_database_authentication_enabled(),
                API,
                "IAMDatabaseAuthenticationEnabled",
            ),
            master_username: Value::Known(c.master_username().map(str::to_string)),
            enabled_cloudwatch_logs_exports: Value::Known(
                c.enabled_cloudwatch_logs_exports().to_vec(),
            ),
            copy_tags_to_snapshot: reported(c.copy_tags_to_snapshot(), API, "CopyTagsToSnapshot"),
            db_cluster_parameter_group_name: match c.db_cluster_parameter_group() {
                Some(g) => Value::Known(Some(g.to_string())),
                None => Value::unknown("DescribeDBClusters returned no DBClusterParameterGroup"),
            },
            members: Value::Known(
                c.db_cluster_members()
                    .iter()
                    .filter_map(|m| m.db_instance_identifier().map(str::to_string))
                    .collect(),
            ),
        };
        let arn = arn_or(ctx, c.db_cluster_arn(), &format!("cluster:{id}"));
        let mut resource = ctx.resource(arn, id, Attributes::RdsDbCluster(cluster));
        resource.set_tags(tags(c.tag_list()));
        ctx.push(resource);
    }
    groups
}

/// The values of the `restore` attribute.
fn restore_values<'a>(
    attributes: impl IntoIterator<Item = (Option<&'a str>, &'a [String])>,
) -> Vec<String> {
    let mut values: Vec<String> = attributes
        .into_iter()
        .filter(|(name, _)| *name == Some("restore"))
        .flat_map(|(_, values)| values.iter().cloned())
        .collect();
    values.sort();
    values.dedup();
    values
}

/// Who may restore a manual DB or DB cluster snapshot: its `restore` attribute, through
/// `$api` (the two attribute APIs answer alike). Automated snapshots cannot be shared, so no
/// call is made for them.
macro_rules! restore_attribute_values {
    ($ctx:expr, $snapshot_type:expr, $subject:expr, $api:literal, $request:expr, $result:ident, $attributes:ident) => {
        if $snapshot_type == "automated" {
            Value::Known(Vec::new())
        } else {
            match $ctx.call_on($subject, $api, $request.send()).await {
                Ok(out) => Value::Known(restore_values(
                    out.$result()
                        .map(|r| r.$attributes())
                        .unwrap_or_default()
                        .iter()
                        .map(|a| (a.attribute_name(), a.attribute_values())),
                )),
                Err(err) => $ctx.failed(&err),
            }
        }
    };
}

async fn snapshots(ctx: &CollectContext, client: &Client) {
    let listed = describe!(
        ctx,
        "DescribeDBSnapshots",
        client.describe_db_snapshots(),
        db_snapshots
    );
    let list = match listed {
        Ok(list) => list,
        Err(err) => return ctx.listing_failed(&err, &[ResourceKind::RdsDbSnapshot]),
    };
    join_all(
        list.iter()
            .filter(|s| !other_service(s.engine()))
            .map(|s| async move {
                let id = s.db_snapshot_identifier().unwrap_or_default().to_string();
                let snapshot_type = s.snapshot_type().unwrap_or_default().to_string();
                let restore_attribute_values = restore_attribute_values!(
                    ctx,
                    snapshot_type,
                    &format!("DB snapshot {id}"),
                    "DescribeDBSnapshotAttributes",
                    client
                        .describe_db_snapshot_attributes()
                        .db_snapshot_identifier(&id),
                    db_snapshot_attributes_result,
                    db_snapshot_attributes
                );
                let snapshot = DbSnapshot {
                    db_snapshot_identifier: id.clone(),
                    db_instance_identifier: s.db_instance_identifier().unwrap_or_default().into(),
                    snapshot_type,
                    encrypted: reported(s.encrypted(), "DescribeDBSnapshots", "Encrypted"),
                    restore_attribute_values,
                };
                let arn = arn_or(ctx, s.db_snapshot_arn(), &format!("snapshot:{id}"));
                let mut resource = ctx.resource(arn, id, Attributes::RdsDbSnapshot(snapshot));
                resource.set_tags(tags(s.tag_list()));
                ctx.push(resource);
            }),
    )
    .await;
}

async fn cluster_snapshots(ctx: &CollectContext, client: &Client) {
    let listed = describe!(
        ctx,
        "DescribeDBClusterSnapshots",
        client.describe_db_cluster_snapshots(),
        db_cluster_snapshots
    );
    let list = match listed {
        Ok(list) => list,
        Err(err) => return ctx.listing_failed(&err, &[ResourceKind::RdsDbClusterSnapshot]),
    };
    join_all(
        list.iter()
            .filter(|s| !other_service(s.engine()))
            .map(|s| async move {
                let id = s
                    .db_cluster_snapshot_identifier()
                    .unwrap_or_default()
                    .to_string();
                let snapshot_type = s.snapshot_type().unwrap_or_default().to_string();
                let restore_attribute_values = restore_attribute_values!(
                    ctx,
                    snapshot_type,
                    &format!("DB cluster snapshot {id}"),
                    "DescribeDBClusterSnapshotAttributes",
                    client
                        .describe_db_cluster_snapshot_attributes()
                        .db_cluster_snapshot_identifier(&id),
                    db_cluster_snapshot_attributes_result,
                    db_cluster_snapshot_attributes
                );
                let snapshot = DbClusterSnapshot {
                    db_cluster_snapshot_identifier: id.clone(),
                    db_cluster_identifier: s.db_cluster_identifier().unwrap_or_default().into(),
                    snapshot_type,
                    storage_encrypted: reported(
                        s.storage_encrypted(),
                        "DescribeDBClusterSnapshots",
                        "StorageEncrypted",
                    ),
                    restore_attribute_values,
                };
                let arn = arn_or(
                    ctx,
                    s.db_cluster_snapshot_arn(),
                    &format!("cluster-snapshot:{id}"),
                );
                let mut resource =
                    ctx.resource(arn, id, Attributes::RdsDbClusterSnapshot(snapshot));
                resource.set_tags(tags(s.tag_list()));
                ctx.push(resource);
            }),
    )
    .await;
}

async fn event_subscriptions(ctx: &CollectContext, client: &Client) {
    let listed = describe!(
        ctx,
        "DescribeEventSubscriptions",
        client.describe_event_subscriptions(),
        event_subscriptions_list
    );
    let subscriptions = match listed {
        Err(err) => ctx.failed(&err),
        Ok(list) => {
            let mut list: Vec<EventSubscription> = list
                .iter()
                .map(|s| EventSubscription {
                    cust_subscription_id: s.cust_subscription_id().unwrap_or_default().into(),
                    source_type: s.source_type().map(str::to_string),
                    source_ids: s.source_ids_list().to_vec(),
                    event_categories: s.event_categories_list().to_vec(),
                    enabled: s.enabled().unwrap_or(false),
                    sns_topic_arn: s.sns_topic_arn().unwrap_or_default().into(),
                })
                .collect();
            list.sort_by(|a, b| a.cust_subscription_id.cmp(&b.cust_subscription_id));
            Value::Known(list)
        }
    };
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "rds",
            &region,
            ctx.account(),
            "event-subscriptions",
        ),
        region,
        Attributes::RdsEventSubscriptions(RegionEventSubscriptions { subscriptions }),
    ));
}

/// The `parameter-name` filter for the TLS parameters.
fn tls_filter() -> Filter {
    Filter::builder()
        .name("parameter-name")
        .set_values(Some(TLS_PARAMETERS.iter().map(|p| p.to_string()).collect()))
        .build()
}

/// The TLS parameters that have a value, filtered here too (moto ignores the filter).
fn tls_values(parameters: &[Parameter]) -> BTreeMap<String, String> {
    parameters
        .iter()
        .filter_map(|p| {
            let name = p.parameter_name()?;
            let value = p.parameter_value()?;
            TLS_PARAMETERS
                .contains(&name)
                .then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

/// The TLS parameters of one DB or DB cluster parameter group: `$request` is the
/// `Describe*Parameters` builder for it (the two APIs page and answer alike).
macro_rules! tls_parameters {
    ($ctx:expr, $api:literal, $subject:expr, $request:expr) => {{
        let listed = paginate($ctx, $api, |marker| async move {
            let out = $ctx
                .call_on($subject, $api, $request.set_marker(marker).send())
                .await?;
            Ok::<_, ApiError>(Page {
                next: out.marker().map(str::to_string),
                items: out.parameters().to_vec(),
            })
        })
        .await;
        match listed {
            Ok(list) => Value::Known(tls_values(&list)),
            Err(err) => $ctx.failed(&err),
        }
    }};
}

async fn parameter_group(ctx: &CollectContext, client: &Client, name: String) {
    let filter = tls_filter();
    let subject = format!("DB parameter group {name}");
    let (name_ref, filter_ref, subject_ref) = (&name, &filter, &subject);
    let parameters = tls_parameters!(
        ctx,
        "DescribeDBParameters",
        subject_ref,
        client
            .describe_db_parameters()
            .db_parameter_group_name(name_ref)
            .filters(filter_ref.clone())
    );
    let arn = arn_or(ctx, None, &format!("pg:{name}"));
    ctx.push(ctx.resource(
        arn,
        name.clone(),
        Attributes::RdsDbParameterGroup(DbParameterGroup {
            db_parameter_group_name: name,
            parameters,
        }),
    ));
}

async fn cluster_parameter_group(ctx: &CollectContext, client: &Client, name: String) {
    let filter = tls_filter();
    let subject = format!("DB cluster parameter group {name}");
    let (name_ref, filter_ref, subject_ref) = (&name, &filter, &subject);
    let parameters = tls_parameters!(
        ctx,
        "DescribeDBClusterParameters",
        subject_ref,
        client
            .describe_db_cluster_parameters()
            .db_cluster_parameter_group_name(name_ref)
            .filters(filter_ref.clone())
    );
    let arn = arn_or(ctx, None, &format!("cluster-pg:{name}"));
    ctx.push(ctx.resource(
        arn,
        name.clone(),
        Attributes::RdsDbClusterParameterGroup(DbClusterParameterGroup {
            db_cluster_parameter_group_name: name,
            parameters,
        }),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_restore_attribute_counts() {
        let all = vec!["all".to_string()];
        let accounts = vec!["222233334444".to_string(), "111122223333".to_string()];
        let other = vec!["x".to_string()];
        assert_eq!(
            restore_values([
                (Some("restore"), accounts.as_slice()),
                (Some("other"), other.as_slice()),
                (Some("restore"), all.as_slice()),
            ]),
            ["111122223333", "222233334444", "all"]
        );
    }

    #[test]
    fn tls_values_keep_the_two_parameters_with_a_value() {
        let p = |name: &str, value: Option<&str>| {
            Parameter::builder()
                .parameter_name(name)
                .set_parameter_value(value.map(str::to_string))
                .build()
        };
        let values = tls_values(&[
            p("rds.force_ssl", Some("1")),
            p("max_connections", Some("100")),
            p("require_secure_transport", None),
        ]);
        assert_eq!(
            values,
            BTreeMap::from([("rds.force_ssl".to_string(), "1".to_string())])
        );
    }
}
