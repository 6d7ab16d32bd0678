//! SSM Parameter Store rules: parameters named like secrets are encrypted (`SecureString`).

mod ssm_parameter_secure_string_for_secrets;

pub(crate) use ssm_parameter_secure_string_for_secrets::secret_word;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] =
    &[&ssm_parameter_secure_string_for_secrets::SsmParameterSecureStringForSecrets];
