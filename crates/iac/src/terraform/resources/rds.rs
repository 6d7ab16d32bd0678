//! RDS: `aws_db_instance`, `aws_rds_cluster_instance` (cluster members), `aws_rds_cluster`,
//! `aws_db_snapshot`, `aws_db_cluster_snapshot`, `aws_db_parameter_group`,
//! `aws_rds_cluster_parameter_group` and `aws_db_event_subscription`, with
//! `aws_db_subnet_group` joined to the instances for their subnets.
//!
//! Provider defaults for unset arguments: `storage_encrypted`, `publicly_accessible`,
//! `deletion_protection`, `multi_az`, `iam_database_authentication_enabled` and
//! `copy_tags_to_snapshot` false; `auto_minor_version_upgrade` true; `monitoring_interval` 0;
//! `backup_retention_period` AWS's default of 1 day (0 for a read replica). What a restore from
//! a snapshot or a replica inherits from its source (encryption, the master user) is Unknown
//! unless set. Names join by the static name (`identifier`, `name`, `cluster_identifier`) or,
//! when the code leaves it to Terraform, by the address (see `module::with_computed`).

use std::collections::BTreeMap;

use cloudward_model::rds::{
    DbCluster, DbClusterParameterGroup, DbClusterSnapshot, DbInstance, DbParameterGroup,
    DbSnapshot, EventSubscription, RegionEventSubscriptions, TLS_PARAMETERS,
};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, field, get, known_str, locate, opt_int, opt_str, reason, regional, resource,
    str_list, Index,
};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let subnet_groups = subnet_groups(idx);
    let clusters = clusters(idx, out);
    let mut instances: BTreeMap<String, Value<bool>> = BTreeMap::new();
    db_instances(idx, &subnet_groups, &mut instances, out);
    cluster_instances(idx, &subnet_groups, &clusters, out);
    snapshots(idx, &instances, &clusters, out);
    parameter_groups(idx, out);
    event_subscriptions(idx, out);
}

/// The name a resource is known by: its static name argument, else its address.
fn name_of(i: &Instance, key: &str) -> String {
    known_str(get(i, key)).unwrap_or_else(|| i.address.clone())
}

/// `aws_db_subnet_group` name → its subnets.
fn subnet_groups(idx: &Index<'_>) -> BTreeMap<String, Value<Vec<String>>> {
    idx.of("aws_db_subnet_group")
        .iter()
        .map(|g| {
            let subnets = match str_list(get(g, "subnet_ids")) {
                Ok(l) => Value::Known(l),
                Err(e) => Value::Unknown(e),
            };
            (name_of(g, "name"), subnets)
        })
        .collect()
}

/// The subnets behind a `db_subnet_group_name` argument.
fn subnets_of(
    i: &Instance,
    group: Option<&Val>,
    groups: &BTreeMap<String, Value<Vec<String>>>,
) -> (Option<String>, Value<Vec<String>>) {
    match group {
        None => (
            None,
            Value::unknown(format!(
                "{} sets no db_subnet_group_name: it is placed in the default VPC's subnets, \
                 which route to an internet gateway unless changed outside this code",
                i.address
            )),
        ),
        Some(v) => match v.to_string_val() {
            Err(e) => (None, Value::Unknown(reason(&e))),
            Ok(name) => {
                let subnets = groups.get(&name).cloned().unwrap_or_else(|| {
                    Value::unknown(format!(
                        "DB subnet group {name} is not declared in the scanned code"
                    ))
                });
                (Some(name), subnets)
            }
        },
    }
}

fn str_value(v: Option<&Val>, what: &str, i: &Instance) -> Value<String> {
    match v {
        None => Value::unknown(format!("{} sets no {what}", i.address)),
        Some(v) => match v.to_string_val() {
            Ok(s) => Value::Known(s),
            Err(e) => Value::Unknown(reason(&e)),
        },
    }
}

fn list_value(v: Option<&Val>) -> Value<Vec<String>> {
    match str_list(v) {
        Ok(l) => Value::Known(l),
        Err(e) => Value::Unknown(e),
    }
}

fn int_or(v: Option<&Val>, default: i32) -> Value<i32> {
    opt_int(v).map(|n| n.map_or(default, |n| n as i32))
}

/// An argument a restore or replica inherits from its source when it is not set.
fn inherited_bool(i: &Instance, key: &str, source: Option<&str>, default: bool) -> Value<bool> {
    match (get(i, key), source) {
        (None, Some(source)) => Value::unknown(format!(
            "{key} is not set: it is inherited from {source}, which the code does not show"
        )),
        (v, _) => bool_or(v, default),
    }
}

