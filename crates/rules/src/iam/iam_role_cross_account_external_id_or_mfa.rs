//! Roles another account may assume demand an external id or MFA.

use cloudward_model::iam::Role;
use cloudward_model::policy::Statement;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};
use serde_json::Value as Json;

use crate::policy::{grantees, label, own_account};
use crate::Check;

/// For each `Allow` statement of a role's trust policy that reaches another account (named by
/// id or ARN, trusted or not, or any account through `Principal: *`), looks for a
/// non-negated condition on `sts:ExternalId` (third parties: the confused-deputy guard) or
/// `aws:MultiFactorAuthPresent` = true under `Bool` (people; `BoolIfExists` passes callers
/// without the key and does not count) or any `aws:MultiFactorAuthAge` bound.
pub struct IamRoleCrossAccountExternalIdOrMfa;

const META: RuleMeta = RuleMeta {
    id: "iam-role-cross-account-external-id-or-mfa",
    title: "Cross-account IAM roles require an external id or MFA",
    severity: Severity::Medium,
    service: "iam",
    kinds: Role::KINDS,
    checks: "For each role, whether every trust-policy `Allow` statement that lets another \
             account assume the role carries an `sts:ExternalId` condition or requires MFA \
             (`Bool aws:MultiFactorAuthPresent = true`, or an `aws:MultiFactorAuthAge` bound).",
    rationale: "Without an external id, any customer of the same vendor can ask the vendor's \
                account to assume your role on their behalf (the confused deputy). Without MFA, \
                a person in the other account assumes the role with whatever long-lived key \
                leaked last. The two conditions are how AWS says a cross-account trust should \
                be narrowed.",
    remediation: Remediation {
        console: "IAM console > Roles > <role> > Trust relationships > Edit trust policy: add to \
                  the statement a condition StringEquals sts:ExternalId <secret agreed with the \
                  third party>, or, for people, Bool aws:MultiFactorAuthPresent true.",
        cli: "aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json",
        terraform: "data \"aws_iam_policy_document\" \"trust\" {\n  \
                    statement {\n    \
                    actions = [\"sts:AssumeRole\"]\n    \
                    principals {\n      \
                    type        = \"AWS\"\n      \
                    identifiers = [\"arn:aws:iam::<vendor-account>:root\"]\n    }\n    \
                    condition {\n      \
                    test     = \"StringEquals\"\n      \
                    variable = \"sts:ExternalId\"\n      \
                    values   = [\"<external-id>\"]\n    }\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP08", "SEC02-BP01"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_iam_role" "vendor" {
  name = "vendor-audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = ["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"] }
    }]
  })
}
"#,
        terraform_good: r#"resource "aws_iam_role" "vendor" {
  name = "vendor-audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = ["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"] }
      Condition = { StringEquals = { "sts:ExternalId" = "vendor-1234" } }
    }]
  })
}
"#,
        cloudformation_bad: r#"Resources:
  VendorRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: vendor-audit
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal:
              AWS:
                - arn:aws:iam::444455556666:root
                - arn:aws:iam::777788889999:root
"#,
        cloudformation_good: r#"Resources:
  VendorRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: vendor-audit
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal:
              AWS:
                - arn:aws:iam::444455556666:root
                - arn:aws:iam::777788889999:root
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: "true"
"#,
    },
    file: file!(),
};

/// Whether the statement's condition demands an external id or MFA.
fn guarded(s: &Statement<'_>) -> bool {
    let Some(ops) = s.condition.and_then(Json::as_object) else {
        return false;
    };
    ops.iter().any(|(op, keys)| {
        if op.contains("Not") {
            return false;
        }
        let Some(keys) = keys.as_object() else {
            return false;
        };
        keys.iter().any(|(key, value)| {
            let key = key.to_ascii_lowercase();
            let truthy = |v: &Json| match v {
                Json::Bool(b) => *b,
                Json::String(s) => s.eq_ignore_ascii_case("true"),
                Json::Array(items) => {
                    !items.is_empty()
                        && items.iter().all(|i| match i {
                            Json::Bool(b) => *b,
                            Json::String(s) => s.eq_ignore_ascii_case("true"),
                            _ => false,
                        })
                }
                _ => false,
            };
            match key.as_str() {
                "sts:externalid" => !matches!(value, Json::Null),
                "aws:multifactorauthpresent" => op == "Bool" && truthy(value),
                "aws:multifactorauthage" => op.starts_with("Numeric"),
                _ => false,
            }
        })
    })
}

