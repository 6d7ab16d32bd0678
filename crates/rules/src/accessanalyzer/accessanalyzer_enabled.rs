//! IAM Access Analyzer (external access) in every region.

use cloudward_model::accessanalyzer::RegionStatus;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `access-analyzer:ListAnalyzers` per region. Only an `ACTIVE` analyzer of type
/// `ACCOUNT` or `ORGANIZATION` (external access) counts: unused-access analyzers
/// (`ACCOUNT_UNUSED_ACCESS`, `ORGANIZATION_UNUSED_ACCESS`) do not report public or
/// cross-account access, and `CREATING`/`DISABLED`/`FAILED` analyzers report nothing.
pub struct AccessanalyzerEnabled;

const META: RuleMeta = RuleMeta {
    id: "accessanalyzer-enabled",
    title: "IAM Access Analyzer (external access) is enabled in every region",
    severity: Severity::Medium,
    service: "accessanalyzer",
    kinds: RegionStatus::KINDS,
    checks: "For each region, whether at least one external access analyzer (type `ACCOUNT` or \
             `ORGANIZATION`) has status `ACTIVE`.",
    rationale: "Access Analyzer continuously reports resources (S3 buckets, KMS keys, roles, \
                queues, secrets, snapshots...) that are shared outside the account or \
                organisation. Analyzers are regional, so a region without one is a region where \
                an accidental public or cross-account grant goes unreported.",
    remediation: Remediation {
        console: "IAM console > Access analyzer > Analyzer settings > Create analyzer > Type: \
                  External access, zone of trust: current account (or organisation) > Create; \
                  repeat in every enabled region.",
        cli: "aws accessanalyzer create-analyzer --analyzer-name external-access \
              --type ACCOUNT --region <region>",
        terraform: "resource \"aws_accessanalyzer_analyzer\" \"external\" {\n  \
                    analyzer_name = \"external-access\"\n  \
                    type          = \"ACCOUNT\"\n}\n\
                    # one per region: instantiate with a provider alias for each enabled region",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["2.18"],
        cis_v6: &["2.19"],
        cis_v5: &["1.19"],
        cis_v3: &["1.20"],
        fsbp: &[],
        well_architected: &["SEC03-BP07"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_accessanalyzer_analyzer" "unused" {
  analyzer_name = "unused-access"
  type          = "ACCOUNT_UNUSED_ACCESS"

  configuration {
    unused_access {
      unused_access_age = 90
    }
  }
}
"#,
        terraform_good: r#"resource "aws_accessanalyzer_analyzer" "external" {
  analyzer_name = "external-access"
  type          = "ACCOUNT"
}
"#,
        cloudformation_bad: r#"Resources:
  UnusedAccessAnalyzer:
    Type: AWS::AccessAnalyzer::Analyzer
    Properties:
      AnalyzerName: unused-access
      Type: ACCOUNT_UNUSED_ACCESS
      AnalyzerConfiguration:
        UnusedAccessConfiguration:
          UnusedAccessAge: 90
"#,
        cloudformation_good: r#"Resources:
  ExternalAccessAnalyzer:
    Type: AWS::AccessAnalyzer::Analyzer
    Properties:
      AnalyzerName: external-access
      Type: ACCOUNT
"#,
    },
    file: file!(),
};

/// Analyzer types that report external (public and cross-account) access.
const EXTERNAL_TYPES: &[&str] = &["ACCOUNT", "ORGANIZATION"];

impl Check for AccessanalyzerEnabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        let region = resource.region.as_deref().unwrap_or("this region");
        let analyzers = match status.analyzers.get() {
            Ok(analyzers) => analyzers,
            Err(reason) => return Outcome::unknown(reason),
        };
        let active: Vec<&str> = analyzers
            .iter()
            .filter(|a| a.status == "ACTIVE" && EXTERNAL_TYPES.contains(&a.analyzer_type.as_str()))
            .map(|a| a.name.as_str())
            .collect();
        if !active.is_empty() {
            return Outcome::Pass(Evidence::at(
                "analyzers",
                format!(
                    "{region} has active external access analyzer(s): {}",
                    active.join(", ")
                ),
            ));
        }
        if analyzers.is_empty() {
            return Outcome::Fail(Evidence::at(
                "analyzers",
                format!("{region} has no IAM Access Analyzer analyzer"),
            ));
        }
        let others: Vec<String> = analyzers
            .iter()
            .map(|a| format!("{} ({}, {})", a.name, a.analyzer_type, a.status))
            .collect();
        Outcome::Fail(Evidence::at(
            "analyzers",
            format!(
                "{region} has no active external access analyzer; found only {}",
                others.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{accessanalyzer, test_support, Attributes, Status, Value};

    fn analyzer(name: &str, kind: &str, status: &str) -> accessanalyzer::Analyzer {
        accessanalyzer::Analyzer {
            name: name.into(),
            arn: format!("arn:aws:access-analyzer:us-east-1:123456789012:analyzer/{name}"),
            analyzer_type: kind.into(),
            status: status.into(),
        }
    }

    fn judge(analyzers: Value<Vec<accessanalyzer::Analyzer>>) -> Outcome {
        let r = test_support::resource(
            "accessanalyzer-us-east-1",
            Attributes::AccessAnalyzerRegion(accessanalyzer::RegionStatus { analyzers }),
        );
        testing::outcome_in(&AccessanalyzerEnabled, &r, &Inventory::new())
    }

    #[test]
    fn active_account_analyzer_passes() {
        let outcome = judge(Value::Known(vec![analyzer(
            "external", "ACCOUNT", "ACTIVE",
        )]));
        assert_eq!(outcome.status(), Status::Pass);
        let org = judge(Value::Known(vec![analyzer(
            "org",
            "ORGANIZATION",
            "ACTIVE",
        )]));
        assert_eq!(org.status(), Status::Pass);
    }

    #[test]
    fn no_analyzer_fails_naming_the_region() {
        let Outcome::Fail(e) = judge(Value::Known(vec![])) else {
            panic!("expected a failure");
        };
        assert!(e.message.contains("us-east-1"), "{}", e.message);
    }

    #[test]
    fn unused_access_or_inactive_analyzers_fail() {
        let outcome = judge(Value::Known(vec![
            analyzer("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE"),
            analyzer("broken", "ACCOUNT", "FAILED"),
        ]));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert!(
            e.message.contains("unused (ACCOUNT_UNUSED_ACCESS, ACTIVE)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unreadable_is_unknown() {
        assert_eq!(
            judge(Value::unknown("AccessDenied")).status(),
            Status::Unknown
        );
    }
}
