//! KMS rules: rotation of customer keys, key policies (not public, no full access for other
//! accounts), keys pending deletion, and disabled keys that resources still use.
//!
//! "In use" means named by another resource of the inventory: a CloudTrail trail's
//! `KmsKeyId`, an S3 bucket's default-encryption key, an EBS volume's key, a log group's key,
//! a secret's key or a `SecureString` parameter's key ([`references`]). Resources of services
//! cloudward does not collect (RDS, Lambda, ...) are not seen, which evidence says.

mod kms_key_in_use_not_disabled;
mod kms_key_not_pending_deletion;
mod kms_key_policy_no_full_access_to_other_accounts;
mod kms_key_policy_not_public;
mod kms_key_rotation_enabled;

use cloudward_model::kms::Key;
use cloudward_model::{Inventory, Resource, Value};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &kms_key_rotation_enabled::KmsKeyRotationEnabled,
    &kms_key_policy_not_public::KmsKeyPolicyNotPublic,
    &kms_key_policy_no_full_access_to_other_accounts::KmsKeyPolicyNoFullAccessToOtherAccounts,
    &kms_key_not_pending_deletion::KmsKeyNotPendingDeletion,
    &kms_key_in_use_not_disabled::KmsKeyInUseNotDisabled,
];

/// Not applicable to AWS managed keys (policy and rotation set by AWS); Unknown when the
/// manager is. `None`: a customer managed key, to be judged.
pub(crate) fn customer_only(key: &Key) -> Option<cloudward_model::Outcome> {
    match key.is_customer_managed() {
        Value::Known(true) => None,
        Value::Known(false) => Some(cloudward_model::Outcome::not_applicable(
            "an AWS managed key: AWS sets its key policy and rotates it every year",
        )),
        Value::Unknown(reason) => Some(cloudward_model::Outcome::unknown(reason)),
    }
}

/// What the inventory says uses `key`: labels of the resources that name it, and, when some
/// resource in the key's region could name it but its key attribute (or the key's aliases)
/// could not be read, the reason.
pub(crate) struct Users {
    /// "CloudTrail trail org-trail", "S3 bucket logs", ...
    pub names: Vec<String>,
    /// Why the list may be incomplete.
    pub doubt: Option<String>,
}

impl Users {
    /// The users, for a message.
    pub fn describe(&self) -> String {
        self.names.join(", ")
    }
}

/// Every resource of the inventory that names `key` (see the module documentation).
pub(crate) fn references(key_resource: &Resource, key: &Key, inventory: &Inventory) -> Users {
    let mut users = Users {
        names: Vec::new(),
        doubt: None,
    };
    for r in &inventory.resources {
        if r.id == key_resource.id {
            continue;
        }
        // A key serves its own region only (multi-Region replicas are keys of their own).
        if let (Some(a), Some(b)) = (&r.region, &key_resource.region) {
            if a != b
                && !matches!(
                    r.attributes,
                    cloudward_model::Attributes::CloudTrailTrail(_)
                )
            {
                continue;
            }
        }
        let named: Value<Option<String>> = match &r.attributes {
            cloudward_model::Attributes::CloudTrailTrail(t) => t.kms_key_id.clone(),
            cloudward_model::Attributes::S3Bucket(b) => b
                .encryption
                .as_ref()
                .map(|e| e.as_ref().and_then(|e| e.kms_master_key_id.clone())),
            cloudward_model::Attributes::Ec2Volume(v) => Value::Known(v.kms_key_id.clone()),
            cloudward_model::Attributes::LogsLogGroup(g) => g.kms_key_id.clone(),
            cloudward_model::Attributes::SecretsManagerSecret(s) => s.kms_key_id.clone(),
            cloudward_model::Attributes::SsmParameter(p) => p.key_id.clone(),
            _ => continue,
        };
        match named {
            Value::Known(None) => {}
            Value::Known(Some(reference)) => match key.is_named_by(&reference) {
                Value::Known(true) => users.names.push(format!("{} {}", r.kind().label(), r.name)),
                Value::Known(false) => {}
                Value::Unknown(why) => {
                    users.doubt.get_or_insert(format!(
                        "{} {} names {reference}, and the key's aliases are unknown: {why}",
                        r.kind().label(),
                        r.name
                    ));
                }
            },
            Value::Unknown(why) => {
                users.doubt.get_or_insert(format!(
                    "the key of {} {} is unknown: {why}",
                    r.kind().label(),
                    r.name
                ));
            }
        }
    }
    users.names.sort();
    users.names.dedup();
    users
}

#[cfg(test)]
pub(crate) mod test_helpers {
    //! Builders shared by the KMS rule tests.
    use cloudward_model::kms::{Key, AWS_KMS, CUSTOMER, ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT};
    use cloudward_model::{test_support, Attributes, Resource, Value};

    /// The key id of [`customer_key`].
    pub(crate) const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";

    /// An enabled symmetric customer managed key in the test account, rotation on, default
    /// policy.
    pub(crate) fn customer_key() -> Key {
        Key {
            key_id: KEY_ID.into(),
            arn: format!("arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"),
            aliases: Value::Known(vec!["alias/app".into()]),
            description: None,
            key_manager: Value::Known(CUSTOMER.into()),
            key_state: Value::Known("Enabled".into()),
            key_spec: Value::Known(SYMMETRIC_DEFAULT.into()),
            key_usage: Value::Known(ENCRYPT_DECRYPT.into()),
            origin: Value::Known(AWS_KMS.into()),
            deletion_date: None,
            pending_deletion_window_in_days: None,
            key_rotation_enabled: Value::Known(true),
            rotation_period_in_days: Some(365),
            policy: Value::Known(None),
        }
    }

    /// A key resource.
    pub(crate) fn key(key: Key) -> Resource {
        test_support::resource("alias/app", Attributes::KmsKey(key))
    }
}
