//! IAM Identity Center (`sso-admin:ListInstances`), for the whole account.

use serde::{Deserialize, Serialize};

use crate::Value;

/// The Identity Center instances the account can see, over every collected region (an
/// instance lives in one region).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instances {
    /// 12-digit account id.
    pub account_id: String,
    /// The instances found; Unknown when none was found and a region could not be read.
    pub instances: Value<Vec<Instance>>,
}

/// One instance (`InstanceMetadata`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instance {
    /// `InstanceArn`.
    pub instance_arn: String,
    /// `IdentityStoreId`.
    pub identity_store_id: String,
    /// `OwnerAccountId`.
    pub owner_account_id: String,
    /// `Status`: `CREATE_IN_PROGRESS`, `DELETE_IN_PROGRESS`, `ACTIVE`.
    pub status: String,
    /// The region it was found in.
    pub region: String,
}
