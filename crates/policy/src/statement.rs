//! One statement against one request: does it apply (yes / no / cannot tell), and if it is
//! in a resource-based policy, how did its `Principal` name the caller.
//! See <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html>.

use cloudward_model::policy::Statement;
use serde_json::Value as Json;

use crate::arn::arn_matches;
use crate::condition;
use crate::context::Context;
use crate::glob::Pattern;
use crate::limits::MAX_CONDITION_VALUES;
use crate::principal::{Principal, PrincipalKind, Via};
use crate::tri::Tri;
use crate::variables::substitute;

/// The request as a statement sees it.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    /// Who.
    pub principal: &'a Principal,
    /// `service:Action`.
    pub action: &'a str,
    /// The resource ARN (or `*`).
    pub resource: &'a str,
    /// The condition keys.
    pub context: &'a Context,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// How one statement relates to the request.
#[derive(Clone, Debug, PartialEq)]
pub struct Applies {
    /// `None` when the effect is neither `Allow` nor `Deny` (the statement could be either).
    pub effect: Option<Effect>,
    /// Whether it applies.
    pub applies: Tri,
    /// How its principal element named the caller (resource-based policies only).
    pub via: Option<Via>,
}

/// Judge one statement. `principal_element` says whether the policy kind carries `Principal`
/// (resource-based policies); `variables` whether policy variables are substituted.
pub fn judge(
    statement: &Statement<'_>,
    subject: Subject<'_>,
    principal_element: bool,
    variables: bool,
) -> Applies {
    let effect = match statement.effect {
        Some("Allow") => Some(Effect::Allow),
        Some("Deny") => Some(Effect::Deny),
        _ => None,
    };
    let mut applies = if effect.is_none() {
        Tri::maybe(format!(
            "statement effect {:?} is neither Allow nor Deny",
            statement.effect.unwrap_or("(none)")
        ))
    } else {
        Tri::Yes
    };
    applies = applies.and(action_matches(statement, subject.action));
    if applies.is_no() {
        return Applies {
            effect,
            applies,
            via: None,
        };
    }
    applies = applies.and(resource_matches(statement, subject, variables));
    if applies.is_no() {
        return Applies {
            effect,
            applies,
            via: None,
        };
    }
    let mut via = None;
    if principal_element {
        let (matched, v) = principal_matches(statement.raw, subject.principal);
        via = v;
        applies = applies.and(matched);
        if applies.is_no() {
            return Applies {
                effect,
                applies,
                via,
            };
        }
    }
    if let Some(block) = statement.condition {
        applies = applies.and(condition::evaluate(block, subject.context, variables));
    }
    Applies {
        effect,
        applies,
        via,
    }
}

fn too_many(element: &str, n: usize) -> Tri {
    Tri::maybe(format!(
        "{element} lists {n} entries, over the cap of {MAX_CONDITION_VALUES}"
    ))
}

/// `Action` / `NotAction`: case-insensitive wildcards.
fn action_matches(s: &Statement<'_>, action: &str) -> Tri {
    let any = |list: &[&str]| {
        list.iter()
            .any(|a| Pattern::wild(a).matches_ignore_case(action))
    };
    if s.raw.get("NotAction").is_some() {
        if s.not_actions.len() > MAX_CONDITION_VALUES {
            return too_many("NotAction", s.not_actions.len());
        }
        Tri::from_bool(!any(&s.not_actions))
    } else {
        if s.actions.len() > MAX_CONDITION_VALUES {
            return too_many("Action", s.actions.len());
        }
        Tri::from_bool(any(&s.actions))
    }
}

/// `Resource` / `NotResource`: ARN wildcards part by part, with policy variables. A statement
/// with neither (a trust policy) applies to the resource the policy is attached to.
fn resource_matches(s: &Statement<'_>, subject: Subject<'_>, variables: bool) -> Tri {
    let (list, negated) = if s.raw.get("NotResource").is_some() {
        (&s.not_resources, true)
    } else if s.raw.get("Resource").is_some() {
        (&s.resources, false)
    } else {
        return Tri::Yes;
    };
    if list.len() > MAX_CONDITION_VALUES {
        return too_many("Resource", list.len());
    }
    let hit =
        Tri::any(
            list.iter()
                .map(|r| match substitute(r, subject.context, variables, true) {
                    Ok(p) => Tri::from_bool(arn_matches(&p, subject.resource)),
                    Err(e) => Tri::maybe(format!("Resource {r}: {e}")),
                }),
        );
    if negated {
        hit.not()
    } else {
        hit
    }
}

/// `Principal` / `NotPrincipal`. A statement with neither names nobody.
fn principal_matches(raw: &Json, principal: &Principal) -> (Tri, Option<Via>) {
    if let Some(element) = raw.get("Principal") {
        let via = principal.matched_by(element);
        (Tri::from_bool(via.is_some()), via)
    } else if let Some(element) = raw.get("NotPrincipal") {
        // Only the principal itself is spared: naming its account spares the account
        // principal alone, naming a role does not spare its sessions (the NotPrincipal page).
        let listed = match principal.matched_by(element) {
            Some(Via::Session | Via::Everyone) => true,
            Some(Via::Named) => !matches!(principal.kind, PrincipalKind::AssumedRole { .. }),
            Some(Via::Account) | None => false,
        };
        (Tri::from_bool(!listed), (!listed).then_some(Via::Everyone))
    } else {
        (Tri::No, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::policy::PolicyDocument;
    use serde_json::json;

    fn judge_action_list(n: usize) -> Tri {
        let actions: Vec<String> = (0..n).map(|i| format!("svc:A{i}")).collect();
        let doc = PolicyDocument(
            json!({"Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}),
        );
        let principal = Principal::parse("arn:aws:iam::111122223333:user/a").expect("principal");
        let context = Context::new();
        let subject = Subject {
            principal: &principal,
            action: "svc:A0",
            resource: "*",
            context: &context,
        };
        judge(&doc.statements()[0], subject, false, true).applies
    }

    #[test]
    fn an_action_list_at_the_cap_is_matched_and_past_it_is_unknown() {
        assert_eq!(judge_action_list(MAX_CONDITION_VALUES), Tri::Yes);
        let past = judge_action_list(MAX_CONDITION_VALUES + 1);
        assert!(past.reasons()[0].contains("over the cap"), "{past:?}");
    }

    #[test]
    fn a_resource_policy_statement_without_principal_names_nobody() {
        let doc = PolicyDocument(
            json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
        );
        let principal = Principal::parse("arn:aws:iam::111122223333:user/a").expect("principal");
        let context = Context::new();
        let subject = Subject {
            principal: &principal,
            action: "s3:GetObject",
            resource: "*",
            context: &context,
        };
        assert_eq!(
            judge(&doc.statements()[0], subject, true, true).applies,
            Tri::No
        );
    }
}
