//! Systems Manager Parameter Store parameters (`DescribeParameters`: metadata only; parameter
//! values are never read).

use serde::{Deserialize, Serialize};

use crate::Value;

/// `Type` of an encrypted parameter.
pub const SECURE_STRING: &str = "SecureString";

/// A parameter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Parameter {
    /// `Name` (with its path, `/app/db/password`).
    pub name: String,
    /// For code: why the name is not known statically (then `name` holds the address).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_unresolved: Option<String>,
    /// `ARN` (live only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub arn: String,
    /// `Type`: `String`, `StringList` or `SecureString`.
    pub r#type: Value<String>,
    /// `Tier`: `Standard`, `Advanced` or `Intelligent-Tiering`.
    pub tier: Value<String>,
    /// `KeyId` of a `SecureString` (`alias/aws/ssm` by default); `None` for other types.
    pub key_id: Value<Option<String>>,
    /// `DataType`: `text`, `aws:ec2:image`, `aws:ssm:integration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
}
