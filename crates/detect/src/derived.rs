//! Derived facts about a CloudTrail request: fields under `cloudward.` that no log carries but
//! that rules need to tell a real exposure from a safe one (a bucket policy with
//! `Principal: "*"` limited to the organisation is not public).
//!
//! The facts are computed only when a rule asks for one of these fields, from the request
//! members that carry resource policies and grants. The work is bounded: a policy document
//! longer than [`MAX_POLICY_BYTES`] or with more than [`MAX_STATEMENTS`] statements is not
//! evaluated; `cloudward.policy_public` then says `unknown` and `cloudward.policy_unevaluated`
//! names the member and the cap, so a rule never claims what was not checked.
//!
//! | field | values |
//! |---|---|
//! | `cloudward.policy_public` | `true` (an Allow statement grants to everyone without a limiting condition), `ip_limited` (only a network condition, `aws:SourceIp`, limits it), `unknown` (a policy could not be evaluated), `false`; absent when the request carries no resource policy |
//! | `cloudward.foreign_accounts` | every 12-digit account the request grants to that is neither the event's `recipientAccountId` (or the caller's account when that is absent) nor in the `%trusted_accounts%` placeholder of the rule set; absent when none |
//! | `cloudward.service_call` | `true` when an AWS service made the call on someone's behalf (`userIdentity.invokedBy` set, identity type `AWSService`, or `sourceIPAddress` a service name ending in `.amazonaws.com` or `AWS Internal`), else `false` |
//! | `cloudward.policy_unevaluated` | why a policy in the request was not evaluated (member, size or count against its cap); absent otherwise |
//!
//! Trusted accounts: the engine passes the values of the `%trusted_accounts%` placeholder
//! (`cloudward.toml` `[detect]`) to the conditions of rules that name
//! `cloudward.foreign_accounts`; everywhere else (correlation `group-by`, `fieldref`,
//! [`crate::Event::field`]) the field leaves out only the event's own account.
//!
//! Known imprecision (documented rather than guessed): a Deny statement cancels the public
//! Allow statements only when it denies every action (`*` or `service:*`) to `*` under a
//! negated condition on one of the limiting keys; its `Resource` is not compared. S3
//! replication names a destination account only when `Destination.Account` is given.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::Value;

use crate::event::Event;

/// Largest policy document (its JSON text) evaluated. AWS caps resource policies well below
/// this (S3 20 KiB, KMS 32 KiB, IAM trust policies 4 KiB).
pub const MAX_POLICY_BYTES: usize = 64 * 1024;

/// Most statements of one policy evaluated; more makes the policy `unknown`.
pub const MAX_STATEMENTS: usize = 1_000;

/// Paths under this prefix are derived facts of CloudTrail events.
pub const PREFIX: &str = "cloudward.";

/// The derived field names, all under `cloudward.`; a rule naming another `cloudward.` field
/// is rejected at load time.
pub const FIELDS: [&str; 4] = [
    POLICY_PUBLIC,
    FOREIGN_ACCOUNTS,
    SERVICE_CALL,
    POLICY_UNEVALUATED,
];

const POLICY_PUBLIC: &str = "cloudward.policy_public";
pub(crate) const FOREIGN_ACCOUNTS: &str = "cloudward.foreign_accounts";
const SERVICE_CALL: &str = "cloudward.service_call";
const POLICY_UNEVALUATED: &str = "cloudward.policy_unevaluated";

/// Request members that hold a resource or trust policy, as a JSON object or a JSON string.
/// Identity policies (`PutUserPolicy`'s `policyDocument`) have no `Principal` and so add
/// nothing.
const POLICY_MEMBERS: [&str; 10] = [
    "requestParameters.bucketPolicy",             // S3 PutBucketPolicy
    "requestParameters.policy", // KMS PutKeyPolicy/CreateKey, EFS, S3 access points, Backup
    "requestParameters.policy.policy", // Glacier SetVaultAccessPolicy
    "requestParameters.policyText", // ECR SetRepositoryPolicy
    "requestParameters.resourcePolicy", // Secrets Manager PutResourcePolicy
    "requestParameters.attributes.Policy", // SQS SetQueueAttributes / CreateQueue
    "requestParameters.policyDocument", // IAM UpdateAssumeRolePolicy
    "requestParameters.assumeRolePolicyDocument", // IAM CreateRole
    "requestParameters.accessPolicies", // OpenSearch
    "requestParameters.attributeValue", // SNS SetTopicAttributes (attributeName Policy)
];

