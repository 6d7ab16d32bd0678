//! The evaluator over an inventory: principals, groups, managed policies, boundaries, SCPs on
//! the organization path, bucket and trust policies, and the context keys derived from them.

use cloudward_model::iam::{AttachedPolicy, Group, InlinePolicy, Policy, Role, User};
use cloudward_model::organizations::{Membership, Organization, Scp, Target};
use cloudward_model::policy::PolicyDocument;
use cloudward_model::s3::Bucket;
use cloudward_model::test_support::{global, TEST_ACCOUNT};
use cloudward_model::{Attributes, Inventory, Resource, Value};
use cloudward_policy::{Context, Evaluator, PolicyKind, Request, Verdict};
use serde_json::json;

const ALICE: &str = "arn:aws:iam::123456789012:user/alice";
const BOB: &str = "arn:aws:iam::123456789012:user/bob";
const ROLE: &str = "arn:aws:iam::123456789012:role/deploy";
const OBJECT: &str = "arn:aws:s3:::reports/2026/q1.csv";

fn doc(v: serde_json::Value) -> PolicyDocument {
    PolicyDocument(v)
}

fn with_id(mut r: Resource, id: &str) -> Resource {
    r.id = id.to_string();
    r
}

fn managed(name: &str, document: serde_json::Value) -> Resource {
    let arn = format!("arn:aws:iam::{TEST_ACCOUNT}:policy/{name}");
    with_id(
        global(
            name,
            Attributes::IamPolicy(Policy {
                policy_name: name.into(),
                arn: arn.clone(),
                aws_managed: false,
                document: Value::Known(doc(document)),
                attachments: Value::Known(vec![]),
            }),
        ),
        &arn,
    )
}

fn attached(name: &str) -> AttachedPolicy {
    AttachedPolicy {
        policy_name: name.into(),
        policy_arn: format!("arn:aws:iam::{TEST_ACCOUNT}:policy/{name}"),
    }
}

fn organization(scp_document: Value<PolicyDocument>, management: &str) -> Resource {
    let target = |id: &str| Target {
        target_id: id.into(),
        name: id.into(),
        r#type: "ROOT".into(),
    };
    global(
        TEST_ACCOUNT,
        Attributes::OrganizationsOrganization(Organization {
            account_id: TEST_ACCOUNT.into(),
            membership: Value::Known(Some(Membership {
                id: "o-exampleorg".into(),
                arn: "arn:aws:organizations::999999999999:organization/o-exampleorg".into(),
                feature_set: Value::Known("ALL".into()),
                management_account_id: management.into(),
            })),
            scps: Value::Known(vec![
                Scp {
                    id: "p-FullAWSAccess".into(),
                    name: "FullAWSAccess".into(),
                    aws_managed: true,
                    targets: Value::Known(vec![
                        target("r-root"),
                        target("ou-prod"),
                        target(TEST_ACCOUNT),
                    ]),
                    document: Value::Known(doc(
                        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
                    )),
                },
                Scp {
                    id: "p-noiamusers".into(),
                    name: "NoIamUsers".into(),
                    aws_managed: false,
                    targets: Value::Known(vec![target("ou-prod")]),
                    document: scp_document,
                },
            ]),
            parent_path: Value::Known(vec!["r-root".into(), "ou-prod".into()]),
            ..Default::default()
        }),
    )
}

