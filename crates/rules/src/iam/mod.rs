//! IAM rules: the root user, the password policy, users' credentials and permissions, managed
//! and inline policies, the AWS Support role and instance roles.
//!
//! Credential ages are measured against `Inventory::collected_at`, never the wall clock, so a
//! snapshot scanned twice gives the same answer; without a collection time they are Unknown.

mod iam_access_keys_rotated_90_days;
mod iam_cloudshell_full_access_restricted;
mod iam_instance_role_attached;
mod iam_no_full_admin_policy_attached;
mod iam_no_privilege_escalation_path;
mod iam_password_policy_complexity;
mod iam_password_policy_minimum_length_14;
mod iam_password_policy_reuse_prevention_24;
mod iam_policy_no_kms_decrypt_on_all_keys;
mod iam_policy_no_service_wildcard_actions;
mod iam_role_cross_account_external_id_or_mfa;
mod iam_role_trust_policy_not_public;
mod iam_role_trust_trusted_accounts_only;
mod iam_role_unused;
mod iam_root_hardware_mfa_enabled;
mod iam_root_mfa_enabled;
mod iam_root_no_access_keys;
mod iam_root_not_used_in_90_days;
mod iam_server_certificate_not_expired;
mod iam_support_role_exists;
mod iam_user_console_mfa_enabled;
mod iam_user_no_initial_access_key;
mod iam_user_one_active_access_key;
mod iam_user_permissions_through_groups;
mod iam_user_unused_credentials_disabled;

use chrono::{DateTime, Utc};
use cloudward_model::{
    iam::{AttachedPolicy, InlinePolicy},
    policy::PolicyDocument,
    Inventory, Resource, ResourceKind, Subject, Value,
};

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
    &iam_user_no_initial_access_key::IamUserNoInitialAccessKey,
    &iam_user_one_active_access_key::IamUserOneActiveAccessKey,
    &iam_access_keys_rotated_90_days::IamAccessKeysRotated90Days,
    &iam_user_permissions_through_groups::IamUserPermissionsThroughGroups,
    &iam_no_full_admin_policy_attached::IamNoFullAdminPolicyAttached,
    &iam_no_privilege_escalation_path::IamNoPrivilegeEscalationPath,
    &iam_policy_no_service_wildcard_actions::IamPolicyNoServiceWildcardActions,
    &iam_policy_no_kms_decrypt_on_all_keys::IamPolicyNoKmsDecryptOnAllKeys,
    &iam_cloudshell_full_access_restricted::IamCloudshellFullAccessRestricted,
    &iam_role_trust_policy_not_public::IamRoleTrustPolicyNotPublic,
    &iam_role_trust_trusted_accounts_only::IamRoleTrustTrustedAccountsOnly,
    &iam_role_cross_account_external_id_or_mfa::IamRoleCrossAccountExternalIdOrMfa,
    &iam_role_unused::IamRoleUnused,
    &iam_server_certificate_not_expired::IamServerCertificateNotExpired,
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
    // `NaiveDate`'s Display is this format, without parsing a strftime pattern per call.
    t.date_naive().to_string()
}

/// The policies a user, group or role holds, for rules that look at all three alike.
pub struct PrincipalPolicies<'a> {
    /// "user alice", "role deployer".
    label: String,
    /// Managed policies attached to it.
    attached: &'a Value<Vec<AttachedPolicy>>,
    /// Its inline policies.
    inline: &'a Value<Vec<InlinePolicy>>,
}

/// The policy name of an AWS managed policy ARN (`arn:<partition>:iam::aws:policy/<name>`),
/// in any partition (`aws`, `aws-cn`, `aws-us-gov`); `None` for any other ARN.
pub(crate) fn aws_managed_name(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let (_partition, rest) = rest.split_once(':')?;
    rest.strip_prefix("iam::aws:policy/")
}

/// The subject of rules over IAM users, groups and roles alike: their policies.
pub struct Principal;

impl Subject for Principal {
    const KINDS: &'static [ResourceKind] = &[
        ResourceKind::IamUser,
        ResourceKind::IamGroup,
        ResourceKind::IamRole,
    ];
    type View<'a> = PrincipalPolicies<'a>;
    fn view(resource: &Resource) -> Option<PrincipalPolicies<'_>> {
        principal_policies(resource)
    }
}

