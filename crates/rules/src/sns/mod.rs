//! SNS rules: topics encrypted with KMS, and topic access policies neither public nor open to
//! accounts outside the trusted list (`settings.trusted_accounts`).

pub(crate) mod policy;
mod sns_topic_encrypted_with_kms;
mod sns_topic_policy_not_public;
mod sns_topic_policy_trusted_accounts_only;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &sns_topic_encrypted_with_kms::SnsTopicEncryptedWithKms,
    &sns_topic_policy_not_public::SnsTopicPolicyNotPublic,
    &sns_topic_policy_trusted_accounts_only::SnsTopicPolicyTrustedAccountsOnly,
];
