//! The evaluation logic: which policies must allow, which may grant on their own, and how a
//! deny anywhere wins, following AWS's flow chart.
//!
//! In one account: an explicit deny in any applicable policy denies; every level of the
//! organization path must have an SCP that allows (not for the management account, nor
//! service-linked roles); then a resource-based policy that names the principal grants on its
//! own (for a role ARN it is still limited by the boundary and session policies), or else
//! the identity-based policies must allow and so must the boundary and session policies.
//! Across accounts both sides must allow: the principal's identity-based policies (with its
//! boundary, session policies and SCPs) and the resource-based policy of the other account.
//! KMS key policies and role trust policies must allow even in the same account.
//!
//! See <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html>
//! and <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>.
//!
//! Every layer is answered in three values, so that an Unknown statement decides the outcome
//! exactly when it could change it: an undecidable deny over an Allow is Unknown, over an
//! implicit deny it changes nothing.
//!
//! Choices where the documentation leaves room, each covered by a conformance case:
//! - `"Principal": "*"` in one account counts as naming the caller (a public bucket grants on
//!   its own); for a role it is limited by the boundary and session policies like a role ARN.
//! - `NotPrincipal` spares only the principal itself: its account's ARN spares the account
//!   principal alone, a role ARN does not spare the role's sessions.
//! - A resource whose account is not known is tried both ways; only disagreement is Unknown.
//! - Not modelled: resource control policies, VPC endpoint policies, S3 ACLs and access
//!   points, permission grants (KMS grants), and the root user's exceptions in key policies.

use cloudward_model::policy::PolicyDocument;
use cloudward_model::Value;

use crate::context::Context;
use crate::decision::{DecidingStatement, Decision, PolicyId, PolicyKind, Verdict};
use crate::limits::MAX_STATEMENTS;
use crate::principal::{Principal, PrincipalKind, Via};
use crate::statement::{judge, Effect, Subject};
use crate::tri::Tri;

/// One policy that applies to a request.
#[derive(Clone, Debug)]
pub struct PolicyRef<'a> {
    /// Which policy.
    pub id: PolicyId,
    /// Its document, or why it is not known (not collected, unreadable).
    pub document: Value<&'a PolicyDocument>,
}

impl<'a> PolicyRef<'a> {
    /// A known policy.
    pub fn new(kind: PolicyKind, name: impl Into<String>, document: &'a PolicyDocument) -> Self {
        PolicyRef {
            id: PolicyId {
                kind,
                name: name.into(),
            },
            document: Value::Known(document),
        }
    }

    /// A policy that applies but whose document is not known.
    pub fn unknown(kind: PolicyKind, name: impl Into<String>, reason: impl Into<String>) -> Self {
        PolicyRef {
            id: PolicyId {
                kind,
                name: name.into(),
            },
            document: Value::unknown(reason),
        }
    }
}

/// The SCPs that apply to the principal's account.
#[derive(Clone, Debug)]
pub enum Scps<'a> {
    /// SCPs do not restrict this principal: the account is in no organization, it is the
    /// management account, or the role is service-linked. The text says which.
    NotApplicable(String),
    /// They may apply, but which ones is not known.
    Unknown(String),
    /// One entry per level of the path, root first, the account last: each level must have
    /// an SCP that allows.
    Levels(Vec<ScpLevel<'a>>),
}

/// The SCPs attached at one level (root, OU or account).
#[derive(Clone, Debug)]
pub struct ScpLevel<'a> {
    /// The target id (`r-...`, `ou-...`, account id).
    pub target: String,
    /// The SCPs attached there.
    pub policies: Vec<PolicyRef<'a>>,
}

