//! AWS Organizations rules (CIS v7.0.0 2.1.x, checked in part): the account is governed by an
//! organization with every feature, guardrail SCPs, delegated administrators, no workloads in
//! the management account, centralized root access.

mod organizations_all_features_enabled;
mod organizations_centralized_root_access_enabled;
mod organizations_delegated_administrators_registered;
mod organizations_management_account_no_workloads;
pub mod organizations_members_run_management_security_services;
mod organizations_scp_guardrails_attached;

use cloudward_model::organizations::{Membership, Organization};
use cloudward_model::Outcome;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &organizations_all_features_enabled::OrganizationsAllFeaturesEnabled,
    &organizations_scp_guardrails_attached::OrganizationsScpGuardrailsAttached,
    &organizations_delegated_administrators_registered::OrganizationsDelegatedAdministratorsRegistered,
    &organizations_management_account_no_workloads::OrganizationsManagementAccountNoWorkloads,
    &organizations_centralized_root_access_enabled::OrganizationsCentralizedRootAccessEnabled,
    &organizations_members_run_management_security_services::OrganizationsMembersRunManagementSecurityServices,
];

/// The organization the account belongs to; `Err` is the outcome when it belongs to none
/// (`not_member`) or that could not be read.
pub(super) fn membership(
    org: &Organization,
    not_member: impl FnOnce() -> Outcome,
) -> Result<&Membership, Outcome> {
    match org.membership.get() {
        Err(reason) => Err(Outcome::unknown(reason)),
        Ok(None) => Err(not_member()),
        Ok(Some(m)) => Ok(m),
    }
}

#[cfg(test)]
pub(super) mod testing {
    use cloudward_model::organizations::{Membership, Organization};
    use cloudward_model::{test_support, Attributes, Resource, Value};

    /// The scanned account of the tests.
    pub(crate) const ACCOUNT: &str = test_support::TEST_ACCOUNT;

    /// An organization of all features whose management account is `management`.
    pub(crate) fn member_of(management: &str) -> Value<Option<Membership>> {
        Value::Known(Some(Membership {
            id: "o-abc123".into(),
            arn: "arn:aws:organizations::111111111111:organization/o-abc123".into(),
            feature_set: Value::Known("ALL".into()),
            management_account_id: management.into(),
        }))
    }

    /// The account's organization resource.
    pub(crate) fn resource(org: Organization) -> Resource {
        test_support::global(
            "organization",
            Attributes::OrganizationsOrganization(Organization {
                account_id: ACCOUNT.into(),
                ..org
            }),
        )
    }
}
