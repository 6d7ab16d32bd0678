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
    (Framework::CisV7, "2.1.4", Gap::Manual, "whether organizational units follow environment and sensitivity is a design judgement; the benchmark assesses it manually"),
    (Framework::CisV7, "2.1.5", Gap::NotYet, "organizations:DescribeResourcePolicy is readable; no rule reads the delegated policy administrator yet"),
    (Framework::CisV7, "6.8", Gap::NotYet, "ec2:DescribeVpcEndpoints is readable; which services a VPC must reach privately depends on its workloads, and no rule judges it yet"),
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

/// The gap written for `id`, if any. A v7.0.0 or v6.0.0 control with a v5.0.0 counterpart
/// takes the v5.0.0 gap through the crosswalk, so one reason serves the three versions.
pub fn written_gap(framework: Framework, id: &str) -> Option<(Gap, &'static str)> {
    let own = GAPS
        .iter()
        .find(|(f, control, _, _)| *f == framework && *control == id)
        .map(|(_, _, gap, reason)| (*gap, *reason));
    let column = match framework {
        Framework::CisV7 => 0,
        Framework::CisV6 => 1,
        _ => return own,
    };
    own.or_else(|| {
        let row = super::cis_aws_v7_0_0::CROSSWALK
            .iter()
            .find(|row| [row.0, row.1][column] == Some(id))?;
        written_gap(Framework::CisV5, row.2?)
    })
}

/// Whether the benchmark calls `id` automated: v7.0.0 says so in its own table; v6.0.0 and
/// v5.0.0 controls are automated when their v7.0.0 counterpart is, plus the two v7.0.0
/// dropped (v5.0.0 1.12 / v6.0.0 2.12, one active access key; v5.0.0 1.10 was manual).
/// `None` for frameworks without the distinction (v3.0.0 predates the crosswalk's types).
pub fn automated(framework: Framework, id: &str) -> Option<bool> {
    use super::cis_aws_v7_0_0::{AUTOMATED, CROSSWALK};
    let column = match framework {
        Framework::CisV7 => return Some(AUTOMATED.contains(&id)),
        Framework::CisV6 => 1,
        Framework::CisV5 => 2,
        _ => return None,
    };
    let row = CROSSWALK
        .iter()
        .find(|row| [row.0, row.1, row.2][column] == Some(id))?;
    Some(match row.0 {
        Some(v7) => AUTOMATED.contains(&v7),
        None => matches!(
            (framework, id),
            (Framework::CisV6, "2.12") | (Framework::CisV5, "1.12")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cis_control_is_covered_or_has_a_written_gap_and_no_gap_is_stale() {
        let catalogue = crate::catalogue();
        for framework in [
            Framework::CisV7,
            Framework::CisV6,
            Framework::CisV5,
            Framework::CisV3,
        ] {
            for control in coverage(framework, &catalogue) {
                let written = written_gap(framework, control.id);
                if control.rules.is_empty() {
                    assert!(
                        written.is_some(),
                        "{} {}: no rule cites it and GAPS gives no reason",
                        framework.name(),
                        control.id
                    );
                } else if !matches!(framework, Framework::CisV7 | Framework::CisV6) {
                    // (v7/v6 gaps are inherited from v5 and may outlive a partial v7 rule.)
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
        // The bar: every automated control is covered, with no gap at all.
        for framework in [Framework::CisV7, Framework::CisV6, Framework::CisV5] {
            for control in coverage(framework, &catalogue) {
                if automated(framework, control.id) == Some(true) {
                    assert!(
                        !control.rules.is_empty(),
                        "{} {} is automated and no rule covers it",
                        framework.name(),
                        control.id
                    );
                }
            }
        }
        assert_eq!(automated(Framework::CisV5, "1.12"), Some(true));
        assert_eq!(automated(Framework::CisV5, "1.10"), Some(false));
        assert_eq!(automated(Framework::CisV7, "2.4"), Some(true));
        assert_eq!(automated(Framework::CisV7, "5.1"), Some(false));
        for (framework, id, _, _) in GAPS {
            assert!(
                super::super::title(*framework, id).is_some(),
                "GAPS names {id}, which {} does not have",
                framework.name()
            );
        }
    }
}
