//! Key policies give full control (`kms:*`) to no account outside this one and the trusted list.

use cloudward_model::kms::Key;
use cloudward_model::policy::Statement;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::kms::customer_only;
use crate::policy::{grantees, judge_grants, label, own_account};
use crate::Check;

/// Reads the key policy's `Allow` statements that grant full control: `Action` `*` or `kms:*`
/// (any case), or `NotAction` (every action but a few). Their principals' accounts (account
/// ids, IAM and STS ARNs; for `Principal: *`, the accounts an `aws:PrincipalAccount`,
/// `kms:CallerAccount`, `aws:SourceAccount` or principal-ARN condition names, else any
/// account) must each be the key's own account (from its ARN) or in
/// `settings.trusted_accounts`. In code the key's account is not known: one untrusted account
/// is Unknown (it may be the key's own), two or more Fail.
pub struct KmsKeyPolicyNoFullAccessToOtherAccounts;

const META: RuleMeta = RuleMeta {
    id: "kms-key-policy-no-full-access-to-other-accounts",
    title: "KMS key policies do not give kms:* to other accounts",
    severity: Severity::High,
    service: "kms",
    kinds: Key::KINDS,
    checks: "For each customer managed key, whether an Allow statement of its key policy grants \
             kms:* (or *, or NotAction) to an account other than the key's own and those in \
             trusted_accounts (cloudward.toml), including Principal \"*\" not narrowed to named \
             accounts.",
    rationale: "kms:* includes kms:PutKeyPolicy and kms:ScheduleKeyDeletion: an account holding \
                it can take the key over, lock its owner out and destroy it, with every piece of \
                data encrypted under it. Other accounts should get only the cryptographic \
                operations they need (kms:Decrypt, kms:GenerateDataKey, ...), ideally through \
                grants or a role.",
    remediation: Remediation {
        console: "KMS console > Customer managed keys > <key> > Key policy > Edit: give the \
                  other account only the operations it needs (\"Other AWS accounts\" adds \
                  Encrypt, Decrypt, ReEncrypt*, GenerateDataKey* and DescribeKey), and keep \
                  kms:* for this account's root.",
        cli: "aws kms get-key-policy --key-id <key-id> --policy-name default --query Policy --output text > policy.json\n\
              aws kms put-key-policy --key-id <key-id> --policy-name default --policy file://policy.json",
        terraform: "resource \"aws_kms_key_policy\" \"this\" {\n  key_id = aws_kms_key.this.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [\n      { Sid = \"AccountAdmin\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::<account-id>:root\" }, Action = \"kms:*\", Resource = \"*\" },\n      { Sid = \"PartnerUse\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::<partner-account-id>:root\" }, Action = [\"kms:Decrypt\", \"kms:DescribeKey\"], Resource = \"*\" }\n    ]\n  })\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP02", "SEC03-BP07", "SEC08-BP01"],
    },
    examples: Examples {
        terraform_bad: "resource \"aws_kms_key\" \"shared\" {\n  description         = \"shared key\"\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [\n      { Sid = \"Admin\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::111122223333:root\" }, Action = \"kms:*\", Resource = \"*\" },\n      { Sid = \"Partner\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::444455556666:root\" }, Action = \"kms:*\", Resource = \"*\" }\n    ]\n  })\n}\n",
        terraform_good: "resource \"aws_kms_key\" \"shared\" {\n  description         = \"shared key\"\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [\n      { Sid = \"Admins\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::111122223333:role/key-admin\" }, Action = [\"kms:Describe*\", \"kms:Put*\", \"kms:Enable*\", \"kms:ScheduleKeyDeletion\"], Resource = \"*\" },\n      { Sid = \"Partner\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::444455556666:root\" }, Action = [\"kms:Decrypt\", \"kms:DescribeKey\"], Resource = \"*\" }\n    ]\n  })\n}\n",
        cloudformation_bad: "Resources:\n  SharedKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Admin\n            Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::111122223333:root\n            Action: kms:*\n            Resource: '*'\n          - Sid: Partner\n            Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::444455556666:root\n            Action: kms:*\n            Resource: '*'\n",
        cloudformation_good: "Resources:\n  SharedKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Admins\n            Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::111122223333:role/key-admin\n            Action: ['kms:Describe*', 'kms:Put*', 'kms:Enable*', 'kms:ScheduleKeyDeletion']\n            Resource: '*'\n          - Sid: Partner\n            Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::444455556666:root\n            Action: ['kms:Decrypt', 'kms:DescribeKey']\n            Resource: '*'\n",
    },
    file: file!(),
};

