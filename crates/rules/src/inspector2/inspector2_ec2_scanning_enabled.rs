//! Amazon Inspector EC2 scanning is enabled.

use cloudward_model::inspector2::RegionStatus;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::judge_scan;
use crate::Check;

/// Reads `BatchGetAccountStatus` for the scanned account: `ResourceState.Ec2.Status` must be
/// `ENABLED`. In
/// Terraform, `aws_inspector2_enabler` `resource_types` (the enabler sets the account's scan
/// types, so a type it leaves out is disabled); CloudFormation has no resource that enables
/// Inspector.
pub struct Inspector2Ec2ScanningEnabled;

const META: RuleMeta = RuleMeta {
    id: "inspector2-ec2-scanning-enabled",
    title: "Amazon Inspector EC2 scanning is enabled",
    severity: Severity::High,
    service: "inspector2",
    kinds: RegionStatus::KINDS,
    checks: "For each region, whether Amazon Inspector's EC2 scanning (resource type `EC2`) is \
             `ENABLED` for the account (`BatchGetAccountStatus`).",
    rationale: "EC2 scanning finds known vulnerabilities (CVEs) in the operating-system and application packages of every instance, and network paths that expose them, continuously as new CVEs are published. Without it unpatched instances are found by attackers first.",
    remediation: Remediation {
        console: "Amazon Inspector console > Account management > select the account > \
                  Activate > EC2; repeat in every region, or activate it for the \
                  organization from the delegated administrator.",
        cli: "aws inspector2 enable --resource-types EC2 --region <region>",
        terraform: "resource \"aws_inspector2_enabler\" \"main\" {\n  account_ids    = [\"123456789012\"]\n  resource_types = [\"EC2\", \"ECR\", \"LAMBDA\", \"LAMBDA_CODE\"]\n}\n",
    },
    references: &[
        "https://docs.aws.amazon.com/inspector/latest/user/getting_started_tutorial.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/inspector-controls.html#inspector-1",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Inspector.1"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_inspector2_enabler\" \"main\" {\n  account_ids    = [\"123456789012\"]\n  resource_types = [\"ECR\", \"LAMBDA\", \"LAMBDA_CODE\"]\n}\n",
        terraform_good: "resource \"aws_inspector2_enabler\" \"main\" {\n  account_ids    = [\"123456789012\"]\n  resource_types = [\"EC2\", \"ECR\", \"LAMBDA\", \"LAMBDA_CODE\"]\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for Inspector2Ec2ScanningEnabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        judge_scan(
            status.ec2.as_ref().map(Some),
            "EC2 scanning",
            "ec2",
            resource,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspector2::testing::{region, resource};
    use crate::rule::testing;
    use cloudward_model::{Status, Value};

    fn judge(state: Value<String>) -> Status {
        let mut s = region();
        s.ec2 = state;
        testing::judge(&Inspector2Ec2ScanningEnabled, &resource(s))
    }

    #[test]
    fn enabled_passes() {
        assert_eq!(judge(Value::Known("ENABLED".into())), Status::Pass);
    }

    #[test]
    fn disabled_or_suspended_fails() {
        assert_eq!(judge(Value::Known("DISABLED".into())), Status::Fail);
        assert_eq!(judge(Value::Known("SUSPENDED".into())), Status::Fail);
    }

    #[test]
    fn unknown_is_unknown() {
        assert_eq!(judge(Value::unknown("denied")), Status::Unknown);
    }
}
