//! Amazon Macie rules.

mod macie2_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&macie2_enabled::Macie2Enabled];
