//! ECR repositories have a lifecycle policy.

use crate::rule::flag;
use crate::Check;
use cloudward_model::ecr::Repository;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

/// Reads `GetLifecyclePolicy` (`LifecyclePolicyNotFoundException` is no policy;
/// `aws_ecr_lifecycle_policy` joined by repository name in Terraform,
/// `LifecyclePolicy.LifecyclePolicyText` in CloudFormation). Any policy passes: what it keeps
/// is a decision for the owner.
pub struct EcrRepositoryLifecyclePolicyConfigured;

const META: RuleMeta = RuleMeta {
    id: "ecr-repository-lifecycle-policy-configured",
    title: "ECR repositories have a lifecycle policy",
    severity: Severity::Low,
    service: "ecr",
    kinds: Repository::KINDS,
    checks: "For each private repository, whether a lifecycle policy is set.",
    rationale: "Without a lifecycle policy every image ever pushed stays: old images with known vulnerabilities remain pullable and deployable, scanning findings pile up on images no one runs, and storage costs grow. A policy that expires untagged and superseded images keeps the repository to what is in use.",
    remediation: Remediation {
        console: "ECR console > Repositories > <repository> > Lifecycle Policy > Create rule (for example expire untagged images older than 14 days) > Save.",
        cli: "aws ecr put-lifecycle-policy --repository-name <repository> --lifecycle-policy-text file://lifecycle.json",
        terraform: "resource \"aws_ecr_lifecycle_policy\" \"this\" {\n  repository = aws_ecr_repository.this.name\n  policy = jsonencode({\n    rules = [{\n      rulePriority = 1\n      description  = \"expire untagged images\"\n      selection = {\n        tagStatus   = \"untagged\"\n        countType   = \"sinceImagePushed\"\n        countUnit   = \"days\"\n        countNumber = 14\n      }\n      action = { type = \"expire\" }\n    }]\n  })\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-3"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECR.3"],
        well_architected: &["SEC06-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n",
        terraform_good: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n\nresource \"aws_ecr_lifecycle_policy\" \"app\" {\n  repository = aws_ecr_repository.app.name\n  policy = jsonencode({\n    rules = [{\n      rulePriority = 1\n      description  = \"expire untagged images\"\n      selection = {\n        tagStatus   = \"untagged\"\n        countType   = \"sinceImagePushed\"\n        countUnit   = \"days\"\n        countNumber = 14\n      }\n      action = { type = \"expire\" }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      LifecyclePolicy:\n        LifecyclePolicyText: '{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14},\"action\":{\"type\":\"expire\"}}]}'\n",
    },
    file: file!(),
};

impl Check for EcrRepositoryLifecyclePolicyConfigured {
    type Subject = Repository;
    const META: &'static RuleMeta = &META;

    fn judge(&self, repository: &Repository, _: &Resource, _: &Inventory) -> Outcome {
        flag(
            &repository.lifecycle_policy_configured,
            "lifecycle_policy_configured",
            "a lifecycle policy is set",
            "no lifecycle policy: every image pushed is kept",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};

    fn judge(repository: Repository) -> Status {
        testing::judge(
            &EcrRepositoryLifecyclePolicyConfigured,
            &resource("app", Attributes::EcrRepository(repository)),
        )
    }

    fn repo(v: Value<bool>) -> Repository {
        Repository {
            lifecycle_policy_configured: v,
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(judge(repo(Value::Known(true))), Status::Pass);
        assert_eq!(judge(repo(Value::Known(false))), Status::Fail);
        assert_eq!(judge(repo(Value::unknown("denied"))), Status::Unknown);
    }
}
