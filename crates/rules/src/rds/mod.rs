//! RDS rules: DB instances, DB clusters, snapshots, the TLS parameters of the parameter groups
//! in use, and event subscriptions.
//!
//! Shared judgements live here: which engine family an engine name belongs to, which settings
//! of a cluster member are the cluster's (the instance rule is then NotApplicable and names the
//! cluster rule), default master user names, the log types each engine should export, whether a
//! parameter group enforces TLS, and who a snapshot is shared with.

mod rds_cluster_backup_retention_sufficient;
mod rds_cluster_copy_tags_to_snapshots;
mod rds_cluster_custom_master_username;
mod rds_cluster_deletion_protection_enabled;
mod rds_cluster_iam_authentication_enabled;
mod rds_cluster_logs_exported;
mod rds_cluster_multi_az_for_production;
mod rds_cluster_snapshot_encrypted;
mod rds_cluster_snapshot_not_public;
mod rds_cluster_snapshot_shared_only_with_trusted_accounts;
mod rds_cluster_storage_encrypted;
mod rds_cluster_tls_enforced;
mod rds_event_subscription_cluster_critical_events;
mod rds_event_subscription_instance_critical_events;
mod rds_event_subscription_parameter_group_events;
mod rds_event_subscription_security_group_events;
mod rds_instance_auto_minor_version_upgrade_enabled;
mod rds_instance_backup_retention_sufficient;
mod rds_instance_copy_tags_to_snapshots;
mod rds_instance_custom_master_username;
mod rds_instance_deletion_protection_enabled;
mod rds_instance_enhanced_monitoring_enabled;
mod rds_instance_iam_authentication_enabled;
mod rds_instance_logs_exported;
mod rds_instance_multi_az_for_production;
mod rds_instance_not_in_public_subnet;
mod rds_instance_not_publicly_accessible;
mod rds_instance_storage_encrypted;
mod rds_instance_tls_enforced;
mod rds_snapshot_encrypted;
mod rds_snapshot_not_public;
mod rds_snapshot_shared_only_with_trusted_accounts;

use std::collections::BTreeMap;

use cloudward_model::rds::{DbInstance, EventSubscription, RegionEventSubscriptions};
use cloudward_model::{Evidence, Inventory, Outcome, Resource, ResourceKind, Value};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &rds_instance_storage_encrypted::RdsInstanceStorageEncrypted,
    &rds_instance_not_publicly_accessible::RdsInstanceNotPubliclyAccessible,
    &rds_instance_not_in_public_subnet::RdsInstanceNotInPublicSubnet,
    &rds_instance_backup_retention_sufficient::RdsInstanceBackupRetentionSufficient,
    &rds_instance_deletion_protection_enabled::RdsInstanceDeletionProtectionEnabled,
    &rds_instance_multi_az_for_production::RdsInstanceMultiAzForProduction,
    &rds_instance_iam_authentication_enabled::RdsInstanceIamAuthenticationEnabled,
    &rds_instance_auto_minor_version_upgrade_enabled::RdsInstanceAutoMinorVersionUpgradeEnabled,
    &rds_instance_custom_master_username::RdsInstanceCustomMasterUsername,
    &rds_instance_logs_exported::RdsInstanceLogsExported,
    &rds_instance_enhanced_monitoring_enabled::RdsInstanceEnhancedMonitoringEnabled,
    &rds_instance_copy_tags_to_snapshots::RdsInstanceCopyTagsToSnapshots,
    &rds_instance_tls_enforced::RdsInstanceTlsEnforced,
    &rds_cluster_storage_encrypted::RdsClusterStorageEncrypted,
    &rds_cluster_deletion_protection_enabled::RdsClusterDeletionProtectionEnabled,
    &rds_cluster_backup_retention_sufficient::RdsClusterBackupRetentionSufficient,
    &rds_cluster_iam_authentication_enabled::RdsClusterIamAuthenticationEnabled,
    &rds_cluster_logs_exported::RdsClusterLogsExported,
    &rds_cluster_custom_master_username::RdsClusterCustomMasterUsername,
    &rds_cluster_multi_az_for_production::RdsClusterMultiAzForProduction,
    &rds_cluster_copy_tags_to_snapshots::RdsClusterCopyTagsToSnapshots,
    &rds_cluster_tls_enforced::RdsClusterTlsEnforced,
    &rds_snapshot_not_public::RdsSnapshotNotPublic,
    &rds_cluster_snapshot_not_public::RdsClusterSnapshotNotPublic,
    &rds_snapshot_encrypted::RdsSnapshotEncrypted,
    &rds_cluster_snapshot_encrypted::RdsClusterSnapshotEncrypted,
    &rds_snapshot_shared_only_with_trusted_accounts::RdsSnapshotSharedOnlyWithTrustedAccounts,
    &rds_cluster_snapshot_shared_only_with_trusted_accounts::RdsClusterSnapshotSharedOnlyWithTrustedAccounts,
    &rds_event_subscription_instance_critical_events::RdsEventSubscriptionInstanceCriticalEvents,
    &rds_event_subscription_cluster_critical_events::RdsEventSubscriptionClusterCriticalEvents,
    &rds_event_subscription_parameter_group_events::RdsEventSubscriptionParameterGroupEvents,
    &rds_event_subscription_security_group_events::RdsEventSubscriptionSecurityGroupEvents,
];

