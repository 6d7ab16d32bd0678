//! RDS, per region: DB instances, DB clusters (Aurora and Multi-AZ DB clusters), DB snapshots
//! and DB cluster snapshots (with who may restore them), the DB parameter groups and DB cluster
//! parameter groups in use (only the parameters rules read), and event subscriptions.
//!
//! Many settings of an instance that belongs to a cluster (`db_cluster_identifier`) are the
//! cluster's: storage encryption, backups, deletion protection, IAM authentication, the master
//! user, log exports, copying tags, and the parameters that enforce TLS. Rules judge them on
//! the cluster and say so on the instance.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Value;

/// The parameters of a parameter group that rules read; the collector asks for these only.
pub const TLS_PARAMETERS: &[&str] = &["rds.force_ssl", "require_secure_transport"];

/// A DB instance (`DescribeDBInstances`; Terraform `aws_db_instance` and
/// `aws_rds_cluster_instance`; CloudFormation `AWS::RDS::DBInstance`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DbInstance {
    /// `DBInstanceIdentifier`.
    pub db_instance_identifier: String,
    /// `Engine`: `postgres`, `mysql`, `mariadb`, `oracle-ee`, `sqlserver-se`,
    /// `aurora-postgresql`, `aurora-mysql`, `db2-se`, ...
    pub engine: Value<String>,
    /// `EngineVersion` (`None`: not set in code, AWS picks its default version).
    pub engine_version: Value<Option<String>>,
    /// `DBClusterIdentifier`: the cluster this instance belongs to (`None`: stand-alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_cluster_identifier: Option<String>,
    /// `StorageEncrypted`.
    pub storage_encrypted: Value<bool>,
    /// `PubliclyAccessible`.
    pub publicly_accessible: Value<bool>,
    /// `DBSubnetGroup.DBSubnetGroupName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_subnet_group_name: Option<String>,
    /// `DBSubnetGroup.Subnets[].SubnetIdentifier`: the subnets the instance may be placed in.
    pub subnet_ids: Value<Vec<String>>,
    /// `BackupRetentionPeriod` in days (0: automated backups off).
    pub backup_retention_period: Value<i32>,
    /// `DeletionProtection`.
    pub deletion_protection: Value<bool>,
    /// `MultiAZ`.
    pub multi_az: Value<bool>,
    /// `IAMDatabaseAuthenticationEnabled`.
    pub iam_database_authentication_enabled: Value<bool>,
    /// `AutoMinorVersionUpgrade`.
    pub auto_minor_version_upgrade: Value<bool>,
    /// `MasterUsername` (`None`: the instance has none of its own, e.g. a read replica).
    pub master_username: Value<Option<String>>,
    /// `EnabledCloudwatchLogsExports`: log types published to CloudWatch Logs.
    pub enabled_cloudwatch_logs_exports: Value<Vec<String>>,
    /// `MonitoringInterval` in seconds (0: Enhanced Monitoring off).
    pub monitoring_interval: Value<i32>,
    /// `CopyTagsToSnapshot`.
    pub copy_tags_to_snapshot: Value<bool>,
    /// `DBParameterGroups[0].DBParameterGroupName` (`None`: code that sets none, so the
    /// engine's default group, whose values are AWS's defaults).
    pub db_parameter_group_name: Value<Option<String>>,
    /// `ReadReplicaSourceDBInstanceIdentifier`: set on read replicas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_replica_source: Option<String>,
}

/// A DB cluster (`DescribeDBClusters`; Terraform `aws_rds_cluster`; CloudFormation
/// `AWS::RDS::DBCluster`): Aurora, or a Multi-AZ DB cluster of RDS for MySQL/PostgreSQL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DbCluster {
    /// `DBClusterIdentifier`.
    pub db_cluster_identifier: String,
    /// `Engine`: `aurora-mysql`, `aurora-postgresql`, `mysql`, `postgres`, ...
    pub engine: Value<String>,
    /// `EngineVersion` (`None`: not set in code).
    pub engine_version: Value<Option<String>>,
    /// `StorageEncrypted`.
    pub storage_encrypted: Value<bool>,
    /// `BackupRetentionPeriod` in days.
    pub backup_retention_period: Value<i32>,
    /// `DeletionProtection`.
    pub deletion_protection: Value<bool>,
    /// `MultiAZ`: instances in more than one Availability Zone.
    pub multi_az: Value<bool>,
    /// `IAMDatabaseAuthenticationEnabled`.
    pub iam_database_authentication_enabled: Value<bool>,
    /// `MasterUsername` (`None`: none of its own, e.g. a secondary cluster of a global
    /// database).
    pub master_username: Value<Option<String>>,
    /// `EnabledCloudwatchLogsExports`.
    pub enabled_cloudwatch_logs_exports: Value<Vec<String>>,
    /// `CopyTagsToSnapshot`.
    pub copy_tags_to_snapshot: Value<bool>,
    /// `DBClusterParameterGroup` (`None`: code that sets none, so the engine's default).
    pub db_cluster_parameter_group_name: Value<Option<String>>,
    /// `DBClusterMembers[].DBInstanceIdentifier`.
    pub members: Value<Vec<String>>,
}

