//! ECR repository policies allow only the account itself and trusted accounts.

use cloudward_model::ecr::Repository;
use cloudward_model::{
    Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity, Subject,
};

use crate::Check;

/// Reads the repository policy for the accounts its `Allow` statements admit (AWS principals,
/// and the accounts a wildcard principal's condition names; an organisation condition passes),
/// against the scanned account and `trusted_accounts`, as the SNS/SQS/Lambda rules do
/// ([`crate::sns::policy::judge_trusted_accounts`]). In code another account not listed is
/// Unknown.
pub struct EcrRepositoryPolicyTrustedAccountsOnly;

const META: RuleMeta = RuleMeta {
    id: "ecr-repository-policy-trusted-accounts-only",
    title: "ECR repository policies allow only the account itself and trusted accounts",
    severity: Severity::High,
    service: "ecr",
    kinds: Repository::KINDS,
    checks: "For each private repository, every account an Allow statement of its repository policy admits must be the scanned account or one of trusted_accounts in cloudward.toml; a wildcard principal without an account or organisation condition fails.",
    rationale: "Pull access for another account hands it your images and what is baked into them; push access lets it replace what you deploy. Sharing with your own accounts and partners is normal; the trusted list makes any other grant visible.",
    remediation: Remediation {
        console: "ECR console > Repositories > <repository> > Permissions: remove the statements (or principals) naming accounts you do not trust > Save. If the account is trusted, add it to trusted_accounts in cloudward.toml.",
        cli: "aws ecr get-repository-policy --repository-name <repository>\naws ecr set-repository-policy --repository-name <repository> --policy-text file://policy.json",
        terraform: "resource \"aws_ecr_repository_policy\" \"this\" {\n  repository = aws_ecr_repository.this.name\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"arn:aws:iam::<trusted-account-id>:root\" }\n      Action    = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\"]\n    }]\n  })\n}",
    },
    references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html"],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC03-BP09"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n\nresource \"aws_ecr_repository_policy\" \"app\" {\n  repository = aws_ecr_repository.app.name\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"Anyone\"\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\"]\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_ecr_repository\" \"app\" {\n  name = \"app\"\n}\n\nresource \"aws_ecr_repository_policy\" \"app\" {\n  repository = aws_ecr_repository.app.name\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"Organisation\"\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\"]\n      Condition = {\n        StringEquals = { \"aws:PrincipalOrgID\" = \"o-a1b2c3d4e5\" }\n      }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      RepositoryPolicyText:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Anyone\n            Effect: Allow\n            Principal: '*'\n            Action:\n              - ecr:BatchGetImage\n              - ecr:GetDownloadUrlForLayer\n",
        cloudformation_good: "Resources:\n  App:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      RepositoryPolicyText:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Organisation\n            Effect: Allow\n            Principal: '*'\n            Action:\n              - ecr:BatchGetImage\n              - ecr:GetDownloadUrlForLayer\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n",
    },
    file: file!(),
};

impl Check for EcrRepositoryPolicyTrustedAccountsOnly {
    type Subject = Repository;
    const META: &'static RuleMeta = &META;

    fn judge(
        &self,
        repository: &Repository,
        resource: &Resource,
        inventory: &Inventory,
    ) -> Outcome {
        crate::sns::policy::judge_trusted_accounts(
            &repository.policy,
            resource,
            inventory,
            "repository",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::test_support::resource;
    use cloudward_model::Settings;
    use cloudward_model::{Attributes, Status, Value};
    use serde_json::json;

    fn judge(policy: Value<Option<PolicyDocument>>, trusted: &[&str]) -> Status {
        let r = resource(
            "app",
            Attributes::EcrRepository(Repository {
                policy,
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.account_id = Some("123456789012".into());
        inventory.settings = Settings {
            trusted_accounts: trusted.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        };
        testing::judge_in(&EcrRepositoryPolicyTrustedAccountsOnly, &r, &inventory)
    }

    #[test]
    fn other_accounts_fail_unless_trusted() {
        let doc = || {
            Value::Known(Some(PolicyDocument(
                json!({"Statement": [{"Effect": "Allow",
                "Principal": {"AWS": ["arn:aws:iam::444455556666:root"]},
                "Action": ["ecr:BatchGetImage"]}]}),
            )))
        };
        assert_eq!(judge(doc(), &[]), Status::Fail);
        assert_eq!(judge(doc(), &["444455556666"]), Status::Pass);
        assert_eq!(judge(Value::Known(None), &[]), Status::Pass);
        assert_eq!(judge(Value::unknown("denied"), &[]), Status::Unknown);
    }
}
