//! Credentials unused for 45 days are disabled.

use chrono::{DateTime, Utc};
use cloudward_model::iam::User;
use cloudward_model::{
    iam, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta,
    Severity, Subject, Value,
};

use super::{age_days, collected_at, day};
use crate::Check;

/// Looks at the console password (when enabled) and every *active* access key. A credential is
/// stale when its last use is 45 or more days before `collected_at`, or when it was never used
/// and is itself that old: for keys `CreateDate`; for a never-used password the user's
/// `CreateDate` (the credential report has no login-profile creation date), which can overstate
/// the password's age when a password was added to an old user later.
pub struct IamUserUnusedCredentialsDisabled;

const META: RuleMeta = RuleMeta {
    id: "iam-user-unused-credentials-disabled",
    title: "IAM user credentials unused for 45 days or more are disabled",
    severity: Severity::Medium,
    service: "iam",
    kinds: User::KINDS,
    checks: "For each IAM user: if the console password is enabled, whether it was used within \
             the 45 days before collection (a never-used password counts from the user's \
             creation); for each active access key, whether it was used within 45 days (a \
             never-used key counts from its creation). `thresholds.credential_unused_days` in \
             cloudward.toml changes the 45.",
    rationale: "Credentials nobody uses are credentials nobody watches: they belong to people who \
                left or to retired systems, and a leak goes unnoticed. Disabling them removes an \
                entry point at no cost to anyone's work.",
    remediation: Remediation {
        console: "IAM console > Users > <user> > Security credentials: under Console sign-in, \
                  Manage > Disable console access; under Access keys, Actions > Deactivate (then \
                  Delete once nothing breaks).",
        cli: "aws iam delete-login-profile --user-name <user>\n\
              aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive",
        terraform: "# Remove the console password and the unused key from code:\n\
                    # delete the aws_iam_user_login_profile and aws_iam_access_key resources of \
                    <user>, or deactivate the key:\n\
                    resource \"aws_iam_access_key\" \"legacy\" {\n  \
                    user   = aws_iam_user.this.name\n  \
                    status = \"Inactive\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-8",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.11"],
        cis_v6: &["2.11"],
        cis_v5: &["1.11"],
        cis_v3: &["1.12"],
        fsbp: &["IAM.8"],
        well_architected: &["SEC02-BP05", "SEC03-BP04"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

/// What was found about one credential.
enum Verdict {
    Stale { attribute: String, message: String },
    Fresh,
    Unknown(String),
}

fn judge_use(
    limit: i64,
    now: &Result<DateTime<Utc>, String>,
    attribute: String,
    what: &str,
    last_used: &Value<Option<DateTime<Utc>>>,
    created: &Value<DateTime<Utc>>,
    created_what: &str,
) -> Verdict {
    let now = match now {
        Ok(now) => *now,
        Err(reason) => return Verdict::Unknown(format!("{what}: {reason}")),
    };
    match last_used.get() {
        Ok(Some(t)) => {
            let age = age_days(now, *t);
            if age >= limit {
                Verdict::Stale {
                    attribute,
                    message: format!(
                        "{what} last used on {}, {age} days before collection",
                        day(*t)
                    ),
                }
            } else {
                Verdict::Fresh
            }
        }
        Ok(None) => match created.get() {
            Ok(c) if age_days(now, *c) >= limit => Verdict::Stale {
                attribute,
                message: format!(
                    "{what} never used; {created_what} {} days before collection",
                    age_days(now, *c)
                ),
            },
            Ok(_) => Verdict::Fresh,
            Err(reason) => Verdict::Unknown(format!("{what} never used, age unknown: {reason}")),
        },
        Err(reason) => Verdict::Unknown(format!("{what} last use: {reason}")),
    }
}

impl Check for IamUserUnusedCredentialsDisabled {
    type Subject = User;
    const META: &'static RuleMeta = &META;

    fn judge(&self, user: &User, _: &Resource, inventory: &Inventory) -> Outcome {
        let name = &user.user_name;
        // Needed only when there is a credential to age: a user with none passes without it.
        let now = collected_at(inventory);
        // CIS's 45 days unless cloudward.toml sets `thresholds.credential_unused_days`.
        let limit = i64::from(inventory.settings.thresholds.credential_unused_days);
        let mut verdicts = Vec::new();
        match user.password_enabled.get() {
            Ok(true) => verdicts.push(judge_use(
                limit,
                &now,
                "password_last_used".to_string(),
                "console password",
                &user.password_last_used,
                &user.create_date,
                "user created",
            )),
            Ok(false) => {}
            Err(reason) => verdicts.push(Verdict::Unknown(format!(
                "whether a console password is enabled: {reason}"
            ))),
        }
        let mut active_keys = 0;
        match user.access_keys.get() {
            Ok(keys) => {
                for (i, key) in keys.iter().enumerate() {
                    if key.status != iam::AccessKeyStatus::Active {
                        continue;
                    }
                    active_keys += 1;
                    verdicts.push(judge_use(
                        limit,
                        &now,
                        format!("access_keys[{i}]"),
                        &format!("active access key {}", key.access_key_id),
                        &key.last_used_date,
                        &key.create_date,
                        "created",
                    ));
                }
            }
            Err(reason) => verdicts.push(Verdict::Unknown(format!("access keys: {reason}"))),
        }
        let mut stale = Vec::new();
        let mut unknown = Vec::new();
        for verdict in verdicts {
            match verdict {
                Verdict::Stale { attribute, message } => stale.push((attribute, message)),
                Verdict::Unknown(reason) => unknown.push(reason),
                Verdict::Fresh => {}
            }
        }
        if let Some((attribute, _)) = stale.first() {
            let messages: Vec<&str> = stale.iter().map(|(_, m)| m.as_str()).collect();
            return Outcome::Fail(Evidence::at(
                attribute.clone(),
                format!("user {name}: {} (limit {limit} days)", messages.join("; ")),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(format!("user {name}: {}", unknown.join("; ")));
        }
        let password = if user.password_enabled.known() == Some(&true) {
            "its console password"
        } else {
            "it has no console password"
        };
        Outcome::pass(format!(
            "user {name}: {password} and {active_keys} active access key(s) were used or \
             created within the last {limit} days"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::ts;
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status};

    const NOW: &str = "2026-11-23T00:00:00Z";

    fn key(
        id: &str,
        status: iam::AccessKeyStatus,
        created: &str,
        used: Option<&str>,
    ) -> iam::AccessKey {
        iam::AccessKey {
            access_key_id: id.into(),
            status,
            create_date: Value::Known(ts(created)),
            last_used_date: Value::Known(used.map(ts)),
        }
    }

    fn user(
        password: Value<bool>,
        last_login: Value<Option<DateTime<Utc>>>,
        keys: Value<Vec<iam::AccessKey>>,
    ) -> Resource {
        test_support::global(
            "bob",
            Attributes::IamUser(iam::User {
                user_name: "bob".into(),
                create_date: Value::Known(ts("2024-01-01T00:00:00Z")),
                password_enabled: password,
                password_last_used: last_login,
                access_keys: keys,
                ..Default::default()
            }),
        )
    }

    fn judge(r: &Resource, now: Option<&str>) -> Outcome {
        let mut inventory = Inventory::new();
        inventory.collected_at = now.map(ts);
        testing::outcome_in(&IamUserUnusedCredentialsDisabled, r, &inventory)
    }

    #[test]
    fn recently_used_credentials_pass() {
        let r = user(
            Value::Known(true),
            Value::Known(Some(ts("2026-11-20T00:00:00Z"))),
            Value::Known(vec![key(
                "AKIAFRESH",
                iam::AccessKeyStatus::Active,
                "2026-01-01T00:00:00Z",
                Some("2026-11-22T00:00:00Z"),
            )]),
        );
        assert_eq!(judge(&r, Some(NOW)).status(), Status::Pass);
    }

    #[test]
    fn stale_inactive_keys_are_ignored() {
        let r = user(
            Value::Known(false),
            Value::Known(None),
            Value::Known(vec![key(
                "AKIAOLD",
                iam::AccessKeyStatus::Inactive,
                "2020-01-01T00:00:00Z",
                None,
            )]),
        );
        assert_eq!(judge(&r, Some(NOW)).status(), Status::Pass);
    }

    #[test]
    fn stale_active_key_fails_with_id_and_age() {
        let r = user(
            Value::Known(false),
            Value::Known(None),
            Value::Known(vec![
                key(
                    "AKIAFRESH",
                    iam::AccessKeyStatus::Active,
                    "2026-01-01T00:00:00Z",
                    Some("2026-11-22T00:00:00Z"),
                ),
                key(
                    "AKIASTALE",
                    iam::AccessKeyStatus::Active,
                    "2026-01-01T00:00:00Z",
                    Some("2026-10-09T00:00:00Z"),
                ),
            ]),
        );
        let outcome = judge(&r, Some(NOW));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("access_keys[1]"));
        assert!(
            e.message.contains("AKIASTALE") && e.message.contains("45 days"),
            "{}",
            e.message
        );
    }

    #[test]
    fn never_used_old_password_fails() {
        let r = user(Value::Known(true), Value::Known(None), Value::Known(vec![]));
        let outcome = judge(&r, Some(NOW));
        assert_eq!(outcome.status(), Status::Fail, "{outcome:?}");
    }

    #[test]
    fn never_used_new_key_is_in_its_grace_period() {
        let r = user(
            Value::Known(false),
            Value::Known(None),
            Value::Known(vec![key(
                "AKIANEW",
                iam::AccessKeyStatus::Active,
                "2026-11-01T00:00:00Z",
                None,
            )]),
        );
        assert_eq!(judge(&r, Some(NOW)).status(), Status::Pass);
    }

    #[test]
    fn unknown_data_or_time_is_unknown() {
        let r = user(
            Value::Known(true),
            Value::unknown("no credential report"),
            Value::Known(vec![]),
        );
        assert_eq!(judge(&r, Some(NOW)).status(), Status::Unknown);
        let r = user(
            Value::Known(true),
            Value::Known(Some(ts("2026-11-20T00:00:00Z"))),
            Value::Known(vec![]),
        );
        assert_eq!(judge(&r, None).status(), Status::Unknown);
    }

    #[test]
    fn user_without_credentials_passes_even_without_a_collection_time() {
        let r = user(
            Value::Known(false),
            Value::Known(None),
            Value::Known(vec![key(
                "AKIAOFF",
                iam::AccessKeyStatus::Inactive,
                "2020-01-01T00:00:00Z",
                None,
            )]),
        );
        assert_eq!(judge(&r, None).status(), Status::Pass);
    }
}
