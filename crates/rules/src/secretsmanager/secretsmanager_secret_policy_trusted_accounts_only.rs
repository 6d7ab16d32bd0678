//! Secret resource policies grant access to no account outside this one and the trusted list.

use cloudward_model::secretsmanager::Secret;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::policy::{grantees, judge_grants, label, own_account};
use crate::Check;

/// Reads every `Allow` statement of the resource policy (any action: every Secrets Manager
/// action on a secret is sensitive) and the accounts its principals name, as
/// `kms-key-policy-no-full-access-to-other-accounts` does
/// ([`crate::policy::judge_grants`]): each must be the secret's own account (from its
/// ARN) or in `settings.trusted_accounts`.
pub struct SecretsmanagerSecretPolicyTrustedAccountsOnly;

const META: RuleMeta = RuleMeta {
    id: "secretsmanager-secret-policy-trusted-accounts-only",
    title: "Secrets Manager resource policies grant access only to trusted accounts",
    severity: Severity::High,
    service: "secretsmanager",
    kinds: Secret::KINDS,
    checks: "For each secret with a resource policy, whether an Allow statement reaches an \
             account other than the secret's own and those in trusted_accounts \
             (cloudward.toml), including Principal \"*\" not narrowed to named accounts.",
    rationale: "A secret shared with another account is readable by whoever controls that \
                account. Sharing should be a decision recorded in the trusted list, not a \
                leftover of a migration or a typo in an account id.",
    remediation: Remediation {
        console: "Secrets Manager console > Secrets > <secret> > Resource permissions > Edit \
                  permissions: remove the statements for accounts you do not trust, or add the \
                  account to trusted_accounts in cloudward.toml if the sharing is intended.",
        cli: "aws secretsmanager get-resource-policy --secret-id <secret>\naws secretsmanager put-resource-policy --secret-id <secret> --resource-policy file://policy.json --block-public-policy",
        terraform: "resource \"aws_secretsmanager_secret_policy\" \"this\" {\n  secret_arn = aws_secretsmanager_secret.this.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"arn:aws:iam::<trusted-account-id>:role/<reader>\" }\n      Action    = \"secretsmanager:GetSecretValue\"\n      Resource  = \"*\"\n    }]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC03-BP09"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_secretsmanager_secret\" \"api\" {\n  name = \"prod/api/token\"\n}\n\nresource \"aws_secretsmanager_secret_policy\" \"api\" {\n  secret_arn = aws_secretsmanager_secret.api.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = [\"arn:aws:iam::111122223333:root\", \"arn:aws:iam::444455556666:root\"] }\n      Action    = \"secretsmanager:GetSecretValue\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_secretsmanager_secret\" \"api\" {\n  name = \"prod/api/token\"\n}\n\nresource \"aws_secretsmanager_secret_policy\" \"api\" {\n  secret_arn = aws_secretsmanager_secret.api.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"DenyOutsideOrg\"\n      Effect    = \"Deny\"\n      Principal = \"*\"\n      Action    = \"secretsmanager:*\"\n      Resource  = \"*\"\n      Condition = { StringNotEquals = { \"aws:PrincipalOrgID\" = \"o-a1b2c3d4e5\" } }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  ApiToken:\n    Type: AWS::SecretsManager::Secret\n  ApiTokenPolicy:\n    Type: AWS::SecretsManager::ResourcePolicy\n    Properties:\n      SecretId: !Ref ApiToken\n      ResourcePolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS:\n                - arn:aws:iam::111122223333:root\n                - arn:aws:iam::444455556666:root\n            Action: secretsmanager:GetSecretValue\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  ApiToken:\n    Type: AWS::SecretsManager::Secret\n  ApiTokenPolicy:\n    Type: AWS::SecretsManager::ResourcePolicy\n    Properties:\n      SecretId: !Ref ApiToken\n      ResourcePolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: DenyOutsideOrg\n            Effect: Deny\n            Principal: '*'\n            Action: secretsmanager:*\n            Resource: '*'\n            Condition:\n              StringNotEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n",
    },
    file: file!(),
};

impl Check for SecretsmanagerSecretPolicyTrustedAccountsOnly {
    type Subject = Secret;
    const META: &'static RuleMeta = &META;

    fn judge(&self, secret: &Secret, resource: &Resource, inventory: &Inventory) -> Outcome {
        let document = match secret.policy.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::Pass(Evidence::at("policy", "the secret has no resource policy"))
            }
            Ok(Some(doc)) => doc,
        };
        let grants: Vec<_> = document
            .statements()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.allow)
            .map(|(i, s)| (label(i, s), grantees(s)))
            .collect();
        let own = own_account(&secret.arn, resource, inventory);
        judge_grants(&grants, own, &inventory.settings, "policy", "access")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing::judge;
    use crate::secretsmanager::test_helpers::{live_secret, secret};
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::{Status, Value};
    use serde_json::json;

    const RULE: &SecretsmanagerSecretPolicyTrustedAccountsOnly =
        &SecretsmanagerSecretPolicyTrustedAccountsOnly;

    fn to(principal: &str) -> Resource {
        secret(Secret {
            policy: Value::Known(Some(PolicyDocument(
                json!({"Statement": {"Effect": "Allow",
                "Principal": {"AWS": principal}, "Action": "secretsmanager:GetSecretValue",
                "Resource": "*"}}),
            ))),
            ..live_secret()
        })
    }

    #[test]
    fn own_account_passes_other_fails_unknown_is_unknown() {
        assert_eq!(
            judge(RULE, &to("arn:aws:iam::123456789012:role/app")),
            Status::Pass
        );
        assert_eq!(
            judge(RULE, &to("arn:aws:iam::444455556666:root")),
            Status::Fail
        );
        let unknown = secret(Secret {
            policy: Value::unknown("denied"),
            ..live_secret()
        });
        assert_eq!(judge(RULE, &unknown), Status::Unknown);
    }
}
