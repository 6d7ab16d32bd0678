//! S3 rules: account and bucket public access blocks, public ACLs and policies, encryption,
//! customer managed KMS keys, TLS, versioning, MFA delete, access logging and ACL ownership.
//!
//! Several bucket rules depend on the account-level public access block, which S3 applies on
//! top of each bucket's own block (a switch is effective when it is on at either level). The
//! helpers here find that block in the inventory once, so each rule reads the same answer.

mod s3_account_public_access_block;
mod s3_bucket_acl_not_public;
mod s3_bucket_acls_disabled;
mod s3_bucket_default_encryption;
mod s3_bucket_encrypted_with_kms_key;
mod s3_bucket_mfa_delete;
mod s3_bucket_policy_not_public;
mod s3_bucket_public_access_block;
mod s3_bucket_secure_transport_required;
mod s3_bucket_server_access_logging;
mod s3_bucket_versioning_enabled;

use cloudward_model::s3::{Bucket, PublicAccessBlock};
use cloudward_model::{Inventory, Resource, ResourceKind, Value};

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &s3_account_public_access_block::S3AccountPublicAccessBlock,
    &s3_bucket_public_access_block::S3BucketPublicAccessBlock,
    &s3_bucket_acl_not_public::S3BucketAclNotPublic,
    &s3_bucket_policy_not_public::S3BucketPolicyNotPublic,
    &s3_bucket_secure_transport_required::S3BucketSecureTransportRequired,
    &s3_bucket_default_encryption::S3BucketDefaultEncryption,
    &s3_bucket_encrypted_with_kms_key::S3BucketEncryptedWithKmsKey,
    &s3_bucket_versioning_enabled::S3BucketVersioningEnabled,
    &s3_bucket_mfa_delete::S3BucketMfaDelete,
    &s3_bucket_server_access_logging::S3BucketServerAccessLogging,
    &s3_bucket_acls_disabled::S3BucketAclsDisabled,
];

/// The account-level public access block that applies to `bucket`, as far as the inventory
/// tells.
///
/// - `Known(Some(block))`: configured; `Known(None)`: not configured.
/// - `Known(None)` too when the inventory holds no account block at all and no collection
///   error for it: that is the case of infrastructure code, which judges a bucket on its own
///   settings (the live collector always records the account block or an error).
/// - `Unknown(reason)` when collection of the account block failed or its configuration could
///   not be read.
pub(crate) fn account_block(
    bucket: &Resource,
    inventory: &Inventory,
) -> Value<Option<PublicAccessBlock>> {
    let block = inventory
        .of_kind(ResourceKind::S3AccountPublicAccessBlock)
        .filter(|r| bucket.account.is_none() || r.account.is_none() || r.account == bucket.account)
        .find_map(Resource::as_s3_account_public_access_block);
    if let Some(block) = block {
        return block.configuration.clone();
    }
    if let Some(error) = inventory
        .errors_for(ResourceKind::S3AccountPublicAccessBlock)
        .next()
    {
        return Value::unknown(format!(
            "the account-level public access block could not be read: {}",
            error.reason()
        ));
    }
    Value::Known(None)
}

/// Reads one switch of a public access block.
pub(crate) type Switch = fn(&PublicAccessBlock) -> bool;

/// Which level turns a public access block switch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SwitchSource {
    /// The bucket's own block.
    Bucket,
    /// The account-level block.
    Account,
}

impl SwitchSource {
    /// How evidence names the level, saying when the bucket's block is AWS's default for a new
    /// bucket rather than declared (infrastructure code, issue 8 defect 13).
    pub(crate) fn describe(self, bucket: &Bucket) -> &'static str {
        match self {
            SwitchSource::Bucket if bucket.aws_defaults.public_access_block => {
                "the bucket's public access block (none declared; AWS turns all four settings on \
                 for every new bucket since April 2023)"
            }
            SwitchSource::Bucket => "the bucket's public access block",
            SwitchSource::Account => "the account-level public access block",
        }
    }
}

