//! Amazon SQS, per region: `ListQueues`, then `GetQueueAttributes` (`All`) for each queue (its
//! encryption and access policy).

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_sqs::types::QueueAttributeName;
use cloudward_model::sqs::Queue;
use cloudward_model::{Attributes, ResourceKind, Value};
use futures_util::future::join_all;

use crate::classify::ApiError;
use crate::context::CollectContext;
use crate::paginate::{paginate, Page};

/// Collect the queues of one region.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_sqs, &ctx.config);
    let client = &client;
    let listed = paginate(ctx, "ListQueues", |token| async move {
        let out = ctx
            .call(
                "ListQueues",
                client
                    .list_queues()
                    .max_results(1000)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        Ok::<_, ApiError>(Page {
            next: out.next_token().map(str::to_string),
            items: out.queue_urls().to_vec(),
        })
    })
    .await;
    let urls = match listed {
        Ok(urls) => urls,
        Err(err) => {
            ctx.listing_failed(&err, &[ResourceKind::SqsQueue]);
            return;
        }
    };
    let queues = join_all(urls.into_iter().map(|url| async move {
        let attributes = ctx
            .call_on(
                &format!("queue {url}"),
                "GetQueueAttributes",
                client
                    .get_queue_attributes()
                    .queue_url(&url)
                    .attribute_names(QueueAttributeName::All)
                    .send(),
            )
            .await
            .map(|out| out.attributes().cloned().unwrap_or_default());
        let tags = ctx
            .call_on(
                &format!("queue {url}"),
                "ListQueueTags",
                client.list_queue_tags().queue_url(&url).send(),
            )
            .await
            .map(|out| {
                out.tags()
                    .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default()
            });
        (queue(ctx, url, attributes), tags)
    }))
    .await;
    for ((name, queue), tags) in queues {
        let id = queue.queue_arn.clone();
        let mut resource = ctx.resource(id, name, Attributes::SqsQueue(queue));
        crate::collect::record_tags(ctx, &mut resource, tags);
        ctx.push(resource);
    }
}

/// The queue from its attributes (or the failure that hid them), with its name.
fn queue(
    ctx: &CollectContext,
    queue_url: String,
    attributes: Result<HashMap<QueueAttributeName, String>, ApiError>,
) -> (String, Queue) {
    let name = queue_url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(&queue_url)
        .to_string();
    let fallback_arn = crate::arn::arn(
        ctx.partition(),
        "sqs",
        ctx.arn_region(),
        ctx.account(),
        &name,
    );
    let queue = match attributes {
        Err(err) => {
            let unknown: Value<String> = ctx.failed(&err);
            let reason = unknown.unknown_reason().unwrap_or_default().to_string();
            Queue {
                queue_url,
                queue_arn: fallback_arn,
                kms_master_key_id: Value::Unknown(reason.clone()),
                sqs_managed_sse_enabled: Value::Unknown(reason.clone()),
                policy: Value::Unknown(reason),
            }
        }
        Ok(attrs) => Queue {
            queue_arn: attrs
                .get(&QueueAttributeName::QueueArn)
                .cloned()
                .unwrap_or(fallback_arn),
            kms_master_key_id: Value::Known(
                attrs
                    .get(&QueueAttributeName::KmsMasterKeyId)
                    .filter(|k| !k.is_empty())
                    .cloned(),
            ),
            sqs_managed_sse_enabled: match attrs.get(&QueueAttributeName::SqsManagedSseEnabled) {
                Some(v) => Value::Known(v.eq_ignore_ascii_case("true")),
                None => Value::unknown(format!(
                    "GetQueueAttributes returned no SqsManagedSseEnabled for queue {name}"
                )),
            },
            policy: match attrs
                .get(&QueueAttributeName::Policy)
                .filter(|p| !p.trim().is_empty())
            {
                None => Value::Known(None),
                Some(raw) => match crate::convert::policy_document(raw) {
                    Ok(doc) => Value::Known(Some(doc)),
                    Err(reason) => Value::Unknown(format!("queue {name}: {reason}")),
                },
            },
            queue_url,
        },
    };
    (name, queue)
}