/// The engine families rules tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// RDS for PostgreSQL (`postgres`).
    Postgres,
    /// RDS for MySQL (`mysql`).
    MySql,
    /// RDS for MariaDB (`mariadb`).
    MariaDb,
    /// RDS for SQL Server (`sqlserver-ee`, `-se`, `-ex`, `-web`, `custom-sqlserver-*`).
    SqlServer,
    /// RDS for Oracle (`oracle-*`, `custom-oracle-*`).
    Oracle,
    /// RDS for Db2 (`db2-se`, `db2-ae`).
    Db2,
    /// Aurora PostgreSQL (`aurora-postgresql`).
    AuroraPostgres,
    /// Aurora MySQL (`aurora-mysql`, and the retired `aurora`).
    AuroraMySql,
    /// Anything else.
    Other,
}

impl Family {
    /// The family of an engine name.
    pub(crate) fn of(engine: &str) -> Family {
        let e = engine.to_ascii_lowercase();
        match e.as_str() {
            "postgres" => Family::Postgres,
            "mysql" => Family::MySql,
            "mariadb" => Family::MariaDb,
            "aurora-postgresql" => Family::AuroraPostgres,
            "aurora-mysql" | "aurora" => Family::AuroraMySql,
            _ if e.starts_with("sqlserver") || e.starts_with("custom-sqlserver") => {
                Family::SqlServer
            }
            _ if e.starts_with("oracle") || e.starts_with("custom-oracle") => Family::Oracle,
            _ if e.starts_with("db2") => Family::Db2,
            _ => Family::Other,
        }
    }

    /// Whether the engine supports IAM database authentication.
    pub(crate) fn supports_iam_auth(self) -> bool {
        matches!(
            self,
            Family::Postgres
                | Family::MySql
                | Family::MariaDb
                | Family::AuroraPostgres
                | Family::AuroraMySql
        )
    }
}

/// A cluster member's setting that belongs to its cluster: NotApplicable on the instance,
/// naming the cluster and the rule that judges it there. `None` for a stand-alone instance.
pub(crate) fn cluster_setting(db: &DbInstance, what: &str, cluster_rule: &str) -> Option<Outcome> {
    db.db_cluster_identifier.as_ref().map(|cluster| {
        Outcome::not_applicable(format!(
            "{what} is a setting of DB cluster {cluster}, judged by {cluster_rule}"
        ))
    })
}

/// Master user names that are engine or console defaults, and so the first an attacker tries.
pub(crate) const DEFAULT_MASTER_USERNAMES: &[&str] = &[
    "admin",
    "administrator",
    "root",
    "master",
    "postgres",
    "sa",
    "mysql",
    "dbadmin",
    "awsuser",
];

/// Judge a master user name (`None`: the resource has none of its own).
pub(crate) fn judge_master_username(username: &Value<Option<String>>) -> Outcome {
    match username.get() {
        Err(reason) => Outcome::unknown(reason),
        Ok(None) => Outcome::not_applicable(
            "no master user of its own (a replica or secondary): its source is judged",
        ),
        Ok(Some(name)) => {
            if DEFAULT_MASTER_USERNAMES
                .iter()
                .any(|d| d.eq_ignore_ascii_case(name))
            {
                Outcome::Fail(Evidence::at(
                    "master_username",
                    format!("the master user name is {name:?}, a well-known default"),
                ))
            } else {
                Outcome::Pass(Evidence::at(
                    "master_username",
                    format!("the master user name {name:?} is not a default"),
                ))
            }
        }
    }
}

