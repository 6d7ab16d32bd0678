//! IAM Identity Center manages the account's users.

use cloudward_model::ssoadmin::Instances;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `sso-admin:ListInstances` in every collected region: an instance passes. None fails,
/// except in a member account of an organization (known from the collected Organizations
/// membership), which cannot see its organization's instance: that is Unknown, to be judged
/// from the management account. CIS 1.20 (v7 2.19) is manual: an instance existing is the part
/// an API can show, not that every human user signs in through it. CloudFormation's
/// `AWS::SSO::Instance` declares an account instance; Terraform has no resource that creates
/// one.
pub struct SsoadminIdentityCenterEnabled;

const META: RuleMeta = RuleMeta {
    id: "ssoadmin-identity-center-enabled",
    title: "IAM Identity Center is enabled for central user management",
    severity: Severity::Medium,
    service: "ssoadmin",
    kinds: Instances::KINDS,
    checks: "Whether an IAM Identity Center instance exists (`ListInstances` in each collected \
             region). In a member account with no visible instance the verdict is Unknown: \
             the organization instance lives in the management account.",
    rationale: "Identity Center gives people short-lived credentials from one directory (or \
                an external identity provider), with MFA and one place to remove access when \
                someone leaves. Without it, users are IAM users with long-lived passwords and \
                keys in every account, which is where most credential leaks start.",
    remediation: Remediation {
        console: "IAM Identity Center console (management account, home region) > Enable > \
                  Enable with AWS Organizations; connect the identity provider, create \
                  permission sets, then move people off IAM users.",
        cli: "aws sso-admin create-instance --name <name>   # account instance; an organization \
              instance is enabled from the console of the management account",
        terraform: "# Identity Center is enabled from the console; Terraform then manages it:\n\
                    data \"aws_ssoadmin_instances\" \"main\" {}\n\n\
                    resource \"aws_ssoadmin_permission_set\" \"admin\" {\n  \
                    name         = \"Administrator\"\n  \
                    instance_arn = tolist(data.aws_ssoadmin_instances.main.arns)[0]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/singlesignon/latest/userguide/get-set-up-for-idc.html",
        "https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListInstances.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.19"],
        cis_v6: &["2.20"],
        cis_v5: &["1.20"],
        cis_v3: &["1.21"],
        fsbp: &[],
        well_architected: &["SEC02-BP04", "SEC01-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "Resources:\n  IdentityCenter:\n    Type: AWS::SSO::Instance\n    Properties:\n      Name: main\n",
    },
    file: file!(),
};

/// The management account when the inventory shows the scanned account is a member of an
/// organization managed elsewhere.
fn managed_elsewhere(inventory: &Inventory, account: &str) -> Option<String> {
    inventory
        .resources
        .iter()
        .filter_map(|r| r.as_organizations_organization())
        .find_map(|o| match o.membership.known() {
            Some(Some(m))
                if !m.management_account_id.is_empty() && m.management_account_id != account =>
            {
                Some(m.management_account_id.clone())
            }
            _ => None,
        })
}

impl Check for SsoadminIdentityCenterEnabled {
    type Subject = Instances;
    const META: &'static RuleMeta = &META;

    fn judge(&self, found: &Instances, _: &Resource, inventory: &Inventory) -> Outcome {
        let instances = match found.instances.get() {
            Ok(i) => i,
            Err(reason) => return Outcome::unknown(reason),
        };
        if let Some(i) = instances.first() {
            return Outcome::Pass(Evidence::at(
                "instances",
                format!(
                    "Identity Center instance {} in {} (owner {})",
                    i.instance_arn, i.region, i.owner_account_id
                ),
            ));
        }
        if let Some(management) = managed_elsewhere(inventory, &found.account_id) {
            return Outcome::unknown(format!(
                "no instance is visible from this member account; an organization instance \
                 lives in management account {management}: scan it there"
            ));
        }
        Outcome::Fail(Evidence::at(
            "instances",
            "no IAM Identity Center instance exists in the collected regions",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::organizations::{Membership, Organization};
    use cloudward_model::ssoadmin::Instance;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn sso(instances: Value<Vec<Instance>>) -> Resource {
        test_support::global(
            "identity-center",
            Attributes::SsoAdminInstances(Instances {
                account_id: test_support::TEST_ACCOUNT.into(),
                instances,
            }),
        )
    }

    #[test]
    fn an_instance_passes() {
        let i = Instance {
            instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
            region: "us-east-1".into(),
            ..Default::default()
        };
        assert_eq!(
            testing::judge(&SsoadminIdentityCenterEnabled, &sso(Value::Known(vec![i]))),
            Status::Pass
        );
    }

    #[test]
    fn none_fails_in_a_standalone_account_and_is_unknown_in_a_member() {
        let r = sso(Value::Known(vec![]));
        assert_eq!(
            testing::judge(&SsoadminIdentityCenterEnabled, &r),
            Status::Fail
        );
        let mut inv = Inventory::new();
        inv.push(test_support::global(
            "organization",
            Attributes::OrganizationsOrganization(Organization {
                account_id: test_support::TEST_ACCOUNT.into(),
                membership: Value::Known(Some(Membership {
                    management_account_id: "111111111111".into(),
                    ..Default::default()
                })),
                ..Default::default()
            }),
        ));
        assert_eq!(
            testing::judge_in(&SsoadminIdentityCenterEnabled, &r, &inv),
            Status::Unknown
        );
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(
            testing::judge(
                &SsoadminIdentityCenterEnabled,
                &sso(Value::unknown("denied"))
            ),
            Status::Unknown
        );
    }
}
