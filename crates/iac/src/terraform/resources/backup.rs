//! AWS Backup: `aws_backup_vault` (with `aws_backup_vault_lock_configuration` joined by vault
//! name), and per provider region one `BackupRegion` holding the `aws_backup_plan`s with the
//! `aws_backup_selection`s joined by `plan_id`. Recovery points exist only live, so the
//! region's protected resources are Unknown.
//!
//! Defaults: a vault without `kms_key_arn` uses the AWS managed `aws/backup` key; a key
//! declared in this code (`aws_kms_key.x.arn`) is customer managed; any other key ARN cannot be
//! told apart (Unknown). A rule without `schedule` runs AWS Backup's default.

use std::collections::BTreeMap;

use cloudward_model::backup::{
    Assignment, Plan, PlanRule, RegionStatus, Selection, TagCondition, Vault, KEY_MANAGER_AWS,
    KEY_MANAGER_CUSTOMER,
};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, doubt_of, field, get, known_str, locate, name_or_address, opt_int, regional, resource,
    str_list, Index,
};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

/// Whether `value` is the ARN (or id) of a KMS key declared in the code (`aws_kms_key.x.arn`,
/// `module.m.aws_kms_key.x.arn`).
fn declared_key(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts
        .iter()
        .position(|p| *p == "aws_kms_key" || *p == "aws_kms_replica_key")
        .is_some_and(|at| {
            (at == 0 || (at >= 2 && parts[at - 2] == "module")) && parts.len() >= at + 2
        })
}

fn key_manager(v: Option<&Val>) -> (Value<Option<String>>, Value<String>) {
    match v {
        None | Some(Val::Null) => (
            Value::Known(None),
            Value::Known(KEY_MANAGER_AWS.to_string()),
        ),
        Some(v) => match v.to_string_val() {
            Ok(key) if key.contains("alias/aws/") => (
                Value::Known(Some(key)),
                Value::Known(KEY_MANAGER_AWS.to_string()),
            ),
            Ok(key) if declared_key(&key) => (
                Value::Known(Some(key)),
                Value::Known(KEY_MANAGER_CUSTOMER.to_string()),
            ),
            Ok(key) => (
                Value::Known(Some(key.clone())),
                Value::unknown(format!(
                    "whether key {key} is customer managed cannot be told from the code"
                )),
            ),
            Err(e) => {
                let why = super::reason(&e);
                let declared = why
                    .strip_suffix(" is known only after apply")
                    .is_some_and(declared_key);
                if declared {
                    (
                        Value::Known(Some(why.clone())),
                        Value::Known(KEY_MANAGER_CUSTOMER.to_string()),
                    )
                } else {
                    (Value::Unknown(why.clone()), Value::Unknown(why))
                }
            }
        },
    }
}

fn vaults(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut vaults: Vec<(Resource, &Instance, String)> = Vec::new();
    for &i in idx.of("aws_backup_vault") {
        let name = name_or_address(i, "name");
        let (encryption_key_arn, encryption_key_manager) = key_manager(get(i, "kms_key_arn"));
        let vault = Vault {
            backup_vault_name: name.clone(),
            backup_vault_arn: format!("{}.arn", i.address),
            encryption_key_arn,
            encryption_key_manager,
            locked: Value::Known(false),
            ..Default::default()
        };
        let mut r = resource(i, name.clone(), Attributes::BackupVault(vault));
        locate(&mut r, "encryption_key_arn", i, "kms_key_arn");
        vaults.push((r, i, name));
    }
    for &l in idx.of("aws_backup_vault_lock_configuration") {
        let target = match get(l, "backup_vault_name").map(Val::to_string_val) {
            Some(Ok(v)) => v,
            _ => continue,
        };
        let Some((r, _, _)) = vaults
            .iter_mut()
            .find(|(_, i, name)| target == *name || target == i.address)
        else {
            continue;
        };
        if let Attributes::BackupVault(v) = &mut r.attributes {
            match doubt_of(l) {
                Some(why) => v.locked = Value::Unknown(why),
                None => {
                    v.locked = Value::Known(true);
                    v.min_retention_days = opt_int(get(l, "min_retention_days"))
                        .known()
                        .copied()
                        .flatten();
                    v.max_retention_days = opt_int(get(l, "max_retention_days"))
                        .known()
                        .copied()
                        .flatten();
                }
            }
        }
        r.attribute_locations
            .insert("locked".to_string(), l.location.clone());
    }
    out.extend(vaults.into_iter().map(|(r, _, _)| r));
}

