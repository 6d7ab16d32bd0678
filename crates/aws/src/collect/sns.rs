//! Amazon SNS, per region: `ListTopics`, then `GetTopicAttributes` for each topic (its KMS key
//! and access policy).

use std::collections::HashMap;
use std::sync::Arc;

use cloudward_model::sns::Topic;
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the topics of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_sns, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "ListTopics", |token| async move {
        let out = ctx
            .call(
                "ListTopics",
                client.list_topics().set_next_token(token).send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out
                .topics()
                .iter()
                .filter_map(|t| t.topic_arn().map(str::to_string))
                .collect(),
        })
    })
    .await;
    let arns: Vec<String> = match listed {
        Ok(arns) => arns,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::SnsTopic]);
            return;
        }
    };
    let topics = join_all(arns.into_iter().map(|arn| async move {
        let attributes = ctx
            .call_on(
                &format!("topic {arn}"),
                "GetTopicAttributes",
                client.get_topic_attributes().topic_arn(&arn).send(),
            )
            .await
            .map(|out| out.attributes().cloned().unwrap_or_default());
        let tags = ctx
            .call_on(
                &format!("topic {arn}"),
                "ListTagsForResource",
                client.list_tags_for_resource().resource_arn(&arn).send(),
            )
            .await
            .map(|out| {
                out.tags()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect()
            });
        (topic(ctx, arn, attributes), tags)
    }))
    .await;
    for ((name, topic), tags) in topics {
        let id = topic.topic_arn.clone();
        let mut resource = ctx.resource(id, name, Attributes::SnsTopic(topic));
        crate::collect::record_tags(ctx, &mut resource, tags);
        ctx.push(resource);
    }
}

/// The topic from its attributes (or the failure that hid them), with its name.
fn topic(
    ctx: &CollectContext,
    topic_arn: String,
    attributes: Result<HashMap<String, String>, ApiError>,
) -> (String, Topic) {
    let name = topic_arn
        .rsplit(':')
        .next()
        .unwrap_or(&topic_arn)
        .to_string();
    let (kms_master_key_id, policy, subscriptions_confirmed) = match attributes {
        Err(err) => {
            let unknown: Value<String> = ctx.failed(&err);
            let reason = unknown.unknown_reason().unwrap_or_default().to_string();
            (
                Value::Unknown(reason.clone()),
                Value::Unknown(reason.clone()),
                Value::Unknown(reason),
            )
        }
        Ok(attrs) => (
            // An empty KmsMasterKeyId is what SNS answers after SSE was turned off.
            Value::Known(
                attrs
                    .get("KmsMasterKeyId")
                    .filter(|k| !k.is_empty())
                    .cloned(),
            ),
            match attrs.get("Policy").filter(|p| !p.trim().is_empty()) {
                None => Value::Known(None),
                Some(raw) => match crate::convert::policy_document(raw) {
                    Ok(doc) => Value::Known(Some(doc)),
                    Err(reason) => Value::Unknown(format!("topic {name}: {reason}")),
                },
            },
            match attrs
                .get("SubscriptionsConfirmed")
                .map(|n| n.parse::<u64>())
            {
                Some(Ok(n)) => Value::Known(n),
                Some(Err(_)) => Value::unknown(format!(
                    "topic {name}: SubscriptionsConfirmed is not a number"
                )),
                None => Value::unknown(format!(
                    "topic {name}: GetTopicAttributes returned no SubscriptionsConfirmed"
                )),
            },
        ),
    };
    (
        name,
        Topic {
            topic_arn,
            kms_master_key_id,
            policy,
            subscriptions_confirmed,
        },
    )
}
