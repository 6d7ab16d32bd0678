//! SQS: `aws_sqs_queue` (with its inline `policy`) joined with `aws_sqs_queue_policy` by
//! `queue_url` (`aws_sqs_queue.x.id` or `.url`, or a literal URL ending in the name).
//!
//! `sqs_managed_sse_enabled` unset: SSE-SQS, which SQS applies to every queue created since
//! October 2022 unless a KMS key is given
//! (<https://aws.amazon.com/about-aws/whats-new/2022/10/amazon-sqs-announces-server-side-encryption-ssq-managed-sse-sqs-default/>).

use cloudward_model::sqs::Queue;
use cloudward_model::{Attributes, Resource, Value};

use super::sns::{join_policies, key_argument};
use super::{bool_or, get, locate, name_or_address, policy, resource, Index};
use crate::terraform::module::Instance;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut queues: Vec<(Resource, &Instance, String)> = Vec::new();
    for &i in idx.of("aws_sqs_queue") {
        let name = name_or_address(i, "name");
        let kms_master_key_id = key_argument(get(i, "kms_master_key_id"));
        let sse_default = !matches!(kms_master_key_id, Value::Known(Some(_)));
        let queue = Queue {
            queue_url: i.address.clone(),
            queue_arn: format!("{}.arn", i.address),
            kms_master_key_id,
            sqs_managed_sse_enabled: bool_or(get(i, "sqs_managed_sse_enabled"), sse_default),
            policy: policy(get(i, "policy")),
        };
        let mut r = resource(i, name.clone(), Attributes::SqsQueue(queue));
        locate(&mut r, "kms_master_key_id", i, "kms_master_key_id");
        locate(
            &mut r,
            "sqs_managed_sse_enabled",
            i,
            "sqs_managed_sse_enabled",
        );
        locate(&mut r, "policy", i, "policy");
        queues.push((r, i, name));
    }
    join_policies(
        idx,
        &mut queues,
        "aws_sqs_queue_policy",
        "queue_url",
        |r, doc| {
            if let Attributes::SqsQueue(q) = &mut r.attributes {
                q.policy = doc;
            }
        },
    );
    out.extend(queues.into_iter().map(|(r, _, _)| r));
}
