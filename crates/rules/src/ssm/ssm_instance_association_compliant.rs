//! Managed EC2 instances are compliant with their State Manager associations.

use cloudward_model::ec2::Instance;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::{fleet_of, judge_compliance};
use crate::Check;

/// Reads `ListResourceComplianceSummaries` with `ComplianceType=Association` in the
/// instance's region: `COMPLIANT` passes, `NON_COMPLIANT` (an association failed to apply)
/// fails. A managed instance no association targets is not applicable, as in FSBP SSM.3.
pub struct SsmInstanceAssociationCompliant;

const META: RuleMeta = RuleMeta {
    id: "ssm-instance-association-compliant",
    title: "Managed EC2 instances are compliant with their State Manager associations",
    severity: Severity::Low,
    service: "ssm",
    kinds: Instance::KINDS,
    checks: "For each running EC2 instance managed by Systems Manager, whether its \
             Association compliance summary (`ListResourceComplianceSummaries`, \
             ComplianceType=Association) is COMPLIANT. An instance no association targets is \
             not applicable.",
    rationale: "State Manager associations keep a configuration in place: the agent, the \
                CloudWatch agent, hardening scripts, antivirus. A non-compliant association \
                means that configuration failed to apply, and the instance has drifted from \
                the state the organisation relies on.",
    remediation: Remediation {
        console: "Systems Manager console > State Manager > association > Execution history: \
                  read the failed output, fix the cause (permissions, document parameters, \
                  agent version), then Apply association now.",
        cli: "aws ssm describe-association-executions --association-id <association-id>\n\
              aws ssm start-associations-once --association-ids <association-id>",
        terraform: "resource \"aws_ssm_association\" \"baseline\" {\n  \
                    name = \"AWS-GatherSoftwareInventory\"\n  \
                    targets {\n    key    = \"InstanceIds\"\n    values = [\"*\"]\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-state.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-3",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SSM.3"],
        well_architected: &["SEC06-BP03"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for SsmInstanceAssociationCompliant {
    type Subject = Instance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, instance: &Instance, resource: &Resource, inventory: &Inventory) -> Outcome {
        let fleet = match fleet_of(instance, resource, inventory) {
            Ok(f) => f,
            Err(outcome) => return outcome,
        };
        judge_compliance(
            fleet,
            &fleet.association_compliance,
            &instance.instance_id,
            "association",
            || Outcome::not_applicable("no State Manager association targets the instance"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::ssm::testing::{fleet, instance, inventory};
    use cloudward_model::{Status, Value};

    fn judge(association: Value<Vec<(&str, &str)>>) -> Status {
        let inv = inventory(fleet(
            Value::Known(vec!["i-1"]),
            Value::Known(vec![]),
            association,
        ));
        testing::judge_in(&SsmInstanceAssociationCompliant, &instance(), &inv)
    }

    #[test]
    fn compliant_passes() {
        assert_eq!(
            judge(Value::Known(vec![("i-1", "COMPLIANT")])),
            Status::Pass
        );
    }

    #[test]
    fn non_compliant_fails() {
        assert_eq!(
            judge(Value::Known(vec![("i-1", "NON_COMPLIANT")])),
            Status::Fail
        );
    }

    #[test]
    fn unknown_is_unknown_and_untargeted_not_applicable() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
        assert_eq!(judge(Value::Known(vec![])), Status::NotApplicable);
    }
}
