//! Amazon SQS queues (`ListQueues` + `GetQueueAttributes`).

use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;
use crate::Value;

/// An SQS queue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Queue {
    /// `QueueUrl`.
    pub queue_url: String,
    /// `QueueArn`.
    pub queue_arn: String,
    /// `KmsMasterKeyId`: the KMS key of SSE-KMS; `None`: not encrypted with KMS.
    pub kms_master_key_id: Value<Option<String>>,
    /// `SqsManagedSseEnabled`: SSE-SQS (keys owned by SQS).
    pub sqs_managed_sse_enabled: Value<bool>,
    /// `Policy`: the queue's access policy (`None`: no policy).
    pub policy: Value<Option<PolicyDocument>>,
}
