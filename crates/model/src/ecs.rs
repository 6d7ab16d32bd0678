//! Amazon ECS: clusters (`DescribeClusters` settings), services (`DescribeServices` network
//! configuration) and task definitions (the latest `ACTIVE` revision of each family,
//! `DescribeTaskDefinition`). Environment variable values are never read into the model.

use serde::{Deserialize, Serialize};

use crate::Value;

/// A cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cluster {
    /// `ClusterName`.
    pub cluster_name: String,
    /// `ClusterArn`.
    pub cluster_arn: String,
    /// The `containerInsights` setting: `enabled`, `enhanced` or `disabled` (unset is
    /// `disabled`, unless the account default says otherwise: then Unknown in code).
    pub container_insights: Value<String>,
}

/// A service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Service {
    /// `ServiceName`.
    pub service_name: String,
    /// `ServiceArn`.
    pub service_arn: String,
    /// `ClusterArn`.
    pub cluster_arn: String,
    /// `NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp` (`ENABLED`/`DISABLED`);
    /// `None` when the service has no awsvpc configuration (bridge or host networking on EC2,
    /// where tasks get no IP of their own).
    pub assign_public_ip: Value<Option<String>>,
}

/// A task definition revision.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskDefinition {
    /// `Family`.
    pub family: String,
    /// `Revision`.
    pub revision: i64,
    /// `TaskDefinitionArn`.
    pub task_definition_arn: String,
    /// `NetworkMode`: `awsvpc`, `bridge`, `host` or `none`; `None`: unset (`bridge` on EC2
    /// Linux, the default).
    pub network_mode: Value<Option<String>>,
    /// `ContainerDefinitions`.
    pub container_definitions: Value<Vec<ContainerDefinition>>,
}

/// One container definition (the security-relevant fields).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContainerDefinition {
    /// `Name`.
    pub name: String,
    /// `Privileged` (`None`: unset, which is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    /// `ReadonlyRootFilesystem` (`None`: unset, which is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readonly_root_filesystem: Option<bool>,
    /// `User` (`None`: unset: the image's user, root unless the image says otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The names of `Environment` entries (never their values).
    pub environment_names: Vec<String>,
    /// `LogConfiguration.LogDriver` (`None`: no log configuration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_driver: Option<String>,
}
