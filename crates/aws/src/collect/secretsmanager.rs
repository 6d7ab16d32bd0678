//! Secrets Manager, per region: `ListSecrets` (which carries rotation, dates, key and tags),
//! then `GetResourcePolicy` for each secret. Secret values are never read.

use std::sync::Arc;

use aws_sdk_secretsmanager::types::SecretListEntry;
use cloudward_model::secretsmanager::{RotationRules, Secret};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::convert::{policy_document, time};
use crate::paginate::{paginate, Page};

type Client = aws_sdk_secretsmanager::Client;

/// Collect the secrets of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_secretsmanager, &ctx.config);
    let c = &client;
    let listed = paginate(ctx, "ListSecrets", |token| async move {
        let out = ctx
            .call("ListSecrets", c.list_secrets().set_next_token(token).send())
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.secret_list().to_vec(),
        })
    })
    .await;
    match listed {
        Err(err) => ctx.listing_failed(&err, &[ResourceKind::SecretsManagerSecret]),
        Ok(secrets) => {
            join_all(secrets.into_iter().map(|s| secret(ctx, c, s))).await;
        }
    }
}

async fn secret(ctx: &CollectContext, client: &Client, s: SecretListEntry) {
    let name = s.name().unwrap_or_default().to_string();
    let Some(arn) = s.arn().map(str::to_string) else {
        return;
    };
    let policy = match ctx
        .call_on(
            &format!("secret {name}"),
            "GetResourcePolicy",
            client.get_resource_policy().secret_id(&arn).send(),
        )
        .await
    {
        Ok(out) => match out.resource_policy() {
            None => Value::Known(None),
            Some(text) if text.trim().is_empty() => Value::Known(None),
            Some(text) => match policy_document(text) {
                Ok(doc) => Value::Known(Some(doc)),
                Err(message) => Value::unknown(format!("secret {name}: {message}")),
            },
        },
        Err(err) => ctx.failed(&err),
    };
    let date = |d: Option<&aws_smithy_types::DateTime>| Value::Known(d.and_then(time));
    let secret = Secret {
        name: name.clone(),
        arn: arn.clone(),
        kms_key_id: Value::Known(s.kms_key_id().map(str::to_string)),
        // Absent means never configured, which is off.
        rotation_enabled: Value::Known(s.rotation_enabled().unwrap_or(false)),
        rotation_lambda_arn: s.rotation_lambda_arn().map(str::to_string),
        rotation_rules: Value::Known(s.rotation_rules().map(|r| RotationRules {
            automatically_after_days: r.automatically_after_days(),
            schedule_expression: r.schedule_expression().map(str::to_string),
            duration: r.duration().map(str::to_string),
        })),
        created_date: match s.created_date().and_then(time) {
            Some(t) => Value::Known(Some(t)),
            None => Value::unknown("ListSecrets returned no CreatedDate"),
        },
        last_rotated_date: date(s.last_rotated_date()),
        last_accessed_date: date(s.last_accessed_date()),
        next_rotation_date: s.next_rotation_date().and_then(time),
        owning_service: s.owning_service().map(str::to_string),
        policy,
    };
    let mut resource = ctx.resource(arn, name, Attributes::SecretsManagerSecret(secret));
    resource.set_tags(
        s.tags()
            .iter()
            .filter_map(|t| {
                Some((
                    t.key()?.to_string(),
                    t.value().unwrap_or_default().to_string(),
                ))
            })
            .collect(),
    );
    ctx.push(resource);
}
