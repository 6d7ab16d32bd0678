//! Running EC2 instances are managed by Systems Manager.

use cloudward_model::ec2::Instance;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{fleet_of, is_managed};
use crate::Check;

/// Reads `DescribeInstanceInformation` of the instance's region (the `SsmFleet`): a running
/// instance whose id is not among the managed nodes fails. Stopped instances, and instances in
/// code, are not applicable: registration is a runtime state (an instance profile with
/// `AmazonSSMManagedInstanceCore` and a reachable SSM endpoint make it).
pub struct SsmInstanceManaged;

const META: RuleMeta = RuleMeta {
    id: "ssm-instance-managed",
    title: "EC2 instances are managed by Systems Manager",
    severity: Severity::Medium,
    service: "ssm",
    kinds: Instance::KINDS,
    checks: "For each running EC2 instance, whether Systems Manager lists it as a managed \
             node (`DescribeInstanceInformation` in its region).",
    rationale: "A managed node can be patched, inventoried and reached through Session \
                Manager without an open SSH port or a key pair. An unmanaged instance is \
                patched by hand if at all, its software inventory is unknown, and responders \
                cannot collect evidence from it quickly.",
    remediation: Remediation {
        console: "EC2 console > instance > Actions > Security > Modify IAM role: attach a \
                  role with AmazonSSMManagedInstanceCore; ensure the SSM agent runs and the \
                  instance reaches the ssm, ssmmessages and ec2messages endpoints (or enable \
                  Default Host Management Configuration in Systems Manager Fleet Manager).",
        cli: "aws ec2 associate-iam-instance-profile --instance-id <instance-id> \
              --iam-instance-profile Name=<profile-with-AmazonSSMManagedInstanceCore>",
        terraform: "resource \"aws_iam_role_policy_attachment\" \"ssm\" {\n  \
                    role       = aws_iam_role.instance.name\n  \
                    policy_arn = \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"\n}\n\n\
                    resource \"aws_instance\" \"app\" {\n  \
                    ami                  = \"<ami-id>\"\n  \
                    instance_type        = \"t3.micro\"\n  \
                    iam_instance_profile = aws_iam_instance_profile.instance.name\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-setting-up-ec2.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-1",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["SSM.1"],
        well_architected: &["SEC06-BP03", "SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for SsmInstanceManaged {
    type Subject = Instance;
    const META: &'static RuleMeta = &META;

    fn judge(&self, instance: &Instance, resource: &Resource, inventory: &Inventory) -> Outcome {
        let fleet = match fleet_of(instance, resource, inventory) {
            Ok(f) => f,
            Err(outcome) => return outcome,
        };
        match is_managed(fleet, &instance.instance_id) {
            Err(reason) => Outcome::unknown(reason),
            Ok(true) => Outcome::Pass(Evidence::new(
                "the instance is a Systems Manager managed node",
            )),
            Ok(false) => Outcome::Fail(Evidence::new(
                "Systems Manager does not list the instance as a managed node",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use crate::ssm::testing::{fleet, instance, inventory};
    use cloudward_model::{Status, Value};

    fn judge(managed: Value<Vec<&str>>) -> Status {
        let inv = inventory(fleet(managed, Value::Known(vec![]), Value::Known(vec![])));
        testing::judge_in(&SsmInstanceManaged, &instance(), &inv)
    }

    #[test]
    fn a_managed_instance_passes() {
        assert_eq!(judge(Value::Known(vec!["i-1"])), Status::Pass);
    }

    #[test]
    fn an_unmanaged_instance_fails() {
        assert_eq!(judge(Value::Known(vec!["i-2"])), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("unsupported")), Status::Unknown);
        assert_eq!(
            testing::judge_in(&SsmInstanceManaged, &instance(), &Inventory::new()),
            Status::Unknown
        );
    }
}
