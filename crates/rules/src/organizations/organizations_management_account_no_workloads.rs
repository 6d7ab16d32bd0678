//! The organization's management account runs no workloads.

use cloudward_model::organizations::Organization;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Source, Subject,
};

use super::membership;
use crate::Check;

/// When the scanned account is the management account (`MasterAccountId` of
/// `DescribeOrganization`), counts the workload resources of the inventory: EC2 instances
/// (not terminated), RDS instances and clusters, DynamoDB tables, ElastiCache groups and
/// clusters, EFS file systems, Redshift clusters and OpenSearch domains. Any fails. None
/// passes only when EC2 was collected (its per-region default-encryption setting is in the
/// inventory) and no listing of those kinds failed; otherwise Unknown. Lambda functions and
/// containers are not modelled yet and are not counted (CIS 2.1.3 is checked in part). A
/// member account is not applicable.
pub struct OrganizationsManagementAccountNoWorkloads;

/// The kinds that are workloads.
const WORKLOADS: &[ResourceKind] = &[
    ResourceKind::Ec2Instance,
    ResourceKind::RdsDbInstance,
    ResourceKind::RdsDbCluster,
    ResourceKind::DynamodbTable,
    ResourceKind::ElasticacheReplicationGroup,
    ResourceKind::ElasticacheCacheCluster,
    ResourceKind::EfsFileSystem,
    ResourceKind::RedshiftCluster,
    ResourceKind::OpensearchDomain,
];

const META: RuleMeta = RuleMeta {
    id: "organizations-management-account-no-workloads",
    title: "The organization's management account runs no workloads",
    severity: Severity::Medium,
    service: "organizations",
    kinds: Organization::KINDS,
    checks: "When the scanned account is its organization's management account, whether the \
             inventory holds workload resources: EC2 instances, RDS instances and clusters, \
             DynamoDB tables, ElastiCache, EFS, Redshift, OpenSearch (Lambda and containers \
             are not modelled yet). Names the counts.",
    rationale: "SCPs never apply to the management account, and its principals can change \
                every account of the organization. A workload there puts application code, \
                its credentials and the people who run it one step from the whole \
                organization, outside every guardrail.",
    remediation: Remediation {
        console: "Move each workload to a member account (create one under a workloads OU), \
                  then delete it from the management account; keep only Organizations, \
                  billing and identity administration there.",
        cli: "aws organizations create-account --email <workload-owner@example.com> \
              --account-name <workload>   # then migrate and delete the resources",
        terraform: "resource \"aws_organizations_account\" \"workload\" {\n  \
                    name      = \"workload\"\n  \
                    email     = \"workload-owner@example.com\"\n  \
                    parent_id = aws_organizations_organizational_unit.workloads.id\n}\n\
                    # deploy the workload with a provider that assumes a role in this account",
    },
    references: &[
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html",
        "https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/management-account.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.1.3"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC01-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

fn is_workload(r: &Resource) -> bool {
    match r.as_ec2_instance() {
        Some(i) => i.state != "terminated" && i.state != "shutting-down",
        None => WORKLOADS.contains(&r.kind()),
    }
}

impl Check for OrganizationsManagementAccountNoWorkloads {
    type Subject = Organization;
    const META: &'static RuleMeta = &META;

    fn judge(&self, org: &Organization, resource: &Resource, inventory: &Inventory) -> Outcome {
        let m = match membership(org, || {
            Outcome::not_applicable("the account belongs to no AWS organization")
        }) {
            Ok(m) => m,
            Err(outcome) => return outcome,
        };
        if matches!(resource.source, Source::File(_)) || m.management_account_id.is_empty() {
            return Outcome::not_applicable(
                "code does not say which account it is deployed to; judged on a live scan",
            );
        }
        if m.management_account_id != org.account_id {
            return Outcome::not_applicable(format!(
                "{} is a member account (the management account is {})",
                org.account_id, m.management_account_id
            ));
        }
        let mut counts: Vec<String> = Vec::new();
        for kind in WORKLOADS {
            let n = inventory
                .of_kind(*kind)
                .filter(|r| r.account.as_deref().is_none_or(|a| a == org.account_id))
                .filter(|r| is_workload(r))
                .count();
            if n > 0 {
                counts.push(format!("{n} {}", kind.plural()));
            }
        }
        if !counts.is_empty() {
            return Outcome::Fail(Evidence::new(format!(
                "management account {} runs workloads: {}",
                org.account_id,
                counts.join(", ")
            )));
        }
        let failed: Vec<String> = WORKLOADS
            .iter()
            .filter(|k| inventory.errors_for(**k).next().is_some())
            .map(|k| k.plural().to_string())
            .collect();
        if !failed.is_empty() {
            return Outcome::unknown(format!(
                "no workload found, but the listing of {} failed",
                failed.join(", ")
            ));
        }
        if inventory.count_of_kind(ResourceKind::Ec2EbsEncryptionByDefault) == 0 {
            return Outcome::unknown(
                "EC2 was not collected, so the management account's instances are not known \
                 (scan with --service ec2 and the database services)",
            );
        }
        Outcome::Pass(Evidence::new(format!(
            "management account {} holds none of the workload kinds collected",
            org.account_id
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizations::testing::{member_of, resource, ACCOUNT};
    use crate::rule::testing;
    use cloudward_model::ec2::{EbsEncryptionByDefault, Instance};
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn org(management: &str) -> Resource {
        resource(Organization {
            membership: member_of(management),
            ..Default::default()
        })
    }

    fn inventory(with: Vec<Resource>) -> Inventory {
        let mut inv = Inventory::new();
        for r in with {
            inv.push(r);
        }
        inv
    }

    fn ebs() -> Resource {
        test_support::resource(
            "ebs-default",
            Attributes::Ec2EbsEncryptionByDefault(EbsEncryptionByDefault {
                enabled: Value::Known(true),
            }),
        )
    }

    fn instance(state: &str) -> Resource {
        test_support::resource(
            "i-1",
            Attributes::Ec2Instance(Instance {
                instance_id: "i-1".into(),
                state: state.into(),
                ..Default::default()
            }),
        )
    }

    #[test]
    fn an_empty_management_account_passes_and_a_member_is_not_applicable() {
        let inv = inventory(vec![ebs(), instance("terminated")]);
        let rule = &OrganizationsManagementAccountNoWorkloads;
        assert_eq!(testing::judge_in(rule, &org(ACCOUNT), &inv), Status::Pass);
        assert_eq!(
            testing::judge_in(rule, &org("111111111111"), &inv),
            Status::NotApplicable
        );
    }

    #[test]
    fn a_workload_in_the_management_account_fails() {
        let inv = inventory(vec![ebs(), instance("running")]);
        let outcome = testing::outcome_in(
            &OrganizationsManagementAccountNoWorkloads,
            &org(ACCOUNT),
            &inv,
        );
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure: {outcome:?}");
        };
        assert!(e.message.contains("1 EC2 instances"), "{}", e.message);
    }

    #[test]
    fn uncollected_ec2_or_unreadable_membership_is_unknown() {
        let rule = &OrganizationsManagementAccountNoWorkloads;
        assert_eq!(
            testing::judge_in(rule, &org(ACCOUNT), &inventory(vec![])),
            Status::Unknown
        );
        let unread = resource(Organization {
            membership: Value::unknown("denied"),
            ..Default::default()
        });
        assert_eq!(testing::judge(rule, &unread), Status::Unknown);
    }
}
