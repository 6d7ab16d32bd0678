//! No attached policy grants full `*:*` administrative privileges.

use cloudward_model::{
    iam, policy::PolicyDocument, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation,
    Resource, ResourceKind, RuleMeta, Severity,
};

use super::{principal_policies, PrincipalPolicies};
use crate::Rule;

/// Judges two shapes so that each policy is reported once:
/// - a customer managed `IamPolicy` whose default version has an `Allow` of `*` (or `*:*`) on
///   `*`: Fail when attached, Pass with a note when attached to nobody (CIS says "attached");
///   AWS managed policies are not applicable there;
/// - users, groups and roles: their inline policies, and the AWS managed policies attached to
///   them (`AdministratorAccess` by ARN, others through their collected document). This follows
///   the CIS audit, which lists every attached policy; FSBP IAM.1 covers customer managed ones.
pub struct IamNoFullAdminPolicyAttached;

/// The AWS managed policy that is `*` on `*` by definition.
const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

const META: RuleMeta = RuleMeta {
    id: "iam-no-full-admin-policy-attached",
    title: "No attached IAM policy allows full \"*:*\" administrative privileges",
    severity: Severity::High,
    service: "iam",
    kinds: &[
        ResourceKind::IamPolicy,
        ResourceKind::IamUser,
        ResourceKind::IamGroup,
        ResourceKind::IamRole,
    ],
    checks: "Whether any policy in effect has a statement with `\"Effect\": \"Allow\"`, \
             `\"Action\": \"*\"` (or `\"*:*\"`) and `\"Resource\": \"*\"`: customer managed \
             policies that are attached to a user, group or role; inline policies of users, \
             groups and roles; and AWS managed policies attached to them (`AdministratorAccess`). \
             Conditions do not change the verdict: they narrow who, not what.",
    rationale: "Full administrator rights let a principal do anything, including disabling \
                logging, creating new credentials and deleting backups; a compromise of that \
                principal is a compromise of the account. Least privilege means granting the \
                actions a job needs, and reserving administration to a few break-glass roles.",
    remediation: Remediation {
        console: "IAM console > Policies > <policy> > Entities attached: detach it from each \
                  user, group and role (or Permissions > Edit to replace `*` with the actions \
                  needed). Use IAM Access Analyzer policy generation to derive them from \
                  CloudTrail activity.",
        cli: "aws iam list-entities-for-policy --policy-arn <policy-arn>\n\
              aws iam detach-role-policy --role-name <role> --policy-arn <policy-arn>\n\
              aws iam delete-role-policy --role-name <role> --policy-name <inline-policy-name>",
        terraform: "data \"aws_iam_policy_document\" \"deploy\" {\n  \
                    statement {\n    \
                    actions   = [\"s3:GetObject\", \"s3:PutObject\"]\n    \
                    resources = [\"arn:aws:s3:::<bucket>/*\"]\n  }\n}\n\n\
                    resource \"aws_iam_policy\" \"deploy\" {\n  \
                    name   = \"deploy\"\n  \
                    policy = data.aws_iam_policy_document.deploy.json\n}",
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
    ],
    frameworks: Frameworks {
        cis_v5: &["1.15"],
        cis_v3: &["1.16"],
        fsbp: &["IAM.1"],
        well_architected: &["SEC03-BP02"],
    },
    examples: Examples {
        terraform_bad: r#"resource "aws_iam_policy" "admin" {
  name = "ops-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group_policy_attachment" "ops_admin" {
  group      = aws_iam_group.ops.name
  policy_arn = aws_iam_policy.admin.arn
}
"#,
        terraform_good: r#"resource "aws_iam_policy" "deploy" {
  name = "ops-deploy"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ecs:UpdateService", "ecs:DescribeServices"], Resource = "*" }]
  })
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group_policy_attachment" "ops_deploy" {
  group      = aws_iam_group.ops.name
  policy_arn = aws_iam_policy.deploy.arn
}
"#,
        cloudformation_bad: r#"Resources:
  OpsGroup:
    Type: AWS::IAM::Group
    Properties:
      GroupName: ops
  AdminPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: ops-admin
      Groups:
        - !Ref OpsGroup
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
"#,
        cloudformation_good: r#"Resources:
  OpsGroup:
    Type: AWS::IAM::Group
    Properties:
      GroupName: ops
  DeployPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: ops-deploy
      Groups:
        - !Ref OpsGroup
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - ecs:UpdateService
              - ecs:DescribeServices
            Resource: "*"
"#,
    },
    file: file!(),
};

