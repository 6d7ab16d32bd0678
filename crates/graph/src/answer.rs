//! `Answer`: a three-valued fact with its explanation, the currency between the graph's
//! builders (does a group admit the world, does a role reach a bucket, is a role an admin).

use cloudward_policy::{Decision, Verdict};

use crate::graph::Certainty;

/// Yes (with why), no, or not known (with why not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Yes, because.
    Yes(String),
    /// No.
    No,
    /// Cannot be told, because.
    Maybe(String),
}

impl Answer {
    /// An evaluator decision as an answer: `Allow` is yes (naming the allowing statements),
    /// `Unknown` is maybe (with its reasons), a deny is no.
    pub fn of(decision: &Decision) -> Answer {
        match decision.verdict {
            Verdict::Allow => Answer::Yes(statements(decision)),
            Verdict::Unknown => Answer::Maybe(if decision.reasons.is_empty() {
                "the evaluator could not decide".to_string()
            } else {
                decision.reasons.join("; ")
            }),
            Verdict::ExplicitDeny | Verdict::ImplicitDeny => Answer::No,
        }
    }

    /// Yes if any is yes (the first), else maybe if any is maybe (all reasons), else no.
    pub fn any(answers: impl IntoIterator<Item = Answer>) -> Answer {
        let mut maybe = Vec::new();
        for a in answers {
            match a {
                Answer::Yes(why) => return Answer::Yes(why),
                Answer::Maybe(why) => maybe.push(why),
                Answer::No => {}
            }
        }
        if maybe.is_empty() {
            Answer::No
        } else {
            Answer::Maybe(maybe.join("; "))
        }
    }

    /// Yes if all are yes (reasons joined), no if any is no, else maybe.
    pub fn all(answers: impl IntoIterator<Item = Answer>) -> Answer {
        let mut yes = Vec::new();
        let mut maybe = Vec::new();
        for a in answers {
            match a {
                Answer::Yes(why) => yes.push(why),
                Answer::Maybe(why) => maybe.push(why),
                Answer::No => return Answer::No,
            }
        }
        yes.dedup();
        if maybe.is_empty() {
            Answer::Yes(yes.join("; "))
        } else {
            Answer::Maybe(maybe.join("; "))
        }
    }

    /// The explanation and certainty of an edge this answer establishes; `None` for no.
    pub(crate) fn edge(self, what: &str) -> Option<(String, Certainty)> {
        match self {
            Answer::Yes(why) => Some((format!("{what}: {why}"), Certainty::Certain)),
            Answer::Maybe(why) => Some((what.to_string(), Certainty::Unverified(why))),
            Answer::No => None,
        }
    }
}

/// The allowing statements of a decision, for evidence.
fn statements(decision: &Decision) -> String {
    let named: Vec<String> = decision
        .statements
        .iter()
        .map(|s| match &s.sid {
            Some(sid) => format!("{} statement {} ({sid})", s.policy.name, s.index),
            None => format!("{} statement {}", s.policy.name, s.index),
        })
        .collect();
    if named.is_empty() {
        "allowed".to_string()
    } else {
        format!("allowed by {}", named.join(", "))
    }
}
