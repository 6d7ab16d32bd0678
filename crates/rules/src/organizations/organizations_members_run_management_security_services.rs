//! Member accounts run the security services the management account runs.
//!
//! A rule across accounts: an organization scan (`scan --org`, `scan --inventory DIR`,
//! `report --from`) keeps a small [`Baseline`] of every account as it judges it (the verdicts
//! of [`BASELINE_RULES`], per region) and, once every account is judged, compares each member
//! with the management account through [`judge_member`]. On one account's inventory the rule
//! gives no verdict ([`Check::applies`] is false): one account alone cannot say what the
//! organization expects.

use std::collections::BTreeMap;

use cloudward_model::organizations::Organization;
use cloudward_model::{
    Examples, Finding, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Status, Subject,
};

use crate::Check;

/// Judged across the accounts of an organization scan, never on one inventory.
pub struct OrganizationsMembersRunManagementSecurityServices;

/// The per-account rules whose verdicts say which security services an account runs, with
/// the service's name. Each is judged per region (or once, for a global one).
pub const BASELINE_RULES: &[(&str, &str)] = &[
    ("guardduty-enabled", "GuardDuty"),
    ("securityhub-enabled", "Security Hub"),
    ("config-recording-enabled", "AWS Config recording"),
    ("accessanalyzer-enabled", "IAM Access Analyzer"),
    ("macie2-enabled", "Macie"),
    ("inspector2-ec2-scanning-enabled", "Inspector EC2 scanning"),
    (
        "cloudtrail-multi-region-trail-enabled",
        "a multi-region CloudTrail trail",
    ),
];

/// The rule's id.
pub const ID: &str = "organizations-members-run-management-security-services";

const META: RuleMeta = RuleMeta {
    id: ID,
    title: "Member accounts run the security services the management account runs",
    severity: Severity::High,
    service: "organizations",
    kinds: Organization::KINDS,
    checks: "In an organization scan, for each member account and each of GuardDuty, Security \
             Hub, AWS Config recording, IAM Access Analyzer, Macie, Inspector EC2 scanning and \
             a multi-region CloudTrail trail: in every region where the management account \
             runs the service (its own rule passes there), whether the member runs it too. \
             Names the regions where it does not. Judged only across accounts: a one-account \
             scan gives no verdict.",
    rationale: "The management account's set-up is the organization's intent: a service turned \
                on there and missing in a member is usually a member created before auto-enable \
                was configured, or one where someone turned detection off. An intruder in that \
                account is not seen, and the organization-wide dashboards are silently short \
                of it.",
    remediation: Remediation {
        console: "From the delegated administrator (or the management account): GuardDuty, \
                  Security Hub, Macie and Inspector > Accounts > add the member and turn on \
                  auto-enable for new accounts; AWS Config: deploy the recorder with a \
                  CloudFormation StackSet or Config conformance pack to every account and \
                  region; CloudTrail: create an organization trail.",
        cli: "aws guardduty create-members --detector-id <admin-detector> --account-details AccountId=<member>,Email=<email>\n\
              aws guardduty update-organization-configuration --detector-id <admin-detector> --auto-enable-organization-members ALL\n\
              aws securityhub create-members --account-details AccountId=<member>\n\
              aws cloudtrail create-trail --name org-trail --s3-bucket-name <bucket> --is-organization-trail --is-multi-region-trail",
        terraform: "resource \"aws_guardduty_organization_configuration\" \"main\" {\n  \
                    detector_id                      = aws_guardduty_detector.admin.id\n  \
                    auto_enable_organization_members = \"ALL\"\n}\n\n\
                    resource \"aws_securityhub_organization_configuration\" \"main\" {\n  \
                    auto_enable = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/accounts-orgs-auto-enable.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC04-BP01", "SEC01-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for OrganizationsMembersRunManagementSecurityServices {
    type Subject = Organization;
    const META: &'static RuleMeta = &META;

    fn applies(&self, _: &Inventory) -> bool {
        false
    }

    fn judge(&self, _: &Organization, _: &Resource, _: &Inventory) -> Outcome {
        Outcome::not_applicable("judged across the accounts of an organization scan")
    }
}

/// What one account runs: the verdict of each [`BASELINE_RULES`] rule per region (`None`
/// for a global verdict), with its message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The account.
    pub account: String,
    /// Its name, for the finding.
    pub name: String,
    verdicts: BTreeMap<(&'static str, Option<String>), (Status, String)>,
}

impl Baseline {
    /// The baseline of an account, from its findings (any rule's: the ones that are not
    /// baseline rules are ignored). A rule the scan did not run leaves no entry.
    pub fn of<'f>(
        account: &str,
        name: &str,
        findings: impl IntoIterator<Item = &'f Finding>,
    ) -> Baseline {
        let mut baseline = Baseline {
            account: account.to_string(),
            name: name.to_string(),
            verdicts: BTreeMap::new(),
        };
        for f in findings {
            let Some((rule, _)) = BASELINE_RULES.iter().find(|(id, _)| *id == f.rule_id) else {
                continue;
            };
            let key = (*rule, f.region.clone());
            let entry = baseline
                .verdicts
                .entry(key)
                .or_insert((f.status, f.message.to_string()));
            // Several resources of one rule in one region (two trails): the region has the
            // service when any of them passes, is unknown when none passes and one is unknown.
            if rank(f.status) < rank(entry.0) {
                *entry = (f.status, f.message.to_string());
            }
        }
        baseline
    }

    /// The rules this baseline has verdicts of.
    fn rules(&self) -> impl Iterator<Item = &'static str> + '_ {
        let mut seen: Vec<&'static str> = self.verdicts.keys().map(|(rule, _)| *rule).collect();
        seen.dedup();
        seen.into_iter()
    }
}

