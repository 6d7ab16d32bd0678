//! SNS topics are encrypted at rest with a KMS key.

use cloudward_model::sns::Topic;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads the topic attribute `KmsMasterKeyId` (`GetTopicAttributes`; `kms_master_key_id` in
/// Terraform, `KmsMasterKeyId` in CloudFormation). Absent or empty: no server-side encryption.
/// Any key passes, the AWS managed `alias/aws/sns` included, as FSBP SNS.1 does.
pub struct SnsTopicEncryptedWithKms;

const META: RuleMeta = RuleMeta {
    id: "sns-topic-encrypted-with-kms",
    title: "SNS topics are encrypted at rest with a KMS key",
    severity: Severity::Medium,
    service: "sns",
    kinds: Topic::KINDS,
    checks: "For each SNS topic, whether server-side encryption is on: the KmsMasterKeyId \
             attribute names a KMS key (the AWS managed alias/aws/sns or a customer managed \
             key).",
    rationale: "Without SSE, messages waiting for delivery are stored under SNS's own disk \
                encryption only, readable by anyone allowed to the topic. A KMS key adds a \
                second permission (kms:Decrypt / kms:GenerateDataKey) that publishers and \
                subscribers must hold, and logs every use of the key in CloudTrail.",
    remediation: Remediation {
        console: "SNS console > Topics > <topic> > Edit > Encryption: enable encryption and \
                  choose a KMS key (a customer managed key to control its key policy) > Save \
                  changes. Grant the publishing services kms:GenerateDataKey and kms:Decrypt \
                  on that key.",
        cli: "aws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name KmsMasterKeyId --attribute-value <kms-key-id>",
        terraform: "resource \"aws_sns_topic\" \"this\" {\n  name              = \"<name>\"\n  kms_master_key_id = aws_kms_key.sns.id\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SNS.1"],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_sns_topic\" \"alerts\" {\n  name = \"alerts\"\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"sns\" {\n  enable_key_rotation = true\n}\n\nresource \"aws_sns_topic\" \"alerts\" {\n  name              = \"alerts\"\n  kms_master_key_id = aws_kms_key.sns.id\n}\n",
        cloudformation_bad: "Resources:\n  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: alerts\n",
        cloudformation_good: "Resources:\n  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: alerts\n      KmsMasterKeyId: alias/aws/sns\n",
    },
    file: file!(),
};

impl Check for SnsTopicEncryptedWithKms {
    type Subject = Topic;
    const META: &'static RuleMeta = &META;

    fn judge(&self, topic: &Topic, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &topic.kms_master_key_id,
            "kms_master_key_id",
            |key| match key {
                Some(key) => Ok(format!("the topic is encrypted with KMS key {key}")),
                None => Err("the topic has no KMS key: server-side encryption is off".into()),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(key: Value<Option<String>>) -> Status {
        let r = resource(
            "alerts",
            Attributes::SnsTopic(Topic {
                kms_master_key_id: key,
                ..Default::default()
            }),
        );
        testing::judge(&SnsTopicEncryptedWithKms, &r)
    }

    #[test]
    fn a_key_passes_none_fails_unreadable_is_unknown() {
        assert_eq!(
            judge(Value::Known(Some("alias/aws/sns".into()))),
            Status::Pass
        );
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
