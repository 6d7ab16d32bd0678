//! AWS Backup: `AWS::Backup::BackupVault` (`EncryptionKeyArn`, `LockConfiguration`), and one
//! `BackupRegion` per template holding its `AWS::Backup::BackupPlan`s with the
//! `AWS::Backup::BackupSelection`s joined by `BackupPlanId`. Recovery points exist only live.
//!
//! A vault without `EncryptionKeyArn` uses the AWS managed `aws/backup` key; a reference to an
//! `AWS::KMS::Key` of the template is customer managed; another key cannot be told apart.
//! Selection `Resources` that reference a resource of the template become its logical id;
//! computed ones (`!Sub` with `AWS::AccountId`) make the assignment Unknown.

use cloudward_model::backup::{
    Assignment, Plan, PlanRule, RegionStatus, Selection, TagCondition, Vault, KEY_MANAGER_AWS,
    KEY_MANAGER_CUSTOMER,
};
use cloudward_model::{Attributes, Value};

use super::eval::{Val, V};
use super::{locations, Template};

fn key(t: &Template<'_>, p: &Val) -> (Value<Option<String>>, Value<String>) {
    let Some(v) = p.get("EncryptionKeyArn") else {
        return (
            Value::Known(None),
            Value::Known(KEY_MANAGER_AWS.to_string()),
        );
    };
    if let V::Ref { logical_id, .. } = &v.v {
        let declared_key = t.decl(logical_id).is_some_and(|d| {
            matches!(
                d.resource_type.as_str(),
                "AWS::KMS::Key" | "AWS::KMS::ReplicaKey"
            )
        });
        return if declared_key {
            (
                Value::Known(Some(logical_id.clone())),
                Value::Known(KEY_MANAGER_CUSTOMER.to_string()),
            )
        } else {
            let why = format!(
                "EncryptionKeyArn refers to {logical_id}, which is not a KMS key of this template"
            );
            (Value::Known(Some(logical_id.clone())), Value::Unknown(why))
        };
    }
    match v.string() {
        Ok(k) if k.contains("alias/aws/") => (
            Value::Known(Some(k)),
            Value::Known(KEY_MANAGER_AWS.to_string()),
        ),
        Ok(k) => (
            Value::Known(Some(k.clone())),
            Value::unknown(format!(
                "whether key {k} is customer managed cannot be told from the template"
            )),
        ),
        Err(r) => (Value::Unknown(r.clone()), Value::Unknown(r)),
    }
}

fn strings(t: &Template<'_>, v: Option<&Val>, what: &str) -> Result<Vec<String>, String> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    v.list()
        .map_err(|r| format!("{what}: {r}"))?
        .iter()
        .map(|item| match &item.v {
            V::Ref { logical_id, .. } if t.decl(logical_id).is_some() => Ok(logical_id.clone()),
            _ => item.string().map_err(|r| format!("{what}: {r}")),
        })
        .collect()
}

fn condition(c: &Val, operator: &str, what: &str) -> Result<TagCondition, String> {
    let text = |k: &str| {
        c.get(k)
            .ok_or_else(|| format!("{what} without {k}"))?
            .string()
            .map_err(|r| format!("{what} {k}: {r}"))
    };
    Ok(TagCondition {
        operator: operator.to_string(),
        key: text("ConditionKey")?,
        value: text("ConditionValue")?,
    })
}

fn assignment(t: &Template<'_>, s: &Val) -> Result<Assignment, String> {
    let mut list_of_tags = Vec::new();
    if let Some(tags) = s.get("ListOfTags") {
        for c in tags.list()? {
            list_of_tags.push(condition(c, "StringEquals", "ListOfTags")?);
        }
    }
    let mut conditions = Vec::new();
    if let Some(cs) = s.get("Conditions") {
        for operator in [
            "StringEquals",
            "StringNotEquals",
            "StringLike",
            "StringNotLike",
        ] {
            if let Some(items) = cs.get(operator) {
                for c in items.list()? {
                    conditions.push(condition(c, operator, "Conditions")?);
                }
            }
        }
    }
    Ok(Assignment {
        resources: strings(t, s.get("Resources"), "Resources")?,
        not_resources: strings(t, s.get("NotResources"), "NotResources")?,
        list_of_tags,
        conditions,
    })
}

