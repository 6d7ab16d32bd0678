//! Redshift: `aws_redshift_cluster`, joined with `aws_redshift_logging` (by cluster
//! identifier or address) and with the `aws_redshift_parameter_group` it names (for
//! `require_ssl`). Defaults: `enhanced_vpc_routing` false, `automated_snapshot_retention_period`
//! 1, no logging, no parameter group is `default.redshift-1.0` (`require_ssl` false). `encrypted`
//! and `publicly_accessible` changed defaults in AWS provider v6.0 (encrypted on, not public),
//! so when unset they are Unknown rather than guessed.

use std::collections::HashMap;

use cloudward_model::redshift::Cluster;
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, locate, opt_int, parent, reason, resource,
    Index, Parent,
};
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    // Parameter groups by name and by address: require_ssl.
    let mut groups: HashMap<String, Value<bool>> = HashMap::new();
    for &g in idx.of("aws_redshift_parameter_group") {
        let ssl = match blocks(get(g, "parameter")) {
            Err(e) => Value::Unknown(e),
            Ok(params) => params
                .iter()
                .find(|p| known_str(field(p, "name")).as_deref() == Some("require_ssl"))
                .map_or(Value::Known(false), |p| {
                    match field(p, "value").map(Val::to_string_val) {
                        Some(Ok(v)) => Value::Known(v.eq_ignore_ascii_case("true")),
                        Some(Err(e)) => Value::Unknown(reason(&e)),
                        None => Value::Known(false),
                    }
                }),
        };
        let ssl = match doubt_of(g) {
            Some(why) => Value::Unknown(why),
            None => ssl,
        };
        if let Some(name) = known_str(get(g, "name")) {
            groups.insert(name, ssl.clone());
        }
        groups.insert(g.address.clone(), ssl);
    }
    let mut clusters: Vec<Resource> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for &i in idx.of("aws_redshift_cluster") {
        let id = super::name_or_address(i, "cluster_identifier");
        let unset = |key: &str| {
            Value::unknown(format!(
                "{key} is not set, and its default changed in AWS provider v6.0"
            ))
        };
        let logging_enabled = match blocks(get(i, "logging")) {
            Ok(list) => match list.first() {
                Some(b) => bool_or(field(b, "enable"), false),
                None => Value::Known(false),
            },
            Err(e) => Value::Unknown(e),
        };
        let require_ssl = match get(i, "cluster_parameter_group_name").map(Val::to_string_val) {
            None => Value::Known(false),
            Some(Ok(name)) if name.starts_with("default.") => Value::Known(false),
            Some(Ok(name)) => groups.get(&name).cloned().unwrap_or_else(|| {
                Value::unknown(format!(
                    "parameter group {name} is not declared in this code"
                ))
            }),
            Some(Err(e)) => Value::Unknown(reason(&e)),
        };
        let cluster = Cluster {
            cluster_identifier: id.clone(),
            arn: format!("{}.arn", i.address),
            encrypted: match get(i, "encrypted") {
                None => unset("encrypted"),
                v => bool_or(v, false),
            },
            publicly_accessible: match get(i, "publicly_accessible") {
                None => unset("publicly_accessible"),
                v => bool_or(v, false),
            },
            enhanced_vpc_routing: bool_or(get(i, "enhanced_vpc_routing"), false),
            master_username: match get(i, "master_username").map(Val::to_string_val) {
                Some(Ok(u)) => Value::Known(u),
                Some(Err(e)) => Value::Unknown(reason(&e)),
                None => Value::unknown("master_username is not set (a cluster restored from a snapshot keeps the snapshot's)"),
            },
            automated_snapshot_retention_period: opt_int(get(
                i,
                "automated_snapshot_retention_period",
            ))
            .map(|d| d.unwrap_or(1) as i32),
            logging_enabled,
            cluster_parameter_group_names: known_str(get(i, "cluster_parameter_group_name"))
                .into_iter()
                .collect(),
            require_ssl,
        };
        let mut r = resource(i, id.clone(), Attributes::RedshiftCluster(cluster));
        for (model, tf) in [
            ("encrypted", "encrypted"),
            ("publicly_accessible", "publicly_accessible"),
            ("enhanced_vpc_routing", "enhanced_vpc_routing"),
            ("master_username", "master_username"),
            (
                "automated_snapshot_retention_period",
                "automated_snapshot_retention_period",
            ),
            ("logging_enabled", "logging[0]"),
            ("require_ssl", "cluster_parameter_group_name"),
        ] {
            if i.locs.contains_key(tf) {
                locate(&mut r, model, i, tf);
            }
        }
        by_key.insert(id, clusters.len());
        by_key.insert(i.address.clone(), clusters.len());
        clusters.push(r);
    }
    let mut doubt: Option<String> = None;
    let mut joined = vec![false; clusters.len()];
    for &l in idx.of("aws_redshift_logging") {
        match parent(l, "cluster_identifier") {
            Parent::Known(key) => {
                if let Some(&n) = by_key.get(&key) {
                    let enabled = match doubt_of(l) {
                        Some(why) => Value::Unknown(why),
                        None => Value::Known(true),
                    };
                    if let Attributes::RedshiftCluster(c) = &mut clusters[n].attributes {
                        c.logging_enabled = enabled;
                    }
                    clusters[n]
                        .attribute_locations
                        .insert("logging_enabled".into(), l.location.clone());
                    joined[n] = true;
                }
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    if let Some(why) = doubt {
        for (n, r) in clusters.iter_mut().enumerate() {
            if let (false, Attributes::RedshiftCluster(c)) = (joined[n], &mut r.attributes) {
                if c.logging_enabled == Value::Known(false) {
                    c.logging_enabled = Value::Unknown(why.clone());
                }
            }
        }
    }
    out.append(&mut clusters);
}
