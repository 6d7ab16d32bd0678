//! ECR rules: private repositories scan images (repository or registry configuration), keep tags immutable, expire old images, are encrypted with a customer key, and their policies are neither public nor open to untrusted accounts.

mod ecr_repository_encrypted_with_customer_key;
mod ecr_repository_lifecycle_policy_configured;
mod ecr_repository_policy_not_public;
mod ecr_repository_policy_trusted_accounts_only;
mod ecr_repository_scanning_enabled;
mod ecr_repository_tag_immutability_enabled;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &ecr_repository_scanning_enabled::EcrRepositoryScanningEnabled,
    &ecr_repository_tag_immutability_enabled::EcrRepositoryTagImmutabilityEnabled,
    &ecr_repository_lifecycle_policy_configured::EcrRepositoryLifecyclePolicyConfigured,
    &ecr_repository_policy_not_public::EcrRepositoryPolicyNotPublic,
    &ecr_repository_policy_trusted_accounts_only::EcrRepositoryPolicyTrustedAccountsOnly,
    &ecr_repository_encrypted_with_customer_key::EcrRepositoryEncryptedWithCustomerKey,
];
