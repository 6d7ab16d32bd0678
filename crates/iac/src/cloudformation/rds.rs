//! RDS types: `AWS::RDS::DBInstance` (stand-alone, or an Aurora member through
//! `DBClusterIdentifier`), `AWS::RDS::DBCluster`, `AWS::RDS::DBParameterGroup`,
//! `AWS::RDS::DBClusterParameterGroup`, `AWS::RDS::EventSubscription` (one
//! `RdsEventSubscriptions` per template), with `AWS::RDS::DBSubnetGroup` joined to instances.
//!
//! CloudFormation's documented defaults: StorageEncrypted, DeletionProtection, MultiAZ,
//! EnableIAMDatabaseAuthentication and CopyTagsToSnapshot false, AutoMinorVersionUpgrade true,
//! MonitoringInterval 0, BackupRetentionPeriod 1 (0 for a read replica). PubliclyAccessible has
//! no fixed default: AWS makes the instance public when its subnets (or the default VPC) have
//! an internet gateway, so an unset value is Unknown. CloudFormation has no snapshot types.

use std::collections::BTreeMap;

use cloudward_model::rds::{
    DbCluster, DbClusterParameterGroup, DbInstance, DbParameterGroup, EventSubscription,
    RegionEventSubscriptions, TLS_PARAMETERS,
};
use cloudward_model::{Attributes, Value};

use super::eval::Val;
use super::{known, locations, Template};

fn indices(t: &Template<'_>, resource_type: &str) -> Vec<usize> {
    (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == resource_type)
        .collect()
}

fn flag(p: &Val, name: &str, default: bool) -> Value<bool> {
    match p.get(name) {
        None => Value::Known(default),
        Some(v) => known(v.boolean().map_err(|r| format!("{name}: {r}"))),
    }
}

fn int(p: &Val, name: &str, default: i32) -> Value<i32> {
    match p.get(name) {
        None => Value::Known(default),
        Some(v) => known(
            v.integer()
                .map(|n| i32::try_from(n).unwrap_or(i32::MAX))
                .map_err(|r| format!("{name}: {r}")),
        ),
    }
}

fn string(p: &Val, name: &str) -> Value<String> {
    match p.get(name) {
        None => Value::unknown(format!("{name} is not set")),
        Some(v) => known(v.string().map_err(|r| format!("{name}: {r}"))),
    }
}

fn opt_string(p: &Val, name: &str) -> Value<Option<String>> {
    match p.get(name) {
        None => Value::Known(None),
        Some(v) => known(v.string().map(Some).map_err(|r| format!("{name}: {r}"))),
    }
}

/// A reference to another resource (its join key) or a literal id.
fn opt_id(p: &Val, name: &str) -> Value<Option<String>> {
    match p.get(name) {
        None => Value::Known(None),
        Some(v) => known(v.id().map(Some).map_err(|r| format!("{name}: {r}"))),
    }
}

fn id_list(p: &Val, name: &str) -> Value<Vec<String>> {
    match p.get(name) {
        None => Value::Known(Vec::new()),
        Some(v) => known(
            v.list()
                .and_then(|items| items.iter().map(Val::id).collect::<Result<Vec<_>, _>>())
                .map_err(|r| format!("{name}: {r}")),
        ),
    }
}

fn string_list(p: &Val, name: &str) -> Value<Vec<String>> {
    match p.get(name) {
        None => Value::Known(Vec::new()),
        Some(v) => known(
            v.list()
                .and_then(|items| items.iter().map(Val::string).collect::<Result<Vec<_>, _>>())
                .map_err(|r| format!("{name}: {r}")),
        ),
    }
}

/// An inherited setting: Unknown when unset and the resource is restored or replicated.
fn inherited(p: &Val, name: &str, source: Option<&str>, default: bool) -> Value<bool> {
    match (p.get(name), source) {
        (None, Some(source)) => Value::unknown(format!(
            "{name} is not set: it is inherited from {source}, which the template does not show"
        )),
        _ => flag(p, name, default),
    }
}

const CLUSTER_SETTING: &str = "a setting of the DB cluster";

pub(crate) fn adapt(t: &mut Template<'_>) {
    // DB subnet group join key -> subnets.
    let subnet_groups: BTreeMap<String, Value<Vec<String>>> = indices(t, "AWS::RDS::DBSubnetGroup")
        .into_iter()
        .map(|i| {
            let d = &t.decls[i];
            (t.key(&d.logical_id), id_list(&d.props, "SubnetIds"))
        })
        .collect();
    clusters(t);
    instances(t, &subnet_groups);
    parameter_groups(t);
    event_subscriptions(t);
}

