//! IAM rules: the root user, the password policy, users' credentials and permissions, managed
//! and inline policies, the AWS Support role and instance roles.
//!
//! Credential ages are measured against `Inventory::collected_at`, never the wall clock, so a
//! snapshot scanned twice gives the same answer; without a collection time they are Unknown.

mod iam_access_keys_rotated_90_days;
mod iam_instance_role_attached;
mod iam_no_full_admin_policy_attached;
mod iam_password_policy_complexity;
mod iam_password_policy_minimum_length_14;
mod iam_password_policy_reuse_prevention_24;
mod iam_root_hardware_mfa_enabled;
mod iam_root_mfa_enabled;
mod iam_root_no_access_keys;
mod iam_root_not_used_in_90_days;
mod iam_support_role_exists;
mod iam_user_console_mfa_enabled;
mod iam_user_one_active_access_key;
mod iam_user_permissions_through_groups;
mod iam_user_unused_credentials_disabled;

use chrono::{DateTime, Utc};
use cloudward_model::Inventory;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &iam_root_no_access_keys::IamRootNoAccessKeys,
    &iam_root_mfa_enabled::IamRootMfaEnabled,
    &iam_root_hardware_mfa_enabled::IamRootHardwareMfaEnabled,
    &iam_root_not_used_in_90_days::IamRootNotUsedIn90Days,
    &iam_password_policy_minimum_length_14::IamPasswordPolicyMinimumLength14,
    &iam_password_policy_reuse_prevention_24::IamPasswordPolicyReusePrevention24,
    &iam_password_policy_complexity::IamPasswordPolicyComplexity,
    &iam_user_console_mfa_enabled::IamUserConsoleMfaEnabled,
    &iam_user_unused_credentials_disabled::IamUserUnusedCredentialsDisabled,
    &iam_user_one_active_access_key::IamUserOneActiveAccessKey,
    &iam_access_keys_rotated_90_days::IamAccessKeysRotated90Days,
    &iam_user_permissions_through_groups::IamUserPermissionsThroughGroups,
    &iam_no_full_admin_policy_attached::IamNoFullAdminPolicyAttached,
    &iam_support_role_exists::IamSupportRoleExists,
    &iam_instance_role_attached::IamInstanceRoleAttached,
];

/// The moment ages are measured from: the inventory's collection time. Rules must not read the
/// wall clock (a re-scanned snapshot would drift), so a missing time makes ages Unknown.
fn collected_at(inventory: &Inventory) -> Result<DateTime<Utc>, String> {
    inventory.collected_at.ok_or_else(|| {
        "the inventory records no collection time, so credential ages cannot be measured"
            .to_string()
    })
}

/// Whole days from `then` to `now`; negative when `then` is later (clock skew).
fn age_days(now: DateTime<Utc>, then: DateTime<Utc>) -> i64 {
    (now - then).num_days()
}

/// A date as evidence shows it (`2026-11-23`).
fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// A UTC timestamp from RFC 3339 text, for tests.
#[cfg(test)]
fn ts(text: &str) -> DateTime<Utc> {
    text.parse().expect("test timestamps are valid RFC 3339")
}
