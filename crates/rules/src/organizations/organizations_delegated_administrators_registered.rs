//! GuardDuty, Security Hub and AWS Config are run by a delegated administrator.

use cloudward_model::organizations::Organization;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::membership;
use crate::Check;

/// Reads `ListDelegatedAdministrators` filtered on each service principal below. Only the
/// management account or a delegated administrator may call it; from a member account it is
/// denied and the verdict Unknown. In Terraform, `aws_organizations_delegated_administrator`;
/// a principal the code registers no administrator for is Unknown (it may be registered
/// elsewhere).
pub struct OrganizationsDelegatedAdministratorsRegistered;

/// The service principals that must have a delegated administrator, with the service's name.
pub(crate) const PRINCIPALS: &[(&str, &str)] = &[
    ("guardduty.amazonaws.com", "GuardDuty"),
    ("securityhub.amazonaws.com", "Security Hub"),
    ("config.amazonaws.com", "AWS Config"),
];

const META: RuleMeta = RuleMeta {
    id: "organizations-delegated-administrators-registered",
    title: "GuardDuty, Security Hub and AWS Config have a delegated administrator",
    severity: Severity::Medium,
    service: "organizations",
    kinds: Organization::KINDS,
    checks: "For each of guardduty.amazonaws.com, securityhub.amazonaws.com and \
             config.amazonaws.com, whether the organization registers a delegated \
             administrator account (`ListDelegatedAdministrators`); names the services \
             without one.",
    rationale: "A delegated administrator (a security tooling account) runs the security \
                services for every account of the organization, enables them automatically in \
                new accounts and keeps their findings out of the reach of workload accounts, \
                while the management account, which SCPs cannot restrict, stays unused. \
                Without one, each account manages (and can switch off) its own detection.",
    remediation: Remediation {
        console: "From the management account: GuardDuty console > Settings > Delegated \
                  administrator; Security Hub console > Settings > General > Delegated \
                  administrator; for AWS Config, register the account with the CLI below.",
        cli: "aws guardduty enable-organization-admin-account --admin-account-id <security-account-id>\n\
              aws securityhub enable-organization-admin-account --admin-account-id <security-account-id>\n\
              aws organizations register-delegated-administrator --account-id <security-account-id> --service-principal config.amazonaws.com",
        terraform: "resource \"aws_organizations_delegated_administrator\" \"config\" {\n  \
                    account_id        = \"<security-account-id>\"\n  \
                    service_principal = \"config.amazonaws.com\"\n}\n\n\
                    resource \"aws_guardduty_organization_admin_account\" \"main\" {\n  \
                    admin_account_id = \"<security-account-id>\"\n}\n\n\
                    resource \"aws_securityhub_organization_admin_account\" \"main\" {\n  \
                    admin_account_id = \"<security-account-id>\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_delegated_admin.html",
        "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.1.6"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC01-BP01", "SEC04-BP02"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "resource \"aws_organizations_organization\" \"main\" {\n  feature_set = \"ALL\"\n}\n\nresource \"aws_organizations_delegated_administrator\" \"guardduty\" {\n  account_id        = \"222222222222\"\n  service_principal = \"guardduty.amazonaws.com\"\n}\n\nresource \"aws_organizations_delegated_administrator\" \"securityhub\" {\n  account_id        = \"222222222222\"\n  service_principal = \"securityhub.amazonaws.com\"\n}\n\nresource \"aws_organizations_delegated_administrator\" \"config\" {\n  account_id        = \"222222222222\"\n  service_principal = \"config.amazonaws.com\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for OrganizationsDelegatedAdministratorsRegistered {
    type Subject = Organization;
    const META: &'static RuleMeta = &META;

    fn judge(&self, org: &Organization, _: &Resource, _: &Inventory) -> Outcome {
        if let Err(outcome) = membership(org, || {
            Outcome::Fail(Evidence::at(
                "delegated_administrators",
                "the account belongs to no AWS organization, so no delegated administrator \
                 can run its security services",
            ))
        }) {
            return outcome;
        }
        let mut missing = Vec::new();
        let mut unknown = Vec::new();
        let mut found = Vec::new();
        for (principal, name) in PRINCIPALS {
            match org
                .delegated_administrators
                .get(*principal)
                .map(|v| v.get())
            {
                None => unknown.push(format!("{name}: not collected")),
                Some(Err(reason)) => unknown.push(format!("{name}: {reason}")),
                Some(Ok(accounts)) if accounts.is_empty() => missing.push(*name),
                Some(Ok(accounts)) => found.push(format!("{name} by {}", accounts.join(", "))),
            }
        }
        if !missing.is_empty() {
            return Outcome::Fail(Evidence::at(
                "delegated_administrators",
                format!("no delegated administrator for {}", missing.join(", ")),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(unknown.join("; "));
        }
        Outcome::Pass(Evidence::at(
            "delegated_administrators",
            format!("administered: {}", found.join("; ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizations::testing::{member_of, resource};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};
    use std::collections::BTreeMap;

    fn judge(admins: &[(&str, Value<Vec<String>>)]) -> Status {
        let map: BTreeMap<String, Value<Vec<String>>> = admins
            .iter()
            .map(|(p, v)| ((*p).to_string(), v.clone()))
            .collect();
        testing::judge(
            &OrganizationsDelegatedAdministratorsRegistered,
            &resource(Organization {
                membership: member_of("111111111111"),
                delegated_administrators: map,
                ..Default::default()
            }),
        )
    }

    fn admin() -> Value<Vec<String>> {
        Value::Known(vec!["222222222222".into()])
    }

    #[test]
    fn all_three_registered_passes() {
        let all: Vec<_> = PRINCIPALS.iter().map(|(p, _)| (*p, admin())).collect();
        assert_eq!(judge(&all), Status::Pass);
    }

    #[test]
    fn a_missing_administrator_fails() {
        let some = [
            ("guardduty.amazonaws.com", admin()),
            ("securityhub.amazonaws.com", Value::Known(vec![])),
            ("config.amazonaws.com", Value::unknown("denied")),
        ];
        assert_eq!(judge(&some), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        let unread: Vec<_> = PRINCIPALS
            .iter()
            .map(|(p, _)| (*p, Value::unknown("AccessDenied")))
            .collect();
        assert_eq!(judge(&unread), Status::Unknown);
        assert_eq!(judge(&[]), Status::Unknown);
    }
}
