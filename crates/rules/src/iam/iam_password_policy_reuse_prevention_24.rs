//! Password policy: reuse prevention.

use cloudward_model::iam::PasswordPolicy;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `PasswordReusePrevention` from `GetAccountPasswordPolicy` (absent: reuse allowed).
/// 24 is both the CIS value and the IAM maximum.
pub struct IamPasswordPolicyReusePrevention24;

/// The CIS value (and IAM's maximum).
const REMEMBERED: u32 = 24;

const META: RuleMeta = RuleMeta {
    id: "iam-password-policy-reuse-prevention-24",
    title: "The IAM password policy prevents reuse of the last 24 passwords",
    severity: Severity::Medium,
    service: "iam",
    kinds: PasswordPolicy::KINDS,
    checks: "Whether the account password policy exists and its `PasswordReusePrevention` is 24.",
    rationale: "When a password must change (after a leak, or on expiry), reuse prevention stops \
                users from cycling back to a password that may already be in a breach corpus.",
    remediation: Remediation {
        console: "IAM console > Account settings > Password policy > Edit > Custom > Prevent \
                  password reuse: remember 24 passwords > Save changes.",
        cli: "aws iam update-account-password-policy --password-reuse-prevention 24 \
              --minimum-password-length 14 --require-symbols --require-numbers \
              --require-uppercase-characters --require-lowercase-characters\n\
              # update-account-password-policy replaces the whole policy: pass every setting you keep.",
        terraform: "resource \"aws_iam_account_password_policy\" \"strict\" {\n  \
                    minimum_password_length   = 14\n  \
                    password_reuse_prevention = 24\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.9"],
        cis_v6: &["2.8"],
        cis_v5: &["1.8"],
        cis_v3: &["1.9"],
        fsbp: &["IAM.7"],
        well_architected: &["SEC02-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_iam_account_password_policy\" \"this\" {\n  \
                        minimum_password_length   = 14\n  \
                        password_reuse_prevention = 3\n}\n",
        terraform_good: "resource \"aws_iam_account_password_policy\" \"this\" {\n  \
                         minimum_password_length   = 14\n  \
                         password_reuse_prevention = 24\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamPasswordPolicyReusePrevention24 {
    type Subject = PasswordPolicy;
    const META: &'static RuleMeta = &META;

    fn judge(&self, policy: &PasswordPolicy, _: &Resource, _: &Inventory) -> Outcome {
        let settings = match policy.policy.get() {
            Ok(Some(settings)) => settings,
            Ok(None) => {
                return Outcome::Fail(Evidence::at(
                    "policy",
                    "the account has no password policy, so users may reuse old passwords",
                ))
            }
            Err(reason) => return Outcome::unknown(reason),
        };
        match settings.password_reuse_prevention.get() {
            Ok(Some(n)) if *n >= REMEMBERED => Outcome::Pass(Evidence::at(
                "password_reuse_prevention",
                format!("the password policy prevents reuse of the last {n} passwords"),
            )),
            Ok(Some(n)) => Outcome::Fail(Evidence::at(
                "password_reuse_prevention",
                format!(
                    "the password policy remembers only the last {n} passwords (required: {REMEMBERED})"
                ),
            )),
            Ok(None) => Outcome::Fail(Evidence::at(
                "password_reuse_prevention",
                "the password policy does not prevent password reuse",
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

    fn judge(policy: Value<Option<iam::PasswordPolicySettings>>) -> Status {
        let r = test_support::global(
            "password-policy",
            Attributes::IamPasswordPolicy(iam::PasswordPolicy { policy }),
        );
        testing::judge(&IamPasswordPolicyReusePrevention24, &r)
    }

    fn reuse(n: Value<Option<u32>>) -> Value<Option<iam::PasswordPolicySettings>> {
        Value::Known(Some(iam::PasswordPolicySettings {
            password_reuse_prevention: n,
            ..Default::default()
        }))
    }

    #[test]
    fn twenty_four_passes() {
        assert_eq!(judge(reuse(Value::Known(Some(24)))), Status::Pass);
    }

    #[test]
    fn fewer_or_unset_fails() {
        assert_eq!(judge(reuse(Value::Known(Some(5)))), Status::Fail);
        assert_eq!(judge(reuse(Value::Known(None))), Status::Fail);
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(reuse(Value::unknown("unresolved"))), Status::Unknown);
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