/// Judge a backup retention period against `settings.thresholds.backup_retention_days`.
pub(crate) fn judge_backup_retention(days: &Value<i32>, inventory: &Inventory) -> Outcome {
    let minimum = inventory.settings.thresholds.backup_retention_days;
    match days.get() {
        Err(reason) => Outcome::unknown(reason),
        Ok(&d) if d <= 0 => Outcome::Fail(Evidence::at(
            "backup_retention_period",
            "automated backups are off (retention 0 days)",
        )),
        Ok(&d) if (d as u32) < minimum => Outcome::Fail(Evidence::at(
            "backup_retention_period",
            format!(
                "automated backups are kept {d} day{}, fewer than the required {minimum}",
                if d == 1 { "" } else { "s" }
            ),
        )),
        Ok(&d) => Outcome::Pass(Evidence::at(
            "backup_retention_period",
            format!("automated backups are kept {d} days (at least {minimum})"),
        )),
    }
}

/// Judge the log types exported against the `required` ones.
pub(crate) fn judge_logs(exported: &Value<Vec<String>>, required: &[&str]) -> Outcome {
    match exported.get() {
        Err(reason) => Outcome::unknown(reason),
        Ok(list) => {
            let missing: Vec<&str> = required
                .iter()
                .copied()
                .filter(|r| !list.iter().any(|l| l.eq_ignore_ascii_case(r)))
                .collect();
            if missing.is_empty() {
                Outcome::Pass(Evidence::at(
                    "enabled_cloudwatch_logs_exports",
                    format!("exports {} to CloudWatch Logs", required.join(", ")),
                ))
            } else {
                Outcome::Fail(Evidence::at(
                    "enabled_cloudwatch_logs_exports",
                    format!(
                        "does not export {} to CloudWatch Logs (exported: {})",
                        missing.join(", "),
                        if list.is_empty() {
                            "none".to_string()
                        } else {
                            list.join(", ")
                        }
                    ),
                ))
            }
        }
    }
}

/// The major version of an engine version string (`"15.4"` → 15, `"8.0.35"` → 8).
fn major(version: &str) -> Option<u32> {
    version.split('.').next()?.trim().parse().ok()
}

/// `(major, minor)` of a version string (`"11.4.3"` → (11, 4)).
fn major_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts
        .next()
        .and_then(|m| m.trim().parse().ok())
        .unwrap_or(0);
    Some((major, minor))
}

/// The TLS parameter an engine family enforces TLS with, and whether a value of it enforces.
fn tls_parameter(family: Family) -> Option<&'static str> {
    match family {
        Family::Postgres | Family::SqlServer | Family::AuroraPostgres => Some("rds.force_ssl"),
        Family::MySql | Family::MariaDb | Family::AuroraMySql => Some("require_secure_transport"),
        _ => None,
    }
}

fn enforces(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "on" | "true"
    )
}

/// AWS's default for the TLS parameter of an engine version, when it is documented:
/// `rds.force_ssl` is 1 from RDS for PostgreSQL 15, `require_secure_transport` ON from RDS for
/// MySQL 9.7 and MariaDB 11.8; SQL Server defaults to 0. `Err` when the version is not known or
/// the default is not documented (Aurora).
fn default_enforces(family: Family, version: Option<&str>) -> Result<bool, String> {
    if family == Family::SqlServer {
        return Ok(false);
    }
    let Some(version) = version else {
        return Err(
            "the engine version is not set, and the default of its TLS parameter \
                    depends on the version AWS picks"
                .into(),
        );
    };
    let unparsed = || format!("engine version {version:?} is not a version number");
    match family {
        Family::Postgres => major(version).map(|m| m >= 15).ok_or_else(unparsed),
        Family::MySql => major_minor(version)
            .map(|v| v >= (9, 7))
            .ok_or_else(unparsed),
        Family::MariaDb => major_minor(version)
            .map(|v| v >= (11, 8))
            .ok_or_else(unparsed),
        _ => Err(format!(
            "the default of the TLS parameter for this engine ({family:?}) is not documented \
             per version; set it in a custom parameter group"
        )),
    }
}

/// What a rule needs to judge TLS enforcement through a parameter group.
pub(crate) struct TlsSubject<'a> {
    /// Engine name.
    pub engine: &'a Value<String>,
    /// Engine version.
    pub engine_version: &'a Value<Option<String>>,
    /// The group's name (`None`: the engine's default group, in code).
    pub group: &'a Value<Option<String>>,
    /// The kind of the group.
    pub group_kind: ResourceKind,
    /// The attribute naming the group, for evidence.
    pub attribute: &'static str,
}

