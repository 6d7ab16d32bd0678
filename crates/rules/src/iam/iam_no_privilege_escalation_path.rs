//! No IAM user or role has an open privilege-escalation path.

use cloudward_escalation::{Analysis, Route, StepResult};
use cloudward_model::{
    Evidence, Examples, Frameworks, Inventory, Outcome, Remediation, Resource, ResourceKind,
    RuleMeta, Severity, Subject,
};
use cloudward_policy::DecidingStatement;

use crate::Check;

/// Runs every path of `cloudward_escalation::PATHS` for the principal, decided by the policy
/// evaluator (boundaries, SCPs, conditions, trust policies). The search runs once per
/// inventory ([`Inventory::derived`]) and every user and role reads its own report, so the
/// evaluator is built once, not once per principal. Fail lists each open path with its
/// steps, the statements allowing each, the gain and the fix; Unknown lists the paths that
/// may be open and why they cannot be decided.
pub struct IamNoPrivilegeEscalationPath;

/// The subject: IAM users and roles, by ARN.
pub struct UserOrRole;

impl Subject for UserOrRole {
    const KINDS: &'static [ResourceKind] = &[ResourceKind::IamUser, ResourceKind::IamRole];
    type View<'a> = Who<'a>;
    fn view(resource: &Resource) -> Option<Who<'_>> {
        if let Some(u) = resource.as_iam_user() {
            return Some(Who {
                label: "user",
                name: &u.user_name,
                arn: &u.arn,
            });
        }
        resource.as_iam_role().map(|r| Who {
            label: "role",
            name: &r.role_name,
            arn: &r.arn,
        })
    }
}

/// A user or role as the evidence names it.
pub struct Who<'a> {
    label: &'static str,
    name: &'a str,
    arn: &'a str,
}

const META: RuleMeta = RuleMeta {
    id: "iam-no-privilege-escalation-path",
    title: "No IAM user or role can escalate its own privileges",
    severity: Severity::High,
    service: "iam",
    kinds: UserOrRole::KINDS,
    checks: "For each IAM user and role, each documented privilege-escalation path (38: policy \
             versions, attaching or writing policies on itself or its groups, joining groups, \
             credentials of other users, trust-policy rewrites, permissions-boundary removal, \
             sts:AssumeRole chains, and iam:PassRole with EC2, Auto Scaling, Lambda, \
             CloudFormation, Data Pipeline, Glue, ECS, CodeBuild, SageMaker and App Runner; \
             Lambda code updates and SSM / EC2 Instance Connect on instances with a role): \
             whether the policy evaluator allows every step, honouring permissions \
             boundaries, SCPs, conditions and trust policies, and whether success reaches \
             privileges the principal lacks.",
    rationale: "A principal that can grant itself more permissions has those permissions \
                already: least privilege on paper, administrator in practice. Attackers who \
                steal any credential look for these paths first (Rhino Security Labs' and \
                Bishop Fox's catalogues, Pacu's privesc scan).",
    remediation: Remediation {
        console: "IAM console > the user or role > Permissions: remove or scope the actions the \
                  finding names (each step lists the policy and statement that allow it); \
                  scope iam:PassRole to specific roles with an iam:PassedToService condition; \
                  set a permissions boundary that denies IAM policy writes.",
        cli: "aws iam get-policy-version --policy-arn <arn> --version-id <v>\n\
              aws iam create-policy-version --policy-arn <arn> --policy-document file://scoped.json --set-as-default\n\
              aws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <boundary-arn>",
        terraform: "data \"aws_iam_policy_document\" \"deploy\" {\n  statement {\n    \
                    actions   = [\"iam:PassRole\"]\n    \
                    resources = [aws_iam_role.app.arn]\n    \
                    condition {\n      test     = \"StringEquals\"\n      \
                    variable = \"iam:PassedToService\"\n      \
                    values   = [\"ec2.amazonaws.com\"]\n    }\n  }\n}\n\n\
                    resource \"aws_iam_user\" \"deployer\" {\n  name                 = \"deployer\"\n  \
                    permissions_boundary = aws_iam_policy.boundary.arn\n}",
    },
    references: &[
        "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
        "https://github.com/BishopFox/iam-vulnerable",
        "https://pathfinding.cloud/",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    ],
    frameworks: Frameworks {
        cis_v7: &[],
        cis_v6: &[],
        cis_v5: &[],
        cis_v3: &[],
        fsbp: &[],
        well_architected: &["SEC03-BP02"],
    },
    // No examples: the catalogue's examples are judged without `--account` and `--no-scps`,
    // with which alone a code scan can decide (symbolic ARNs, unknown SCPs); the Terraform
    // fixture `tests/fixtures/iac/terraform/escalation` is judged with both.
    examples: Examples {
        terraform_bad: "",
        terraform_good: "",
        cloudformation_bad: "",
        cloudformation_good: "",
    },
    file: file!(),
};

