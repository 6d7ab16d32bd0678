//! SQS: `AWS::SQS::Queue` and the `AWS::SQS::QueuePolicy` resources that set the access policy
//! of the queues they list (`Queues: [!Ref Queue]`, the queue URL).
//!
//! `SqsManagedSseEnabled` unset and no `KmsMasterKeyId`: SSE-SQS, SQS's default for every
//! queue created since October 2022.

use cloudward_model::sqs::Queue;
use cloudward_model::{Attributes, Value};

use super::s3::policy_document;
use super::sns::key_property;
use super::{known, locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let queues: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::SQS::Queue")
        .collect();
    for i in queues {
        let decl = &t.decls[i];
        let p = &decl.props;
        let kms_master_key_id = key_property(p, "KmsMasterKeyId");
        let sse_default = !matches!(kms_master_key_id, Value::Known(Some(_)));
        let queue = Queue {
            queue_url: decl.logical_id.clone(),
            queue_arn: decl.logical_id.clone(),
            kms_master_key_id,
            sqs_managed_sse_enabled: match p.get("SqsManagedSseEnabled") {
                None => Value::Known(sse_default),
                Some(v) => known(
                    v.boolean()
                        .map_err(|r| format!("SqsManagedSseEnabled: {r}")),
                ),
            },
            policy: Value::Known(None),
        };
        let locs = locations(
            t,
            [
                ("kms_master_key_id".to_string(), p.key_pos("KmsMasterKeyId")),
                (
                    "sqs_managed_sse_enabled".to_string(),
                    p.key_pos("SqsManagedSseEnabled"),
                ),
            ],
        );
        let name = decl.name_or_logical_id("QueueName");
        t.push(i, name, Attributes::SqsQueue(queue), locs);
    }
    let policies: Vec<usize> = (0..t.decls.len())
        .filter(|&i| t.decls[i].resource_type == "AWS::SQS::QueuePolicy")
        .collect();
    for i in policies {
        let decl = &t.decls[i];
        let targets: Vec<Option<String>> = match decl.props.get("Queues").map(|v| v.list()) {
            Some(Ok(items)) => items.iter().map(|v| t.target(v)).collect(),
            _ => Vec::new(),
        };
        let document = match (&decl.existence_unknown, decl.props.get("PolicyDocument")) {
            (Some(why), _) => Value::Unknown(format!("the queue policy may not exist: {why}")),
            (None, Some(doc)) => policy_document(doc).map(Some),
            (None, None) => Value::Unknown("QueuePolicy without PolicyDocument".to_string()),
        };
        let location = t.location(decl.props.key_pos("PolicyDocument").unwrap_or(decl.pos));
        let mut joined = false;
        for target in targets.into_iter().flatten() {
            let Some(resource) = t.resource_mut(&target) else {
                continue;
            };
            if let Attributes::SqsQueue(queue) = &mut resource.attributes {
                queue.policy = document.clone();
                resource
                    .attribute_locations
                    .insert("policy".to_string(), location.clone());
                joined = true;
            }
        }
        if !joined {
            t.unjoined(i, "a queue");
        }
    }
}