/// Grants by account id outside policies.
const GRANT_MEMBERS: [&str; 5] = [
    "requestParameters.createVolumePermission.add.items.userId", // EBS ModifySnapshotAttribute
    "requestParameters.launchPermission.add.items.userId",       // EC2 ModifyImageAttribute
    "requestParameters.valuesToAdd", // RDS ModifyDB(Cluster)SnapshotAttribute
    "requestParameters.ReplicationConfiguration.Rule.Destination.Account", // S3 PutBucketReplication
    "requestParameters.granteePrincipal",                                  // KMS CreateGrant
];

/// Condition keys that restrict who (or from where) may use a grant to `*`.
const LIMITING_KEYS: [&str; 12] = [
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "kms:calleraccount",
];

/// The network key: a limit, but not to known principals.
const NETWORK_KEY: &str = "aws:sourceip";

/// What the engine knows about the organisation when deriving facts.
#[derive(Debug, Default, Clone)]
pub(crate) struct Context {
    /// `%trusted_accounts%`: accounts a grant to is not "foreign".
    pub trusted_accounts: BTreeSet<String>,
}

/// Calls `f` with each value of the derived field `name` (see the module table) until it
/// returns true; returns whether it did. Unknown names have no values.
pub(crate) fn values(
    ev: &Event,
    name: &str,
    ctx: &Context,
    f: &mut dyn FnMut(Option<Cow<'_, str>>) -> bool,
) -> bool {
    let mut emit = |v: &str| f(Some(Cow::Borrowed(v)));
    match name {
        SERVICE_CALL => emit(if service_call(ev) { "true" } else { "false" }),
        POLICY_PUBLIC => match request_policies(ev).public {
            Some(p) => emit(p.as_str()),
            None => false,
        },
        POLICY_UNEVALUATED => request_policies(ev).unevaluated.iter().any(|r| emit(r)),
        FOREIGN_ACCOUNTS => foreign_accounts(ev, ctx).iter().any(|a| emit(a)),
        _ => false,
    }
}

/// Whether an AWS service made the call on a principal's behalf.
fn service_call(ev: &Event) -> bool {
    if ev.field("userIdentity.invokedBy").is_some() {
        return true;
    }
    if ev
        .field("userIdentity.type")
        .is_some_and(|t| t.eq_ignore_ascii_case("AWSService"))
    {
        return true;
    }
    ev.field("sourceIPAddress").is_some_and(|ip| {
        ip.to_ascii_lowercase().ends_with(".amazonaws.com")
            || ip.eq_ignore_ascii_case("AWS Internal")
    })
}

/// How public the policies of a request are, strongest first in [`Public::rank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Public {
    /// No Allow statement grants to everyone unconditionally.
    No,
    /// Public statements are limited by a source network only.
    IpLimited,
    /// A policy could not be evaluated.
    Unknown,
    /// Granted to everyone.
    Yes,
}

impl Public {
    fn as_str(self) -> &'static str {
        match self {
            Public::No => "false",
            Public::IpLimited => "ip_limited",
            Public::Unknown => "unknown",
            Public::Yes => "true",
        }
    }

    fn rank(self) -> u8 {
        match self {
            Public::No => 0,
            Public::IpLimited => 1,
            Public::Unknown => 2,
            Public::Yes => 3,
        }
    }

    fn max(self, other: Public) -> Public {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

/// What a policy document says, as far as these facts go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PolicyFacts {
    pub public: Public,
    /// Account ids named by Allow statements' `AWS` principals.
    pub accounts: Vec<String>,
}

/// The evaluation of every policy in a request.
#[derive(Debug, Default)]
struct RequestPolicies {
    public: Option<Public>,
    accounts: Vec<String>,
    unevaluated: Vec<String>,
}