fn locate_all(r: &mut Resource, i: &Instance, pairs: &[(&str, &str)]) {
    for (model, tf) in pairs {
        locate(r, model, i, tf);
    }
}

/// What a snapshot needs of its source: whether it is encrypted.
type Encryption = BTreeMap<String, Value<bool>>;

fn db_instances(
    idx: &Index<'_>,
    groups: &BTreeMap<String, Value<Vec<String>>>,
    encryption: &mut Encryption,
    out: &mut Vec<Resource>,
) {
    for &i in idx.of("aws_db_instance") {
        let name = name_of(i, "identifier");
        let replica = known_str(get(i, "replicate_source_db"));
        let snapshot = known_str(get(i, "snapshot_identifier"));
        let source = replica
            .as_ref()
            .map(|r| format!("the source instance {r}"))
            .or_else(|| snapshot.as_ref().map(|s| format!("the snapshot {s}")));
        let engine = match (get(i, "engine"), &source) {
            (None, Some(source)) => Value::unknown(format!("the engine comes from {source}")),
            (v, _) => str_value(v, "engine", i),
        };
        let master_username = match (get(i, "username"), &replica, &snapshot) {
            (Some(v), _, _) => opt_str(Some(v)),
            (None, Some(_), _) => Value::Known(None),
            (None, None, Some(s)) => Value::unknown(format!(
                "the master user comes from the snapshot {s}, which the code does not show"
            )),
            (None, None, None) => Value::unknown(format!("{} sets no username", i.address)),
        };
        let (db_subnet_group_name, subnet_ids) =
            subnets_of(i, get(i, "db_subnet_group_name"), groups);
        let storage_encrypted = inherited_bool(i, "storage_encrypted", source.as_deref(), false);
        encryption.insert(name.clone(), storage_encrypted.clone());
        let db = DbInstance {
            db_instance_identifier: name.clone(),
            engine,
            engine_version: opt_str(get(i, "engine_version")),
            db_cluster_identifier: None,
            storage_encrypted,
            publicly_accessible: bool_or(get(i, "publicly_accessible"), false),
            db_subnet_group_name,
            subnet_ids,
            backup_retention_period: int_or(
                get(i, "backup_retention_period"),
                if replica.is_some() { 0 } else { 1 },
            ),
            deletion_protection: bool_or(get(i, "deletion_protection"), false),
            multi_az: bool_or(get(i, "multi_az"), false),
            iam_database_authentication_enabled: bool_or(
                get(i, "iam_database_authentication_enabled"),
                false,
            ),
            auto_minor_version_upgrade: bool_or(get(i, "auto_minor_version_upgrade"), true),
            master_username,
            enabled_cloudwatch_logs_exports: list_value(get(i, "enabled_cloudwatch_logs_exports")),
            monitoring_interval: int_or(get(i, "monitoring_interval"), 0),
            copy_tags_to_snapshot: bool_or(get(i, "copy_tags_to_snapshot"), false),
            db_parameter_group_name: opt_str(get(i, "parameter_group_name")),
            read_replica_source: replica,
        };
        let mut r = resource(i, name, Attributes::RdsDbInstance(db));
        locate_all(
            &mut r,
            i,
            &[
                ("storage_encrypted", "storage_encrypted"),
                ("publicly_accessible", "publicly_accessible"),
                ("subnet_ids", "db_subnet_group_name"),
                ("backup_retention_period", "backup_retention_period"),
                ("deletion_protection", "deletion_protection"),
                ("multi_az", "multi_az"),
                (
                    "iam_database_authentication_enabled",
                    "iam_database_authentication_enabled",
                ),
                ("auto_minor_version_upgrade", "auto_minor_version_upgrade"),
                ("master_username", "username"),
                (
                    "enabled_cloudwatch_logs_exports",
                    "enabled_cloudwatch_logs_exports",
                ),
                ("monitoring_interval", "monitoring_interval"),
                ("copy_tags_to_snapshot", "copy_tags_to_snapshot"),
                ("db_parameter_group_name", "parameter_group_name"),
            ],
        );
        out.push(r);
    }
}

/// What cluster members need of their cluster.
struct ClusterFacts {
    /// Subnet group name argument of the cluster.
    subnet_group: Option<Val>,
    /// Storage encryption, for cluster snapshots.
    encrypted: Value<bool>,
}

