//! Account rules: the contacts AWS reaches the owner through.

mod account_contact_information_present;
mod account_security_contact_registered;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &account_contact_information_present::AccountContactInformationPresent,
    &account_security_contact_registered::AccountSecurityContactRegistered,
];
