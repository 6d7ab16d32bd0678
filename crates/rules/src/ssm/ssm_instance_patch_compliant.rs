//! Managed EC2 instances are patch compliant.

use cloudward_model::ec2::Instance;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{fleet_of, judge_compliance};
use crate::Check;

/// Reads `ListResourceComplianceSummaries` with `ComplianceType=Patch` in the instance's
/// region: `COMPLIANT` passes, `NON_COMPLIANT` fails. A managed instance with no patch
/// summary fails too: no patch baseline scan has ever reported on it, so nobody knows what it
/// is missing. Unmanaged instances are left to `ssm-instance-managed`.
pub struct SsmInstancePatchCompliant;

const META: RuleMeta = RuleMeta {
    id: "ssm-instance-patch-compliant",
    title: "Managed EC2 instances are compliant with their patch baseline",
    severity: Severity::High,
    service: "ssm",
    kinds: Instance::KINDS,
    checks: "For each running EC2 instance managed by Systems Manager, whether its Patch \
             compliance summary (`ListResourceComplianceSummaries`, ComplianceType=Patch) is \
             COMPLIANT. No summary fails: no patch scan reports on the instance.",
    rationale: "Most intrusions into EC2 use vulnerabilities with patches long available. \
                Patch compliance says whether the instance has every patch its baseline \
                approves; an instance that is missing them, or that no patch scan reports on, \
                runs with known holes.",
    remediation: Remediation {
        console: "Systems Manager console > Patch Manager > Patch now (Scan and install) for \
                  the instance, then Configure patching with a daily scan and a maintenance \
                  window for installs (or a Quick Setup patch policy).",
        cli: "aws ssm send-command --document-name AWS-RunPatchBaseline --targets \
              Key=InstanceIds,Values=<instance-id> --parameters Operation=Install",
        terraform: "resource \"aws_ssm_association\" \"patch_scan\" {\n  \
                    name                = \"AWS-RunPatchBaseline\"\n  \
                    schedule_expression = \"rate(1 day)\"\n  \
                    parameters          = { Operation = \"Scan\" }\n  \
                    targets {\n    key    = \"InstanceIds\"\n    values = [\"*\"]\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-2",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SSM.2"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for SsmInstancePatchCompliant {
    type Subject = Instance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, instance: &Instance, resource: &Resource, inventory: &Inventory) -> Outcome {
        let fleet = match fleet_of(instance, resource, inventory) {
            Ok(f) => f,
            Err(outcome) => return outcome,
        };
        judge_compliance(
            fleet,
            &fleet.patch_compliance,
            &instance.instance_id,
            "patch",
            || {
                Outcome::Fail(Evidence::new(
                    "no patch compliance is reported for the instance: no patch baseline scan \
                     runs on it",
                ))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::ssm::testing::{fleet, instance, inventory};
    use cloudward_model::{Status, Value};

    fn judge(patch: Value<Vec<(&str, &str)>>) -> Status {
        let inv = inventory(fleet(
            Value::Known(vec!["i-1"]),
            patch,
            Value::Known(vec![]),
        ));
        testing::judge_in(&SsmInstancePatchCompliant, &instance(), &inv)
    }

    #[test]
    fn compliant_passes() {
        assert_eq!(
            judge(Value::Known(vec![("i-1", "COMPLIANT")])),
            Status::Pass
        );
    }

    #[test]
    fn non_compliant_or_unscanned_fails() {
        assert_eq!(
            judge(Value::Known(vec![("i-1", "NON_COMPLIANT")])),
            Status::Fail
        );
        assert_eq!(judge(Value::Known(vec![])), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown_and_unmanaged_not_applicable() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
        let inv = inventory(fleet(
            Value::Known(vec![]),
            Value::Known(vec![]),
            Value::Known(vec![]),
        ));
        assert_eq!(
            testing::judge_in(&SsmInstancePatchCompliant, &instance(), &inv),
            Status::NotApplicable
        );
    }
}