fn cluster_setting() -> String {
    "a setting of the DB cluster".to_string()
}

fn cluster_instances(
    idx: &Index<'_>,
    groups: &BTreeMap<String, Value<Vec<String>>>,
    clusters: &BTreeMap<String, ClusterFacts>,
    out: &mut Vec<Resource>,
) {
    for &i in idx.of("aws_rds_cluster_instance") {
        let name = name_of(i, "identifier");
        let cluster = known_str(get(i, "cluster_identifier"))
            .unwrap_or_else(|| format!("named by {}.cluster_identifier", i.address));
        let group = get(i, "db_subnet_group_name")
            .cloned()
            .or_else(|| clusters.get(&cluster).and_then(|c| c.subnet_group.clone()));
        let (db_subnet_group_name, subnet_ids) = subnets_of(i, group.as_ref(), groups);
        let db = DbInstance {
            db_instance_identifier: name.clone(),
            engine: str_value(get(i, "engine"), "engine", i),
            engine_version: opt_str(get(i, "engine_version")),
            db_cluster_identifier: Some(cluster),
            storage_encrypted: Value::Unknown(cluster_setting()),
            publicly_accessible: bool_or(get(i, "publicly_accessible"), false),
            db_subnet_group_name,
            subnet_ids,
            backup_retention_period: Value::Unknown(cluster_setting()),
            deletion_protection: Value::Unknown(cluster_setting()),
            multi_az: Value::Unknown(cluster_setting()),
            iam_database_authentication_enabled: Value::Unknown(cluster_setting()),
            auto_minor_version_upgrade: bool_or(get(i, "auto_minor_version_upgrade"), true),
            master_username: Value::Unknown(cluster_setting()),
            enabled_cloudwatch_logs_exports: Value::Unknown(cluster_setting()),
            monitoring_interval: int_or(get(i, "monitoring_interval"), 0),
            copy_tags_to_snapshot: Value::Unknown(cluster_setting()),
            db_parameter_group_name: opt_str(get(i, "db_parameter_group_name")),
            read_replica_source: None,
        };
        let mut r = resource(i, name, Attributes::RdsDbInstance(db));
        locate_all(
            &mut r,
            i,
            &[
                ("publicly_accessible", "publicly_accessible"),
                ("subnet_ids", "db_subnet_group_name"),
                ("auto_minor_version_upgrade", "auto_minor_version_upgrade"),
                ("monitoring_interval", "monitoring_interval"),
                ("db_parameter_group_name", "db_parameter_group_name"),
            ],
        );
        out.push(r);
    }
}

/// Whether an Aurora cluster's instances in this code span zones: two or more, not all pinned
/// to one Availability Zone.
fn aurora_multi_az(name: &str, members: &[&Instance]) -> Value<bool> {
    match members.len() {
        0 => Value::unknown(format!(
            "no aws_rds_cluster_instance of cluster {name} is in the scanned code"
        )),
        1 => Value::Known(false),
        _ => {
            let zones: Vec<Option<String>> = members
                .iter()
                .map(|m| known_str(get(m, "availability_zone")))
                .collect();
            let pinned_to_one =
                zones.iter().all(Option::is_some) && zones.windows(2).all(|w| w[0] == w[1]);
            Value::Known(!pinned_to_one)
        }
    }
}

