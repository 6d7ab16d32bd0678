//! EC2, VPC and EBS rules.

mod ebs_encryption_by_default;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[&ebs_encryption_by_default::EbsEncryptionByDefault];
