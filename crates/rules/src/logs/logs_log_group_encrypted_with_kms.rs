//! Log groups are encrypted with a KMS key.

use cloudward_model::logs::LogGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::judged;
use crate::Check;

/// Reads `DescribeLogGroups` `kmsKeyId`. Without one, CloudWatch Logs still encrypts the data
/// with keys it manages, which no key policy restricts.
pub struct LogsLogGroupEncryptedWithKms;

const META: RuleMeta = RuleMeta {
    id: "logs-log-group-encrypted-with-kms",
    title: "CloudWatch log groups are encrypted with a KMS key",
    severity: Severity::Medium,
    service: "logs",
    kinds: LogGroup::KINDS,
    checks: "For each log group, whether a KMS key is associated with it (kmsKeyId).",
    rationale: "Logs hold request data, tokens that leaked into messages, and the audit trail an \
                investigation depends on. A customer managed key adds a permission of its own to \
                read them (kms:Decrypt), an audit trail of every decryption, and a way to make \
                the data unreadable by disabling the key.",
    remediation: Remediation {
        console: "Allow the logs.<region>.amazonaws.com service principal to use the key in its \
                  key policy, then CloudWatch console > Log groups > <group> > Actions > Edit > \
                  KMS key ARN (or associate it with the CLI).",
        cli: "aws logs associate-kms-key --log-group-name <group> --kms-key-id <key-arn>",
        terraform: "resource \"aws_cloudwatch_log_group\" \"this\" {\n  name              = \"<group>\"\n  retention_in_days = 365\n  kms_key_id        = aws_kms_key.logs.arn\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"/app/web\"\n  retention_in_days = 365\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"logs\" {\n  description         = \"logs\"\n  enable_key_rotation = true\n}\n\nresource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"/app/web\"\n  retention_in_days = 365\n  kms_key_id        = aws_kms_key.logs.arn\n}\n",
        cloudformation_bad: "Resources:\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /app/web\n      RetentionInDays: 365\n",
        cloudformation_good: "Resources:\n  LogKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /app/web\n      RetentionInDays: 365\n      KmsKeyId: !GetAtt LogKey.Arn\n",
    },
    file: file!(),
};

impl Check for LogsLogGroupEncryptedWithKms {
    type Subject = LogGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, group: &LogGroup, _: &Resource, _: &Inventory) -> Outcome {
        judged(&group.kms_key_id, "kms_key_id", |key| match key {
            Some(key) => Ok(format!("encrypted with KMS key {key}")),
            None => Err("no KMS key: encrypted only with keys CloudWatch Logs manages".into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::test_helpers::group;
    use crate::rule::testing::judge;
    use cloudward_model::{Status, Value};

    #[test]
    fn pass_fail_unknown() {
        let rule = &LogsLogGroupEncryptedWithKms;
        let key = Value::Known(Some("arn:aws:kms:us-east-1:123456789012:key/k".into()));
        assert_eq!(
            judge(rule, &group("a", Value::Known(Some(365)), key)),
            Status::Pass
        );
        assert_eq!(
            judge(
                rule,
                &group("a", Value::Known(Some(365)), Value::Known(None))
            ),
            Status::Fail
        );
        assert_eq!(
            judge(
                rule,
                &group("a", Value::Known(Some(365)), Value::unknown("denied"))
            ),
            Status::Unknown
        );
    }
}
