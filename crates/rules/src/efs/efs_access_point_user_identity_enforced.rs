//! EFS access point enforces a user identity.

use cloudward_model::efs::AccessPoint;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `PosixUser`: set, every request through the access point is made as that UID/GID, whatever the client claims.
pub struct EfsAccessPointUserIdentityEnforced;

const META: RuleMeta = RuleMeta {
    id: "efs-access-point-user-identity-enforced",
    title: "EFS access point enforces a user identity",
    severity: Severity::Medium,
    service: "efs",
    kinds: AccessPoint::KINDS,
    checks: "For each access point, whether it enforces a POSIX user identity (PosixUser).",
    rationale: "NFS trusts the UID and GID the client sends, so any client (or a root process in a container) can act as any user, including root, on the files it reaches. An access point with a POSIX user overrides those identities, so file permissions mean what they say.",
    remediation: Remediation {
        console: "Access points cannot be changed: EFS console > Access points > Create access point > POSIX user (User ID, Group ID); move clients to it and delete the old access point.",
        cli: "aws efs create-access-point --file-system-id <fs-id> --posix-user Uid=1000,Gid=1000 --root-directory Path=/app",
        terraform: "resource \"aws_efs_access_point\" \"this\" {\n  file_system_id = aws_efs_file_system.this.id\n  posix_user {\n    uid = 1000\n    gid = 1000\n  }\n}",
    },
    references: &["https://docs.aws.amazon.com/efs/latest/ug/efs-access-points.html#enforce-identity-access-points", "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-4"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["EFS.4"],
        well_architected: &["SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n\nresource \"aws_efs_access_point\" \"app\" {\n  file_system_id = aws_efs_file_system.shared.id\n}\n",
        terraform_good: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}\n\nresource \"aws_efs_access_point\" \"app\" {\n  file_system_id = aws_efs_file_system.shared.id\n  posix_user {\n    uid = 1000\n    gid = 1000\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n  App:\n    Type: AWS::EFS::AccessPoint\n    Properties:\n      FileSystemId: !Ref Shared\n      RootDirectory:\n        Path: /app\n",
        cloudformation_good: "Resources:\n  Shared:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n  App:\n    Type: AWS::EFS::AccessPoint\n    Properties:\n      FileSystemId: !Ref Shared\n      PosixUser:\n        Uid: \"1000\"\n        Gid: \"1000\"\n",
    },
    file: file!(),
};

impl Check for EfsAccessPointUserIdentityEnforced {
    type Subject = AccessPoint;
    const META: &'static RuleMeta = &META;

    fn judge(&self, ap: &AccessPoint, _: &Resource, _: &Inventory) -> Outcome {
        judged(&ap.posix_user, "posix_user", |user| match user {
            Some(u) => Ok(format!(
                "the access point enforces uid {} gid {}",
                u.uid, u.gid
            )),
            None => Err("the access point does not enforce a user identity".into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efs::test_helpers::access_point;
    use crate::rule::testing;
    use cloudward_model::efs::PosixUser;
    use cloudward_model::{Status, Value};

    #[test]
    fn a_posix_user_passes_none_fails_unknown_stays_unknown() {
        let judge = |v: Value<Option<PosixUser>>| {
            testing::judge(
                &EfsAccessPointUserIdentityEnforced,
                &access_point(AccessPoint {
                    posix_user: v,
                    ..Default::default()
                }),
            )
        };
        assert_eq!(
            judge(Value::Known(Some(PosixUser {
                uid: 1000,
                gid: 1000
            }))),
            Status::Pass
        );
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