/// The full-admin statements of a document, described for evidence ("statement 2 (Sid
/// \"Admin\")"), in document order.
fn admin_statements(document: &PolicyDocument) -> Vec<String> {
    let admin = document.full_admin_statements();
    document
        .statements()
        .iter()
        .enumerate()
        .filter(|(_, s)| admin.contains(s))
        .map(|(i, s)| match s.sid {
            Some(sid) => format!("statement {} (Sid {sid:?})", i + 1),
            None => format!("statement {}", i + 1),
        })
        .collect()
}

fn attachment_label(a: &iam::PolicyAttachment) -> String {
    match a {
        iam::PolicyAttachment::User(n) => format!("user {n}"),
        iam::PolicyAttachment::Group(n) => format!("group {n}"),
        iam::PolicyAttachment::Role(n) => format!("role {n}"),
    }
}

fn judge_managed(policy: &iam::Policy) -> Outcome {
    let name = &policy.policy_name;
    if policy.aws_managed {
        return Outcome::not_applicable(format!(
            "{name} is AWS managed; it is judged on the users, groups and roles it is attached to"
        ));
    }
    let document = match policy.document.get() {
        Ok(document) => document,
        Err(reason) => return Outcome::unknown(format!("document of policy {name}: {reason}")),
    };
    let statements = admin_statements(document);
    if statements.is_empty() {
        return Outcome::Pass(Evidence::at(
            "document",
            format!("policy {name} has no statement allowing \"*\" on \"*\""),
        ));
    }
    match policy.attachments.get() {
        Ok(attachments) if attachments.is_empty() => Outcome::Pass(Evidence::at(
            "document",
            format!(
                "policy {name} allows \"*\" on \"*\" ({}) but is attached to no user, group or \
                 role; delete it before someone attaches it",
                statements.join(", ")
            ),
        )),
        Ok(attachments) => {
            let to: Vec<String> = attachments.iter().map(attachment_label).collect();
            Outcome::Fail(Evidence::at(
                "document",
                format!(
                    "policy {name} allows \"*\" on \"*\" ({}) and is attached to {}",
                    statements.join(", "),
                    to.join(", ")
                ),
            ))
        }
        Err(reason) => Outcome::unknown(format!(
            "policy {name} allows \"*\" on \"*\" ({}), but whether it is attached is unknown: \
             {reason}",
            statements.join(", ")
        )),
    }
}

fn judge_principal(p: &PrincipalPolicies<'_>, inventory: &Inventory) -> Outcome {
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut unknown = Vec::new();
    match p.inline.get() {
        Ok(policies) => {
            for (i, policy) in policies.iter().enumerate() {
                match policy.document.get() {
                    Ok(document) => {
                        let statements = admin_statements(document);
                        if !statements.is_empty() {
                            failures.push((
                                format!("inline_policies[{i}]"),
                                format!(
                                    "inline policy {} allows \"*\" on \"*\" ({})",
                                    policy.policy_name,
                                    statements.join(", ")
                                ),
                            ));
                        }
                    }
                    Err(reason) => {
                        unknown.push(format!("inline policy {}: {reason}", policy.policy_name))
                    }
                }
            }
        }
        Err(reason) => unknown.push(format!("inline policies: {reason}")),
    }
    match p.attached.get() {
        Ok(policies) => {
            for (i, attached) in policies.iter().enumerate() {
                let full_admin = if attached.policy_arn == ADMINISTRATOR_ACCESS {
                    Some("AWS managed policy AdministratorAccess".to_string())
                } else if attached.policy_arn.starts_with("arn:aws:iam::aws:policy/") {
                    // Other AWS managed policies: judge them here if their document was
                    // collected; customer managed ones get their own finding.
                    inventory
                        .of_kind(ResourceKind::IamPolicy)
                        .filter_map(Resource::as_iam_policy)
                        .find(|policy| policy.arn == attached.policy_arn)
                        .and_then(|policy| policy.document.known())
                        .map(admin_statements)
                        .filter(|statements| !statements.is_empty())
                        .map(|statements| {
                            format!(
                                "AWS managed policy {} ({})",
                                attached.policy_name,
                                statements.join(", ")
                            )
                        })
                } else {
                    None
                };
                if let Some(what) = full_admin {
                    failures.push((
                        format!("attached_policies[{i}]"),
                        format!("attached {what} allows \"*\" on \"*\""),
                    ));
                }
            }
        }
        Err(reason) => unknown.push(format!("attached policies: {reason}")),
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
        "{}: no inline or AWS managed policy allows \"*\" on \"*\" (customer managed policies \
         are judged on their own)",
        p.label
    ))
}

