//! Secrets Manager rules: rotation on and recent, unused secrets, customer managed keys, and
//! resource policies (not public, no accounts outside the trusted list). The policy analysis
//! is shared with the KMS rules ([`crate::kms::policy`]).
//!
//! A secret declared in code does not exist yet (`created_date` is `Known(None)`): the date
//! rules judge it by its declared rotation schedule, or do not apply.

mod secretsmanager_secret_accessed_recently;
mod secretsmanager_secret_encrypted_with_customer_key;
mod secretsmanager_secret_policy_not_public;
mod secretsmanager_secret_policy_trusted_accounts_only;
mod secretsmanager_secret_rotated_periodically;
mod secretsmanager_secret_rotation_enabled;

use chrono::{DateTime, Utc};
use cloudward_model::Inventory;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &secretsmanager_secret_rotation_enabled::SecretsmanagerSecretRotationEnabled,
    &secretsmanager_secret_rotated_periodically::SecretsmanagerSecretRotatedPeriodically,
    &secretsmanager_secret_accessed_recently::SecretsmanagerSecretAccessedRecently,
    &secretsmanager_secret_encrypted_with_customer_key::SecretsmanagerSecretEncryptedWithCustomerKey,
    &secretsmanager_secret_policy_not_public::SecretsmanagerSecretPolicyNotPublic,
    &secretsmanager_secret_policy_trusted_accounts_only::SecretsmanagerSecretPolicyTrustedAccountsOnly,
];

/// When the inventory was collected, which ages are measured against.
fn collected_at(inventory: &Inventory) -> Result<DateTime<Utc>, String> {
    inventory.collected_at.ok_or_else(|| {
        "the inventory records no collection time, so the secret's age cannot be measured"
            .to_string()
    })
}

/// Whole days from `then` to `now`.
fn age_days(now: DateTime<Utc>, then: DateTime<Utc>) -> i64 {
    (now - then).num_days()
}

#[cfg(test)]
pub(crate) mod test_helpers {
    //! Builders shared by the Secrets Manager rule tests.
    use chrono::{DateTime, Utc};
    use cloudward_model::secretsmanager::{RotationRules, Secret};
    use cloudward_model::{test_support, Attributes, Inventory, Resource, Value};

    /// The fixed collection time of [`inventory`].
    pub(crate) fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_796_083_200, 0).expect("valid")
    }

    /// `days` before [`now`].
    pub(crate) fn days_ago(days: i64) -> DateTime<Utc> {
        now() - chrono::Duration::days(days)
    }

    /// A live secret created 400 days ago, rotated every 30 days, last rotated and read
    /// yesterday, encrypted with the default key, no policy.
    pub(crate) fn live_secret() -> Secret {
        Secret {
            name: "db-password".into(),
            arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbCdEf".into(),
            kms_key_id: Value::Known(None),
            rotation_enabled: Value::Known(true),
            rotation_lambda_arn: Some(
                "arn:aws:lambda:us-east-1:123456789012:function:rotate".into(),
            ),
            rotation_rules: Value::Known(Some(RotationRules {
                automatically_after_days: Some(30),
                ..Default::default()
            })),
            created_date: Value::Known(Some(days_ago(400))),
            last_rotated_date: Value::Known(Some(days_ago(1))),
            last_accessed_date: Value::Known(Some(days_ago(1))),
            next_rotation_date: None,
            owning_service: None,
            policy: Value::Known(None),
        }
    }

    /// A secret as code declares it: no dates.
    pub(crate) fn code_secret() -> Secret {
        Secret {
            created_date: Value::Known(None),
            last_rotated_date: Value::Known(None),
            last_accessed_date: Value::Known(None),
            ..live_secret()
        }
    }

    /// A secret resource.
    pub(crate) fn secret(secret: Secret) -> Resource {
        test_support::resource("db-password", Attributes::SecretsManagerSecret(secret))
    }

    /// An inventory collected at [`now`].
    pub(crate) fn inventory() -> Inventory {
        let mut inventory = Inventory::new();
        inventory.collected_at = Some(now());
        inventory
    }
}