impl Check for IamNoPrivilegeEscalationPath {
    type Subject = UserOrRole;
    const META: &'static RuleMeta = &META;

    fn judge(&self, who: Who<'_>, _: &Resource, inventory: &Inventory) -> Outcome {
        let analysis = inventory.derived(cloudward_escalation::analyze);
        judge(&analysis, &who)
    }
}

fn judge(analysis: &Analysis, who: &Who<'_>) -> Outcome {
    let subject = format!("{} {}", who.label, who.name);
    let Some(report) = analysis.of(who.arn) else {
        return Outcome::unknown(format!(
            "{subject} ({}) was not analysed: its ARN is not a user or role of the inventory",
            who.arn
        ));
    };
    if !report.open.is_empty() {
        let mut text = format!(
            "{subject} can escalate its privileges by {} of {} paths examined",
            report.open.len(),
            report.examined
        );
        if !report.undecided.is_empty() {
            text.push_str(&format!(
                " (and {} more may be open)",
                report.undecided.len()
            ));
        }
        text.push(':');
        for (i, route) in report.open.iter().enumerate() {
            text.push_str(&format!("\n{}. {}", i + 1, describe(route)));
        }
        return Outcome::Fail(Evidence::new(text));
    }
    if !report.undecided.is_empty() {
        let mut text = format!(
            "{subject}: {} of {} escalation paths may be open and cannot be decided:",
            report.undecided.len(),
            report.examined
        );
        for (i, route) in report.undecided.iter().enumerate() {
            text.push_str(&format!(
                "\n{}. {}\n   undecided: {}",
                i + 1,
                describe(route),
                route.unknown.join("; ")
            ));
        }
        return Outcome::unknown(text);
    }
    Outcome::pass(format!(
        "{subject}: none of the {} escalation paths examined is allowed",
        report.examined
    ))
}

/// One route: id, title, pivot, each step with its allowing statements, gain and fix.
fn describe(route: &Route) -> String {
    let mut text = format!("{} ({})", route.path.id, route.path.title);
    if let Some(pivot) = &route.pivot {
        text.push_str(&format!(" via {pivot}"));
    }
    for step in &route.steps {
        text.push_str(&format!("\n   - {}", step_line(step)));
    }
    if !route.gain.is_empty() {
        text.push_str(&format!("\n   gains: {}", route.gain));
    }
    text.push_str(&format!("\n   fix: {}", route.path.fix));
    text
}

fn step_line(step: &StepResult) -> String {
    let allowed: Vec<String> = step
        .decision
        .statements
        .iter()
        .filter(|s| s.effect.eq_ignore_ascii_case("allow"))
        .map(statement_name)
        .collect();
    let by = if allowed.is_empty() {
        String::new()
    } else {
        format!(" allowed by {}", allowed.join(", "))
    };
    format!(
        "{} on {} as {}: {}{by}",
        step.action,
        step.resource,
        step.principal,
        step.decision.verdict.as_str()
    )
}

