//! Root access of member accounts is managed centrally.

use cloudward_model::organizations::Organization;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::membership;
use crate::Check;

/// Reads `iam:ListOrganizationsFeatures` `EnabledFeatures`: both `RootCredentialsManagement`
/// (member accounts' root credentials can be removed) and `RootSessions` (privileged root
/// tasks run from the management account) must be on. Callable from the management account or
/// IAM's delegated administrator; elsewhere it is refused and the verdict Unknown. In
/// Terraform, `aws_iam_organizations_features`.
pub struct OrganizationsCentralizedRootAccessEnabled;

const FEATURES: &[&str] = &["RootCredentialsManagement", "RootSessions"];

const META: RuleMeta = RuleMeta {
    id: "organizations-centralized-root-access-enabled",
    title: "Root access of member accounts is managed centrally",
    severity: Severity::Medium,
    service: "organizations",
    kinds: Organization::KINDS,
    checks: "Whether IAM's centralized root access features for the organization \
             (`iam:ListOrganizationsFeatures`) include RootCredentialsManagement and \
             RootSessions; names the missing ones.",
    rationale: "Every member account has a root user with a password that can be reset \
                through the account's email. Centralized root access lets the organization \
                delete those credentials and perform the few root-only tasks through \
                short-lived sessions from the management account, so no member account keeps \
                a standing root credential to phish or leak.",
    remediation: Remediation {
        console: "IAM console (management account) > Root access management > Enable: both \
                  Root credentials management and Privileged root actions in member accounts.",
        cli: "aws organizations enable-aws-service-access --service-principal iam.amazonaws.com\n\
              aws iam enable-organizations-root-credentials-management\n\
              aws iam enable-organizations-root-sessions",
        terraform: "resource \"aws_iam_organizations_features\" \"root\" {\n  \
                    enabled_features = [\"RootCredentialsManagement\", \"RootSessions\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.1.1"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC01-BP02", "SEC02-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_organizations_organization\" \"main\" {\n  feature_set                   = \"ALL\"\n  aws_service_access_principals = [\"iam.amazonaws.com\"]\n}\n\nresource \"aws_iam_organizations_features\" \"root\" {\n  enabled_features = [\"RootCredentialsManagement\"]\n}\n",
        terraform_good: "resource \"aws_organizations_organization\" \"main\" {\n  feature_set                   = \"ALL\"\n  aws_service_access_principals = [\"iam.amazonaws.com\"]\n}\n\nresource \"aws_iam_organizations_features\" \"root\" {\n  enabled_features = [\"RootCredentialsManagement\", \"RootSessions\"]\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for OrganizationsCentralizedRootAccessEnabled {
    type Subject = Organization;
    const META: &'static RuleMeta = &META;

    fn judge(&self, org: &Organization, _: &Resource, _: &Inventory) -> Outcome {
        if let Err(outcome) = membership(org, || {
            Outcome::Fail(Evidence::at(
                "root_access_features",
                "the account belongs to no AWS organization, so its root access cannot be \
                 managed centrally",
            ))
        }) {
            return outcome;
        }
        let enabled = match org.root_access_features.get() {
            Ok(f) => f,
            Err(reason) => return Outcome::unknown(reason),
        };
        let missing: Vec<&str> = FEATURES
            .iter()
            .copied()
            .filter(|f| !enabled.iter().any(|e| e == f))
            .collect();
        if missing.is_empty() {
            Outcome::Pass(Evidence::at(
                "root_access_features",
                "root credentials management and root sessions are enabled",
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "root_access_features",
                format!("not enabled: {}", missing.join(", ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizations::testing::{member_of, resource};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(features: Value<Vec<String>>) -> Status {
        testing::judge(
            &OrganizationsCentralizedRootAccessEnabled,
            &resource(Organization {
                membership: member_of("111111111111"),
                root_access_features: features,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn both_features_pass() {
        let f = FEATURES.iter().map(|f| f.to_string()).collect();
        assert_eq!(judge(Value::Known(f)), Status::Pass);
    }

    #[test]
    fn a_missing_feature_fails() {
        assert_eq!(
            judge(Value::Known(vec!["RootSessions".into()])),
            Status::Fail
        );
        assert_eq!(judge(Value::Known(vec![])), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
