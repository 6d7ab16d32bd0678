//! Roles are assumable only from this account and the accounts the organisation trusts.

use cloudward_model::iam::Role;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use crate::policy::{grantees, judge_grants, label, own_account};
use crate::Check;

/// Reads each role's trust policy and collects the accounts its `Allow` statements name (AWS
/// principals by id or ARN, and `Principal: *` narrowed by account conditions), through the
/// same [`judge_grants`] as key and secret policies: each must be the role's own account or
/// in `trusted_accounts`. Service and federated principals are not accounts.
pub struct IamRoleTrustTrustedAccountsOnly;

const META: RuleMeta = RuleMeta {
    id: "iam-role-trust-trusted-accounts-only",
    title: "IAM roles trust only this account and the trusted accounts",
    severity: Severity::High,
    service: "iam",
    kinds: Role::KINDS,
    checks: "For each role, the accounts its trust policy lets assume it (AWS principals by \
             account id or ARN, and `Principal: \"*\"` narrowed to accounts by a condition); \
             each must be the role's own account or listed in `trusted_accounts` \
             (cloudward.toml).",
    rationale: "A role trusted by another account hands its permissions to whoever controls \
                that account: a vendor, a former subsidiary, a test account nobody watches. \
                Stale or mistyped account ids in trust policies are a common, silent path into \
                an account; listing the accounts you expect makes every other one stand out.",
    remediation: Remediation {
        console: "IAM console > Roles > <role> > Trust relationships > Edit trust policy: remove \
                  the statements or principals naming accounts you do not trust, or add the \
                  account to trusted_accounts in cloudward.toml if it is yours.",
        cli: "aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument\n\
              aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json",
        terraform: "data \"aws_iam_policy_document\" \"trust\" {\n  \
                    statement {\n    \
                    actions = [\"sts:AssumeRole\"]\n    \
                    principals {\n      \
                    type        = \"AWS\"\n      \
                    identifiers = [\"arn:aws:iam::<trusted-account>:root\"]\n    }\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP08", "SEC03-BP02"],
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
        terraform_good: r#"resource "aws_iam_role" "ec2" {
  name = "app-instance"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
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
  InstanceRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-instance
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal:
              Service: ec2.amazonaws.com
"#,
    },
    file: file!(),
};

impl Check for IamRoleTrustTrustedAccountsOnly {
    type Subject = Role;
    const META: &'static RuleMeta = &META;

    fn judge(&self, role: &Role, resource: &Resource, inventory: &Inventory) -> Outcome {
        let document = match role.assume_role_policy.get() {
            Ok(document) => document,
            Err(reason) => {
                return Outcome::unknown(format!(
                    "trust policy of role {}: {reason}",
                    role.role_name
                ))
            }
        };
        let grants: Vec<_> = document
            .statements()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.allow)
            .map(|(i, s)| (label(i, s), grantees(s)))
            .collect();
        let own = own_account(&role.arn, resource, inventory);
        match judge_grants(
            &grants,
            own,
            &inventory.settings,
            "assume_role_policy",
            "sts:AssumeRole",
        ) {
            Outcome::Fail(e) => Outcome::Fail(Evidence {
                message: format!("role {}: {}", role.role_name, e.message).into(),
                ..e
            }),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::{iam, test_support, Attributes, Settings, Status, Value};
    use serde_json::json;

    fn judge(trust: serde_json::Value, trusted: &[&str]) -> Outcome {
        let r = test_support::global(
            "vendor",
            Attributes::IamRole(iam::Role {
                role_name: "vendor".into(),
                arn: format!("arn:aws:iam::{}:role/vendor", test_support::TEST_ACCOUNT),
                assume_role_policy: Value::Known(PolicyDocument(trust)),
                ..Default::default()
            }),
        );
        let mut inventory = Inventory::new();
        inventory.settings = Settings {
            trusted_accounts: trusted.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        testing::outcome_in(&IamRoleTrustTrustedAccountsOnly, &r, &inventory)
    }

    fn trusting(principal: serde_json::Value) -> serde_json::Value {
        json!({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}]})
    }

    #[test]
    fn own_trusted_and_service_principals_pass() {
        let own = format!("arn:aws:iam::{}:root", test_support::TEST_ACCOUNT);
        assert_eq!(
            judge(trusting(json!({"AWS": own})), &[]).status(),
            Status::Pass
        );
        assert_eq!(
            judge(trusting(json!({"AWS": "444455556666"})), &["444455556666"]).status(),
            Status::Pass
        );
        assert_eq!(
            judge(trusting(json!({"Service": "lambda.amazonaws.com"})), &[]).status(),
            Status::Pass
        );
    }

    #[test]
    fn an_account_outside_the_list_fails_and_is_named() {
        let outcome = judge(
            trusting(
                json!({"AWS": ["arn:aws:iam::444455556666:role/x", "arn:aws:iam::777788889999:root"]}),
            ),
            &["444455556666"],
        );
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure")
        };
        assert!(e.message.contains("777788889999"), "{}", e.message);
        assert!(!e.message.contains("444455556666"), "{}", e.message);
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
            testing::outcome_in(&IamRoleTrustTrustedAccountsOnly, &r, &Inventory::new()).status(),
            Status::Unknown
        );
    }
}
