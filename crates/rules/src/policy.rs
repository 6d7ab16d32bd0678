//! Resource-policy questions shared by the rules over resource and trust policies (KMS key
//! policies, secret policies and role trust policies speak the same language): which statements are public, which accounts a
//! statement grants to, and the verdict on grants to accounts outside the scanned account and
//! `settings.trusted_accounts`.
//!
//! Public statements reuse the S3 bucket-policy analysis
//! ([`PolicyDocument::public_allow_statements`]: `Principal` `*` with no condition narrowing
//! the caller) and add `kms:CallerAccount`, the condition key AWS managed key policies use.

use std::collections::BTreeSet;

use cloudward_model::policy::{principal_is_everyone, PolicyDocument, Statement};
use cloudward_model::{Evidence, Inventory, Outcome, Resource, Settings};
use serde_json::Value as Json;

/// Condition keys that pin the caller to accounts, beyond the shared list.
const ACCOUNT_KEYS: &[&str] = &[
    "aws:principalaccount",
    "kms:calleraccount",
    "aws:sourceaccount",
];
/// Condition keys whose values are ARNs that name the caller's account.
const ARN_KEYS: &[&str] = &["aws:principalarn", "aws:sourcearn"];

/// A string or list-of-strings JSON value, as strings.
pub(crate) fn strings(v: Option<&Json>) -> Vec<&str> {
    match v {
        Some(Json::String(s)) => vec![s.as_str()],
        Some(Json::Array(items)) => items.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The values of condition keys (any operator) among `keys`, lower-cased key names.
fn condition_values<'a>(condition: Option<&'a Json>, keys: &[&str]) -> Vec<&'a str> {
    let Some(ops) = condition.and_then(Json::as_object) else {
        return Vec::new();
    };
    ops.values()
        .filter_map(Json::as_object)
        .flat_map(|m| m.iter())
        .filter(|(k, _)| keys.contains(&k.to_ascii_lowercase().as_str()))
        .flat_map(|(_, v)| strings(Some(v)))
        .collect()
}

/// The account of an ARN (`arn:aws:iam::111122223333:role/x` → `111122223333`).
fn arn_account(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Statements (with their index) that allow everyone with no condition narrowing the caller.
pub(crate) fn public_statements(doc: &PolicyDocument) -> Vec<(usize, Statement<'_>)> {
    let public = doc.public_allow_statements();
    doc.statements()
        .into_iter()
        .enumerate()
        .filter(|(_, s)| public.contains(s))
        .filter(|(_, s)| {
            condition_values(s.condition, &["kms:calleraccount"])
                .iter()
                .all(|v| *v == "*")
        })
        .collect()
}

/// "statement 1 (Sid)" for evidence.
pub(crate) fn label(index: usize, s: &Statement<'_>) -> String {
    match s.sid {
        Some(sid) if !sid.is_empty() => format!("statement {index} ({sid})"),
        _ => format!("statement {index}"),
    }
}

/// The actions of a statement as evidence shows them.
pub(crate) fn actions(s: &Statement<'_>) -> String {
    if s.actions.is_empty() {
        format!("every action except {}", s.not_actions.join(", "))
    } else {
        s.actions.join(", ")
    }
}

/// Who an `Allow` statement grants to, in accounts.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Grantees {
    /// Accounts named by the principal (ids, ARNs) or, for `Principal: *`, by an account or
    /// ARN condition.
    pub accounts: BTreeSet<String>,
    /// `Principal: *` with no condition naming accounts: any account (an organisation, VPC or
    /// IP condition still admits other accounts).
    pub any_account: bool,
}

/// The accounts an `Allow` statement grants to (service and federated principals are not
/// accounts and are left out).
pub(crate) fn grantees(s: &Statement<'_>) -> Grantees {
    let mut g = Grantees::default();
    if !s.allow {
        return g;
    }
    if principal_is_everyone(s.principal) {
        let named: Vec<&str> = condition_values(s.condition, ACCOUNT_KEYS)
            .into_iter()
            .chain(
                condition_values(s.condition, ARN_KEYS)
                    .into_iter()
                    .filter_map(arn_account),
            )
            .filter(|v| *v != "*")
            .collect();
        if named.is_empty() {
            g.any_account = true;
        }
        g.accounts.extend(named.into_iter().map(str::to_string));
        return g;
    }
    let aws = match s.principal {
        Some(Json::Object(map)) => strings(map.get("AWS")),
        Some(Json::String(p)) => vec![p.as_str()],
        _ => Vec::new(),
    };
    for p in aws {
        if is_account_id(p) {
            g.accounts.insert(p.to_string());
        } else if let Some(account) = arn_account(p) {
            g.accounts.insert(account.to_string());
        }
    }
    g
}