/// Whether the group (looked up in the resource's region) enforces TLS for the engine.
pub(crate) fn judge_tls(s: &TlsSubject<'_>, resource: &Resource, inventory: &Inventory) -> Outcome {
    let engine = match s.engine.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(e) => e,
    };
    let family = Family::of(engine);
    let Some(parameter) = tls_parameter(family) else {
        return Outcome::not_applicable(format!(
            "engine {engine} does not enforce TLS through a parameter group (Oracle uses the \
             SSL option of its option group)"
        ));
    };
    let group = match s.group.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(g) => g,
    };
    let version = match s.engine_version.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(v) => v.as_deref(),
    };
    let label = s.group_kind.label();
    let set = match group {
        None => None,
        Some(name) => match find_group(inventory, s.group_kind, name, resource) {
            Err(reason) => return Outcome::unknown(reason),
            Ok(parameters) => match parameters.get() {
                Err(reason) => return Outcome::unknown(reason),
                Ok(p) => p.get(parameter).cloned(),
            },
        },
    };
    let place = match group {
        Some(name) => format!("{label} {name}"),
        None => "the engine's default parameter group".to_string(),
    };
    match set {
        Some(value) if enforces(&value) => Outcome::Pass(Evidence::at(
            s.attribute,
            format!("{parameter} is {value} in {place}"),
        )),
        Some(value) => Outcome::Fail(Evidence::at(
            s.attribute,
            format!("{parameter} is {value} in {place}: connections without TLS are accepted"),
        )),
        None => match default_enforces(family, version) {
            Err(reason) => Outcome::unknown(format!(
                "{parameter} is not set in {place}, so it has AWS's default: {reason}"
            )),
            Ok(true) => Outcome::Pass(Evidence::at(
                s.attribute,
                format!(
                    "{parameter} is not set in {place}; its default for this version enforces TLS"
                ),
            )),
            Ok(false) => Outcome::Fail(Evidence::at(
                s.attribute,
                format!(
                    "{parameter} is not set in {place}, and its default accepts connections \
                     without TLS"
                ),
            )),
        },
    }
}

/// The TLS parameters of the group called `name` in the resource's region.
fn find_group<'i>(
    inventory: &'i Inventory,
    kind: ResourceKind,
    name: &str,
    resource: &Resource,
) -> Result<&'i Value<BTreeMap<String, String>>, String> {
    let region = resource.region.as_deref();
    let found = inventory
        .of_kind(kind)
        .filter(|r| r.name == name && r.region.as_deref() == region)
        .find_map(|r| match &r.attributes {
            cloudward_model::Attributes::RdsDbParameterGroup(g) => Some(&g.parameters),
            cloudward_model::Attributes::RdsDbClusterParameterGroup(g) => Some(&g.parameters),
            _ => None,
        });
    match found {
        Some(p) => Ok(p),
        None => Err(match inventory.errors_for_in(kind, region).next() {
            Some(err) => format!("{} {name} was not read: {}", kind.label(), err.reason()),
            None => format!("{} {name} is not in the inventory", kind.label()),
        }),
    }
}

/// Who a snapshot's `restore` attribute lets copy and restore it: public, or the accounts
/// outside the trusted list.
pub(crate) fn judge_public(values: &Value<Vec<String>>) -> Outcome {
    match values.get() {
        Err(reason) => Outcome::unknown(reason),
        Ok(v) if v.iter().any(|a| a == "all") => Outcome::Fail(Evidence::at(
            "restore_attribute_values",
            "the restore attribute includes all: any AWS account can copy and restore it",
        )),
        Ok(_) => Outcome::Pass(Evidence::at(
            "restore_attribute_values",
            "the snapshot is not public",
        )),
    }
}

/// Whether the accounts a snapshot is shared with are all trusted (a public snapshot is
/// judged by the not-public rule and not here).
pub(crate) fn judge_shared(values: &Value<Vec<String>>, inventory: &Inventory) -> Outcome {
    let own = inventory.account_id.as_deref();
    match values.get() {
        Err(reason) => Outcome::unknown(reason),
        Ok(v) => {
            let outside: Vec<&str> = v
                .iter()
                .map(String::as_str)
                .filter(|a| *a != "all" && !inventory.settings.is_trusted(a, own))
                .collect();
            if outside.is_empty() {
                Outcome::Pass(Evidence::at(
                    "restore_attribute_values",
                    if v.iter().any(|a| a != "all") {
                        "shared only with trusted accounts"
                    } else {
                        "not shared with other accounts"
                    },
                ))
            } else {
                Outcome::Fail(Evidence::at(
                    "restore_attribute_values",
                    format!(
                        "shared with accounts outside the trusted list: {}",
                        outside.join(", ")
                    ),
                ))
            }
        }
    }
}

