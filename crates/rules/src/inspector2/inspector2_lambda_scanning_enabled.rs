//! Amazon Inspector Lambda standard scanning is enabled.

use cloudward_model::inspector2::RegionStatus;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use super::judge_scan;
use crate::Check;

/// Reads `BatchGetAccountStatus` for the scanned account: `ResourceState.Lambda.Status` must be
/// `ENABLED` (absent where the region does not offer it: not applicable). In
/// Terraform, `aws_inspector2_enabler` `resource_types` (the enabler sets the account's scan
/// types, so a type it leaves out is disabled); CloudFormation has no resource that enables
/// Inspector.
pub struct Inspector2LambdaScanningEnabled;

const META: RuleMeta = RuleMeta {
    id: "inspector2-lambda-scanning-enabled",
    title: "Amazon Inspector Lambda standard scanning is enabled",
    severity: Severity::High,
    service: "inspector2",
    kinds: RegionStatus::KINDS,
    checks: "For each region, whether Amazon Inspector's Lambda standard scanning (resource type `LAMBDA`) is \
             `ENABLED` for the account (`BatchGetAccountStatus`).",
    rationale: "Lambda standard scanning finds known vulnerabilities in the packages and layers of Lambda functions, which are otherwise deployed and forgotten with whatever library versions they were built with.",
    remediation: Remediation {
        console: "Amazon Inspector console > Account management > select the account > \
                  Activate > Lambda; repeat in every region, or activate it for the \
                  organization from the delegated administrator.",
        cli: "aws inspector2 enable --resource-types LAMBDA --region <region>",
        terraform: "resource \"aws_inspector2_enabler\" \"main\" {\n  account_ids    = [\"123456789012\"]\n  resource_types = [\"EC2\", \"ECR\", \"LAMBDA\", \"LAMBDA_CODE\"]\n}\n",
    },
    references: &[
        "https://docs.aws.amazon.com/inspector/latest/user/getting_started_tutorial.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/inspector-controls.html#inspector-4",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["Inspector.4"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_inspector2_enabler\" \"main\" {\n  account_ids    = [\"123456789012\"]\n  resource_types = [\"EC2\", \"ECR\", \"LAMBDA_CODE\"]\n}\n",
        terraform_good: "resource \"aws_inspector2_enabler\" \"main\" {\n  account_ids    = [\"123456789012\"]\n  resource_types = [\"EC2\", \"ECR\", \"LAMBDA\", \"LAMBDA_CODE\"]\n}\n",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for Inspector2LambdaScanningEnabled {
    type Subject = RegionStatus;
    const META: &'static RuleMeta = &META;

    fn judge(&self, status: &RegionStatus, resource: &Resource, _: &Inventory) -> Outcome {
        judge_scan(
            status.lambda.as_ref().map(Option::as_ref),
            "Lambda standard scanning",
            "lambda",
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
        s.lambda = state.map(Some);
        testing::judge(&Inspector2LambdaScanningEnabled, &resource(s))
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
