//! Who makes a request, and how the `Principal` / `NotPrincipal` element of a resource-based
//! policy names them.
//! See <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>.

use serde::Serialize;
use serde_json::Value as Json;

use crate::arn::{account_of, is_account_id, partition_of};

/// The kind of a requesting principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum PrincipalKind {
    /// The account's root user (`arn:aws:iam::111122223333:root`).
    Root,
    /// An IAM user.
    User,
    /// Any session of an IAM role, named by the role ARN.
    Role,
    /// One session of a role (`arn:aws:sts::111122223333:assumed-role/Name/session`).
    AssumedRole {
        /// The role's ARN (without its path, which the session ARN does not carry).
        role_arn: String,
    },
    /// A federated user session (`sts:GetFederationToken`).
    FederatedUser,
    /// An AWS service principal (`lambda.amazonaws.com`).
    Service,
    /// An anonymous caller (`*`).
    Anonymous,
}

/// A requesting principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Principal {
    /// The ARN (or the service name, or `*`).
    pub arn: String,
    /// The account, for IAM principals.
    pub account: Option<String>,
    /// What it is.
    pub kind: PrincipalKind,
}

/// How a `Principal` element matched the request's principal. The distinction matters in
/// one account: a policy that names the principal (or everyone) grants on its own, one that
/// names only the account delegates to the account's identity-based policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The account (`"AWS": "111122223333"` or its root ARN).
    Account,
    /// Everyone (`"*"` or `{"AWS": "*"}`), or everyone but a `NotPrincipal` list.
    Everyone,
    /// The user, role, service, federated or canonical principal by name.
    Named,
    /// The role session's own ARN.
    Session,
}

impl Principal {
    /// Read a principal from its ARN, a 12-digit account id (its root), a service name
    /// (`s3.amazonaws.com`) or `*`.
    pub fn parse(text: &str) -> Result<Principal, String> {
        let t = text.trim();
        if t == "*" {
            return Ok(Principal {
                arn: "*".into(),
                account: None,
                kind: PrincipalKind::Anonymous,
            });
        }
        if is_account_id(t) {
            return Ok(Principal {
                arn: format!("arn:aws:iam::{t}:root"),
                account: Some(t.into()),
                kind: PrincipalKind::Root,
            });
        }
        if !t.starts_with("arn:") {
            if t.ends_with(".amazonaws.com") || t.ends_with(".amazonaws.com.cn") {
                return Ok(Principal {
                    arn: t.into(),
                    account: None,
                    kind: PrincipalKind::Service,
                });
            }
            return Err(format!(
                "{t} is not a principal ARN, account id or service name"
            ));
        }
        let account = account_of(t)
            .filter(|a| is_account_id(a))
            .ok_or_else(|| format!("{t} has no account id"))?
            .to_string();
        let resource = t.splitn(6, ':').nth(5).unwrap_or_default();
        let service = t.split(':').nth(2).unwrap_or_default();
        let kind = match (service, resource) {
            ("iam", "root") => PrincipalKind::Root,
            ("iam", r) if r.starts_with("user/") => PrincipalKind::User,
            ("iam", r) if r.starts_with("role/") => PrincipalKind::Role,
            ("sts", r) if r.starts_with("assumed-role/") => {
                let name = r
                    .split('/')
                    .nth(1)
                    .filter(|n| !n.is_empty())
                    .ok_or_else(|| format!("{t} names no role"))?;
                let partition = partition_of(t).unwrap_or("aws");
                PrincipalKind::AssumedRole {
                    role_arn: format!("arn:{partition}:iam::{account}:role/{name}"),
                }
            }
            ("sts", r) if r.starts_with("federated-user/") => PrincipalKind::FederatedUser,
            _ => return Err(format!("{t} is not a user, role, role session or root ARN")),
        };
        Ok(Principal {
            arn: t.into(),
            account: Some(account),
            kind,
        })
    }

    /// Whether this principal is an IAM identity of an account (identity policies,
    /// boundaries and SCPs apply to it).
    pub fn is_iam(&self) -> bool {
        !matches!(self.kind, PrincipalKind::Service | PrincipalKind::Anonymous)
    }

    /// How `element` (a `Principal` value) names this principal, `None` when it does not.
    pub fn matched_by(&self, element: &Json) -> Option<Via> {
        match element {
            Json::String(s) if s == "*" => Some(Via::Everyone),
            Json::Object(map) => map
                .iter()
                .flat_map(|(kind, values)| {
                    strings(values)
                        .into_iter()
                        .filter_map(move |v| self.matches_one(kind, v))
                })
                .max(),
            _ => None,
        }
    }