/// A DB snapshot (`DescribeDBSnapshots` + `DescribeDBSnapshotAttributes`; Terraform
/// `aws_db_snapshot`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DbSnapshot {
    /// `DBSnapshotIdentifier`.
    pub db_snapshot_identifier: String,
    /// `DBInstanceIdentifier` of the source instance.
    pub db_instance_identifier: String,
    /// `SnapshotType`: `manual`, `automated`, `awsbackup`, ...
    pub snapshot_type: String,
    /// `Encrypted`.
    pub encrypted: Value<bool>,
    /// The `restore` attribute's values: `all` (public) or the account ids that may copy and
    /// restore the snapshot. Automated snapshots cannot be shared: always empty.
    pub restore_attribute_values: Value<Vec<String>>,
}

/// A DB cluster snapshot (`DescribeDBClusterSnapshots` + `DescribeDBClusterSnapshotAttributes`;
/// Terraform `aws_db_cluster_snapshot`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DbClusterSnapshot {
    /// `DBClusterSnapshotIdentifier`.
    pub db_cluster_snapshot_identifier: String,
    /// `DBClusterIdentifier` of the source cluster.
    pub db_cluster_identifier: String,
    /// `SnapshotType`.
    pub snapshot_type: String,
    /// `StorageEncrypted`.
    pub storage_encrypted: Value<bool>,
    /// The `restore` attribute's values, as for [`DbSnapshot`].
    pub restore_attribute_values: Value<Vec<String>>,
}

/// A DB parameter group in use (`DescribeDBParameters` filtered to [`TLS_PARAMETERS`];
/// Terraform `aws_db_parameter_group`; CloudFormation `AWS::RDS::DBParameterGroup`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DbParameterGroup {
    /// `DBParameterGroupName`.
    pub db_parameter_group_name: String,
    /// Parameter name to `ParameterValue`, for the [`TLS_PARAMETERS`] the group has a value
    /// for. A parameter that is absent takes the engine's default (in code: one not set).
    pub parameters: Value<BTreeMap<String, String>>,
}

/// A DB cluster parameter group in use (`DescribeDBClusterParameters`; Terraform
/// `aws_rds_cluster_parameter_group`; CloudFormation `AWS::RDS::DBClusterParameterGroup`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DbClusterParameterGroup {
    /// `DBClusterParameterGroupName`.
    pub db_cluster_parameter_group_name: String,
    /// As [`DbParameterGroup::parameters`].
    pub parameters: Value<BTreeMap<String, String>>,
}

/// The event subscriptions of one region (`DescribeEventSubscriptions`; Terraform
/// `aws_db_event_subscription`; CloudFormation `AWS::RDS::EventSubscription`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionEventSubscriptions {
    /// Every subscription of the region.
    pub subscriptions: Value<Vec<EventSubscription>>,
}

/// One event notification subscription.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventSubscription {
    /// `CustSubscriptionId`.
    pub cust_subscription_id: String,
    /// `SourceType`: `db-instance`, `db-cluster`, `db-parameter-group`, `db-security-group`,
    /// `db-snapshot`, ... (`None`: every source type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    /// `SourceIdsList` (empty: every source of the type).
    pub source_ids: Vec<String>,
    /// `EventCategoriesList` (empty: every category).
    pub event_categories: Vec<String>,
    /// `Enabled`.
    pub enabled: bool,
    /// `SnsTopicArn`.
    pub sns_topic_arn: String,
}

impl EventSubscription {
    /// Whether this subscription is on and notifies `category` for every source of
    /// `source_type` (ids listed: only those sources).
    pub fn covers(&self, source_type: &str, category: &str) -> bool {
        self.enabled
            && self.source_type.as_deref().is_none_or(|t| t == source_type)
            && (self.event_categories.is_empty()
                || self
                    .event_categories
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(category)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_lists_mean_everything() {
        let all = EventSubscription {
            enabled: true,
            ..Default::default()
        };
        assert!(all.covers("db-instance", "failure"));
        let narrow = EventSubscription {
            enabled: true,
            source_type: Some("db-instance".into()),
            event_categories: vec!["failure".into()],
            ..Default::default()
        };
        assert!(narrow.covers("db-instance", "failure"));
        assert!(!narrow.covers("db-instance", "maintenance"));
        assert!(!narrow.covers("db-cluster", "failure"));
        let off = EventSubscription {
            enabled: false,
            ..all
        };
        assert!(!off.covers("db-instance", "failure"));
    }
}
