//! Quick answers before the evaluator is asked: which actions a principal's identity
//! policies could allow at all, and whom a role's trust policy could trust. Each only ever
//! says "no" when the evaluator would; any doubt says "maybe".

use cloudward_model::iam::InlinePolicy;
use cloudward_model::Value;

/// The actions a principal's identity policies could allow at all, from their `Allow`
/// statements' `Action` patterns, ignoring resources and conditions: a quick "no" before
/// asking the evaluator about every candidate. Only sound where no resource-based policy
/// can grant the action (see [`screenable`]); any unknown document or `NotAction` allow
/// makes it say "maybe" to everything.
pub(crate) struct Screen {
    pub(crate) everything: bool,
    pub(crate) patterns: Vec<cloudward_policy::Pattern>,
}

impl Screen {
    pub(crate) fn may_allow(&self, action: &str) -> bool {
        self.everything || self.patterns.iter().any(|p| p.matches_ignore_case(action))
    }
}

/// A user's, group's or role's inline and attached policies.
pub(crate) type Holder<'r> = (
    &'r Value<Vec<InlinePolicy>>,
    &'r Value<Vec<cloudward_model::iam::AttachedPolicy>>,
);

/// Whether only identity policies can allow `action`: not `sts:` (trust policies) and not a
/// service whose resources carry policies.
pub(crate) fn screenable(action: &str) -> bool {
    let service = action.split(':').next().unwrap_or_default();
    !matches!(
        service,
        "sts" | "s3" | "kms" | "sns" | "sqs" | "lambda" | "secretsmanager" | "ecr" | "es"
    )
}

/// Whom a role's trust policy names, to skip asking the evaluator about principals it cannot
/// trust. `any`: a wildcard, `NotPrincipal`, an unreadable document or principal element.
pub(crate) struct Trust<'a> {
    pub(crate) role: &'a str,
    any: bool,
    named: Vec<String>,
}

impl Trust<'_> {
    pub(crate) fn of(role: &cloudward_model::iam::Role) -> Trust<'_> {
        let mut t = Trust {
            role: &role.arn,
            any: false,
            named: Vec::new(),
        };
        let Value::Known(doc) = &role.assume_role_policy else {
            t.any = true;
            return t;
        };
        for st in doc.statements() {
            if !st.allow {
                continue;
            }
            if st.raw.get("NotPrincipal").is_some() {
                t.any = true;
            }
            match st.principal {
                Some(serde_json::Value::String(p)) => t.name(p),
                Some(serde_json::Value::Object(map)) => match map.get("AWS") {
                    Some(serde_json::Value::String(p)) => t.name(p),
                    Some(serde_json::Value::Array(list)) => {
                        for p in list {
                            match p.as_str() {
                                Some(p) => t.name(p),
                                None => t.any = true,
                            }
                        }
                    }
                    Some(_) => t.any = true,
                    None => {}
                },
                Some(_) => t.any = true,
                None => {}
            }
        }
        t
    }

    fn name(&mut self, p: &str) {
        if p.contains('*') || p.contains('?') {
            self.any = true;
        } else {
            self.named.push(p.to_ascii_lowercase());
        }
    }

    /// Whether the trust policy may name one of these forms of a principal (its ARN, its
    /// account id, its account root).
    pub(crate) fn may_trust(&self, forms: &[&str]) -> bool {
        self.any
            || forms
                .iter()
                .any(|f| self.named.iter().any(|n| n.eq_ignore_ascii_case(f)))
    }
}
