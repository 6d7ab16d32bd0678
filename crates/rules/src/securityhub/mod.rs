//! Security Hub rules.

mod securityhub_enabled;
mod securityhub_standards_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &securityhub_enabled::SecurityhubEnabled,
    &securityhub_standards_enabled::SecurityhubStandardsEnabled,
];
