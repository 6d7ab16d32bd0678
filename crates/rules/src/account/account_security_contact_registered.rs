//! A security alternate contact is registered for the account.

use cloudward_model::account::Contacts;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `GetAlternateContact` with `AlternateContactType=SECURITY`:
/// `ResourceNotFoundException` (none registered) fails; a contact passes when it has an email
/// address and a phone number. In Terraform, `aws_account_alternate_contact` with
/// `alternate_contact_type = "SECURITY"`; code that declares no security contact says nothing
/// about the account (Unknown). CloudFormation has no resource for alternate contacts.
pub struct AccountSecurityContactRegistered;

const META: RuleMeta = RuleMeta {
    id: "account-security-contact-registered",
    title: "A security contact is registered for the account",
    severity: Severity::Medium,
    service: "account",
    kinds: Contacts::KINDS,
    checks: "Whether the account has a SECURITY alternate contact (`GetAlternateContact`) \
             with an email address and a phone number.",
    rationale: "AWS sends abuse reports, notices of compromised credentials and security \
                bulletins to the security contact. Without one they go to the root email \
                address only, often an unread mailbox, and an incident AWS has already \
                noticed is left running.",
    remediation: Remediation {
        console: "Account console (top right account menu > Account) > Alternate contacts > \
                  Edit > Security contact: a monitored team address and phone number.",
        cli: "aws account put-alternate-contact --alternate-contact-type SECURITY --name \
              \"<team>\" --title \"<title>\" --email-address <security@example.com> \
              --phone-number \"<+1 555 0100>\"",
        terraform: "resource \"aws_account_alternate_contact\" \"security\" {\n  \
                    alternate_contact_type = \"SECURITY\"\n  \
                    name                   = \"Security team\"\n  \
                    title                  = \"Security\"\n  \
                    email_address          = \"security@example.com\"\n  \
                    phone_number           = \"+15550100\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/account-controls.html#account-1",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.3"],
        cis_v6: &["2.2"],
        cis_v5: &["1.2"],
        cis_v3: &["1.2"],
        fsbp: &["Account.1"],
        well_architected: &["SEC01-BP02", "SEC10-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_account_alternate_contact\" \"security\" {\n  alternate_contact_type = \"SECURITY\"\n  name                   = \"Security team\"\n  title                  = \"Security\"\n  email_address          = \"security@example.com\"\n  phone_number           = \"\"\n}\n",
        terraform_good: "resource \"aws_account_alternate_contact\" \"security\" {\n  alternate_contact_type = \"SECURITY\"\n  name                   = \"Security team\"\n  title                  = \"Security\"\n  email_address          = \"security@example.com\"\n  phone_number           = \"+15550100\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for AccountSecurityContactRegistered {
    type Subject = Contacts;
    const META: &'static RuleMeta = &META;

    fn judge(&self, contacts: &Contacts, _: &Resource, _: &Inventory) -> Outcome {
        match contacts.security_contact.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(None) => Outcome::Fail(Evidence::at(
                "security_contact",
                "no security alternate contact is registered",
            )),
            Ok(Some(c)) => {
                let mut lacking = Vec::new();
                if c.email_address.trim().is_empty() {
                    lacking.push("an email address");
                }
                if c.phone_number.trim().is_empty() {
                    lacking.push("a phone number");
                }
                if lacking.is_empty() {
                    Outcome::Pass(Evidence::at(
                        "security_contact",
                        format!("security contact {} <{}>", c.name, c.email_address),
                    ))
                } else {
                    Outcome::Fail(Evidence::at(
                        "security_contact",
                        format!("the security contact lacks {}", lacking.join(" and ")),
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::account::AlternateContact;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(security_contact: Value<Option<AlternateContact>>) -> Status {
        let r = test_support::global(
            "contacts",
            Attributes::AccountContacts(Contacts {
                account_id: "123456789012".into(),
                security_contact,
                contact_information: Value::unknown("not read"),
            }),
        );
        testing::judge(&AccountSecurityContactRegistered, &r)
    }

    fn contact(phone: &str) -> AlternateContact {
        AlternateContact {
            name: "Security".into(),
            title: "SecOps".into(),
            email_address: "security@example.com".into(),
            phone_number: phone.into(),
        }
    }

    #[test]
    fn a_complete_contact_passes() {
        assert_eq!(
            judge(Value::Known(Some(contact("+15550100")))),
            Status::Pass
        );
    }

    #[test]
    fn none_or_incomplete_fails() {
        assert_eq!(judge(Value::Known(None)), Status::Fail);
        assert_eq!(judge(Value::Known(Some(contact(" ")))), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
