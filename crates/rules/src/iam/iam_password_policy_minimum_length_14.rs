//! Password policy: minimum length.

use cloudward_model::iam::PasswordPolicy;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `MinimumPasswordLength` from `GetAccountPasswordPolicy`. No policy at all
/// (`NoSuchEntity`) fails: IAM then accepts 8-character passwords.
pub struct IamPasswordPolicyMinimumLength14;

/// The CIS minimum.
const MINIMUM: u32 = 14;

const META: RuleMeta = RuleMeta {
    id: "iam-password-policy-minimum-length-14",
    title: "The IAM password policy requires at least 14 characters",
    severity: Severity::Medium,
    service: "iam",
    kinds: PasswordPolicy::KINDS,
    checks: "Whether the account password policy exists and its `MinimumPasswordLength` is 14 or \
             more.",
    rationale: "Length is the property that most raises the cost of guessing and cracking \
                passwords. Without a policy IAM accepts 8 characters, within reach of offline \
                cracking and password spraying.",
    remediation: Remediation {
        console: "IAM console > Account settings > Password policy > Edit > Custom > Enforce \
                  minimum password length: 14 (or more) > Save changes.",
        cli: "aws iam update-account-password-policy --minimum-password-length 14 \
              --password-reuse-prevention 24 --require-symbols --require-numbers \
              --require-uppercase-characters --require-lowercase-characters\n\
              # update-account-password-policy replaces the whole policy: pass every setting you keep.",
        terraform: "resource \"aws_iam_account_password_policy\" \"strict\" {\n  \
                    minimum_password_length        = 14\n  \
                    password_reuse_prevention      = 24\n  \
                    require_symbols                = true\n  \
                    require_numbers                = true\n  \
                    require_uppercase_characters   = true\n  \
                    require_lowercase_characters   = true\n  \
                    allow_users_to_change_password = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-7",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.8"],
        cis_v6: &["2.7"],
        cis_v5: &["1.7"],
        cis_v3: &["1.8"],
        fsbp: &["IAM.7"],
        well_architected: &["SEC02-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_iam_account_password_policy\" \"this\" {\n  \
                        minimum_password_length   = 8\n  \
                        password_reuse_prevention = 24\n}\n",
        terraform_good: "resource \"aws_iam_account_password_policy\" \"this\" {\n  \
                         minimum_password_length   = 14\n  \
                         password_reuse_prevention = 24\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamPasswordPolicyMinimumLength14 {
    type Subject = PasswordPolicy;
    const META: &'static RuleMeta = &META;

    fn judge(&self, policy: &PasswordPolicy, _: &Resource, _: &Inventory) -> Outcome {
        let settings =
            match policy.policy.get() {
                Ok(Some(settings)) => settings,
                Ok(None) => return Outcome::Fail(Evidence::at(
                    "policy",
                    "the account has no password policy, so IAM accepts passwords of 8 characters",
                )),
                Err(reason) => return Outcome::unknown(reason),
            };
        match settings.minimum_password_length.get() {
            Ok(&n) if n >= MINIMUM => Outcome::Pass(Evidence::at(
                "minimum_password_length",
                format!("the password policy requires at least {n} characters"),
            )),
            Ok(&n) => Outcome::Fail(Evidence::at(
                "minimum_password_length",
                format!("the password policy requires only {n} characters (minimum {MINIMUM})"),
            )),
            Err(reason) => Outcome::unknown(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, test_support, Attributes, Status, Value};

    fn judge(policy: Value<Option<iam::PasswordPolicySettings>>) -> Outcome {
        let r = test_support::global(
            "password-policy",
            Attributes::IamPasswordPolicy(iam::PasswordPolicy { policy }),
        );
        testing::outcome_in(&IamPasswordPolicyMinimumLength14, &r, &Inventory::new())
    }

    fn length(n: Value<u32>) -> Value<Option<iam::PasswordPolicySettings>> {
        Value::Known(Some(iam::PasswordPolicySettings {
            minimum_password_length: n,
            ..Default::default()
        }))
    }

    #[test]
    fn fourteen_passes() {
        assert_eq!(judge(length(Value::Known(14))).status(), Status::Pass);
        assert_eq!(judge(length(Value::Known(32))).status(), Status::Pass);
    }

    #[test]
    fn shorter_fails_on_the_attribute() {
        let outcome = judge(length(Value::Known(13)));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("minimum_password_length"));
        assert!(e.message.contains("13"), "{}", e.message);
    }

    #[test]
    fn no_policy_fails() {
        assert_eq!(judge(Value::Known(None)).status(), Status::Fail);
    }

    #[test]
    fn unknown_policy_or_length_is_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
        assert_eq!(
            judge(length(Value::unknown("var.min_length unresolved"))).status(),
            Status::Unknown
        );
    }
}
