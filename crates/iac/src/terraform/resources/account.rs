//! The account's contacts: `aws_account_alternate_contact` (the `SECURITY` one) and
//! `aws_account_primary_contact`, into one `AccountContacts`. What the code does not declare
//! is Unknown: the contact may be set outside this code.

use cloudward_model::account::{AlternateContact, ContactInformation, Contacts};
use cloudward_model::{Attributes, Resource, Value};

use super::{get, known_str, locate, resource, Index};
use crate::terraform::module::Instance;

fn text(i: &Instance, key: &str) -> String {
    known_str(get(i, key)).unwrap_or_default()
}

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let security = idx.of("aws_account_alternate_contact").iter().find(|i| {
        known_str(get(i, "alternate_contact_type"))
            .is_some_and(|t| t.eq_ignore_ascii_case("SECURITY"))
    });
    let primary = idx.of("aws_account_primary_contact").first();
    let any = idx.of("aws_account_alternate_contact").first();
    let Some(&first) = security.or(primary).or(any) else {
        return;
    };
    let contacts = Contacts {
        account_id: String::new(),
        security_contact: match security {
            Some(&i) => Value::Known(Some(AlternateContact {
                name: text(i, "name"),
                title: text(i, "title"),
                email_address: text(i, "email_address"),
                phone_number: text(i, "phone_number"),
            })),
            None => Value::unknown("the code declares no SECURITY alternate contact"),
        },
        contact_information: match primary {
            Some(&i) => Value::Known(Some(ContactInformation {
                full_name: text(i, "full_name"),
                address_line1: text(i, "address_line_1"),
                city: text(i, "city"),
                postal_code: text(i, "postal_code"),
                country_code: text(i, "country_code"),
                phone_number: text(i, "phone_number"),
                company_name: known_str(get(i, "company_name")),
            })),
            None => Value::unknown("the code declares no primary contact"),
        },
    };
    let mut r = resource(
        first,
        first.address.clone(),
        Attributes::AccountContacts(contacts),
    );
    r.region = None;
    if let Some(&i) = security {
        locate(&mut r, "security_contact", i, "phone_number");
    }
    if let Some(&i) = primary {
        locate(&mut r, "contact_information", i, "address_line_1");
    }
    out.push(r);
}
