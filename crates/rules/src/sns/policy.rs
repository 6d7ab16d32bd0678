//! Resource-policy questions the SNS and SQS rules share: which statements make a topic or
//! queue public, and which accounts a policy lets in. Kept here (SNS and SQS only) so that
//! services added in parallel do not collide on one shared module. Labels, action lists and
//! string values come from [`crate::policy`]; the account analysis here still differs from
//! its `grantees` (it also reads `NotPrincipal` and principals written in code).

use cloudward_model::policy::{principal_is_everyone, PolicyDocument};
use cloudward_model::{Evidence, Inventory, Outcome, Resource, Source, Value};
use serde_json::Value as Json;

use crate::policy::{actions, label, strings};

/// Whether raw statement `i` of `doc` is an `Allow` with a `NotPrincipal` (everyone but the
/// principals named: as public as `*`).
fn allows_not_principal(doc: &PolicyDocument, i: usize) -> bool {
    let raw: Vec<&Json> = match doc.0.get("Statement") {
        Some(Json::Array(items)) => items.iter().collect(),
        Some(obj @ Json::Object(_)) => vec![obj],
        _ => Vec::new(),
    };
    raw.get(i).is_some_and(|s| {
        s.get("NotPrincipal").is_some() && s.get("Effect").and_then(Json::as_str) == Some("Allow")
    })
}

/// The statements that allow everyone with no condition narrowing the caller, described.
pub(crate) fn public_statements(doc: &PolicyDocument) -> Vec<String> {
    let public = doc.public_allow_statements();
    doc.statements()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            if public.contains(s) {
                Some(format!("{} allows {} to everyone", label(i, s), actions(s)))
            } else if allows_not_principal(doc, i) {
                Some(format!(
                    "{} allows {} to everyone but its NotPrincipal",
                    label(i, s),
                    actions(s)
                ))
            } else {
                None
            }
        })
        .collect()
}

/// Judge "the policy grants no access to everyone" for a topic or queue (`what`).
pub(crate) fn judge_public(policy: &Value<Option<PolicyDocument>>, what: &str) -> Outcome {
    let doc = match policy.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(None) => {
            return Outcome::Pass(Evidence::at(
                "policy",
                format!("the {what} has no access policy (only its owner account has access)"),
            ))
        }
        Ok(Some(doc)) => doc,
    };
    let public = public_statements(doc);
    if public.is_empty() {
        Outcome::Pass(Evidence::at(
            "policy",
            format!("no statement of the {what} policy allows access to everyone"),
        ))
    } else {
        Outcome::Fail(Evidence::at("policy", public.join("; ")))
    }
}

/// Who one principal value names.
enum Principal {
    /// A 12-digit account (from an ARN or written bare).
    Account(String),
    /// Every account.
    Everyone,
    /// A principal of the same code (an unresolved reference in Terraform), or a deleted
    /// principal AWS shows by its unique id: no other account.
    Own,
    /// Could not tell.
    Unknown(String),
}

fn account_of(value: &str, from_code: bool) -> Principal {
    if value == "*" {
        return Principal::Everyone;
    }
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Principal::Account(value.to_string());
    }
    if let Some(rest) = value.strip_prefix("arn:") {
        // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
        return match rest.split(':').nth(3) {
            Some(a) if a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()) => {
                Principal::Account(a.to_string())
            }
            Some("*") => Principal::Everyone,
            _ => Principal::Unknown(format!("cannot tell the account of principal {value}")),
        };
    }
    // AWS replaces a deleted principal by its unique id (AIDA..., AROA...): it grants no one.
    if value.len() >= 16
        && value.starts_with('A')
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Principal::Own;
    }
    if from_code {
        // `aws_iam_role.publisher.arn`: a principal declared in the same configuration.
        return Principal::Own;
    }
    Principal::Unknown(format!("cannot tell the account of principal {value}"))
}

/// Condition keys whose values name the calling account (directly or in an ARN).
const ACCOUNT_KEYS: &[&str] = &[
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:principalaccount",
    "aws:sourcearn",
    "aws:principalarn",
];

/// Condition keys that confine callers to the organisation: the organisation is the trust
/// boundary, whatever its member accounts.
const ORG_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

/// The accounts an `Allow` statement with `Principal: *` is narrowed to by its condition,
/// `None` when nothing names accounts (the statement is open to every account).
fn condition_accounts(condition: Option<&Json>) -> Option<Vec<&str>> {
    let ops = condition?.as_object()?;
    let mut accounts = Vec::new();
    let mut narrowed = false;
    for (op, keys) in ops {
        // Negated operators (StringNotEquals, ArnNotLike) do not narrow to the values.
        if op.contains("Not") {
            continue;
        }
        let Some(keys) = keys.as_object() else {
            continue;
        };
        for (key, values) in keys {
            let key = key.to_ascii_lowercase();
            let values = strings(Some(values));
            if values.is_empty() || values.contains(&"*") {
                continue;
            }
            if ORG_KEYS.contains(&key.as_str()) {
                return Some(Vec::new());
            }
            if ACCOUNT_KEYS.contains(&key.as_str()) {
                narrowed = true;
                accounts.extend(values);
            }
        }
    }
    narrowed.then_some(accounts)
}