/// Evidence for an object ownership of `BucketOwnerEnforced` that is AWS's default for a new
/// bucket rather than declared.
pub(crate) const OWNERSHIP_DEFAULT: &str = "no object ownership declared; AWS makes every new \
                                            bucket BucketOwnerEnforced (ACLs disabled) since \
                                            April 2023";

/// Evidence for SSE-S3 encryption that is AWS's default rather than declared.
pub(crate) const ENCRYPTION_DEFAULT: &str = "no encryption declared; AWS applies SSE-S3 (AES256) \
                                             to every new bucket since January 2023";

/// Whether one switch (picked by `switch`) is effectively on for the bucket: on at the bucket
/// level, or else on at the account level. `Known(None)` means off at both levels; Unknown when
/// it is off (or unknown) at one level and unknown at the other.
pub(crate) fn effective_switch(
    bucket_block: &Value<Option<PublicAccessBlock>>,
    account: &Value<Option<PublicAccessBlock>>,
    switch: Switch,
) -> Value<Option<SwitchSource>> {
    let at =
        |v: &Value<Option<PublicAccessBlock>>| v.as_ref().map(|b| b.as_ref().is_some_and(switch));
    match (at(bucket_block), at(account)) {
        (Value::Known(true), _) => Value::Known(Some(SwitchSource::Bucket)),
        (_, Value::Known(true)) => Value::Known(Some(SwitchSource::Account)),
        (Value::Known(false), Value::Known(false)) => Value::Known(None),
        (Value::Unknown(reason), _) | (_, Value::Unknown(reason)) => Value::Unknown(reason),
    }
}

#[cfg(test)]
pub(crate) mod test_helpers {
    //! Builders shared by the S3 rule tests.
    use cloudward_model::s3::{AccountPublicAccessBlock, Bucket, PublicAccessBlock};
    use cloudward_model::{test_support, Attributes, Inventory, Resource, Value};

    /// A bucket resource named `name` with the given attributes.
    pub(crate) fn bucket(bucket: Bucket) -> Resource {
        let name = if bucket.name.is_empty() {
            "b".to_string()
        } else {
            bucket.name.clone()
        };
        test_support::resource(
            &name,
            Attributes::S3Bucket(Bucket {
                name: name.clone(),
                ..bucket
            }),
        )
    }

    /// Every switch on.
    pub(crate) const ALL_ON: PublicAccessBlock = PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };

    /// An inventory holding only an account-level block with this configuration.
    pub(crate) fn with_account_block(configuration: Value<Option<PublicAccessBlock>>) -> Inventory {
        let mut inventory = Inventory::new();
        inventory.push(test_support::global(
            "s3-account-public-access-block",
            Attributes::S3AccountPublicAccessBlock(AccountPublicAccessBlock { configuration }),
        ));
        inventory
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::{CollectionError, ErrorKind};

    #[test]
    fn bucket_level_wins_over_unknown_account() {
        let on = Value::Known(Some(test_helpers::ALL_ON));
        let unknown = Value::unknown("AccessDenied");
        assert_eq!(
            effective_switch(&on, &unknown, |b| b.ignore_public_acls),
            Value::Known(Some(SwitchSource::Bucket))
        );
        assert!(
            effective_switch(&Value::Known(None), &unknown, |b| b.ignore_public_acls)
                .unknown_reason()
                .is_some()
        );
    }

    #[test]
    fn account_block_collection_error_is_unknown() {
        let mut inventory = Inventory::new();
        inventory.errors.push(CollectionError {
            service: "s3control".into(),
            region: None,
            api: "GetPublicAccessBlock".into(),
            kind: ErrorKind::AccessDenied,
            message: "denied".into(),
            kinds: vec![ResourceKind::S3AccountPublicAccessBlock],
            ..Default::default()
        });
        let b = test_helpers::bucket(Default::default());
        assert!(account_block(&b, &inventory).unknown_reason().is_some());
        assert_eq!(account_block(&b, &Inventory::new()), Value::Known(None));
    }
}
