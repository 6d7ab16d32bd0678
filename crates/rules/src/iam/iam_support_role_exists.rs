//! A role for managing incidents with AWS Support.

use cloudward_model::account::Account;
use cloudward_model::{
    iam, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Source, Subject,
};

use crate::Check;

/// Looks up the AWS managed `AWSSupportAccess` policy in the inventory and reads its
/// attachments (`ListEntitiesForPolicy`). CIS asks for a *role* (`PolicyRoles` not empty);
/// attachment only to users or groups fails, with a note. If the policy was not collected the
/// answer is Unknown (live) or not applicable (code, where AWS managed policies never appear).
pub struct IamSupportRoleExists;

/// The AWS managed policy CIS names.
const SUPPORT_POLICY_ARN: &str = "arn:aws:iam::aws:policy/AWSSupportAccess";

const META: RuleMeta = RuleMeta {
    id: "iam-support-role-exists",
    title: "An IAM role allows managing incidents with AWS Support",
    severity: Severity::Medium,
    service: "iam",
    kinds: Account::KINDS,
    checks: "Whether the AWS managed policy `AWSSupportAccess` is attached to at least one IAM \
             role (`ListEntitiesForPolicy` returns a `PolicyRoles` entry).",
    rationale: "During an incident the people who talk to AWS Support need to open and follow \
                cases without being handed administrator rights or root credentials. A \
                dedicated role, assumable by the incident team, gives exactly that.",
    remediation: Remediation {
        console:
            "IAM console > Roles > Create role > Trusted entity: AWS account (this account or \
                  your identity account) > Permissions: AWSSupportAccess > name it e.g. \
                  aws-support > Create role; allow your incident responders to assume it.",
        cli: "aws iam create-role --role-name aws-support \
              --assume-role-policy-document file://trust.json\n\
              aws iam attach-role-policy --role-name aws-support \
              --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
        terraform: "resource \"aws_iam_role\" \"support\" {\n  \
                    name = \"aws-support\"\n  \
                    assume_role_policy = jsonencode({\n    \
                    Version = \"2012-10-17\"\n    \
                    Statement = [{\n      \
                    Effect    = \"Allow\"\n      \
                    Action    = \"sts:AssumeRole\"\n      \
                    Principal = { AWS = \"arn:aws:iam::<account-id>:root\" }\n      \
                    Condition = { Bool = { \"aws:MultiFactorAuthPresent\" = \"true\" } }\n    \
                    }]\n  })\n}\n\n\
                    resource \"aws_iam_role_policy_attachment\" \"support\" {\n  \
                    role       = aws_iam_role.support.name\n  \
                    policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html",
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSupportAccess.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.15"],
        cis_v6: &["2.16"],
        cis_v5: &["1.16"],
        cis_v3: &["1.17"],
        fsbp: &[],
        well_architected: &["SEC10-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamSupportRoleExists {
    type Subject = Account;
    const META: &'static RuleMeta = &META;

    fn judge(&self, _account: &Account, resource: &Resource, inventory: &Inventory) -> Outcome {
        let policy = inventory
            .of_kind(ResourceKind::IamPolicy)
            .filter_map(Resource::as_iam_policy)
            .find(|p| p.arn == SUPPORT_POLICY_ARN);
        let Some(policy) = policy else {
            let from_code = matches!(resource.source, Source::File(_))
                || inventory
                    .resources
                    .iter()
                    .any(|r| matches!(r.source, Source::File(_)));
            if from_code {
                return Outcome::not_applicable(
                    "AWS managed policies such as AWSSupportAccess are not declared in code; \
                     scan the live account to judge this",
                );
            }
            if let Some(error) = inventory.errors_for(ResourceKind::IamPolicy).next() {
                return Outcome::unknown(error.reason());
            }
            return Outcome::unknown(
                "the AWSSupportAccess policy was not collected, so its attachments are unknown",
            );
        };
        let attachments = match policy.attachments.get() {
            Ok(attachments) => attachments,
            Err(reason) => {
                return Outcome::unknown(format!("AWSSupportAccess attachments: {reason}"))
            }
        };
        let roles: Vec<&str> = attachments
            .iter()
            .filter_map(|a| match a {
                iam::PolicyAttachment::Role(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        if !roles.is_empty() {
            return Outcome::Pass(Evidence::new(format!(
                "AWSSupportAccess is attached to role(s) {}",
                roles.join(", ")
            )));
        }
        let others: Vec<String> = attachments
            .iter()
            .map(|a| match a {
                iam::PolicyAttachment::User(n) => format!("user {n}"),
                iam::PolicyAttachment::Group(n) => format!("group {n}"),
                iam::PolicyAttachment::Role(n) => format!("role {n}"),
            })
            .collect();
        if others.is_empty() {
            Outcome::fail("AWSSupportAccess is attached to no IAM role")
        } else {
            Outcome::fail(format!(
                "AWSSupportAccess is attached to no IAM role, only to {}",
                others.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{
        account, test_support, Attributes, CollectionError, ErrorKind, Location, Status, Value,
    };

    fn account() -> Resource {
        test_support::global(
            "123456789012",
            Attributes::Account(account::Account {
                account_id: "123456789012".into(),
                enabled_regions: Value::Known(vec!["us-east-1".into()]),
            }),
        )
    }

    fn inventory_with(attachments: Option<Value<Vec<iam::PolicyAttachment>>>) -> Inventory {
        let mut inventory = Inventory::new();
        inventory.push(account());
        if let Some(attachments) = attachments {
            inventory.push(test_support::global(
                "AWSSupportAccess",
                Attributes::IamPolicy(iam::Policy {
                    policy_name: "AWSSupportAccess".into(),
                    arn: SUPPORT_POLICY_ARN.into(),
                    aws_managed: true,
                    document: Value::unknown("not needed"),
                    attachments,
                }),
            ));
        }
        inventory
    }

    fn judge(inventory: &Inventory) -> Outcome {
        testing::outcome_in(&IamSupportRoleExists, &account(), inventory)
    }

    #[test]
    fn attached_to_a_role_passes() {
        let inv = inventory_with(Some(Value::Known(vec![iam::PolicyAttachment::Role(
            "aws-support".into(),
        )])));
        assert_eq!(judge(&inv).status(), Status::Pass);
    }

    #[test]
    fn attached_only_to_a_user_fails_with_a_note() {
        let inv = inventory_with(Some(Value::Known(vec![iam::PolicyAttachment::User(
            "helpdesk".into(),
        )])));
        let outcome = judge(&inv);
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert!(e.message.contains("user helpdesk"), "{}", e.message);
        let unattached = inventory_with(Some(Value::Known(vec![])));
        assert_eq!(judge(&unattached).status(), Status::Fail);
    }

    #[test]
    fn policy_not_collected_is_unknown() {
        assert_eq!(judge(&inventory_with(None)).status(), Status::Unknown);
        let mut inv = inventory_with(None);
        inv.errors.push(CollectionError {
            service: "iam".into(),
            region: None,
            api: "ListPolicies".into(),
            kind: ErrorKind::AccessDenied,
            message: "AccessDenied".into(),
            kinds: vec![ResourceKind::IamPolicy],
            ..Default::default()
        });
        let Outcome::Unknown(reason) = judge(&inv) else {
            panic!("expected unknown");
        };
        assert!(reason.contains("ListPolicies"), "{reason}");
        let unknown_attachments = inventory_with(Some(Value::unknown("denied")));
        assert_eq!(judge(&unknown_attachments).status(), Status::Unknown);
    }

    #[test]
    fn code_inventory_is_not_applicable() {
        let mut inv = Inventory::new();
        let mut role = test_support::global(
            "aws_iam_role.app",
            Attributes::IamRole(iam::Role {
                role_name: "app".into(),
                ..Default::default()
            }),
        );
        role.source = Source::File(Location {
            path: "main.tf".into(),
            line: 1,
            column: 1,
        });
        inv.push(role);
        assert_eq!(judge(&inv).status(), Status::NotApplicable);
    }
}
