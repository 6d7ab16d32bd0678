//! The account's primary contact information is filled in.

use cloudward_model::account::Contacts;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `GetContactInformation`: every field AWS requires (full name, address line 1,
/// city, postal code, country, phone number) must be non-empty. Whether the details are
/// *current*, which the manual CIS control asks, only a person can confirm; the evidence says
/// so. In Terraform, `aws_account_primary_contact`; CloudFormation has no resource for it.
pub struct AccountContactInformationPresent;

const META: RuleMeta = RuleMeta {
    id: "account-contact-information-present",
    title: "The account's primary contact details are filled in",
    severity: Severity::Low,
    service: "account",
    kinds: Contacts::KINDS,
    checks: "Whether the primary contact information (`GetContactInformation`) has a full \
             name, address, city, postal code, country and phone number. Whether they are \
             current is for a person to confirm (CIS assesses this control manually).",
    rationale: "AWS uses the primary contact to reach the account owner about billing, \
                abuse and account recovery. Missing or stale details delay AWS's notice of a \
                compromise and can leave the owner unable to prove ownership when the root \
                credentials are lost.",
    remediation: Remediation {
        console: "Account console (top right account menu > Account) > Contact information > \
                  Edit: fill in every field with details a team (not one person) answers.",
        cli: "aws account put-contact-information --contact-information \
              FullName=\"<name>\",AddressLine1=\"<address>\",City=\"<city>\",PostalCode=\"<code>\",CountryCode=<US>,PhoneNumber=\"<+15550100>\"",
        terraform: "resource \"aws_account_primary_contact\" \"main\" {\n  \
                    full_name      = \"Example Corp\"\n  \
                    address_line_1 = \"1 Main St\"\n  \
                    city           = \"Seattle\"\n  \
                    postal_code    = \"98101\"\n  \
                    country_code   = \"US\"\n  \
                    phone_number   = \"+15550100\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-primary.html",
        "https://docs.aws.amazon.com/accounts/latest/reference/API_GetContactInformation.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.2"],
        cis_v6: &["2.1"],
        cis_v5: &["1.1"],
        cis_v3: &["1.1"],
        fsbp: &[],
        well_architected: &["SEC01-BP02"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_account_primary_contact\" \"main\" {\n  full_name      = \"Example Corp\"\n  address_line_1 = \"\"\n  city           = \"Seattle\"\n  postal_code    = \"98101\"\n  country_code   = \"US\"\n  phone_number   = \"+15550100\"\n}\n",
        terraform_good: "resource \"aws_account_primary_contact\" \"main\" {\n  full_name      = \"Example Corp\"\n  address_line_1 = \"1 Main St\"\n  city           = \"Seattle\"\n  postal_code    = \"98101\"\n  country_code   = \"US\"\n  phone_number   = \"+15550100\"\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for AccountContactInformationPresent {
    type Subject = Contacts;
    const META: &'static RuleMeta = &META;

    fn judge(&self, contacts: &Contacts, _: &Resource, _: &Inventory) -> Outcome {
        match contacts.contact_information.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(None) => Outcome::Fail(Evidence::at(
                "contact_information",
                "the account has no contact information",
            )),
            Ok(Some(c)) => {
                let missing: Vec<&str> = [
                    ("full name", &c.full_name),
                    ("address", &c.address_line1),
                    ("city", &c.city),
                    ("postal code", &c.postal_code),
                    ("country", &c.country_code),
                    ("phone number", &c.phone_number),
                ]
                .into_iter()
                .filter(|(_, v)| v.trim().is_empty())
                .map(|(k, _)| k)
                .collect();
                if missing.is_empty() {
                    Outcome::Pass(Evidence::at(
                        "contact_information",
                        format!(
                            "contact details for {} are filled in (confirm they are current)",
                            c.full_name
                        ),
                    ))
                } else {
                    Outcome::Fail(Evidence::at(
                        "contact_information",
                        format!("the contact information lacks: {}", missing.join(", ")),
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
    use cloudward_model::account::ContactInformation;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(contact_information: Value<Option<ContactInformation>>) -> Status {
        let r = test_support::global(
            "contacts",
            Attributes::AccountContacts(Contacts {
                account_id: "123456789012".into(),
                security_contact: Value::unknown("not read"),
                contact_information,
            }),
        );
        testing::judge(&AccountContactInformationPresent, &r)
    }

    fn info(city: &str) -> ContactInformation {
        ContactInformation {
            full_name: "Example Corp".into(),
            address_line1: "1 Main St".into(),
            city: city.into(),
            postal_code: "98101".into(),
            country_code: "US".into(),
            phone_number: "+15550100".into(),
            company_name: None,
        }
    }

    #[test]
    fn complete_details_pass() {
        assert_eq!(judge(Value::Known(Some(info("Seattle")))), Status::Pass);
    }

    #[test]
    fn missing_details_fail() {
        assert_eq!(judge(Value::Known(Some(info("")))), Status::Fail);
        assert_eq!(judge(Value::Known(None)), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("unsupported")), Status::Unknown);
    }
}
