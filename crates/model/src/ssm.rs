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

/// Systems Manager's view of the region's fleet: the managed nodes
/// (`DescribeInstanceInformation`) and their patch and association compliance
/// (`ListResourceComplianceSummaries`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fleet {
    /// The managed nodes.
    pub managed_instances: Value<Vec<ManagedInstance>>,
    /// `ComplianceType` `Patch`: one summary per resource.
    pub patch_compliance: Value<Vec<ComplianceSummary>>,
    /// `ComplianceType` `Association`: one summary per resource.
    pub association_compliance: Value<Vec<ComplianceSummary>>,
}

/// A managed node (`InstanceInformation`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagedInstance {
    /// `InstanceId` (`i-...` for EC2, `mi-...` for hybrid nodes).
    pub instance_id: String,
    /// `PingStatus`: `Online`, `ConnectionLost`, `Inactive`.
    pub ping_status: String,
}

/// A resource's compliance summary (`ResourceComplianceSummaryItem`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplianceSummary {
    /// `ResourceId`.
    pub resource_id: String,
    /// `Status`: `COMPLIANT` or `NON_COMPLIANT`.
    pub status: String,
    /// `NonCompliantSummary.NonCompliantCount`.
    pub non_compliant_count: i64,
}

/// An SSM document owned by the account (`ListDocuments` `Owner=Self`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    /// `Name`.
    pub name: String,
    /// `DocumentType`: `Command`, `Automation`, ...
    pub document_type: String,
    /// `DescribeDocumentPermission` `Share` `AccountIds`: `all` means public.
    pub shared_with: Value<Vec<String>>,
}

/// The account id that shares a document with everyone.
pub const SHARED_WITH_ALL: &str = "all";