impl Check for IamRoleCrossAccountExternalIdOrMfa {
    type Subject = Role;
    const META: &'static RuleMeta = &META;

    fn judge(&self, role: &Role, resource: &Resource, inventory: &Inventory) -> Outcome {
        let name = &role.role_name;
        let document = match role.assume_role_policy.get() {
            Ok(document) => document,
            Err(reason) => {
                return Outcome::unknown(format!("trust policy of role {name}: {reason}"))
            }
        };
        let own = own_account(&role.arn, resource, inventory);
        let mut open = Vec::new();
        let mut maybe_own = Vec::new();
        for (i, s) in document.statements().iter().enumerate() {
            if !s.allow || guarded(s) {
                continue;
            }
            let g = grantees(s);
            let others: Vec<&str> = g
                .accounts
                .iter()
                .map(String::as_str)
                .filter(|a| Some(*a) != own)
                .collect();
            if g.any_account {
                open.push(format!("{} lets any account assume it", label(i, s)));
            } else if own.is_none() && others.len() == 1 {
                maybe_own.push(others[0].to_string());
            } else if !others.is_empty() {
                open.push(format!(
                    "{} trusts {}",
                    label(i, s),
                    crate::sharing::accounts_phrase(&others)
                ));
            }
        }
        if !open.is_empty() {
            return Outcome::Fail(Evidence::at(
                "assume_role_policy",
                format!(
                    "role {name}: {}, with no sts:ExternalId or MFA condition",
                    open.join("; ")
                ),
            ));
        }
        if let Some(account) = maybe_own.first() {
            return Outcome::unknown(format!(
                "role {name} trusts account {account} with no sts:ExternalId or MFA condition; \
                 the role's own account is not known here (infrastructure code), so whether \
                 that is another account cannot be told"
            ));
        }
        Outcome::Pass(Evidence::at(
            "assume_role_policy",
            format!("every statement letting another account assume role {name} requires an external id or MFA"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::{iam, test_support, Attributes, Status, Value};
    use serde_json::json;

    fn judge(statement: serde_json::Value) -> Outcome {
        let r = test_support::global(
            "vendor",
            Attributes::IamRole(iam::Role {
                role_name: "vendor".into(),
                arn: format!("arn:aws:iam::{}:role/vendor", test_support::TEST_ACCOUNT),
                assume_role_policy: Value::Known(PolicyDocument(json!({"Statement": [statement]}))),
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamRoleCrossAccountExternalIdOrMfa, &r, &Inventory::new())
    }

    fn other(condition: serde_json::Value) -> serde_json::Value {
        json!({"Effect": "Allow", "Action": "sts:AssumeRole",
               "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Condition": condition})
    }

    #[test]
    fn external_id_mfa_and_same_account_pass() {
        assert_eq!(
            judge(other(json!({"StringEquals": {"sts:ExternalId": "abc"}}))).status(),
            Status::Pass
        );
        assert_eq!(
            judge(other(
                json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}})
            ))
            .status(),
            Status::Pass
        );
        assert_eq!(
            judge(other(
                json!({"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}})
            ))
            .status(),
            Status::Pass
        );
        let own = json!({"Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"AWS": format!("arn:aws:iam::{}:root", test_support::TEST_ACCOUNT)}});
        assert_eq!(judge(own).status(), Status::Pass);
        let service = json!({"Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"Service": "ec2.amazonaws.com"}});
        assert_eq!(judge(service).status(), Status::Pass);
    }

    #[test]
    fn unguarded_or_weakly_guarded_cross_account_trust_fails() {
        assert_eq!(judge(other(json!(null))).status(), Status::Fail);
        // BoolIfExists admits callers without the key: not MFA.
        assert_eq!(
            judge(other(
                json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}})
            ))
            .status(),
            Status::Fail
        );
        assert_eq!(
            judge(other(
                json!({"Bool": {"aws:MultiFactorAuthPresent": "false"}})
            ))
            .status(),
            Status::Fail
        );
        assert_eq!(
            judge(other(json!({"StringNotEquals": {"sts:ExternalId": "x"}}))).status(),
            Status::Fail
        );
    }

    #[test]
    fn unknown_trust_policy_is_unknown() {
        let r = test_support::global(
            "vendor",
            Attributes::IamRole(iam::Role {
                role_name: "vendor".into(),
                assume_role_policy: Value::unknown("unresolved"),
                ..Default::default()
            }),
        );
        assert_eq!(
            testing::outcome_in(&IamRoleCrossAccountExternalIdOrMfa, &r, &Inventory::new())
                .status(),
            Status::Unknown
        );
    }
}
