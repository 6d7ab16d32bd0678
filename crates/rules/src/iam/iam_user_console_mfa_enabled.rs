//! MFA for IAM users who can sign in to the console.

use cloudward_model::iam::User;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `password_enabled` (credential report) and `ListMFADevices`. Users without a console
/// password are not applicable: they cannot sign in to the console, and their keys are judged by
/// the access-key rules.
pub struct IamUserConsoleMfaEnabled;

const META: RuleMeta = RuleMeta {
    id: "iam-user-console-mfa-enabled",
    title: "IAM users with a console password have MFA enabled",
    severity: Severity::Medium,
    service: "iam",
    kinds: User::KINDS,
    checks: "For each IAM user whose console password is enabled, whether at least one MFA \
             device (virtual, hardware TOTP or FIDO security key) is assigned.",
    rationale: "Passwords are phished, reused across sites and sprayed. MFA means a stolen \
                password alone does not open a console session with the user's permissions.",
    remediation: Remediation {
        console: "IAM console > Users > <user> > Security credentials > Multi-factor \
                  authentication (MFA) > Assign MFA device; or remove the console password if \
                  the user does not need the console.",
        cli: "aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> \
              --bootstrap-method QRCodePNG --outfile <user>-mfa.png\n\
              aws iam enable-mfa-device --user-name <user> \
              --serial-number arn:aws:iam::<account-id>:mfa/<user> \
              --authentication-code1 <code1> --authentication-code2 <code2>",
        terraform: "# Terraform cannot complete MFA enrolment (it needs codes from the device). \
                    Enforce it instead:\n\
                    data \"aws_iam_policy_document\" \"require_mfa\" {\n  \
                    statement {\n    \
                    sid         = \"DenyAllWithoutMFA\"\n    \
                    effect      = \"Deny\"\n    \
                    not_actions = [\"iam:ChangePassword\", \"iam:CreateVirtualMFADevice\", \
                    \"iam:EnableMFADevice\", \"iam:GetUser\", \"iam:ListMFADevices\", \
                    \"iam:ListVirtualMFADevices\", \"iam:ResyncMFADevice\", \"sts:GetSessionToken\"]\n    \
                    resources   = [\"*\"]\n    \
                    condition {\n      \
                    test     = \"BoolIfExists\"\n      \
                    variable = \"aws:MultiFactorAuthPresent\"\n      \
                    values   = [\"false\"]\n    }\n  }\n}\n\
                    resource \"aws_iam_group_policy\" \"require_mfa\" {\n  \
                    group  = aws_iam_group.console_users.name\n  \
                    policy = data.aws_iam_policy_document.require_mfa.json\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-5",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.10"],
        cis_v6: &["2.9"],
        cis_v5: &["1.9"],
        cis_v3: &["1.10"],
        fsbp: &["IAM.5"],
        well_architected: &["SEC02-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamUserConsoleMfaEnabled {
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
        match user.mfa_devices.get() {
            Ok(devices) if devices.is_empty() => Outcome::Fail(Evidence::at(
                "mfa_devices",
                format!("user {name} has a console password but no MFA device"),
            )),
            Ok(devices) => {
                let serials: Vec<&str> = devices.iter().map(|d| d.serial_number.as_str()).collect();
                Outcome::Pass(Evidence::at(
                    "mfa_devices",
                    format!(
                        "user {name} has a console password and MFA device(s): {}",
                        serials.join(", ")
                    ),
                ))
            }
            Err(reason) => Outcome::unknown(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, test_support, Attributes, Status, Value};

    fn judge(password: Value<bool>, mfa: Value<Vec<iam::MfaDevice>>) -> Outcome {
        let r = test_support::global(
            "alice",
            Attributes::IamUser(iam::User {
                user_name: "alice".into(),
                password_enabled: password,
                mfa_devices: mfa,
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamUserConsoleMfaEnabled, &r, &Inventory::new())
    }

    fn device() -> iam::MfaDevice {
        iam::MfaDevice {
            serial_number: "arn:aws:iam::123456789012:mfa/alice".into(),
            enable_date: None,
        }
    }

    #[test]
    fn console_user_with_mfa_passes() {
        assert_eq!(
            judge(Value::Known(true), Value::Known(vec![device()])).status(),
            Status::Pass
        );
    }

    #[test]
    fn console_user_without_mfa_fails_naming_the_user() {
        let outcome = judge(Value::Known(true), Value::Known(vec![]));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert!(e.message.contains("alice"));
        assert_eq!(e.attribute.as_deref(), Some("mfa_devices"));
    }

    #[test]
    fn user_without_password_is_not_applicable() {
        assert_eq!(
            judge(Value::Known(false), Value::Known(vec![])).status(),
            Status::NotApplicable
        );
    }

    #[test]
    fn unknown_password_or_devices_is_unknown() {
        assert_eq!(
            judge(Value::unknown("no credential report"), Value::Known(vec![])).status(),
            Status::Unknown
        );
        assert_eq!(
            judge(Value::Known(true), Value::unknown("ListMFADevices denied")).status(),
            Status::Unknown
        );
    }
}