impl RequestPolicies {
    fn add_public(&mut self, p: Public) {
        self.public = Some(self.public.map_or(p, |q| q.max(p)));
    }
}

fn request_policies(ev: &Event) -> RequestPolicies {
    let mut out = RequestPolicies::default();
    let sns_policy = ev
        .field("requestParameters.attributeName")
        .is_some_and(|n| n.eq_ignore_ascii_case("Policy"));
    for member in POLICY_MEMBERS {
        if member == "requestParameters.attributeValue" && !sns_policy {
            continue;
        }
        ev.values(member, &mut |v| {
            if let Some(text) = v {
                match evaluate_policy(&text) {
                    Ok(Some(facts)) => {
                        out.add_public(facts.public);
                        out.accounts.extend(facts.accounts);
                    }
                    Ok(None) => {}
                    Err(reason) => {
                        out.add_public(Public::Unknown);
                        out.unevaluated.push(format!("{member}: {reason}"));
                    }
                }
            }
            false
        });
    }
    if is_lambda_permission(ev) {
        lambda_permission(ev, &mut out);
    }
    out
}

fn is_lambda_permission(ev: &Event) -> bool {
    ev.field("eventSource")
        .is_some_and(|s| s.eq_ignore_ascii_case("lambda.amazonaws.com"))
        && ev.field("eventName").is_some_and(|n| {
            n.starts_with("AddPermission") || n.starts_with("AddLayerVersionPermission")
        })
}

/// Lambda `AddPermission`: `principal` is `*`, an account, an ARN or a service; the call's own
/// `sourceArn`, `sourceAccount`, `principalOrgID` (`organizationId` for layers) limit a `*`.
fn lambda_permission(ev: &Event, out: &mut RequestPolicies) {
    let Some(principal) = ev.field("requestParameters.principal") else {
        return;
    };
    let limited = [
        "requestParameters.sourceArn",
        "requestParameters.sourceAccount",
        "requestParameters.principalOrgID",
        "requestParameters.organizationId",
    ]
    .iter()
    .any(|m| {
        ev.field(m)
            .is_some_and(|v| !v.trim().is_empty() && v != "*")
    });
    if principal.trim() == "*" {
        out.add_public(if limited { Public::No } else { Public::Yes });
    } else {
        out.add_public(Public::No);
        out.accounts.extend(account_of(&principal));
    }
}

/// The 12-digit account of a principal given as an account id or an ARN.
fn account_of(principal: &str) -> Option<String> {
    let p = principal.trim();
    let is_account = |s: &str| s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit());
    if is_account(p) {
        return Some(p.to_owned());
    }
    let account = p.strip_prefix("arn:")?.split(':').nth(3)?;
    is_account(account).then(|| account.to_owned())
}

fn foreign_accounts(ev: &Event, ctx: &Context) -> Vec<String> {
    let own = ev
        .field("recipientAccountId")
        .or_else(|| ev.field("userIdentity.accountId"));
    let mut granted = request_policies(ev).accounts;
    for member in GRANT_MEMBERS {
        ev.values(member, &mut |v| {
            if let Some(a) = v.as_deref().and_then(account_of) {
                granted.push(a);
            }
            false
        });
    }
    let mut seen = BTreeSet::new();
    granted
        .into_iter()
        .filter(|a| own.as_deref() != Some(a.as_str()) && !ctx.trusted_accounts.contains(a))
        .filter(|a| seen.insert(a.clone()))
        .collect()
}

