//! Hardware MFA on the root user.

use cloudward_model::iam::RootAccount;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `hardware_mfa_enabled`, which the collector derives from `GetAccountSummary` plus
/// `ListVirtualMFADevices` (a root MFA that is not a virtual device is hardware). When the
/// hardware flag is unknown but the root user has no MFA at all, the answer is still a Fail.
pub struct IamRootHardwareMfaEnabled;

const META: RuleMeta = RuleMeta {
    id: "iam-root-hardware-mfa-enabled",
    title: "The root user's MFA is a hardware device",
    severity: Severity::Critical,
    service: "iam",
    kinds: RootAccount::KINDS,
    checks: "Whether the root user has MFA enabled (`AccountMFAEnabled` = 1) and no virtual MFA \
             device is registered for it (`ListVirtualMFADevices` has no \
             `root-account-mfa-device`), i.e. its second factor is a hardware TOTP token or a \
             FIDO security key.",
    rationale: "A virtual MFA lives on a phone or laptop that also reads mail and browses the web, \
                and can be cloned with its seed. A hardware token or FIDO key for the most \
                powerful identity in the account cannot be copied remotely, and FIDO keys also \
                resist phishing.",
    remediation: Remediation {
        console: "Sign in as the root user > Security credentials > Multi-factor authentication \
                  (MFA) > Assign MFA device > Passkey or security key (or Hardware TOTP token); \
                  then remove the virtual device.",
        cli: "# Assign hardware MFA in the console as root. Verify no virtual device is the root's:\n\
              aws iam list-virtual-mfa-devices --assignment-status Assigned \
              --query \"VirtualMFADevices[?ends_with(SerialNumber, 'root-account-mfa-device')]\"",
        terraform: "# Root MFA cannot be managed with Terraform. In an AWS Organization, remove \
                    member-account root\n# credentials with centralised root access:\n\
                    resource \"aws_iam_organizations_features\" \"this\" {\n  \
                    enabled_features = [\"RootCredentialsManagement\", \"RootSessions\"]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-hw-mfa-for-root.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.6"],
        cis_v6: &["2.5"],
        cis_v5: &["1.5"],
        cis_v3: &["1.6"],
        fsbp: &["IAM.6"],
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

impl Check for IamRootHardwareMfaEnabled {
    type Subject = RootAccount;
    const META: &'static RuleMeta = &META;

    fn judge(&self, root: &RootAccount, _: &Resource, _: &Inventory) -> Outcome {
        match (root.hardware_mfa_enabled.get(), root.mfa_enabled.get()) {
            (Ok(true), _) => Outcome::Pass(Evidence::at(
                "hardware_mfa_enabled",
                "the root user's MFA is a hardware device (no virtual MFA device is assigned to root)",
            )),
            (_, Ok(false)) => Outcome::Fail(Evidence::at(
                "mfa_enabled",
                "the root user has no MFA device at all (AccountMFAEnabled = 0)",
            )),
            (Ok(false), _) => Outcome::Fail(Evidence::at(
                "hardware_mfa_enabled",
                "the root user's MFA is a virtual device (root-account-mfa-device), not hardware",
            )),
            (Err(reason), _) => Outcome::unknown(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, test_support, Attributes, Status, Value};

    fn judge(hardware: Value<bool>, any: Value<bool>) -> Outcome {
        let r = test_support::global(
            "root",
            Attributes::IamRootAccount(iam::RootAccount {
                hardware_mfa_enabled: hardware,
                mfa_enabled: any,
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamRootHardwareMfaEnabled, &r, &Inventory::new())
    }

    #[test]
    fn hardware_mfa_passes() {
        assert_eq!(
            judge(Value::Known(true), Value::Known(true)).status(),
            Status::Pass
        );
    }

    #[test]
    fn virtual_mfa_fails() {
        let outcome = judge(Value::Known(false), Value::Known(true));
        assert_eq!(outcome.status(), Status::Fail);
        let Outcome::Fail(e) = outcome else {
            unreachable!()
        };
        assert!(e.message.contains("virtual"), "{}", e.message);
    }

    #[test]
    fn no_mfa_fails_even_when_the_device_list_was_unreadable() {
        let outcome = judge(
            Value::unknown("ListVirtualMFADevices denied"),
            Value::Known(false),
        );
        assert_eq!(outcome.status(), Status::Fail);
    }

    #[test]
    fn unreadable_device_list_is_unknown() {
        assert_eq!(
            judge(
                Value::unknown("ListVirtualMFADevices denied"),
                Value::Known(true)
            ),
            Outcome::unknown("ListVirtualMFADevices denied")
        );
    }
}
