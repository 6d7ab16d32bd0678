//! Every resource AWS Backup can protect is assigned to a backup plan.

use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{coverage, region_status, BackupType, Protectable};
use crate::Check;

/// Resolves each selection of each plan of the resource's region (`GetBackupSelection`;
/// `aws_backup_selection` / `AWS::Backup::BackupSelection` in code) against the resource:
/// `Resources` by ARN, ARN pattern or `*`, `ListOfTags` and `Conditions` against its tags,
/// `NotResources` excluded (see `super::selects`). In code, a selection naming the resource by
/// reference, or its whole type by ARN pattern, or by tags, is resolved; one whose resources
/// are computed (`!Sub` with the account id) is Unknown. Not opted-in resource types (AWS
/// Backup's per-region settings) are not read: EBS is opted in by default.
pub struct BackupResourceCoveredByPlan;

const META: RuleMeta = RuleMeta {
    id: "backup-resource-covered-by-plan",
    title: "Resources AWS Backup can protect are assigned to a backup plan",
    severity: Severity::Medium,
    service: "backup",
    kinds: Protectable::KINDS,
    checks: "For each EBS volume (and each other resource kind AWS Backup protects, as \
             modelled), whether a selection of a backup plan in its region assigns it: by ARN, \
             by resource-type pattern or *, or by tags (ListOfTags, Conditions), and not \
             excluded by NotResources.",
    rationale: "A backup plan protects only what is assigned to it. Resources created after \
                the plan, or missing the tag the plan selects on, silently fall outside it and \
                are found unprotected only when they need restoring.",
    remediation: Remediation {
        console: "AWS Backup console > Backup plans > <plan> > Assign resources: include the \
                  resource type (or specific resources), optionally narrowed by tags > Assign \
                  resources. Or tag the resource with the tag the plan selects on.",
        cli: "aws backup create-backup-selection --backup-plan-id <plan-id> --backup-selection '{\"SelectionName\":\"ebs\",\"IamRoleArn\":\"<role-arn>\",\"Resources\":[\"arn:aws:ec2:*:*:volume/*\"]}'",
        terraform: "resource \"aws_backup_selection\" \"volumes\" {\n  name         = \"volumes\"\n  plan_id      = aws_backup_plan.daily.id\n  iam_role_arn = aws_iam_role.backup.arn\n  resources    = [\"arn:aws:ec2:*:*:volume/*\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/ebs-resources-protected-by-backup-plan.html",
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
        terraform_bad: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"us-east-1a\"\n  size              = 10\n  encrypted         = true\n}\n\nresource \"aws_backup_plan\" \"daily\" {\n  name = \"daily\"\n  rule {\n    rule_name         = \"daily\"\n    target_vault_name = \"Default\"\n    schedule          = \"cron(0 5 ? * * *)\"\n  }\n}\n\nresource \"aws_backup_selection\" \"tagged\" {\n  name         = \"tagged\"\n  plan_id      = aws_backup_plan.daily.id\n  iam_role_arn = \"arn:aws:iam::123456789012:role/backup\"\n  resources    = [\"arn:aws:ec2:*:*:volume/*\"]\n  condition {\n    string_equals {\n      key   = \"aws:ResourceTag/backup\"\n      value = \"daily\"\n    }\n  }\n}\n",
        terraform_good: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"us-east-1a\"\n  size              = 10\n  encrypted         = true\n}\n\nresource \"aws_backup_plan\" \"daily\" {\n  name = \"daily\"\n  rule {\n    rule_name         = \"daily\"\n    target_vault_name = \"Default\"\n    schedule          = \"cron(0 5 ? * * *)\"\n  }\n}\n\nresource \"aws_backup_selection\" \"data\" {\n  name         = \"data\"\n  plan_id      = aws_backup_plan.daily.id\n  iam_role_arn = \"arn:aws:iam::123456789012:role/backup\"\n  resources    = [aws_ebs_volume.data.arn]\n}\n",
        cloudformation_bad: "Resources:\n  Data:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: us-east-1a\n      Size: 10\n      Encrypted: true\n  Daily:\n    Type: AWS::Backup::BackupPlan\n    Properties:\n      BackupPlan:\n        BackupPlanName: daily\n        BackupPlanRule:\n          - RuleName: daily\n            TargetBackupVault: Default\n  Tagged:\n    Type: AWS::Backup::BackupSelection\n    Properties:\n      BackupPlanId: !Ref Daily\n      BackupSelection:\n        SelectionName: tagged\n        IamRoleArn: arn:aws:iam::123456789012:role/backup\n        ListOfTags:\n          - ConditionType: STRINGEQUALS\n            ConditionKey: backup\n            ConditionValue: daily\n",
        cloudformation_good: "Resources:\n  Data:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: us-east-1a\n      Size: 10\n      Encrypted: true\n      Tags:\n        - Key: backup\n          Value: daily\n  Daily:\n    Type: AWS::Backup::BackupPlan\n    Properties:\n      BackupPlan:\n        BackupPlanName: daily\n        BackupPlanRule:\n          - RuleName: daily\n            TargetBackupVault: Default\n  Tagged:\n    Type: AWS::Backup::BackupSelection\n    Properties:\n      BackupPlanId: !Ref Daily\n      BackupSelection:\n        SelectionName: tagged\n        IamRoleArn: arn:aws:iam::123456789012:role/backup\n        ListOfTags:\n          - ConditionType: STRINGEQUALS\n            ConditionKey: backup\n            ConditionValue: daily\n",
    },
    file: file!(),
};

