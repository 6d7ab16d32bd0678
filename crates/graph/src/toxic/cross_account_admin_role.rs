//! A role another account may assume without an external id, and that is
//! administrator-equivalent: whoever controls, or tricks, the other account owns this one.
//!
//! The trust policy is decided by the evaluator (`decide`) for each other account it names,
//! with `sts:ExternalId` known absent; the other account's own policies are assumed to allow
//! (they are its owner's to grant) and its SCPs are not ours to see.

use cloudward_model::policy::PolicyDocument;
use cloudward_model::{ResourceKind, Severity, Value};
use cloudward_policy::{decide, Applicable, Context, PolicyKind, PolicyRef, Request, Scps};
use serde_json::{json, Value as Json};

use super::{nodes_of, CombinationMeta, Search, ToxicFinding};
use crate::access::{account_of, is_admin};
use crate::answer::Answer;

pub(crate) const META: CombinationMeta = CombinationMeta {
    id: "toxic-cross-account-trust-no-external-id-admin-role",
    title:
        "Administrator-equivalent role can be assumed from another account without an external id",
    severity: Severity::Critical,
    rationale: "Without an sts:ExternalId condition, anyone the other account lets call \
        sts:AssumeRole, including a vendor's other customers through the vendor (the confused \
        deputy), becomes this account's administrator.",
    remediation:
        "Add `\"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<secret>\"}}` to the \
        trust statement (or require MFA for people), and narrow the role's permissions.",
    references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"],
    frameworks: &["FSBP IAM.1", "CIS AWS v5.0.0 1.16"],
};

/// The account standing for "any other account" when a trust policy names `*`.
const ANY_OTHER_ACCOUNT: &str = "000000000000";

/// The other accounts a trust policy names, as root principal ARNs.
fn others(document: &PolicyDocument, own: &str) -> Vec<String> {
    let mut out = Vec::new();
    for s in document.statements() {
        let names: Vec<&str> = match s.principal {
            Some(Json::String(p)) => vec![p.as_str()],
            Some(Json::Object(m)) => match m.get("AWS") {
                Some(Json::String(p)) => vec![p.as_str()],
                Some(Json::Array(list)) => list.iter().filter_map(Json::as_str).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        for n in names {
            let account = if n == "*" {
                ANY_OTHER_ACCOUNT
            } else if n.len() == 12 && n.bytes().all(|b| b.is_ascii_digit()) {
                n
            } else {
                account_of(n)
            };
            if !account.is_empty() && account != own {
                let arn = format!("arn:aws:iam::{account}:root");
                if !out.contains(&arn) {
                    out.push(arn);
                }
            }
        }
    }
    out
}

fn assumable(role_arn: &str, trust: &PolicyDocument, principal: &str) -> Answer {
    let allow_all =
        PolicyDocument(json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}));
    let applicable = Applicable {
        identity: vec![PolicyRef::new(
            PolicyKind::Identity,
            "the other account's policies (assumed to allow)",
            &allow_all,
        )],
        resource: vec![PolicyRef::new(
            PolicyKind::Resource,
            format!("{role_arn} trust policy"),
            trust,
        )],
        resource_policy_required: true,
        resource_account: Some(account_of(role_arn).to_string()),
        scps: Scps::NotApplicable("the other account's SCPs are not in this inventory".into()),
        ..Default::default()
    };
    let mut context = Context::new();
    context.set_absent("sts:ExternalId");
    context.insert("aws:PrincipalAccount", account_of(principal));
    context.insert("aws:PrincipalArn", principal);
    let request = Request {
        principal: principal.to_string(),
        action: "sts:AssumeRole".into(),
        resource: role_arn.to_string(),
        context,
    };
    match Answer::of(&decide(&request, &applicable)) {
        Answer::Yes(why) => Answer::Yes(format!(
            "account {} can assume it without an external id, {why}",
            account_of(principal)
        )),
        other => other,
    }
}

pub(crate) fn find(s: &Search<'_, '_>) -> Vec<ToxicFinding> {
    let mut out = Vec::new();
    for node in nodes_of(s.graph, ResourceKind::IamRole) {
        let Some(role) = s.graph.resource(node).and_then(|r| r.as_iam_role()) else {
            continue;
        };
        let own = account_of(&role.arn);
        let trust = match &role.assume_role_policy {
            Value::Known(doc) => {
                let principals = others(doc, own);
                if principals.is_empty() {
                    continue;
                }
                Answer::any(principals.iter().map(|p| assumable(&role.arn, doc, p)))
            }
            Value::Unknown(r) => Answer::Maybe(format!("trust policy: {r}")),
        };
        if trust == Answer::No {
            continue;
        }
        let admin = match is_admin(s.evaluator, &role.arn) {
            Answer::Yes(why) => Answer::Yes(format!("administrator-equivalent: {why}")),
            other => other,
        };
        out.extend(s.finding(&META, node, None, vec![trust, admin]));
    }
    out
}
