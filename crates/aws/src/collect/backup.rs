//! AWS Backup, per region: vaults (`ListBackupVaults`, whose members carry the key, lock and
//! retention that `DescribeBackupVault` would repeat; the key's manager from `kms:DescribeKey`,
//! once per key), plans (`ListBackupPlans`, `GetBackupPlan`) with their resource assignments
//! (`ListBackupSelections`, `GetBackupSelection`), and the resources with recovery points
//! (`ListProtectedResources`). One `BackupRegion` resource per region carries the plans and
//! protected resources, so a failed or missing collection is visible to the rules that judge
//! other services' resources by it.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use cloudward_model::backup::{
    Assignment, Plan, PlanRule, ProtectedResource, RegionStatus, Selection, TagCondition, Vault,
    KEY_MANAGER_AWS_OWNED,
};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

type Client = aws_sdk_backup::Client;

/// Collect AWS Backup in one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_backup, &ctx.config);
    let client = &client;
    let (_, plans, protected) = tokio::join!(
        vaults(ctx, client),
        plans(ctx, client),
        protected_resources(ctx, client)
    );
    let region = ctx.arn_region().to_string();
    ctx.push(ctx.resource(
        crate::arn::arn(
            ctx.partition(),
            "backup",
            &region,
            ctx.account(),
            "backup-plans",
        ),
        region,
        Attributes::BackupRegion(RegionStatus {
            plans,
            protected_resources: protected,
        }),
    ));
}

async fn vaults(ctx: &CollectContext, client: &Client) {
    let listed = paginate(ctx, "ListBackupVaults", |token| async move {
        let out = ctx
            .call(
                "ListBackupVaults",
                client.list_backup_vaults().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.backup_vault_list().to_vec(),
        })
    })
    .await;
    let members = match listed {
        Ok(m) => m,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::BackupVault]);
            return;
        }
    };
    // Many vaults share one key (aws/backup): describe each key once.
    let keys: BTreeSet<String> = members
        .iter()
        .filter(|m| m.encryption_key_type().map(|t| t.as_str()) != Some("AWS_OWNED_KMS_KEY"))
        .filter_map(|m| m.encryption_key_arn().map(str::to_string))
        .collect();
    let kms = crate::config::client!(aws_sdk_kms, &ctx.config);
    let kms = &kms;
    let managers: HashMap<String, Value<String>> =
        join_all(keys.into_iter().map(|key| async move {
            let manager = match ctx
                .call_on(
                    &format!("key {key}"),
                    "DescribeKey",
                    kms.describe_key().key_id(&key).send(),
                )
                .await
            {
                Ok(out) => match out.key_metadata().and_then(|m| m.key_manager()) {
                    Some(m) => Value::Known(m.as_str().to_string()),
                    None => Value::unknown(format!("DescribeKey returned no KeyManager for {key}")),
                },
                Err(err) => ctx.failed(&err),
            };
            (key, manager)
        }))
        .await
        .into_iter()
        .collect();
    for m in members {
        let name = m.backup_vault_name().unwrap_or_default().to_string();
        let arn = m.backup_vault_arn().map(str::to_string).unwrap_or_else(|| {
            crate::arn::arn(
                ctx.partition(),
                "backup",
                ctx.arn_region(),
                ctx.account(),
                &format!("backup-vault:{name}"),
            )
        });
        let key = m.encryption_key_arn().map(str::to_string);
        let encryption_key_manager =
            if m.encryption_key_type().map(|t| t.as_str()) == Some("AWS_OWNED_KMS_KEY") {
                Value::Known(KEY_MANAGER_AWS_OWNED.to_string())
            } else {
                match &key {
                    Some(k) => managers
                        .get(k)
                        .cloned()
                        .unwrap_or_else(|| Value::unknown(format!("key {k} was not described"))),
                    None => Value::unknown(format!(
                        "ListBackupVaults returned no EncryptionKeyArn for vault {name}"
                    )),
                }
            };
        let vault = Vault {
            backup_vault_name: name.clone(),
            backup_vault_arn: arn.clone(),
            encryption_key_arn: Value::Known(key),
            encryption_key_manager,
            locked: match m.locked() {
                Some(b) => Value::Known(b),
                // The API leaves Locked out for vaults that never had a lock.
                None => Value::Known(false),
            },
            min_retention_days: m.min_retention_days(),
            max_retention_days: m.max_retention_days(),
            lock_date: m.lock_date().and_then(crate::convert::time),
        };
        ctx.push(ctx.resource(arn, name, Attributes::BackupVault(vault)));
    }
}

