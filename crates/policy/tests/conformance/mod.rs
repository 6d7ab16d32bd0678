//! The conformance suite: cases taken from the AWS documentation's policy evaluation logic,
//! element and condition-operator pages, each citing the page (and example) it comes from.
//! Every case names the expected verdict and, where the page says which statement decides,
//! the deciding statements.

mod boundaries;
mod conditions;
mod cross_account;
mod elements;
mod logic;
mod scps;
mod variables;

use cloudward_model::policy::PolicyDocument;
use cloudward_policy::{
    decide, Applicable, Context, PolicyKind, PolicyRef, Request, ScpLevel, Scps, Verdict,
};
use serde_json::{json, Value as Json};

pub const ACCOUNT: &str = "111122223333";
pub const OTHER: &str = "444455556666";
pub const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
pub const ROLE: &str = "arn:aws:iam::111122223333:role/app";
pub const BUCKET: &str = "arn:aws:s3:::amzn-s3-demo-bucket";
pub const OBJECT: &str = "arn:aws:s3:::amzn-s3-demo-bucket/report.csv";

pub const EVAL: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html";
pub const DENYALLOW: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html";
pub const CROSS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html";
pub const BOUNDARIES: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html";
pub const SCP_EVAL: &str = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html";
pub const SCP_EXAMPLES: &str = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html";
pub const OPERATORS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
pub const MULTI: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";
pub const VARIABLES: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";
pub const NOTPRINCIPAL: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";
pub const NOTACTION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html";
pub const NOTRESOURCE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html";
pub const PRINCIPAL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
pub const RESOURCE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html";
pub const ACTION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";
pub const KEYS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";
pub const KMS: &str =
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html";
pub const TRUST: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html";
pub const IDENTITY_VS_RESOURCE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html";
pub const SESSION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session";

/// One conformance case.
pub struct Case {
    pub name: &'static str,
    pub source: &'static str,
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub context: Vec<(String, String)>,
    pub absent: Vec<String>,
    pub identity: Vec<Json>,
    pub boundary: Option<Json>,
    pub session: Vec<Json>,
    pub scps: Option<Vec<Vec<Json>>>,
    pub resource_policy: Option<Json>,
    pub required: bool,
    pub resource_account: Option<String>,
    pub expect: Verdict,
    pub deciding: Option<Vec<(PolicyKind, usize)>>,
}

/// A case: alice (111122223333) calls `s3:GetObject` on an object of a bucket in her account.
pub fn case(name: &'static str, source: &'static str) -> Case {
    Case {
        name,
        source,
        principal: ALICE.into(),
        action: "s3:GetObject".into(),
        resource: OBJECT.into(),
        context: Vec::new(),
        absent: Vec::new(),
        identity: Vec::new(),
        boundary: None,
        session: Vec::new(),
        scps: None,
        resource_policy: None,
        required: false,
        resource_account: Some(ACCOUNT.into()),
        expect: Verdict::Unknown,
        deciding: None,
    }
}