/// Evaluates one policy document given as JSON text. `Ok(None)`: the text is JSON but not a
/// policy (no `Statement`); `Err`: over a cap or not JSON, with the reason.
pub(crate) fn evaluate_policy(text: &str) -> Result<Option<PolicyFacts>, String> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(format!(
            "policy of {} bytes is over the {MAX_POLICY_BYTES}-byte cap; not evaluated",
            text.len()
        ));
    }
    // serde_json stops at 128 levels of nesting, so hostile depth is an error, not a crash.
    let doc: Value =
        serde_json::from_str(text).map_err(|e| format!("policy is not valid JSON: {e}"))?;
    let Some(statements) = doc.get("Statement") else {
        return Ok(None);
    };
    let statements: Vec<&Value> = match statements {
        Value::Array(list) => list.iter().collect(),
        one => vec![one],
    };
    if statements.len() > MAX_STATEMENTS {
        return Err(format!(
            "policy of {} statements is over the {MAX_STATEMENTS}-statement cap; not evaluated",
            statements.len()
        ));
    }
    let mut public = Public::No;
    let mut accounts = Vec::new();
    let mut deny_limit = None;
    for st in &statements {
        match effect(st) {
            Some(Effect::Allow) => {
                let grants_everyone = st.get("NotPrincipal").is_some()
                    || st.get("Principal").is_some_and(names_everyone);
                if grants_everyone {
                    public = public.max(match condition_limit(st.get("Condition"), false) {
                        Limit::Principal => Public::No,
                        Limit::Network => Public::IpLimited,
                        Limit::None => Public::Yes,
                    });
                }
                if let Some(p) = st.get("Principal") {
                    for_each_aws_principal(p, &mut |s| accounts.extend(account_of(s)));
                }
            }
            Some(Effect::Deny) if denies_everything_to_everyone(st) => {
                let limit = condition_limit(st.get("Condition"), true);
                deny_limit = match (deny_limit, limit) {
                    (_, Limit::Principal) | (Some(Limit::Principal), _) => Some(Limit::Principal),
                    (_, Limit::Network) | (Some(Limit::Network), _) => Some(Limit::Network),
                    (other, Limit::None) => other,
                };
            }
            _ => {}
        }
    }
    if public == Public::Yes || public == Public::IpLimited {
        public = match deny_limit {
            Some(Limit::Principal) => Public::No,
            Some(Limit::Network) => Public::IpLimited,
            _ => public,
        };
    }
    Ok(Some(PolicyFacts { public, accounts }))
}

enum Effect {
    Allow,
    Deny,
}

fn effect(st: &Value) -> Option<Effect> {
    match st.get("Effect")?.as_str()? {
        e if e.eq_ignore_ascii_case("Allow") => Some(Effect::Allow),
        e if e.eq_ignore_ascii_case("Deny") => Some(Effect::Deny),
        _ => None,
    }
}

/// `"*"`, `{"AWS": "*"}`, `{"AWS": [..., "*"]}`, `{"CanonicalUser": "*"}`.
fn names_everyone(principal: &Value) -> bool {
    match principal {
        Value::String(s) => s.trim() == "*",
        Value::Object(m) => m
            .iter()
            .filter(|(k, _)| {
                k.eq_ignore_ascii_case("AWS") || k.eq_ignore_ascii_case("CanonicalUser")
            })
            .any(|(_, v)| strings(v).any(|s| s.trim() == "*")),
        _ => false,
    }
}

fn for_each_aws_principal(principal: &Value, f: &mut dyn FnMut(&str)) {
    match principal {
        Value::Object(m) => {
            for (_, v) in m.iter().filter(|(k, _)| k.eq_ignore_ascii_case("AWS")) {
                strings(v).for_each(&mut *f);
            }
        }
        Value::String(s) => f(s),
        _ => {}
    }
}

/// A string or the strings of a list.
fn strings(v: &Value) -> Box<dyn Iterator<Item = &str> + '_> {
    match v {
        Value::String(s) => Box::new(std::iter::once(s.as_str())),
        Value::Array(a) => Box::new(a.iter().filter_map(Value::as_str)),
        _ => Box::new(std::iter::empty()),
    }
}

/// A Deny of every action (`*` or `service:*`) to `*`: the shape of an "only my organisation"
/// guard statement.
fn denies_everything_to_everyone(st: &Value) -> bool {
    let to_everyone = st.get("Principal").is_some_and(names_everyone);
    let every_action = st
        .get("Action")
        .is_some_and(|a| strings(a).any(|s| s == "*" || s.ends_with(":*")));
    to_everyone && every_action
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    None,
    Network,
    Principal,
}

