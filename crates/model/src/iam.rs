//! IAM: users, groups, roles, managed policies, the root user and the password policy.
//!
//! Field names follow the IAM API (`GetAccountSummary`, the credential report, `ListUsers`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;
use crate::Value;

/// Root user facts: `GetAccountSummary` and the `<root_account>` row of the credential report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RootAccount {
    /// `AccountMFAEnabled` = 1.
    pub mfa_enabled: Value<bool>,
    /// Whether the root MFA is a hardware device (no virtual MFA serial for root).
    pub hardware_mfa_enabled: Value<bool>,
    /// `AccountAccessKeysPresent` = 1.
    pub access_keys_present: Value<bool>,
    /// When the root password was last used (`None`: never / no information).
    pub password_last_used: Value<Option<DateTime<Utc>>>,
    /// When each root access key was last used (`None`: never).
    pub access_key_last_used: Value<Vec<Option<DateTime<Utc>>>>,
}

/// The account password policy; `policy` is `Known(None)` when none is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    /// The policy, `None` when the account has none (`NoSuchEntity`).
    pub policy: Value<Option<PasswordPolicySettings>>,
}

/// `GetAccountPasswordPolicy` fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicySettings {
    /// `MinimumPasswordLength`.
    pub minimum_password_length: Value<u32>,
    /// `PasswordReusePrevention` (`None`: not set).
    pub password_reuse_prevention: Value<Option<u32>>,
    /// `RequireSymbols`.
    pub require_symbols: Value<bool>,
    /// `RequireNumbers`.
    pub require_numbers: Value<bool>,
    /// `RequireUppercaseCharacters`.
    pub require_uppercase_characters: Value<bool>,
    /// `RequireLowercaseCharacters`.
    pub require_lowercase_characters: Value<bool>,
    /// `MaxPasswordAge` in days (`None`: never expires).
    pub max_password_age: Value<Option<u32>>,
}

/// A policy attached by reference (`ListAttached*Policies`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AttachedPolicy {
    /// `PolicyName`.
    pub policy_name: String,
    /// `PolicyArn`.
    pub policy_arn: String,
}

/// An inline policy and its document (`Get*Policy`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InlinePolicy {
    /// `PolicyName`.
    pub policy_name: String,
    /// The decoded policy document.
    pub document: Value<PolicyDocument>,
}

/// An MFA device (`ListMFADevices`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaDevice {
    /// `SerialNumber` (an ARN for virtual devices).
    pub serial_number: String,
    /// `EnableDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_date: Option<DateTime<Utc>>,
}

/// Whether an access key can be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessKeyStatus {
    /// Usable.
    Active,
    /// Disabled.
    Inactive,
}

/// An access key (`ListAccessKeys`, `GetAccessKeyLastUsed`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKey {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `Status`.
    pub status: AccessKeyStatus,
    /// `CreateDate`.
    pub create_date: Value<DateTime<Utc>>,
    /// `AccessKeyLastUsed.LastUsedDate` (`None`: never used).
    pub last_used_date: Value<Option<DateTime<Utc>>>,
}

/// An IAM user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// `UserName`.
    pub user_name: String,
    /// `Arn`.
    pub arn: String,
    /// `CreateDate`.
    pub create_date: Value<DateTime<Utc>>,
    /// Whether the user has a console password (`password_enabled` in the credential report).
    pub password_enabled: Value<bool>,
    /// `PasswordLastUsed` (`None`: never).
    pub password_last_used: Value<Option<DateTime<Utc>>>,
    /// MFA devices.
    pub mfa_devices: Value<Vec<MfaDevice>>,
    /// Access keys.
    pub access_keys: Value<Vec<AccessKey>>,
    /// Managed policies attached directly to the user.
    pub attached_policies: Value<Vec<AttachedPolicy>>,
    /// Inline policies.
    pub inline_policies: Value<Vec<InlinePolicy>>,
    /// Group names the user belongs to.
    pub groups: Value<Vec<String>>,
    /// `PermissionsBoundary.PermissionsBoundaryArn` (`GetUser`; `None`: no boundary). Older
    /// snapshots lack it and read as Unknown, so the policy evaluator cannot claim an Allow
    /// that a boundary might have removed.
    #[serde(default)]
    pub permissions_boundary: Value<Option<String>>,
}

/// An IAM group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// `GroupName`.
    pub group_name: String,
    /// `Arn`.
    pub arn: String,
    /// Attached managed policies.
    pub attached_policies: Value<Vec<AttachedPolicy>>,
    /// Inline policies.
    pub inline_policies: Value<Vec<InlinePolicy>>,
}

/// An IAM role.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// `RoleName`.
    pub role_name: String,
    /// `Arn`.
    pub arn: String,
    /// `Path` (`/aws-service-role/` for service-linked roles).
    pub path: String,
    /// `AssumeRolePolicyDocument`.
    pub assume_role_policy: Value<PolicyDocument>,
    /// Attached managed policies.
    pub attached_policies: Value<Vec<AttachedPolicy>>,
    /// Inline policies.
    pub inline_policies: Value<Vec<InlinePolicy>>,
    /// `CreateDate`.
    #[serde(default)]
    pub create_date: Value<DateTime<Utc>>,
    /// `RoleLastUsed.LastUsedDate` (`None`: not used in IAM's tracking period, 400 days).
    #[serde(default)]
    pub last_used: Value<Option<DateTime<Utc>>>,
    /// `PermissionsBoundary.PermissionsBoundaryArn` (`GetRole`; `None`: no boundary). Older
    /// snapshots lack it and read as Unknown.
    #[serde(default)]
    pub permissions_boundary: Value<Option<String>>,
    /// The instance profiles holding this role, sorted, as the account's instances name
    /// them: ARNs live (`InstanceProfileList`, returned by the same
    /// `GetAccountAuthorizationDetails`), the names references resolve to in Terraform. What
    /// ties an EC2 instance to the role it runs as. Older snapshots and CloudFormation lack
    /// it and read as Unknown.
    #[serde(default)]
    pub instance_profiles: Value<Vec<String>>,
}

/// Who a managed policy is attached to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "name", rename_all = "snake_case")]
pub enum PolicyAttachment {
    /// A user name.
    User(String),
    /// A group name.
    Group(String),
    /// A role name.
    Role(String),
}

/// A managed policy (customer managed; AWS managed ones where a rule needs them, e.g.
/// `AWSSupportAccess`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// `PolicyName`.
    pub policy_name: String,
    /// `Arn`.
    pub arn: String,
    /// Whether AWS manages this policy (`arn:aws:iam::aws:policy/...`).
    pub aws_managed: bool,
    /// The default version's document.
    pub document: Value<PolicyDocument>,
    /// Principals the policy is attached to (`ListEntitiesForPolicy`).
    pub attachments: Value<Vec<PolicyAttachment>>,
}

/// A server certificate stored in IAM (`ListServerCertificates`), the legacy alternative to
/// ACM for load balancers and CloudFront.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerCertificate {
    /// `ServerCertificateName`.
    pub name: String,
    /// `Arn`.
    pub arn: String,
    /// `Expiration`.
    pub expiration: Value<DateTime<Utc>>,
}
