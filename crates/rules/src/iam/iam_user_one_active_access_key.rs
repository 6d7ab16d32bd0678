//! At most one active access key per user.

use cloudward_model::iam::User;
use cloudward_model::{
    iam, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta,
    Severity, Subject,
};

use crate::Check;

/// Counts `Active` keys from `ListAccessKeys`. IAM allows two so that a key can be rotated
/// without downtime; two active keys for long means rotation was started and never finished.
pub struct IamUserOneActiveAccessKey;

const META: RuleMeta = RuleMeta {
    id: "iam-user-one-active-access-key",
    title: "Each IAM user has at most one active access key",
    severity: Severity::Medium,
    service: "iam",
    kinds: User::KINDS,
    checks: "For each IAM user, whether no more than one of its access keys has status `Active`.",
    rationale: "A second active key doubles what can leak and is usually the forgotten half of an \
                unfinished rotation, still valid in some old script or laptop.",
    remediation: Remediation {
        console: "IAM console > Users > <user> > Security credentials > Access keys: find which \
                  key is still used (Last used column), then Actions > Deactivate the other and \
                  Delete it once nothing breaks.",
        cli: "aws iam list-access-keys --user-name <user>\n\
              aws iam get-access-key-last-used --access-key-id <key-id>\n\
              aws iam update-access-key --user-name <user> --access-key-id <unused-key-id> --status Inactive",
        terraform: "# Keep a single aws_iam_access_key per user (or deactivate the old one):\n\
                    resource \"aws_iam_access_key\" \"old\" {\n  \
                    user   = aws_iam_user.this.name\n  \
                    status = \"Inactive\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &["2.12"],
        cis_v5: &["1.12"],
        cis_v3: &["1.13"],
        fsbp: &[],
        well_architected: &["SEC02-BP05"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_iam_user\" \"deployer\" {\n  name = \"ci-deployer\"\n}\n\n\
                        resource \"aws_iam_access_key\" \"first\" {\n  user = aws_iam_user.deployer.name\n}\n\n\
                        resource \"aws_iam_access_key\" \"second\" {\n  user = aws_iam_user.deployer.name\n}\n",
        terraform_good: "resource \"aws_iam_user\" \"deployer\" {\n  name = \"ci-deployer\"\n}\n\n\
                         resource \"aws_iam_access_key\" \"current\" {\n  user = aws_iam_user.deployer.name\n}\n\n\
                         resource \"aws_iam_access_key\" \"previous\" {\n  \
                         user   = aws_iam_user.deployer.name\n  status = \"Inactive\"\n}\n",
        cloudformation_bad: "Resources:\n  Deployer:\n    Type: AWS::IAM::User\n    Properties:\n      \
                             UserName: ci-deployer\n  FirstKey:\n    Type: AWS::IAM::AccessKey\n    \
                             Properties:\n      UserName: !Ref Deployer\n  SecondKey:\n    \
                             Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Deployer\n",
        cloudformation_good: "Resources:\n  Deployer:\n    Type: AWS::IAM::User\n    Properties:\n      \
                              UserName: ci-deployer\n  CurrentKey:\n    Type: AWS::IAM::AccessKey\n    \
                              Properties:\n      UserName: !Ref Deployer\n  PreviousKey:\n    \
                              Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Deployer\n      \
                              Status: Inactive\n",
    },
    file: file!(),
};

impl Check for IamUserOneActiveAccessKey {
    type Subject = User;
    const META: &'static RuleMeta = &META;

    fn judge(&self, user: &User, _: &Resource, _: &Inventory) -> Outcome {
        let name = &user.user_name;
        let keys = match user.access_keys.get() {
            Ok(keys) => keys,
            Err(reason) => return Outcome::unknown(reason),
        };
        let active: Vec<(usize, &str)> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| k.status == iam::AccessKeyStatus::Active)
            .map(|(i, k)| (i, k.access_key_id.as_str()))
            .collect();
        match active.as_slice() {
            [] | [_] => Outcome::Pass(Evidence::at(
                "access_keys",
                format!("user {name} has {} active access key(s)", active.len()),
            )),
            [_, (second, _), ..] => {
                let ids: Vec<&str> = active.iter().map(|(_, id)| *id).collect();
                Outcome::Fail(Evidence::at(
                    format!("access_keys[{second}]"),
                    format!(
                        "user {name} has {} active access keys: {}",
                        ids.len(),
                        ids.join(", ")
                    ),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn key(id: &str, status: iam::AccessKeyStatus) -> iam::AccessKey {
        iam::AccessKey {
            access_key_id: id.into(),
            status,
            create_date: Value::unknown("not needed"),
            last_used_date: Value::unknown("not needed"),
        }
    }

    fn judge(keys: cloudward_model::Value<Vec<iam::AccessKey>>) -> Outcome {
        let r = test_support::global(
            "dave",
            Attributes::IamUser(iam::User {
                user_name: "dave".into(),
                access_keys: keys,
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamUserOneActiveAccessKey, &r, &Inventory::new())
    }

    #[test]
    fn one_active_and_one_inactive_pass() {
        let keys = vec![
            key("AKIA1", iam::AccessKeyStatus::Active),
            key("AKIA2", iam::AccessKeyStatus::Inactive),
        ];
        assert_eq!(judge(Value::Known(keys)).status(), Status::Pass);
    }

    #[test]
    fn two_active_fail_naming_both() {
        let keys = vec![
            key("AKIA1", iam::AccessKeyStatus::Active),
            key("AKIA2", iam::AccessKeyStatus::Active),
        ];
        let outcome = judge(Value::Known(keys));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("access_keys[1]"));
        assert!(e.message.contains("AKIA1, AKIA2"), "{}", e.message);
    }

    #[test]
    fn unreadable_keys_are_unknown() {
        assert_eq!(judge(Value::unknown("denied")).status(), Status::Unknown);
    }
}
