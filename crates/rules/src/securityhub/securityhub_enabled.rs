//! Security Hub enabled in every region.

use cloudward_model::securityhub::RegionStatus;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::Check;

/// Reads `DescribeHub` per region; the collector maps "not subscribed"
/// (`InvalidAccessException`) to a known `false`, and other errors to Unknown. A region that is
/// off cannot be declared in code, so only the good examples exist.
pub struct SecurityhubEnabled;

const META: RuleMeta = RuleMeta {
    id: "securityhub-enabled",
    title: "AWS Security Hub is enabled in every region",
    severity: Severity::Medium,
    service: "securityhub",
    kinds: RegionStatus::KINDS,
    checks: "For each region, whether the account is subscribed to Security Hub (`DescribeHub` \
             returns a hub).",
    rationale: "Security Hub gathers findings from GuardDuty, Inspector, Macie, IAM Access \
                Analyzer, Config and partner tools into one normalised place, and runs the CIS \
                and FSBP controls continuously. Without it, findings stay scattered per service \
                and per region, and the drift between scans goes unseen.",
    remediation: Remediation {
        console: "Security Hub console > Go to Security Hub > Enable Security Hub (with AWS \
                  Config already recording); repeat in every enabled region, or use a delegated \
                  administrator and central configuration in an organisation.",
        cli: "aws securityhub enable-security-hub --enable-default-standards --region <region>",
        terraform: "resource \"aws_securityhub_account\" \"main\" {\n  \
                    enable_default_standards = true\n}\n\
                    # one per region: instantiate with a provider alias for each enabled region",
    },
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html",
        "https://docs.aws.amazon.com/securityhub/latest/APIReference/API_DescribeHub.html",
    ],
    frameworks: Frameworks {
        cis_v7: &["5.16"],
        cis_v6: &["5.16"],
        cis_v5: &["4.16"],
        cis_v3: &["4.16"],
        fsbp: &[],
        well_architected: &["SEC04-BP02", "SEC04-BP03"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "resource \"aws_securityhub_account\" \"main\" {}\n",
        cloudformation_bad: "",
        cloudformation_good: "Resources:\n  Hub:\n    Type: AWS::SecurityHub::Hub\n",
    },
    file: file!(),
};

impl Check for SecurityhubEnabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        let region = resource.region.as_deref().unwrap_or("this region");
        match status.enabled.get() {
            Ok(true) => Outcome::Pass(Evidence::at(
                "enabled",
                match &status.hub_arn {
                    Some(arn) => format!("{region}: Security Hub is enabled ({arn})"),
                    None => format!("{region}: Security Hub is enabled"),
                },
            )),
            Ok(false) => Outcome::Fail(Evidence::at(
                "enabled",
                format!("{region}: Security Hub is not enabled"),
            )),
            Err(reason) => Outcome::unknown(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{securityhub, test_support, Attributes, Status, Value};

    fn judge(enabled: Value<bool>) -> Outcome {
        let r = test_support::resource(
            "securityhub-us-east-1",
            Attributes::SecurityHubRegion(securityhub::RegionStatus {
                enabled,
                hub_arn: None,
                enabled_standards: Value::Known(vec![]),
            }),
        );
        testing::outcome_in(&SecurityhubEnabled, &r, &Inventory::new())
    }

    #[test]
    fn enabled_passes() {
        assert_eq!(judge(Value::Known(true)).status(), Status::Pass);
    }

    #[test]
    fn disabled_fails_naming_the_region() {
        let Outcome::Fail(e) = judge(Value::Known(false)) else {
            panic!("expected a failure");
        };
        assert!(e.message.contains("us-east-1"), "{}", e.message);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("throttled")).status(), Status::Unknown);
    }
}