fn instances(t: &mut Template<'_>, subnet_groups: &BTreeMap<String, Value<Vec<String>>>) {
    for i in indices(t, "AWS::RDS::DBInstance") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = t.key(&decl.logical_id);
        let cluster = match opt_id(p, "DBClusterIdentifier") {
            Value::Known(c) => c,
            Value::Unknown(r) => Some(r),
        };
        let replica = p
            .get("SourceDBInstanceIdentifier")
            .map(|v| v.id().unwrap_or_else(|r| r));
        let snapshot = p
            .get("DBSnapshotIdentifier")
            .map(|v| v.id().unwrap_or_else(|r| r));
        let source = replica
            .as_ref()
            .map(|r| format!("the source instance {r}"))
            .or_else(|| snapshot.as_ref().map(|s| format!("the snapshot {s}")));
        let (db_subnet_group_name, subnet_ids) = match opt_id(p, "DBSubnetGroupName") {
            Value::Unknown(r) => (None, Value::Unknown(r)),
            Value::Known(None) => (
                None,
                Value::unknown(
                    "DBSubnetGroupName is not set: the instance is placed in the default VPC's \
                     subnets, which route to an internet gateway unless changed outside this \
                     template",
                ),
            ),
            Value::Known(Some(g)) => {
                let subnets = subnet_groups.get(&g).cloned().unwrap_or_else(|| {
                    Value::unknown(format!(
                        "DB subnet group {g} is not declared in this template"
                    ))
                });
                (Some(g), subnets)
            }
        };
        let publicly_accessible = match p.get("PubliclyAccessible") {
            Some(v) => known(v.boolean().map_err(|r| format!("PubliclyAccessible: {r}"))),
            None => Value::unknown(
                "PubliclyAccessible is not set: AWS makes the instance public when its subnets \
                 (or the default VPC) have an internet gateway",
            ),
        };
        let member = cluster.is_some();
        let cluster_only = |v: Value<bool>| {
            if member {
                Value::unknown(CLUSTER_SETTING)
            } else {
                v
            }
        };
        let master_username = if member {
            Value::unknown(CLUSTER_SETTING)
        } else {
            match (p.get("MasterUsername"), &replica, &snapshot) {
                (Some(_), _, _) => opt_string(p, "MasterUsername"),
                (None, Some(_), _) => Value::Known(None),
                (None, None, Some(s)) => Value::unknown(format!(
                    "the master user comes from the snapshot {s}, which the template does not show"
                )),
                (None, None, None) => Value::unknown("MasterUsername is not set"),
            }
        };
        let db = DbInstance {
            db_instance_identifier: name.clone(),
            engine: match (p.get("Engine"), &source) {
                (None, Some(source)) => Value::unknown(format!("the engine comes from {source}")),
                _ => string(p, "Engine"),
            },
            engine_version: opt_string(p, "EngineVersion"),
            db_cluster_identifier: cluster,
            storage_encrypted: cluster_only(inherited(
                p,
                "StorageEncrypted",
                source.as_deref(),
                false,
            )),
            publicly_accessible,
            db_subnet_group_name,
            subnet_ids,
            backup_retention_period: if member {
                Value::unknown(CLUSTER_SETTING)
            } else {
                int(
                    p,
                    "BackupRetentionPeriod",
                    if replica.is_some() { 0 } else { 1 },
                )
            },
            deletion_protection: cluster_only(flag(p, "DeletionProtection", false)),
            multi_az: cluster_only(flag(p, "MultiAZ", false)),
            iam_database_authentication_enabled: cluster_only(flag(
                p,
                "EnableIAMDatabaseAuthentication",
                false,
            )),
            auto_minor_version_upgrade: flag(p, "AutoMinorVersionUpgrade", true),
            master_username,
            enabled_cloudwatch_logs_exports: if member {
                Value::unknown(CLUSTER_SETTING)
            } else {
                string_list(p, "EnableCloudwatchLogsExports")
            },
            monitoring_interval: int(p, "MonitoringInterval", 0),
            copy_tags_to_snapshot: cluster_only(flag(p, "CopyTagsToSnapshot", false)),
            db_parameter_group_name: opt_id(p, "DBParameterGroupName"),
            read_replica_source: replica,
        };
        let locs = locations(
            t,
            [
                ("storage_encrypted", "StorageEncrypted"),
                ("publicly_accessible", "PubliclyAccessible"),
                ("subnet_ids", "DBSubnetGroupName"),
                ("backup_retention_period", "BackupRetentionPeriod"),
                ("deletion_protection", "DeletionProtection"),
                ("multi_az", "MultiAZ"),
                (
                    "iam_database_authentication_enabled",
                    "EnableIAMDatabaseAuthentication",
                ),
                ("auto_minor_version_upgrade", "AutoMinorVersionUpgrade"),
                ("master_username", "MasterUsername"),
                (
                    "enabled_cloudwatch_logs_exports",
                    "EnableCloudwatchLogsExports",
                ),
                ("monitoring_interval", "MonitoringInterval"),
                ("copy_tags_to_snapshot", "CopyTagsToSnapshot"),
                ("db_parameter_group_name", "DBParameterGroupName"),
            ]
            .map(|(k, prop)| (k.to_string(), p.key_pos(prop))),
        );
        t.push(i, name, Attributes::RdsDbInstance(db), locs);
    }
}

