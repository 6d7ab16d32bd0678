//! Access to AWSCloudShellFullAccess is restricted.

use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{aws_managed_name, Principal, PrincipalPolicies};
use crate::Check;

/// Reads the managed policies attached to each user, group and role and fails where
/// `AWSCloudShellFullAccess` is one of them. Judging the principals (rather than the AWS managed
/// policy's `ListEntitiesForPolicy`) works from code too, and points at the attachment.
pub struct IamCloudshellFullAccessRestricted;

/// The AWS managed policy CIS names.
/// Matched by name in any partition (`aws`, `aws-cn`, `aws-us-gov`).
const CLOUDSHELL_FULL_ACCESS: &str = "AWSCloudShellFullAccess";

const META: RuleMeta = RuleMeta {
    id: "iam-cloudshell-full-access-restricted",
    title: "No IAM user, group or role has the AWSCloudShellFullAccess policy attached",
    severity: Severity::Medium,
    service: "iam",
    kinds: Principal::KINDS,
    checks: "For each IAM user, group and role, whether the AWS managed policy \
             `AWSCloudShellFullAccess` is attached to it.",
    rationale: "AWSCloudShellFullAccess allows uploading and downloading files to and from the \
                CloudShell environment and full internet egress from it, a ready-made channel \
                to move data out of the account with the holder's credentials. CIS recommends \
                granting a scoped custom policy (for example, denying file transfer) instead.",
    remediation: Remediation {
        console: "IAM console > Policies > AWSCloudShellFullAccess > Entities attached > select \
                  each user, group and role > Detach; grant a custom policy that allows \
                  `cloudshell:*` but denies `cloudshell:GetFileDownloadUrls` and \
                  `cloudshell:GetFileUploadUrls` where CloudShell is needed.",
        cli: "aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess\n\
              aws iam detach-role-policy --role-name <role> \
              --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
        terraform: "data \"aws_iam_policy_document\" \"cloudshell\" {\n  \
                    statement {\n    \
                    actions   = [\"cloudshell:*\"]\n    \
                    resources = [\"*\"]\n  }\n  \
                    statement {\n    \
                    effect    = \"Deny\"\n    \
                    actions   = [\"cloudshell:GetFileDownloadUrls\", \"cloudshell:GetFileUploadUrls\"]\n    \
                    resources = [\"*\"]\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html",
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCloudShellFullAccess.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.20"],
        cis_v6: &["2.21"],
        cis_v5: &["1.21"],
        cis_v3: &["1.22"],
        fsbp: &[],
        well_architected: &["SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_group_policy_attachment" "cloudshell" {
  group      = aws_iam_group.developers.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
}
"#,
        terraform_good: r#"resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_group_policy_attachment" "read_only" {
  group      = aws_iam_group.developers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
        cloudformation_bad: r#"Resources:
  Developers:
    Type: AWS::IAM::Group
    Properties:
      GroupName: developers
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AWSCloudShellFullAccess
"#,
        cloudformation_good: r#"Resources:
  Developers:
    Type: AWS::IAM::Group
    Properties:
      GroupName: developers
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
"#,
    },
    file: file!(),
};

impl Check for IamCloudshellFullAccessRestricted {
    type Subject = Principal;
    const META: &'static RuleMeta = &META;

    fn judge(&self, p: PrincipalPolicies<'_>, _: &Resource, _: &Inventory) -> Outcome {
        let attached = match p.attached.get() {
            Ok(attached) => attached,
            Err(reason) => {
                return Outcome::unknown(format!("{}: attached policies: {reason}", p.label))
            }
        };
        match attached
            .iter()
            .position(|a| aws_managed_name(&a.policy_arn) == Some(CLOUDSHELL_FULL_ACCESS))
        {
            Some(i) => Outcome::Fail(Evidence::at(
                format!("attached_policies[{i}]"),
                format!("{} has AWSCloudShellFullAccess attached", p.label),
            )),
            None => Outcome::Pass(Evidence::at(
                "attached_policies",
                format!("{} does not have AWSCloudShellFullAccess attached", p.label),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, test_support, Attributes, Status, Value};

    fn judge(attached: Value<Vec<iam::AttachedPolicy>>) -> Outcome {
        let r = test_support::global(
            "developers",
            Attributes::IamGroup(iam::Group {
                group_name: "developers".into(),
                attached_policies: attached,
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamCloudshellFullAccessRestricted, &r, &Inventory::new())
    }

    fn policy(name: &str) -> iam::AttachedPolicy {
        iam::AttachedPolicy {
            policy_name: name.into(),
            policy_arn: format!("arn:aws:iam::aws:policy/{name}"),
        }
    }

    #[test]
    fn other_policies_pass() {
        let outcome = judge(Value::Known(vec![policy("ReadOnlyAccess")]));
        assert_eq!(outcome.status(), Status::Pass);
    }

    #[test]
    fn cloudshell_full_access_fails_at_the_attachment() {
        let outcome = judge(Value::Known(vec![
            policy("ReadOnlyAccess"),
            policy("AWSCloudShellFullAccess"),
        ]));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("attached_policies[1]"));
        assert!(e.message.contains("group developers"), "{}", e.message);
    }

    /// Issue 9: ARNs are partition-aware; the same policy in China or GovCloud must not pass.
    #[test]
    fn issue9_cloudshell_full_access_fails_in_every_partition() {
        for partition in ["aws-cn", "aws-us-gov"] {
            let outcome = judge(Value::Known(vec![iam::AttachedPolicy {
                policy_name: "AWSCloudShellFullAccess".into(),
                policy_arn: format!("arn:{partition}:iam::aws:policy/AWSCloudShellFullAccess"),
            }]));
            assert_eq!(outcome.status(), Status::Fail, "{partition}");
        }
        let customer = judge(Value::Known(vec![iam::AttachedPolicy {
            policy_name: "AWSCloudShellFullAccess".into(),
            policy_arn: "arn:aws:iam::123456789012:policy/AWSCloudShellFullAccess".into(),
        }]));
        assert_eq!(
            customer.status(),
            Status::Pass,
            "a customer policy of that name"
        );
    }

    #[test]
    fn unknown_attachments_are_unknown() {
        assert_eq!(judge(Value::unknown("denied")).status(), Status::Unknown);
    }
}