/// Judge "the policy lets in no account outside the trusted list" for a topic or queue.
pub(crate) fn judge_trusted_accounts(
    policy: &Value<Option<PolicyDocument>>,
    resource: &Resource,
    inventory: &Inventory,
    what: &str,
) -> Outcome {
    let doc = match policy.get() {
        Err(reason) => return Outcome::unknown(reason),
        Ok(None) => {
            return Outcome::Pass(Evidence::at(
                "policy",
                format!("the {what} has no access policy, so no other account has access"),
            ))
        }
        Ok(Some(doc)) => doc,
    };
    let from_code = matches!(resource.source, Source::File(_));
    let own = inventory
        .account_id
        .as_deref()
        .or(resource.account.as_deref());
    let settings = &inventory.settings;
    let mut outside = Vec::new();
    let mut unknown = Vec::new();
    for (i, s) in doc.statements().iter().enumerate() {
        if !s.allow {
            continue;
        }
        let mut names: Vec<Principal> = Vec::new();
        if allows_not_principal(doc, i) {
            names.push(Principal::Everyone);
        }
        match s.principal {
            Some(p) if principal_is_everyone(Some(p)) => match condition_accounts(s.condition) {
                None => names.push(Principal::Everyone),
                // An ARN pattern with `*` for the account narrows nothing (Everyone).
                Some(accounts) => names.extend(accounts.into_iter().map(|a| account_of(a, false))),
            },
            Some(Json::Object(map)) => {
                for aws in strings(map.get("AWS")) {
                    names.push(account_of(aws, from_code));
                }
            }
            // A bare principal string other than `*` (an account id or ARN, as some
            // emulators and older Lambda policies write it) names that account; it must not
            // be skipped as if it granted no one.
            Some(Json::String(other)) => names.push(account_of(other, from_code)),
            _ => {}
        }
        for name in names {
            match name {
                Principal::Everyone => outside.push(format!(
                    "{} allows {} to every AWS account",
                    label(i, s),
                    actions(s)
                )),
                Principal::Account(a) => {
                    if settings.is_trusted(&a, own) {
                        continue;
                    }
                    if own.is_none() {
                        unknown.push(format!(
                            "{} allows account {a}, which is not in trusted_accounts; whether \
                             it is the account this code deploys to is not known",
                            label(i, s)
                        ));
                    } else {
                        outside.push(format!(
                            "{} allows {} to account {a}, which is not trusted",
                            label(i, s),
                            actions(s)
                        ));
                    }
                }
                Principal::Own => {}
                Principal::Unknown(why) => unknown.push(format!("{}: {why}", label(i, s))),
            }
        }
    }
    if !outside.is_empty() {
        outside.sort();
        outside.dedup();
        return Outcome::Fail(Evidence::at("policy", outside.join("; ")));
    }
    if !unknown.is_empty() {
        return Outcome::unknown(unknown.join("; "));
    }
    Outcome::Pass(Evidence::at(
        "policy",
        format!("the {what} policy allows no account outside the scanned and trusted accounts"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::{Settings, Status};
    use serde_json::json;

    fn judge(doc: Json, settings: Settings) -> Status {
        let mut inventory = Inventory::new();
        inventory.account_id = Some("123456789012".into());
        inventory.settings = settings;
        let r = cloudward_model::test_support::resource(
            "t",
            cloudward_model::Attributes::SnsTopic(Default::default()),
        );
        judge_trusted_accounts(
            &Value::Known(Some(PolicyDocument(doc))),
            &r,
            &inventory,
            "topic",
        )
        .status()
    }

    #[test]
    fn accounts_are_judged_against_the_trusted_list() {
        let other = json!({"Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sns:Publish", "Resource": "*"}]});
        assert_eq!(judge(other.clone(), Settings::default()), Status::Fail);
        let trusted = Settings {
            trusted_accounts: vec!["999999999999".into()],
            ..Default::default()
        };
        assert_eq!(judge(other, trusted), Status::Pass);
        let own = json!({"Statement": {"Effect": "Allow",
            "Principal": {"AWS": ["123456789012"]}, "Action": "sns:Publish", "Resource": "*"}});
        assert_eq!(judge(own, Settings::default()), Status::Pass);
        let bare = json!({"Statement": [{"Effect": "Allow",
            "Principal": "999999999999", "Action": "lambda:InvokeFunction", "Resource": "*"}]});
        assert_eq!(judge(bare, Settings::default()), Status::Fail);
    }

    #[test]
    fn a_wildcard_principal_is_judged_by_its_condition() {
        let narrowed = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish",
            "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "999999999999"}}}]});
        assert_eq!(judge(narrowed, Settings::default()), Status::Fail);
        let own = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish",
            "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:us-east-1:123456789012:x"}}}]});
        assert_eq!(judge(own, Settings::default()), Status::Pass);
        let org = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish",
            "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]});
        assert_eq!(judge(org, Settings::default()), Status::Pass);
        let open = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*"}]});
        assert_eq!(judge(open, Settings::default()), Status::Fail);
    }

    #[test]
    fn not_principal_allows_are_public_and_unreadable_principals_unknown() {
        let doc = PolicyDocument(json!({"Statement": [{"Effect": "Allow",
            "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sqs:*", "Resource": "*"}]}));
        assert_eq!(public_statements(&doc).len(), 1);
        let odd = json!({"Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "someone"}, "Action": "sns:Publish", "Resource": "*"}]});
        assert_eq!(judge(odd, Settings::default()), Status::Unknown);
    }
}
