//! GuardDuty Lambda Protection enabled in every region with a detector.

use cloudward_model::guardduty::RegionStatus;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::plan::{judge, Plan};
use crate::Check;

/// Reads the enabled detector's `Features` (`GetDetector`): `LAMBDA_NETWORK_LOGS`. Terraform's
/// `aws_guardduty_detector_feature` and `datasources`, and CloudFormation's `Features`, are
/// read the same way; a plan the code leaves undeclared is Unknown (the detector then gets
/// whatever the account's defaults are).
pub struct GuarddutyLambdaProtectionEnabled;

const PLAN: Plan = Plan {
    label: "Lambda Protection",
    features: &["LAMBDA_NETWORK_LOGS"],
    agent: None,
};

const META: RuleMeta = RuleMeta {
    id: "guardduty-lambda-protection-enabled",
    title: "GuardDuty Lambda Protection is enabled",
    severity: Severity::High,
    service: "guardduty",
    kinds: RegionStatus::KINDS,
    checks: "For each region with an enabled GuardDuty detector, whether `GetDetector` lists the feature `LAMBDA_NETWORK_LOGS` with status `ENABLED`. A region without an enabled detector is not applicable (guardduty-enabled judges it); a region that does not offer the plan is not applicable.",
    rationale: "Lambda Protection monitors the network activity of Lambda functions for calls to crypto-mining pools, command-and-control servers and known malicious hosts: the usual signs of a function running injected code.",
    remediation: Remediation {
        console: "GuardDuty console > Protection plans > Lambda Protection > Edit > Enable; repeat in every region (or set it for the organization from the delegated administrator).",
        cli: "aws guardduty update-detector --detector-id <detector-id> --features '[{\"Name\":\"LAMBDA_NETWORK_LOGS\",\"Status\":\"ENABLED\"}]' --region <region>",
        terraform: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"LAMBDA_NETWORK_LOGS\"\n  status      = \"ENABLED\"\n}\n",
    },
    references: &[
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-6",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["GuardDuty.6"],
        well_architected: &["SEC04-BP01", "SEC04-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"LAMBDA_NETWORK_LOGS\"\n  status      = \"DISABLED\"\n}\n",
        terraform_good: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"LAMBDA_NETWORK_LOGS\"\n  status      = \"ENABLED\"\n}\n",
        cloudformation_bad: "Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n      Enable: true\n      Features:\n        - Name: LAMBDA_NETWORK_LOGS\n          Status: DISABLED\n",
        cloudformation_good: "Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n      Enable: true\n      Features:\n        - Name: LAMBDA_NETWORK_LOGS\n          Status: ENABLED\n",
    },
    file: file!(),
};

impl Check for GuarddutyLambdaProtectionEnabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        judge(&PLAN, status, resource)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guardduty::plan::testing::{feature, judge, shared_cases};
    use cloudward_model::{Status, Value};

    #[test]
    fn enabled_plan_passes() {
        assert_eq!(
            judge(
                &GuarddutyLambdaProtectionEnabled,
                vec![feature(
                    "LAMBDA_NETWORK_LOGS",
                    Value::Known("ENABLED".into()),
                    &[]
                )]
            ),
            Status::Pass
        );
    }

    #[test]
    fn disabled_plan_fails() {
        assert_eq!(
            judge(
                &GuarddutyLambdaProtectionEnabled,
                vec![feature(
                    "LAMBDA_NETWORK_LOGS",
                    Value::Known("DISABLED".into()),
                    &[]
                )]
            ),
            Status::Fail
        );
    }

    #[test]
    fn unknown_is_unknown_and_no_detector_is_not_applicable() {
        assert_eq!(
            judge(
                &GuarddutyLambdaProtectionEnabled,
                vec![feature(
                    "LAMBDA_NETWORK_LOGS",
                    Value::unknown("not declared"),
                    &[]
                )]
            ),
            Status::Unknown
        );
        shared_cases(&GuarddutyLambdaProtectionEnabled);
    }
}
