//! Athena workgroups enforce their settings on clients.

use cloudward_model::athena::WorkGroup;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::rule::flag;
use crate::Check;

/// Reads `Configuration.EnforceWorkGroupConfiguration` of `GetWorkGroup`
/// (`enforce_workgroup_configuration` in Terraform, default true inside `configuration`;
/// `WorkGroupConfiguration.EnforceWorkGroupConfiguration` in CloudFormation, default true).
pub struct AthenaWorkgroupConfigurationEnforced;

const META: RuleMeta = RuleMeta {
    id: "athena-workgroup-configuration-enforced",
    title: "Athena workgroups enforce their configuration on clients",
    severity: Severity::Medium,
    service: "athena",
    kinds: WorkGroup::KINDS,
    checks: "For each Athena workgroup, whether EnforceWorkGroupConfiguration is true, so the \
             workgroup's result location and encryption override what clients request.",
    rationale: "Without enforcement every client (a JDBC driver, a notebook, the CLI) may send \
                its own result configuration: write results unencrypted, or to a bucket \
                outside the data perimeter. Enforcing the workgroup's settings makes its \
                encryption and location a control rather than a default.",
    remediation: Remediation {
        console: "Athena console > Administration > Workgroups > <workgroup> > Edit > Settings: \
                  select Override client-side settings > Save changes.",
        cli: "aws athena update-work-group --work-group <name> --configuration-updates EnforceWorkGroupConfiguration=true",
        terraform: "resource \"aws_athena_workgroup\" \"this\" {\n  name = \"<name>\"\n  configuration {\n    enforce_workgroup_configuration = true\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC08-BP02", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_athena_workgroup\" \"analysts\" {\n  name = \"analysts\"\n  configuration {\n    enforce_workgroup_configuration = false\n  }\n}\n",
        terraform_good: "resource \"aws_athena_workgroup\" \"analysts\" {\n  name = \"analysts\"\n  configuration {\n    enforce_workgroup_configuration = true\n  }\n}\n",
        cloudformation_bad: "Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        EnforceWorkGroupConfiguration: false\n",
        cloudformation_good: "Resources:\n  Analysts:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: analysts\n      WorkGroupConfiguration:\n        EnforceWorkGroupConfiguration: true\n",
    },
    file: file!(),
};

impl Check for AthenaWorkgroupConfigurationEnforced {
    type Subject = WorkGroup;
    const META: &'static RuleMeta = &META;

    fn judge(&self, group: &WorkGroup, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &group.enforce_work_group_configuration,
            "enforce_work_group_configuration",
            "the workgroup's settings override client-side settings",
            "clients may override the workgroup's result location and encryption",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(enforce: Value<bool>) -> Status {
        let r = resource(
            "analysts",
            Attributes::AthenaWorkGroup(WorkGroup {
                enforce_work_group_configuration: enforce,
                ..Default::default()
            }),
        );
        testing::judge(&AthenaWorkgroupConfigurationEnforced, &r)
    }

    #[test]
    fn enforced_passes_not_enforced_fails_unknown_is_unknown() {
        assert_eq!(judge(Value::Known(true)), Status::Pass);
        assert_eq!(judge(Value::Known(false)), Status::Fail);
        assert_eq!(
            judge(Value::unknown("no configuration block")),
            Status::Unknown
        );
    }
}
