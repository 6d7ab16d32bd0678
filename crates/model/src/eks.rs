//! Amazon EKS clusters (`ListClusters`, `DescribeCluster`).

use serde::{Deserialize, Serialize};

use crate::Value;

/// An EKS cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cluster {
    /// `Name`.
    pub name: String,
    /// `Arn`.
    pub arn: String,
    /// `Version`: the Kubernetes minor version (`1.31`).
    pub version: Value<Option<String>>,
    /// `ResourcesVpcConfig.EndpointPublicAccess`.
    pub endpoint_public_access: Value<bool>,
    /// `ResourcesVpcConfig.EndpointPrivateAccess`.
    pub endpoint_private_access: Value<bool>,
    /// `ResourcesVpcConfig.PublicAccessCidrs` (AWS's default is `0.0.0.0/0`).
    pub public_access_cidrs: Value<Vec<String>>,
    /// The KMS key of the `EncryptionConfig` entry whose resources include `secrets`
    /// (`None`: secrets are not envelope-encrypted with a KMS key of yours).
    pub secrets_encryption_key_arn: Value<Option<String>>,
    /// The control-plane log types enabled (`api`, `audit`, `authenticator`,
    /// `controllerManager`, `scheduler`), sorted.
    pub enabled_log_types: Value<Vec<String>>,
}
