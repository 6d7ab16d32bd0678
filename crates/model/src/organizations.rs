//! AWS Organizations, seen from the scanned account: membership, service control policies,
//! delegated administrators, and IAM's centralized root access.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Value;

/// `FeatureSet` of an organization with every feature enabled.
pub const ALL_FEATURES: &str = "ALL";

/// The AWS managed SCP attached everywhere by default; it allows everything.
pub const FULL_AWS_ACCESS: &str = "p-FullAWSAccess";

/// The account's place in AWS Organizations.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Organization {
    /// 12-digit account id of the scanned account.
    pub account_id: String,
    /// `DescribeOrganization`; `None` when the account is in no organization
    /// (`AWSOrganizationsNotInUseException`).
    pub membership: Value<Option<Membership>>,
    /// The service control policies (`ListPolicies` `SERVICE_CONTROL_POLICY`) with their
    /// targets (`ListTargetsForPolicy`): readable from the management account or a delegated
    /// administrator only.
    pub scps: Value<Vec<Scp>>,
    /// Delegated administrator account ids per service principal
    /// (`ListDelegatedAdministrators`, `ServicePrincipal` filter), for the principals checked.
    pub delegated_administrators: BTreeMap<String, Value<Vec<String>>>,
    /// `iam:ListOrganizationsFeatures` `EnabledFeatures` (`RootCredentialsManagement`,
    /// `RootSessions`).
    pub root_access_features: Value<Vec<String>>,
    /// The scanned account's parents from the root down (`ListParents` repeated: `r-...`, then
    /// each `ou-...`), the levels at which SCPs must allow. Older snapshots lack it (Unknown).
    pub parent_path: Value<Vec<String>>,
}

/// The organization (`Organization`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Membership {
    /// `Id` (`o-...`).
    pub id: String,
    /// `Arn`.
    pub arn: String,
    /// `FeatureSet`: `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: Value<String>,
    /// `MasterAccountId`: the management account.
    pub management_account_id: String,
}

/// A service control policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scp {
    /// `Id` (`p-...`; `p-FullAWSAccess` for the AWS managed one).
    pub id: String,
    /// `Name`.
    pub name: String,
    /// `AwsManaged`.
    pub aws_managed: bool,
    /// Where it is attached.
    pub targets: Value<Vec<Target>>,
    /// The policy text (`DescribePolicy` `Content`). Older snapshots lack it (Unknown).
    pub document: Value<crate::policy::PolicyDocument>,
}

/// A policy target (`PolicyTargetSummary`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Target {
    /// `TargetId` (`r-...`, `ou-...`, or an account id).
    pub target_id: String,
    /// `Name`.
    pub name: String,
    /// `Type`: `ROOT`, `ORGANIZATIONAL_UNIT`, `ACCOUNT`.
    pub r#type: String,
}
