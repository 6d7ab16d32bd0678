//! SQS queue access policies grant nothing to everyone.

use cloudward_model::sqs::Queue;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the queue's `Policy` attribute (`aws_sqs_queue.policy` or `aws_sqs_queue_policy` in
/// Terraform, `AWS::SQS::QueuePolicy` in CloudFormation) for `Allow` statements whose
/// principal is everyone (`*`, `{"AWS": "*"}`, or a `NotPrincipal`) with no condition that
/// narrows the caller (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, a source
/// VPC or IP); shared with the SNS rule (`crate::sns::policy::judge_public`).
pub struct SqsQueuePolicyNotPublic;

const META: RuleMeta = RuleMeta {
    id: "sqs-queue-policy-not-public",
    title: "SQS queue policies grant no access to everyone",
    severity: Severity::Critical,
    service: "sqs",
    kinds: Queue::KINDS,
    checks: "For each SQS queue, whether an Allow statement of its access policy has \
             Principal \"*\" (or {\"AWS\": \"*\"}, or a NotPrincipal) without a condition \
             restricting the caller (aws:SourceArn, aws:SourceAccount, aws:SourceOwner, \
             aws:PrincipalOrgID, source VPC, VPC endpoint or IP).",
    rationale: "A public queue lets anyone send messages into the workers that consume it \
                (injection into a trusted pipeline), receive and delete messages meant for \
                them (data theft, lost work), or purge the queue.",
    remediation: Remediation {
        console: "SQS console > Queues > <queue> > Edit > Access policy: replace Principal \
                  \"*\" with the accounts or roles that need access, or add a condition such as \
                  aws:SourceArn (the SNS topic or S3 bucket that sends) > Save.",
        cli: "aws sqs get-queue-attributes --queue-url <queue-url> --attribute-names Policy\naws sqs set-queue-attributes --queue-url <queue-url> --attributes file://policy-attribute.json",
        terraform: "resource \"aws_sqs_queue_policy\" \"this\" {\n  queue_url = aws_sqs_queue.this.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Service = \"sns.amazonaws.com\" }\n      Action    = \"sqs:SendMessage\"\n      Resource  = aws_sqs_queue.this.arn\n      Condition = { ArnEquals = { \"aws:SourceArn\" = aws_sns_topic.events.arn } }\n    }]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-3",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SQS.3"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n\nresource \"aws_sqs_queue_policy\" \"jobs\" {\n  queue_url = aws_sqs_queue.jobs.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = \"sqs:SendMessage\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n\nresource \"aws_sqs_queue_policy\" \"jobs\" {\n  queue_url = aws_sqs_queue.jobs.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = \"sqs:SendMessage\"\n      Resource  = \"*\"\n      Condition = { ArnEquals = { \"aws:SourceArn\" = \"arn:aws:sns:us-east-1:123456789012:events\" } }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n  JobsPolicy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues:\n        - !Ref Jobs\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: '*'\n            Action: sqs:ReceiveMessage\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n  JobsPolicy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues:\n        - !Ref Jobs\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: s3.amazonaws.com\n            Action: sqs:SendMessage\n            Resource: '*'\n",
    },
    file: file!(),
};

impl Check for SqsQueuePolicyNotPublic {
    type Subject = Queue;
    const META: &'static RuleMeta = &META;

    fn judge(&self, queue: &Queue, _: &Resource, _: &Inventory) -> Outcome {
        crate::sns::policy::judge_public(&queue.policy, "queue")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};
    use serde_json::json;

    fn judge(policy: Value<Option<PolicyDocument>>) -> Status {
        let r = resource(
            "jobs",
            Attributes::SqsQueue(Queue {
                policy,
                ..Default::default()
            }),
        );
        testing::judge(&SqsQueuePolicyNotPublic, &r)
    }

    #[test]
    fn public_fails_narrowed_passes_unknown_stays_unknown() {
        let open = json!({"Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "sqs:*", "Resource": "*"}]});
        assert_eq!(
            judge(Value::Known(Some(PolicyDocument(open)))),
            Status::Fail
        );
        let narrowed = json!({"Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "sqs:SendMessage", "Resource": "*",
            "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}}]});
        assert_eq!(
            judge(Value::Known(Some(PolicyDocument(narrowed)))),
            Status::Pass
        );
        assert_eq!(judge(Value::Known(None)), Status::Pass);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
