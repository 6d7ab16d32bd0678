//! Secret resource policies grant nothing to everyone.

use cloudward_model::secretsmanager::Secret;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::policy::{actions, label, public_statements};
use crate::Check;

/// Reads the resource policy (`GetResourcePolicy`) for `Allow` statements whose principal is
/// everyone with no condition narrowing the caller, the analysis the S3 and KMS policy rules
/// share ([`crate::policy::public_statements`]). No policy passes.
pub struct SecretsmanagerSecretPolicyNotPublic;

const META: RuleMeta = RuleMeta {
    id: "secretsmanager-secret-policy-not-public",
    title: "Secrets Manager resource policies grant no access to everyone",
    severity: Severity::Critical,
    service: "secretsmanager",
    kinds: Secret::KINDS,
    checks: "For each secret with a resource policy, whether an Allow statement has Principal \
             \"*\" (or {\"AWS\": \"*\"}) without a condition restricting the caller \
             (aws:PrincipalOrgID, aws:PrincipalAccount, source VPC or IP, principal ARN).",
    rationale: "A public secret policy lets any AWS account call GetSecretValue; the only thing \
                left between the internet and the credential is the KMS key policy. Secrets \
                Manager's own BlockPublicPolicy check exists for this reason.",
    remediation: Remediation {
        console: "Secrets Manager console > Secrets > <secret> > Overview > Resource permissions \
                  > Edit permissions: name the principals that need the secret, or add an \
                  aws:PrincipalOrgID condition.",
        cli: "aws secretsmanager validate-resource-policy --secret-id <secret> --resource-policy file://policy.json\naws secretsmanager put-resource-policy --secret-id <secret> --resource-policy file://policy.json --block-public-policy",
        terraform: "resource \"aws_secretsmanager_secret_policy\" \"this\" {\n  secret_arn          = aws_secretsmanager_secret.this.arn\n  block_public_policy = true\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"arn:aws:iam::<account-id>:role/<reader>\" }\n      Action    = \"secretsmanager:GetSecretValue\"\n      Resource  = \"*\"\n    }]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP07", "SEC02-BP03"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_secretsmanager_secret\" \"api\" {\n  name = \"prod/api/token\"\n}\n\nresource \"aws_secretsmanager_secret_policy\" \"api\" {\n  secret_arn = aws_secretsmanager_secret.api.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = \"secretsmanager:GetSecretValue\"\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_secretsmanager_secret\" \"api\" {\n  name = \"prod/api/token\"\n}\n\nresource \"aws_secretsmanager_secret_policy\" \"api\" {\n  secret_arn = aws_secretsmanager_secret.api.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = \"secretsmanager:GetSecretValue\"\n      Resource  = \"*\"\n      Condition = { StringEquals = { \"aws:PrincipalOrgID\" = \"o-a1b2c3d4e5\" } }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  ApiToken:\n    Type: AWS::SecretsManager::Secret\n  ApiTokenPolicy:\n    Type: AWS::SecretsManager::ResourcePolicy\n    Properties:\n      SecretId: !Ref ApiToken\n      ResourcePolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: secretsmanager:GetSecretValue\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  ApiToken:\n    Type: AWS::SecretsManager::Secret\n  ApiTokenPolicy:\n    Type: AWS::SecretsManager::ResourcePolicy\n    Properties:\n      SecretId: !Ref ApiToken\n      ResourcePolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: secretsmanager:GetSecretValue\n            Resource: '*'\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n",
    },
    file: file!(),
};

impl Check for SecretsmanagerSecretPolicyNotPublic {
    type Subject = Secret;
    const META: &'static RuleMeta = &META;

    fn judge(&self, secret: &Secret, _: &Resource, _: &Inventory) -> Outcome {
        let document = match secret.policy.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::Pass(Evidence::at("policy", "the secret has no resource policy"))
            }
            Ok(Some(doc)) => doc,
        };
        let public: Vec<String> = public_statements(document)
            .iter()
            .map(|(i, s)| format!("{} allows {} to everyone", label(*i, s), actions(s)))
            .collect();
        if public.is_empty() {
            Outcome::Pass(Evidence::at(
                "policy",
                "no resource policy statement allows access to everyone",
            ))
        } else {
            Outcome::Fail(Evidence::at("policy", public.join("; ")))
        }
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

    const RULE: &SecretsmanagerSecretPolicyNotPublic = &SecretsmanagerSecretPolicyNotPublic;

    fn with_policy(policy: Value<Option<PolicyDocument>>) -> Resource {
        secret(Secret {
            policy,
            ..live_secret()
        })
    }

    #[test]
    fn pass_fail_unknown() {
        assert_eq!(judge(RULE, &with_policy(Value::Known(None))), Status::Pass);
        let open = PolicyDocument(
            json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": "secretsmanager:GetSecretValue", "Resource": "*"}}),
        );
        assert_eq!(
            judge(RULE, &with_policy(Value::Known(Some(open)))),
            Status::Fail
        );
        let narrowed = PolicyDocument(json!({"Statement": {"Effect": "Allow", "Principal": "*",
            "Action": "secretsmanager:GetSecretValue", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}}}}));
        assert_eq!(
            judge(RULE, &with_policy(Value::Known(Some(narrowed)))),
            Status::Pass
        );
        assert_eq!(
            judge(RULE, &with_policy(Value::unknown("denied"))),
            Status::Unknown
        );
    }
}