fn rules(i: &Instance) -> Value<Vec<PlanRule>> {
    match blocks(get(i, "rule")) {
        Err(e) => Value::Unknown(e),
        Ok(rules) => rules
            .iter()
            .map(|r| {
                let schedule = match field(r, "schedule") {
                    None => None,
                    Some(v) => Some(v.to_string_val().map_err(|e| super::reason(&e))?),
                };
                Ok(PlanRule {
                    rule_name: known_str(field(r, "rule_name")).unwrap_or_default(),
                    schedule_expression: schedule,
                    target_backup_vault_name: known_str(field(r, "target_vault_name"))
                        .unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, String>>()
            .map_or_else(Value::Unknown, Value::Known),
    }
}

/// A `resources` entry: a reference to a resource of this code becomes its address.
fn entry(value: String) -> String {
    if value.starts_with("arn:") || value == "*" {
        return value;
    }
    value
        .strip_suffix(".arn")
        .or_else(|| value.strip_suffix(".id"))
        .map(str::to_string)
        .unwrap_or(value)
}

fn assignment(s: &Instance) -> Value<Assignment> {
    let list = |key: &str| -> Result<Vec<String>, String> {
        Ok(str_list(get(s, key))?.into_iter().map(entry).collect())
    };
    let tags = || -> Result<Vec<TagCondition>, String> {
        blocks(get(s, "selection_tag"))?
            .iter()
            .map(|t| {
                Ok(TagCondition {
                    operator: "StringEquals".to_string(),
                    key: field(t, "key")
                        .ok_or("selection_tag without key")?
                        .to_string_val()
                        .map_err(|e| super::reason(&e))?,
                    value: field(t, "value")
                        .ok_or("selection_tag without value")?
                        .to_string_val()
                        .map_err(|e| super::reason(&e))?,
                })
            })
            .collect()
    };
    let conditions = || -> Result<Vec<TagCondition>, String> {
        let mut out = Vec::new();
        for c in blocks(get(s, "condition"))? {
            for (block, operator) in [
                ("string_equals", "StringEquals"),
                ("string_not_equals", "StringNotEquals"),
                ("string_like", "StringLike"),
                ("string_not_like", "StringNotLike"),
            ] {
                for b in blocks(field(c, block))? {
                    out.push(TagCondition {
                        operator: operator.to_string(),
                        key: field(b, "key")
                            .ok_or("condition without key")?
                            .to_string_val()
                            .map_err(|e| super::reason(&e))?,
                        value: field(b, "value")
                            .ok_or("condition without value")?
                            .to_string_val()
                            .map_err(|e| super::reason(&e))?,
                    });
                }
            }
        }
        Ok(out)
    };
    match (
        list("resources"),
        list("not_resources"),
        tags(),
        conditions(),
    ) {
        (Ok(resources), Ok(not_resources), Ok(list_of_tags), Ok(conditions)) => {
            Value::Known(Assignment {
                resources,
                not_resources,
                list_of_tags,
                conditions,
            })
        }
        (Err(e), ..) | (_, Err(e), ..) | (.., Err(e), _) | (.., Err(e)) => {
            Value::unknown(format!("{}: {e}", s.address))
        }
    }
}

fn plans(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let instances = idx.of("aws_backup_plan");
    let mut plans: Vec<(Plan, &Instance)> = instances
        .iter()
        .map(|&i| {
            (
                Plan {
                    backup_plan_id: i.address.clone(),
                    backup_plan_name: name_or_address(i, "name"),
                    rules: rules(i),
                    selections: Value::Known(Vec::new()),
                },
                i,
            )
        })
        .collect();
    for &s in idx.of("aws_backup_selection") {
        let selection = |assignment| Selection {
            selection_id: s.address.clone(),
            selection_name: name_or_address(s, "name"),
            assignment,
        };
        let assignment = match doubt_of(s) {
            Some(why) => Value::Unknown(why),
            None => assignment(s),
        };
        match get(s, "plan_id").map(Val::to_string_val) {
            Some(Ok(plan_id)) => {
                if let Some((plan, _)) = plans.iter_mut().find(|(_, i)| plan_id == i.address) {
                    if let Value::Known(list) = &mut plan.selections {
                        list.push(selection(assignment));
                    }
                }
            }
            // A selection whose plan is not known may belong to any plan.
            Some(Err(e)) => {
                let why = format!(
                    "{} has a plan_id not known statically: {}",
                    s.address,
                    super::reason(&e)
                );
                for (plan, _) in &mut plans {
                    if let Value::Known(list) = &mut plan.selections {
                        list.push(selection(Value::Unknown(why.clone())));
                    }
                }
            }
            None => {}
        }
    }
    // One BackupRegion per provider region, at its first plan.
    let mut by_region: BTreeMap<String, Vec<(Plan, &Instance)>> = BTreeMap::new();
    for (plan, i) in plans {
        let key = match &i.region {
            Val::String(r) => r.clone(),
            _ => String::new(),
        };
        by_region.entry(key).or_default().push((plan, i));
    }
    for (_, group) in by_region {
        let first = group[0].1;
        let status = RegionStatus {
            plans: Value::Known(group.into_iter().map(|(p, _)| p).collect()),
            protected_resources: Value::unknown("recovery points exist only in a live account"),
        };
        let mut r = regional(first, Attributes::BackupRegion(status));
        locate(&mut r, "plans", first, "rule");
        out.push(r);
    }
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    vaults(idx, out);
    plans(idx, out);
}
