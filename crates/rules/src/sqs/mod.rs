//! SQS rules: queues encrypted at rest (SSE-SQS or KMS), and queue access policies neither
//! public nor open to accounts outside the trusted list. The policy logic is SNS's
//! (`crate::sns::policy`).

mod sqs_queue_encrypted;
mod sqs_queue_policy_not_public;
mod sqs_queue_policy_trusted_accounts_only;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &sqs_queue_encrypted::SqsQueueEncrypted,
    &sqs_queue_policy_not_public::SqsQueuePolicyNotPublic,
    &sqs_queue_policy_trusted_accounts_only::SqsQueuePolicyTrustedAccountsOnly,
];