/// Whether a statement grants every KMS action.
fn full_access(s: &Statement<'_>) -> bool {
    s.allow
        && (s
            .actions
            .iter()
            .any(|a| *a == "*" || a.eq_ignore_ascii_case("kms:*"))
            || (s.actions.is_empty() && !s.not_actions.is_empty()))
}

impl Check for KmsKeyPolicyNoFullAccessToOtherAccounts {
    type Subject = Key;
    const META: &'static RuleMeta = &META;

    fn judge(&self, key: &Key, resource: &Resource, inventory: &Inventory) -> Outcome {
        if let Some(outcome) = customer_only(key) {
            return outcome;
        }
        let document =
            match key.policy.get() {
                Err(reason) => return Outcome::unknown(reason),
                Ok(None) => return Outcome::Pass(Evidence::at(
                    "policy",
                    "no key policy declared: KMS's default key policy gives kms:* to the key's \
                     own account only",
                )),
                Ok(Some(doc)) => doc,
            };
        let grants: Vec<_> = document
            .statements()
            .iter()
            .enumerate()
            .filter(|(_, s)| full_access(s))
            .map(|(i, s)| (label(i, s), grantees(s)))
            .collect();
        let own = own_account(&key.arn, resource, inventory);
        judge_grants(&grants, own, &inventory.settings, "policy", "kms:*")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kms::test_helpers::{customer_key, key};
    use crate::rule::testing::{judge, judge_in};
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::{Settings, Status, Value};
    use serde_json::json;

    fn with_policy(policy: serde_json::Value) -> Resource {
        key(Key {
            policy: Value::Known(Some(PolicyDocument(policy))),
            ..customer_key()
        })
    }

    fn admin(account: &str) -> serde_json::Value {
        json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
               "Action": "kms:*", "Resource": "*"})
    }

    #[test]
    fn own_account_passes_and_other_account_fails() {
        let own = with_policy(json!({"Statement": [admin("123456789012")]}));
        assert_eq!(
            judge(&KmsKeyPolicyNoFullAccessToOtherAccounts, &own),
            Status::Pass
        );
        let other =
            with_policy(json!({"Statement": [admin("123456789012"), admin("444455556666")]}));
        assert_eq!(
            judge(&KmsKeyPolicyNoFullAccessToOtherAccounts, &other),
            Status::Fail
        );
        let mut trusted = Inventory::new();
        trusted.settings = Settings {
            trusted_accounts: vec!["444455556666".into()],
            ..Default::default()
        };
        assert_eq!(
            judge_in(&KmsKeyPolicyNoFullAccessToOtherAccounts, &other, &trusted),
            Status::Pass
        );
    }

    #[test]
    fn limited_actions_to_another_account_pass() {
        let r = with_policy(json!({"Statement": [admin("123456789012"),
            {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": ["kms:Decrypt"], "Resource": "*"}]}));
        assert_eq!(
            judge(&KmsKeyPolicyNoFullAccessToOtherAccounts, &r),
            Status::Pass
        );
    }

    #[test]
    fn unknown_policy_or_account_is_unknown() {
        let r = key(Key {
            policy: Value::unknown("AccessDeniedException"),
            ..customer_key()
        });
        assert_eq!(
            judge(&KmsKeyPolicyNoFullAccessToOtherAccounts, &r),
            Status::Unknown
        );
        // Code: no ARN, no account; one untrusted account may be the key's own.
        let mut code = with_policy(json!({"Statement": [admin("444455556666")]}));
        code.account = None;
        if let cloudward_model::Attributes::KmsKey(k) = &mut code.attributes {
            k.arn = "aws_kms_key.k.arn".into();
        }
        assert_eq!(
            judge(&KmsKeyPolicyNoFullAccessToOtherAccounts, &code),
            Status::Unknown
        );
    }
}
