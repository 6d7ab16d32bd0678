//! The account's contacts: `account:GetAlternateContact` (SECURITY) and
//! `account:GetContactInformation`. `ResourceNotFoundException` means none is set: a known
//! `None`, not an error.

use std::sync::Arc;

use aws_sdk_account::types::AlternateContactType;
use cloudward_model::account::{AlternateContact, ContactInformation, Contacts};
use cloudward_model::{Attributes, Value};

use crate::context::CollectContext;

/// Collect the contacts into an `AccountContacts` resource.
pub(crate) async fn collect(ctx: Arc<CollectContext>) {
    let ctx = &*ctx;
    let client = crate::config::client!(aws_sdk_account, &ctx.config);
    let (security, info) = tokio::join!(
        ctx.call(
            "GetAlternateContact",
            client
                .get_alternate_contact()
                .alternate_contact_type(AlternateContactType::Security)
                .send(),
        ),
        ctx.call(
            "GetContactInformation",
            client.get_contact_information().send()
        ),
    );
    let security_contact = match security {
        Ok(out) => Value::Known(out.alternate_contact().map(|c| AlternateContact {
            name: c.name().unwrap_or_default().to_string(),
            title: c.title().unwrap_or_default().to_string(),
            email_address: c.email_address().unwrap_or_default().to_string(),
            phone_number: c.phone_number().unwrap_or_default().to_string(),
        })),
        Err(err) if err.is_code("ResourceNotFoundException") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    let contact_information = match info {
        Ok(out) => Value::Known(out.contact_information().map(|c| ContactInformation {
            full_name: c.full_name().to_string(),
            address_line1: c.address_line1().to_string(),
            city: c.city().to_string(),
            postal_code: c.postal_code().to_string(),
            country_code: c.country_code().to_string(),
            phone_number: c.phone_number().to_string(),
            company_name: c.company_name().map(str::to_string),
        })),
        Err(err) if err.is_code("ResourceNotFoundException") => Value::Known(None),
        Err(err) => ctx.failed(&err),
    };
    ctx.push(ctx.resource(
        format!(
            "arn:{}:account::{}:contacts",
            ctx.partition(),
            ctx.account()
        ),
        ctx.account().to_string(),
        Attributes::AccountContacts(Contacts {
            account_id: ctx.account().to_string(),
            security_contact,
            contact_information,
        }),
    ));
}
