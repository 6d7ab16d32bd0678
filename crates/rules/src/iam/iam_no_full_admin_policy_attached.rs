//! No attached policy grants full `*:*` administrative privileges.

use cloudward_model::{
    iam, policy::PolicyDocument, Evidence, Examples, Frameworks, Inventory, Outcome, Remediation,
    Resource, ResourceKind, RuleMeta, Severity, Subject,
};

use super::{
    aws_managed_name, principal_policies, PoliciesAndPrincipals, PolicyOrPrincipal,
    PrincipalPolicies,
};
use crate::Check;

/// Judges two shapes so that each policy is reported once:
/// - a customer managed `IamPolicy` whose default version has an `Allow` of `*` (or `*:*`) on
///   `*`: Fail when attached, Pass with a note when attached to nobody (CIS says "attached");
///   AWS managed policies are not applicable there;
/// - users, groups and roles: everything they hold (inline policies, AWS managed
///   `AdministratorAccess` by ARN in any partition, other managed policies through their
///   collected document, customer managed policies attached from either side) and, for users,
///   what their groups hold. A principal with `*` on `*` never reads Pass: a customer managed
///   policy's finding does not stand in for the principals that hold it. This follows the CIS
///   audit, which lists every attached policy; FSBP IAM.1 covers customer managed ones.
pub struct IamNoFullAdminPolicyAttached;

