//! Key policies grant nothing to everyone.

use cloudward_model::kms::Key;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::kms::customer_only;
use crate::policy::{actions, label, public_statements};
use crate::Check;

/// Reads the key policy (`GetKeyPolicy`, name `default`) for `Allow` statements whose
/// principal is everyone (`*`, `{"AWS": "*"}`) with no condition narrowing the caller: the S3
/// bucket-policy analysis plus `kms:CallerAccount` ([`crate::policy::public_statements`]).
/// No policy in code is KMS's default key policy, which grants only the account. AWS managed
/// keys are not applicable (AWS writes their policies).
pub struct KmsKeyPolicyNotPublic;

const META: RuleMeta = RuleMeta {
    id: "kms-key-policy-not-public",
    title: "KMS key policies grant no access to everyone",
    severity: Severity::Critical,
    service: "kms",
    kinds: Key::KINDS,
    checks: "For each customer managed key, whether an Allow statement of its key policy has \
             Principal \"*\" (or {\"AWS\": \"*\"}) without a condition restricting the caller \
             (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount, \
             source VPC or IP, principal ARN).",
    rationale: "A key policy is the root of access to a KMS key: a statement open to everyone \
                lets any AWS account (and anonymous callers, where the action allows) use the key \
                to decrypt data, or change the policy and schedule the key for deletion, which \
                makes every object encrypted under it unreadable.",
    remediation: Remediation {
        console: "KMS console > Customer managed keys > <key> > Key policy > Edit: replace \
                  Principal \"*\" with the account root or the roles that need the key, or add a \
                  condition such as kms:CallerAccount or aws:PrincipalOrgID.",
        cli: "aws kms get-key-policy --key-id <key-id> --policy-name default --query Policy --output text > policy.json\n\
              aws kms put-key-policy --key-id <key-id> --policy-name default --policy file://policy.json",
        terraform: "resource \"aws_kms_key_policy\" \"this\" {\n  key_id = aws_kms_key.this.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"AccountAdmin\"\n      Effect    = \"Allow\"\n      Principal = { AWS = \"arn:aws:iam::<account-id>:root\" }\n      Action    = \"kms:*\"\n      Resource  = \"*\"\n    }]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-5",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["KMS.5"],
        well_architected: &["SEC03-BP07", "SEC08-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_kms_key\" \"data\" {\n  description         = \"data key\"\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"Everyone\"\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = [\"kms:Decrypt\", \"kms:DescribeKey\"]\n      Resource  = \"*\"\n    }]\n  })\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"data\" {\n  description         = \"data key\"\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid       = \"OrgDecrypt\"\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = [\"kms:Decrypt\", \"kms:DescribeKey\"]\n      Resource  = \"*\"\n      Condition = { StringEquals = { \"aws:PrincipalOrgID\" = \"o-a1b2c3d4e5\" } }\n    }]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  DataKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Everyone\n            Effect: Allow\n            Principal: '*'\n            Action: ['kms:Decrypt', 'kms:DescribeKey']\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  DataKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: OrgDecrypt\n            Effect: Allow\n            Principal: '*'\n            Action: ['kms:Decrypt', 'kms:DescribeKey']\n            Resource: '*'\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n",
    },
    file: file!(),
};

impl Check for KmsKeyPolicyNotPublic {
    type Subject = Key;
    const META: &'static RuleMeta = &META;

    fn judge(&self, key: &Key, _: &Resource, _: &Inventory) -> Outcome {
        if let Some(outcome) = customer_only(key) {
            return outcome;
        }
        let document = match key.policy.get() {
            Err(reason) => return Outcome::unknown(reason),
            Ok(None) => {
                return Outcome::Pass(Evidence::at(
                    "policy",
                    "no key policy declared: KMS applies its default key policy, which grants \
                     only the key's account",
                ))
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
                "no key policy statement allows access to everyone",
            ))
        } else {
            Outcome::Fail(Evidence::at("policy", public.join("; ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kms::test_helpers::{customer_key, key};
    use crate::rule::testing::{judge, outcome_in};
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::{Status, Value};
    use serde_json::json;

    fn with_policy(policy: serde_json::Value) -> Resource {
        key(Key {
            policy: Value::Known(Some(PolicyDocument(policy))),
            ..customer_key()
        })
    }

    #[test]
    fn wildcard_principal_fails_naming_the_statement() {
        let r = with_policy(json!({"Statement": [
            {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
            {"Sid": "Open", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}
        ]}));
        match outcome_in(&KmsKeyPolicyNotPublic, &r, &Inventory::new()) {
            Outcome::Fail(e) => assert_eq!(
                e.message,
                "statement 1 (Open) allows kms:Decrypt to everyone"
            ),
            other => panic!("expected Fail, got {other:?}"),
        }
    }

    #[test]
    fn caller_account_condition_and_default_policy_pass() {
        let r = with_policy(
            json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
            "Condition": {"StringEquals": {"kms:CallerAccount": "123456789012", "kms:ViaService": "s3.us-east-1.amazonaws.com"}}}}),
        );
        assert_eq!(judge(&KmsKeyPolicyNotPublic, &r), Status::Pass);
        assert_eq!(
            judge(&KmsKeyPolicyNotPublic, &key(customer_key())),
            Status::Pass
        );
    }

    #[test]
    fn unreadable_policy_is_unknown() {
        let r = key(Key {
            policy: Value::unknown("AccessDeniedException"),
            ..customer_key()
        });
        assert_eq!(judge(&KmsKeyPolicyNotPublic, &r), Status::Unknown);
    }
}
