//! GuardDuty rules.

mod guardduty_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&guardduty_enabled::GuarddutyEnabled];