const META: RuleMeta = RuleMeta {
    id: "iam-no-full-admin-policy-attached",
    title: "No attached IAM policy allows full \"*:*\" administrative privileges",
    severity: Severity::High,
    service: "iam",
    kinds: PoliciesAndPrincipals::KINDS,
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
        cis_v7: &["2.14"],
        cis_v6: &["2.15"],
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

/// Whether `arn` is the AWS managed `AdministratorAccess`, in any partition: a role holding it
/// in China must not pass.
fn is_administrator_access(arn: &str) -> bool {
    aws_managed_name(arn) == Some("AdministratorAccess")
}

/// Whether `arn` names an AWS managed policy.
fn is_aws_managed(arn: &str) -> bool {
    aws_managed_name(arn).is_some()
}

/// Who a policy attachment names, as `PolicyAttachment` spells it, for the principal judged.
fn as_attachment(resource: &Resource) -> Option<iam::PolicyAttachment> {
    if let Some(u) = resource.as_iam_user() {
        return Some(iam::PolicyAttachment::User(u.user_name.clone()));
    }
    if let Some(g) = resource.as_iam_group() {
        return Some(iam::PolicyAttachment::Group(g.group_name.clone()));
    }
    resource
        .as_iam_role()
        .map(|r| iam::PolicyAttachment::Role(r.role_name.clone()))
}

/// What one principal holds that allows `*` on `*`, and what could not be read.
#[derive(Default)]
struct Holdings {
    /// (attribute, message) per full-admin grant, in the order found.
    admin: Vec<(String, String)>,
    /// Why a part of the principal's permissions is unknown.
    unknown: Vec<String>,
}

impl Holdings {
    /// Record `what` ("inline policy ops") at `attribute` when `document` allows `*` on `*`.
    fn judge(&mut self, attribute: String, what: String, document: &PolicyDocument) {
        let statements = admin_statements(document);
        if !statements.is_empty() {
            self.admin.push((
                attribute,
                format!("{what} allows \"*\" on \"*\" ({})", statements.join(", ")),
            ));
        }
    }
}

/// The principal's own policies: inline, attached by ARN (AWS managed and customer managed
/// alike), and customer managed policies whose attachments name it. A principal holding a
/// full-admin policy is judged Fail even though the policy gets a finding of its own
/// (issue 8, defect 11: the group and the user the policy was attached to read Pass).
fn holdings(resource: &Resource, p: &PrincipalPolicies<'_>, inventory: &Inventory) -> Holdings {
    let mut held = Holdings::default();
    match p.inline.get() {
        Ok(policies) => {
            for (i, policy) in policies.iter().enumerate() {
                match policy.document.get() {
                    Ok(document) => held.judge(
                        format!("inline_policies[{i}]"),
                        format!("inline policy {}", policy.policy_name),
                        document,
                    ),
                    Err(reason) => held
                        .unknown
                        .push(format!("inline policy {}: {reason}", policy.policy_name)),
                }
            }
        }
        Err(reason) => held.unknown.push(format!("inline policies: {reason}")),
    }
    let collected = |arn: &str| {
        inventory
            .of_kind(ResourceKind::IamPolicy)
            .filter_map(Resource::as_iam_policy)
            .find(|policy| policy.arn == arn)
    };
    let mut judged_arns: Vec<&str> = Vec::new();
    match p.attached.get() {
        Ok(policies) => {
            for (i, attached) in policies.iter().enumerate() {
                judged_arns.push(&attached.policy_arn);
                let attribute = format!("attached_policies[{i}]");
                if is_administrator_access(&attached.policy_arn) {
                    held.admin.push((
                        attribute,
                        "attached AWS managed policy AdministratorAccess allows \"*\" on \"*\""
                            .to_string(),
                    ));
                    continue;
                }
                let aws_managed = is_aws_managed(&attached.policy_arn);
                let which = if aws_managed {
                    "AWS managed"
                } else {
                    "customer managed"
                };
                match collected(&attached.policy_arn).map(|policy| policy.document.get()) {
                    Some(Ok(document)) => held.judge(
                        attribute,
                        format!("attached {which} policy {}", attached.policy_name),
                        document,
                    ),
                    Some(Err(reason)) => held.unknown.push(format!(
                        "attached policy {}: {reason}",
                        attached.policy_name
                    )),
                    // AWS managed policies other than AdministratorAccess are not `*` on `*`
                    // (their documents are collected when attached; code does not declare
                    // them). A customer managed one must be in the inventory to be judged.
                    None if aws_managed => {}
                    None => held.unknown.push(format!(
                        "attached policy {} ({}) is not in the inventory",
                        attached.policy_name, attached.policy_arn
                    )),
                }
            }
        }
        Err(reason) => held.unknown.push(format!("attached policies: {reason}")),
    }
    // Code may declare the attachment on the policy's side only (a CloudFormation
    // ManagedPolicy's `Groups`, Terraform's `aws_iam_policy_attachment`).
    if let Some(me) = as_attachment(resource) {
        let attached_to_me = inventory
            .of_kind(ResourceKind::IamPolicy)
            .filter_map(Resource::as_iam_policy)
            .filter(|policy| !judged_arns.contains(&policy.arn.as_str()))
            .filter(|policy| {
                policy
                    .attachments
                    .known()
                    .is_some_and(|to| to.contains(&me))
            });
        for policy in attached_to_me {
            if let Some(document) = policy.document.known() {
                held.judge(
                    "attached_policies".to_string(),
                    format!("attached customer managed policy {}", policy.policy_name),
                    document,
                );
            }
        }
    }
    held
}

fn judge_principal(
    resource: &Resource,
    p: &PrincipalPolicies<'_>,
    inventory: &Inventory,
) -> Outcome {
    let mut held = holdings(resource, p, inventory);
    // A user also holds what its groups hold.
    if let Some(user) = resource.as_iam_user() {
        match user.groups.get() {
            Ok(groups) => {
                for name in groups {
                    let group = inventory.find(ResourceKind::IamGroup, name);
                    match group.and_then(|g| Some((g, principal_policies(g)?))) {
                        Some((g, gp)) => {
                            let via = holdings(g, &gp, inventory);
                            held.admin.extend(via.admin.into_iter().map(|(_, m)| {
                                ("groups".to_string(), format!("through group {name}: {m}"))
                            }));
                            held.unknown.extend(
                                via.unknown
                                    .into_iter()
                                    .map(|m| format!("group {name}: {m}")),
                            );
                        }
                        None => held
                            .unknown
                            .push(format!("group {name} is not in the inventory")),
                    }
                }
            }
            Err(reason) => held.unknown.push(format!("group memberships: {reason}")),
        }
    }
    if let Some((attribute, _)) = held.admin.first() {
        let messages: Vec<&str> = held.admin.iter().map(|(_, m)| m.as_str()).collect();
        return Outcome::Fail(Evidence::at(
            attribute.clone(),
            format!("{}: {}", p.label, messages.join("; ")),
        ));
    }
    if !held.unknown.is_empty() {
        return Outcome::unknown(format!("{}: {}", p.label, held.unknown.join("; ")));
    }
    Outcome::pass(format!(
        "{}: no policy it holds allows \"*\" on \"*\"",
        p.label
    ))
}

impl Check for IamNoFullAdminPolicyAttached {
    type Subject = PoliciesAndPrincipals;
    const META: &'static RuleMeta = &META;

    fn judge(
        &self,
        subject: PolicyOrPrincipal<'_>,
        resource: &Resource,
        inventory: &Inventory,
    ) -> Outcome {
        match subject {
            PolicyOrPrincipal::Policy(policy) => judge_managed(policy),
            PolicyOrPrincipal::Principal(p) => judge_principal(resource, &p, inventory),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::{test_support, Attributes, Status, Value};
    use serde_json::json;

    const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

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
        testing::outcome_in(&IamNoFullAdminPolicyAttached, &r, &Inventory::new())
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
        let outcome = testing::outcome_in(&IamNoFullAdminPolicyAttached, &r, &Inventory::new());
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
        let outcome = testing::outcome_in(&IamNoFullAdminPolicyAttached, &bad, &Inventory::new());
        let Outcome::Fail(e) = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("inline_policies[0]"));
        let good = role(vec![], inline(scoped_doc()));
        assert_eq!(
            testing::judge(&IamNoFullAdminPolicyAttached, &good),
            Status::Pass
        );
    }

    #[test]
    fn role_with_unreadable_inline_policies_is_unknown() {
        let r = role(vec![], Value::unknown("ListRolePolicies denied"));
        assert_eq!(
            testing::judge(&IamNoFullAdminPolicyAttached, &r),
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
            testing::judge(&IamNoFullAdminPolicyAttached, &r),
            Status::NotApplicable
        );
    }

    fn admin_policy(attachments: Vec<iam::PolicyAttachment>) -> Resource {
        test_support::global(
            "ops-admin",
            Attributes::IamPolicy(iam::Policy {
                policy_name: "ops-admin".into(),
                arn: "arn:aws:iam::123456789012:policy/ops-admin".into(),
                aws_managed: false,
                document: Value::Known(admin_doc()),
                attachments: Value::Known(attachments),
            }),
        )
    }

    fn attached(arn: &str) -> Vec<iam::AttachedPolicy> {
        vec![iam::AttachedPolicy {
            policy_name: arn.rsplit('/').next().unwrap_or(arn).into(),
            policy_arn: arn.into(),
        }]
    }

    fn group(name: &str, attached_policies: Vec<iam::AttachedPolicy>) -> Resource {
        test_support::global(
            name,
            Attributes::IamGroup(iam::Group {
                group_name: name.into(),
                attached_policies: Value::Known(attached_policies),
                inline_policies: Value::Known(vec![]),
                ..Default::default()
            }),
        )
    }

    fn user(groups: Value<Vec<String>>) -> Resource {
        test_support::global(
            "alice",
            Attributes::IamUser(iam::User {
                user_name: "alice".into(),
                attached_policies: Value::Known(vec![]),
                inline_policies: Value::Known(vec![]),
                groups,
                ..Default::default()
            }),
        )
    }

    /// Issue 8, defect 11: the policy read Fail, but the group it is attached to and the
    /// user in that group read Pass.
    #[test]
    fn issue8_principals_holding_a_customer_managed_admin_policy_fail() {
        let mut inv = Inventory::new();
        inv.push(admin_policy(vec![iam::PolicyAttachment::Group(
            "ops".into(),
        )]));
        let ops = group(
            "ops",
            attached("arn:aws:iam::123456789012:policy/ops-admin"),
        );
        inv.push(ops.clone());
        let alice = user(Value::Known(vec!["ops".into()]));
        inv.push(alice.clone());
        inv.normalize();
        let outcome = testing::outcome_in(&IamNoFullAdminPolicyAttached, &ops, &inv);
        let Outcome::Fail(e) = outcome else {
            panic!("expected the group to fail, got {outcome:?}");
        };
        assert_eq!(e.attribute.as_deref(), Some("attached_policies[0]"));
        assert!(
            e.message.contains("customer managed policy ops-admin"),
            "{}",
            e.message
        );
        let outcome = testing::outcome_in(&IamNoFullAdminPolicyAttached, &alice, &inv);
        let Outcome::Fail(e) = outcome else {
            panic!("expected the user to fail, got {outcome:?}");
        };
        assert!(e.message.contains("through group ops"), "{}", e.message);
    }

    #[test]
    fn issue8_an_attachment_declared_only_on_the_policy_side_counts() {
        let mut inv = Inventory::new();
        inv.push(admin_policy(vec![iam::PolicyAttachment::Group(
            "ops".into(),
        )]));
        let ops = group("ops", vec![]);
        inv.push(ops.clone());
        inv.normalize();
        assert_eq!(
            testing::outcome_in(&IamNoFullAdminPolicyAttached, &ops, &inv).status(),
            Status::Fail
        );
        let other = group("devs", vec![]);
        assert_eq!(
            testing::outcome_in(&IamNoFullAdminPolicyAttached, &other, &inv).status(),
            Status::Pass
        );
    }

    #[test]
    fn issue8_administrator_access_fails_in_every_partition() {
        for arn in [
            "arn:aws-cn:iam::aws:policy/AdministratorAccess",
            "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
        ] {
            let r = role(attached(arn), Value::Known(vec![]));
            assert_eq!(
                testing::judge(&IamNoFullAdminPolicyAttached, &r),
                Status::Fail,
                "{arn}"
            );
        }
        // A customer policy that happens to be named AdministratorAccess is judged by its
        // document, not its name.
        assert!(!is_administrator_access(
            "arn:aws:iam::123456789012:policy/AdministratorAccess"
        ));
    }

    #[test]
    fn issue8_unknown_group_or_uncollected_customer_policy_is_unknown() {
        let inv = Inventory::new();
        let r = role(
            attached("arn:aws:iam::123456789012:policy/elsewhere"),
            Value::Known(vec![]),
        );
        let outcome = testing::outcome_in(&IamNoFullAdminPolicyAttached, &r, &inv);
        assert_eq!(outcome.status(), Status::Unknown, "{outcome:?}");
        // An AWS managed policy whose document was not collected is not full admin.
        let r = role(
            attached("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            Value::Known(vec![]),
        );
        assert_eq!(
            testing::outcome_in(&IamNoFullAdminPolicyAttached, &r, &inv).status(),
            Status::Pass
        );
        let alice = user(Value::Known(vec!["ghosts".into()]));
        assert_eq!(
            testing::outcome_in(&IamNoFullAdminPolicyAttached, &alice, &inv).status(),
            Status::Unknown
        );
        let alice = user(Value::unknown("ListGroupsForUser denied"));
        assert_eq!(
            testing::outcome_in(&IamNoFullAdminPolicyAttached, &alice, &inv).status(),
            Status::Unknown
        );
    }
}
