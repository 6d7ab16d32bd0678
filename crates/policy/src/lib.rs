//! The IAM policy language and an offline evaluator: given the policies that apply to a
//! request (identity-based, permissions boundary, SCPs, resource-based, session), decide it
//! the way AWS documents it, without calling AWS.
//!
//! The answer is four-valued ([`Verdict`]): `Allow`, `ExplicitDeny`, `ImplicitDeny`, or
//! `Unknown` when what is known cannot decide it (a condition key the request context does
//! not carry, a policy variable that cannot be resolved, a policy that was not collected).
//! Every [`Decision`] names its deciding statements.
//!
//! Principal types:
//! - [`Evaluator`]: built once from an [`Inventory`](cloudward_model::Inventory); indexes
//!   principals and their policies, resource policies by ARN, the SCP chain; answers
//!   [`Evaluator::evaluate`] for a [`Request`].
//! - [`decide`] with [`Applicable`]: the pure evaluation logic, for callers that assemble
//!   policies themselves (and for the conformance suite).
//! - [`Context`]: condition keys with values, known absent, or not known.
//!
//! Depends on `cloudward-model` only (its [`PolicyDocument`](cloudward_model::policy::PolicyDocument)).
//!
//! ```
//! use cloudward_model::policy::PolicyDocument;
//! use cloudward_policy::{decide, Applicable, Context, PolicyKind, PolicyRef, Request, Verdict};
//! use serde_json::json;
//!
//! let doc = PolicyDocument(json!({
//!     "Version": "2012-10-17",
//!     "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::logs/*"}]
//! }));
//! let applicable = Applicable {
//!     identity: vec![PolicyRef::new(PolicyKind::Identity, "read-logs", &doc)],
//!     resource_account: Some("111122223333".into()),
//!     ..Default::default()
//! };
//! let request = Request {
//!     principal: "arn:aws:iam::111122223333:user/alice".into(),
//!     action: "s3:GetObject".into(),
//!     resource: "arn:aws:s3:::logs/2026/01.gz".into(),
//!     context: Context::new(),
//! };
//! assert_eq!(decide(&request, &applicable).verdict, Verdict::Allow);
//! ```
#![deny(missing_docs)]

mod arn;
mod condition;
mod context;
mod decision;
mod evaluate;
mod glob;
mod index;
pub mod limits;
mod principal;
mod statement;
mod tri;
mod variables;

pub use context::{Context, Lookup};
pub use decision::{DecidingStatement, Decision, PolicyId, PolicyKind, Verdict};
pub use evaluate::{decide, decide_for, Applicable, PolicyRef, Request, ScpLevel, Scps};
pub use glob::Pattern;
pub use index::Evaluator;
pub use principal::{Principal, PrincipalKind, Via};
pub use tri::Tri;