impl Rule for IamNoFullAdminPolicyAttached {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, inventory: &Inventory) -> Outcome {
        if let Some(policy) = resource.as_iam_policy() {
            return judge_managed(policy);
        }
        match principal_policies(resource) {
            Some(p) => judge_principal(&p, inventory),
            None => Outcome::not_applicable("not an IAM policy, user, group or role"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudward_model::{test_support, Attributes, Status, Value};
    use serde_json::json;

    fn admin_doc() -> PolicyDocument {
        PolicyDocument(json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}
            ]
        }))
    }

    fn scoped_doc() -> PolicyDocument {
        PolicyDocument(json!({
            "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
        }))
    }

    fn managed(
        document: Value<PolicyDocument>,
        attachments: Value<Vec<iam::PolicyAttachment>>,
    ) -> Outcome {
        let r = test_support::global(
            "ops-admin",
            Attributes::IamPolicy(iam::Policy {
                policy_name: "ops-admin".into(),
                arn: "arn:aws:iam::123456789012:policy/ops-admin".into(),
                aws_managed: false,
                document,
                attachments,
            }),
        );
        IamNoFullAdminPolicyAttached.evaluate(&r, &Inventory::new())
    }

    #[test]
    fn attached_admin_policy_fails_naming_statement_and_principal() {
        let outcome = managed(
            Value::Known(admin_doc()),
            Value::Known(vec![iam::PolicyAttachment::Role("deployer".into())]),
        );
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("document"));
        assert!(
            e.message.contains("statement 2 (Sid \"Everything\")")
                && e.message.contains("role deployer"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unattached_admin_policy_passes_with_a_note() {
        let outcome = managed(Value::Known(admin_doc()), Value::Known(vec![]));
        let Outcome::Pass(e) = outcome else {
            panic!("expected a pass, got {outcome:?}");
        };
        assert!(e.message.contains("attached to no"), "{}", e.message);
    }

    #[test]
    fn scoped_policy_passes_even_with_unknown_attachments() {
        let outcome = managed(Value::Known(scoped_doc()), Value::unknown("denied"));
        assert_eq!(outcome.status(), Status::Pass);
    }

    #[test]
    fn unknown_document_or_attachments_are_unknown() {
        assert_eq!(
            managed(
                Value::unknown("GetPolicyVersion denied"),
                Value::Known(vec![])
            )
            .status(),
            Status::Unknown
        );
        assert_eq!(
            managed(Value::Known(admin_doc()), Value::unknown("denied")).status(),
            Status::Unknown
        );
    }

    fn role(attached: Vec<iam::AttachedPolicy>, inline: Value<Vec<iam::InlinePolicy>>) -> Resource {
        test_support::global(
            "deployer",
            Attributes::IamRole(iam::Role {
                role_name: "deployer".into(),
                attached_policies: Value::Known(attached),
                inline_policies: inline,
                ..Default::default()
            }),
        )
    }

    #[test]
    fn role_with_administrator_access_fails() {
        let r = role(
            vec![iam::AttachedPolicy {
                policy_name: "AdministratorAccess".into(),
                policy_arn: ADMINISTRATOR_ACCESS.into(),
            }],
            Value::Known(vec![]),
        );
        let outcome = IamNoFullAdminPolicyAttached.evaluate(&r, &Inventory::new());
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("attached_policies[0]"));
    }

    #[test]
    fn role_with_admin_inline_policy_fails_and_scoped_passes() {
        let inline = |doc| {
            Value::Known(vec![iam::InlinePolicy {
                policy_name: "inline".into(),
                document: Value::Known(doc),
            }])
        };
        let bad = role(vec![], inline(admin_doc()));
        let outcome = IamNoFullAdminPolicyAttached.evaluate(&bad, &Inventory::new());
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("inline_policies[0]"));
        let good = role(vec![], inline(scoped_doc()));
        assert_eq!(
            IamNoFullAdminPolicyAttached
                .evaluate(&good, &Inventory::new())
                .status(),
            Status::Pass
        );
    }

    #[test]
    fn role_with_unreadable_inline_policies_is_unknown() {
        let r = role(vec![], Value::unknown("ListRolePolicies denied"));
        assert_eq!(
            IamNoFullAdminPolicyAttached
                .evaluate(&r, &Inventory::new())
                .status(),
            Status::Unknown
        );
    }

    #[test]
    fn aws_managed_policy_resource_is_not_applicable() {
        let r = test_support::global(
            "AdministratorAccess",
            Attributes::IamPolicy(iam::Policy {
                policy_name: "AdministratorAccess".into(),
                arn: ADMINISTRATOR_ACCESS.into(),
                aws_managed: true,
                document: Value::Known(admin_doc()),
                attachments: Value::Known(vec![]),
            }),
        );
        assert_eq!(
            IamNoFullAdminPolicyAttached
                .evaluate(&r, &Inventory::new())
                .status(),
            Status::NotApplicable
        );
    }
}
