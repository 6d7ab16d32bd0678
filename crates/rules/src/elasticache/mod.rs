//! ElastiCache rules, over replication groups and standalone cache clusters alike.

mod elasticache_auth_required;
mod elasticache_auto_minor_version_upgrade_enabled;
mod elasticache_automatic_backups_enabled;
mod elasticache_encrypted_at_rest;
mod elasticache_encrypted_in_transit;
mod elasticache_not_in_default_subnet_group;

use cloudward_model::elasticache::CacheSettings;
use cloudward_model::{Outcome, Resource, ResourceKind, Subject, Value};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &elasticache_encrypted_at_rest::ElasticacheEncryptedAtRest,
    &elasticache_encrypted_in_transit::ElasticacheEncryptedInTransit,
    &elasticache_auth_required::ElasticacheAuthRequired,
    &elasticache_automatic_backups_enabled::ElasticacheAutomaticBackupsEnabled,
    &elasticache_auto_minor_version_upgrade_enabled::ElasticacheAutoMinorVersionUpgradeEnabled,
    &elasticache_not_in_default_subnet_group::ElasticacheNotInDefaultSubnetGroup,
];

/// A replication group or a standalone cluster: what it is, and its settings.
pub struct CacheView<'a> {
    /// "replication group" or "cache cluster", for messages.
    pub what: &'static str,
    /// The judged settings.
    pub settings: &'a CacheSettings,
}

/// The subject of every ElastiCache rule: replication groups and the clusters outside one.
pub struct Cache;

impl Subject for Cache {
    const KINDS: &'static [ResourceKind] = &[
        ResourceKind::ElasticacheReplicationGroup,
        ResourceKind::ElasticacheCacheCluster,
    ];
    type View<'a> = CacheView<'a>;
    fn view(resource: &Resource) -> Option<CacheView<'_>> {
        if let Some(g) = resource.as_elasticache_replication_group() {
            return Some(CacheView {
                what: "replication group",
                settings: &g.settings,
            });
        }
        resource.as_elasticache_cache_cluster().map(|c| CacheView {
            what: "cache cluster",
            settings: &c.settings,
        })
    }
}

/// `Some(outcome)` when the rule does not apply to Memcached (or the engine is unknown).
fn not_for_memcached(settings: &CacheSettings, feature: &str) -> Option<Outcome> {
    match settings.is_memcached() {
        Value::Unknown(r) => Some(Outcome::unknown(r)),
        Value::Known(true) => Some(Outcome::not_applicable(format!(
            "Memcached has no {feature}; it applies to Valkey and Redis OSS"
        ))),
        Value::Known(false) => None,
    }
}

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::elasticache::{CacheCluster, CacheSettings, ReplicationGroup};
    use cloudward_model::{Attributes, Resource, Value};

    /// Settings of a Redis OSS group with everything on.
    pub(crate) fn secure() -> CacheSettings {
        CacheSettings {
            engine: Value::Known("redis".into()),
            at_rest_encryption_enabled: Value::Known(true),
            transit_encryption_enabled: Value::Known(true),
            transit_encryption_mode: Value::Known(Some("required".into())),
            auth_token_enabled: Value::Known(true),
            user_group_ids: Value::Known(vec![]),
            snapshot_retention_limit: Value::Known(7),
            auto_minor_version_upgrade: Value::Known(true),
            cache_subnet_group_name: Value::Known(Some("cache-private".into())),
        }
    }

    /// A replication group `sessions`.
    pub(crate) fn group(settings: CacheSettings) -> Resource {
        cloudward_model::test_support::resource(
            "sessions",
            Attributes::ElasticacheReplicationGroup(ReplicationGroup {
                replication_group_id: "sessions".into(),
                settings,
                ..Default::default()
            }),
        )
    }

    /// A standalone cluster `memo`.
    pub(crate) fn cluster(settings: CacheSettings) -> Resource {
        cloudward_model::test_support::resource(
            "memo",
            Attributes::ElasticacheCacheCluster(CacheCluster {
                cache_cluster_id: "memo".into(),
                settings,
                ..Default::default()
            }),
        )
    }

    /// Memcached settings.
    pub(crate) fn memcached() -> CacheSettings {
        CacheSettings {
            engine: Value::Known("memcached".into()),
            ..secure()
        }
    }
}
