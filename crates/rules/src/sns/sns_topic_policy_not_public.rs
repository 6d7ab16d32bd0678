//! SNS topic access policies grant nothing to everyone.

use cloudward_model::sns::Topic;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the topic's `Policy` attribute (`aws_sns_topic.policy` or `aws_sns_topic_policy` in
/// Terraform, `AWS::SNS::TopicPolicy` in CloudFormation) for `Allow` statements whose
/// principal is everyone (`*`, `{"AWS": "*"}`, or a `NotPrincipal`) with no condition that
/// narrows the caller (`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOwner`,
/// `aws:PrincipalOrgID`, a source VPC or IP; see `PolicyDocument::public_allow_statements`).
pub struct SnsTopicPolicyNotPublic;

const META: RuleMeta = RuleMeta {
    id: "sns-topic-policy-not-public",
    title: "SNS topic policies grant no access to everyone",
    severity: Severity::High,
    service: "sns",
    kinds: Topic::KINDS,
    checks: "For each SNS topic, whether an Allow statement of its access policy has \
             Principal \"*\" (or {\"AWS\": \"*\"}, or a NotPrincipal) without a condition \
             restricting the caller (aws:SourceAccount, aws:SourceArn, aws:SourceOwner, \
             aws:PrincipalOrgID, source VPC, VPC endpoint or IP).",
    rationale: "A public topic lets anyone publish (spam, forged alerts, a denial of service \
                on every subscriber, costs) or subscribe their own endpoint and read every \
                message, which often carries alarm details, order events or personal data.",
    remediation: Remediation {
        console: "SNS console > Topics > <topic> > Edit > Access policy: replace Principal \"*\" \
                  with the accounts or roles that publish and subscribe, or add a condition \
                  such as aws:SourceArn (for an AWS service publishing) or aws:PrincipalOrgID \
                  > Save changes.",
        cli: "aws sns get-topic-attributes --topic-arn <topic-arn> --query Attributes.Policy\naws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name Policy --attribute-value file://policy.json",
        terraform: "resource \"aws_sns_topic_policy\" \"this\" {\n  arn = aws_sns_topic.this.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Service = \"cloudwatch.amazonaws.com\" }\n      Action    = \"sns:Publish\"\n      Resource  = aws_sns_topic.this.arn\n    }]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-no-public-access.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SNS.4"],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_sns_topic\" \"events\" {\n  name = \"events\"\n}\n\nresource \"aws_sns_topic_policy\" \"events\" {\n  arn = aws_sns_topic.events.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = [\"sns:Publish\", \"sns:Subscribe\"]\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_sns_topic\" \"events\" {\n  name = \"events\"\n}\n\nresource \"aws_sns_topic_policy\" \"events\" {\n  arn = aws_sns_topic.events.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Service = \"cloudwatch.amazonaws.com\" }\n      Action    = \"sns:Publish\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  Events:\n    Type: AWS::SNS::Topic\n  EventsPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics:\n        - !Ref Events\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: sns:Publish\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  Events:\n    Type: AWS::SNS::Topic\n  EventsPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics:\n        - !Ref Events\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: cloudwatch.amazonaws.com\n            Action: sns:Publish\n            Resource: '*'\n",
    },
    file: file!(),
};

impl Check for SnsTopicPolicyNotPublic {
    type Subject = Topic;
    const META: &'static RuleMeta = &META;

    fn judge(&self, topic: &Topic, _: &Resource, _: &Inventory) -> Outcome {
        crate::sns::policy::judge_public(&topic.policy, "topic")
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
            "events",
            Attributes::SnsTopic(Topic {
                policy,
                ..Default::default()
            }),
        );
        testing::judge(&SnsTopicPolicyNotPublic, &r)
    }

    #[test]
    fn public_fails_narrowed_passes_unknown_stays_unknown() {
        let open = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": "sns:Subscribe", "Resource": "*"}]});
        assert_eq!(
            judge(Value::Known(Some(PolicyDocument(open)))),
            Status::Fail
        );
        let narrowed = json!({"Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "sns:Publish", "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceOwner": "123456789012"}}}]});
        assert_eq!(
            judge(Value::Known(Some(PolicyDocument(narrowed)))),
            Status::Pass
        );
        assert_eq!(judge(Value::Known(None)), Status::Pass);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