async fn plans(ctx: &CollectContext, client: &Client) -> Value<Vec<Plan>> {
    let listed = paginate(ctx, "ListBackupPlans", |token| async move {
        let out = ctx
            .call(
                "ListBackupPlans",
                client.list_backup_plans().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.backup_plans_list().to_vec(),
        })
    })
    .await;
    let members = match listed {
        Ok(m) => m,
        Err(err) => return ctx.failed(&err),
    };
    let mut plans = join_all(members.into_iter().map(|m| async move {
        let id = m.backup_plan_id().unwrap_or_default().to_string();
        let name = m.backup_plan_name().unwrap_or(&id).to_string();
        let (rules, selections) = tokio::join!(
            plan_rules(ctx, client, &id, &name),
            selections(ctx, client, &id, &name)
        );
        Plan {
            backup_plan_id: id,
            backup_plan_name: name,
            rules,
            selections,
        }
    }))
    .await;
    plans.sort_by(|a, b| a.backup_plan_name.cmp(&b.backup_plan_name));
    Value::Known(plans)
}

async fn plan_rules(
    ctx: &CollectContext,
    client: &Client,
    id: &str,
    name: &str,
) -> Value<Vec<PlanRule>> {
    match ctx
        .call_on(
            &format!("backup plan {name}"),
            "GetBackupPlan",
            client.get_backup_plan().backup_plan_id(id).send(),
        )
        .await
    {
        Err(err) => ctx.failed(&err),
        Ok(out) => match out.backup_plan() {
            None => Value::unknown(format!("GetBackupPlan returned no BackupPlan for {name}")),
            Some(plan) => Value::Known(
                plan.rules()
                    .iter()
                    .map(|r| PlanRule {
                        rule_name: r.rule_name().to_string(),
                        schedule_expression: r.schedule_expression().map(str::to_string),
                        target_backup_vault_name: r.target_backup_vault_name().to_string(),
                    })
                    .collect(),
            ),
        },
    }
}

async fn selections(
    ctx: &CollectContext,
    client: &Client,
    id: &str,
    name: &str,
) -> Value<Vec<Selection>> {
    let listed = paginate(ctx, "ListBackupSelections", |token| async move {
        let out = ctx
            .call_on(
                &format!("backup plan {name}"),
                "ListBackupSelections",
                client
                    .list_backup_selections()
                    .backup_plan_id(id)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.backup_selections_list().to_vec(),
        })
    })
    .await;
    let members = match listed {
        Ok(m) => m,
        Err(err) => return ctx.failed(&err),
    };
    let mut list = join_all(members.into_iter().map(|m| async move {
        let selection_id = m.selection_id().unwrap_or_default().to_string();
        let selection_name = m.selection_name().unwrap_or(&selection_id).to_string();
        let assignment = match ctx
            .call_on(
                &format!("backup selection {selection_name} of plan {name}"),
                "GetBackupSelection",
                client
                    .get_backup_selection()
                    .backup_plan_id(id)
                    .selection_id(&selection_id)
                    .send(),
            )
            .await
        {
            Err(err) => ctx.failed(&err),
            Ok(out) => match out.backup_selection() {
                Some(s) => Value::Known(assignment(s)),
                None => Value::unknown(format!(
                    "GetBackupSelection returned no BackupSelection for {selection_name}"
                )),
            },
        };
        Selection {
            selection_id,
            selection_name,
            assignment,
        }
    }))
    .await;
    list.sort_by(|a, b| a.selection_name.cmp(&b.selection_name));
    Value::Known(list)
}

fn assignment(s: &aws_sdk_backup::types::BackupSelection) -> Assignment {
    let mut conditions = Vec::new();
    if let Some(c) = s.conditions() {
        for (operator, params) in [
            ("StringEquals", c.string_equals()),
            ("StringNotEquals", c.string_not_equals()),
            ("StringLike", c.string_like()),
            ("StringNotLike", c.string_not_like()),
        ] {
            conditions.extend(params.iter().map(|p| TagCondition {
                operator: operator.to_string(),
                key: p.condition_key().unwrap_or_default().to_string(),
                value: p.condition_value().unwrap_or_default().to_string(),
            }));
        }
    }
    Assignment {
        resources: s.resources().to_vec(),
        not_resources: s.not_resources().to_vec(),
        list_of_tags: s
            .list_of_tags()
            .iter()
            .map(|t| TagCondition {
                operator: "StringEquals".to_string(),
                key: t.condition_key().to_string(),
                value: t.condition_value().to_string(),
            })
            .collect(),
        conditions,
    }
}

async fn protected_resources(
    ctx: &CollectContext,
    client: &Client,
) -> Value<Vec<ProtectedResource>> {
    let listed = paginate(ctx, "ListProtectedResources", |token| async move {
        let out = ctx
            .call(
                "ListProtectedResources",
                client
                    .list_protected_resources()
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out
                .results()
                .iter()
                .map(|r| ProtectedResource {
                    resource_arn: r.resource_arn().unwrap_or_default().to_string(),
                    resource_type: r.resource_type().unwrap_or_default().to_string(),
                    last_backup_time: r.last_backup_time().and_then(crate::convert::time),
                })
                .collect(),
        })
    })
    .await;
    match listed {
        Ok(mut list) => {
            list.sort_by(|a, b| a.resource_arn.cmp(&b.resource_arn));
            Value::Known(list)
        }
        Err(err) => ctx.failed(&err),
    }
}
