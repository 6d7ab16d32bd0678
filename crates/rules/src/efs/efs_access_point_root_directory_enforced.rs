//! EFS access point enforces a root directory.

use cloudward_model::efs::AccessPoint;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `RootDirectory.Path`; unset or `/` exposes the whole file system, as FSBP EFS.3 judges it.
pub struct EfsAccessPointRootDirectoryEnforced;

const META: RuleMeta = RuleMeta {
    id: "efs-access-point-root-directory-enforced",
    title: "EFS access point enforces a root directory",
    severity: Severity::Medium,
    service: "efs",
    kinds: AccessPoint::KINDS,
    checks: "For each access point, whether it sets a root directory other than the file system's root `/`.",
    rationale: "An access point with a root directory confines every client that mounts through it to that directory tree: one application cannot read or overwrite another's files on a shared file system, whatever paths it asks for.",
    remediation: Remediation {
        console: "Access points cannot be changed: EFS console > Access points > Create access point > Root directory path (for example /app) with owner and permissions; move clients to it and delete the old access point.",
        cli: "aws efs create-access-point --file-system-id <fs-id> --root-directory 'Path=/app,CreationInfo={OwnerUid=1000,OwnerGid=1000,Permissions=750}' --posix-user Uid=1000,Gid=1000",
        terraform: "resource \"aws_efs_access_point\" \"this\" {\n  file_system_id = aws_efs_file_system.this.id\n  root_directory {\n    path = \"/app\"\n    creation_info {\n      owner_uid   = 1000\n      owner_gid   = 1000\n      permissions = \"750\"\n    }\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/efs/latest/ug/efs-access-points.html#enforce-root-directory-access-point", "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-3"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EFS.3"],
        well_architected: &["SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n\nresource \"aws_efs_access_point\" \"app\" {\n  file_system_id = aws_efs_file_system.shared.id\n}\n",
        terraform_good: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n\nresource \"aws_efs_access_point\" \"app\" {\n  file_system_id = aws_efs_file_system.shared.id\n  root_directory {\n    path = \"/app\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n  App:\n    Type: AWS::EFS::AccessPoint\n    Properties:\n      FileSystemId: !Ref Shared\n      RootDirectory:\n        Path: /\n",
        cloudformation_good: "Resources:\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n  App:\n    Type: AWS::EFS::AccessPoint\n    Properties:\n      FileSystemId: !Ref Shared\n      RootDirectory:\n        Path: /app\n",
    },
    file: file!(),
};

impl Check for EfsAccessPointRootDirectoryEnforced {
    type Subject = AccessPoint;
    const META: &'static RuleMeta = &META;

    fn judge(&self, ap: &AccessPoint, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &ap.root_directory_path,
            "root_directory_path",
            |path| match path.as_deref() {
                Some(p) if p.trim_end_matches('/').is_empty() => {
                    Err("the access point's root directory is the file system root /".into())
                }
                Some(p) => Ok(format!("the access point confines clients to {p}")),
                None => Err(
                    "the access point sets no root directory (clients see the whole file system)"
                        .into(),
                ),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efs::test_helpers::access_point;
    use crate::rule::testing;
    use cloudward_model::{Status, Value};
    #[test]
    fn a_subdirectory_passes_root_or_none_fails_unknown_stays_unknown() {
        let judge = |v: Value<Option<String>>| {
            testing::judge(
                &EfsAccessPointRootDirectoryEnforced,
                &access_point(AccessPoint {
                    root_directory_path: v,
                    ..Default::default()
                }),
            )
        };
        assert_eq!(judge(Value::Known(Some("/app".into()))), Status::Pass);
        assert_eq!(judge(Value::Known(Some("/".into()))), Status::Fail);
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
