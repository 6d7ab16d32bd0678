//! The account belongs to an AWS organization with all features enabled.

use cloudward_model::organizations::{Organization, ALL_FEATURES};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::membership;
use crate::Check;

/// Reads `DescribeOrganization`: `AWSOrganizationsNotInUseException` (no organization) fails;
/// `FeatureSet` must be `ALL` (consolidated billing alone allows no SCPs, no delegated
/// administrators, no organization trails). Access denied is Unknown. In code,
/// `aws_organizations_organization.feature_set` / `AWS::Organizations::Organization`
/// `FeatureSet` (both default `ALL`).
pub struct OrganizationsAllFeaturesEnabled;

const META: RuleMeta = RuleMeta {
    id: "organizations-all-features-enabled",
    title: "The account belongs to an AWS organization with all features enabled",
    severity: Severity::Medium,
    service: "organizations",
    kinds: Organization::KINDS,
    checks: "Whether the account is a member (or the management account) of an AWS \
             organization (`DescribeOrganization`) whose feature set is `ALL`.",
    rationale: "An organization with all features is what makes multi-account governance \
                possible: service control policies cap what any principal of a member \
                account can do, delegated administrators run GuardDuty, Security Hub and \
                Config for every account, and organization trails cannot be stopped from a \
                member. A standalone account, or consolidated billing only, has none of these \
                guardrails.",
    remediation: Remediation {
        console: "AWS Organizations console (management account) > Settings > Begin process \
                  to enable all features, then have every member account approve; for a \
                  standalone account, create an organization or accept an invitation.",
        cli: "aws organizations enable-all-features   # from the management account\n\
              aws organizations create-organization --feature-set ALL   # standalone account",
        terraform: "resource \"aws_organizations_organization\" \"main\" {\n  \
                    feature_set = \"ALL\"\n  \
                    enabled_policy_types = [\"SERVICE_CONTROL_POLICY\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html",
        "https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.1.2"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC01-BP01", "SEC03-BP05"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_organizations_organization\" \"main\" {\n  feature_set = \"CONSOLIDATED_BILLING\"\n}\n",
        terraform_good: "resource \"aws_organizations_organization\" \"main\" {\n  feature_set = \"ALL\"\n}\n",
        cloudformation_bad: "Resources:\n  Org:\n    Type: AWS::Organizations::Organization\n    Properties:\n      FeatureSet: CONSOLIDATED_BILLING\n",
        cloudformation_good: "Resources:\n  Org:\n    Type: AWS::Organizations::Organization\n    Properties:\n      FeatureSet: ALL\n",
    },
    file: file!(),
};

impl Check for OrganizationsAllFeaturesEnabled {
    type Subject = Organization;
    const META: &'static RuleMeta = &META;

    fn judge(&self, org: &Organization, _: &Resource, _: &Inventory) -> Outcome {
        let m = match membership(org, || {
            Outcome::Fail(Evidence::at(
                "membership",
                "the account belongs to no AWS organization",
            ))
        }) {
            Ok(m) => m,
            Err(outcome) => return outcome,
        };
        let label = if m.id.is_empty() {
            "the organization".to_string()
        } else {
            format!("organization {}", m.id)
        };
        match m.feature_set.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(f) if f == ALL_FEATURES => Outcome::Pass(Evidence::at(
                "membership",
                format!("{label} has all features enabled"),
            )),
            Ok(f) => Outcome::Fail(Evidence::at(
                "membership",
                format!(
                    "{label} has feature set {f}, not ALL: no SCPs or delegated administrators"
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizations::testing::{member_of, resource};
    use crate::rule::testing;
    use cloudward_model::organizations::Membership;
    use cloudward_model::{Status, Value};

    fn judge(membership: Value<Option<Membership>>) -> Status {
        testing::judge(
            &OrganizationsAllFeaturesEnabled,
            &resource(Organization {
                membership,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn all_features_passes() {
        assert_eq!(judge(member_of("111111111111")), Status::Pass);
    }

    #[test]
    fn no_organization_or_billing_only_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        let Value::Known(Some(mut m)) = member_of("111111111111") else {
            unreachable!()
        };
        m.feature_set = Value::Known("CONSOLIDATED_BILLING".into());
        assert_eq!(judge(Value::Known(Some(m))), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
