//! S3 buckets and the account-level public access block.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;
use crate::Value;

/// The four public access block switches (bucket or account level).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAccessBlock {
    /// `BlockPublicAcls`.
    pub block_public_acls: bool,
    /// `IgnorePublicAcls`.
    pub ignore_public_acls: bool,
    /// `BlockPublicPolicy`.
    pub block_public_policy: bool,
    /// `RestrictPublicBuckets`.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    /// All four switches on.
    pub fn all_enabled(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }
}

/// The account-wide S3 public access block (`s3control:GetPublicAccessBlock`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountPublicAccessBlock {
    /// `None`: not configured (`NoSuchPublicAccessBlockConfiguration`).
    pub configuration: Value<Option<PublicAccessBlock>>,
}

/// One ACL grant (`GetBucketAcl`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// `Grantee.Type`: `CanonicalUser`, `Group`, `AmazonCustomerByEmail`.
    pub grantee_type: String,
    /// `Grantee.URI` for group grantees (AllUsers, AuthenticatedUsers, LogDelivery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grantee_uri: Option<String>,
    /// `Grantee.ID` for canonical users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grantee_id: Option<String>,
    /// `Permission`: `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`, `FULL_CONTROL`.
    pub permission: String,
}

/// The AllUsers group URI.
pub const ALL_USERS_URI: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
/// The AuthenticatedUsers group URI (any AWS account: as public as AllUsers).
pub const AUTHENTICATED_USERS_URI: &str =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

impl Grant {
    /// Whether the grant is to everyone or to every AWS account.
    pub fn is_public(&self) -> bool {
        matches!(
            self.grantee_uri.as_deref(),
            Some(ALL_USERS_URI) | Some(AUTHENTICATED_USERS_URI)
        )
    }
}

/// Default encryption (`GetBucketEncryption`, first rule).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encryption {
    /// `SSEAlgorithm`: `AES256`, `aws:kms`, `aws:kms:dsse`.
    pub sse_algorithm: String,
    /// `KMSMasterKeyID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<String>,
    /// `BucketKeyEnabled`.
    #[serde(default)]
    pub bucket_key_enabled: bool,
}

/// `GetBucketVersioning`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioning {
    /// `Status` is `Enabled` (`Suspended` or never set: false).
    pub enabled: bool,
    /// `MFADelete` is `Enabled`.
    pub mfa_delete: bool,
}

/// `GetBucketLogging` target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logging {
    /// `TargetBucket`.
    pub target_bucket: String,
    /// `TargetPrefix`.
    #[serde(default)]
    pub target_prefix: String,
}

/// An S3 general purpose bucket.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// Bucket name.
    pub name: String,
    /// `CreationDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<DateTime<Utc>>,
    /// ACL grants.
    pub acl_grants: Value<Vec<Grant>>,
    /// Bucket policy (`None`: no policy).
    pub policy: Value<Option<PolicyDocument>>,
    /// `GetBucketPolicyStatus.IsPublic` (AWS's own judgement of the policy).
    pub policy_is_public: Value<bool>,
    /// Bucket public access block (`None`: not configured).
    pub public_access_block: Value<Option<PublicAccessBlock>>,
    /// Default encryption (`None`: not configured).
    pub encryption: Value<Option<Encryption>>,
    /// Versioning and MFA delete.
    pub versioning: Value<Versioning>,
    /// Server access logging (`None`: off).
    pub logging: Value<Option<Logging>>,
    /// `ObjectOwnership` (`BucketOwnerEnforced` disables ACLs); `None`: not set.
    pub object_ownership: Value<Option<String>>,
}