/// Everything that applies to one request.
#[derive(Clone, Debug)]
pub struct Applicable<'a> {
    /// Identity-based policies of the principal (user, its groups, or the role).
    pub identity: Vec<PolicyRef<'a>>,
    /// The permissions boundary, if the principal has one.
    pub boundary: Option<PolicyRef<'a>>,
    /// Session policies (role sessions); none means no session policy was passed.
    pub session: Vec<PolicyRef<'a>>,
    /// SCPs of the principal's account.
    pub scps: Scps<'a>,
    /// The resource-based policy of the resource, if it has one.
    pub resource: Vec<PolicyRef<'a>>,
    /// Whether the resource-based policy must allow even in one account (KMS key policies,
    /// role trust policies).
    pub resource_policy_required: bool,
    /// The account owning the resource, when known.
    pub resource_account: Option<String>,
}

impl Default for Applicable<'_> {
    fn default() -> Self {
        Applicable {
            identity: Vec::new(),
            boundary: None,
            session: Vec::new(),
            scps: Scps::NotApplicable("no organization".into()),
            resource: Vec::new(),
            resource_policy_required: false,
            resource_account: None,
        }
    }
}

/// One request.
#[derive(Clone, Debug)]
pub struct Request {
    /// The principal's ARN (or a service name, an account id, `*`).
    pub principal: String,
    /// `service:Action`.
    pub action: String,
    /// The resource ARN, or `*` for actions without resource-level permissions.
    pub resource: String,
    /// Condition keys.
    pub context: Context,
}

/// A policy set judged against a request: what it allows, denies, and cannot tell.
#[derive(Debug, Default)]
struct SetEval {
    /// Allow statements that apply, keyed by how they named the principal.
    allow: Vec<(Tri, Option<Via>, DecidingStatement)>,
    /// Deny statements (and statements of unknown effect, which may deny).
    deny: Vec<(Tri, DecidingStatement)>,
    /// Policies whose document is not known.
    unreadable: Vec<String>,
}

impl SetEval {
    /// Whether some statement allows, counting only those whose principal matched through
    /// one of `vias` (`None`: any).
    fn allows(&self, vias: Option<&[Via]>) -> Tri {
        let stmts = Tri::any(self.allow.iter().filter_map(|(t, via, _)| match vias {
            Some(vias) if !via.is_some_and(|v| vias.contains(&v)) => None,
            _ => Some(t.clone()),
        }));
        stmts.or(self.unreadable_tri())
    }

    fn denies(&self) -> Tri {
        Tri::any(self.deny.iter().map(|(t, _)| t.clone())).or(self.unreadable_tri())
    }

    fn unreadable_tri(&self) -> Tri {
        if self.unreadable.is_empty() {
            Tri::No
        } else {
            Tri::Maybe(self.unreadable.clone())
        }
    }
}

