//! Amazon Athena workgroups (`ListWorkGroups` + `GetWorkGroup`).

use serde::{Deserialize, Serialize};

use crate::Value;

/// An Athena workgroup.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkGroup {
    /// `Name`.
    pub name: String,
    /// `State`: `ENABLED` or `DISABLED`.
    pub state: Value<String>,
    /// `Configuration.EnforceWorkGroupConfiguration`: the workgroup's settings override what
    /// clients ask for (so a client cannot turn result encryption off).
    pub enforce_work_group_configuration: Value<bool>,
    /// `Configuration.ResultConfiguration.EncryptionConfiguration`; `None`: query results
    /// are not encrypted by the workgroup.
    pub result_encryption: Value<Option<ResultEncryption>>,
}

/// `EncryptionConfiguration` of a workgroup's query results.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultEncryption {
    /// `EncryptionOption`: `SSE_S3`, `SSE_KMS` or `CSE_KMS`.
    pub encryption_option: String,
    /// `KmsKey`, for the KMS options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key: Option<String>,
}
