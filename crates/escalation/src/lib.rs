//! Privilege-escalation paths: the publicly documented ways an IAM principal turns the
//! permissions it has into more (Rhino Security Labs' methods, Bishop Fox `iam-vulnerable`,
//! PMapper / pathfinding.cloud), and a search for them over an inventory.
//!
//! Principal types:
//! - [`PATHS`]: the catalogue, one [`Path`] per method: the actions that must all be allowed,
//!   on what ([`On`], [`Pivot`]: the principal itself, a group it is in, an attached policy, a
//!   role a service may assume, a role chain), what success gives ([`Gain`]), and the fix.
//! - [`analyze`]: every user and role of an inventory against every path, answering a
//!   [`Report`] per principal: open [`Route`]s (each step with the evaluator's deciding
//!   statements), undecided ones (with the reasons), and how many paths were examined.
//!
//! Every step is decided by `cloudward-policy`'s [`Evaluator`](cloudward_policy::Evaluator),
//! built once per inventory, so permissions boundaries, SCPs, conditions and trust policies
//! are honoured; what it cannot decide makes the route undecided, never absent. A path is
//! open only when success is a real gain: the target (a role, a user, the principal with a
//! policy it writes itself) is allowed one of a fixed set of sensitive actions
//! ([`profile::PROBES`]) that the principal is denied.
//!
//! Known gaps, each a false negative rather than a false claim: steps that create a resource
//! are asked on a wildcard ARN (`arn:aws:lambda:*:<account>:function:*`), so a grant on one
//! named resource is not seen; paths compose only through `sts:AssumeRole` chains (a role
//! reached by a chain is reported with its own paths, not the chain's); and a gain that
//! exceeds the principal only on actions outside [`profile::PROBES`] is not seen.
//!
//! ```
//! use cloudward_model::Inventory;
//! let analysis = cloudward_escalation::analyze(&Inventory::new());
//! assert_eq!(analysis.reports().count(), 0);
//! assert!(cloudward_escalation::PATHS.len() >= 30);
//! ```
#![deny(missing_docs)]

mod catalogue;
pub mod limits;
pub mod profile;
mod screen;
mod search;

pub use catalogue::{path, Gain, On, Path, Pivot, Principals, Step, PATHS};
pub use search::{analyze, Analysis, Report, Route, StepResult};
