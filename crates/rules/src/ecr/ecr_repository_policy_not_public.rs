//! ECR repository policies grant no access to everyone.

use cloudward_model::ecr::Repository;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads `GetRepositoryPolicy` (`RepositoryPolicyNotFoundException` is no policy;
/// `aws_ecr_repository_policy` in Terraform, `RepositoryPolicyText` in CloudFormation) for
/// `Allow` statements to everyone without a condition narrowing the caller, with the SNS/SQS
/// policy analysis ([`crate::sns::policy`]).
pub struct EcrRepositoryPolicyNotPublic;

const META: RuleMeta = RuleMeta {
    id: "ecr-repository-policy-not-public",
    title: "ECR repository policies grant no access to everyone",
    severity: Severity::Critical,
    service: "ecr",
    kinds: Repository::KINDS,
    checks: "For each private repository, whether an Allow statement of its repository policy has Principal \"*\" (or {\"AWS\": \"*\"}, or a NotPrincipal) without a condition restricting the caller (aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn, source VPC or IP). No policy passes.",
    rationale: "A public repository policy lets any AWS account pull the images, and with it whatever the images contain (code, configuration, sometimes credentials); granting push actions lets anyone replace them. Images meant for the public belong in ECR Public.",
    remediation: Remediation {
        console: "ECR console > Repositories > <repository> > Permissions > Edit policy JSON: replace Principal \"*\" with the accounts or roles that pull, or add an aws:PrincipalOrgID condition > Save.",
        cli: "aws ecr get-repository-policy --repository-name <repository>\naws ecr set-repository-policy --repository-name <repository> --policy-text file://policy.json",
        terraform: "resource \"aws_ecr_repository_policy\" \"this\" {\n  repository = aws_ecr_repository.this.name\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\"]\n      Condition = { StringEquals = { \"aws:PrincipalOrgID\" = \"<org-id>\" } }\n    }]\n  })\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html", "https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_resource-based-policy-examples.html"],
    frameworks: Frameworks {
        cis_v7: &["2.21"],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC08-BP04"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n\nresource \"aws_ecr_repository_policy\" \"app\" {\n  repository = aws_ecr_repository.app.name\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"Anyone\"\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\"]\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n\nresource \"aws_ecr_repository_policy\" \"app\" {\n  repository = aws_ecr_repository.app.name\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"Organisation\"\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\"]\n      Condition = {\n        StringEquals = { \"aws:PrincipalOrgID\" = \"o-a1b2c3d4e5\" }\n      }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      RepositoryPolicyText:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Anyone\n            Effect: Allow\n            Principal: '*'\n            Action:\n              - ecr:BatchGetImage\n              - ecr:GetDownloadUrlForLayer\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      RepositoryPolicyText:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Organisation\n            Effect: Allow\n            Principal: '*'\n            Action:\n              - ecr:BatchGetImage\n              - ecr:GetDownloadUrlForLayer\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n",
    },
    file: file!(),
};

impl Check for EcrRepositoryPolicyNotPublic {
    type Subject = Repository;
    const META: &'static RuleMeta = &META;

    fn judge(&self, repository: &Repository, _: &Resource, _: &Inventory) -> Outcome {
        crate::sns::policy::judge_public(&repository.policy, "repository")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::test_support::resource;
    use cloudward_model::{Attributes, Status, Value};
    use serde_json::json;

    fn judge(repository: Repository) -> Status {
        testing::judge(
            &EcrRepositoryPolicyNotPublic,
            &resource("app", Attributes::EcrRepository(repository)),
        )
    }

    fn repo(policy: Value<Option<PolicyDocument>>) -> Repository {
        Repository {
            policy,
            ..Default::default()
        }
    }

    #[test]
    fn public_fails_org_passes_unknown_stays_unknown() {
        let public = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["ecr:BatchGetImage"]}]});
        assert_eq!(
            judge(repo(Value::Known(Some(PolicyDocument(public))))),
            Status::Fail
        );
        let org = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"],
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}]});
        assert_eq!(
            judge(repo(Value::Known(Some(PolicyDocument(org))))),
            Status::Pass
        );
        assert_eq!(judge(repo(Value::Known(None))), Status::Pass);
        assert_eq!(judge(repo(Value::unknown("denied"))), Status::Unknown);
    }
}
