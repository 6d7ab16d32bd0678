//! Active access keys are rotated within 90 days.

use cloudward_model::iam::User;
use cloudward_model::{
    iam, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta,
    Severity, Subject,
};

use super::{age_days, collected_at, day};
use crate::Check;

/// Reads each active key's `CreateDate` (`ListAccessKeys`) against `collected_at`. Inactive keys
/// are ignored (they cannot sign requests). A user with no active key passes: nothing to rotate.
pub struct IamAccessKeysRotated90Days;

const META: RuleMeta = RuleMeta {
    id: "iam-access-keys-rotated-90-days",
    title: "Active IAM access keys are rotated every 90 days or less",
    severity: Severity::Medium,
    service: "iam",
    kinds: User::KINDS,
    checks: "For each IAM user, whether every active access key was created at most 90 days \
             before the inventory was collected (`thresholds.access_key_max_age_days` in \
             cloudward.toml changes the 90).",
    rationale: "Long-lived keys accumulate copies in scripts, CI variables, laptops and logs. \
                Rotation bounds how long a leaked key stays useful; better still, replace user \
                keys with roles and temporary credentials.",
    remediation: Remediation {
        console: "IAM console > Users > <user> > Security credentials > Create access key; deploy \
                  the new key, then Actions > Deactivate the old key, and Delete it once nothing \
                  breaks.",
        cli: "aws iam create-access-key --user-name <user>\n\
              aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive\n\
              aws iam delete-access-key --user-name <user> --access-key-id <old-key-id>",
        terraform: "# Rotate by replacing the key resource on a schedule (hashicorp/time provider):\n\
                    resource \"time_rotating\" \"key\" {\n  rotation_days = 90\n}\n\
                    resource \"aws_iam_access_key\" \"this\" {\n  \
                    user = aws_iam_user.this.name\n  \
                    lifecycle {\n    replace_triggered_by = [time_rotating.key.id]\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-3",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.12"],
        cis_v6: &["2.13"],
        cis_v5: &["1.13"],
        cis_v3: &["1.14"],
        fsbp: &["IAM.3"],
        well_architected: &["SEC02-BP05", "SEC02-BP02"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamAccessKeysRotated90Days {
    type Subject = User;
    const META: &'static RuleMeta = &META;

    fn judge(&self, user: &User, _: &Resource, inventory: &Inventory) -> Outcome {
        let name = &user.user_name;
        // CIS's 90 days unless cloudward.toml sets `thresholds.access_key_max_age_days`.
        let limit = i64::from(inventory.settings.thresholds.access_key_max_age_days);
        let keys = match user.access_keys.get() {
            Ok(keys) => keys,
            Err(reason) => return Outcome::unknown(reason),
        };
        let active: Vec<(usize, &iam::AccessKey)> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| k.status == iam::AccessKeyStatus::Active)
            .collect();
        if active.is_empty() {
            return Outcome::Pass(Evidence::at(
                "access_keys",
                format!("user {name} has no active access keys"),
            ));
        }
        let now = match collected_at(inventory) {
            Ok(now) => now,
            Err(reason) => return Outcome::unknown(reason),
        };
        let mut old = Vec::new();
        let mut unknown = Vec::new();
        let mut newest_ok = Vec::new();
        for (i, key) in active {
            match key.create_date.get() {
                Ok(created) => {
                    let age = age_days(now, *created);
                    if age > limit {
                        old.push((
                            i,
                            format!(
                                "active access key {} was created on {}, {age} days before collection",
                                key.access_key_id,
                                day(*created)
                            ),
                        ));
                    } else {
                        newest_ok.push(format!("{} ({age} days)", key.access_key_id));
                    }
                }
                Err(reason) => unknown.push(format!("key {}: {reason}", key.access_key_id)),
            }
        }
        if let Some((i, _)) = old.first() {
            let messages: Vec<&str> = old.iter().map(|(_, m)| m.as_str()).collect();
            return Outcome::Fail(Evidence::at(
                format!("access_keys[{i}]"),
                format!("user {name}: {} (limit {limit} days)", messages.join("; ")),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(format!(
                "user {name}: key creation date unknown: {}",
                unknown.join("; ")
            ));
        }
        Outcome::Pass(Evidence::at(
            "access_keys",
            format!(
                "user {name}: every active access key is at most {limit} days old: {}",
                newest_ok.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::ts;
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn key(id: &str, status: iam::AccessKeyStatus, created: Value<&str>) -> iam::AccessKey {
        iam::AccessKey {
            access_key_id: id.into(),
            status,
            create_date: created.map(ts),
            last_used_date: Value::Known(None),
        }
    }

    fn judge(keys: Vec<iam::AccessKey>, now: Option<&str>) -> Outcome {
        let r = test_support::global(
            "carol",
            Attributes::IamUser(iam::User {
                user_name: "carol".into(),
                access_keys: Value::Known(keys),
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.collected_at = now.map(ts);
        testing::outcome_in(&IamAccessKeysRotated90Days, &r, &inventory)
    }

    const NOW: Option<&str> = Some("2026-11-23T00:00:00Z");

    #[test]
    fn young_key_passes_and_old_inactive_key_is_ignored() {
        let keys = vec![
            key(
                "AKIAOLD",
                iam::AccessKeyStatus::Inactive,
                Value::Known("2020-01-01T00:00:00Z"),
            ),
            key(
                "AKIANEW",
                iam::AccessKeyStatus::Active,
                Value::Known("2026-10-01T00:00:00Z"),
            ),
        ];
        assert_eq!(judge(keys, NOW).status(), Status::Pass);
    }

    #[test]
    fn old_active_key_fails_naming_key_and_age() {
        let keys = vec![key(
            "AKIAOLD",
            iam::AccessKeyStatus::Active,
            Value::Known("2026-08-01T00:00:00Z"),
        )];
        let outcome = judge(keys, NOW);
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("access_keys[0]"));
        assert!(
            e.message.contains("AKIAOLD") && e.message.contains("114 days"),
            "{}",
            e.message
        );
    }

    /// Issue 9: `thresholds.access_key_max_age_days` from cloudward.toml replaces CIS's 90.
    #[test]
    fn issue9_a_configured_limit_replaces_ninety_days() {
        let r = test_support::global(
            "carol",
            Attributes::IamUser(iam::User {
                user_name: "carol".into(),
                access_keys: Value::Known(vec![key(
                    "AKIA60",
                    iam::AccessKeyStatus::Active,
                    Value::Known("2026-09-24T00:00:00Z"),
                )]),
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.collected_at = NOW.map(ts);
        assert_eq!(
            testing::outcome_in(&IamAccessKeysRotated90Days, &r, &inventory).status(),
            Status::Pass
        );
        inventory.settings.thresholds.access_key_max_age_days = 30;
        let outcome = testing::outcome_in(&IamAccessKeysRotated90Days, &r, &inventory);
        assert_eq!(outcome.status(), Status::Fail, "{outcome:?}");
    }

    #[test]
    fn exactly_ninety_days_passes() {
        let keys = vec![key(
            "AKIA90",
            iam::AccessKeyStatus::Active,
            Value::Known("2026-08-25T00:00:00Z"),
        )];
        assert_eq!(judge(keys, NOW).status(), Status::Pass);
    }

    #[test]
    fn unknown_creation_or_time_is_unknown() {
        let keys = vec![key(
            "AKIAX",
            iam::AccessKeyStatus::Active,
            Value::unknown("unresolved"),
        )];
        assert_eq!(judge(keys, NOW).status(), Status::Unknown);
        let keys = vec![key(
            "AKIAX",
            iam::AccessKeyStatus::Active,
            Value::Known("2026-10-01T00:00:00Z"),
        )];
        assert_eq!(judge(keys, None).status(), Status::Unknown);
    }
}
