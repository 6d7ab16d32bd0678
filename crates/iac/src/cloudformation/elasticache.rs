//! `AWS::ElastiCache::ReplicationGroup` and `AWS::ElastiCache::CacheCluster`, with
//! CloudFormation's defaults: engine `redis` for a replication group; at-rest and in-transit
//! encryption off for Redis OSS (for Valkey the default is AWS's and not assumed); no
//! `AuthToken` and no `UserGroupIds` is no authentication; `SnapshotRetentionLimit` 0; minor
//! version upgrades on; no `CacheSubnetGroupName` is the subnet group named `default`.
//! A `CacheCluster` cannot be encrypted at rest nor use AUTH in CloudFormation.

use cloudward_model::elasticache::{CacheCluster, CacheSettings, ReplicationGroup};
use cloudward_model::{Attributes, Value};

use super::dynamodb::flag;
use super::eval::Val;
use super::{known, locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let of = |t: &Template<'_>, ty: &str| -> Vec<usize> {
        (0..t.decls.len())
            .filter(|&i| t.decls[i].resource_type == ty)
            .collect()
    };
    for i in of(t, "AWS::ElastiCache::ReplicationGroup") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("ReplicationGroupId");
        let engine = match p.get("Engine") {
            None => Value::Known("redis".to_string()),
            Some(v) => known(v.string().map_err(|r| format!("Engine: {r}"))),
        };
        let settings = CacheSettings {
            at_rest_encryption_enabled: engine_default(p, &engine, "AtRestEncryptionEnabled"),
            transit_encryption_enabled: engine_default(p, &engine, "TransitEncryptionEnabled"),
            transit_encryption_mode: optional(p, "TransitEncryptionMode"),
            auth_token_enabled: Value::Known(p.get("AuthToken").is_some()),
            user_group_ids: match p.get("UserGroupIds") {
                None => Value::Known(Vec::new()),
                Some(v) => match v.list() {
                    Ok(items) => Value::Known(
                        items
                            .iter()
                            .map(|g| g.id().unwrap_or_else(|r| format!("(unresolved: {r})")))
                            .collect(),
                    ),
                    Err(r) => Value::unknown(format!("UserGroupIds: {r}")),
                },
            },
            ..common(p, engine)
        };
        let model = ReplicationGroup {
            replication_group_id: name.clone(),
            arn: String::new(),
            member_clusters: Vec::new(),
            settings,
        };
        let locs = locs(t, p);
        t.push(
            i,
            name,
            Attributes::ElasticacheReplicationGroup(model),
            locs,
        );
    }
    for i in of(t, "AWS::ElastiCache::CacheCluster") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("ClusterName");
        let engine = match p.get("Engine") {
            None => Value::unknown("Engine is required but missing"),
            Some(v) => known(v.string().map_err(|r| format!("Engine: {r}"))),
        };
        let settings = CacheSettings {
            at_rest_encryption_enabled: Value::Known(false),
            transit_encryption_enabled: flag(p, "TransitEncryptionEnabled", false),
            transit_encryption_mode: Value::Known(None),
            auth_token_enabled: Value::Known(false),
            user_group_ids: Value::Known(Vec::new()),
            ..common(p, engine)
        };
        let model = CacheCluster {
            cache_cluster_id: name.clone(),
            arn: String::new(),
            settings,
        };
        let locs = locs(t, p);
        t.push(i, name, Attributes::ElasticacheCacheCluster(model), locs);
    }
}

fn optional(p: &Val, name: &str) -> Value<Option<String>> {
    match p.get(name) {
        None => Value::Known(None),
        Some(v) => known(v.string().map(Some).map_err(|r| format!("{name}: {r}"))),
    }
}

fn common(p: &Val, engine: Value<String>) -> CacheSettings {
    CacheSettings {
        engine,
        snapshot_retention_limit: match p.get("SnapshotRetentionLimit") {
            None => Value::Known(0),
            Some(v) => known(
                v.integer()
                    .map(|n| n as i32)
                    .map_err(|r| format!("SnapshotRetentionLimit: {r}")),
            ),
        },
        auto_minor_version_upgrade: flag(p, "AutoMinorVersionUpgrade", true),
        cache_subnet_group_name: optional(p, "CacheSubnetGroupName")
            .map(|n| Some(n.unwrap_or_else(|| "default".to_string()))),
        ..Default::default()
    }
}

fn engine_default(p: &Val, engine: &Value<String>, key: &str) -> Value<bool> {
    match (p.get(key), engine) {
        (Some(_), _) => flag(p, key, false),
        (None, Value::Known(e)) if e.eq_ignore_ascii_case("redis") => Value::Known(false),
        (None, Value::Known(e)) => Value::unknown(format!(
            "{key} is not set, and the default for engine {e} is AWS's"
        )),
        (None, Value::Unknown(r)) => Value::unknown(format!("{key} is not set and {r}")),
    }
}

fn locs(
    t: &Template<'_>,
    p: &Val,
) -> std::collections::BTreeMap<String, cloudward_model::Location> {
    locations(
        t,
        [
            ("at_rest_encryption_enabled", "AtRestEncryptionEnabled"),
            ("transit_encryption_enabled", "TransitEncryptionEnabled"),
            ("transit_encryption_mode", "TransitEncryptionMode"),
            ("auth_token_enabled", "AuthToken"),
            ("user_group_ids", "UserGroupIds"),
            ("snapshot_retention_limit", "SnapshotRetentionLimit"),
            ("auto_minor_version_upgrade", "AutoMinorVersionUpgrade"),
            ("cache_subnet_group_name", "CacheSubnetGroupName"),
        ]
        .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
    )
}
