//! KMS keys that resources use are not disabled.

use cloudward_model::kms::Key;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::kms::references;
use crate::Check;

/// Reads `DescribeKey.KeyState`. A key that cannot be used (`Disabled`, or `Unavailable`: its
/// custom key store is disconnected) fails when a resource of the inventory names it (see
/// [`crate::kms::references`]): that resource can no longer encrypt or decrypt. A disabled key
/// no collected resource names passes: disabling an unused key before deleting it is the
/// recommended practice; the evidence says which services were looked at, and the finding is
/// Unknown when a resource's key attribute could not be read. Keys pending deletion are judged
/// by `kms-key-not-pending-deletion`.
pub struct KmsKeyInUseNotDisabled;

const META: RuleMeta = RuleMeta {
    id: "kms-key-in-use-not-disabled",
    title: "KMS keys in use are not disabled",
    severity: Severity::Medium,
    service: "kms",
    kinds: Key::KINDS,
    checks: "For each key that is Disabled or Unavailable, whether a collected resource still \
             names it: a CloudTrail trail, an S3 bucket's default encryption, an EBS volume, a \
             log group, a secret or a SecureString parameter. Enabled keys and disabled keys \
             nothing names pass.",
    rationale: "A disabled key fails every request: a trail stops delivering logs, objects \
                written with the bucket default cannot be read, secrets and parameters cannot be \
                decrypted. Disabling a key that is still in use is an outage, and a way for an \
                attacker with kms:DisableKey to hold data hostage.",
    remediation: Remediation {
        console: "KMS console > Customer managed keys > <key> > Key actions > Enable; or move \
                  the resources that use it to another key before disabling it.",
        cli: "aws kms enable-key --key-id <key-id>",
        terraform: "resource \"aws_kms_key\" \"this\" {\n  description         = \"<purpose>\"\n  is_enabled          = true\n  enable_key_rotation = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/kms/latest/developerguide/enabling-keys.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_kms_key\" \"logs\" {\n  description         = \"log key\"\n  enable_key_rotation = true\n  is_enabled          = false\n}\n\nresource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"app\"\n  retention_in_days = 365\n  kms_key_id        = aws_kms_key.logs.arn\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"logs\" {\n  description         = \"log key\"\n  enable_key_rotation = true\n}\n\nresource \"aws_cloudwatch_log_group\" \"app\" {\n  name              = \"app\"\n  retention_in_days = 365\n  kms_key_id        = aws_kms_key.logs.arn\n}\n",
        cloudformation_bad: "Resources:\n  LogKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n      Enabled: false\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 365\n      KmsKeyId: !GetAtt LogKey.Arn\n",
        cloudformation_good: "Resources:\n  LogKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 365\n      KmsKeyId: !GetAtt LogKey.Arn\n",
    },
    file: file!(),
};

impl Check for KmsKeyInUseNotDisabled {
    type Subject = Key;
    const META: &'static RuleMeta = &META;

    fn judge(&self, key: &Key, resource: &Resource, inventory: &Inventory) -> Outcome {
        let state = match key.key_state.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(state) => state,
        };
        if state != "Disabled" && state != "Unavailable" {
            return Outcome::Pass(Evidence::at("key_state", format!("the key is {state}")));
        }
        let users = references(resource, key, inventory);
        if !users.names.is_empty() {
            return Outcome::Fail(Evidence::at(
                "key_state",
                format!("the key is {state} but still used by {}", users.describe()),
            ));
        }
        if let Some(doubt) = users.doubt {
            return Outcome::unknown(format!(
                "the key is {state}; whether a resource still uses it is unknown: {doubt}"
            ));
        }
        Outcome::Pass(Evidence::at(
            "key_state",
            format!(
                "the key is {state}, and no collected trail, bucket, volume, log group, secret \
                 or parameter uses it"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kms::test_helpers::{customer_key, key};
    use crate::rule::testing::{judge, judge_in};
    use cloudward_model::secretsmanager::Secret;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn disabled() -> Resource {
        key(Key {
            key_state: Value::Known("Disabled".into()),
            ..customer_key()
        })
    }

    fn inventory_with(kms_key_id: Value<Option<String>>) -> Inventory {
        let mut inventory = Inventory::new();
        inventory.push(disabled());
        inventory.push(test_support::resource(
            "db-password",
            Attributes::SecretsManagerSecret(Secret {
                name: "db-password".into(),
                kms_key_id,
                ..Default::default()
            }),
        ));
        inventory
    }

    #[test]
    fn disabled_key_in_use_fails_and_unused_passes() {
        let used = inventory_with(Value::Known(Some("alias/app".into())));
        assert_eq!(
            judge_in(&KmsKeyInUseNotDisabled, &disabled(), &used),
            Status::Fail
        );
        assert_eq!(judge(&KmsKeyInUseNotDisabled, &disabled()), Status::Pass);
        assert_eq!(
            judge(&KmsKeyInUseNotDisabled, &key(customer_key())),
            Status::Pass
        );
    }

    #[test]
    fn unreadable_user_key_is_unknown() {
        let doubt = inventory_with(Value::unknown("AccessDenied"));
        assert_eq!(
            judge_in(&KmsKeyInUseNotDisabled, &disabled(), &doubt),
            Status::Unknown
        );
        let state = key(Key {
            key_state: Value::unknown("AccessDenied"),
            ..customer_key()
        });
        assert_eq!(judge(&KmsKeyInUseNotDisabled, &state), Status::Unknown);
    }
}
