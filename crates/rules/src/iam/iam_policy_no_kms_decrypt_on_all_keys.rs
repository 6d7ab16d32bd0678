//! IAM policies do not allow decryption with every KMS key.

use cloudward_model::{
    policy::{PolicyDocument, Statement},
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, RuleMeta, Severity,
    Subject,
};

use super::{action_matches, offending_statements, PoliciesAndPrincipals, PolicyOrPrincipal};
use crate::Check;

/// Flags `Allow` statements that grant `kms:Decrypt` or `kms:ReEncryptFrom` (directly, through a
/// wildcard such as `kms:*` or `*`, or through a `NotAction` that does not exclude them) on all
/// keys (`Resource: "*"` or a key ARN pattern ending in `key/*`). Customer managed policies are
/// judged on the `IamPolicy` resource (KMS.1); inline policies on their user, group or role
/// (KMS.2). Conditions do not exempt a statement, as in Security Hub, but are mentioned.
pub struct IamPolicyNoKmsDecryptOnAllKeys;

/// The decryption actions Security Hub's KMS.1 and KMS.2 block.
const DECRYPT_ACTIONS: &[&str] = &["kms:Decrypt", "kms:ReEncryptFrom"];

const META: RuleMeta = RuleMeta {
    id: "iam-policy-no-kms-decrypt-on-all-keys",
    title: "IAM policies do not allow KMS decryption with all keys",
    severity: Severity::Medium,
    service: "iam",
    kinds: PoliciesAndPrincipals::KINDS,
    checks: "For customer managed policies and the inline policies of users, groups and roles, \
             whether an `Allow` statement grants `kms:Decrypt` or `kms:ReEncryptFrom` (including \
             through `kms:*`, `*` or `NotAction`) on `Resource: \"*\"` or on every key of an \
             account (`arn:aws:kms:...:key/*`).",
    rationale: "Data encrypted with KMS is only as private as the permission to decrypt it. \
                Decrypt on all keys lets one principal read every secret, snapshot and object \
                protected by any key in the account, defeating the separation that distinct keys \
                were meant to give.",
    remediation: Remediation {
        console: "IAM console > Policies (or the user, group or role > Permissions) > edit the \
                  statement: set Resource to the ARNs of the keys the workload needs, or add a \
                  `kms:ViaService` / `kms:EncryptionContext` condition and scope it per key.",
        cli: "aws iam create-policy-version --policy-arn <policy-arn> \
              --policy-document file://scoped-decrypt.json --set-as-default\n\
              aws iam put-role-policy --role-name <role> --policy-name <inline-policy> \
              --policy-document file://scoped-decrypt.json",
        terraform: "data \"aws_iam_policy_document\" \"decrypt\" {\n  \
                    statement {\n    \
                    actions   = [\"kms:Decrypt\"]\n    \
                    resources = [aws_kms_key.app.arn]\n  }\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-1",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-2",
        "https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies-best-practices.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &["KMS.1", "KMS.2"],
        well_architected: &["SEC08-BP01", "SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_iam_policy" "decrypt" {
  name = "app-decrypt"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = "*" }]
  })
}
"#,
        terraform_good: r#"resource "aws_iam_policy" "decrypt" {
  name = "app-decrypt"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }]
  })
}
"#,
        cloudformation_bad: r#"Resources:
  DecryptPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: app-decrypt
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - kms:Decrypt
              - kms:GenerateDataKey
            Resource: "*"
"#,
        cloudformation_good: r#"Resources:
  DecryptPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: app-decrypt
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - kms:Decrypt
              - kms:GenerateDataKey
            Resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
"#,
    },
    file: file!(),
};

/// `*`, `arn:aws:kms:*`, `arn:aws:kms:<region>:<account>:key/*` and the like: every key.
fn covers_all_keys(resource: &str) -> bool {
    resource == "*"
        || (resource.starts_with("arn:") && {
            let parts: Vec<&str> = resource.splitn(6, ':').collect();
            match parts.as_slice() {
                [_, _, service, ..] if *service == "*" => true,
                [_, _, "kms", rest @ ..] => rest.last().is_some_and(|r| *r == "*" || *r == "key/*"),
                _ => false,
            }
        })
}

/// Why a statement allows decryption on all keys, if it does.
fn decrypts_everything(s: &Statement<'_>) -> Option<String> {
    if !s.allow || !s.resources.iter().any(|r| covers_all_keys(r)) {
        return None;
    }
    let granted: Vec<&str> = DECRYPT_ACTIONS
        .iter()
        .copied()
        .filter(|action| {
            if s.actions.is_empty() && !s.not_actions.is_empty() {
                !s.not_actions.iter().any(|p| action_matches(p, action))
            } else {
                s.actions.iter().any(|p| action_matches(p, action))
            }
        })
        .collect();
    if granted.is_empty() {
        return None;
    }
    let condition = if s.condition.is_some() {
        " (with a condition)"
    } else {
        ""
    };
    Some(format!(
        "allows {} on all keys{condition}",
        granted.join(", ")
    ))
}

fn offending(document: &PolicyDocument) -> Vec<String> {
    offending_statements(document, decrypts_everything)
}

impl Check for IamPolicyNoKmsDecryptOnAllKeys {
    type Subject = PoliciesAndPrincipals;
    const META: &'static RuleMeta = &META;

