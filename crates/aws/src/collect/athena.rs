//! Amazon Athena, per region: `ListWorkGroups`, then `GetWorkGroup` for each workgroup (whether
//! its settings are enforced, and how query results are encrypted).

use std::sync::Arc;

use cloudward_model::athena::{ResultEncryption, WorkGroup};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the workgroups of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_athena, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "ListWorkGroups", |token| async move {
        let out = ctx
            .call(
                "ListWorkGroups",
                client.list_work_groups().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out
                .work_groups()
                .iter()
                .filter_map(|w| w.name().map(str::to_string))
                .collect(),
        })
    })
    .await;
    let names = match listed {
        Ok(names) => names,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::AthenaWorkGroup]);
            return;
        }
    };
    let groups = join_all(names.into_iter().map(|name| async move {
        let got = ctx
            .call_on(
                &format!("workgroup {name}"),
                "GetWorkGroup",
                client.get_work_group().work_group(&name).send(),
            )
            .await;
        let group = match got {
            Err(err) => {
                let unknown: Value<String> = ctx.failed(&err);
                let reason = unknown.unknown_reason().unwrap_or_default().to_string();
                WorkGroup {
                    name: name.clone(),
                    state: Value::Unknown(reason.clone()),
                    enforce_work_group_configuration: Value::Unknown(reason.clone()),
                    result_encryption: Value::Unknown(reason),
                }
            }
            Ok(out) => work_group(&name, out.work_group()),
        };
        (name, group)
    }))
    .await;
    for (name, group) in groups {
        let arn = crate::arn::arn(
            ctx.partition(),
            "athena",
            ctx.arn_region(),
            ctx.account(),
            &format!("workgroup/{name}"),
        );
        ctx.push(ctx.resource(arn, name, Attributes::AthenaWorkGroup(group)));
    }
}

fn work_group(name: &str, wg: Option<&aws_sdk_athena::types::WorkGroup>) -> WorkGroup {
    let Some(wg) = wg else {
        let reason = format!("GetWorkGroup returned no WorkGroup for {name}");
        return WorkGroup {
            name: name.to_string(),
            state: Value::unknown(reason.clone()),
            enforce_work_group_configuration: Value::unknown(reason.clone()),
            result_encryption: Value::unknown(reason),
        };
    };
    let config = wg.configuration();
    let s3_encryption = config
        .and_then(|c| c.result_configuration())
        .and_then(|r| r.encryption_configuration())
        .map(|e| ResultEncryption {
            encryption_option: e.encryption_option().as_str().to_string(),
            kms_key: e.kms_key().map(str::to_string),
        });
    // Athena-managed query results are always encrypted (an AWS owned key or the one given).
    let managed = config
        .and_then(|c| c.managed_query_results_configuration())
        .filter(|m| m.enabled())
        .map(|m| ResultEncryption {
            encryption_option: "MANAGED_QUERY_RESULTS".to_string(),
            kms_key: m
                .encryption_configuration()
                .map(|e| e.kms_key().to_string()),
        });
    WorkGroup {
        name: name.to_string(),
        state: match wg.state() {
            Some(s) => Value::Known(s.as_str().to_string()),
            None => Value::unknown(format!("GetWorkGroup returned no State for {name}")),
        },
        enforce_work_group_configuration: match config
            .and_then(|c| c.enforce_work_group_configuration())
        {
            Some(b) => Value::Known(b),
            None => Value::unknown(format!(
                "GetWorkGroup returned no EnforceWorkGroupConfiguration for {name}"
            )),
        },
        result_encryption: Value::Known(s3_encryption.or(managed)),
    }
}
