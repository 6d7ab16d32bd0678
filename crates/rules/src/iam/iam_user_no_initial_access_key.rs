//! No access keys created at setup for console users.

use cloudward_model::iam::User;
use cloudward_model::{
    iam, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta,
    Severity, Subject,
};

use super::day;
use crate::Check;

/// Follows the CIS audit on the credential report: a user with a console password and an
/// *active* access key that has never been used (`access_key_N_last_used_date` = N/A) most
/// likely received the key by default at creation. Users without a console password are not
/// applicable (their keys are their purpose).
pub struct IamUserNoInitialAccessKey;

const META: RuleMeta = RuleMeta {
    id: "iam-user-no-initial-access-key",
    title: "Console users have no unused access key created at setup",
    severity: Severity::Medium,
    service: "iam",
    kinds: User::KINDS,
    checks: "For each IAM user with a console password, whether any active access key has never \
             been used (`AccessKeyLastUsed` empty), the sign of a key handed out at user \
             creation that nobody needed.",
    rationale:
        "Keys created \"just in case\" at setup sit in onboarding emails, password managers \
                and laptops without anyone relying on them, so nobody notices when they leak. \
                Humans who need programmatic access should use short-lived credentials (IAM \
                Identity Center, `aws sts get-session-token` with MFA); keys should be created \
                only when a need exists.",
    remediation: Remediation {
        console: "IAM console > Users > <user> > Security credentials > Access keys: for each key \
                  with Last used = N/A, Actions > Deactivate, then Delete.",
        cli: "aws iam list-access-keys --user-name <user>\n\
              aws iam get-access-key-last-used --access-key-id <key-id>\n\
              aws iam delete-access-key --user-name <user> --access-key-id <key-id>",
        terraform: "# Do not declare aws_iam_access_key for human users; give them IAM Identity \
                    Center access instead:\n\
                    resource \"aws_ssoadmin_account_assignment\" \"developer\" {\n  \
                    instance_arn       = \"<identity-center-instance-arn>\"\n  \
                    permission_set_arn = \"<permission-set-arn>\"\n  \
                    principal_type     = \"USER\"\n  \
                    principal_id       = \"<identity-store-user-id>\"\n  \
                    target_type        = \"AWS_ACCOUNT\"\n  \
                    target_id          = \"<account-id>\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &["2.10"],
        cis_v5: &["1.10"],
        cis_v3: &["1.11"],
        fsbp: &[],
        well_architected: &["SEC02-BP02", "SEC02-BP05"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamUserNoInitialAccessKey {
    type Subject = User;
    const META: &'static RuleMeta = &META;

    fn judge(&self, user: &User, _: &Resource, _: &Inventory) -> Outcome {
        let name = &user.user_name;
        match user.password_enabled.get() {
            Ok(true) => {}
            Ok(false) => {
                return Outcome::not_applicable(format!("user {name} has no console password"))
            }
            Err(reason) => return Outcome::unknown(reason),
        }
        let keys = match user.access_keys.get() {
            Ok(keys) => keys,
            Err(reason) => {
                return Outcome::unknown(format!("access keys of user {name}: {reason}"))
            }
        };
        let mut never_used = Vec::new();
        let mut unknown = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            if key.status != iam::AccessKeyStatus::Active {
                continue;
            }
            match key.last_used_date.get() {
                Ok(None) => {
                    let created = key
                        .create_date
                        .known()
                        .map(|t| format!(" (created {})", day(*t)))
                        .unwrap_or_default();
                    never_used.push((i, format!("{}{created}", key.access_key_id)));
                }
                Ok(Some(_)) => {}
                Err(reason) => unknown.push(format!("key {}: {reason}", key.access_key_id)),
            }
        }
        if let Some((i, _)) = never_used.first() {
            let ids: Vec<&str> = never_used.iter().map(|(_, id)| id.as_str()).collect();
            return Outcome::Fail(Evidence::at(
                format!("access_keys[{i}]"),
                format!(
                    "user {name} has a console password and never-used active access key(s): {}",
                    ids.join(", ")
                ),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(format!("user {name}: {}", unknown.join("; ")));
        }
        Outcome::Pass(Evidence::at(
            "access_keys",
            format!("user {name} has no never-used active access key"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::ts;
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn key(id: &str, status: iam::AccessKeyStatus, used: Value<Option<&str>>) -> iam::AccessKey {
        iam::AccessKey {
            access_key_id: id.into(),
            status,
            create_date: Value::Known(ts("2026-01-05T00:00:00Z")),
            last_used_date: used.map(|u| u.map(ts)),
        }
    }

    fn judge(password: Value<bool>, keys: Vec<iam::AccessKey>) -> Outcome {
        let r = test_support::global(
            "frank",
            Attributes::IamUser(iam::User {
                user_name: "frank".into(),
                password_enabled: password,
                access_keys: Value::Known(keys),
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamUserNoInitialAccessKey, &r, &Inventory::new())
    }

    #[test]
    fn used_or_inactive_keys_pass() {
        let keys = vec![
            key(
                "AKIAUSED",
                iam::AccessKeyStatus::Active,
                Value::Known(Some("2026-02-01T00:00:00Z")),
            ),
            key(
                "AKIAOFF",
                iam::AccessKeyStatus::Inactive,
                Value::Known(None),
            ),
        ];
        assert_eq!(judge(Value::Known(true), keys).status(), Status::Pass);
    }

    #[test]
    fn never_used_active_key_fails() {
        let keys = vec![key(
            "AKIANEVER",
            iam::AccessKeyStatus::Active,
            Value::Known(None),
        )];
        let Outcome::Fail(e) = judge(Value::Known(true), keys) else {
            panic!("expected a failure");
        };
        assert!(
            e.message.contains("AKIANEVER (created 2026-01-05)"),
            "{}",
            e.message
        );
        assert_eq!(e.attribute.as_deref(), Some("access_keys[0]"));
    }

    #[test]
    fn programmatic_user_is_not_applicable() {
        let keys = vec![key(
            "AKIANEVER",
            iam::AccessKeyStatus::Active,
            Value::Known(None),
        )];
        assert_eq!(
            judge(Value::Known(false), keys).status(),
            Status::NotApplicable
        );
    }

    #[test]
    fn unknown_last_use_or_password_is_unknown() {
        let keys = vec![key(
            "AKIAX",
            iam::AccessKeyStatus::Active,
            Value::unknown("denied"),
        )];
        assert_eq!(judge(Value::Known(true), keys).status(), Status::Unknown);
        assert_eq!(
            judge(Value::unknown("no report"), vec![]).status(),
            Status::Unknown
        );
    }
}