fn statement_name(s: &DecidingStatement) -> String {
    let label = super::statement_label(s.index, s.sid.as_deref());
    format!("{} {label} ({})", s.policy.name, s.policy.kind.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::testing;
    use cloudward_model::iam::{InlinePolicy, Role, User};
    use cloudward_model::organizations::Organization;
    use cloudward_model::policy::PolicyDocument;
    use cloudward_model::test_support::{global, TEST_ACCOUNT};
    use cloudward_model::{Attributes, Status, Value};
    use serde_json::json;

    fn user(name: &str, statements: serde_json::Value) -> Resource {
        let arn = format!("arn:aws:iam::{TEST_ACCOUNT}:user/{name}");
        let mut r = global(
            name,
            Attributes::IamUser(User {
                user_name: name.into(),
                arn: arn.clone(),
                attached_policies: Value::Known(vec![]),
                inline_policies: Value::Known(vec![InlinePolicy {
                    policy_name: "own".into(),
                    document: Value::Known(PolicyDocument(
                        json!({"Version": "2012-10-17", "Statement": statements}),
                    )),
                }]),
                groups: Value::Known(vec![]),
                permissions_boundary: Value::Known(None),
                ..Default::default()
            }),
        );
        r.id = arn;
        r
    }

    /// The account is in no organization, so SCPs do not apply.
    fn inventory(org_known: bool, resources: Vec<Resource>) -> Inventory {
        let mut inv = Inventory::new();
        inv.account_id = Some(TEST_ACCOUNT.into());
        if org_known {
            inv.push(global(
                TEST_ACCOUNT,
                Attributes::OrganizationsOrganization(Organization {
                    account_id: TEST_ACCOUNT.into(),
                    membership: Value::Known(None),
                    ..Default::default()
                }),
            ));
        }
        for r in resources {
            inv.push(r);
        }
        inv
    }

    fn outcome(inv: &Inventory, name: &str) -> Outcome {
        let r = inv
            .resources
            .iter()
            .find(|r| r.name == name)
            .expect("in the inventory");
        testing::outcome_in(&IamNoPrivilegeEscalationPath, r, inv)
    }

    #[test]
    fn a_user_writing_its_own_policy_fails_naming_path_statement_and_fix() {
        let inv = inventory(
            true,
            vec![user(
                "mallory",
                json!([{"Sid": "SelfService", "Effect": "Allow", "Action": "iam:PutUserPolicy", "Resource": "*"}]),
            )],
        );
        let Outcome::Fail(e) = outcome(&inv, "mallory") else {
            panic!("expected Fail");
        };
        assert!(e.message.contains("iam-put-user-policy"), "{}", e.message);
        assert!(
            e.message.contains("statement 1 (Sid \"SelfService\")"),
            "{}",
            e.message
        );
        assert!(e.message.contains("fix: "), "{}", e.message);
    }

    #[test]
    fn a_narrow_user_passes() {
        let inv = inventory(
            true,
            vec![user(
                "reader",
                json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]),
            )],
        );
        let outcome = outcome(&inv, "reader");
        assert_eq!(outcome.status(), Status::Pass, "{outcome:?}");
    }

    #[test]
    fn unknown_scps_make_an_open_looking_path_unknown() {
        let inv = inventory(
            false,
            vec![user(
                "mallory",
                json!([{"Effect": "Allow", "Action": "iam:PutUserPolicy", "Resource": "*"}]),
            )],
        );
        let outcome = outcome(&inv, "mallory");
        assert_eq!(outcome.status(), Status::Unknown, "{outcome:?}");
    }

    #[test]
    fn roles_are_judged_and_the_analysis_is_shared() {
        let role = |name: &str| {
            let arn = format!("arn:aws:iam::{TEST_ACCOUNT}:role/{name}");
            let mut r = global(
                name,
                Attributes::IamRole(Role {
                    role_name: name.into(),
                    arn: arn.clone(),
                    path: "/".into(),
                    assume_role_policy: Value::Known(PolicyDocument(json!({"Statement": []}))),
                    attached_policies: Value::Known(vec![]),
                    inline_policies: Value::Known(vec![InlinePolicy {
                        policy_name: "own".into(),
                        document: Value::Known(PolicyDocument(json!({"Statement": [
                            {"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": arn}
                        ]}))),
                    }]),
                    permissions_boundary: Value::Known(None),
                    ..Default::default()
                }),
            );
            r.id = arn;
            r
        };
        let inv = inventory(true, vec![role("ci")]);
        assert_eq!(outcome(&inv, "ci").status(), Status::Fail);
        let first = inv.derived(cloudward_escalation::analyze);
        let again = inv.derived(cloudward_escalation::analyze);
        assert!(std::sync::Arc::ptr_eq(&first, &again), "computed once");
    }
}
