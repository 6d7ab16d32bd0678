//! iam rules.

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[];
