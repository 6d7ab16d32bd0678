//! EFS: file systems (encryption, automatic backups, mount targets) and access points.

use serde::{Deserialize, Serialize};

use crate::Value;

/// A file system (`DescribeFileSystems`, `DescribeBackupPolicy`, `DescribeMountTargets`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileSystem {
    /// `FileSystemId`.
    pub file_system_id: String,
    /// `FileSystemArn`.
    pub file_system_arn: String,
    /// `Encrypted`.
    pub encrypted: Value<bool>,
    /// `KmsKeyId`.
    pub kms_key_id: Option<String>,
    /// `BackupPolicy.Status` (`ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`); `None` when the
    /// file system has no backup policy (`PolicyNotFound`): automatic backups are off.
    pub backup_policy_status: Value<Option<String>>,
    /// Mount targets.
    pub mount_targets: Value<Vec<MountTarget>>,
}

/// A mount target: the file system's network interface in one subnet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MountTarget {
    /// `MountTargetId`.
    pub mount_target_id: String,
    /// `SubnetId` (for code: the subnet's id as the adapters name it).
    pub subnet_id: Value<String>,
}

/// An access point (`DescribeAccessPoints`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessPoint {
    /// `AccessPointId`.
    pub access_point_id: String,
    /// `AccessPointArn`.
    pub access_point_arn: String,
    /// `FileSystemId`.
    pub file_system_id: String,
    /// `RootDirectory.Path`; `None` when not set, which exposes the file system's root `/`.
    pub root_directory_path: Value<Option<String>>,
    /// `PosixUser`; `None` when the access point does not enforce a user identity.
    pub posix_user: Value<Option<PosixUser>>,
}

/// `PosixUser`: the identity every request through the access point is made as.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PosixUser {
    /// `Uid`.
    pub uid: i64,
    /// `Gid`.
    pub gid: i64,
}
