//! No KMS key is scheduled for deletion.

use cloudward_model::kms::Key;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::kms::references;
use crate::Check;

/// Reads `DescribeKey.KeyState`: `PendingDeletion` (and `PendingReplicaDeletion`) fail, with
/// the `DeletionDate` and the resources of the inventory that still name the key (see
/// [`crate::kms::references`]), which lose access to their data when it is deleted. In code a
/// key is never pending deletion, so the examples are live-only.
pub struct KmsKeyNotPendingDeletion;

const META: RuleMeta = RuleMeta {
    id: "kms-key-not-pending-deletion",
    title: "KMS keys are not scheduled for deletion",
    severity: Severity::High,
    service: "kms",
    kinds: Key::KINDS,
    checks: "For each key, whether its state is PendingDeletion or PendingReplicaDeletion; the \
             finding names the deletion date and the collected resources (trails, buckets, \
             volumes, log groups, secrets, parameters) that still use the key.",
    rationale: "Deleting a KMS key is irreversible and makes every ciphertext produced under it \
                unrecoverable. A deletion scheduled by mistake, or by an attacker holding \
                kms:ScheduleKeyDeletion, can still be cancelled during the waiting period.",
    remediation: Remediation {
        console: "KMS console > Customer managed keys > <key> > Key actions > Cancel key \
                  deletion, then enable the key again. Alarm on ScheduleKeyDeletion events (CIS \
                  monitoring control).",
        cli: "aws kms cancel-key-deletion --key-id <key-id>\naws kms enable-key --key-id <key-id>",
        terraform: "resource \"aws_kms_key\" \"this\" {\n  description             = \"<purpose>\"\n  deletion_window_in_days = 30\n  enable_key_rotation     = true\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-3",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["KMS.3"],
        well_architected: &["SEC08-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for KmsKeyNotPendingDeletion {
    type Subject = Key;
    const META: &'static RuleMeta = &META;

    fn judge(&self, key: &Key, resource: &Resource, inventory: &Inventory) -> Outcome {
        let state = match key.key_state.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(state) => state,
        };
        if state != "PendingDeletion" && state != "PendingReplicaDeletion" {
            return Outcome::Pass(Evidence::at(
                "key_state",
                format!("the key is {state}, not scheduled for deletion"),
            ));
        }
        let when = key
            .deletion_date
            .map(|d| format!(" on {}", d.date_naive()))
            .unwrap_or_default();
        let users = references(resource, key, inventory);
        let used = if users.names.is_empty() {
            String::new()
        } else {
            format!("; still used by {}", users.describe())
        };
        Outcome::Fail(Evidence::at(
            "key_state",
            format!("the key is {state} and will be deleted{when}{used}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kms::test_helpers::{customer_key, key, KEY_ID};
    use crate::rule::testing::{judge, outcome_in};
    use cloudward_model::logs::LogGroup;
    use cloudward_model::{test_support, Attributes, Status, Value};

    #[test]
    fn enabled_passes_and_unknown_state_is_unknown() {
        assert_eq!(
            judge(&KmsKeyNotPendingDeletion, &key(customer_key())),
            Status::Pass
        );
        let unknown = Key {
            key_state: Value::unknown("AccessDenied"),
            ..customer_key()
        };
        assert_eq!(
            judge(&KmsKeyNotPendingDeletion, &key(unknown)),
            Status::Unknown
        );
    }

    #[test]
    fn pending_deletion_fails_naming_its_users() {
        let r = key(Key {
            key_state: Value::Known("PendingDeletion".into()),
            deletion_date: chrono::DateTime::from_timestamp(1_800_000_000, 0),
            ..customer_key()
        });
        let mut inventory = Inventory::new();
        inventory.push(r.clone());
        inventory.push(test_support::resource(
            "app-logs",
            Attributes::LogsLogGroup(LogGroup {
                log_group_name: "app-logs".into(),
                kms_key_id: Value::Known(Some(format!(
                    "arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"
                ))),
                ..Default::default()
            }),
        ));
        match outcome_in(&KmsKeyNotPendingDeletion, &r, &inventory) {
            Outcome::Fail(e) => assert_eq!(
                e.message,
                "the key is PendingDeletion and will be deleted on 2027-01-15; still used by \
                 CloudWatch log group app-logs"
            ),
            other => panic!("expected Fail, got {other:?}"),
        }
    }
}
