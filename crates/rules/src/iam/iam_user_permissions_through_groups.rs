//! IAM users get permissions only through groups.

use cloudward_model::iam::User;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `ListAttachedUserPolicies` and `ListUserPolicies`. Any managed or inline policy on the
/// user itself fails, whatever it grants; group membership is not needed to pass (a user with
/// no policies at all gets no permissions this way).
pub struct IamUserPermissionsThroughGroups;

const META: RuleMeta = RuleMeta {
    id: "iam-user-permissions-through-groups",
    title: "IAM users receive permissions only through groups",
    severity: Severity::Low,
    service: "iam",
    kinds: User::KINDS,
    checks: "For each IAM user, whether no managed policy is attached to it and no inline policy \
             is embedded in it.",
    rationale: "Permissions attached to individual users drift: each user becomes a special case \
                that reviews miss and that outlives the person's role. Granting through groups \
                (or better, roles) keeps access defined in a few places that match job functions.",
    remediation: Remediation {
        console: "IAM console > User groups > Create group with the needed policies > add the \
                  user; then Users > <user> > Permissions > remove each directly attached or \
                  inline policy.",
        cli: "aws iam add-user-to-group --user-name <user> --group-name <group>\n\
              aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>\n\
              aws iam delete-user-policy --user-name <user> --policy-name <inline-policy-name>",
        terraform: "resource \"aws_iam_group\" \"analysts\" {\n  name = \"analysts\"\n}\n\n\
                    resource \"aws_iam_group_policy_attachment\" \"analysts_read\" {\n  \
                    group      = aws_iam_group.analysts.name\n  \
                    policy_arn = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n}\n\n\
                    resource \"aws_iam_user_group_membership\" \"analyst\" {\n  \
                    user   = aws_iam_user.analyst.name\n  \
                    groups = [aws_iam_group.analysts.name]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.13"],
        cis_v6: &["2.14"],
        cis_v5: &["1.14"],
        cis_v3: &["1.15"],
        fsbp: &["IAM.2"],
        well_architected: &["SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_iam_user\" \"analyst\" {\n  name = \"analyst\"\n}\n\n\
                        resource \"aws_iam_user_policy_attachment\" \"analyst_read\" {\n  \
                        user       = aws_iam_user.analyst.name\n  \
                        policy_arn = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n}\n",
        terraform_good: "resource \"aws_iam_group\" \"analysts\" {\n  name = \"analysts\"\n}\n\n\
                         resource \"aws_iam_group_policy_attachment\" \"analysts_read\" {\n  \
                         group      = aws_iam_group.analysts.name\n  \
                         policy_arn = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n}\n\n\
                         resource \"aws_iam_user\" \"analyst\" {\n  name = \"analyst\"\n}\n\n\
                         resource \"aws_iam_user_group_membership\" \"analyst\" {\n  \
                         user   = aws_iam_user.analyst.name\n  \
                         groups = [aws_iam_group.analysts.name]\n}\n",
        cloudformation_bad: "Resources:\n  Analyst:\n    Type: AWS::IAM::User\n    Properties:\n      \
                             UserName: analyst\n      ManagedPolicyArns:\n        \
                             - arn:aws:iam::aws:policy/ReadOnlyAccess\n",
        cloudformation_good: "Resources:\n  Analysts:\n    Type: AWS::IAM::Group\n    Properties:\n      \
                              GroupName: analysts\n      ManagedPolicyArns:\n        \
                              - arn:aws:iam::aws:policy/ReadOnlyAccess\n  Analyst:\n    \
                              Type: AWS::IAM::User\n    Properties:\n      UserName: analyst\n      \
                              Groups:\n        - !Ref Analysts\n",
    },
    file: file!(),
};

impl Check for IamUserPermissionsThroughGroups {
    type Subject = User;
    const META: &'static RuleMeta = &META;

    fn judge(&self, user: &User, _: &Resource, _: &Inventory) -> Outcome {
        let name = &user.user_name;
        if let Ok(attached) = user.attached_policies.get() {
            if !attached.is_empty() {
                let names: Vec<&str> = attached.iter().map(|p| p.policy_name.as_str()).collect();
                return Outcome::Fail(Evidence::at(
                    "attached_policies",
                    format!(
                        "user {name} has managed policies attached directly: {}",
                        names.join(", ")
                    ),
                ));
            }
        }
        if let Ok(inline) = user.inline_policies.get() {
            if !inline.is_empty() {
                let names: Vec<&str> = inline.iter().map(|p| p.policy_name.as_str()).collect();
                return Outcome::Fail(Evidence::at(
                    "inline_policies",
                    format!("user {name} has inline policies: {}", names.join(", ")),
                ));
            }
        }
        if let Err(reason) = user.attached_policies.get() {
            return Outcome::unknown(format!("attached policies of user {name}: {reason}"));
        }
        if let Err(reason) = user.inline_policies.get() {
            return Outcome::unknown(format!("inline policies of user {name}: {reason}"));
        }
        Outcome::pass(format!(
            "user {name} has no attached or inline policies of its own"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, policy::PolicyDocument, test_support, Attributes, Status, Value};

    fn judge(
        attached: Value<Vec<iam::AttachedPolicy>>,
        inline: Value<Vec<iam::InlinePolicy>>,
    ) -> Outcome {
        let r = test_support::global(
            "erin",
            Attributes::IamUser(iam::User {
                user_name: "erin".into(),
                attached_policies: attached,
                inline_policies: inline,
                groups: Value::Known(vec!["analysts".into()]),
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamUserPermissionsThroughGroups, &r, &Inventory::new())
    }

    #[test]
    fn no_own_policies_pass() {
        assert_eq!(
            judge(Value::Known(vec![]), Value::Known(vec![])).status(),
            Status::Pass
        );
    }

    #[test]
    fn attached_policy_fails_naming_it() {
        let attached = vec![iam::AttachedPolicy {
            policy_name: "ReadOnlyAccess".into(),
            policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
        }];
        let outcome = judge(Value::Known(attached), Value::unknown("denied"));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("attached_policies"));
        assert!(e.message.contains("ReadOnlyAccess"));
    }

    #[test]
    fn inline_policy_fails() {
        let inline = vec![iam::InlinePolicy {
            policy_name: "s3-access".into(),
            document: Value::Known(PolicyDocument(serde_json::json!({"Statement": []}))),
        }];
        assert_eq!(
            judge(Value::Known(vec![]), Value::Known(inline)).status(),
            Status::Fail
        );
    }

    #[test]
    fn unknown_lists_are_unknown() {
        assert_eq!(
            judge(
                Value::Known(vec![]),
                Value::unknown("ListUserPolicies denied")
            )
            .status(),
            Status::Unknown
        );
        assert_eq!(
            judge(Value::unknown("denied"), Value::Known(vec![])).status(),
            Status::Unknown
        );
    }
}
