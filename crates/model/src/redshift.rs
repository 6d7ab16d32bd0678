//! Redshift provisioned clusters.

use serde::{Deserialize, Serialize};

use crate::Value;

/// A cluster (`DescribeClusters`, `DescribeLoggingStatus`, and `DescribeClusterParameters` of
/// its parameter group).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cluster {
    /// `ClusterIdentifier`.
    pub cluster_identifier: String,
    /// `arn:PARTITION:redshift:REGION:ACCOUNT:cluster:ID`.
    pub arn: String,
    /// `Encrypted`.
    pub encrypted: Value<bool>,
    /// `PubliclyAccessible`.
    pub publicly_accessible: Value<bool>,
    /// `EnhancedVpcRouting`.
    pub enhanced_vpc_routing: Value<bool>,
    /// `MasterUsername`.
    pub master_username: Value<String>,
    /// `AutomatedSnapshotRetentionPeriod` in days (0: automated snapshots off).
    pub automated_snapshot_retention_period: Value<i32>,
    /// `DescribeLoggingStatus.LoggingEnabled` (audit logging to S3 or CloudWatch Logs).
    pub logging_enabled: Value<bool>,
    /// `ClusterParameterGroups[].ParameterGroupName`.
    pub cluster_parameter_group_names: Vec<String>,
    /// The `require_ssl` parameter of the cluster's parameter group is `true`.
    pub require_ssl: Value<bool>,
}
