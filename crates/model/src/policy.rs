//! IAM policy documents (identity, resource and trust policies), with the few questions rules
//! ask of them answered in one place.
//!
//! The document is kept as the JSON AWS returned (URL-decoded), so nothing is lost; the
//! accessors normalise IAM's "string or array" shapes.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// A policy document as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyDocument(pub Json);

/// One statement, normalised.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement<'a> {
    /// `Sid`, if any.
    pub sid: Option<&'a str>,
    /// `Effect` is `Allow`.
    pub allow: bool,
    /// `Action` entries (empty when the statement uses `NotAction`).
    pub actions: Vec<&'a str>,
    /// `NotAction` entries.
    pub not_actions: Vec<&'a str>,
    /// `Resource` entries.
    pub resources: Vec<&'a str>,
    /// `NotResource` entries.
    pub not_resources: Vec<&'a str>,
    /// `Principal` (resource and trust policies), raw.
    pub principal: Option<&'a Json>,
    /// `Condition`, raw.
    pub condition: Option<&'a Json>,
    /// `Effect` as written (`allow` above is only its reading as `Allow`).
    pub effect: Option<&'a str>,
    /// The whole statement as written, for reports and for elements this type does not
    /// normalise (whether `NotAction` is present at all).
    pub raw: &'a Json,
}

fn strings(v: Option<&Json>) -> Vec<&str> {
    match v {
        Some(Json::String(s)) => vec![s.as_str()],
        Some(Json::Array(items)) => items.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

impl PolicyDocument {
    /// Parse a document from text, URL-decoded already.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text).map(PolicyDocument)
    }

    /// `Version`, when given (`2012-10-17`; policy variables need it).
    pub fn version(&self) -> Option<&str> {
        self.0.get("Version").and_then(Json::as_str)
    }

    /// How many statements the document holds (a single object counts as one).
    pub fn statement_count(&self) -> usize {
        match self.0.get("Statement") {
            Some(Json::Array(items)) => items.len(),
            Some(Json::Object(_)) => 1,
            _ => 0,
        }
    }

    /// The statements, normalised; a single statement object counts as a list of one.
    pub fn statements(&self) -> Vec<Statement<'_>> {
        let raw: Vec<&Json> = match self.0.get("Statement") {
            Some(Json::Array(items)) => items.iter().collect(),
            Some(obj @ Json::Object(_)) => vec![obj],
            _ => Vec::new(),
        };
        raw.into_iter()
            .map(|s| Statement {
                sid: s.get("Sid").and_then(Json::as_str),
                allow: s.get("Effect").and_then(Json::as_str) == Some("Allow"),
                actions: strings(s.get("Action")),
                not_actions: strings(s.get("NotAction")),
                resources: strings(s.get("Resource")),
                not_resources: strings(s.get("NotResource")),
                principal: s.get("Principal"),
                condition: s.get("Condition"),
                effect: s.get("Effect").and_then(Json::as_str),
                raw: s,
            })
            .collect()
    }

    /// The statements that allow every action on every resource (`"Action": "*"` or `"*:*"`,
    /// `"Resource": "*"`), the CIS "full administrative privileges" shape. Statements with a
    /// condition still count: a condition narrows who, not what.
    pub fn full_admin_statements(&self) -> Vec<Statement<'_>> {
        self.statements()
            .into_iter()
            .filter(|s| {
                s.allow
                    && s.actions.iter().any(|a| *a == "*" || *a == "*:*")
                    && s.resources.contains(&"*")
            })
            .collect()
    }

    /// Whether some statement denies requests made without TLS: `Effect: Deny`, a condition
    /// `Bool`/`BoolIfExists` `aws:SecureTransport` = `false`, for every principal and for all
    /// S3 actions (`s3:*` or `*`).
    pub fn denies_insecure_transport(&self) -> bool {
        self.statements().into_iter().any(|s| {
            !s.allow
                && s.actions
                    .iter()
                    .any(|a| *a == "*" || a.eq_ignore_ascii_case("s3:*"))
                && principal_is_everyone(s.principal)
                && s.condition.is_some_and(secure_transport_false)
        })
    }

    /// Statements that allow everyone (`"Principal": "*"` or `{"AWS": "*"}`) with no condition
    /// that narrows the caller (a source VPC, account, organisation, IP or ARN).
    pub fn public_allow_statements(&self) -> Vec<Statement<'_>> {
        self.statements()
            .into_iter()
            .filter(|s| {
                s.allow
                    && principal_is_everyone(s.principal)
                    && !s.condition.is_some_and(condition_narrows_principal)
            })
            .collect()
    }
}

/// `"*"` or `{"AWS": "*"}` (or an array holding `"*"`).
pub fn principal_is_everyone(principal: Option<&Json>) -> bool {
    match principal {
        Some(Json::String(s)) => s == "*",
        Some(Json::Object(map)) => map
            .get("AWS")
            .is_some_and(|aws| strings(Some(aws)).contains(&"*")),
        _ => false,
    }
}

fn secure_transport_false(condition: &Json) -> bool {
    ["Bool", "BoolIfExists"].iter().any(|op| {
        condition
            .get(op)
            .and_then(|c| {
                c.as_object().and_then(|m| {
                    m.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("aws:SecureTransport"))
                        .map(|(_, v)| v)
                })
            })
            .is_some_and(|v| match v {
                Json::String(s) => s.eq_ignore_ascii_case("false"),
                Json::Bool(b) => !b,
                Json::Array(items) => items.iter().any(|i| {
                    i.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
                        || i.as_bool() == Some(false)
                }),
                _ => false,
            })
    })
}

/// Condition keys that restrict who can make the call, so that `Principal: *` is not public.
const NARROWING_KEYS: &[&str] = &[
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceip",
    "aws:userid",
    "aws:username",
    "aws:resourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

fn condition_narrows_principal(condition: &Json) -> bool {
    let Some(ops) = condition.as_object() else {
        return false;
    };
    ops.values().any(|keys| {
        keys.as_object().is_some_and(|m| {
            m.iter().any(|(k, v)| {
                NARROWING_KEYS.contains(&k.to_ascii_lowercase().as_str())
                    && !strings(Some(v)).contains(&"*")
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_full_admin_in_a_single_statement_object() {
        let doc = PolicyDocument(json!({
            "Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}
        }));
        assert_eq!(doc.full_admin_statements().len(), 1);
    }

    #[test]
    fn service_wildcard_is_not_full_admin() {
        let doc = PolicyDocument(json!({
            "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]
        }));
        assert!(doc.full_admin_statements().is_empty());
    }

    #[test]
    fn recognises_the_standard_tls_deny() {
        let doc = PolicyDocument(json!({
            "Statement": [{
                "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
            }]
        }));
        assert!(doc.denies_insecure_transport());
    }

    #[test]
    fn tls_deny_for_one_action_only_does_not_count() {
        let doc = PolicyDocument(json!({
            "Statement": [{
                "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:GetObject",
                "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": false}}
            }]
        }));
        assert!(!doc.denies_insecure_transport());
    }

    #[test]
    fn principal_star_with_org_condition_is_not_public() {
        let doc = PolicyDocument(json!({
            "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}
            }]
        }));
        assert!(doc.public_allow_statements().is_empty());
        let open = PolicyDocument(json!({
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "s3:GetObject", "Resource": "*"}]
        }));
        assert_eq!(open.public_allow_statements().len(), 1);
    }
}