/// A managed policy, or a principal with its own policies.
pub enum PolicyOrPrincipal<'a> {
    Policy(&'a cloudward_model::iam::Policy),
    Principal(PrincipalPolicies<'a>),
}

/// The subject of rules that judge managed policy documents and the principals holding
/// policies (inline or attached) alike.
pub struct PoliciesAndPrincipals;

impl Subject for PoliciesAndPrincipals {
    const KINDS: &'static [ResourceKind] = &[
        ResourceKind::IamPolicy,
        ResourceKind::IamUser,
        ResourceKind::IamGroup,
        ResourceKind::IamRole,
    ];
    type View<'a> = PolicyOrPrincipal<'a>;
    fn view(resource: &Resource) -> Option<PolicyOrPrincipal<'_>> {
        match resource.as_iam_policy() {
            Some(policy) => Some(PolicyOrPrincipal::Policy(policy)),
            None => principal_policies(resource).map(PolicyOrPrincipal::Principal),
        }
    }
}

fn principal_policies(resource: &Resource) -> Option<PrincipalPolicies<'_>> {
    if let Some(u) = resource.as_iam_user() {
        return Some(PrincipalPolicies {
            label: format!("user {}", u.user_name),
            attached: &u.attached_policies,
            inline: &u.inline_policies,
        });
    }
    if let Some(g) = resource.as_iam_group() {
        return Some(PrincipalPolicies {
            label: format!("group {}", g.group_name),
            attached: &g.attached_policies,
            inline: &g.inline_policies,
        });
    }
    resource.as_iam_role().map(|r| PrincipalPolicies {
        label: format!("role {}", r.role_name),
        attached: &r.attached_policies,
        inline: &r.inline_policies,
    })
}

/// Whether an IAM action pattern (`*`, `kms:*`, `kms:De*`, `s3:Get?bject`) covers `action`.
/// IAM compares actions case-insensitively.
///
/// Patterns come from the accounts and code being judged, so the match must not backtrack
/// exponentially (issue 8, defect 7: `*a*a*a*…*b`): this is the greedy two-pointer glob, which
/// only ever returns to the last `*` seen, for O(pattern × action) steps at worst.
fn action_matches(pattern: &str, action: &str) -> bool {
    glob_matches_ignore_case(pattern.as_bytes(), action.as_bytes())
}

/// `*` (any run, empty included) and `?` (any one byte) glob over bytes, ASCII case-insensitive,
/// in linear space and O(p × t) time.
fn glob_matches_ignore_case(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    // The last `*` seen and the text position it is currently stretched to.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || c.eq_ignore_ascii_case(&text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                // Let the last star swallow one more byte and retry from just after it.
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// "statement 2 (Sid \"Admin\")": how evidence names the `index`-th (0-based) statement.
fn statement_label(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("statement {} (Sid {sid:?})", index + 1),
        None => format!("statement {}", index + 1),
    }
}

/// Labels of the statements of `document` that `offends`, in document order.
fn offending_statements(
    document: &PolicyDocument,
    offends: impl Fn(&cloudward_model::policy::Statement<'_>) -> Option<String>,
) -> Vec<String> {
    document
        .statements()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| offends(s).map(|why| format!("{} {why}", statement_label(i, s.sid))))
        .collect()
}

/// A UTC timestamp from RFC 3339 text, for tests.
#[cfg(test)]
fn ts(text: &str) -> DateTime<Utc> {
    text.parse().expect("test timestamps are valid RFC 3339")
}

#[cfg(test)]
mod tests {
    use super::action_matches;

    #[test]
    fn action_patterns_match_like_iam() {
        assert!(action_matches("*", "kms:Decrypt"));
        assert!(action_matches("kms:*", "kms:Decrypt"));
        assert!(action_matches("KMS:de*", "kms:Decrypt"));
        assert!(action_matches("kms:ReEncrypt*", "kms:ReEncryptFrom"));
        assert!(action_matches("kms:D?crypt", "kms:Decrypt"));
        assert!(!action_matches("kms:Encrypt", "kms:Decrypt"));
        assert!(!action_matches("s3:*", "kms:Decrypt"));
        assert!(!action_matches("kms:Decrypt", "kms:DecryptX"));
        assert!(action_matches("kms:*crypt", "kms:Decrypt"));
        assert!(action_matches("**", ""));
        assert!(!action_matches("?", ""));
        assert!(action_matches("a*b*c", "aXbYc"));
        assert!(!action_matches("a*b*c", "aXbYd"));
        assert!(action_matches("*a*", "bab"));
    }

    /// Issue 8, defect 7: the recursive glob took exponential time on `*a*a*…*b` against a
    /// long run of `a` (this test never finished with it); the two-pointer glob does at most
    /// pattern × text steps.
    #[test]
    fn issue8_many_stars_do_not_backtrack_exponentially() {
        let pattern = format!("{}b", "*a".repeat(40));
        let text = "a".repeat(4_000);
        // 40 stars over 4,000 bytes: the old matcher would not finish in a lifetime.
        assert!(!action_matches(&pattern, &text));
        assert!(action_matches(&pattern, &format!("{text}b")));
    }
}
