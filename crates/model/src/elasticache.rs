//! ElastiCache: replication groups (Valkey, Redis OSS) and the cache clusters that belong to
//! none (Memcached, single-node Redis OSS).
//!
//! Both carry the same judged settings ([`CacheSettings`]), so one rule judges either: AWS
//! reports them on the replication group for its members, and on the cluster otherwise.

use serde::{Deserialize, Serialize};

use crate::Value;

/// A replication group (`DescribeReplicationGroups`), with the subnet group of its members
/// (`DescribeCacheClusters`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplicationGroup {
    /// `ReplicationGroupId`.
    pub replication_group_id: String,
    /// `ARN`.
    pub arn: String,
    /// `MemberClusters`.
    pub member_clusters: Vec<String>,
    /// The settings rules judge.
    #[serde(flatten)]
    pub settings: CacheSettings,
}

/// A cache cluster that is not a member of a replication group (`DescribeCacheClusters`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CacheCluster {
    /// `CacheClusterId`.
    pub cache_cluster_id: String,
    /// `ARN`.
    pub arn: String,
    /// The settings rules judge.
    #[serde(flatten)]
    pub settings: CacheSettings,
}

/// What ElastiCache reports about a replication group or a standalone cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CacheSettings {
    /// `Engine`: `valkey`, `redis` or `memcached`.
    pub engine: Value<String>,
    /// `AtRestEncryptionEnabled`.
    pub at_rest_encryption_enabled: Value<bool>,
    /// `TransitEncryptionEnabled`.
    pub transit_encryption_enabled: Value<bool>,
    /// `TransitEncryptionMode`: `required` or `preferred` (which still accepts unencrypted
    /// connections); `None` when not reported (encryption off, or an engine without modes).
    pub transit_encryption_mode: Value<Option<String>>,
    /// `AuthTokenEnabled`.
    pub auth_token_enabled: Value<bool>,
    /// `UserGroupIds`: RBAC user groups (replication groups only).
    pub user_group_ids: Value<Vec<String>>,
    /// `SnapshotRetentionLimit` in days; 0 turns automatic backups off.
    pub snapshot_retention_limit: Value<i32>,
    /// `AutoMinorVersionUpgrade`.
    pub auto_minor_version_upgrade: Value<bool>,
    /// `CacheSubnetGroupName` (of the members, for a replication group); `None` outside a VPC
    /// (EC2-Classic).
    pub cache_subnet_group_name: Value<Option<String>>,
}

impl CacheSettings {
    /// Whether the engine is Memcached (no persistence, backups or AUTH).
    pub fn is_memcached(&self) -> Value<bool> {
        self.engine
            .as_ref()
            .map(|e| e.eq_ignore_ascii_case("memcached"))
    }
}
