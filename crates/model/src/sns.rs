//! Amazon SNS topics (`ListTopics` + `GetTopicAttributes`).

use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;
use crate::Value;

/// An SNS topic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Topic {
    /// `TopicArn`.
    pub topic_arn: String,
    /// `KmsMasterKeyId`: the KMS key (id, ARN or alias) of server-side encryption; `None`:
    /// no SSE (SNS then keeps messages only under its own disk encryption).
    pub kms_master_key_id: Value<Option<String>>,
    /// `Policy`: the topic's access policy (`None`: no policy attribute).
    pub policy: Value<Option<PolicyDocument>>,
    /// `SubscriptionsConfirmed`: how many confirmed subscribers messages reach (the CIS
    /// monitoring alarms need at least one). Known only live.
    #[serde(default)]
    pub subscriptions_confirmed: Value<u64>,
}