impl Check for BackupResourceCoveredByPlan {
    type Subject = Protectable;
    const META: &'static RuleMeta = &META;

    fn judge(&self, t: BackupType, resource: &Resource, inventory: &Inventory) -> Outcome {
        let status = match region_status(resource, inventory) {
            Ok(s) => s,
            Err(reason) => return Outcome::unknown(reason),
        };
        let c = match coverage(status, resource, t) {
            Ok(c) => c,
            Err(reason) => return Outcome::unknown(reason),
        };
        if !c.by.is_empty() {
            let by: Vec<String> =
                c.by.iter()
                    .map(|(plan, selection)| {
                        format!("plan {} (selection {selection})", plan.backup_plan_name)
                    })
                    .collect();
            return Outcome::Pass(Evidence::new(format!("assigned to {}", by.join(", "))));
        }
        if !c.unknown.is_empty() {
            return Outcome::unknown(format!(
                "no readable selection assigns it, and {}",
                c.unknown.join("; ")
            ));
        }
        Outcome::Fail(Evidence::new(if c.plans == 0 {
            "the region has no backup plan".to_string()
        } else {
            format!("none of the region's {} backup plan(s) assigns it", c.plans)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::test_helpers::{inventory, plan, volume};
    use crate::rule::testing;
    use cloudward_model::backup::{Assignment, RegionStatus, TagCondition};
    use cloudward_model::{Status, Value};

    fn judge(assignment: Value<Assignment>, tags: &[(&str, &str)]) -> Status {
        let v = volume("vol-1", tags);
        let status = RegionStatus {
            plans: Value::Known(vec![plan("daily", "cron(0 5 ? * * *)", assignment)]),
            protected_resources: Value::Known(vec![]),
        };
        testing::judge_in(
            &BackupResourceCoveredByPlan,
            &v,
            &inventory(status, std::slice::from_ref(&v)),
        )
    }

    fn by_tag() -> Value<Assignment> {
        Value::Known(Assignment {
            list_of_tags: vec![TagCondition {
                operator: "StringEquals".into(),
                key: "backup".into(),
                value: "daily".into(),
            }],
            ..Default::default()
        })
    }

    #[test]
    fn assigned_passes_unassigned_fails_unreadable_is_unknown() {
        assert_eq!(judge(by_tag(), &[("backup", "daily")]), Status::Pass);
        assert_eq!(judge(by_tag(), &[]), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied"), &[]), Status::Unknown);
    }

    #[test]
    fn without_a_backup_collection_it_is_unknown() {
        let v = volume("vol-1", &[]);
        let mut inventory = cloudward_model::Inventory::new();
        inventory.push(v.clone());
        assert_eq!(
            testing::judge_in(&BackupResourceCoveredByPlan, &v, &inventory),
            Status::Unknown
        );
    }
}
