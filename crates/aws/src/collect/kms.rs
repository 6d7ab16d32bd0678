//! KMS, per region: `ListKeys` and `ListAliases`, then `DescribeKey` for each key and, for
//! customer managed keys, `GetKeyPolicy` (policy `default`), `ListResourceTags` and, where
//! automatic rotation applies (symmetric keys with KMS key material),
//! `GetKeyRotationStatus`.
//!
//! AWS managed keys (`aws/s3`, ...) are listed and described, but their policy, tags and
//! rotation are not read: AWS sets the policy, rotates them every year, and they cannot be
//! tagged; the rules treat them as not applicable.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_kms::types::{AliasListEntry, KeyListEntry, KeyMetadata};
use cloudward_model::kms::{Key, CUSTOMER};
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::convert::{policy_document, time};
use crate::paginate::{marker, paginate, Page};

type Client = aws_sdk_kms::Client;

/// Collect the keys of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_kms, &ctx.config);
    let c = &client;
    let (keys, aliases) = tokio::join!(list_keys(ctx, c), list_aliases(ctx, c));
    let keys = match keys {
        Ok(keys) => keys,
        Err(err) => return ctx.listing_failed(&err, &[ResourceKind::KmsKey]),
    };
    let aliases: Value<BTreeMap<String, Vec<String>>> = match aliases {
        Ok(list) => {
            let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for a in list {
                if let (Some(target), Some(name)) = (a.target_key_id(), a.alias_name()) {
                    by_key
                        .entry(target.to_string())
                        .or_default()
                        .push(name.to_string());
                }
            }
            for names in by_key.values_mut() {
                names.sort();
            }
            Value::Known(by_key)
        }
        Err(err) => ctx.failed(&err),
    };
    let aliases = &aliases;
    join_all(keys.into_iter().map(|k| key(ctx, c, k, aliases))).await;
}

async fn list_keys(ctx: &CollectContext, client: &Client) -> Result<Vec<KeyListEntry>, ApiError> {
    paginate(ctx, "ListKeys", |token| async move {
        let out = ctx
            .call("ListKeys", client.list_keys().set_marker(token).send())
            .await?;
        Ok::<_, ApiError>(Page {
            next: marker(out.truncated(), out.next_marker()),
            items: out.keys().to_vec(),
        })
    })
    .await
}

async fn list_aliases(
    ctx: &CollectContext,
    client: &Client,
) -> Result<Vec<AliasListEntry>, ApiError> {
    paginate(ctx, "ListAliases", |token| async move {
        let out = ctx
            .call(
                "ListAliases",
                client.list_aliases().set_marker(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: marker(out.truncated(), out.next_marker()),
            items: out.aliases().to_vec(),
        })
    })
    .await
}

fn field(v: Option<&str>, api: &str, name: &str) -> Value<String> {
    match v {
        Some(s) => Value::Known(s.to_string()),
        None => Value::unknown(format!("{api} returned no {name}")),
    }
}

/// `KeySpec`, or the deprecated `CustomerMasterKeySpec` it replaced, which older endpoints
/// may give alone.
#[allow(deprecated)]
fn key_spec(m: &KeyMetadata) -> Option<&str> {
    m.key_spec()
        .map(|v| v.as_str())
        .or_else(|| m.customer_master_key_spec().map(|v| v.as_str()))
}

