//! GuardDuty Runtime Monitoring enabled in every region with a detector.

use cloudward_model::guardduty::RegionStatus;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::plan::{judge, Plan};
use crate::Check;

/// Reads the enabled detector's `Features` (`GetDetector`): `RUNTIME_MONITORING`. Terraform's
/// `aws_guardduty_detector_feature` and `datasources`, and CloudFormation's `Features`, are
/// read the same way; a plan the code leaves undeclared is Unknown (the detector then gets
/// whatever the account's defaults are).
pub struct GuarddutyRuntimeMonitoringEnabled;

const PLAN: Plan = Plan {
    label: "Runtime Monitoring",
    features: &["RUNTIME_MONITORING"],
    agent: None,
};

const META: RuleMeta = RuleMeta {
    id: "guardduty-runtime-monitoring-enabled",
    title: "GuardDuty Runtime Monitoring is enabled",
    severity: Severity::High,
    service: "guardduty",
    kinds: RegionStatus::KINDS,
    checks: "For each region with an enabled GuardDuty detector, whether `GetDetector` lists the feature `RUNTIME_MONITORING` with status `ENABLED`. A region without an enabled detector is not applicable (guardduty-enabled judges it); a region that does not offer the plan is not applicable.",
    rationale: "Runtime Monitoring gives GuardDuty the operating-system view of EKS, ECS (including Fargate) and EC2 workloads: processes, file access and network connections, which is where an attacker's tools actually run.",
    remediation: Remediation {
        console: "GuardDuty console > Protection plans > Runtime Monitoring > Edit > Enable; repeat in every region (or set it for the organization from the delegated administrator).",
        cli: "aws guardduty update-detector --detector-id <detector-id> --features '[{\"Name\":\"RUNTIME_MONITORING\",\"Status\":\"ENABLED\"}]' --region <region>",
        terraform: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"RUNTIME_MONITORING\"\n  status      = \"ENABLED\"\n}\n",
    },
    references: &[
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-11",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["GuardDuty.11"],
        well_architected: &["SEC04-BP01", "SEC04-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"RUNTIME_MONITORING\"\n  status      = \"DISABLED\"\n}\n",
        terraform_good: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}\n\nresource \"aws_guardduty_detector_feature\" \"plan\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"RUNTIME_MONITORING\"\n  status      = \"ENABLED\"\n}\n",
        cloudformation_bad: "Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n      Enable: true\n      Features:\n        - Name: RUNTIME_MONITORING\n          Status: DISABLED\n",
        cloudformation_good: "Resources:\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n      Enable: true\n      Features:\n        - Name: RUNTIME_MONITORING\n          Status: ENABLED\n",
    },
    file: file!(),
};

impl Check for GuarddutyRuntimeMonitoringEnabled {
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
                &GuarddutyRuntimeMonitoringEnabled,
                vec![feature(
                    "RUNTIME_MONITORING",
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
                &GuarddutyRuntimeMonitoringEnabled,
                vec![feature(
                    "RUNTIME_MONITORING",
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
                &GuarddutyRuntimeMonitoringEnabled,
                vec![feature(
                    "RUNTIME_MONITORING",
                    Value::unknown("not declared"),
                    &[]
                )]
            ),
            Status::Unknown
        );
        shared_cases(&GuarddutyRuntimeMonitoringEnabled);
    }
}