fn clusters(idx: &Index<'_>, out: &mut Vec<Resource>) -> BTreeMap<String, ClusterFacts> {
    let mut facts = BTreeMap::new();
    for &i in idx.of("aws_rds_cluster") {
        let name = name_of(i, "cluster_identifier");
        let snapshot = known_str(get(i, "snapshot_identifier"));
        let secondary = get(i, "replication_source_identifier").is_some()
            || get(i, "global_cluster_identifier").is_some();
        let engine = str_value(get(i, "engine"), "engine", i);
        let serverless = known_str(get(i, "engine_mode")).as_deref() == Some("serverless");
        let storage_encrypted = match (get(i, "storage_encrypted"), &snapshot) {
            (None, Some(s)) => Value::unknown(format!(
                "storage_encrypted is not set: it is inherited from the snapshot {s}"
            )),
            (v, _) => bool_or(v, serverless),
        };
        let master_username = match (get(i, "master_username"), &snapshot) {
            (Some(v), _) => opt_str(Some(v)),
            (None, _) if secondary => Value::Known(None),
            (None, Some(s)) => Value::unknown(format!(
                "the master user comes from the snapshot {s}, which the code does not show"
            )),
            (None, None) => Value::unknown(format!("{} sets no master_username", i.address)),
        };
        let members: Vec<&Instance> = idx
            .of("aws_rds_cluster_instance")
            .iter()
            .copied()
            .filter(|m| known_str(get(m, "cluster_identifier")).as_deref() == Some(name.as_str()))
            .collect();
        let multi_az = match engine.known().map(|e| e.starts_with("aurora")) {
            None => Value::Unknown(engine.unknown_reason().unwrap_or_default().to_string()),
            Some(true) => aurora_multi_az(&name, &members),
            // A Multi-AZ DB cluster (RDS for MySQL/PostgreSQL) always has three instances in
            // three zones.
            Some(false) => Value::Known(get(i, "db_cluster_instance_class").is_some()),
        };
        facts.insert(
            name.clone(),
            ClusterFacts {
                subnet_group: get(i, "db_subnet_group_name").cloned(),
                encrypted: storage_encrypted.clone(),
            },
        );
        let cluster = DbCluster {
            db_cluster_identifier: name.clone(),
            engine,
            engine_version: opt_str(get(i, "engine_version")),
            storage_encrypted,
            backup_retention_period: int_or(get(i, "backup_retention_period"), 1),
            deletion_protection: bool_or(get(i, "deletion_protection"), false),
            multi_az,
            iam_database_authentication_enabled: bool_or(
                get(i, "iam_database_authentication_enabled"),
                false,
            ),
            master_username,
            enabled_cloudwatch_logs_exports: list_value(get(i, "enabled_cloudwatch_logs_exports")),
            copy_tags_to_snapshot: bool_or(get(i, "copy_tags_to_snapshot"), false),
            db_cluster_parameter_group_name: opt_str(get(i, "db_cluster_parameter_group_name")),
            members: Value::Known(members.iter().map(|m| name_of(m, "identifier")).collect()),
        };
        let mut r = resource(i, name, Attributes::RdsDbCluster(cluster));
        locate_all(
            &mut r,
            i,
            &[
                ("storage_encrypted", "storage_encrypted"),
                ("backup_retention_period", "backup_retention_period"),
                ("deletion_protection", "deletion_protection"),
                (
                    "iam_database_authentication_enabled",
                    "iam_database_authentication_enabled",
                ),
                ("master_username", "master_username"),
                (
                    "enabled_cloudwatch_logs_exports",
                    "enabled_cloudwatch_logs_exports",
                ),
                ("copy_tags_to_snapshot", "copy_tags_to_snapshot"),
                (
                    "db_cluster_parameter_group_name",
                    "db_cluster_parameter_group_name",
                ),
            ],
        );
        out.push(r);
    }
    facts
}

/// The encryption of a snapshot's source, looked up by its identifier argument.
fn source_encryption<'a>(
    i: &Instance,
    key: &str,
    what: &str,
    known: impl Fn(&str) -> Option<&'a Value<bool>>,
) -> Value<bool> {
    match get(i, key).map(Val::to_string_val) {
        None => Value::unknown(format!("{} sets no {key}", i.address)),
        Some(Err(e)) => Value::Unknown(reason(&e)),
        Some(Ok(name)) => known(&name).cloned().unwrap_or_else(|| {
            Value::unknown(format!(
                "the snapshot's {what} {name} is not declared in the scanned code"
            ))
        }),
    }
}

fn snapshots(
    idx: &Index<'_>,
    instances: &Encryption,
    clusters: &BTreeMap<String, ClusterFacts>,
    out: &mut Vec<Resource>,
) {
    for &i in idx.of("aws_db_snapshot") {
        let name = name_of(i, "db_snapshot_identifier");
        let snapshot = DbSnapshot {
            db_snapshot_identifier: name.clone(),
            db_instance_identifier: known_str(get(i, "db_instance_identifier")).unwrap_or_default(),
            snapshot_type: "manual".into(),
            encrypted: source_encryption(i, "db_instance_identifier", "instance", |n| {
                instances.get(n)
            }),
            restore_attribute_values: list_value(get(i, "shared_accounts")),
        };
        let mut r = resource(i, name, Attributes::RdsDbSnapshot(snapshot));
        locate(&mut r, "restore_attribute_values", i, "shared_accounts");
        out.push(r);
    }
    for &i in idx.of("aws_db_cluster_snapshot") {
        let name = name_of(i, "db_cluster_snapshot_identifier");
        let snapshot = DbClusterSnapshot {
            db_cluster_snapshot_identifier: name.clone(),
            db_cluster_identifier: known_str(get(i, "db_cluster_identifier")).unwrap_or_default(),
            snapshot_type: "manual".into(),
            storage_encrypted: source_encryption(i, "db_cluster_identifier", "cluster", |n| {
                clusters.get(n).map(|c| &c.encrypted)
            }),
            restore_attribute_values: list_value(get(i, "shared_accounts")),
        };
        let mut r = resource(i, name, Attributes::RdsDbClusterSnapshot(snapshot));
        locate(&mut r, "restore_attribute_values", i, "shared_accounts");
        out.push(r);
    }
}

