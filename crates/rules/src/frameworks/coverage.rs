//! Which controls of a framework the catalogue covers, and why each other one is not covered.
//!
//! Coverage is derived from the rules' own `frameworks` mappings; only the gaps are written
//! here, each with its reason. A test keeps the two in step: every CIS recommendation is either
//! cited by a rule or listed in [`GAPS`], and no listed gap is cited by a rule (a stale reason
//! would hide new coverage). FSBP and Well-Architected controls that no rule cites and no gap
//! lists are reported as [`Gap::NotYet`].

use serde::Serialize;

use super::Framework;
use crate::Rule;

/// Why a control has no rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// The benchmark itself says the check is manual, or it is a process, not a setting.
    Manual,
    /// No read-only API exposes what the control asks about.
    NotCollectable,
    /// Collectable and automatable; cloudward does not check it yet.
    NotYet,
}

impl Gap {
    /// The label in listings: `manual`, `not collectable`, `not yet`.
    pub fn label(self) -> &'static str {
        match self {
            Gap::Manual => "manual",
            Gap::NotCollectable => "not collectable",
            Gap::NotYet => "not yet",
        }
    }
}

/// One control and what covers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Control {
    /// The control id (`1.4`, `EC2.7`).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The rules citing it, in catalogue order.
    pub rules: Vec<&'static str>,
    /// Why it is not covered (`None` when a rule covers it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<(Gap, &'static str)>,
}

/// The written reasons for controls no rule covers: (framework, id, gap, reason).
pub const GAPS: &[(Framework, &str, Gap, &str)] = &[
    (Framework::CisV3, "1.3", Gap::NotCollectable, "security questions are visible only to the root user in the console; no API reads them"),
    (Framework::CisV5, "5.6", Gap::Manual, "whether a VPC peering route is least access depends on which hosts must talk; the benchmark assesses it manually"),
    (Framework::CisV3, "5.5", Gap::Manual, "whether a VPC peering route is least access depends on which hosts must talk; the benchmark assesses it manually"),
];

/// Every control of `framework`, in its own order, with the rules of `catalogue` citing it and,
/// for the rest, the written gap (or [`Gap::NotYet`]).
pub fn coverage(framework: Framework, catalogue: &[&dyn Rule]) -> Vec<Control> {
    framework
        .controls()
        .iter()
        .map(|&(id, title)| {
            let rules: Vec<&'static str> = catalogue
                .iter()
                .map(|r| r.meta())
                .filter(|m| framework.cited_by(m).contains(&id))
                .map(|m| m.id)
                .collect();
            let gap = if rules.is_empty() {
                Some(
                    written_gap(framework, id)
                        .unwrap_or((Gap::NotYet, "no rule implements it yet")),
                )
            } else {
                None
            };
            Control {
                id,
                title,
                rules,
                gap,
            }
        })
        .collect()
}

/// The gap written for `id`, if any.
pub fn written_gap(framework: Framework, id: &str) -> Option<(Gap, &'static str)> {
    GAPS.iter()
        .find(|(f, control, _, _)| *f == framework && *control == id)
        .map(|(_, _, gap, reason)| (*gap, *reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cis_control_is_covered_or_has_a_written_gap_and_no_gap_is_stale() {
        let catalogue = crate::catalogue();
        for framework in [Framework::CisV5, Framework::CisV3] {
            for control in coverage(framework, &catalogue) {
                let written = written_gap(framework, control.id);
                if control.rules.is_empty() {
                    assert!(
                        written.is_some(),
                        "{} {}: no rule cites it and GAPS gives no reason",
                        framework.name(),
                        control.id
                    );
                } else {
                    assert!(
                        written.is_none(),
                        "{} {}: covered by {:?}, remove its gap",
                        framework.name(),
                        control.id,
                        control.rules
                    );
                }
            }
        }
        for (framework, id, _, _) in GAPS {
            assert!(
                super::super::title(*framework, id).is_some(),
                "GAPS names {id}, which {} does not have",
                framework.name()
            );
        }
    }
}
