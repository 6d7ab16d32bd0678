//! Every region with resources AWS Backup can protect has a backup plan.

use cloudward_model::backup::RegionStatus;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::protectable_in;
use crate::Check;

/// Reads `ListBackupPlans` of each region. No plan fails where the inventory holds resources
/// of a [`super::PROTECTABLE`] kind in that region (named in the evidence), and is not
/// applicable where it holds none. In code the region exists only where a plan is declared,
/// so this rule has no failing example there.
pub struct BackupPlanExists;

const META: RuleMeta = RuleMeta {
    id: "backup-plan-exists",
    title: "Each region with protectable resources has an AWS Backup plan",
    severity: Severity::Medium,
    service: "backup",
    kinds: RegionStatus::KINDS,
    checks: "For each region, whether AWS Backup has at least one backup plan; a region with \
             no plan fails when the inventory holds resources AWS Backup can protect there \
             (EBS volumes, and the other kinds as they are modelled).",
    rationale: "Without a backup plan nothing is backed up on a schedule: a deleted volume, a \
                corrupted database or encrypted data after a ransomware attack cannot be \
                restored. A central plan, assigning resources by tag, is the cheapest way to \
                make backups the default rather than an afterthought.",
    remediation: Remediation {
        console: "AWS Backup console > Backup plans > Create backup plan: start from a template \
                  (Daily-35day-Retention), choose a vault > Create plan; then Assign resources \
                  by resource type or tag.",
        cli: "aws backup create-backup-plan --backup-plan file://plan.json\naws backup create-backup-selection --backup-plan-id <plan-id> --backup-selection file://selection.json",
        terraform: "resource \"aws_backup_plan\" \"daily\" {\n  name = \"daily\"\n  rule {\n    rule_name         = \"daily\"\n    target_vault_name = aws_backup_vault.main.name\n    schedule          = \"cron(0 5 ? * * *)\"\n    lifecycle {\n      delete_after = 35\n    }\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/about-backup-plans.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC07-BP04"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "resource \"aws_backup_plan\" \"daily\" {\n  name = \"daily\"\n  rule {\n    rule_name         = \"daily\"\n    target_vault_name = \"Default\"\n    schedule          = \"cron(0 5 ? * * *)\"\n  }\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "Resources:\n  Daily:\n    Type: AWS::Backup::BackupPlan\n    Properties:\n      BackupPlan:\n        BackupPlanName: daily\n        BackupPlanRule:\n          - RuleName: daily\n            TargetBackupVault: Default\n            ScheduleExpression: cron(0 5 ? * * *)\n",
    },
    file: file!(),
};

impl Check for BackupPlanExists {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, inventory: &Inventory) -> Outcome {
        let plans = match status.plans.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(plans) => plans,
        };
        if !plans.is_empty() {
            let names: Vec<&str> = plans.iter().map(|p| p.backup_plan_name.as_str()).collect();
            return Outcome::Pass(Evidence::at(
                "plans",
                format!("{} backup plan(s): {}", names.len(), names.join(", ")),
            ));
        }
        let region = resource.region.as_deref();
        let resources = protectable_in(inventory, region);
        if resources.is_empty() {
            // "Nothing to protect" holds only if every protectable kind was listed there.
            let unlisted: Vec<String> = super::PROTECTABLE
                .iter()
                .filter_map(|(kind, _)| inventory.errors_for_in(*kind, region).next())
                .map(|e| e.reason())
                .collect();
            if !unlisted.is_empty() {
                return Outcome::unknown(format!(
                    "no backup plan, and whether anything needs one is unknown: {}",
                    unlisted.join("; ")
                ));
            }
            return Outcome::not_applicable(format!(
                "no backup plan, and the inventory holds no resource AWS Backup protects in {}",
                region.unwrap_or("this region")
            ));
        }
        let mut names: Vec<String> = resources
            .iter()
            .take(5)
            .map(|r| format!("{} {}", r.kind().label(), r.name))
            .collect();
        if resources.len() > 5 {
            names.push(format!("{} more", resources.len() - 5));
        }
        Outcome::Fail(Evidence::at(
            "plans",
            format!(
                "no backup plan, though {} resource(s) could be protected: {}",
                resources.len(),
                names.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::test_helpers::{inventory, plan, volume};
    use crate::rule::testing;
    use cloudward_model::backup::Assignment;
    use cloudward_model::{Status, Value};

    fn judge(plans: Value<Vec<cloudward_model::backup::Plan>>, with_volume: bool) -> Status {
        let status = RegionStatus {
            plans,
            protected_resources: Value::Known(vec![]),
        };
        let volumes = if with_volume {
            vec![volume("vol-1", &[])]
        } else {
            vec![]
        };
        let inventory = inventory(status, &volumes);
        let region = inventory
            .resources
            .iter()
            .find(|r| r.as_backup_region().is_some())
            .expect("pushed")
            .clone();
        testing::judge_in(&BackupPlanExists, &region, &inventory)
    }

    #[test]
    fn plans_pass_none_fails_where_there_is_something_to_protect() {
        let daily = plan(
            "daily",
            "cron(0 5 ? * * *)",
            Value::Known(Assignment::default()),
        );
        assert_eq!(judge(Value::Known(vec![daily]), true), Status::Pass);
        assert_eq!(judge(Value::Known(vec![]), true), Status::Fail);
        assert_eq!(judge(Value::Known(vec![]), false), Status::NotApplicable);
        assert_eq!(judge(Value::unknown("AccessDenied"), true), Status::Unknown);
    }

    /// Found by the fault suite: with the volume listing failed, "nothing to protect" is not
    /// known, so no plan is Unknown rather than NotApplicable.
    #[test]
    fn issue9_a_failed_listing_of_protectable_resources_is_unknown() {
        let status = RegionStatus {
            plans: Value::Known(vec![]),
            protected_resources: Value::Known(vec![]),
        };
        let mut inventory = inventory(status, &[]);
        inventory.errors.push(cloudward_model::CollectionError {
            service: "ec2".into(),
            region: Some(cloudward_model::test_support::TEST_REGION.into()),
            api: "DescribeVolumes".into(),
            kinds: vec![cloudward_model::ResourceKind::Ec2Volume],
            message: "InternalError".into(),
            ..Default::default()
        });
        let region = inventory
            .resources
            .iter()
            .find(|r| r.as_backup_region().is_some())
            .expect("pushed")
            .clone();
        assert_eq!(
            testing::judge_in(&BackupPlanExists, &region, &inventory),
            Status::Unknown
        );
    }
}
