//! SQS queues are encrypted at rest.

use cloudward_model::sqs::Queue;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `KmsMasterKeyId` (SSE-KMS) and `SqsManagedSseEnabled` (SSE-SQS) from
/// `GetQueueAttributes`; either passes, as FSBP SQS.1 does. A key that is set decides even when
/// the SSE-SQS flag could not be read. In code, a queue that sets neither gets SSE-SQS, SQS's
/// default for queues created since October 2022.
pub struct SqsQueueEncrypted;

const META: RuleMeta = RuleMeta {
    id: "sqs-queue-encrypted",
    title: "SQS queues are encrypted at rest",
    severity: Severity::Medium,
    service: "sqs",
    kinds: Queue::KINDS,
    checks: "For each SQS queue, whether server-side encryption is on: a KMS key \
             (KmsMasterKeyId, SSE-KMS) or SQS-owned keys (SqsManagedSseEnabled, SSE-SQS).",
    rationale: "Messages often carry order data, credentials passed between services or \
                personal data, and sit in the queue for up to 14 days. Encryption at rest keeps \
                them unreadable on SQS's storage; SSE-KMS adds a key policy and CloudTrail \
                records of every decryption.",
    remediation: Remediation {
        console: "SQS console > Queues > <queue> > Edit > Encryption: Server-side encryption \
                  Enabled, with Amazon SQS key (SSE-SQS) or AWS KMS key (SSE-KMS) > Save.",
        cli: "aws sqs set-queue-attributes --queue-url <queue-url> --attributes SqsManagedSseEnabled=true",
        terraform: "resource \"aws_sqs_queue\" \"this\" {\n  name                    = \"<name>\"\n  sqs_managed_sse_enabled = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SQS.1"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  sqs_managed_sse_enabled = false\n}\n",
        terraform_good: "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n",
        cloudformation_bad: "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: jobs\n      SqsManagedSseEnabled: false\n",
        cloudformation_good: "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: jobs\n      KmsMasterKeyId: alias/aws/sqs\n",
    },
    file: file!(),
};

impl Check for SqsQueueEncrypted {
    type Subject = Queue;
    const META: &'static RuleMeta = &META;

    fn judge(&self, queue: &Queue, _: &Resource, _: &Inventory) -> Outcome {
        match queue.kms_master_key_id.get() {
            Ok(Some(key)) => {
                return Outcome::Pass(Evidence::at(
                    "kms_master_key_id",
                    format!("the queue is encrypted with KMS key {key} (SSE-KMS)"),
                ))
            }
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {}
        }
        match queue.sqs_managed_sse_enabled.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(true) => Outcome::Pass(Evidence::at(
                "sqs_managed_sse_enabled",
                "the queue is encrypted with SQS-owned keys (SSE-SQS)",
            )),
            Ok(false) => Outcome::Fail(Evidence::at(
                "sqs_managed_sse_enabled",
                "the queue is not encrypted: neither SSE-SQS nor a KMS key",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(key: Value<Option<String>>, sse: Value<bool>) -> Status {
        let r = resource(
            "jobs",
            Attributes::SqsQueue(Queue {
                kms_master_key_id: key,
                sqs_managed_sse_enabled: sse,
                ..Default::default()
            }),
        );
        testing::judge(&SqsQueueEncrypted, &r)
    }

    #[test]
    fn either_encryption_passes_neither_fails() {
        assert_eq!(
            judge(Value::Known(Some("k".into())), Value::unknown("?")),
            Status::Pass
        );
        assert_eq!(judge(Value::Known(None), Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(None), Value::Known(false)), Status::Fail);
        assert_eq!(
            judge(Value::Known(None), Value::unknown("AccessDenied")),
            Status::Unknown
        );
    }
}