    fn judge(&self, subject: PolicyOrPrincipal<'_>, _: &Resource, _: &Inventory) -> Outcome {
        let p = match subject {
            PolicyOrPrincipal::Principal(p) => p,
            PolicyOrPrincipal::Policy(policy) => {
                let name = &policy.policy_name;
                if policy.aws_managed {
                    return Outcome::not_applicable(format!("{name} is AWS managed"));
                }
                let document = match policy.document.get() {
                    Ok(document) => document,
                    Err(reason) => {
                        return Outcome::unknown(format!("document of policy {name}: {reason}"))
                    }
                };
                let found = offending(document);
                return if found.is_empty() {
                    Outcome::Pass(Evidence::at(
                        "document",
                        format!("policy {name} does not allow decryption with all KMS keys"),
                    ))
                } else {
                    Outcome::Fail(Evidence::at(
                        "document",
                        format!("policy {name}: {}", found.join("; ")),
                    ))
                };
            }
        };
        let inline = match p.inline.get() {
            Ok(inline) => inline,
            Err(reason) => {
                return Outcome::unknown(format!("{}: inline policies: {reason}", p.label))
            }
        };
        let mut failures = Vec::new();
        let mut unknown = Vec::new();
        for (i, policy) in inline.iter().enumerate() {
            match policy.document.get() {
                Ok(document) => {
                    let found = offending(document);
                    if !found.is_empty() {
                        failures.push((
                            format!("inline_policies[{i}]"),
                            format!("inline policy {}: {}", policy.policy_name, found.join("; ")),
                        ));
                    }
                }
                Err(reason) => {
                    unknown.push(format!("inline policy {}: {reason}", policy.policy_name))
                }
            }
        }
        if let Some((attribute, _)) = failures.first() {
            let messages: Vec<&str> = failures.iter().map(|(_, m)| m.as_str()).collect();
            return Outcome::Fail(Evidence::at(
                attribute.clone(),
                format!("{}: {}", p.label, messages.join("; ")),
            ));
        }
        if !unknown.is_empty() {
            return Outcome::unknown(format!("{}: {}", p.label, unknown.join("; ")));
        }
        Outcome::pass(format!(
            "{}: no inline policy allows decryption with all KMS keys",
            p.label
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{iam, test_support, Attributes, Status, Value};
    use serde_json::json;

    fn managed(document: serde_json::Value) -> Outcome {
        let r = test_support::global(
            "app-decrypt",
            Attributes::IamPolicy(iam::Policy {
                policy_name: "app-decrypt".into(),
                arn: "arn:aws:iam::123456789012:policy/app-decrypt".into(),
                aws_managed: false,
                document: Value::Known(PolicyDocument(document)),
                attachments: Value::Known(vec![]),
            }),
        );
        testing::outcome_in(&IamPolicyNoKmsDecryptOnAllKeys, &r, &Inventory::new())
    }

    #[test]
    fn scoped_decrypt_passes() {
        let outcome = managed(json!({"Statement": [{
            "Effect": "Allow", "Action": "kms:Decrypt",
            "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        }, {
            "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"
        }]}));
        assert_eq!(outcome.status(), Status::Pass, "{outcome:?}");
    }

    #[test]
    fn decrypt_on_star_or_all_key_arns_fails() {
        for (action, resource) in [
            (json!("kms:Decrypt"), json!("*")),
            (json!(["kms:*"]), json!("arn:aws:kms:*:123456789012:key/*")),
            (json!("kms:ReEncrypt*"), json!(["arn:aws:kms:*:*:*"])),
            (json!("*"), json!("*")),
        ] {
            let outcome = managed(json!({"Statement": [{
                "Effect": "Allow", "Action": action, "Resource": resource
            }]}));
            assert_eq!(outcome.status(), Status::Fail, "{outcome:?}");
        }
    }

    #[test]
    fn not_action_that_leaves_decrypt_allowed_fails() {
        let outcome = managed(json!({"Statement": [{
            "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"
        }]}));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert!(
            e.message
                .contains("statement 1 allows kms:Decrypt, kms:ReEncryptFrom"),
            "{}",
            e.message
        );
        let excluded = managed(json!({"Statement": [{
            "Effect": "Allow", "NotAction": "kms:*", "Resource": "*"
        }]}));
        assert_eq!(excluded.status(), Status::Pass);
    }

    fn role(inline: Value<Vec<iam::InlinePolicy>>) -> Outcome {
        let r = test_support::global(
            "app",
            Attributes::IamRole(iam::Role {
                role_name: "app".into(),
                inline_policies: inline,
                ..Default::default()
            }),
        );
        testing::outcome_in(&IamPolicyNoKmsDecryptOnAllKeys, &r, &Inventory::new())
    }

    #[test]
    fn inline_decrypt_on_all_keys_fails_on_the_policy() {
        let outcome = role(Value::Known(vec![iam::InlinePolicy {
            policy_name: "decrypt-all".into(),
            document: Value::Known(PolicyDocument(json!({"Statement": {
                "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
            }}))),
        }]));
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("inline_policies[0]"));
        assert!(e.message.contains("with a condition"), "{}", e.message);
        assert_eq!(role(Value::Known(vec![])).status(), Status::Pass);
    }

    #[test]
    fn unknown_documents_are_unknown() {
        assert_eq!(role(Value::unknown("denied")).status(), Status::Unknown);
        let outcome = role(Value::Known(vec![iam::InlinePolicy {
            policy_name: "p".into(),
            document: Value::unknown("unresolved"),
        }]));
        assert_eq!(outcome.status(), Status::Unknown);
    }
}
