//! What an evaluation answers: a four-valued verdict and the statements that decided it.

use serde::Serialize;
use serde_json::Value as Json;

/// Which kind of policy a statement came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// An identity-based policy: inline or managed, of the user, its groups, or the role.
    Identity,
    /// The principal's permissions boundary.
    PermissionsBoundary,
    /// A service control policy on the principal's account or one of its parents.
    ServiceControl,
    /// The resource-based policy (bucket, key, topic, queue, function, secret policy; a
    /// role's trust policy for `sts:AssumeRole`).
    Resource,
    /// A session policy passed when the role session was created.
    Session,
}

impl PolicyKind {
    /// A short label, e.g. "identity-based policy".
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity-based policy",
            PolicyKind::PermissionsBoundary => "permissions boundary",
            PolicyKind::ServiceControl => "service control policy",
            PolicyKind::Resource => "resource-based policy",
            PolicyKind::Session => "session policy",
        }
    }
}

/// A policy by kind and name (its ARN, or `user/alice inline:Name` for inline ones).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PolicyId {
    /// The kind.
    pub kind: PolicyKind,
    /// ARN or readable name.
    pub name: String,
}

/// The verdict on one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Allowed: something allows, every layer that must allow does, nothing denies.
    Allow,
    /// An applicable statement denies.
    ExplicitDeny,
    /// Nothing allows (or a layer that must allow does not): the default deny.
    ImplicitDeny,
    /// What is known cannot decide it; the reasons say what is missing.
    Unknown,
}

impl Verdict {
    /// The snake_case name (`allow`, `explicit_deny`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::ExplicitDeny => "explicit_deny",
            Verdict::ImplicitDeny => "implicit_deny",
            Verdict::Unknown => "unknown",
        }
    }
}

/// A statement that took part in the decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecidingStatement {
    /// The policy it belongs to.
    pub policy: PolicyId,
    /// Its 0-based position in the policy's `Statement` list.
    pub index: usize,
    /// `Sid`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny` (as written).
    pub effect: String,
    /// Why it could not be decided, when it could not (empty: it applies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<String>,
    /// The statement as written.
    pub statement: Json,
}

/// The answer to one request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The verdict.
    pub verdict: Verdict,
    /// The deciding statements: the denying ones for `ExplicitDeny`, the allowing ones for
    /// `Allow`; for `Unknown` the allowing ones, decided or not, and the undecided denies
    /// (each undecided one says why); none for `ImplicitDeny`.
    pub statements: Vec<DecidingStatement>,
    /// Why, in words: the layer that did not allow (`ImplicitDeny`), what is not known
    /// (`Unknown`).
    pub reasons: Vec<String>,
}

impl Decision {
    /// Whether the verdict is `Allow`.
    pub fn is_allow(&self) -> bool {
        self.verdict == Verdict::Allow
    }
}
