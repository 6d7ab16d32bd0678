//! Service control policies other than FullAWSAccess guard the organization's accounts.

use cloudward_model::organizations::{Organization, FULL_AWS_ACCESS};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::membership;
use crate::Check;

/// Reads `ListPolicies` (`SERVICE_CONTROL_POLICY`) and `ListTargetsForPolicy` for each: passes
/// when a policy other than `p-FullAWSAccess` (which allows everything) is attached to the
/// root, an OU or an account, and names where. Only the management account or a delegated
/// administrator can list policies: from a member account the listing is denied and the
/// verdict Unknown. The OU tree is not read, so an SCP attached to one OU passes even if
/// other OUs have none (the evidence names its targets). In code,
/// `aws_organizations_policy` + `aws_organizations_policy_attachment`, and
/// `AWS::Organizations::Policy` `TargetIds`.
pub struct OrganizationsScpGuardrailsAttached;

const META: RuleMeta = RuleMeta {
    id: "organizations-scp-guardrails-attached",
    title: "Service control policies guard the organization's accounts",
    severity: Severity::Medium,
    service: "organizations",
    kinds: Organization::KINDS,
    checks: "Whether a service control policy other than the AWS managed FullAWSAccess is \
             attached to the organization root, an organizational unit or an account \
             (`ListPolicies`, `ListTargetsForPolicy`); names the policies and their targets.",
    rationale: "SCPs are the guardrails no principal of a member account can lift, not even \
                its root user or an administrator: deny leaving the organization, disabling \
                CloudTrail, GuardDuty or Config, using unapproved regions. With only \
                FullAWSAccess attached, anyone who compromises an administrator of a member \
                account can switch off its detection and logging.",
    remediation: Remediation {
        console: "AWS Organizations console (management account) > Policies > Service control \
                  policies > Create policy (deny the actions no account may take) > Targets > \
                  Attach to the root or the OUs.",
        cli: "aws organizations create-policy --type SERVICE_CONTROL_POLICY --name guardrails \
              --description \"baseline guardrails\" --content file://guardrails.json\n\
              aws organizations attach-policy --policy-id <p-id> --target-id <r-root-id>",
        terraform: "resource \"aws_organizations_policy\" \"guardrails\" {\n  \
                    name    = \"guardrails\"\n  \
                    type    = \"SERVICE_CONTROL_POLICY\"\n  \
                    content = data.aws_iam_policy_document.guardrails.json\n}\n\n\
                    resource \"aws_organizations_policy_attachment\" \"root\" {\n  \
                    policy_id = aws_organizations_policy.guardrails.id\n  \
                    target_id = aws_organizations_organization.main.roots[0].id\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html",
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.1.2"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP05", "SEC01-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_organizations_organization\" \"main\" {\n  feature_set          = \"ALL\"\n  enabled_policy_types = [\"SERVICE_CONTROL_POLICY\"]\n}\n\nresource \"aws_organizations_policy\" \"guardrails\" {\n  name    = \"guardrails\"\n  content = \"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Deny\\\",\\\"Action\\\":\\\"organizations:LeaveOrganization\\\",\\\"Resource\\\":\\\"*\\\"}]}\"\n}\n",
        terraform_good: "resource \"aws_organizations_organization\" \"main\" {\n  feature_set          = \"ALL\"\n  enabled_policy_types = [\"SERVICE_CONTROL_POLICY\"]\n}\n\nresource \"aws_organizations_policy\" \"guardrails\" {\n  name    = \"guardrails\"\n  content = \"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Deny\\\",\\\"Action\\\":\\\"organizations:LeaveOrganization\\\",\\\"Resource\\\":\\\"*\\\"}]}\"\n}\n\nresource \"aws_organizations_policy_attachment\" \"workloads\" {\n  policy_id = aws_organizations_policy.guardrails.id\n  target_id = \"ou-abcd-12345678\"\n}\n",
        cloudformation_bad: "Resources:\n  Org:\n    Type: AWS::Organizations::Organization\n    Properties:\n      FeatureSet: ALL\n  Guardrails:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: guardrails\n      Type: SERVICE_CONTROL_POLICY\n      Content:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Deny\n            Action: organizations:LeaveOrganization\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  Org:\n    Type: AWS::Organizations::Organization\n    Properties:\n      FeatureSet: ALL\n  Guardrails:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: guardrails\n      Type: SERVICE_CONTROL_POLICY\n      TargetIds:\n        - ou-abcd-12345678\n      Content:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Deny\n            Action: organizations:LeaveOrganization\n            Resource: '*'\n",
    },
    file: file!(),
};

