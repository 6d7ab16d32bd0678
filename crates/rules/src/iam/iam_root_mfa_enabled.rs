//! MFA on the root user.

use cloudward_model::iam::RootAccount;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `AccountMFAEnabled` from `GetAccountSummary`. Any device type counts here (virtual,
/// hardware TOTP, FIDO key); whether it is hardware is `iam-root-hardware-mfa-enabled`.
pub struct IamRootMfaEnabled;

const META: RuleMeta = RuleMeta {
    id: "iam-root-mfa-enabled",
    title: "The root user has MFA enabled",
    severity: Severity::Critical,
    service: "iam",
    kinds: RootAccount::KINDS,
    checks: "Whether `AccountMFAEnabled` in `GetAccountSummary` is 1, i.e. signing in as the \
             root user requires a second factor.",
    rationale: "The root user can do anything in the account, including closing it and changing \
                its contact and billing details, and IAM policies cannot restrict it. A phished, \
                reused or guessed root password without MFA is a full account takeover.",
    remediation: Remediation {
        console: "Sign in as the root user > account menu > Security credentials > \
                  Multi-factor authentication (MFA) > Assign MFA device; prefer a FIDO security \
                  key or a hardware TOTP token, and register a second device as a backup.",
        cli: "# Root MFA can only be assigned in the console as the root user. Verify with:\n\
              aws iam get-account-summary --query 'SummaryMap.AccountMFAEnabled'",
        terraform: "# Root MFA cannot be managed with Terraform. In an AWS Organization, remove \
                    member-account root\n# credentials altogether with centralised root access:\n\
                    resource \"aws_iam_organizations_features\" \"this\" {\n  \
                    enabled_features = [\"RootCredentialsManagement\", \"RootSessions\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.5"],
        cis_v6: &["2.4"],
        cis_v5: &["1.4"],
        cis_v3: &["1.5"],
        fsbp: &[],
        well_architected: &["SEC01-BP02", "SEC02-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamRootMfaEnabled {
    type Subject = RootAccount;
    const META: &'static RuleMeta = &META;

    fn judge(&self, root: &RootAccount, _: &Resource, _: &Inventory) -> Outcome {
        match root.mfa_enabled.get() {
            Ok(true) => Outcome::Pass(Evidence::at(
                "mfa_enabled",
                "the root user has an MFA device (AccountMFAEnabled = 1)",
            )),
            Ok(false) => Outcome::Fail(Evidence::at(
                "mfa_enabled",
                "the root user has no MFA device (AccountMFAEnabled = 0)",
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

    fn judge(mfa_enabled: Value<bool>) -> Status {
        let r = test_support::global(
            "root",
            Attributes::IamRootAccount(iam::RootAccount {
                mfa_enabled,
                ..Default::default()
            }),
        );
        testing::judge(&IamRootMfaEnabled, &r)
    }

    #[test]
    fn mfa_passes() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
    }

    #[test]
    fn no_mfa_fails() {
        assert_eq!(judge(Value::Known(false)), Status::Fail);
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(judge(Value::unknown("AccessDenied")), Status::Unknown);
    }
}