fn clusters(t: &mut Template<'_>) {
    for i in indices(t, "AWS::RDS::DBCluster") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = t.key(&decl.logical_id);
        let snapshot = p
            .get("SnapshotIdentifier")
            .or_else(|| p.get("SourceDBClusterIdentifier"))
            .map(|v| v.id().unwrap_or_else(|r| r));
        let secondary = p.get("GlobalClusterIdentifier").is_some()
            || p.get("ReplicationSourceIdentifier").is_some();
        let engine = string(p, "Engine");
        let serverless =
            p.get("EngineMode").and_then(|m| m.string().ok()).as_deref() == Some("serverless");
        // Members: DB instances whose DBClusterIdentifier refers to this cluster.
        let members: Vec<(String, Option<String>)> = t
            .of_type("AWS::RDS::DBInstance")
            .filter(|d| {
                d.props
                    .get("DBClusterIdentifier")
                    .and_then(|v| v.id().ok())
                    .as_deref()
                    == Some(name.as_str())
            })
            .map(|d| {
                (
                    t.key(&d.logical_id),
                    d.props
                        .get("AvailabilityZone")
                        .and_then(|z| z.string().ok()),
                )
            })
            .collect();
        let multi_az = match engine.known().map(|e| e.starts_with("aurora")) {
            None => Value::Unknown(engine.unknown_reason().unwrap_or_default().to_string()),
            Some(true) => match members.len() {
                0 => Value::unknown(format!(
                    "no AWS::RDS::DBInstance of cluster {name} is in this template"
                )),
                1 => Value::Known(false),
                _ => {
                    let pinned_to_one = members.iter().all(|(_, z)| z.is_some())
                        && members.windows(2).all(|w| w[0].1 == w[1].1);
                    Value::Known(!pinned_to_one)
                }
            },
            Some(false) => Value::Known(p.get("DBClusterInstanceClass").is_some()),
        };
        let master_username = match (p.get("MasterUsername"), &snapshot) {
            (Some(_), _) => opt_string(p, "MasterUsername"),
            (None, _) if secondary => Value::Known(None),
            (None, Some(s)) => Value::unknown(format!(
                "the master user comes from {s}, which the template does not show"
            )),
            (None, None) => Value::unknown("MasterUsername is not set"),
        };
        let cluster = DbCluster {
            db_cluster_identifier: name.clone(),
            engine,
            engine_version: opt_string(p, "EngineVersion"),
            storage_encrypted: match (p.get("StorageEncrypted"), &snapshot) {
                (None, Some(s)) => Value::unknown(format!(
                    "StorageEncrypted is not set: it is inherited from {s}"
                )),
                _ => flag(p, "StorageEncrypted", serverless),
            },
            backup_retention_period: int(p, "BackupRetentionPeriod", 1),
            deletion_protection: flag(p, "DeletionProtection", false),
            multi_az,
            iam_database_authentication_enabled: flag(p, "EnableIAMDatabaseAuthentication", false),
            master_username,
            enabled_cloudwatch_logs_exports: string_list(p, "EnableCloudwatchLogsExports"),
            copy_tags_to_snapshot: flag(p, "CopyTagsToSnapshot", false),
            db_cluster_parameter_group_name: opt_id(p, "DBClusterParameterGroupName"),
            members: Value::Known(members.into_iter().map(|(n, _)| n).collect()),
        };
        let locs = locations(
            t,
            [
                ("storage_encrypted", "StorageEncrypted"),
                ("backup_retention_period", "BackupRetentionPeriod"),
                ("deletion_protection", "DeletionProtection"),
                (
                    "iam_database_authentication_enabled",
                    "EnableIAMDatabaseAuthentication",
                ),
                ("master_username", "MasterUsername"),
                (
                    "enabled_cloudwatch_logs_exports",
                    "EnableCloudwatchLogsExports",
                ),
                ("copy_tags_to_snapshot", "CopyTagsToSnapshot"),
                (
                    "db_cluster_parameter_group_name",
                    "DBClusterParameterGroupName",
                ),
            ]
            .map(|(k, prop)| (k.to_string(), p.key_pos(prop))),
        );
        t.push(i, name, Attributes::RdsDbCluster(cluster), locs);
    }
}

