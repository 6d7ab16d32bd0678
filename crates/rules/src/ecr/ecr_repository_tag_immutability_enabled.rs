//! ECR repositories have tag immutability enabled.

use crate::rule::judged;
use crate::Check;
use cloudward_model::ecr::Repository;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

/// Reads `ImageTagMutability` (`image_tag_mutability`, `ImageTagMutability`; default
/// `MUTABLE`). `IMMUTABLE` and `IMMUTABLE_WITH_EXCLUSION` pass (the latter lets the listed tag
/// filters, typically `latest`, move).
pub struct EcrRepositoryTagImmutabilityEnabled;

const META: RuleMeta = RuleMeta {
    id: "ecr-repository-tag-immutability-enabled",
    title: "ECR repositories have tag immutability enabled",
    severity: Severity::Medium,
    service: "ecr",
    kinds: Repository::KINDS,
    checks: "For each private repository, whether image tags are immutable (ImageTagMutability IMMUTABLE or IMMUTABLE_WITH_EXCLUSION).",
    rationale: "With mutable tags, anyone who can push can replace the image behind app:1.4.2 without changing a deployment: a compromised pipeline credential silently swaps production code, and rollbacks and audits no longer know what ran. Immutable tags make a tag name one image for good.",
    remediation: Remediation {
        console: "ECR console > Repositories > <repository> > Edit > Tag immutability: Enabled > Save.",
        cli: "aws ecr put-image-tag-mutability --repository-name <repository> --image-tag-mutability IMMUTABLE",
        terraform: "resource \"aws_ecr_repository\" \"this\" {\n  name                 = \"<name>\"\n  image_tag_mutability = \"IMMUTABLE\"\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["ECR.2"],
        well_architected: &["SEC06-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n",
        terraform_good: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n  image_tag_mutability = \"IMMUTABLE\"\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      ImageTagMutability: MUTABLE\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      ImageTagMutability: IMMUTABLE\n",
    },
    file: file!(),
};

impl Check for EcrRepositoryTagImmutabilityEnabled {
    type Subject = Repository;
    const META: &'static RuleMeta = &META;

    fn judge(&self, repository: &Repository, _: &Resource, _: &Inventory) -> Outcome {
        judged(
            &repository.image_tag_mutability,
            "image_tag_mutability",
            |m| {
                if m.starts_with("IMMUTABLE") {
                    Ok(format!("image tags are immutable ({m})"))
                } else {
                    Err(format!(
                        "image tags are mutable ({m}): a push can replace the image behind a tag"
                    ))
                }
            },
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
            &EcrRepositoryTagImmutabilityEnabled,
            &resource("app", Attributes::EcrRepository(repository)),
        )
    }

    fn repo(m: Value<String>) -> Repository {
        Repository {
            image_tag_mutability: m,
            ..Default::default()
        }
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(judge(repo(Value::Known("IMMUTABLE".into()))), Status::Pass);
        assert_eq!(
            judge(repo(Value::Known("IMMUTABLE_WITH_EXCLUSION".into()))),
            Status::Pass
        );
        assert_eq!(judge(repo(Value::Known("MUTABLE".into()))), Status::Fail);
        assert_eq!(judge(repo(Value::unknown("denied"))), Status::Unknown);
    }
}
