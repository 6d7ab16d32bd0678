//! IAM Identity Center rules.

mod ssoadmin_identity_center_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] =
    &[&ssoadmin_identity_center_enabled::SsoadminIdentityCenterEnabled];
