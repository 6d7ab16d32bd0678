//! The CIS AWS Foundations Benchmark and FSBP standards are enabled in Security Hub.

use cloudward_model::securityhub::{RegionStatus, Standard};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `GetEnabledStandards` per region where the hub is enabled: a standard counts when
/// its `StandardsArn` names it (`standards/aws-foundational-security-best-practices/`,
/// `cis-aws-foundations-benchmark/`, any version) and its status is not `FAILED` or
/// `DELETING`. In Terraform, `enable_default_standards` (default true) subscribes FSBP and
/// CIS v1.2.0; `aws_securityhub_standards_subscription` adds others; CloudFormation's
/// `EnableDefaultStandards` and `AWS::SecurityHub::Standard` likewise.
pub struct SecurityhubStandardsEnabled;

/// The standards required, as (what the ARN contains, the name users know).
pub(crate) const REQUIRED: &[(&str, &str)] = &[
    (
        "standards/aws-foundational-security-best-practices/",
        "AWS Foundational Security Best Practices",
    ),
    (
        "cis-aws-foundations-benchmark/",
        "CIS AWS Foundations Benchmark",
    ),
];

const META: RuleMeta = RuleMeta {
    id: "securityhub-standards-enabled",
    title: "Security Hub runs the CIS AWS Foundations and FSBP standards",
    severity: Severity::Medium,
    service: "securityhub",
    kinds: RegionStatus::KINDS,
    checks: "For each region where Security Hub is enabled, whether the enabled standards \
             (`GetEnabledStandards`) include AWS Foundational Security Best Practices and a \
             version of the CIS AWS Foundations Benchmark, neither FAILED nor DELETING. Names \
             the missing ones. A region where Security Hub is off is not applicable \
             (securityhub-enabled judges it).",
    rationale: "Security Hub evaluates nothing on its own: its controls come from the \
                standards it is subscribed to. Without FSBP and CIS the hub collects other \
                services' findings but never checks the account's own configuration \
                continuously, so drift between scans goes unseen.",
    remediation: Remediation {
        console: "Security Hub console > Security standards > enable AWS Foundational Security \
                  Best Practices v1.0.0 and CIS AWS Foundations Benchmark v5.0.0; repeat in \
                  every region, or use central configuration from the delegated administrator.",
        cli: "aws securityhub batch-enable-standards --standards-subscription-requests \
              StandardsArn=arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0 \
              StandardsArn=arn:aws:securityhub:<region>::standards/cis-aws-foundations-benchmark/v/5.0.0 \
              --region <region>",
        terraform: "resource \"aws_securityhub_standards_subscription\" \"fsbp\" {\n  \
                    standards_arn = \"arn:aws:securityhub:${data.aws_region.current.name}::standards/aws-foundational-security-best-practices/v/1.0.0\"\n  \
                    depends_on    = [aws_securityhub_account.main]\n}\n\n\
                    resource \"aws_securityhub_standards_subscription\" \"cis\" {\n  \
                    standards_arn = \"arn:aws:securityhub:${data.aws_region.current.name}::standards/cis-aws-foundations-benchmark/v/5.0.0\"\n  \
                    depends_on    = [aws_securityhub_account.main]\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html",
        "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetEnabledStandards.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC04-BP02", "SEC01-BP06"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_securityhub_account\" \"main\" {\n  enable_default_standards = false\n}\n\nresource \"aws_securityhub_standards_subscription\" \"fsbp\" {\n  standards_arn = \"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0\"\n  depends_on    = [aws_securityhub_account.main]\n}\n",
        terraform_good: "resource \"aws_securityhub_account\" \"main\" {\n  enable_default_standards = false\n}\n\nresource \"aws_securityhub_standards_subscription\" \"fsbp\" {\n  standards_arn = \"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0\"\n  depends_on    = [aws_securityhub_account.main]\n}\n\nresource \"aws_securityhub_standards_subscription\" \"cis\" {\n  standards_arn = \"arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0\"\n  depends_on    = [aws_securityhub_account.main]\n}\n",
        cloudformation_bad: "Resources:\n  Hub:\n    Type: AWS::SecurityHub::Hub\n    Properties:\n      EnableDefaultStandards: false\n",
        cloudformation_good: "Resources:\n  Hub:\n    Type: AWS::SecurityHub::Hub\n    Properties:\n      EnableDefaultStandards: false\n  Fsbp:\n    Type: AWS::SecurityHub::Standard\n    Properties:\n      StandardsArn: arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0\n  Cis:\n    Type: AWS::SecurityHub::Standard\n    Properties:\n      StandardsArn: arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0\n",
    },
    file: file!(),
};