/// The TLS parameters set by `parameter` blocks.
fn tls_parameters(i: &Instance) -> Value<BTreeMap<String, String>> {
    let list = match blocks(get(i, "parameter")) {
        Ok(l) => l,
        Err(e) => return Value::Unknown(e),
    };
    let mut out = BTreeMap::new();
    for p in list {
        let name = match field(p, "name").map(Val::to_string_val) {
            Some(Ok(n)) => n,
            Some(Err(e)) => return Value::Unknown(reason(&e)),
            None => continue,
        };
        if !TLS_PARAMETERS.contains(&name.as_str()) {
            continue;
        }
        match field(p, "value").map(Val::to_string_val) {
            Some(Ok(v)) => {
                out.insert(name, v);
            }
            Some(Err(e)) => return Value::Unknown(reason(&e)),
            None => {}
        }
    }
    Value::Known(out)
}

fn parameter_groups(idx: &Index<'_>, out: &mut Vec<Resource>) {
    for &i in idx.of("aws_db_parameter_group") {
        let name = name_of(i, "name");
        let mut r = resource(
            i,
            name.clone(),
            Attributes::RdsDbParameterGroup(DbParameterGroup {
                db_parameter_group_name: name,
                parameters: tls_parameters(i),
            }),
        );
        locate(&mut r, "parameters", i, "parameter[0]");
        out.push(r);
    }
    for &i in idx.of("aws_rds_cluster_parameter_group") {
        let name = name_of(i, "name");
        let mut r = resource(
            i,
            name.clone(),
            Attributes::RdsDbClusterParameterGroup(DbClusterParameterGroup {
                db_cluster_parameter_group_name: name,
                parameters: tls_parameters(i),
            }),
        );
        locate(&mut r, "parameters", i, "parameter[0]");
        out.push(r);
    }
}

fn subscription(i: &Instance) -> Result<EventSubscription, String> {
    let source_type = match get(i, "source_type") {
        None => None,
        Some(v) => Some(v.to_string_val().map_err(|e| reason(&e))?),
    };
    Ok(EventSubscription {
        cust_subscription_id: name_of(i, "name"),
        source_type,
        source_ids: str_list(get(i, "source_ids"))?,
        event_categories: str_list(get(i, "event_categories"))?,
        enabled: bool_or(get(i, "enabled"), true).into_result()?,
        sns_topic_arn: known_str(get(i, "sns_topic")).unwrap_or_default(),
    })
}

/// One `RdsEventSubscriptions` per provider region that declares subscriptions.
fn event_subscriptions(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut by_region: BTreeMap<String, Vec<&Instance>> = BTreeMap::new();
    for &i in idx.of("aws_db_event_subscription") {
        let region = match &i.region {
            Val::String(r) => r.clone(),
            _ => String::new(),
        };
        by_region.entry(region).or_default().push(i);
    }
    for list in by_region.values() {
        let mut subscriptions = Vec::new();
        let mut unknown = None;
        for &i in list {
            match subscription(i) {
                Ok(s) => subscriptions.push(s),
                Err(e) => unknown = unknown.or(Some(format!("{}: {e}", i.address))),
            }
        }
        subscriptions.sort_by(|a, b| a.cust_subscription_id.cmp(&b.cust_subscription_id));
        let first = list[0];
        let mut r = regional(
            first,
            Attributes::RdsEventSubscriptions(RegionEventSubscriptions {
                subscriptions: match unknown {
                    Some(e) => Value::Unknown(e),
                    None => Value::Known(subscriptions),
                },
            }),
        );
        r.tags.clear();
        locate(&mut r, "subscriptions", first, "event_categories");
        out.push(r);
    }
}