fn evaluate_set(policies: &[PolicyRef<'_>], subject: Subject<'_>) -> SetEval {
    let mut out = SetEval::default();
    for policy in policies {
        let doc = match &policy.document {
            Value::Known(d) => *d,
            Value::Unknown(reason) => {
                out.unreadable.push(format!(
                    "{} {} is not known: {reason}",
                    policy.id.kind.label(),
                    policy.id.name
                ));
                continue;
            }
        };
        if doc.statement_count() > MAX_STATEMENTS {
            out.unreadable.push(format!(
                "{} {} has {} statements, over the cap of {MAX_STATEMENTS}",
                policy.id.kind.label(),
                policy.id.name,
                doc.statement_count()
            ));
            continue;
        }
        let variables = doc.version() == Some("2012-10-17");
        let principal_element = policy.id.kind == PolicyKind::Resource;
        for (index, statement) in doc.statements().iter().enumerate() {
            let judged = judge(statement, subject, principal_element, variables);
            if judged.applies.is_no() {
                continue;
            }
            let deciding = DecidingStatement {
                policy: policy.id.clone(),
                index,
                sid: statement.sid.map(str::to_string),
                effect: statement.effect.unwrap_or("(none)").to_string(),
                undecided: judged.applies.reasons().to_vec(),
                statement: statement.raw.clone(),
            };
            match judged.effect {
                Some(Effect::Allow) => out.allow.push((judged.applies, judged.via, deciding)),
                Some(Effect::Deny) => out.deny.push((judged.applies, deciding)),
                None => {
                    out.allow
                        .push((judged.applies.clone(), judged.via, deciding.clone()));
                    out.deny.push((judged.applies, deciding));
                }
            }
        }
    }
    out
}

/// A layer of the decision, for the reasons of an implicit deny or an unknown.
struct Layer {
    what: String,
    answer: Tri,
}

/// Decide one request given the policies that apply to it.
pub fn decide(request: &Request, applicable: &Applicable<'_>) -> Decision {
    let principal = match Principal::parse(&request.principal) {
        Ok(p) => p,
        Err(e) => {
            return Decision {
                verdict: Verdict::Unknown,
                statements: Vec::new(),
                reasons: vec![e],
            }
        }
    };
    decide_for(&principal, request, applicable)
}

/// [`decide`] with the principal already parsed.
pub fn decide_for(
    principal: &Principal,
    request: &Request,
    applicable: &Applicable<'_>,
) -> Decision {
    let subject = Subject {
        principal,
        action: &request.action,
        resource: &request.resource,
        context: &request.context,
    };
    let iam = principal.is_iam();
    let identity = evaluate_set(&applicable.identity, subject);
    let boundary = applicable
        .boundary
        .as_ref()
        .map(|b| evaluate_set(std::slice::from_ref(b), subject));
    let session =
        (!applicable.session.is_empty()).then(|| evaluate_set(&applicable.session, subject));
    let resource = evaluate_set(&applicable.resource, subject);
    let scp_levels: Vec<(String, SetEval)> = match &applicable.scps {
        Scps::Levels(levels) if iam => levels
            .iter()
            .map(|l| (l.target.clone(), evaluate_set(&l.policies, subject)))
            .collect(),
        _ => Vec::new(),
    };

    // Explicit deny, anywhere.
    let mut sets: Vec<&SetEval> = vec![&resource];
    if iam {
        sets.push(&identity);
        sets.extend(boundary.iter());
        sets.extend(session.iter());
        sets.extend(scp_levels.iter().map(|(_, s)| s));
    }
    let deny = Tri::any(sets.iter().map(|s| s.denies()));
    if deny.is_yes() {
        let statements = sets
            .iter()
            .flat_map(|s| s.deny.iter())
            .filter(|(t, _)| t.is_yes())
            .map(|(_, d)| d.clone())
            .collect();
        return Decision {
            verdict: Verdict::ExplicitDeny,
            statements,
            reasons: Vec::new(),
        };
    }

    let mut layers: Vec<Layer> = Vec::new();
    let granted = if iam {
        grant_for_iam(
            principal,
            applicable,
            &identity,
            boundary.as_ref(),
            session.as_ref(),
            &resource,
            &scp_levels,
            &mut layers,
        )
    } else {
        let t = resource.allows(Some(&[Via::Named, Via::Everyone]));
        layers.push(Layer {
            what: format!("no resource-based policy grants {}", principal.arn),
            answer: t.clone(),
        });
        t
    };

    let mut all_sets = sets.clone();
    all_sets.dedup_by(|a, b| std::ptr::eq(*a, *b));
    match (&granted, &deny) {
        (Tri::No, _) => Decision {
            verdict: Verdict::ImplicitDeny,
            statements: Vec::new(),
            reasons: layers
                .into_iter()
                .filter(|l| l.answer.is_no())
                .map(|l| l.what)
                .collect(),
        },
        (Tri::Yes, Tri::No) => Decision {
            verdict: Verdict::Allow,
            statements: all_sets
                .iter()
                .flat_map(|s| s.allow.iter())
                .filter(|(t, _, _)| t.is_yes())
                .map(|(_, _, d)| d.clone())
                .collect(),
            reasons: Vec::new(),
        },
        _ => {
            let mut reasons: Vec<String> = granted.reasons().to_vec();
            reasons.extend(deny.reasons().iter().cloned());
            reasons.sort();
            reasons.dedup();
            let mut statements: Vec<DecidingStatement> = all_sets
                .iter()
                .flat_map(|s| {
                    // What allows (decided or not) and what may deny: the reader sees
                    // which statements an answer to the open questions would settle.
                    s.allow.iter().map(|(_, _, d)| d.clone()).chain(
                        s.deny
                            .iter()
                            .filter(|(t, _)| matches!(t, Tri::Maybe(_)))
                            .map(|(_, d)| d.clone()),
                    )
                })
                .collect();
            statements.dedup();
            Decision {
                verdict: Verdict::Unknown,
                statements,
                reasons,
            }
        }
    }
}

/// Whether the allow side holds for an IAM principal, recording each layer.
#[allow(clippy::too_many_arguments)] // the layers of the flow chart, named at the one call site
fn grant_for_iam(
    principal: &Principal,
    applicable: &Applicable<'_>,
    identity: &SetEval,
    boundary: Option<&SetEval>,
    session: Option<&SetEval>,
    resource: &SetEval,
    scp_levels: &[(String, SetEval)],
    layers: &mut Vec<Layer>,
) -> Tri {
    let scp = match &applicable.scps {
        Scps::NotApplicable(_) => Tri::Yes,
        Scps::Unknown(reason) => Tri::maybe(format!("the SCPs that apply are not known: {reason}")),
        Scps::Levels(_) => Tri::all(scp_levels.iter().map(|(target, set)| {
            let t = set.allows(None);
            layers.push(Layer {
                what: format!("no service control policy attached to {target} allows"),
                answer: t.clone(),
            });
            t
        })),
    };
    let root = principal.kind == PrincipalKind::Root;
    let identity_ok = if root {
        Tri::Yes
    } else {
        identity.allows(None)
    };
    let boundary_ok = boundary.map_or(Tri::Yes, |b| b.allows(None));
    let session_ok = session.map_or(Tri::Yes, |s| s.allows(None));
    let chain = identity_ok
        .clone()
        .and(boundary_ok.clone())
        .and(session_ok.clone());
    let resource_any = if applicable.resource.is_empty() {
        Tri::No
    } else {
        resource.allows(None)
    };

    // Same account: a resource policy naming the principal grants on its own; for a role
    // (not its session) the boundary and session policies still limit it.
    let named = resource.allows(Some(&[Via::Named, Via::Everyone]));
    let alone = match principal.kind {
        PrincipalKind::Role | PrincipalKind::AssumedRole { .. } => resource
            .allows(Some(&[Via::Session]))
            .or(named.and(boundary_ok.clone()).and(session_ok.clone())),
        _ => named,
    };
    let required = if applicable.resource_policy_required {
        resource_any.clone()
    } else {
        Tri::Yes
    };
    let same_account_grant = required.clone().and(alone.clone().or(chain.clone()));
    let cross_account_grant = resource_any.clone().and(chain.clone());

    let same = match (&principal.account, &applicable.resource_account) {
        (Some(p), Some(r)) => Tri::from_bool(p == r),
        _ => Tri::maybe(format!(
            "whether {} is in the account of the resource is not known",
            principal.arn
        )),
    };
    // Not Kleene here: when the account is not known, both readings are tried, and
    // only their disagreement is Unknown.
    let grant = match &same {
        Tri::Yes => same_account_grant.clone(),
        Tri::No => cross_account_grant,
        Tri::Maybe(_) => match (&same_account_grant, &cross_account_grant) {
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            (Tri::No, Tri::No) => Tri::No,
            _ => same
                .clone()
                .and(same_account_grant.clone().or(cross_account_grant)),
        },
    };

    // The reasons an implicit deny gives: each layer that said no, in flow-chart order.
    let resource_policies = !applicable.resource.is_empty();
    let mut layer = |what: &str, answer: Tri| {
        layers.push(Layer {
            what: what.to_string(),
            answer,
        })
    };
    if applicable.resource_policy_required {
        layer(
            "the resource-based policy (key policy or trust policy) does not allow",
            resource_any.clone(),
        );
    }
    if same.is_no() {
        layer(
            "cross-account access needs the resource-based policy to allow",
            resource_any,
        );
        layer("no identity-based policy allows", identity_ok);
        layer("the permissions boundary does not allow", boundary_ok);
        layer("the session policy does not allow", session_ok);
    } else {
        // A grant by the resource-based policy alone makes the identity side moot.
        let moot = alone.clone();
        layer(
            if resource_policies {
                "no identity-based policy allows and the resource-based policy does not grant the principal"
            } else {
                "no identity-based policy allows"
            },
            moot.clone().or(identity_ok),
        );
        layer(
            "the permissions boundary does not allow",
            moot.clone().or(boundary_ok),
        );
        layer("the session policy does not allow", moot.or(session_ok));
    }
    scp.and(grant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(action: &str) -> Request {
        Request {
            principal: "arn:aws:iam::111122223333:user/alice".into(),
            action: action.into(),
            resource: "*".into(),
            context: Context::new(),
        }
    }

    fn with_statements(n: usize) -> PolicyDocument {
        let statements: Vec<_> = (0..n)
            .map(
                |i| json!({"Effect": "Allow", "Action": format!("svc:Action{i}"), "Resource": "*"}),
            )
            .collect();
        PolicyDocument(json!({"Version": "2012-10-17", "Statement": statements}))
    }

    fn decide_with(doc: &PolicyDocument, action: &str) -> Decision {
        let applicable = Applicable {
            identity: vec![PolicyRef::new(PolicyKind::Identity, "p", doc)],
            resource_account: Some("111122223333".into()),
            ..Default::default()
        };
        decide(&request(action), &applicable)
    }

    #[test]
    fn a_policy_at_the_statement_cap_is_read() {
        let doc = with_statements(MAX_STATEMENTS);
        let last = format!("svc:Action{}", MAX_STATEMENTS - 1);
        assert_eq!(decide_with(&doc, &last).verdict, Verdict::Allow);
    }

    #[test]
    fn a_policy_past_the_statement_cap_is_unknown_and_named() {
        let doc = with_statements(MAX_STATEMENTS + 1);
        let d = decide_with(&doc, "svc:Action0");
        assert_eq!(d.verdict, Verdict::Unknown);
        assert!(
            d.reasons[0].contains("identity-based policy p has 1001 statements"),
            "{d:?}"
        );
    }

    #[test]
    fn an_unknown_policy_cannot_turn_an_implicit_deny_into_anything_else() {
        let applicable = Applicable {
            identity: vec![PolicyRef::unknown(
                PolicyKind::Identity,
                "p",
                "AccessDenied",
            )],
            boundary: Some(PolicyRef::unknown(
                PolicyKind::PermissionsBoundary,
                "b",
                "not collected",
            )),
            resource_account: Some("111122223333".into()),
            ..Default::default()
        };
        let d = decide(&request("s3:GetObject"), &applicable);
        assert_eq!(
            d.verdict,
            Verdict::Unknown,
            "the identity policy might allow"
        );
        let no_identity = Applicable {
            boundary: Some(PolicyRef::unknown(
                PolicyKind::PermissionsBoundary,
                "b",
                "not collected",
            )),
            resource_account: Some("111122223333".into()),
            ..Default::default()
        };
        assert_eq!(
            decide(&request("s3:GetObject"), &no_identity).verdict,
            Verdict::ImplicitDeny
        );
    }

    #[test]
    fn a_statement_of_unknown_effect_counts_both_ways() {
        let doc = PolicyDocument(
            json!({"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}),
        );
        let d = decide_with(&doc, "s3:GetObject");
        assert_eq!(d.verdict, Verdict::Unknown);
        assert!(d
            .reasons
            .iter()
            .any(|r| r.contains("neither Allow nor Deny")));
    }

    #[test]
    fn a_principal_that_cannot_be_read_is_unknown() {
        let d = decide(
            &Request {
                principal: "alice".into(),
                ..request("s3:GetObject")
            },
            &Applicable::default(),
        );
        assert_eq!(d.verdict, Verdict::Unknown);
    }
}
