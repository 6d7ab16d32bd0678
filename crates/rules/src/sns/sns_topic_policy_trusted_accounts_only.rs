//! SNS topic access policies let in no account outside the trusted list.

use cloudward_model::sns::Topic;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the topic's `Policy` for the accounts its `Allow` statements admit: AWS principals
/// (account ids and ARNs), and for `Principal: *` the accounts its condition names
/// (`aws:SourceAccount`, `aws:SourceOwner`, `aws:PrincipalAccount`, or the account in
/// `aws:SourceArn`/`aws:PrincipalArn`); an organisation condition (`aws:PrincipalOrgID`)
/// keeps access inside the organisation and passes. The scanned account and
/// `trusted_accounts` (cloudward.toml) are trusted; in code, where the deploying account is
/// not known, another account not listed is Unknown; a principal referenced from the same code
/// is the deploying account. Service principals are not accounts.
pub struct SnsTopicPolicyTrustedAccountsOnly;

const META: RuleMeta = RuleMeta {
    id: "sns-topic-policy-trusted-accounts-only",
    title: "SNS topic policies allow only the account itself and trusted accounts",
    severity: Severity::High,
    service: "sns",
    kinds: Topic::KINDS,
    checks: "For each SNS topic, every account an Allow statement of its access policy admits \
             (AWS principals, and the accounts a wildcard principal's condition names) must be \
             the scanned account or one of trusted_accounts in cloudward.toml; a wildcard \
             principal without such a condition admits every account and fails.",
    rationale: "A topic shared with another account lets that account publish into your \
                workflows or subscribe and read every message. Sharing with partners and \
                your own accounts is normal; the list of accounts you trust makes any other \
                grant, often left over from a test or a vendor trial, visible.",
    remediation: Remediation {
        console: "SNS console > Topics > <topic> > Edit > Access policy: remove the statements \
                  (or principals) naming accounts you do not trust > Save changes. If the \
                  account is trusted, add it to trusted_accounts in cloudward.toml.",
        cli: "aws sns get-topic-attributes --topic-arn <topic-arn> --query Attributes.Policy\naws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name Policy --attribute-value file://policy.json",
        terraform: "resource \"aws_sns_topic_policy\" \"this\" {\n  arn = aws_sns_topic.this.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"arn:aws:iam::<trusted-account-id>:root\" }\n      Action    = \"sns:Publish\"\n      Resource  = aws_sns_topic.this.arn\n    }]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
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
        terraform_bad: "resource \"aws_sns_topic\" \"orders\" {\n  name = \"orders\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"*\" }\n      Action    = \"sns:Subscribe\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_iam_role\" \"publisher\" {\n  name = \"publisher\"\n  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Service = \"lambda.amazonaws.com\" }\n      Action    = \"sts:AssumeRole\"\n    }]\n  })\n}\n\nresource \"aws_sns_topic\" \"orders\" {\n  name = \"orders\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = aws_iam_role.publisher.arn }\n      Action    = \"sns:Publish\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  Orders:\n    Type: AWS::SNS::Topic\n  OrdersPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics:\n        - !Ref Orders\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: '*'\n            Action: sns:Subscribe\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  Orders:\n    Type: AWS::SNS::Topic\n  OrdersPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics:\n        - !Ref Orders\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: events.amazonaws.com\n            Action: sns:Publish\n            Resource: '*'\n",
    },
    file: file!(),
};

impl Check for SnsTopicPolicyTrustedAccountsOnly {
    type Subject = Topic;
    const META: &'static RuleMeta = &META;

    fn judge(&self, topic: &Topic, resource: &Resource, inventory: &Inventory) -> Outcome {
        crate::sns::policy::judge_trusted_accounts(&topic.policy, resource, inventory, "topic")
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
            "orders",
            Attributes::SnsTopic(Topic {
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
        testing::judge_in(&SnsTopicPolicyTrustedAccountsOnly, &r, &inventory)
    }

    #[test]
    fn other_accounts_fail_unless_trusted() {
        let doc = || {
            Value::Known(Some(PolicyDocument(
                json!({"Statement": [{"Effect": "Allow",
                "Principal": {"AWS": ["arn:aws:iam::123456789012:role/app", "444455556666"]},
                "Action": "sns:Publish", "Resource": "*"}]}),
            )))
        };
        assert_eq!(judge(doc(), &[]), Status::Fail);
        assert_eq!(judge(doc(), &["444455556666"]), Status::Pass);
        assert_eq!(judge(Value::Known(None), &[]), Status::Pass);
        assert_eq!(judge(Value::unknown("AccessDenied"), &[]), Status::Unknown);
    }
}
