//! `AWS::Redshift::Cluster`, with the `AWS::Redshift::ClusterParameterGroup` it names (for
//! `require_ssl`). Defaults: not publicly accessible (the API's default), no enhanced VPC
//! routing, `AutomatedSnapshotRetentionPeriod` 1, no `LoggingProperties` is no audit logging,
//! no parameter group is `default.redshift-1.0` (`require_ssl` false). An unset `Encrypted`
//! is Unknown: AWS changed whether new clusters are encrypted by default (2025).

use cloudward_model::redshift::Cluster;
use cloudward_model::{Attributes, Value};

use super::dynamodb::flag;
use super::eval::{Val, V};
use super::{known, locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let clusters: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Redshift::Cluster")
        .collect();
    for i in clusters {
        let decl = &t.decls[i];
        let p = &decl.props;
        let name = decl.name_or_logical_id("ClusterIdentifier");
        let require_ssl = match p.get("ClusterParameterGroupName") {
            None => Value::Known(false),
            Some(v) => match &v.v {
                V::Str(s) if s.starts_with("default.") => Value::Known(false),
                _ => match t.target(v).and_then(|id| t.decl(&id)) {
                    Some(g) if g.resource_type == "AWS::Redshift::ClusterParameterGroup" => {
                        group_require_ssl(&g.props)
                    }
                    _ => Value::unknown(format!(
                        "ClusterParameterGroupName: {}",
                        v.unknown_reason()
                            .unwrap_or_else(|| "the group is not declared in this template".into())
                    )),
                },
            },
        };
        let cluster = Cluster {
            cluster_identifier: name.clone(),
            arn: String::new(),
            encrypted: match p.get("Encrypted") {
                None => Value::unknown(
                    "Encrypted is not set; whether AWS encrypts a new cluster by default changed in 2025",
                ),
                Some(_) => flag(p, "Encrypted", false),
            },
            publicly_accessible: flag(p, "PubliclyAccessible", false),
            enhanced_vpc_routing: flag(p, "EnhancedVpcRouting", false),
            master_username: match p.get("MasterUsername") {
                None => Value::unknown("MasterUsername is not set"),
                Some(v) => known(v.string().map_err(|r| format!("MasterUsername: {r}"))),
            },
            automated_snapshot_retention_period: match p.get("AutomatedSnapshotRetentionPeriod") {
                None => Value::Known(1),
                Some(v) => known(
                    v.integer()
                        .map(|n| n as i32)
                        .map_err(|r| format!("AutomatedSnapshotRetentionPeriod: {r}")),
                ),
            },
            logging_enabled: Value::Known(p.get("LoggingProperties").is_some()),
            cluster_parameter_group_names: p
                .get("ClusterParameterGroupName")
                .and_then(|v| v.id().ok())
                .into_iter()
                .collect(),
            require_ssl,
        };
        let locs = locations(
            t,
            [
                ("encrypted", "Encrypted"),
                ("publicly_accessible", "PubliclyAccessible"),
                ("enhanced_vpc_routing", "EnhancedVpcRouting"),
                ("master_username", "MasterUsername"),
                (
                    "automated_snapshot_retention_period",
                    "AutomatedSnapshotRetentionPeriod",
                ),
                ("logging_enabled", "LoggingProperties"),
                ("require_ssl", "ClusterParameterGroupName"),
            ]
            .map(|(k, cfn)| (k.to_string(), p.key_pos(cfn))),
        );
        t.push(i, name, Attributes::RedshiftCluster(cluster), locs);
    }
}

/// `Parameters: [{ParameterName: require_ssl, ParameterValue: "true"}]`; absent is false.
fn group_require_ssl(p: &Val) -> Value<bool> {
    let Some(params) = p.get("Parameters") else {
        return Value::Known(false);
    };
    let items = match params.list() {
        Ok(items) => items,
        Err(r) => return Value::unknown(format!("Parameters: {r}")),
    };
    for item in items {
        if item
            .get("ParameterName")
            .and_then(|n| n.string().ok())
            .as_deref()
            == Some("require_ssl")
        {
            return match item.get("ParameterValue").map(Val::string) {
                Some(Ok(v)) => Value::Known(v.eq_ignore_ascii_case("true")),
                Some(Err(r)) => Value::unknown(format!("require_ssl: {r}")),
                None => Value::Known(false),
            };
        }
    }
    Value::Known(false)
}
