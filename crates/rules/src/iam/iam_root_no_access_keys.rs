//! No access keys for the root user.

use cloudward_model::iam::RootAccount;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `AccountAccessKeysPresent` from `GetAccountSummary`, which counts active and inactive
/// root keys alike: an inactive root key can be re-activated by anyone holding the root
/// password, so it fails too.
pub struct IamRootNoAccessKeys;

const META: RuleMeta = RuleMeta {
    id: "iam-root-no-access-keys",
    title: "The root user has no access keys",
    severity: Severity::Critical,
    service: "iam",
    kinds: RootAccount::KINDS,
    checks: "Whether `AccountAccessKeysPresent` in `GetAccountSummary` is 0, i.e. the root user \
             has no access key at all (active or inactive).",
    rationale: "Root access keys give programmatic, unrestricted access to every resource, \
                billing and account closure; IAM policies cannot limit them. Keys leak through \
                code, CI logs and laptops, and a leaked root key is a full account compromise. \
                No task requires root keys: use IAM roles or IAM Identity Center instead.",
    remediation: Remediation {
        console: "Sign in as the root user > account menu > Security credentials > Access keys \
                  > for each key: Actions > Deactivate, confirm nothing breaks, then Delete.",
        cli: "# With the root user's own credentials (IAM users cannot delete root keys):\n\
              aws iam list-access-keys\n\
              aws iam delete-access-key --access-key-id <root-access-key-id>",
        terraform: "# Root credentials cannot be managed with Terraform. In an AWS Organization, \
                    centralise root access\n# so member accounts carry no root credentials:\n\
                    resource \"aws_iam_organizations_features\" \"this\" {\n  \
                    enabled_features = [\"RootCredentialsManagement\", \"RootSessions\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.4"],
        cis_v6: &["2.3"],
        cis_v5: &["1.3"],
        cis_v3: &["1.4"],
        fsbp: &["IAM.4"],
        well_architected: &["SEC01-BP02", "SEC02-BP02"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamRootNoAccessKeys {
    type Subject = RootAccount;
    const META: &'static RuleMeta = &META;

    fn judge(&self, root: &RootAccount, _: &Resource, _: &Inventory) -> Outcome {
        match root.access_keys_present.get() {
            Ok(false) => Outcome::Pass(Evidence::at(
                "access_keys_present",
                "the root user has no access keys (AccountAccessKeysPresent = 0)",
            )),
            Ok(true) => Outcome::Fail(Evidence::at(
                "access_keys_present",
                "the root user has at least one access key (AccountAccessKeysPresent = 1)",
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

    fn judge(access_keys_present: Value<bool>) -> Outcome {
        let r = test_support::global(
            "root",
            Attributes::IamRootAccount(iam::RootAccount {
                access_keys_present,
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamRootNoAccessKeys, &r, &Inventory::new())
    }

    #[test]
    fn no_keys_passes() {
        assert_eq!(judge(Value::Known(false)).status(), Status::Pass);
    }

    #[test]
    fn keys_present_fail_on_the_attribute() {
        let outcome = judge(Value::Known(true));
        let Outcome::Fail(evidence) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(evidence.attribute.as_deref(), Some("access_keys_present"));
    }

    #[test]
    fn unreadable_summary_is_unknown() {
        assert_eq!(
            judge(Value::unknown("iam:GetAccountSummary AccessDenied")),
            Outcome::unknown("iam:GetAccountSummary AccessDenied")
        );
    }
}
