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
pub mod cis_aws_v6_0_0;
pub mod cis_aws_v7_0_0;
pub mod coverage;
pub mod fsbp_v1_0_0;
pub mod well_architected_security;

/// A framework version whose control ids rules may cite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Framework {
    /// CIS Amazon Web Services Foundations Benchmark v7.0.0 (the newest).
    CisV7,
    /// CIS Amazon Web Services Foundations Benchmark v6.0.0.
    CisV6,
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
    pub const ALL: [Framework; 6] = [
        Framework::CisV7,
        Framework::CisV6,
        Framework::CisV5,
        Framework::CisV3,
        Framework::Fsbp,
        Framework::WellArchitected,
    ];

    /// The control table: `(id, title)` pairs in the framework's own order.
    pub fn controls(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Framework::CisV7 => cis_aws_v7_0_0::CONTROLS,
            Framework::CisV6 => cis_aws_v6_0_0::CONTROLS,
            Framework::CisV5 => cis_aws_v5_0_0::CONTROLS,
            Framework::CisV3 => cis_aws_v3_0_0::CONTROLS,
            Framework::Fsbp => fsbp_v1_0_0::CONTROLS,
            Framework::WellArchitected => well_architected_security::CONTROLS,
        }
    }

    /// The `--framework` value: `cis-aws-7.0.0`, `cis-aws-6.0.0`, `cis-aws-5.0.0`, `cis-aws-3.0.0`, `fsbp-1.0.0`,
    /// `well-architected-security`.
    pub fn slug(self) -> &'static str {
        match self {
            Framework::CisV7 => "cis-aws-7.0.0",
            Framework::CisV6 => "cis-aws-6.0.0",
            Framework::CisV5 => "cis-aws-5.0.0",
            Framework::CisV3 => "cis-aws-3.0.0",
            Framework::Fsbp => "fsbp-1.0.0",
            Framework::WellArchitected => "well-architected-security",
        }
    }

    /// The framework a `--framework` value names (its slug, or `fsbp`, `cis-aws-5`, `cis-aws-3`,
    /// `well-architected`), case-insensitively.
    pub fn from_slug(value: &str) -> Option<Framework> {
        let v = value.to_ascii_lowercase();
        Framework::ALL.into_iter().find(|f| {
            v == f.slug()
                || match f {
                    Framework::CisV7 => v == "cis-aws-7" || v == "cis-7.0.0" || v == "cis",
                    Framework::CisV6 => v == "cis-aws-6" || v == "cis-6.0.0",
                    Framework::CisV5 => v == "cis-aws-5" || v == "cis-5.0.0",
                    Framework::CisV3 => v == "cis-aws-3" || v == "cis-3.0.0",
                    Framework::Fsbp => v == "fsbp",
                    Framework::WellArchitected => v == "well-architected",
                }
        })
    }

    /// The display name, with version.
    pub fn name(self) -> &'static str {
        match self {
            Framework::CisV7 => "CIS AWS Foundations Benchmark v7.0.0",
            Framework::CisV6 => "CIS AWS Foundations Benchmark v6.0.0",
            Framework::CisV5 => "CIS AWS Foundations Benchmark v5.0.0",
            Framework::CisV3 => "CIS AWS Foundations Benchmark v3.0.0",
            Framework::Fsbp => "AWS Foundational Security Best Practices v1.0.0",
            Framework::WellArchitected => "AWS Well-Architected Framework (security pillar)",
        }
    }

    /// The ids of this framework that `meta` cites.
    pub fn cited_by(self, meta: &cloudward_model::RuleMeta) -> &'static [&'static str] {
        match self {
            Framework::CisV7 => meta.frameworks.cis_v7,
            Framework::CisV6 => meta.frameworks.cis_v6,
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
        // v7.0.0: 70 recommendations, 34 automated; v6.0.0: 61 carried into v7 + 2 dropped.
        assert_eq!(Framework::CisV7.controls().len(), 70);
        assert_eq!(cis_aws_v7_0_0::AUTOMATED.len(), 34);
        assert_eq!(Framework::CisV6.controls().len(), 63);
        assert_eq!(Framework::WellArchitected.controls().len(), 63);
        // FSBP is transcribed service by service as the catalogue grows (issue 9 added RDS,
        // KMS, Secrets Manager, SNS, SQS, DynamoDB, ...): no fixed size, only never smaller.
        assert!(Framework::Fsbp.controls().len() >= 127);
    }

    #[test]
    fn the_crosswalk_names_only_ids_that_exist_once() {
        let columns = [Framework::CisV7, Framework::CisV6, Framework::CisV5];
        for (i, framework) in columns.into_iter().enumerate() {
            let mut seen: Vec<&str> = cis_aws_v7_0_0::CROSSWALK
                .iter()
                .filter_map(|row| [row.0, row.1, row.2][i])
                .collect();
            for id in &seen {
                assert!(title(framework, id).is_some(), "{} {id}", framework.name());
            }
            let total = seen.len();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(
                seen.len(),
                total,
                "an id of {} is crosswalked twice",
                framework.name()
            );
            // Every control of v7 and v6 has a row (v5 has controls v6 dropped before v7: none).
            if framework != Framework::CisV5 {
                assert_eq!(total, framework.controls().len(), "{}", framework.name());
            }
        }
        for id in cis_aws_v7_0_0::AUTOMATED {
            assert!(title(Framework::CisV7, id).is_some(), "automated {id}");
        }
    }

    #[test]
    fn every_rule_cites_v7_and_v6_as_the_crosswalk_of_its_v5_ids() {
        for rule in crate::catalogue() {
            let meta = rule.meta();
            let fw = &meta.frameworks;
            let rows: Vec<_> = fw
                .cis_v5
                .iter()
                .filter_map(|v5| {
                    cis_aws_v7_0_0::CROSSWALK
                        .iter()
                        .find(|row| row.2 == Some(*v5))
                })
                .collect();
            let mut v6: Vec<&str> = rows.iter().filter_map(|row| row.1).collect();
            let mut cited_v6 = fw.cis_v6.to_vec();
            v6.sort_unstable();
            cited_v6.sort_unstable();
            assert_eq!(
                cited_v6, v6,
                "{}: cis_v6 must be the crosswalk of cis_v5",
                meta.id
            );
            let mut v7: Vec<&str> = rows.iter().filter_map(|row| row.0).collect();
            // Beyond the crosswalk, only controls new in v7.0.0 (no v5.0.0 row) may be cited.
            v7.extend(fw.cis_v7.iter().copied().filter(|id| {
                cis_aws_v7_0_0::CROSSWALK
                    .iter()
                    .any(|row| row.0 == Some(*id) && row.2.is_none())
            }));
            let mut cited_v7 = fw.cis_v7.to_vec();
            v7.sort_unstable();
            cited_v7.sort_unstable();
            assert_eq!(
                cited_v7, v7,
                "{}: cis_v7 must be the crosswalk of cis_v5 plus controls new in v7.0.0",
                meta.id
            );
        }
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