impl Check for OrganizationsScpGuardrailsAttached {
    type Subject = Organization;
    const META: &'static RuleMeta = &META;

    fn judge(&self, org: &Organization, _: &Resource, _: &Inventory) -> Outcome {
        if let Err(outcome) = membership(org, || {
            Outcome::Fail(Evidence::at(
                "scps",
                "the account belongs to no AWS organization, so no service control policy \
                 limits it",
            ))
        }) {
            return outcome;
        }
        let scps = match org.scps.get() {
            Ok(s) => s,
            Err(reason) => return Outcome::unknown(reason),
        };
        let mut attached = Vec::new();
        let mut unknown = Vec::new();
        let mut unattached = Vec::new();
        for p in scps.iter().filter(|p| p.id != FULL_AWS_ACCESS) {
            match p.targets.get() {
                Err(reason) => unknown.push(format!("{}: {reason}", p.name)),
                Ok(t) if t.is_empty() => unattached.push(p.name.clone()),
                Ok(t) => {
                    let to: Vec<String> = t
                        .iter()
                        .map(|t| format!("{} {}", t.r#type.to_lowercase(), t.target_id))
                        .collect();
                    attached.push(format!("{} (attached to {})", p.name, to.join(", ")));
                }
            }
        }
        if !attached.is_empty() {
            return Outcome::Pass(Evidence::at(
                "scps",
                format!("guardrail SCPs: {}", attached.join("; ")),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(unknown.join("; "));
        }
        Outcome::Fail(Evidence::at(
            "scps",
            if unattached.is_empty() {
                "no service control policy other than FullAWSAccess exists".to_string()
            } else {
                format!(
                    "SCPs {} exist but are attached to nothing; only FullAWSAccess applies",
                    unattached.join(", ")
                )
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizations::testing::{member_of, resource};
    use crate::rule::testing;
    use cloudward_model::organizations::{Scp, Target};
    use cloudward_model::{Status, Value};

    fn scp(id: &str, targets: Value<Vec<Target>>) -> Scp {
        Scp {
            id: id.into(),
            name: id.into(),
            aws_managed: id == FULL_AWS_ACCESS,
            targets,
            ..Default::default()
        }
    }

    fn root() -> Value<Vec<Target>> {
        Value::Known(vec![Target {
            target_id: "r-ab12".into(),
            name: "Root".into(),
            r#type: "ROOT".into(),
        }])
    }

    fn judge(scps: Value<Vec<Scp>>) -> Status {
        testing::judge(
            &OrganizationsScpGuardrailsAttached,
            &resource(Organization {
                membership: member_of("111111111111"),
                scps,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn an_attached_guardrail_passes() {
        let s = vec![scp(FULL_AWS_ACCESS, root()), scp("p-guard", root())];
        assert_eq!(judge(Value::Known(s)), Status::Pass);
    }

    #[test]
    fn full_access_only_or_unattached_fails() {
        assert_eq!(
            judge(Value::Known(vec![scp(FULL_AWS_ACCESS, root())])),
            Status::Fail
        );
        assert_eq!(
            judge(Value::Known(vec![scp("p-guard", Value::Known(vec![]))])),
            Status::Fail
        );
        let standalone = resource(Organization {
            membership: Value::Known(None),
            ..Default::default()
        });
        assert_eq!(
            testing::judge(&OrganizationsScpGuardrailsAttached, &standalone),
            Status::Fail
        );
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
        assert_eq!(
            judge(Value::Known(vec![scp("p-guard", Value::unknown("denied"))])),
            Status::Unknown
        );
    }
}
