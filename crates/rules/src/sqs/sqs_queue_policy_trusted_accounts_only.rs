//! SQS queue access policies let in no account outside the trusted list.

use cloudward_model::sqs::Queue;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the queue's `Policy` for the accounts its `Allow` statements admit (AWS principals;
/// for `Principal: *` the accounts its condition names), against the scanned account and
/// `trusted_accounts`; the same logic as the SNS rule
/// (`crate::sns::policy::judge_trusted_accounts`), with its edge cases.
pub struct SqsQueuePolicyTrustedAccountsOnly;

const META: RuleMeta = RuleMeta {
    id: "sqs-queue-policy-trusted-accounts-only",
    title: "SQS queue policies allow only the account itself and trusted accounts",
    severity: Severity::High,
    service: "sqs",
    kinds: Queue::KINDS,
    checks: "For each SQS queue, every account an Allow statement of its access policy admits \
             (AWS principals, and the accounts a wildcard principal's condition names) must be \
             the scanned account or one of trusted_accounts in cloudward.toml; a wildcard \
             principal without such a condition admits every account and fails.",
    rationale: "A queue shared with another account lets it feed messages to your workers or \
                read and delete theirs. Grants to partners and your own accounts are normal; \
                naming the trusted accounts makes a forgotten or unexpected grant visible.",
    remediation: Remediation {
        console: "SQS console > Queues > <queue> > Edit > Access policy: remove the statements \
                  (or principals) naming accounts you do not trust > Save. If the account is \
                  trusted, add it to trusted_accounts in cloudward.toml.",
        cli: "aws sqs get-queue-attributes --queue-url <queue-url> --attribute-names Policy\naws sqs set-queue-attributes --queue-url <queue-url> --attributes file://policy-attribute.json",
        terraform: "resource \"aws_sqs_queue_policy\" \"this\" {\n  queue_url = aws_sqs_queue.this.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"arn:aws:iam::<trusted-account-id>:root\" }\n      Action    = \"sqs:SendMessage\"\n      Resource  = aws_sqs_queue.this.arn\n    }]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC03-BP09"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"*\" }\n      Action    = \"sqs:ReceiveMessage\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_iam_role\" \"worker\" {\n  name = \"worker\"\n  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Service = \"ecs-tasks.amazonaws.com\" }\n      Action    = \"sts:AssumeRole\"\n    }]\n  })\n}\n\nresource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = aws_iam_role.worker.arn }\n      Action    = \"sqs:ReceiveMessage\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n  JobsPolicy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues:\n        - !Ref Jobs\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: sqs:SendMessage\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n  JobsPolicy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues:\n        - !Ref Jobs\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: events.amazonaws.com\n            Action: sqs:SendMessage\n            Resource: '*'\n",
    },
    file: file!(),
};

impl Check for SqsQueuePolicyTrustedAccountsOnly {
    type Subject = Queue;
    const META: &'static RuleMeta = &META;

    fn judge(&self, queue: &Queue, resource: &Resource, inventory: &Inventory) -> Outcome {
        crate::sns::policy::judge_trusted_accounts(&queue.policy, resource, inventory, "queue")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Settings, Status, Value};
    use serde_json::json;

    fn judge(policy: Value<Option<PolicyDocument>>, trusted: &[&str]) -> Status {
        let r = resource(
            "jobs",
            Attributes::SqsQueue(Queue {
                policy,
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.account_id = Some("123456789012".into());
        inventory.settings = Settings {
            trusted_accounts: trusted.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        };
        testing::judge_in(&SqsQueuePolicyTrustedAccountsOnly, &r, &inventory)
    }

    #[test]
    fn other_accounts_fail_unless_trusted() {
        let doc = || {
            Value::Known(Some(PolicyDocument(
                json!({"Statement": [{"Effect": "Allow",
                "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": "444455556666"}}}]}),
            )))
        };
        assert_eq!(judge(doc(), &[]), Status::Fail);
        assert_eq!(judge(doc(), &["444455556666"]), Status::Pass);
        assert_eq!(judge(Value::Known(None), &[]), Status::Pass);
        assert_eq!(judge(Value::unknown("AccessDenied"), &[]), Status::Unknown);
    }
}