/// The account a resource belongs to: its ARN's account field, else the resource's account,
/// else the inventory's. `None` in infrastructure code, where the account is not declared.
pub(crate) fn own_account<'a>(
    arn: &'a str,
    resource: &'a Resource,
    inventory: &'a Inventory,
) -> Option<&'a str> {
    arn_account(arn)
        .or(resource.account.as_deref())
        .or(inventory.account_id.as_deref())
}

/// The verdict on `grants` (statement label, grantees) of `what` ("kms:*", "access"): Fail
/// when one reaches an account that is neither the resource's own nor trusted. When the own
/// account is unknown (code), one untrusted account may be it: Unknown, saying how to decide;
/// two or more cannot all be it: Fail.
pub(crate) fn judge_grants(
    grants: &[(String, Grantees)],
    own: Option<&str>,
    settings: &Settings,
    attribute: &'static str,
    what: &str,
) -> Outcome {
    let mut failures = Vec::new();
    let mut untrusted: BTreeSet<&str> = BTreeSet::new();
    for (label, g) in grants {
        if g.any_account {
            failures.push(format!("{label} allows {what} to any AWS account"));
        }
        for account in &g.accounts {
            if settings.is_trusted(account, own) {
                continue;
            }
            if own.is_some() {
                failures.push(format!(
                    "{label} allows {what} to account {account}, which is not in trusted_accounts"
                ));
            } else {
                untrusted.insert(account);
            }
        }
    }
    if untrusted.len() >= 2 {
        let list: Vec<&str> = untrusted.iter().copied().collect();
        failures.push(format!(
            "the policy allows {what} to accounts {}, none of them in trusted_accounts (at most \
             one can be the resource's own account)",
            list.join(", ")
        ));
    }
    if !failures.is_empty() {
        return Outcome::Fail(Evidence::at(attribute, failures.join("; ")));
    }
    if let Some(account) = untrusted.first() {
        return Outcome::unknown(format!(
            "the policy allows {what} to account {account}; the resource's own account is not \
             known here (infrastructure code), so whether {account} is another account cannot \
             be told: list it in trusted_accounts in cloudward.toml if it is yours"
        ));
    }
    Outcome::Pass(Evidence::at(
        attribute,
        format!("no statement allows {what} to an account outside this one and trusted_accounts"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn first(doc: &PolicyDocument) -> Grantees {
        grantees(&doc.statements()[0])
    }

    #[test]
    fn grantees_from_principals_and_conditions() {
        let doc = PolicyDocument(json!({"Statement": [{"Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666",
                                  "arn:aws:iam::777788889999:role/r"]},
            "Action": "kms:*", "Resource": "*"}]}));
        assert_eq!(
            first(&doc).accounts.into_iter().collect::<Vec<_>>(),
            ["111122223333", "444455556666", "777788889999"]
        );
        let narrowed = PolicyDocument(json!({"Statement": {"Effect": "Allow", "Principal": "*",
            "Action": "kms:*", "Resource": "*",
            "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}}));
        let g = first(&narrowed);
        assert!(!g.any_account);
        assert!(g.accounts.contains("111122223333"));
        assert!(public_statements(&narrowed).is_empty());
        let org = PolicyDocument(json!({"Statement": {"Effect": "Allow", "Principal": "*",
            "Action": "kms:*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}}));
        assert!(first(&org).any_account);
        assert!(public_statements(&org).is_empty());
        let service = PolicyDocument(json!({"Statement": {"Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:*", "Resource": "*"}}));
        assert_eq!(first(&service), Grantees::default());
    }

    #[test]
    fn unknown_own_account_decides_only_when_it_can() {
        let settings = Settings::default();
        let one = |a: &str| Grantees {
            accounts: [a.to_string()].into(),
            any_account: false,
        };
        let grants = vec![("statement 0".to_string(), one("111122223333"))];
        let outcome = judge_grants(&grants, None, &settings, "policy", "kms:*");
        assert_eq!(outcome.status(), cloudward_model::Status::Unknown);
        assert_eq!(
            judge_grants(&grants, Some("111122223333"), &settings, "policy", "kms:*").status(),
            cloudward_model::Status::Pass
        );
        let two = vec![
            ("statement 0".to_string(), one("111122223333")),
            ("statement 1".to_string(), one("444455556666")),
        ];
        assert_eq!(
            judge_grants(&two, None, &settings, "policy", "kms:*").status(),
            cloudward_model::Status::Fail
        );
        let trusted = Settings {
            trusted_accounts: vec!["444455556666".into()],
            ..Default::default()
        };
        assert_eq!(
            judge_grants(&two, Some("111122223333"), &trusted, "policy", "kms:*").status(),
            cloudward_model::Status::Pass
        );
    }
}
