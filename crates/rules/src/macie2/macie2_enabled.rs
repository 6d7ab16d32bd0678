//! Amazon Macie is enabled in every region.

use cloudward_model::macie2::RegionStatus;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `GetMacieSession` per region: `ENABLED` passes; `PAUSED`, and `DISABLED` (the
/// collector's name for AWS's "Macie is not enabled" `AccessDeniedException`), fail. In code,
/// `aws_macie2_account` / `AWS::Macie::Session` with `status`/`Status` (default `ENABLED`).
/// CIS manual control 2.1.3 (v7 3.1.3) asks that S3 data be discovered and classified: Macie
/// being on is the part of it an API can show.
pub struct Macie2Enabled;

const META: RuleMeta = RuleMeta {
    id: "macie2-enabled",
    title: "Amazon Macie is enabled",
    severity: Severity::Medium,
    service: "macie2",
    kinds: RegionStatus::KINDS,
    checks: "For each region, whether the account's Macie session (`GetMacieSession`) has \
             status `ENABLED`; `PAUSED` or no session fails.",
    rationale: "Macie discovers and classifies sensitive data (credentials, personal and \
                financial data) in S3 and reports buckets that are public, unencrypted or \
                shared. Without it nobody knows which buckets hold what must be protected, \
                which is the first question of any data breach.",
    remediation: Remediation {
        console: "Amazon Macie console > Get started > Enable Macie (or Resume Macie when \
                  paused); repeat in every region, or enable it for the organization from the \
                  delegated administrator; then turn on automated sensitive data discovery.",
        cli: "aws macie2 enable-macie --status ENABLED --region <region>",
        terraform: "resource \"aws_macie2_account\" \"main\" {\n  \
                    finding_publishing_frequency = \"FIFTEEN_MINUTES\"\n  \
                    status                       = \"ENABLED\"\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/macie/latest/user/getting-started.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/macie-controls.html#macie-1",
    ],
    frameworks: Frameworks {
        cis_v7: &["3.1.3"],
        cis_v6: &["3.1.3"],
        cis_v5: &["2.1.3"],
        cis_v3: &["2.1.3"],
        fsbp: &["Macie.1"],
        well_architected: &["SEC07-BP03", "SEC07-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_macie2_account\" \"main\" {\n  status = \"PAUSED\"\n}\n",
        terraform_good: "resource \"aws_macie2_account\" \"main\" {}\n",
        cloudformation_bad: "Resources:\n  Macie:\n    Type: AWS::Macie::Session\n    Properties:\n      Status: PAUSED\n",
        cloudformation_good: "Resources:\n  Macie:\n    Type: AWS::Macie::Session\n    Properties:\n      Status: ENABLED\n",
    },
    file: file!(),
};

impl Check for Macie2Enabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        let region = resource.region.as_deref().unwrap_or("this region");
        match status.status.get() {
            Err(reason) => Outcome::unknown(reason),
            Ok(s) if s == "ENABLED" => Outcome::Pass(Evidence::at(
                "status",
                format!("{region}: Macie is enabled"),
            )),
            Ok(s) => Outcome::Fail(Evidence::at("status", format!("{region}: Macie is {s}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};

    fn judge(status: Value<String>) -> Status {
        let r = test_support::resource(
            "macie-us-east-1",
            Attributes::Macie2Region(RegionStatus { status }),
        );
        testing::judge(&Macie2Enabled, &r)
    }

    #[test]
    fn enabled_passes() {
        assert_eq!(judge(Value::Known("ENABLED".into())), Status::Pass);
    }

    #[test]
    fn paused_or_disabled_fails() {
        assert_eq!(judge(Value::Known("PAUSED".into())), Status::Fail);
        assert_eq!(judge(Value::Known("DISABLED".into())), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
