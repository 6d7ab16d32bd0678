//! Customer managed policies do not grant every action of a service.

use cloudward_model::iam::Policy;
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::offending_statements;
use crate::Check;

/// Reads the default version of each customer managed policy and flags `Allow` statements whose
/// `Action` is `<service>:*` or `*`, whatever the resource, attached or not (as the Config rule
/// behind IAM.21 does). Partial wildcards such as `s3:Get*` are not flagged.
pub struct IamPolicyNoServiceWildcardActions;

const META: RuleMeta = RuleMeta {
    id: "iam-policy-no-service-wildcard-actions",
    title: "Customer managed IAM policies do not allow all actions of a service",
    severity: Severity::Low,
    service: "iam",
    kinds: Policy::KINDS,
    checks: "For each customer managed policy, whether any `Allow` statement lists an action of \
             the form `<service>:*` (or `*`).",
    rationale: "`s3:*` grants deletion, policy and ACL changes, replication and encryption \
                settings along with the reads a workload usually needs, and every action AWS adds \
                to the service later. Listing the actions keeps a compromised principal from \
                doing more than its job.",
    remediation: Remediation {
        console: "IAM console > Policies > <policy> > Permissions > Edit: replace each \
                  `<service>:*` with the actions the workload uses (IAM Access Analyzer > \
                  Generate policy derives them from CloudTrail) > Save as a new default version.",
        cli: "aws iam create-policy-version --policy-arn <policy-arn> \
              --policy-document file://least-privilege.json --set-as-default",
        terraform: "data \"aws_iam_policy_document\" \"app\" {\n  \
                    statement {\n    \
                    actions   = [\"s3:GetObject\", \"s3:PutObject\"]\n    \
                    resources = [\"arn:aws:s3:::<bucket>/*\"]\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["IAM.21"],
        well_architected: &["SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_iam_policy" "app" {
  name = "app-storage"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::example-app-data/*" }]
  })
}
"#,
        terraform_good: r#"resource "aws_iam_policy" "app" {
  name = "app-storage"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::example-app-data/*" }]
  })
}
"#,
        cloudformation_bad: r#"Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: app-storage
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:*
            Resource: arn:aws:s3:::example-app-data/*
"#,
        cloudformation_good: r#"Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: app-storage
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - s3:GetObject
              - s3:PutObject
            Resource: arn:aws:s3:::example-app-data/*
"#,
    },
    file: file!(),
};

/// `*` or `<service>:*`.
fn is_service_wildcard(action: &str) -> bool {
    action == "*"
        || action
            .split_once(':')
            .is_some_and(|(service, rest)| !service.is_empty() && rest == "*")
}

impl Check for IamPolicyNoServiceWildcardActions {
    type Subject = Policy;
    const META: &'static RuleMeta = &META;

    fn judge(&self, policy: &Policy, _: &Resource, _: &Inventory) -> Outcome {
        let name = &policy.policy_name;
        if policy.aws_managed {
            return Outcome::not_applicable(format!("{name} is AWS managed"));
        }
        let document = match policy.document.get() {
            Ok(document) => document,
            Err(reason) => return Outcome::unknown(format!("document of policy {name}: {reason}")),
        };
        let offending = offending_statements(document, |s| {
            let wild: Vec<&str> = s
                .actions
                .iter()
                .copied()
                .filter(|a| is_service_wildcard(a))
                .collect();
            (s.allow && !wild.is_empty()).then(|| format!("allows {}", wild.join(", ")))
        });
        if offending.is_empty() {
            Outcome::Pass(Evidence::at(
                "document",
                format!("policy {name} allows no service-wide wildcard action"),
            ))
        } else {
            Outcome::Fail(Evidence::at(
                "document",
                format!("policy {name}: {}", offending.join("; ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, policy::PolicyDocument, test_support, Attributes, Status, Value};
    use serde_json::json;

    fn judge(document: Value<PolicyDocument>, aws_managed: bool) -> Outcome {
        let r = test_support::global(
            "app-storage",
            Attributes::IamPolicy(iam::Policy {
                policy_name: "app-storage".into(),
                arn: "arn:aws:iam::123456789012:policy/app-storage".into(),
                aws_managed,
                document,
                attachments: Value::Known(vec![]),
            }),
        );
        testing::outcome_in(&IamPolicyNoServiceWildcardActions, &r, &Inventory::new())
    }

    #[test]
    fn listed_actions_and_partial_wildcards_pass() {
        let doc = PolicyDocument(json!({"Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}
        ]}));
        assert_eq!(judge(Value::Known(doc), false).status(), Status::Pass);
    }

    #[test]
    fn service_wildcard_fails_naming_statement_and_action() {
        let doc = PolicyDocument(json!({"Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "Ddb", "Effect": "Allow", "Action": ["dynamodb:*"], "Resource": "*"}
        ]}));
        let Outcome::Fail(e) = judge(Value::Known(doc), false) else {
            panic!("expected a failure");
        };
        assert!(
            e.message
                .contains("statement 2 (Sid \"Ddb\") allows dynamodb:*"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_document_is_unknown_and_aws_managed_not_applicable() {
        assert_eq!(
            judge(Value::unknown("denied"), false).status(),
            Status::Unknown
        );
        let doc = PolicyDocument(json!({"Statement": []}));
        assert_eq!(
            judge(Value::Known(doc), true).status(),
            Status::NotApplicable
        );
    }
}