impl Case {
    pub fn principal(mut self, p: &str) -> Self {
        self.principal = p.into();
        self
    }
    pub fn request(mut self, action: &str, resource: &str) -> Self {
        self.action = action.into();
        self.resource = resource.into();
        self
    }
    pub fn ctx(mut self, key: &str, value: &str) -> Self {
        self.context.push((key.into(), value.into()));
        self
    }
    pub fn absent(mut self, key: &str) -> Self {
        self.absent.push(key.into());
        self
    }
    pub fn identity(mut self, doc: Json) -> Self {
        self.identity.push(doc);
        self
    }
    pub fn boundary(mut self, doc: Json) -> Self {
        self.boundary = Some(doc);
        self
    }
    pub fn session(mut self, doc: Json) -> Self {
        self.session.push(doc);
        self
    }
    pub fn scps(mut self, levels: Vec<Vec<Json>>) -> Self {
        self.scps = Some(levels);
        self
    }
    pub fn resource_policy(mut self, doc: Json) -> Self {
        self.resource_policy = Some(doc);
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn expect(mut self, v: Verdict) -> Self {
        self.expect = v;
        self
    }
    pub fn deciding(mut self, d: &[(PolicyKind, usize)]) -> Self {
        self.deciding = Some(d.to_vec());
        self
    }

    /// Evaluate and compare; the error names the case and its source.
    pub fn check(&self) -> Result<(), String> {
        let docs = |list: &[Json]| -> Vec<PolicyDocument> {
            list.iter().cloned().map(PolicyDocument).collect()
        };
        let identity = docs(&self.identity);
        let session = docs(&self.session);
        let boundary = self.boundary.clone().map(PolicyDocument);
        let resource = self.resource_policy.clone().map(PolicyDocument);
        let scp_docs: Option<Vec<Vec<PolicyDocument>>> = self
            .scps
            .as_ref()
            .map(|levels| levels.iter().map(|l| docs(l)).collect());
        let applicable = Applicable {
            identity: refs(PolicyKind::Identity, &identity, "identity"),
            boundary: boundary
                .as_ref()
                .map(|b| PolicyRef::new(PolicyKind::PermissionsBoundary, "boundary", b)),
            session: refs(PolicyKind::Session, &session, "session"),
            scps: match &scp_docs {
                None => Scps::NotApplicable("no organization".into()),
                Some(levels) => Scps::Levels(
                    levels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| ScpLevel {
                            target: format!("level{i}"),
                            policies: refs(PolicyKind::ServiceControl, l, "scp"),
                        })
                        .collect(),
                ),
            },
            resource: resource
                .as_ref()
                .map(|r| vec![PolicyRef::new(PolicyKind::Resource, "resource", r)])
                .unwrap_or_default(),
            resource_policy_required: self.required,
            resource_account: self.resource_account.clone(),
        };
        let mut context = Context::new();
        for (k, v) in &self.context {
            context.insert(k, v.clone());
        }
        for k in &self.absent {
            context.set_absent(k);
        }
        let request = Request {
            principal: self.principal.clone(),
            action: self.action.clone(),
            resource: self.resource.clone(),
            context,
        };
        let decision = decide(&request, &applicable);
        let fail = |what: String| {
            Err(format!(
                "{} ({}): {what}\n  decision: {}",
                self.name,
                self.source,
                serde_json::to_string_pretty(&decision).unwrap_or_default()
            ))
        };
        if decision.verdict != self.expect {
            return fail(format!(
                "expected {:?}, got {:?}",
                self.expect, decision.verdict
            ));
        }
        if let Some(expected) = &self.deciding {
            let mut got: Vec<(PolicyKind, usize)> = decision
                .statements
                .iter()
                .map(|s| (s.policy.kind, s.index))
                .collect();
            got.sort();
            let mut want = expected.clone();
            want.sort();
            if got != want {
                return fail(format!("deciding statements {got:?}, expected {want:?}"));
            }
        }
        let says_why = matches!(decision.verdict, Verdict::Unknown | Verdict::ImplicitDeny);
        if says_why && decision.reasons.is_empty() {
            return fail("an Unknown or implicit deny decision must say why".into());
        }
        if decision.verdict != Verdict::ImplicitDeny && decision.statements.is_empty() {
            let root = self.principal.ends_with(":root");
            if !(root && decision.verdict == Verdict::Allow) {
                return fail("the decision names no statement".into());
            }
        }
        Ok(())
    }
}

fn refs<'a>(kind: PolicyKind, docs: &'a [PolicyDocument], prefix: &str) -> Vec<PolicyRef<'a>> {
    docs.iter()
        .enumerate()
        .map(|(i, d)| PolicyRef::new(kind, format!("{prefix}{i}"), d))
        .collect()
}

/// A policy document of the given statements.
pub fn doc(statements: Json) -> Json {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// `{"Effect": "Allow", "Action": action, "Resource": resource}` as a whole document.
pub fn allow(action: &str, resource: &str) -> Json {
    doc(json!([{"Effect": "Allow", "Action": action, "Resource": resource}]))
}

/// The same with `Deny`.
pub fn deny(action: &str, resource: &str) -> Json {
    doc(json!([{"Effect": "Deny", "Action": action, "Resource": resource}]))
}

/// An allow-everything document (`FullAWSAccess`, `AdministratorAccess`).
pub fn allow_all() -> Json {
    allow("*", "*")
}

/// Run cases, report every failure at once.
pub fn run(cases: Vec<Case>) -> usize {
    let n = cases.len();
    let failures: Vec<String> = cases.iter().filter_map(|c| c.check().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    n
}
