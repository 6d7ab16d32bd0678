//! Security Hub rules.

mod securityhub_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&securityhub_enabled::SecurityhubEnabled];