/// Alice is in group `devs` (managed `ReadReports`), has an inline policy for her own
/// folder and the `DevBoundary` boundary; bob has nothing; the `reports` bucket denies
/// deletes to everyone; role `deploy` trusts alice; the OU denies creating IAM users.
pub fn fixture() -> Inventory {
    let mut inv = Inventory::new();
    inv.account_id = Some(TEST_ACCOUNT.into());
    inv.push(managed("ReadReports", json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::reports/*"},
        {"Sid": "Users", "Effect": "Allow", "Action": "iam:*", "Resource": "*"},
        {"Sid": "Tagged", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "data"}}}
    ]})));
    inv.push(managed(
        "DevBoundary",
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:*", "dynamodb:*", "sts:AssumeRole"], "Resource": "*"}
        ]}),
    ));
    inv.push(with_id(
        global(
            "devs",
            Attributes::IamGroup(Group {
                group_name: "devs".into(),
                arn: format!("arn:aws:iam::{TEST_ACCOUNT}:group/devs"),
                attached_policies: Value::Known(vec![attached("ReadReports")]),
                inline_policies: Value::Known(vec![]),
            }),
        ),
        "arn:aws:iam::123456789012:group/devs",
    ));
    let mut alice = with_id(
        global(
            "alice",
            Attributes::IamUser(User {
                user_name: "alice".into(),
                arn: ALICE.into(),
                attached_policies: Value::Known(vec![]),
                inline_policies: Value::Known(vec![InlinePolicy {
                    policy_name: "home".into(),
                    document: Value::Known(doc(json!({"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}
                    ]}))),
                }]),
                groups: Value::Known(vec!["devs".into()]),
                permissions_boundary: Value::Known(Some(format!(
                    "arn:aws:iam::{TEST_ACCOUNT}:policy/DevBoundary"
                ))),
                ..Default::default()
            }),
        ),
        ALICE,
    );
    alice.set_tags([("team".to_string(), "data".to_string())].into());
    inv.push(alice);
    inv.push(with_id(
        global(
            "bob",
            Attributes::IamUser(User {
                user_name: "bob".into(),
                arn: BOB.into(),
                attached_policies: Value::Known(vec![]),
                inline_policies: Value::Known(vec![]),
                groups: Value::Known(vec![]),
                permissions_boundary: Value::Known(None),
                ..Default::default()
            }),
        ),
        BOB,
    ));
    inv.push(with_id(
        global(
            "deploy",
            Attributes::IamRole(Role {
                role_name: "deploy".into(),
                arn: ROLE.into(),
                path: "/".into(),
                assume_role_policy: Value::Known(doc(
                    json!({"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"}
                    ]}),
                )),
                attached_policies: Value::Known(vec![]),
                inline_policies: Value::Known(vec![]),
                permissions_boundary: Value::Known(None),
                ..Default::default()
            }),
        ),
        ROLE,
    ));
    inv.push(with_id(
        global(
            "reports",
            Attributes::S3Bucket(Bucket {
                name: "reports".into(),
                policy: Value::Known(Some(doc(json!({"Version": "2012-10-17", "Statement": [
                    {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::reports/*"}
                ]})))),
                ..Default::default()
            }),
        ),
        "arn:aws:s3:::reports",
    ));
    inv.push(with_id(
        global(
            "home",
            Attributes::S3Bucket(Bucket {
                name: "home".into(),
                policy: Value::Known(None),
                ..Default::default()
            }),
        ),
        "arn:aws:s3:::home",
    ));
    inv.push(organization(
        Value::Known(doc(json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "NoUsers", "Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}
        ]}))),
        "999999999999",
    ));
    inv.normalize();
    inv
}

fn ask(
    inv: &Inventory,
    principal: &str,
    action: &str,
    resource: &str,
) -> cloudward_policy::Decision {
    Evaluator::new(inv).evaluate(&Request {
        principal: principal.into(),
        action: action.into(),
        resource: resource.into(),
        context: Context::new(),
    })
}

#[test]
fn a_group_policy_within_the_boundary_and_the_scps_allows() {
    let d = ask(&fixture(), ALICE, "s3:GetObject", OBJECT);
    assert_eq!(d.verdict, Verdict::Allow, "{d:?}");
    let kinds: Vec<PolicyKind> = d.statements.iter().map(|s| s.policy.kind).collect();
    assert!(kinds.contains(&PolicyKind::Identity));
    assert!(kinds.contains(&PolicyKind::PermissionsBoundary));
    assert!(kinds.contains(&PolicyKind::ServiceControl));
    let read = d
        .statements
        .iter()
        .find(|s| s.policy.kind == PolicyKind::Identity)
        .expect("identity");
    assert_eq!(
        read.policy.name,
        "arn:aws:iam::123456789012:policy/ReadReports"
    );
    assert_eq!(read.sid.as_deref(), Some("Read"));
}

#[test]
fn the_bucket_policy_deny_wins() {
    let d = ask(&fixture(), ALICE, "s3:DeleteObject", OBJECT);
    assert_eq!(d.verdict, Verdict::ExplicitDeny, "{d:?}");
    assert_eq!(d.statements[0].sid.as_deref(), Some("NoDeletes"));
    assert_eq!(d.statements[0].policy.kind, PolicyKind::Resource);
}

#[test]
fn the_boundary_removes_what_the_group_grants() {
    let d = ask(&fixture(), ALICE, "iam:ListUsers", "*");
    assert_eq!(d.verdict, Verdict::ImplicitDeny, "{d:?}");
    assert!(
        d.reasons.iter().any(|r| r.contains("permissions boundary")),
        "{d:?}"
    );
}

#[test]
fn an_scp_on_the_ou_denies() {
    let mut inv = fixture();
    // Without the boundary, the SCP is what stops iam:CreateUser.
    for r in &mut inv.resources {
        if let Attributes::IamUser(u) = &mut r.attributes {
            u.permissions_boundary = Value::Known(None);
        }
    }
    let d = ask(
        &inv,
        ALICE,
        "iam:CreateUser",
        "arn:aws:iam::123456789012:user/x",
    );
    assert_eq!(d.verdict, Verdict::ExplicitDeny, "{d:?}");
    assert_eq!(d.statements[0].policy.kind, PolicyKind::ServiceControl);
    assert_eq!(
        ask(&inv, ALICE, "iam:ListUsers", "*").verdict,
        Verdict::Allow
    );
}

#[test]
fn the_management_account_is_not_restricted_by_scps() {
    let mut inv = fixture();
    inv.resources
        .retain(|r| r.as_organizations_organization().is_none());
    inv.push(organization(Value::unknown("not collected"), TEST_ACCOUNT));
    inv.normalize();
    assert_eq!(
        ask(&inv, ALICE, "s3:GetObject", OBJECT).verdict,
        Verdict::Allow
    );
}

#[test]
fn an_scp_whose_text_was_not_collected_makes_the_answer_unknown() {
    let mut inv = fixture();
    inv.resources
        .retain(|r| r.as_organizations_organization().is_none());
    inv.push(organization(
        Value::unknown("SCP content is not collected (DescribePolicy)"),
        "999999999999",
    ));
    inv.normalize();
    let d = ask(&inv, ALICE, "s3:GetObject", OBJECT);
    assert_eq!(d.verdict, Verdict::Unknown, "{d:?}");
    assert!(
        d.reasons.iter().any(|r| r.contains("DescribePolicy")),
        "{d:?}"
    );
    // An implicit deny stays one: an unknown SCP cannot grant.
    assert_eq!(
        ask(&inv, BOB, "s3:GetObject", OBJECT).verdict,
        Verdict::ImplicitDeny
    );
}

#[test]
fn the_username_variable_and_principal_tags_come_from_the_inventory() {
    let inv = fixture();
    assert_eq!(
        ask(&inv, ALICE, "s3:PutObject", "arn:aws:s3:::home/alice/a.txt").verdict,
        Verdict::Allow
    );
    assert_eq!(
        ask(&inv, ALICE, "s3:PutObject", "arn:aws:s3:::home/bob/a.txt").verdict,
        Verdict::ImplicitDeny
    );
    let table = "arn:aws:dynamodb:us-east-1:123456789012:table/jobs";
    assert_eq!(
        ask(&inv, ALICE, "dynamodb:GetItem", table).verdict,
        Verdict::Allow
    );
}

#[test]
fn a_trust_policy_naming_the_user_lets_it_assume_the_role() {
    let inv = fixture();
    assert_eq!(
        ask(&inv, ALICE, "sts:AssumeRole", ROLE).verdict,
        Verdict::Allow
    );
    assert_eq!(
        ask(&inv, BOB, "sts:AssumeRole", ROLE).verdict,
        Verdict::ImplicitDeny
    );
}

#[test]
fn a_user_with_nothing_is_denied() {
    let d = ask(&fixture(), BOB, "s3:GetObject", OBJECT);
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert!(d.statements.is_empty());
}

#[test]
fn a_boundary_not_collected_makes_an_allow_unknown() {
    let mut inv = fixture();
    for r in &mut inv.resources {
        if let Attributes::IamUser(u) = &mut r.attributes {
            u.permissions_boundary = Value::unknown("not collected");
        }
    }
    let d = ask(&inv, ALICE, "s3:GetObject", OBJECT);
    assert_eq!(d.verdict, Verdict::Unknown, "{d:?}");
    assert!(d.reasons.iter().any(|r| r.contains("boundary")));
}

#[test]
fn principals_and_resources_missing_from_the_inventory_are_unknown() {
    let inv = fixture();
    let d = ask(
        &inv,
        "arn:aws:iam::123456789012:user/mallory",
        "s3:GetObject",
        OBJECT,
    );
    assert_eq!(d.verdict, Verdict::Unknown);
    assert!(d.reasons[0].contains("not in the inventory"));
    // A bucket the inventory does not hold may have a policy that grants alice on its own.
    let d = ask(
        &inv,
        ALICE,
        "s3:PutObject",
        "arn:aws:s3:::elsewhere/alice/x",
    );
    assert_eq!(d.verdict, Verdict::Unknown, "{d:?}");
    assert!(
        d.reasons.iter().any(|r| r.contains("not in the inventory")),
        "{d:?}"
    );
}

#[test]
fn a_principal_of_another_account_is_unknown_without_its_policies() {
    let inv = fixture();
    let d = ask(
        &inv,
        "arn:aws:iam::444455556666:user/carol",
        "s3:GetObject",
        OBJECT,
    );
    assert_eq!(
        d.verdict,
        Verdict::ImplicitDeny,
        "the bucket does not trust that account: {d:?}"
    );
}

#[test]
fn a_role_session_is_judged_by_its_role_and_its_principal_arn_is_the_role() {
    let mut inv = fixture();
    for r in &mut inv.resources {
        if let Attributes::IamRole(role) = &mut r.attributes {
            role.inline_policies = Value::Known(vec![InlinePolicy {
                policy_name: "self".into(),
                document: Value::Known(doc(json!({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*",
                     "Condition": {"ArnEquals": {"aws:PrincipalArn": ROLE}}}
                ]}))),
            }]);
        }
    }
    let session = "arn:aws:sts::123456789012:assumed-role/deploy/build-42";
    let table = "arn:aws:dynamodb:us-east-1:123456789012:table/jobs";
    let d = ask(&inv, session, "dynamodb:PutItem", table);
    assert_eq!(d.verdict, Verdict::Allow, "{d:?}");
    assert_eq!(d.statements[0].policy.name, format!("{ROLE} inline self"));
    assert_eq!(
        ask(&inv, ROLE, "dynamodb:PutItem", table).verdict,
        Verdict::Allow
    );
}

#[test]
fn s3_objects_of_any_partition_find_their_bucket() {
    let inv = fixture();
    // `reports` is found (its policy is read, so the answer is not Unknown), though its
    // statements, written for the aws partition, do not match an aws-cn ARN.
    let d = ask(&inv, ALICE, "s3:DeleteObject", "arn:aws-cn:s3:::reports/x");
    assert_eq!(d.verdict, Verdict::ImplicitDeny, "{d:?}");
    assert!(
        !d.reasons.iter().any(|r| r.contains("not in the inventory")),
        "{d:?}"
    );
}
