//! ElastiCache: `aws_elasticache_replication_group` and the `aws_elasticache_cluster`s that
//! join no replication group (one with `replication_group_id` is a member, judged through its
//! group). Provider defaults: engine `redis`; at-rest and in-transit encryption off for Redis
//! OSS (for Valkey the default is AWS's and not assumed); no `auth_token` and no
//! `user_group_ids` is no authentication; `snapshot_retention_limit` 0; minor version
//! upgrades on; no `subnet_group_name` is the subnet group named `default`.

use cloudward_model::elasticache::{CacheCluster, CacheSettings, ReplicationGroup};
use cloudward_model::{Attributes, Resource, Value};

use super::{bool_or, get, locate, opt_int, opt_str, reason, resource, str_list, Index};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_elasticache_replication_group") {
        let id = super::name_or_address(i, "replication_group_id");
        let engine = super::str_or(get(i, "engine"), "redis");
        let settings = CacheSettings {
            at_rest_encryption_enabled: engine_default(i, &engine, "at_rest_encryption_enabled"),
            transit_encryption_enabled: engine_default(i, &engine, "transit_encryption_enabled"),
            transit_encryption_mode: opt_str(get(i, "transit_encryption_mode")),
            auth_token_enabled: Value::Known(get(i, "auth_token").is_some()),
            user_group_ids: match str_list(get(i, "user_group_ids")) {
                Ok(ids) => Value::Known(ids),
                // Ids known only after apply are still groups.
                Err(_) if get(i, "user_group_ids").is_some_and(is_nonempty_list) => {
                    Value::Known(vec![format!("{}.user_group_ids", i.address)])
                }
                Err(e) => Value::Unknown(e),
            },
            ..common(i, engine)
        };
        let model = ReplicationGroup {
            replication_group_id: id.clone(),
            arn: format!("{}.arn", i.address),
            member_clusters: Vec::new(),
            settings,
        };
        let mut r = resource(i, id, Attributes::ElasticacheReplicationGroup(model));
        locate_all(&mut r, i);
        out.push(r);
    }
    for &i in idx.of("aws_elasticache_cluster") {
        if get(i, "replication_group_id").is_some() {
            continue;
        }
        let id = super::name_or_address(i, "cluster_id");
        let engine = match get(i, "engine") {
            None => Value::unknown(format!("{} sets no engine", i.address)),
            Some(v) => match v.to_string_val() {
                Ok(e) => Value::Known(e),
                Err(e) => Value::Unknown(reason(&e)),
            },
        };
        let settings = CacheSettings {
            // A standalone cluster cannot be encrypted at rest, nor use AUTH or RBAC here.
            at_rest_encryption_enabled: Value::Known(false),
            transit_encryption_enabled: bool_or(get(i, "transit_encryption_enabled"), false),
            transit_encryption_mode: Value::Known(None),
            auth_token_enabled: Value::Known(false),
            user_group_ids: Value::Known(Vec::new()),
            ..common(i, engine)
        };
        let model = CacheCluster {
            cache_cluster_id: id.clone(),
            arn: format!("{}.arn", i.address),
            settings,
        };
        let mut r = resource(i, id, Attributes::ElasticacheCacheCluster(model));
        locate_all(&mut r, i);
        out.push(r);
    }
}

fn is_nonempty_list(v: &Val) -> bool {
    matches!(v, Val::List(items) if !items.is_empty()) || v.is_unknown()
}

/// What both resource types share.
fn common(i: &Instance, engine: Value<String>) -> CacheSettings {
    CacheSettings {
        engine,
        snapshot_retention_limit: opt_int(get(i, "snapshot_retention_limit"))
            .map(|n| n.unwrap_or(0) as i32),
        auto_minor_version_upgrade: bool_or(get(i, "auto_minor_version_upgrade"), true),
        cache_subnet_group_name: opt_str(get(i, "subnet_group_name"))
            .map(|n| Some(n.unwrap_or_else(|| "default".to_string()))),
        ..Default::default()
    }
}

/// An encryption switch: off by default for Redis OSS; for any other engine an unset switch
/// is AWS's choice, not assumed.
fn engine_default(i: &Instance, engine: &Value<String>, key: &str) -> Value<bool> {
    match (get(i, key), engine) {
        (Some(_), _) => bool_or(get(i, key), false),
        (None, Value::Known(e)) if e.eq_ignore_ascii_case("redis") => Value::Known(false),
        (None, Value::Known(e)) => Value::unknown(format!(
            "{key} is not set, and the default for engine {e} is AWS's"
        )),
        (None, Value::Unknown(r)) => Value::unknown(format!("{key} is not set and {r}")),
    }
}

fn locate_all(r: &mut Resource, i: &Instance) {
    for (model, tf) in [
        ("at_rest_encryption_enabled", "at_rest_encryption_enabled"),
        ("transit_encryption_enabled", "transit_encryption_enabled"),
        ("transit_encryption_mode", "transit_encryption_mode"),
        ("auth_token_enabled", "auth_token"),
        ("user_group_ids", "user_group_ids"),
        ("snapshot_retention_limit", "snapshot_retention_limit"),
        ("auto_minor_version_upgrade", "auto_minor_version_upgrade"),
        ("cache_subnet_group_name", "subnet_group_name"),
    ] {
        if i.locs.contains_key(tf) {
            locate(r, model, i, tf);
        }
    }
}