async fn key(
    ctx: &CollectContext,
    client: &Client,
    entry: KeyListEntry,
    aliases: &Value<BTreeMap<String, Vec<String>>>,
) {
    let Some(key_id) = entry.key_id().map(str::to_string) else {
        return;
    };
    let arn = entry.key_arn().map(str::to_string).unwrap_or_else(|| {
        crate::arn::arn(
            ctx.partition(),
            "kms",
            ctx.arn_region(),
            ctx.account(),
            &format!("key/{key_id}"),
        )
    });
    let subject = format!("key {key_id}");
    let described = ctx
        .call_on(
            &subject,
            "DescribeKey",
            client.describe_key().key_id(&key_id).send(),
        )
        .await;
    let aliases = aliases
        .as_ref()
        .map(|by_key| by_key.get(&key_id).cloned().unwrap_or_default());
    let mut key = Key {
        key_id: key_id.clone(),
        arn: arn.clone(),
        aliases,
        ..Default::default()
    };
    let metadata: Option<KeyMetadata> = match described {
        Ok(out) => out.key_metadata().cloned(),
        Err(err) => {
            let unknown: Value<String> = ctx.failed(&err);
            let reason = unknown.unknown_reason().unwrap_or_default().to_string();
            for v in [
                &mut key.key_manager,
                &mut key.key_state,
                &mut key.key_spec,
                &mut key.key_usage,
                &mut key.origin,
            ] {
                *v = Value::Unknown(reason.clone());
            }
            key.key_rotation_enabled = Value::Unknown(reason.clone());
            key.policy = Value::Unknown(reason);
            return push(
                ctx,
                key,
                Err("AWS managed keys carry no customer tags".to_string()),
            );
        }
    };
    let Some(m) = metadata else {
        let reason = "DescribeKey returned no KeyMetadata".to_string();
        key.key_manager = Value::unknown(reason.clone());
        key.key_state = Value::unknown(reason.clone());
        key.key_spec = Value::unknown(reason.clone());
        key.key_usage = Value::unknown(reason.clone());
        key.origin = Value::unknown(reason.clone());
        key.key_rotation_enabled = Value::unknown(reason.clone());
        key.policy = Value::unknown(reason);
        return push(
            ctx,
            key,
            Err("AWS managed keys carry no customer tags".to_string()),
        );
    };
    key.description = m
        .description()
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    key.key_manager = field(
        m.key_manager().map(|v| v.as_str()),
        "DescribeKey",
        "KeyManager",
    );
    key.key_state = field(m.key_state().map(|v| v.as_str()), "DescribeKey", "KeyState");
    key.key_spec = field(key_spec(&m), "DescribeKey", "KeySpec");
    key.key_usage = field(m.key_usage().map(|v| v.as_str()), "DescribeKey", "KeyUsage");
    key.origin = field(m.origin().map(|v| v.as_str()), "DescribeKey", "Origin");
    key.deletion_date = m.deletion_date().and_then(time);
    key.pending_deletion_window_in_days = m.pending_deletion_window_in_days();

    let customer = key.key_manager.known().map(String::as_str) == Some(CUSTOMER);
    if !customer {
        let why = match key.key_manager.get() {
            Ok(_) => "not read: AWS managed keys have a policy set by AWS and are rotated by AWS every year".to_string(),
            Err(reason) => reason,
        };
        key.key_rotation_enabled = Value::Unknown(why.clone());
        key.policy = Value::Unknown(why);
        return push(
            ctx,
            key,
            Err("AWS managed keys carry no customer tags".to_string()),
        );
    }
    let rotates = key.supports_rotation();
    let rotation = async {
        match &rotates {
            Value::Known(true) => Some(
                ctx.call_on(
                    &subject,
                    "GetKeyRotationStatus",
                    client.get_key_rotation_status().key_id(&key_id).send(),
                )
                .await,
            ),
            _ => None,
        }
    };
    let policy = ctx.call_on(
        &subject,
        "GetKeyPolicy",
        client
            .get_key_policy()
            .key_id(&key_id)
            .policy_name("default")
            .send(),
    );
    let tags = paginate(ctx, "ListResourceTags", |token| {
        let subject = &subject;
        let key_id = &key_id;
        async move {
            let out = ctx
                .call_on(
                    subject,
                    "ListResourceTags",
                    client
                        .list_resource_tags()
                        .key_id(key_id)
                        .set_marker(token)
                        .send(),
                )
                .await?;
            Ok::<_, ApiError>(Page {
                next: marker(out.truncated(), out.next_marker()),
                items: out.tags().to_vec(),
            })
        }
    });
    let (rotation, policy, tags) = tokio::join!(rotation, policy, tags);
    key.key_rotation_enabled = match (rotation, rotates) {
        (Some(Ok(out)), _) => {
            key.rotation_period_in_days = out.rotation_period_in_days();
            Value::Known(out.key_rotation_enabled())
        }
        (Some(Err(err)), _) => ctx.failed(&err),
        (None, Value::Unknown(reason)) => Value::Unknown(reason),
        (None, _) => Value::unknown(
            "not read: automatic rotation applies only to symmetric encryption keys with key \
             material generated by KMS",
        ),
    };
    key.policy = match policy {
        Ok(out) => match out.policy() {
            Some(text) => match policy_document(text) {
                Ok(doc) => Value::Known(Some(doc)),
                Err(message) => Value::unknown(format!("key {key_id}: {message}")),
            },
            None => Value::unknown("GetKeyPolicy returned no Policy"),
        },
        Err(err) => ctx.failed(&err),
    };
    let tags = match tags {
        Ok(list) => Ok(list
            .iter()
            .map(|t| (t.tag_key().to_string(), t.tag_value().to_string()))
            .collect()),
        Err(err) => {
            // Recorded as a collection problem, and as why the tag rule cannot judge the key.
            let failed: Value<()> = ctx.failed(&err);
            Err(failed.get().err().unwrap_or_default())
        }
    };
    push(ctx, key, tags);
}

/// Push a key; `tags` is `Err(why)` when they were not read.
fn push(ctx: &CollectContext, key: Key, tags: Result<BTreeMap<String, String>, String>) {
    let name = key
        .aliases
        .known()
        .and_then(|a| a.first().cloned())
        .unwrap_or_else(|| key.key_id.clone());
    let mut resource = ctx.resource(key.arn.clone(), name, Attributes::KmsKey(key));
    match tags {
        Ok(tags) => resource.set_tags(tags),
        Err(why) => resource.tags_unknown = Some(why),
    }
    ctx.push(resource);
}