/// The TLS parameters of a `Parameters` map.
fn tls_parameters(p: &Val) -> Value<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let Some(map) = p.get("Parameters") else {
        return Value::Known(out);
    };
    if let Some(r) = map.unknown_reason() {
        return Value::Unknown(format!("Parameters: {r}"));
    }
    for name in TLS_PARAMETERS {
        if let Some(v) = map.get(name) {
            match v.string() {
                Ok(s) => {
                    out.insert(name.to_string(), s);
                }
                Err(r) => return Value::Unknown(format!("Parameters.{name}: {r}")),
            }
        }
    }
    Value::Known(out)
}

fn parameter_groups(t: &mut Template<'_>) {
    for i in indices(t, "AWS::RDS::DBParameterGroup") {
        let decl = &t.decls[i];
        let name = t.key(&decl.logical_id);
        let parameters = tls_parameters(&decl.props);
        let locs = locations(
            t,
            [("parameters".to_string(), decl.props.key_pos("Parameters"))],
        );
        t.push(
            i,
            name.clone(),
            Attributes::RdsDbParameterGroup(DbParameterGroup {
                db_parameter_group_name: name,
                parameters,
            }),
            locs,
        );
    }
    for i in indices(t, "AWS::RDS::DBClusterParameterGroup") {
        let decl = &t.decls[i];
        let name = t.key(&decl.logical_id);
        let parameters = tls_parameters(&decl.props);
        let locs = locations(
            t,
            [("parameters".to_string(), decl.props.key_pos("Parameters"))],
        );
        t.push(
            i,
            name.clone(),
            Attributes::RdsDbClusterParameterGroup(DbClusterParameterGroup {
                db_cluster_parameter_group_name: name,
                parameters,
            }),
            locs,
        );
    }
}

fn event_subscriptions(t: &mut Template<'_>) {
    let found = indices(t, "AWS::RDS::EventSubscription");
    let Some(&first) = found.first() else {
        return;
    };
    let mut list = Vec::new();
    let mut unknown = None;
    for &i in &found {
        let decl = &t.decls[i];
        let p = &decl.props;
        let s = (|| -> Result<EventSubscription, String> {
            Ok(EventSubscription {
                cust_subscription_id: decl.name_or_logical_id("SubscriptionName"),
                source_type: opt_string(p, "SourceType").into_result()?,
                source_ids: id_list(p, "SourceIds").into_result()?,
                event_categories: string_list(p, "EventCategories").into_result()?,
                enabled: flag(p, "Enabled", true).into_result()?,
                sns_topic_arn: opt_id(p, "SnsTopicArn")
                    .into_result()
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
            })
        })();
        match s {
            Ok(s) => list.push(s),
            Err(e) => unknown = unknown.or(Some(format!("{}: {e}", decl.logical_id))),
        }
    }
    list.sort_by(|a, b| a.cust_subscription_id.cmp(&b.cust_subscription_id));
    let name = t.decls[first].logical_id.clone();
    let locs = locations(
        t,
        [(
            "subscriptions".to_string(),
            t.decls[first].props.key_pos("EventCategories"),
        )],
    );
    t.push(
        first,
        name,
        Attributes::RdsEventSubscriptions(RegionEventSubscriptions {
            subscriptions: match unknown {
                Some(e) => Value::Unknown(e),
                None => Value::Known(list),
            },
        }),
        locs,
    );
}
