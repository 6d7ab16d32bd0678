//! The account as a resource: the facts that belong to no one service.

use serde::{Deserialize, Serialize};

use crate::Value;

/// The AWS account being judged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// 12-digit account id.
    pub account_id: String,
    /// Regions enabled for the account (from `ec2:DescribeRegions`, filtered on opt-in status).
    pub enabled_regions: Value<Vec<String>>,
}

/// The account's contacts (`account:GetAlternateContact`, `account:GetContactInformation`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contacts {
    /// 12-digit account id.
    pub account_id: String,
    /// The `SECURITY` alternate contact; `None` when none is registered
    /// (`ResourceNotFoundException`).
    pub security_contact: Value<Option<AlternateContact>>,
    /// The primary contact information; `None` when none is set.
    pub contact_information: Value<Option<ContactInformation>>,
}

/// An alternate contact (`AlternateContact`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlternateContact {
    /// `Name`.
    pub name: String,
    /// `Title`.
    pub title: String,
    /// `EmailAddress`.
    pub email_address: String,
    /// `PhoneNumber`.
    pub phone_number: String,
}

/// The primary contact (`ContactInformation`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInformation {
    /// `FullName`.
    pub full_name: String,
    /// `AddressLine1`.
    pub address_line1: String,
    /// `City`.
    pub city: String,
    /// `PostalCode`.
    pub postal_code: String,
    /// `CountryCode`.
    pub country_code: String,
    /// `PhoneNumber`.
    pub phone_number: String,
    /// `CompanyName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
}
