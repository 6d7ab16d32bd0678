//! EFS rules: file system encryption, automatic backups and mount target placement; access
//! points that enforce a root directory and a user identity.

mod efs_access_point_root_directory_enforced;
mod efs_access_point_user_identity_enforced;
mod efs_file_system_automatic_backups_enabled;
mod efs_file_system_encrypted;
mod efs_mount_targets_not_in_public_subnets;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &efs_file_system_encrypted::EfsFileSystemEncrypted,
    &efs_file_system_automatic_backups_enabled::EfsFileSystemAutomaticBackupsEnabled,
    &efs_mount_targets_not_in_public_subnets::EfsMountTargetsNotInPublicSubnets,
    &efs_access_point_root_directory_enforced::EfsAccessPointRootDirectoryEnforced,
    &efs_access_point_user_identity_enforced::EfsAccessPointUserIdentityEnforced,
];

#[cfg(test)]
pub(crate) mod test_helpers {
    use cloudward_model::efs::{AccessPoint, FileSystem};
    use cloudward_model::{Attributes, Resource};

    /// A file system `fs-1`.
    pub(crate) fn file_system(f: FileSystem) -> Resource {
        cloudward_model::test_support::resource(
            "fs-1",
            Attributes::EfsFileSystem(FileSystem {
                file_system_id: "fs-1".into(),
                ..f
            }),
        )
    }

    /// An access point `fsap-1`.
    pub(crate) fn access_point(a: AccessPoint) -> Resource {
        cloudward_model::test_support::resource(
            "fsap-1",
            Attributes::EfsAccessPoint(AccessPoint {
                access_point_id: "fsap-1".into(),
                file_system_id: "fs-1".into(),
                ..a
            }),
        )
    }
}
