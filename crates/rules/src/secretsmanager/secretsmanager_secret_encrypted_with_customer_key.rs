//! Secrets are encrypted with a customer managed KMS key.

use cloudward_model::secretsmanager::Secret;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Subject, Value,
};

use crate::Check;

/// Reads `KmsKeyId`: absent means the AWS managed key `aws/secretsmanager`, as does an
/// `alias/aws/...` reference; a key of the inventory that the reference names decides by its
/// `KeyManager`; any other reference is a customer managed key (AWS managed keys are only
/// named through their `aws/` aliases or found in the inventory).
pub struct SecretsmanagerSecretEncryptedWithCustomerKey;

const META: RuleMeta = RuleMeta {
    id: "secretsmanager-secret-encrypted-with-customer-key",
    title: "Secrets Manager secrets are encrypted with a customer managed KMS key",
    severity: Severity::Low,
    service: "secretsmanager",
    kinds: Secret::KINDS,
    checks: "For each secret, whether its KMS key is customer managed rather than the AWS \
             managed key aws/secretsmanager.",
    rationale: "With the AWS managed key, anyone in the account with secretsmanager:GetSecretValue \
                can read the secret: the key policy cannot be narrowed, and the secret cannot be \
                shared with another account. A customer managed key adds a second, separately \
                controlled permission and its own audit trail.",
    remediation: Remediation {
        console: "Secrets Manager console > Secrets > <secret> > Secret details > Actions > Edit \
                  encryption key: choose a customer managed key, and keep the previous key enabled \
                  until applications have read the re-encrypted version.",
        cli: "aws secretsmanager update-secret --secret-id <secret> --kms-key-id <key-arn>",
        terraform: "resource \"aws_secretsmanager_secret\" \"this\" {\n  name       = \"<name>\"\n  kms_key_id = aws_kms_key.secrets.arn\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP01", "SEC08-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_secretsmanager_secret\" \"api\" {\n  name = \"prod/api/token\"\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"secrets\" {\n  description         = \"secrets\"\n  enable_key_rotation = true\n}\n\nresource \"aws_secretsmanager_secret\" \"api\" {\n  name       = \"prod/api/token\"\n  kms_key_id = aws_kms_key.secrets.arn\n}\n",
        cloudformation_bad: "Resources:\n  ApiToken:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/api/token\n",
        cloudformation_good: "Resources:\n  SecretsKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  ApiToken:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      Name: prod/api/token\n      KmsKeyId: !GetAtt SecretsKey.Arn\n",
    },
    file: file!(),
};

impl Check for SecretsmanagerSecretEncryptedWithCustomerKey {
    type Subject = Secret;
    const META: &'static RuleMeta = &META;

    fn judge(&self, secret: &Secret, resource: &Resource, inventory: &Inventory) -> Outcome {
        let reference = match secret.kms_key_id.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::Fail(Evidence::at(
                    "kms_key_id",
                    "encrypted with the AWS managed key aws/secretsmanager",
                ))
            }
            Ok(Some(reference)) => reference,
        };
        if reference.contains("alias/aws/") {
            return Outcome::Fail(Evidence::at(
                "kms_key_id",
                format!("encrypted with the AWS managed key {reference}"),
            ));
        }
        let key = inventory
            .of_kind(ResourceKind::KmsKey)
            .filter(|k| {
                k.region.is_none() || resource.region.is_none() || k.region == resource.region
            })
            .filter_map(|k| k.as_kms_key().map(|key| (k, key)))
            .find(|(_, key)| key.is_named_by(reference) == Value::Known(true));
        match key.map(|(r, key)| (r, key.is_customer_managed())) {
            Some((_, Value::Unknown(reason))) => Outcome::unknown(reason),
            Some((k, Value::Known(false))) => Outcome::Fail(Evidence::at(
                "kms_key_id",
                format!("encrypted with the AWS managed key {}", k.name),
            )),
            Some((k, Value::Known(true))) => Outcome::Pass(Evidence::at(
                "kms_key_id",
                format!("encrypted with the customer managed key {}", k.name),
            )),
            None => Outcome::Pass(Evidence::at(
                "kms_key_id",
                format!("encrypted with the customer managed key {reference}"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing::{judge, judge_in};
    use crate::secretsmanager::test_helpers::{live_secret, secret};
    use cloudward_model::kms::{Key, AWS};
    use cloudward_model::{test_support, Attributes, Status};

    const RULE: &SecretsmanagerSecretEncryptedWithCustomerKey =
        &SecretsmanagerSecretEncryptedWithCustomerKey;

    fn with_key(reference: Value<Option<String>>) -> Resource {
        secret(Secret {
            kms_key_id: reference,
            ..live_secret()
        })
    }

    #[test]
    fn default_key_fails_and_customer_key_passes() {
        assert_eq!(judge(RULE, &with_key(Value::Known(None))), Status::Fail);
        assert_eq!(
            judge(
                RULE,
                &with_key(Value::Known(Some("alias/aws/secretsmanager".into())))
            ),
            Status::Fail
        );
        assert_eq!(
            judge(RULE, &with_key(Value::Known(Some("alias/secrets".into())))),
            Status::Pass
        );
    }

    #[test]
    fn an_inventory_key_decides_by_its_manager() {
        let mut inventory = Inventory::new();
        inventory.push(test_support::resource(
            "aws/secretsmanager",
            Attributes::KmsKey(Key {
                key_id: "k-1".into(),
                key_manager: Value::Known(AWS.into()),
                aliases: Value::Known(vec![]),
                ..Default::default()
            }),
        ));
        let r = with_key(Value::Known(Some("k-1".into())));
        assert_eq!(judge_in(RULE, &r, &inventory), Status::Fail);
    }

    #[test]
    fn unknown_key_is_unknown() {
        assert_eq!(
            judge(RULE, &with_key(Value::unknown("denied"))),
            Status::Unknown
        );
    }
}
