//! Roles nobody has used for a long time are removed.

use cloudward_model::iam::Role;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Source, Subject,
};

use super::{age_days, collected_at, day};
use crate::Check;

/// Reads `RoleLastUsed.LastUsedDate` and `CreateDate` (both in
/// `GetAccountAuthorizationDetails`) and measures them against the collection time: a role
/// last used, or never used and created, `thresholds.role_unused_days` (90) or more days
/// before it fails. Service-linked roles are AWS's to manage and roles in code do not exist
/// yet: both are not applicable.
pub struct IamRoleUnused;

const META: RuleMeta = RuleMeta {
    id: "iam-role-unused",
    title: "IAM roles not used for 90 days are removed",
    severity: Severity::Low,
    service: "iam",
    kinds: Role::KINDS,
    checks: "For each role that is not service-linked, the days from its last use \
             (`RoleLastUsed`), or from its creation when IAM has no record of use, to the \
             collection time; 90 (`thresholds.role_unused_days`) or more fails.",
    rationale: "A role nobody assumes still carries its permissions and its trust: if the \
                trusted account, the CI system or the federated identity provider behind it is \
                ever compromised, the forgotten role is a ready-made way in, and nobody will \
                notice it being used. Removing unused roles shrinks what an intruder can reach.",
    remediation: Remediation {
        console: "IAM console > Roles > sort by Last activity > for each role unused for 90 days, \
                  confirm with its owner, then Delete (detach its policies and remove it from \
                  instance profiles first).",
        cli: "aws iam get-role --role-name <role> --query Role.RoleLastUsed\n\
              aws iam delete-role --role-name <role>",
        terraform: "# Delete the role's block, with its policy attachments, and apply; to keep\n\
                    # the role but see its use, read its last use from the provider:\n\
                    data \"aws_iam_role\" \"app\" {\n  name = \"<role>\"\n}\n\
                    output \"app_last_used\" {\n  value = data.aws_iam_role.app.role_last_used\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP04", "SEC02-BP05"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamRoleUnused {
    type Subject = Role;
    const META: &'static RuleMeta = &META;

    fn judge(&self, role: &Role, resource: &Resource, inventory: &Inventory) -> Outcome {
        let name = &role.role_name;
        if matches!(resource.source, Source::File(_)) {
            return Outcome::not_applicable("a role in code has no use history yet");
        }
        if role.path.starts_with("/aws-service-role/") {
            return Outcome::not_applicable(format!(
                "role {name} is service-linked: AWS manages it"
            ));
        }
        let now = match collected_at(inventory) {
            Ok(now) => now,
            Err(reason) => return Outcome::unknown(reason),
        };
        let limit = i64::from(inventory.settings.thresholds.role_unused_days);
        match role.last_used.get() {
            Err(reason) => Outcome::unknown(format!("last use of role {name}: {reason}")),
            Ok(Some(used)) => {
                let days = age_days(now, *used);
                let message = format!(
                    "role {name} was last used on {} ({days} days before collection)",
                    day(*used)
                );
                if days >= limit {
                    Outcome::Fail(Evidence::at("last_used", message))
                } else {
                    Outcome::Pass(Evidence::at("last_used", message))
                }
            }
            Ok(None) => match role.create_date.get() {
                Err(reason) => Outcome::unknown(format!(
                    "role {name} has no recorded use, and its creation date: {reason}"
                )),
                Ok(created) => {
                    let days = age_days(now, *created);
                    let message = format!(
                        "role {name} has no recorded use since it was created on {} ({days} days before collection)",
                        day(*created)
                    );
                    if days >= limit {
                        Outcome::Fail(Evidence::at("last_used", message))
                    } else {
                        Outcome::Pass(Evidence::at("last_used", message))
                    }
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use chrono::{DateTime, Duration, Utc};
    use cloudward_model::{iam, test_support, Attributes, Status, Value};

    fn now() -> DateTime<Utc> {
        "2026-12-01T00:00:00Z".parse().expect("a date")
    }

    fn judge(path: &str, created_days_ago: i64, used_days_ago: Option<i64>) -> Status {
        let r = test_support::global(
            "app",
            Attributes::IamRole(iam::Role {
                role_name: "app".into(),
                path: path.into(),
                create_date: Value::Known(now() - Duration::days(created_days_ago)),
                last_used: Value::Known(used_days_ago.map(|d| now() - Duration::days(d))),
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.collected_at = Some(now());
        testing::judge_in(&IamRoleUnused, &r, &inventory)
    }

    #[test]
    fn recent_use_or_a_new_role_passes() {
        assert_eq!(judge("/", 400, Some(3)), Status::Pass);
        assert_eq!(judge("/", 10, None), Status::Pass);
    }

    #[test]
    fn long_unused_or_never_used_old_roles_fail() {
        assert_eq!(judge("/", 400, Some(90)), Status::Fail);
        assert_eq!(judge("/", 120, None), Status::Fail);
    }

    #[test]
    fn service_linked_roles_are_not_applicable_and_missing_data_is_unknown() {
        assert_eq!(
            judge("/aws-service-role/ecs.amazonaws.com/", 400, None),
            Status::NotApplicable
        );
        let r = test_support::global(
            "app",
            Attributes::IamRole(iam::Role {
                role_name: "app".into(),
                path: "/".into(),
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.collected_at = Some(now());
        assert_eq!(
            testing::judge_in(&IamRoleUnused, &r, &inventory),
            Status::Unknown
        );
        assert_eq!(testing::judge(&IamRoleUnused, &r), Status::Unknown);
    }
}