/// The baseline of one account's inventory: the [`BASELINE_RULES`] among `selected` (the
/// scan's rules: a service the scan leaves out is not compared) judged on it, every verdict
/// whatever the report lists.
pub fn baseline(
    inventory: &Inventory,
    account: &str,
    name: &str,
    selected: &[&'static dyn crate::Rule],
) -> Baseline {
    let rules: Vec<&dyn crate::Rule> = selected
        .iter()
        .filter(|r| BASELINE_RULES.iter().any(|(id, _)| *id == r.meta().id))
        .copied()
        .collect();
    Baseline::of(account, name, &crate::engine::evaluate(inventory, &rules))
}

/// Which verdict of several in one region counts: a pass, then unknown, then a failure.
fn rank(status: Status) -> u8 {
    match status {
        Status::Pass => 0,
        Status::Unknown => 1,
        Status::Fail | Status::Suppressed => 2,
        Status::NotApplicable => 3,
    }
}

/// The findings of one member against the management account's baseline, one per baseline
/// service the management account runs somewhere. `management` is `None` when the
/// management account was not judged in this scan (filtered out, or not collected): every
/// verdict is then Unknown with that reason.
pub fn judge_member(
    management: Result<&Baseline, &str>,
    member: &Baseline,
    resource_id: &str,
) -> Vec<Finding> {
    let finding = |service: &str, status: Status, message: String| Finding {
        rule_id: META.id.into(),
        title: META.title.into(),
        severity: META.severity,
        service: META.service.into(),
        status,
        resource_id: resource_id.to_string(),
        resource_kind: ResourceKind::OrganizationsOrganization,
        resource_name: format!("{} ({service})", member.name),
        region: None,
        account: Some(member.account.clone()),
        location: None,
        message: message.into(),
        attribute: None,
        suppression: None,
    };
    let management = match management {
        Ok(baseline) => baseline,
        Err(reason) => {
            return vec![finding(
                "security services",
                Status::Unknown,
                format!("what the management account runs is unknown: {reason}"),
            )]
        }
    };
    let mut findings = Vec::new();
    for rule in management.rules() {
        let service = BASELINE_RULES
            .iter()
            .find(|(id, _)| *id == rule)
            .map_or(rule, |(_, name)| *name);
        let mut expected = 0;
        let mut missing = Vec::new();
        let mut unknown = Vec::new();
        let mut management_unknown = Vec::new();
        for ((_, region), (status, message)) in management
            .verdicts
            .range((rule, None)..)
            .take_while(|((r, _), _)| *r == rule)
        {
            let place = region.as_deref().unwrap_or("global");
            match status {
                Status::Pass => {}
                Status::Unknown => {
                    management_unknown.push(format!("{place}: {message}"));
                    continue;
                }
                _ => continue,
            }
            expected += 1;
            match member.verdicts.get(&(rule, region.clone())) {
                Some((Status::Pass, _)) => {}
                Some((Status::Unknown, message)) => unknown.push(format!("{place}: {message}")),
                None => unknown.push(format!("{place}: not judged in this account")),
                Some((_, _)) => missing.push(place.to_string()),
            }
        }
        let outcome = if !missing.is_empty() {
            let mut message = format!(
                "the management account runs {service} in {expected} place(s); this member \
                 does not in {}",
                missing.join(", ")
            );
            if !unknown.is_empty() {
                message.push_str(&format!("; unknown in {}", unknown.join("; ")));
            }
            (Status::Fail, message)
        } else if !unknown.is_empty() {
            (Status::Unknown, unknown.join("; "))
        } else if expected > 0 {
            let message = format!(
                "runs {service} wherever the management account does ({expected} place(s))"
            );
            if management_unknown.is_empty() {
                (Status::Pass, message)
            } else {
                // Where the management account's own state is unknown, so is the expectation.
                (
                    Status::Unknown,
                    format!(
                        "{message}; the management account's state is unknown in {}",
                        management_unknown.join("; ")
                    ),
                )
            }
        } else if !management_unknown.is_empty() {
            (
                Status::Unknown,
                format!(
                    "the management account's {service} is unknown: {}",
                    management_unknown.join("; ")
                ),
            )
        } else {
            (
                Status::NotApplicable,
                format!("the management account does not run {service}"),
            )
        };
        findings.push(finding(service, outcome.0, outcome.1));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(rule: &str, region: Option<&str>, status: Status) -> Finding {
        Finding {
            rule_id: rule.to_string().into(),
            title: "".into(),
            severity: Severity::High,
            service: "x".into(),
            status,
            resource_id: "r".into(),
            resource_kind: ResourceKind::OrganizationsOrganization,
            resource_name: "r".into(),
            region: region.map(str::to_string),
            account: None,
            location: None,
            message: format!("{rule} {status:?}").into(),
            attribute: None,
            suppression: None,
        }
    }

    fn statuses(findings: &[Finding]) -> Vec<(String, Status)> {
        findings
            .iter()
            .map(|f| (f.resource_name.clone(), f.status))
            .collect()
    }

    #[test]
    fn a_member_lacking_a_service_the_management_account_runs_fails_naming_the_regions() {
        let management = Baseline::of(
            "111111111111",
            "management",
            &[
                found("guardduty-enabled", Some("us-east-1"), Status::Pass),
                found("guardduty-enabled", Some("eu-west-1"), Status::Pass),
                found("macie2-enabled", Some("us-east-1"), Status::Fail),
                found("s3-bucket-acl-not-public", Some("us-east-1"), Status::Fail),
            ],
        );
        let member = Baseline::of(
            "222222222222",
            "dev",
            &[
                found("guardduty-enabled", Some("us-east-1"), Status::Pass),
                found("guardduty-enabled", Some("eu-west-1"), Status::Fail),
                found("macie2-enabled", Some("us-east-1"), Status::Fail),
            ],
        );
        let findings = judge_member(Ok(&management), &member, "arn:member");
        assert_eq!(
            statuses(&findings),
            [
                ("dev (GuardDuty)".to_string(), Status::Fail),
                // Not run by the management account either: not this rule's failure.
                ("dev (Macie)".to_string(), Status::NotApplicable),
            ]
        );
        assert!(findings[0].message.contains("does not in eu-west-1"));
        assert!(!findings[0].message.contains("us-east-1"));
        assert_eq!(findings[0].account.as_deref(), Some("222222222222"));

        let same = Baseline::of(
            "333333333333",
            "prod",
            &[
                found("guardduty-enabled", Some("us-east-1"), Status::Pass),
                found("guardduty-enabled", Some("eu-west-1"), Status::Pass),
            ],
        );
        let findings = judge_member(Ok(&management), &same, "arn:member");
        assert_eq!(findings[0].status, Status::Pass);
        assert_eq!(findings[1].status, Status::NotApplicable);
    }

    #[test]
    fn what_cannot_be_read_on_either_side_is_unknown_never_a_pass() {
        let management = Baseline::of(
            "111111111111",
            "management",
            &[
                found("securityhub-enabled", Some("us-east-1"), Status::Pass),
                found("securityhub-enabled", Some("eu-west-1"), Status::Unknown),
                found("guardduty-enabled", Some("us-east-1"), Status::Pass),
            ],
        );
        let member = Baseline::of(
            "222222222222",
            "dev",
            &[
                found("securityhub-enabled", Some("us-east-1"), Status::Pass),
                found("guardduty-enabled", Some("us-east-1"), Status::Unknown),
            ],
        );
        let findings = judge_member(Ok(&management), &member, "arn:member");
        assert_eq!(
            statuses(&findings),
            [
                ("dev (GuardDuty)".to_string(), Status::Unknown),
                ("dev (Security Hub)".to_string(), Status::Unknown),
            ]
        );
        assert!(findings[1].message.contains("eu-west-1"));
        // A member whose collection gave no verdict for a rule: unknown, not missing.
        let silent = Baseline::of("333333333333", "x", &[]);
        let findings = judge_member(Ok(&management), &silent, "arn:member");
        assert!(findings.iter().all(|f| f.status == Status::Unknown));
        // The management account was not scanned.
        let findings = judge_member(Err("it was not in the scan"), &member, "arn:member");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Unknown);
        assert!(findings[0].message.contains("not in the scan"));
    }

    #[test]
    fn several_resources_in_one_region_count_as_running_when_one_passes() {
        let b = Baseline::of(
            "111111111111",
            "m",
            &[
                found("cloudtrail-multi-region-trail-enabled", None, Status::Fail),
                found("cloudtrail-multi-region-trail-enabled", None, Status::Pass),
            ],
        );
        assert_eq!(
            b.verdicts
                .get(&("cloudtrail-multi-region-trail-enabled", None))
                .map(|v| v.0),
            Some(Status::Pass)
        );
    }

    #[test]
    fn every_baseline_rule_is_in_the_catalogue() {
        for (id, _) in BASELINE_RULES {
            assert!(crate::find(id).is_some(), "{id}");
        }
    }
}
