//! Password policy: character classes.

use cloudward_model::iam::PasswordPolicy;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads the four `Require*` switches of `GetAccountPasswordPolicy`, the parameters of FSBP
/// IAM.7's default configuration (length and reuse have their own CIS rules). Fails naming every
/// missing class; unknown switches make the result Unknown only when no known switch is off.
pub struct IamPasswordPolicyComplexity;

const META: RuleMeta = RuleMeta {
    id: "iam-password-policy-complexity",
    title: "The IAM password policy requires upper case, lower case, numbers and symbols",
    severity: Severity::Medium,
    service: "iam",
    kinds: PasswordPolicy::KINDS,
    checks: "Whether the account password policy exists and sets `RequireUppercaseCharacters`, \
             `RequireLowercaseCharacters`, `RequireNumbers` and `RequireSymbols` to true, the \
             default parameters of Security Hub control IAM.7.",
    rationale: "Requiring every character class widens the search space of each character and \
                rejects the dictionary words and digit-only PINs that spraying attacks try first.",
    remediation: Remediation {
        console: "IAM console > Account settings > Password policy > Edit > Custom > tick \
                  'Require at least one uppercase letter', 'lowercase letter', 'number' and \
                  'non-alphanumeric character' > Save changes.",
        cli: "aws iam update-account-password-policy --require-uppercase-characters \
              --require-lowercase-characters --require-numbers --require-symbols \
              --minimum-password-length 14 --password-reuse-prevention 24",
        terraform: "resource \"aws_iam_account_password_policy\" \"strict\" {\n  \
                    minimum_password_length      = 14\n  \
                    password_reuse_prevention    = 24\n  \
                    require_uppercase_characters = true\n  \
                    require_lowercase_characters = true\n  \
                    require_numbers              = true\n  \
                    require_symbols              = true\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-7",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["IAM.7"],
        well_architected: &["SEC02-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_iam_account_password_policy\" \"this\" {\n  \
                        minimum_password_length      = 14\n  \
                        require_uppercase_characters = true\n  \
                        require_lowercase_characters = true\n  \
                        require_numbers              = true\n  \
                        require_symbols              = false\n}\n",
        terraform_good: "resource \"aws_iam_account_password_policy\" \"this\" {\n  \
                         minimum_password_length      = 14\n  \
                         require_uppercase_characters = true\n  \
                         require_lowercase_characters = true\n  \
                         require_numbers              = true\n  \
                         require_symbols              = true\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamPasswordPolicyComplexity {
    type Subject = PasswordPolicy;
    const META: &'static RuleMeta = &META;

    fn judge(&self, policy: &PasswordPolicy, _: &Resource, _: &Inventory) -> Outcome {
        let s = match policy.policy.get() {
            Ok(Some(settings)) => settings,
            Ok(None) => {
                return Outcome::Fail(Evidence::at(
                    "policy",
                    "the account has no password policy, so no character classes are required",
                ))
            }
            Err(reason) => return Outcome::unknown(reason),
        };
        let switches = [
            (
                "require_uppercase_characters",
                "an upper-case letter",
                &s.require_uppercase_characters,
            ),
            (
                "require_lowercase_characters",
                "a lower-case letter",
                &s.require_lowercase_characters,
            ),
            ("require_numbers", "a number", &s.require_numbers),
            ("require_symbols", "a symbol", &s.require_symbols),
        ];
        let mut off = Vec::new();
        let mut unknown = Vec::new();
        for (attribute, class, value) in switches {
            match value.get() {
                Ok(true) => {}
                Ok(false) => off.push((attribute, class)),
                Err(reason) => unknown.push(format!("{attribute}: {reason}")),
            }
        }
        if let Some((attribute, _)) = off.first() {
            let classes: Vec<&str> = off.iter().map(|(_, class)| *class).collect();
            return Outcome::Fail(Evidence::at(
                *attribute,
                format!(
                    "the password policy does not require {}",
                    classes.join(", ")
                ),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(unknown.join("; "));
        }
        Outcome::pass(
            "the password policy requires upper- and lower-case letters, numbers and symbols",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, test_support, Attributes, Status, Value};

    fn judge(symbols: Value<bool>, numbers: Value<bool>) -> Outcome {
        let settings = iam::PasswordPolicySettings {
            require_uppercase_characters: Value::Known(true),
            require_lowercase_characters: Value::Known(true),
            require_numbers: numbers,
            require_symbols: symbols,
            ..Default::default()
        };
        let r = test_support::global(
            "password-policy",
            Attributes::IamPasswordPolicy(iam::PasswordPolicy {
                policy: Value::Known(Some(settings)),
            }),
        );
        testing::outcome_in(&IamPasswordPolicyComplexity, &r, &Inventory::new())
    }

    #[test]
    fn all_classes_pass() {
        assert_eq!(
            judge(Value::Known(true), Value::Known(true)).status(),
            Status::Pass
        );
    }

    #[test]
    fn missing_class_fails_even_with_another_unknown() {
        let outcome = judge(Value::Known(false), Value::unknown("unresolved"));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("require_symbols"));
    }

    #[test]
    fn unknown_switch_is_unknown() {
        assert_eq!(
            judge(Value::Known(true), Value::unknown("unresolved")).status(),
            Status::Unknown
        );
    }
}