/// What an event subscription rule requires: a source type, the categories that must be
/// notified, and which resources make the rule apply in the region (`None`: always).
pub(crate) struct EventRequirement {
    /// `SourceType`.
    pub source_type: &'static str,
    /// Categories that must all be covered.
    pub categories: &'static [&'static str],
    /// The kind whose presence in the region makes the requirement apply.
    pub applies_to: Option<ResourceKind>,
}

/// Judge a region's subscriptions: each category must be covered by an enabled subscription
/// for every source of the type (one that names source ids covers only those, which passes
/// only when they are every resource of that kind in the region).
pub(crate) fn judge_events(
    subs: &RegionEventSubscriptions,
    req: &EventRequirement,
    resource: &Resource,
    inventory: &Inventory,
) -> Outcome {
    let region = resource.region.as_deref();
    let mut sources: Option<Vec<&str>> = None;
    if let Some(kind) = req.applies_to {
        if let Some(err) = inventory.errors_for_in(kind, region).next() {
            return Outcome::unknown(format!(
                "whether the region has {} is not known: {}",
                kind.plural(),
                err.reason()
            ));
        }
        let names: Vec<&str> = inventory
            .of_kind(kind)
            .filter(|r| r.region.as_deref() == region)
            .map(|r| r.name.as_str())
            .collect();
        if names.is_empty() {
            return Outcome::not_applicable(format!("the region has no {}", kind.plural()));
        }
        sources = Some(names);
    }
    let list = match subs.subscriptions.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(l) => l,
    };
    let covering = |s: &EventSubscription, category: &str| {
        s.covers(req.source_type, category)
            && (s.source_ids.is_empty()
                || sources
                    .as_ref()
                    .is_some_and(|names| names.iter().all(|n| s.source_ids.iter().any(|i| i == n))))
    };
    let missing: Vec<&str> = req
        .categories
        .iter()
        .copied()
        .filter(|c| !list.iter().any(|s| covering(s, c)))
        .collect();
    if missing.is_empty() {
        Outcome::Pass(Evidence::at(
            "subscriptions",
            format!(
                "enabled subscriptions notify {} events of every {}",
                req.categories.join(", "),
                req.source_type
            ),
        ))
    } else {
        Outcome::Fail(Evidence::at(
            "subscriptions",
            format!(
                "no enabled subscription notifies {} events for every {} ({} subscriptions in \
                 the region)",
                missing.join(", "),
                req.source_type,
                list.len()
            ),
        ))
    }
}

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::rds::{DbCluster, DbInstance};
    use cloudward_model::{test_support, Attributes, Resource, Value};

    /// The verdict of an event-subscription rule on a region with `subscriptions`, holding
    /// `database` (or no database at all).
    pub(crate) fn judge_events(
        rule: &dyn crate::Rule,
        subscriptions: Value<Vec<cloudward_model::rds::EventSubscription>>,
        database: Option<Resource>,
    ) -> cloudward_model::Status {
        let region = test_support::resource(
            "us-east-1",
            Attributes::RdsEventSubscriptions(cloudward_model::rds::RegionEventSubscriptions {
                subscriptions,
            }),
        );
        let mut inventory = cloudward_model::Inventory::new();
        if let Some(database) = database {
            inventory.push(database);
        }
        crate::rule::testing::judge_in(rule, &region, &inventory)
    }

    /// An enabled subscription named `ops` to `source_type` events of `categories`.
    pub(crate) fn subscription(
        source_type: &str,
        categories: &[&str],
    ) -> cloudward_model::rds::EventSubscription {
        cloudward_model::rds::EventSubscription {
            cust_subscription_id: "ops".into(),
            source_type: Some(source_type.into()),
            event_categories: categories.iter().map(|c| c.to_string()).collect(),
            enabled: true,
            ..Default::default()
        }
    }

    /// A stand-alone PostgreSQL 16 instance with every judged setting secure.
    pub(crate) fn instance() -> DbInstance {
        DbInstance {
            db_instance_identifier: "db-1".into(),
            engine: Value::Known("postgres".into()),
            engine_version: Value::Known(Some("16.3".into())),
            db_cluster_identifier: None,
            storage_encrypted: Value::Known(true),
            publicly_accessible: Value::Known(false),
            db_subnet_group_name: Some("private".into()),
            subnet_ids: Value::Known(vec!["subnet-private".into()]),
            backup_retention_period: Value::Known(7),
            deletion_protection: Value::Known(true),
            multi_az: Value::Known(true),
            iam_database_authentication_enabled: Value::Known(true),
            auto_minor_version_upgrade: Value::Known(true),
            master_username: Value::Known(Some("app_owner".into())),
            enabled_cloudwatch_logs_exports: Value::Known(vec![
                "postgresql".into(),
                "upgrade".into(),
            ]),
            monitoring_interval: Value::Known(60),
            copy_tags_to_snapshot: Value::Known(true),
            db_parameter_group_name: Value::Known(Some("secure-pg".into())),
            read_replica_source: None,
        }
    }

    /// An Aurora PostgreSQL cluster with every judged setting secure.
    pub(crate) fn cluster() -> DbCluster {
        DbCluster {
            db_cluster_identifier: "cluster-1".into(),
            engine: Value::Known("aurora-postgresql".into()),
            engine_version: Value::Known(Some("16.2".into())),
            storage_encrypted: Value::Known(true),
            backup_retention_period: Value::Known(7),
            deletion_protection: Value::Known(true),
            multi_az: Value::Known(true),
            iam_database_authentication_enabled: Value::Known(true),
            master_username: Value::Known(Some("app_owner".into())),
            enabled_cloudwatch_logs_exports: Value::Known(vec!["postgresql".into()]),
            copy_tags_to_snapshot: Value::Known(true),
            db_cluster_parameter_group_name: Value::Known(Some("secure-cpg".into())),
            members: Value::Known(vec!["db-1".into()]),
        }
    }

    /// The instance as a resource.
    pub(crate) fn instance_resource(db: DbInstance) -> Resource {
        test_support::resource("db-1", Attributes::RdsDbInstance(db))
    }

    /// The cluster as a resource.
    pub(crate) fn cluster_resource(c: DbCluster) -> Resource {
        test_support::resource("cluster-1", Attributes::RdsDbCluster(c))
    }

    /// A member of `cluster-1`.
    pub(crate) fn member() -> DbInstance {
        DbInstance {
            db_cluster_identifier: Some("cluster-1".into()),
            engine: Value::Known("aurora-postgresql".into()),
            ..instance()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families() {
        assert_eq!(Family::of("postgres"), Family::Postgres);
        assert_eq!(Family::of("sqlserver-se"), Family::SqlServer);
        assert_eq!(Family::of("oracle-ee-cdb"), Family::Oracle);
        assert_eq!(Family::of("aurora"), Family::AuroraMySql);
        assert_eq!(Family::of("db2-ae"), Family::Db2);
        assert!(!Family::of("oracle-se2").supports_iam_auth());
    }

    #[test]
    fn documented_tls_defaults() {
        assert_eq!(default_enforces(Family::Postgres, Some("15.2")), Ok(true));
        assert_eq!(default_enforces(Family::Postgres, Some("14.9")), Ok(false));
        assert_eq!(default_enforces(Family::MySql, Some("8.4.3")), Ok(false));
        assert_eq!(default_enforces(Family::MySql, Some("9.7.0")), Ok(true));
        assert_eq!(default_enforces(Family::MariaDb, Some("11.4.5")), Ok(false));
        assert_eq!(default_enforces(Family::MariaDb, Some("11.8.1")), Ok(true));
        assert_eq!(default_enforces(Family::SqlServer, None), Ok(false));
        assert!(default_enforces(Family::Postgres, None).is_err());
        assert!(default_enforces(Family::AuroraPostgres, Some("16.1")).is_err());
    }

    #[test]
    fn shared_with_untrusted_accounts_fails() {
        let mut inv = Inventory::new();
        inv.account_id = Some("123456789012".into());
        inv.settings.trusted_accounts = vec!["111122223333".into()];
        let v = |a: &[&str]| Value::Known(a.iter().map(|s| s.to_string()).collect());
        assert!(matches!(
            judge_shared(&v(&["111122223333", "123456789012"]), &inv),
            Outcome::Pass(_)
        ));
        assert!(matches!(
            judge_shared(&v(&["999999999999"]), &inv),
            Outcome::Fail(_)
        ));
        assert!(matches!(judge_shared(&v(&["all"]), &inv), Outcome::Pass(_)));
        assert!(matches!(
            judge_shared(&Value::unknown("denied"), &inv),
            Outcome::Unknown(_)
        ));
    }
}
