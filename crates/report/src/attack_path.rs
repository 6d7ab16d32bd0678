//! `AttackPath`: an attack path or toxic combination as the HTML report draws it, plain data
//! filled by the caller from the exposure graph (cloudward-graph), so this crate needs neither
//! the graph nor the policy evaluator.

use cloudward_model::{Severity, Status};

/// One path from the internet, or one toxic combination with its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttackPath {
    /// What it is (`Internet-reachable EC2 instance runs as ...`, or the path's target).
    pub title: String,
    /// Fail (every part known) or Unknown (possible, not verified).
    pub status: Status,
    /// The combination's severity; `None` for a plain path.
    pub severity: Option<Severity>,
    /// The hops, internet first.
    pub hops: Vec<Hop>,
    /// Facts beside the hops (a role is an administrator, IMDSv1 answers) and the reasons a
    /// part is only possible.
    pub notes: Vec<String>,
}

/// One edge of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// From (a label).
    pub from: String,
    /// To (a label).
    pub to: String,
    /// The edge type (`network_reach`, `runs_as`, ...).
    pub kind: String,
    /// Why the edge exists.
    pub why: String,
    /// Why it is only possible, when it is.
    pub unverified: Option<String>,
}