/// Whether a subscription is in force (or on its way).
fn active(s: &Standard) -> Result<bool, String> {
    match s.standards_status.get() {
        Ok(status) => Ok(!matches!(status.as_str(), "FAILED" | "DELETING")),
        Err(reason) => Err(reason),
    }
}

impl Check for SecurityhubStandardsEnabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        let region = resource.region.as_deref().unwrap_or("this region");
        match status.enabled.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(false) => {
                return Outcome::not_applicable(format!(
                    "{region}: Security Hub is not enabled (securityhub-enabled reports it)"
                ))
            }
            Ok(true) => {}
        }
        let standards = match status.enabled_standards.get() {
            Ok(s) => s,
            Err(reason) => return Outcome::unknown(reason),
        };
        let mut missing = Vec::new();
        let mut unknown = Vec::new();
        let mut found = Vec::new();
        for (needle, name) in REQUIRED {
            let mut on = false;
            for s in standards
                .iter()
                .filter(|s| s.standards_arn.contains(needle))
            {
                match active(s) {
                    Ok(true) => {
                        on = true;
                        found.push(s.standards_arn.clone());
                    }
                    Ok(false) => {}
                    Err(reason) => unknown.push(format!("{}: {reason}", s.standards_arn)),
                }
            }
            if !on {
                missing.push(*name);
            }
        }
        if missing.is_empty() {
            return Outcome::Pass(Evidence::at(
                "enabled_standards",
                format!("{region}: enabled standards include {}", found.join(", ")),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(format!("{region}: {}", unknown.join("; ")));
        }
        Outcome::Fail(Evidence::at(
            "enabled_standards",
            format!("{region}: not enabled: {}", missing.join(", ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn standard(arn: &str, status: &str) -> Standard {
        Standard {
            standards_arn: arn.into(),
            standards_status: Value::Known(status.into()),
        }
    }

    const FSBP: &str =
        "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0";
    const CIS: &str = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0";

    fn judge(enabled: Value<bool>, standards: Value<Vec<Standard>>) -> Outcome {
        let r = test_support::resource(
            "securityhub-us-east-1",
            Attributes::SecurityHubRegion(RegionStatus {
                enabled,
                hub_arn: None,
                enabled_standards: standards,
            }),
        );
        testing::outcome_in(&SecurityhubStandardsEnabled, &r, &Inventory::new())
    }

    #[test]
    fn both_standards_pass() {
        let s = vec![standard(FSBP, "READY"), standard(CIS, "INCOMPLETE")];
        assert_eq!(
            judge(Value::Known(true), Value::Known(s)).status(),
            Status::Pass
        );
    }

    #[test]
    fn a_missing_or_failed_standard_fails_and_is_named() {
        let Outcome::Fail(e) = judge(
            Value::Known(true),
            Value::Known(vec![standard(FSBP, "READY"), standard(CIS, "FAILED")]),
        ) else {
            panic!("expected a failure");
        };
        assert!(e.message.contains("CIS AWS Foundations"), "{}", e.message);
        assert!(!e.message.contains("Best Practices"), "{}", e.message);
        assert_eq!(
            judge(Value::Known(true), Value::Known(vec![])).status(),
            Status::Fail
        );
    }

    #[test]
    fn unknown_is_unknown_and_a_disabled_hub_not_applicable() {
        assert_eq!(
            judge(
                Value::Known(true),
                Value::unknown("GetEnabledStandards denied")
            )
            .status(),
            Status::Unknown
        );
        assert_eq!(
            judge(Value::unknown("DescribeHub denied"), Value::Known(vec![])).status(),
            Status::Unknown
        );
        assert_eq!(
            judge(Value::Known(false), Value::Known(vec![])).status(),
            Status::NotApplicable
        );
    }
}