    fn matches_one(&self, kind: &str, value: &str) -> Option<Via> {
        match kind {
            "AWS" => {
                if value == "*" {
                    return Some(Via::Everyone);
                }
                if !self.is_iam() {
                    return None;
                }
                let account = self.account.as_deref()?;
                let root = value
                    .strip_prefix("arn:")
                    .and_then(|_| value.strip_suffix(":root"))
                    .and_then(|v| v.rsplit(':').next());
                if value == account || root == Some(account) {
                    return Some(if self.kind == PrincipalKind::Root {
                        Via::Named
                    } else {
                        Via::Account
                    });
                }
                if value == self.arn {
                    return Some(match self.kind {
                        PrincipalKind::AssumedRole { .. } => Via::Session,
                        _ => Via::Named,
                    });
                }
                match &self.kind {
                    PrincipalKind::AssumedRole { role_arn } if value == role_arn => {
                        Some(Via::Named)
                    }
                    // A role with a path: the session ARN drops it, the policy keeps it.
                    PrincipalKind::AssumedRole { role_arn } if same_role(value, role_arn) => {
                        Some(Via::Named)
                    }
                    _ => None,
                }
            }
            "Service" => (self.kind == PrincipalKind::Service
                && value.eq_ignore_ascii_case(&self.arn))
            .then_some(Via::Named),
            "Federated" | "CanonicalUser" => (value == self.arn).then_some(Via::Named),
            _ => None,
        }
    }
}

/// `arn:aws:iam::1:role/path/Name` and `arn:aws:iam::1:role/Name` name the same role.
fn same_role(with_path: &str, without: &str) -> bool {
    let name = |arn: &str| arn.rsplit('/').next().map(str::to_string);
    let prefix = |arn: &str| arn.split(":role/").next().map(str::to_string);
    with_path.contains(":role/")
        && name(with_path) == name(without)
        && prefix(with_path) == prefix(without)
}

fn strings(v: &Json) -> Vec<&str> {
    match v {
        Json::String(s) => vec![s.as_str()],
        Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_principal_forms() {
        let user = Principal::parse("arn:aws:iam::111122223333:user/alice").expect("user");
        assert_eq!(user.kind, PrincipalKind::User);
        let session =
            Principal::parse("arn:aws:sts::111122223333:assumed-role/App/s1").expect("session");
        assert_eq!(
            session.kind,
            PrincipalKind::AssumedRole {
                role_arn: "arn:aws:iam::111122223333:role/App".into()
            }
        );
        assert_eq!(
            Principal::parse("111122223333").expect("root").kind,
            PrincipalKind::Root
        );
        assert_eq!(
            Principal::parse("lambda.amazonaws.com").expect("svc").kind,
            PrincipalKind::Service
        );
        assert!(Principal::parse("alice").is_err());
    }

    #[test]
    fn principal_elements_say_how_they_match() {
        let user = Principal::parse("arn:aws:iam::111122223333:user/alice").expect("user");
        assert_eq!(user.matched_by(&json!("*")), Some(Via::Everyone));
        assert_eq!(
            user.matched_by(&json!({"AWS": "111122223333"})),
            Some(Via::Account)
        );
        assert_eq!(
            user.matched_by(&json!({"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/alice"]})),
            Some(Via::Named)
        );
        assert_eq!(user.matched_by(&json!({"AWS": "444455556666"})), None);
        assert_eq!(
            user.matched_by(&json!({"Service": "ec2.amazonaws.com"})),
            None
        );
        let svc = Principal::parse("ec2.amazonaws.com").expect("svc");
        assert_eq!(
            svc.matched_by(&json!({"Service": ["ec2.amazonaws.com"]})),
            Some(Via::Named)
        );
        assert_eq!(svc.matched_by(&json!({"AWS": "111122223333"})), None);
    }

    #[test]
    fn a_session_matches_its_role_with_or_without_path() {
        let s = Principal::parse("arn:aws:sts::111122223333:assumed-role/App/s1").expect("session");
        assert_eq!(
            s.matched_by(&json!({"AWS": "arn:aws:iam::111122223333:role/team/App"})),
            Some(Via::Named)
        );
        assert_eq!(
            s.matched_by(&json!({"AWS": "arn:aws:sts::111122223333:assumed-role/App/s1"})),
            Some(Via::Session)
        );
    }
}
