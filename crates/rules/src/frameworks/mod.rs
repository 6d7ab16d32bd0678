//! Framework control tables (versioned data), so that every id a rule cites can be checked.
//!
//! Rules declare their mappings in their own `RuleMeta::frameworks`; these tables only say
//! which ids exist and what they are called, one file per framework version, transcribed from
//! `shared/reference/aws-controls.md`. A catalogue-wide test checks every cited id against
//! them, and compliance views are generated from the rules, so there is one source of truth.
//!
//! ```
//! use cloudward_rules::frameworks::{title, Framework};
//! assert_eq!(title(Framework::Fsbp, "EC2.7"), Some("EBS default encryption should be enabled"));
//! assert_eq!(title(Framework::CisV5, "1.1"), Some("Maintain current AWS account contact details"));
//! assert_eq!(title(Framework::CisV5, "9.9"), None);
//! ```

pub mod cis_aws_v3_0_0;
pub mod cis_aws_v5_0_0;
pub mod fsbp_v1_0_0;
pub mod well_architected_security;

/// A framework version whose control ids rules may cite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Framework {
    /// CIS Amazon Web Services Foundations Benchmark v5.0.0 (the version Security Hub supports).
    CisV5,
    /// CIS Amazon Web Services Foundations Benchmark v3.0.0.
    CisV3,
    /// AWS Foundational Security Best Practices v1.0.0.
    Fsbp,
    /// AWS Well-Architected Framework, security pillar.
    WellArchitected,
}

impl Framework {
    /// Every framework, in report order.
    pub const ALL: [Framework; 4] = [
        Framework::CisV5,
        Framework::CisV3,
        Framework::Fsbp,
        Framework::WellArchitected,
    ];

    /// The control table: `(id, title)` pairs in the framework's own order.
    pub fn controls(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Framework::CisV5 => cis_aws_v5_0_0::CONTROLS,
            Framework::CisV3 => cis_aws_v3_0_0::CONTROLS,
            Framework::Fsbp => fsbp_v1_0_0::CONTROLS,
            Framework::WellArchitected => well_architected_security::CONTROLS,
        }
    }

    /// The display name, with version.
    pub fn name(self) -> &'static str {
        match self {
            Framework::CisV5 => "CIS AWS Foundations Benchmark v5.0.0",
            Framework::CisV3 => "CIS AWS Foundations Benchmark v3.0.0",
            Framework::Fsbp => "AWS Foundational Security Best Practices v1.0.0",
            Framework::WellArchitected => "AWS Well-Architected Framework (security pillar)",
        }
    }

    /// The ids of this framework that `meta` cites.
    pub fn cited_by(self, meta: &cloudward_model::RuleMeta) -> &'static [&'static str] {
        match self {
            Framework::CisV5 => meta.frameworks.cis_v5,
            Framework::CisV3 => meta.frameworks.cis_v3,
            Framework::Fsbp => meta.frameworks.fsbp,
            Framework::WellArchitected => meta.frameworks.well_architected,
        }
    }
}

/// The title of control `id` in `framework`, or `None` when the framework has no such id.
pub fn title(framework: Framework, id: &str) -> Option<&'static str> {
    framework
        .controls()
        .iter()
        .find(|(control, _)| *control == id)
        .map(|(_, title)| *title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_within_each_framework() {
        for framework in Framework::ALL {
            let mut ids: Vec<&str> = framework.controls().iter().map(|(id, _)| *id).collect();
            let total = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), total, "duplicate id in {}", framework.name());
        }
    }

    #[test]
    fn tables_have_the_expected_sizes() {
        // v5.0.0: 21 IAM + 9 storage + 9 logging + 16 monitoring + 8 networking.
        assert_eq!(Framework::CisV5.controls().len(), 63);
        // v3.0.0: 22 IAM + 9 storage + 9 logging + 16 monitoring + 6 networking.
        assert_eq!(Framework::CisV3.controls().len(), 62);
        assert_eq!(Framework::WellArchitected.controls().len(), 63);
        assert_eq!(Framework::Fsbp.controls().len(), 158);
    }

    #[test]
    fn the_v5_trap_is_avoided() {
        // A public copy of v5.0.0 gives 1.10 the id 1.1; both must exist, with distinct titles.
        assert_ne!(
            title(Framework::CisV5, "1.1"),
            title(Framework::CisV5, "1.10")
        );
        assert!(title(Framework::CisV5, "1.10").is_some_and(|t| t.contains("initial setup")));
    }

    #[test]
    fn versions_differ_where_the_crosswalk_says() {
        assert!(title(Framework::CisV5, "5.1.2").is_some_and(|t| t.contains("CIFS")));
        assert_eq!(title(Framework::CisV3, "5.1.2"), None);
        assert!(title(Framework::CisV3, "2.2.1").is_some_and(|t| t.contains("EBS")));
        assert!(title(Framework::CisV3, "1.3").is_some_and(|t| t.contains("security questions")));
        assert_eq!(title(Framework::Fsbp, "EC2.13"), None);
    }
}
