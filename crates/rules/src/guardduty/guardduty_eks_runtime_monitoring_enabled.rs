//! GuardDuty EKS Runtime Monitoring enabled in every region with a detector.

use cloudward_model::guardduty::RegionStatus;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::plan::{judge, Plan};
use crate::Check;

/// Reads the enabled detector's `Features` (`GetDetector`): `RUNTIME_MONITORING` or `EKS_RUNTIME_MONITORING` with `EKS_ADDON_MANAGEMENT` in its `AdditionalConfiguration`. Terraform's
/// `aws_guardduty_detector_feature` and `datasources`, and CloudFormation's `Features`, are
/// read the same way; a plan the code leaves undeclared is Unknown (the detector then gets
/// whatever the account's defaults are).
pub struct GuarddutyEksRuntimeMonitoringEnabled;

const PLAN: Plan = Plan {
    label: "EKS Runtime Monitoring",
    features: &["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"],
    agent: Some("EKS_ADDON_MANAGEMENT"),
};

const META: RuleMeta = RuleMeta {
    id: "guardduty-eks-runtime-monitoring-enabled",
    title: "GuardDuty EKS Runtime Monitoring is enabled",
    severity: Severity::Medium,
    service: "guardduty",
    kinds: RegionStatus::KINDS,
    checks: "For each region with an enabled GuardDuty detector, whether `GetDetector` lists the feature `RUNTIME_MONITORING` or `EKS_RUNTIME_MONITORING` with status `ENABLED` with the additional configuration `EKS_ADDON_MANAGEMENT` (automated agent management) enabled. A region without an enabled detector is not applicable (guardduty-enabled judges it); a region that does not offer the plan is not applicable.",
    rationale: "Runtime Monitoring for EKS watches process, file and network events inside the nodes and containers (reverse shells, privilege escalation, crypto-miners). Without automated agent management the GuardDuty add-on is not deployed to new clusters, so they run unmonitored.",
    remediation: Remediation {
        console: "GuardDuty console > Protection plans > Runtime Monitoring > Edit > Enable; under Runtime Monitoring > Configuration, enable automated agent configuration for Amazon EKS; repeat in every region (or set it for the organization from the delegated administrator).",
        cli: "aws guardduty update-detector --detector-id <detector-id> --features '[{\"Name\":\"RUNTIME_MONITORING\",\"Status\":\"ENABLED\",\"AdditionalConfiguration\":[{\"Name\":\"EKS_ADDON_MANAGEMENT\",\"Status\":\"ENABLED\"}]}]' --region <region>",
        terraform: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"RUNTIME_MONITORING\"\n  status      = \"ENABLED\"\n  additional_configuration {\n    name   = \"EKS_ADDON_MANAGEMENT\"\n    status = \"ENABLED\"\n  }\n}\n",
    },
    references: &[
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-7",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["GuardDuty.7"],
        well_architected: &["SEC04-BP01", "SEC04-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"RUNTIME_MONITORING\"\n  status      = \"ENABLED\"\n  additional_configuration {\n    name   = \"EKS_ADDON_MANAGEMENT\"\n    status = \"DISABLED\"\n  }\n}\n",
        terraform_good: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"RUNTIME_MONITORING\"\n  status      = \"ENABLED\"\n  additional_configuration {\n    name   = \"EKS_ADDON_MANAGEMENT\"\n    status = \"ENABLED\"\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n      Enable: true\n      Features:\n        - Name: RUNTIME_MONITORING\n          Status: ENABLED\n          AdditionalConfiguration:\n            - Name: EKS_ADDON_MANAGEMENT\n              Status: DISABLED\n",
        cloudformation_good: "Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n      Enable: true\n      Features:\n        - Name: RUNTIME_MONITORING\n          Status: ENABLED\n          AdditionalConfiguration:\n            - Name: EKS_ADDON_MANAGEMENT\n              Status: ENABLED\n",
    },
    file: file!(),
};

impl Check for GuarddutyEksRuntimeMonitoringEnabled {
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
                &GuarddutyEksRuntimeMonitoringEnabled,
                vec![feature(
                    "RUNTIME_MONITORING",
                    Value::Known("ENABLED".into()),
                    &[("EKS_ADDON_MANAGEMENT", "ENABLED")]
                )]
            ),
            Status::Pass
        );
    }

    #[test]
    fn disabled_plan_fails() {
        assert_eq!(
            judge(
                &GuarddutyEksRuntimeMonitoringEnabled,
                vec![feature(
                    "RUNTIME_MONITORING",
                    Value::Known("ENABLED".into()),
                    &[("EKS_ADDON_MANAGEMENT", "DISABLED")]
                )]
            ),
            Status::Fail
        );
    }

    #[test]
    fn unknown_is_unknown_and_no_detector_is_not_applicable() {
        assert_eq!(
            judge(
                &GuarddutyEksRuntimeMonitoringEnabled,
                vec![feature(
                    "RUNTIME_MONITORING",
                    Value::unknown("not declared"),
                    &[]
                )]
            ),
            Status::Unknown
        );
        shared_cases(&GuarddutyEksRuntimeMonitoringEnabled);
    }
}