/// Whether a statement's `Condition` limits who may use it. For an Allow (`negated` false) a
/// positive operator (`StringEquals`, `StringLike`, `ArnLike`, `IpAddress`, ... and their
/// `ForAnyValue:` forms) on a limiting key with no `*`-only or `/0` value limits; for a Deny
/// guard (`negated` true) the negated operators (`StringNotEquals`, `NotIpAddress`, ...) do.
/// `...IfExists` and `ForAllValues:` pass when the key is absent, so they never limit.
fn condition_limit(cond: Option<&Value>, negated: bool) -> Limit {
    let Some(Value::Object(ops)) = cond else {
        return Limit::None;
    };
    let mut limit = Limit::None;
    for (op, keys) in ops {
        let op = op.to_ascii_lowercase();
        if op.starts_with("forallvalues:") || op.ends_with("ifexists") {
            continue;
        }
        let op = op.strip_prefix("foranyvalue:").unwrap_or(&op);
        let is_negated =
            op.starts_with("stringnot") || op.starts_with("arnnot") || op == "notipaddress";
        let known = matches!(
            op,
            "stringequals"
                | "stringequalsignorecase"
                | "stringlike"
                | "arnequals"
                | "arnlike"
                | "ipaddress"
                | "stringnotequals"
                | "stringnotequalsignorecase"
                | "stringnotlike"
                | "arnnotequals"
                | "arnnotlike"
                | "notipaddress"
        );
        if !known || is_negated != negated {
            continue;
        }
        let Value::Object(keys) = keys else { continue };
        for (key, vals) in keys {
            let key = key.to_ascii_lowercase();
            let restrictive = |s: &str| {
                let s = s.trim();
                !s.is_empty() && !s.chars().all(|c| c == '*') && !s.ends_with("/0")
            };
            let mut vals = strings(vals).peekable();
            if vals.peek().is_none() || !vals.all(restrictive) {
                continue;
            }
            if key == NETWORK_KEY {
                if limit == Limit::None {
                    limit = Limit::Network;
                }
            } else if LIMITING_KEYS.contains(&key.as_str()) {
                limit = Limit::Principal;
            }
        }
    }
    limit
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::event::LogKind;

    fn public(policy: &str) -> Public {
        evaluate_policy(policy)
            .expect("evaluates")
            .expect("is a policy")
            .public
    }

    #[test]
    fn principal_star_is_public_in_every_spelling() {
        for p in [
            r#""*""#,
            r#"{"AWS":"*"}"#,
            r#"{"AWS":["arn:aws:iam::111122223333:root","*"]}"#,
            r#"{"CanonicalUser":"*"}"#,
        ] {
            let doc = format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":{p},"Action":"s3:GetObject","Resource":"*"}}]}}"#
            );
            assert_eq!(public(&doc), Public::Yes, "{p}");
        }
    }

    #[test]
    fn statement_may_be_one_object() {
        let doc = r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:*"}}"#;
        assert_eq!(public(doc), Public::Yes);
    }

    #[test]
    fn named_principals_and_services_are_not_public() {
        let doc = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"*"},
            {"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject"}]}"#;
        let facts = evaluate_policy(doc).expect("ok").expect("policy");
        assert_eq!(facts.public, Public::No);
        assert_eq!(facts.accounts, ["444455556666"]);
    }

    #[test]
    fn not_principal_allow_grants_everyone_else() {
        let doc = r#"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"*"}]}"#;
        assert_eq!(public(doc), Public::Yes);
    }

    #[test]
    fn deny_statements_grant_nothing() {
        let doc = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        assert_eq!(public(doc), Public::No);
    }

    #[test]
    fn organisation_and_source_conditions_limit() {
        for cond in [
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}"#,
            r#"{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-abc/r-1/*"]}}"#,
            r#"{"StringEquals":{"AWS:SourceVpce":"vpce-1"}}"#,
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}"#,
            r#"{"StringEquals":{"kms:CallerAccount":"111122223333"}}"#,
        ] {
            let doc = format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":"*","Condition":{cond}}}]}}"#
            );
            assert_eq!(public(&doc), Public::No, "{cond}");
        }
    }

    #[test]
    fn conditions_that_do_not_limit() {
        for cond in [
            // passes when the key is absent (a principal outside any organisation)
            r#"{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}"#,
            r#"{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-abc"}}"#,
            // everyone but one endpoint
            r#"{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}"#,
            // a wildcard value or a /0 network is no limit
            r#"{"StringLike":{"aws:PrincipalOrgID":"*"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","::/0"]}}"#,
            r#"{"Bool":{"aws:SecureTransport":"true"}}"#,
            r#"{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}"#,
        ] {
            let doc = format!(
                r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":"*","Condition":{cond}}}]}}"#
            );
            assert_eq!(public(&doc), Public::Yes, "{cond}");
        }
    }

    #[test]
    fn a_source_ip_condition_is_a_network_limit() {
        let doc = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]}"#;
        assert_eq!(public(doc), Public::IpLimited);
    }

    #[test]
    fn an_organisation_deny_guard_cancels_a_public_allow() {
        let doc = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"},
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}"#;
        assert_eq!(public(doc), Public::No);
        // a guard that denies only one action does not
        let narrow = doc.replace(r#""Action":"s3:*""#, r#""Action":"s3:PutObject""#);
        assert_eq!(public(&narrow), Public::Yes);
    }

    #[test]
    fn caps_and_garbage_are_reported_not_matched() {
        let big = format!(
            r#"{{"Statement":[],"Pad":"{}"}}"#,
            "x".repeat(MAX_POLICY_BYTES)
        );
        assert!(evaluate_policy(&big).expect_err("over cap").contains("cap"));
        assert!(evaluate_policy("{not json").is_err());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(evaluate_policy(&deep).is_err());
        let many = format!(
            r#"{{"Statement":[{}]}}"#,
            vec![r#"{"Effect":"Deny"}"#; MAX_STATEMENTS + 1].join(",")
        );
        assert!(evaluate_policy(&many).is_err());
        assert_eq!(evaluate_policy(r#"{"Version":"2012-10-17"}"#), Ok(None));
    }

    #[test]
    fn accounts_of_principals() {
        assert_eq!(account_of("444455556666").as_deref(), Some("444455556666"));
        assert_eq!(
            account_of("arn:aws:iam::444455556666:role/x").as_deref(),
            Some("444455556666")
        );
        assert_eq!(account_of("s3.amazonaws.com"), None);
        assert_eq!(account_of("arn:aws:iam::*:root"), None);
        assert_eq!(account_of("*"), None);
    }

    fn event(json: &str) -> Event {
        Event::from_json(
            LogKind::CloudTrail,
            Arc::from("t"),
            1,
            json.as_bytes().to_vec(),
        )
        .expect("valid event")
    }

    fn all(ev: &Event, name: &str, ctx: &Context) -> Vec<String> {
        let mut out = Vec::new();
        values(ev, name, ctx, &mut |v| {
            out.extend(v.map(Cow::into_owned));
            false
        });
        out
    }

    #[test]
    fn policy_as_a_json_string_with_escapes() {
        let ev = event(
            r#"{"eventSource":"kms.amazonaws.com","eventName":"PutKeyPolicy","recipientAccountId":"111122223333",
                "requestParameters":{"keyId":"k","policyName":"default",
                "policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"}}"#,
        );
        assert_eq!(all(&ev, POLICY_PUBLIC, &Context::default()), ["true"]);
    }

    #[test]
    fn foreign_accounts_leave_out_own_and_trusted() {
        let ev = event(
            r#"{"eventSource":"ec2.amazonaws.com","eventName":"ModifySnapshotAttribute","recipientAccountId":"111122223333",
                "requestParameters":{"createVolumePermission":{"add":{"items":[{"userId":"111122223333"},{"userId":"444455556666"},{"userId":"777788889999"}]}}}}"#,
        );
        let mut ctx = Context::default();
        assert_eq!(
            all(&ev, FOREIGN_ACCOUNTS, &ctx),
            ["444455556666", "777788889999"]
        );
        ctx.trusted_accounts.insert("777788889999".into());
        assert_eq!(all(&ev, FOREIGN_ACCOUNTS, &ctx), ["444455556666"]);
        assert!(
            all(&ev, POLICY_PUBLIC, &ctx).is_empty(),
            "no policy: absent"
        );
    }

    #[test]
    fn trust_policy_principals_are_grants() {
        let ev = event(
            r#"{"eventSource":"iam.amazonaws.com","eventName":"UpdateAssumeRolePolicy","recipientAccountId":"111122223333",
                "requestParameters":{"roleName":"r","policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\",\"arn:aws:iam::193672423079:root\"]},\"Action\":\"sts:AssumeRole\"}]}"}}"#,
        );
        assert_eq!(
            all(&ev, FOREIGN_ACCOUNTS, &Context::default()),
            ["193672423079"]
        );
        assert_eq!(all(&ev, POLICY_PUBLIC, &Context::default()), ["false"]);
    }

    #[test]
    fn lambda_permission_principal() {
        let public_ev = event(
            r#"{"eventSource":"lambda.amazonaws.com","eventName":"AddPermission20150331v2","recipientAccountId":"111122223333",
                "requestParameters":{"functionName":"f","statementId":"s","action":"lambda:InvokeFunction","principal":"*"}}"#,
        );
        assert_eq!(
            all(&public_ev, POLICY_PUBLIC, &Context::default()),
            ["true"]
        );
        let limited = event(
            r#"{"eventSource":"lambda.amazonaws.com","eventName":"AddPermission20150331v2","recipientAccountId":"111122223333",
                "requestParameters":{"functionName":"f","principal":"*","sourceArn":"arn:aws:s3:::b"}}"#,
        );
        assert_eq!(all(&limited, POLICY_PUBLIC, &Context::default()), ["false"]);
        let foreign = event(
            r#"{"eventSource":"lambda.amazonaws.com","eventName":"AddPermission20150331v2","recipientAccountId":"111122223333",
                "requestParameters":{"functionName":"f","principal":"444455556666"}}"#,
        );
        assert_eq!(
            all(&foreign, FOREIGN_ACCOUNTS, &Context::default()),
            ["444455556666"]
        );
    }

    #[test]
    fn unevaluated_policy_says_why() {
        let big = "x".repeat(MAX_POLICY_BYTES + 1);
        let ev = event(&format!(
            r#"{{"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","requestParameters":{{"bucketPolicy":"{big}"}}}}"#
        ));
        assert_eq!(all(&ev, POLICY_PUBLIC, &Context::default()), ["unknown"]);
        let why = all(&ev, POLICY_UNEVALUATED, &Context::default());
        assert!(
            why[0].starts_with("requestParameters.bucketPolicy: policy of"),
            "{why:?}"
        );
    }

    #[test]
    fn service_calls() {
        let ctx = Context::default();
        let by_service = event(
            r#"{"userIdentity":{"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"}}"#,
        );
        assert_eq!(all(&by_service, SERVICE_CALL, &ctx), ["true"]);
        let from_service = event(
            r#"{"userIdentity":{"type":"AssumedRole"},"sourceIPAddress":"lambda.amazonaws.com"}"#,
        );
        assert_eq!(all(&from_service, SERVICE_CALL, &ctx), ["true"]);
        let internal = event(r#"{"sourceIPAddress":"AWS Internal"}"#);
        assert_eq!(all(&internal, SERVICE_CALL, &ctx), ["true"]);
        let user = event(r#"{"userIdentity":{"type":"IAMUser"},"sourceIPAddress":"203.0.113.10"}"#);
        assert_eq!(all(&user, SERVICE_CALL, &ctx), ["false"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The walker never panics, whatever the text.
        #[test]
        fn policy_walker_never_panics(text in "\\PC{0,300}") {
            let _ = evaluate_policy(&text);
        }

        /// Nor on policy-shaped JSON built from its vocabulary.
        #[test]
        fn policy_walker_never_panics_on_policy_shapes(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "{", "}", "[", "]", ",", ":", "\"Statement\"", "\"Effect\"", "\"Allow\"", "\"Deny\"",
                "\"Principal\"", "\"NotPrincipal\"", "\"*\"", "\"AWS\"", "\"Condition\"",
                "\"StringEquals\"", "\"aws:SourceIp\"", "\"aws:PrincipalOrgID\"", "\"Action\"",
                "\"s3:*\"", "null", "1", "true",
            ]), 0..80)
        ) {
            let text: String = parts.concat();
            let _ = evaluate_policy(&text);
        }
    }
}