pub(crate) fn adapt(t: &mut Template<'_>) {
    let vaults: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Backup::BackupVault")
        .collect();
    for i in vaults {
        let decl = &t.decls[i];
        let p = &decl.props;
        let (encryption_key_arn, encryption_key_manager) = key(t, p);
        let lock = p.get("LockConfiguration");
        let days = |k: &str| lock.and_then(|l| l.get(k)).and_then(|v| v.integer().ok());
        let vault = Vault {
            backup_vault_name: decl.name_or_logical_id("BackupVaultName"),
            backup_vault_arn: decl.logical_id.clone(),
            encryption_key_arn,
            encryption_key_manager,
            locked: Value::Known(lock.is_some()),
            min_retention_days: days("MinRetentionDays"),
            max_retention_days: days("MaxRetentionDays"),
            lock_date: None,
        };
        let locs = locations(
            t,
            [
                (
                    "encryption_key_arn".to_string(),
                    p.key_pos("EncryptionKeyArn"),
                ),
                ("locked".to_string(), p.key_pos("LockConfiguration")),
            ],
        );
        let name = vault.backup_vault_name.clone();
        t.push(i, name, Attributes::BackupVault(vault), locs);
    }

    let plan_decls: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Backup::BackupPlan")
        .collect();
    let Some(&first) = plan_decls.first() else {
        return;
    };
    let mut plans: Vec<(String, Plan)> = plan_decls
        .iter()
        .map(|&i| {
            let decl = &t.decls[i];
            let plan = decl.props.get("BackupPlan");
            let name = plan
                .and_then(|p| p.get("BackupPlanName"))
                .and_then(|n| n.string().ok())
                .unwrap_or_else(|| decl.logical_id.clone());
            let rules = match plan.and_then(|p| p.get("BackupPlanRule")).map(Val::list) {
                None => Value::Known(Vec::new()),
                Some(Err(r)) => Value::Unknown(format!("BackupPlanRule: {r}")),
                Some(Ok(items)) => items
                    .iter()
                    .map(|r| {
                        Ok(PlanRule {
                            rule_name: r
                                .get("RuleName")
                                .and_then(|n| n.string().ok())
                                .unwrap_or_default(),
                            schedule_expression: match r.get("ScheduleExpression") {
                                None => None,
                                Some(v) => Some(
                                    v.string().map_err(|e| format!("ScheduleExpression: {e}"))?,
                                ),
                            },
                            target_backup_vault_name: r
                                .get("TargetBackupVault")
                                .and_then(|n| n.id().ok())
                                .unwrap_or_default(),
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()
                    .map_or_else(Value::Unknown, Value::Known),
            };
            (
                decl.logical_id.clone(),
                Plan {
                    backup_plan_id: decl.logical_id.clone(),
                    backup_plan_name: name,
                    rules,
                    selections: Value::Known(Vec::new()),
                },
            )
        })
        .collect();
    let selections: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::Backup::BackupSelection")
        .collect();
    for i in selections {
        let decl = &t.decls[i];
        let s = decl.props.get("BackupSelection");
        let assignment = match (&decl.existence_unknown, s) {
            (Some(why), _) => Value::unknown(format!("the selection may not exist: {why}")),
            (None, None) => Value::unknown("BackupSelection without a BackupSelection property"),
            (None, Some(s)) => match assignment(t, s) {
                Ok(a) => Value::Known(a),
                Err(r) => Value::unknown(format!("selection {}: {r}", decl.logical_id)),
            },
        };
        let selection = Selection {
            selection_id: decl.logical_id.clone(),
            selection_name: s
                .and_then(|s| s.get("SelectionName"))
                .and_then(|n| n.string().ok())
                .unwrap_or_else(|| decl.logical_id.clone()),
            assignment,
        };
        let target = decl.props.get("BackupPlanId").and_then(|v| t.target(v));
        match target {
            Some(plan_id) => {
                if let Some((_, plan)) = plans.iter_mut().find(|(id, _)| *id == plan_id) {
                    if let Value::Known(list) = &mut plan.selections {
                        list.push(selection);
                    }
                }
            }
            None => t.unjoined(i, "a backup plan"),
        }
    }
    let status = RegionStatus {
        plans: Value::Known(plans.into_iter().map(|(_, p)| p).collect()),
        protected_resources: Value::unknown("recovery points exist only in a live account"),
    };
    let locs = locations(t, [("plans".to_string(), Some(t.decls[first].pos))]);
    let name = match &t.region {
        Some(r) => format!("AWS Backup ({r})"),
        None => "AWS Backup (region of the stack)".to_string(),
    };
    t.push(first, name, Attributes::BackupRegion(status), locs);
}
