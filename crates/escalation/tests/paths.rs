//! One account fixture per catalogue path, in four variants: the path open; blocked by the
//! attacker's permissions boundary; blocked by an SCP; and undecidable because the granting
//! statement has a condition the inventory cannot evaluate (MFA). Plus hand-written cases for
//! what "more privileged" means, role chains and their depth cap, and the evidence.

use cloudward_escalation::{analyze, path, Gain, Path, Pivot, Principals, Report, PATHS};
use cloudward_model::ec2::Instance;
use cloudward_model::iam::{AttachedPolicy, Group, InlinePolicy, Policy, Role, User};
use cloudward_model::lambda::Function;
use cloudward_model::organizations::{Membership, Organization, Scp, Target};
use cloudward_model::policy::PolicyDocument;
use cloudward_model::test_support::{global, TEST_ACCOUNT};
use cloudward_model::{Attributes, Inventory, Resource, Value};
use serde_json::{json, Value as Json};

const MALLORY: &str = "arn:aws:iam::123456789012:user/mallory";
const ATTACKER_ROLE: &str = "arn:aws:iam::123456789012:role/attacker";

fn arn(kind: &str, name: &str) -> String {
    format!("arn:aws:iam::{TEST_ACCOUNT}:{kind}/{name}")
}

fn with_id(mut r: Resource, id: &str) -> Resource {
    r.id = id.to_string();
    r
}

fn doc(statements: Json) -> PolicyDocument {
    PolicyDocument(json!({"Version": "2012-10-17", "Statement": statements}))
}

fn attached(name: &str) -> AttachedPolicy {
    AttachedPolicy {
        policy_name: name.into(),
        policy_arn: arn("policy", name),
    }
}

fn inline(name: &str, statements: Json) -> InlinePolicy {
    InlinePolicy {
        policy_name: name.into(),
        document: Value::Known(doc(statements)),
    }
}

fn managed(name: &str, statements: Json) -> Resource {
    let a = arn("policy", name);
    with_id(
        global(
            name,
            Attributes::IamPolicy(Policy {
                policy_name: name.into(),
                arn: a.clone(),
                aws_managed: false,
                document: Value::Known(doc(statements)),
                attachments: Value::Known(vec![]),
            }),
        ),
        &a,
    )
}

fn user(
    name: &str,
    groups: &[&str],
    attached: Vec<AttachedPolicy>,
    inline: Vec<InlinePolicy>,
    boundary: Option<&str>,
) -> Resource {
    let a = arn("user", name);
    with_id(
        global(
            name,
            Attributes::IamUser(User {
                user_name: name.into(),
                arn: a.clone(),
                attached_policies: Value::Known(attached),
                inline_policies: Value::Known(inline),
                groups: Value::Known(groups.iter().map(|g| g.to_string()).collect()),
                permissions_boundary: Value::Known(boundary.map(|b| arn("policy", b))),
                ..Default::default()
            }),
        ),
        &a,
    )
}

fn role(
    name: &str,
    trust: Json,
    attached: Vec<AttachedPolicy>,
    inline: Vec<InlinePolicy>,
    boundary: Option<&str>,
) -> Resource {
    let a = arn("role", name);
    with_id(
        global(
            name,
            Attributes::IamRole(Role {
                role_name: name.into(),
                arn: a.clone(),
                path: "/".into(),
                assume_role_policy: Value::Known(doc(trust)),
                attached_policies: Value::Known(attached),
                inline_policies: Value::Known(inline),
                permissions_boundary: Value::Known(boundary.map(|b| arn("policy", b))),
                ..Default::default()
            }),
        ),
        &a,
    )
}

fn group(name: &str, attached: Vec<AttachedPolicy>) -> Resource {
    let a = arn("group", name);
    with_id(
        global(
            name,
            Attributes::IamGroup(Group {
                group_name: name.into(),
                arn: a.clone(),
                attached_policies: Value::Known(attached),
                inline_policies: Value::Known(vec![]),
            }),
        ),
        &a,
    )
}

/// The account is a member of an organization: FullAWSAccess on the root and the account,
/// and `extra` (if any) on the account.
fn organization(extra: Option<Json>) -> Resource {
    let target = |id: &str| Target {
        target_id: id.into(),
        name: id.into(),
        r#type: "ACCOUNT".into(),
    };
    let mut scps = vec![Scp {
        id: "p-FullAWSAccess".into(),
        name: "FullAWSAccess".into(),
        aws_managed: true,
        targets: Value::Known(vec![target("r-root"), target(TEST_ACCOUNT)]),
        document: Value::Known(doc(
            json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
        )),
    }];
    if let Some(statements) = extra {
        scps.push(Scp {
            id: "p-guardrail".into(),
            name: "Guardrail".into(),
            aws_managed: false,
            targets: Value::Known(vec![target(TEST_ACCOUNT)]),
            document: Value::Known(doc(statements)),
        });
    }
    global(
        TEST_ACCOUNT,
        Attributes::OrganizationsOrganization(Organization {
            account_id: TEST_ACCOUNT.into(),
            membership: Value::Known(Some(Membership {
                id: "o-exampleorg".into(),
                arn: "arn:aws:organizations::999999999999:organization/o-exampleorg".into(),
                feature_set: Value::Known("ALL".into()),
                management_account_id: "999999999999".into(),
            })),
            scps: Value::Known(scps),
            parent_path: Value::Known(vec!["r-root".into()]),
            ..Default::default()
        }),
    )
}

fn trusting(principal: Json) -> Json {
    json!([{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}])
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Variant {
    Open,
    Boundary,
    Scp,
    Condition,
}

/// The attacker (user mallory, or role attacker for role-only paths) is allowed exactly the
/// path's actions; the account holds what the pivot needs, each privileged target holding
/// the customer managed `Admin` policy (`*` on `*`).
fn fixture(p: &Path, variant: Variant) -> (Inventory, &'static str) {
    let actions: Vec<&str> = p.steps.iter().map(|s| s.action).collect();
    let mut grant =
        json!({"Sid": "Escalate", "Effect": "Allow", "Action": actions, "Resource": "*"});
    if variant == Variant::Condition {
        grant["Condition"] = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
    }
    let mut statements = vec![grant];
    // A path that removes a boundary gains only what the identity policy allows beyond it.
    if p.gain == Gain::NoBoundary {
        statements
            .push(json!({"Sid": "Data", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}));
    }
    let escalate = inline("escalate", Json::Array(statements));
    let mut inv = Inventory::new();
    inv.account_id = Some(TEST_ACCOUNT.into());
    inv.push(managed(
        "Admin",
        json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
    ));
    inv.push(managed(
        "Harmless",
        json!([{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]),
    ));
    // Boundaries: the blocking one allows reading data only; the open NoBoundary variant has
    // one that allows the path's actions but not the data actions it then gains.
    let mut boundary_actions: Vec<&str> = vec!["s3:ListAllMyBuckets"];
    if p.gain == Gain::NoBoundary && variant != Variant::Boundary {
        boundary_actions.extend(&actions);
    }
    inv.push(managed(
        "Boundary",
        json!([{"Effect": "Allow", "Action": boundary_actions, "Resource": "*"}]),
    ));
    let boundary =
        (variant == Variant::Boundary || p.gain == Gain::NoBoundary).then_some("Boundary");
    inv.push(organization((variant == Variant::Scp).then(|| {
        json!([{"Sid": "NoEscalation", "Effect": "Deny", "Action": actions[0], "Resource": "*"}])
    })));
    let mut own_groups: Vec<&str> = Vec::new();
    let mut own_attached = Vec::new();
    match p.pivot {
        Pivot::OwnGroup => {
            own_groups.push("devs");
            inv.push(group("devs", vec![attached("Harmless")]));
        }
        Pivot::AttachedCustomerPolicy => own_attached.push(attached("Harmless")),
        Pivot::OtherGroup => inv.push(group("admins", vec![attached("Admin")])),
        Pivot::OtherUser => inv.push(user(
            "root-like",
            &[],
            vec![attached("Admin")],
            vec![],
            None,
        )),
        Pivot::OtherRole => inv.push(role(
            "admin",
            trusting(json!({"Service": "ec2.amazonaws.com"})),
            vec![attached("Admin")],
            vec![],
            None,
        )),
        Pivot::ServiceRole(service) => inv.push(role(
            "service-admin",
            trusting(json!({"Service": service})),
            vec![attached("Admin")],
            vec![],
            None,
        )),
        Pivot::RoleChain => {
            // Trusting the account: the attacker's identity policy must allow the hop too (a
            // trust policy naming a user's ARN would allow it past the user's boundary).
            inv.push(role(
                "jump",
                trusting(json!({"AWS": format!("arn:aws:iam::{TEST_ACCOUNT}:root")})),
                vec![],
                vec![inline(
                    "hop",
                    json!([{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]),
                )],
                None,
            ));
            inv.push(role(
                "admin",
                trusting(json!({"AWS": arn("role", "jump")})),
                vec![attached("Admin")],
                vec![],
                None,
            ));
        }
        Pivot::Function => inv.push(with_id(
            global(
                "worker",
                Attributes::LambdaFunction(Function {
                    function_name: "worker".into(),
                    function_arn: format!(
                        "arn:aws:lambda:us-east-1:{TEST_ACCOUNT}:function:worker"
                    ),
                    policy: Value::Known(None),
                    ..Default::default()
                }),
            ),
            &format!("arn:aws:lambda:us-east-1:{TEST_ACCOUNT}:function:worker"),
        )),
        Pivot::ProfiledInstance => {
            inv.push(with_id(
                global(
                    "i-0abc",
                    Attributes::Ec2Instance(Instance {
                        iam_instance_profile: Value::Known(Some(arn("instance-profile", "app"))),
                        ..Default::default()
                    }),
                ),
                &format!("arn:aws:ec2:us-east-1:{TEST_ACCOUNT}:instance/i-0abc"),
            ));
            // The role the profile holds, known from its own list: an administrator.
            let mut app = role(
                "app",
                trusting(json!({"Service": "ec2.amazonaws.com"})),
                vec![attached("Admin")],
                vec![],
                None,
            );
            if let Attributes::IamRole(r) = &mut app.attributes {
                r.instance_profiles = Value::Known(vec![arn("instance-profile", "app")]);
            }
            inv.push(app);
        }
        Pivot::None => {}
    }
    let attacker = if p.principals == Principals::Roles {
        inv.push(role(
            "attacker",
            trusting(json!({"Service": "ec2.amazonaws.com"})),
            own_attached,
            vec![escalate],
            boundary,
        ));
        ATTACKER_ROLE
    } else {
        inv.push(user(
            "mallory",
            &own_groups,
            own_attached,
            vec![escalate],
            boundary,
        ));
        MALLORY
    };
    inv.normalize();
    (inv, attacker)
}

fn report_for(p: &Path, variant: Variant) -> Report {
    let (inv, attacker) = fixture(p, variant);
    let analysis = analyze(&inv);
    analysis
        .of(attacker)
        .cloned()
        .unwrap_or_else(|| panic!("{}: no report for {attacker}", p.id))
}

fn open(report: &Report, id: &str) -> bool {
    report.open.iter().any(|r| r.path.id == id)
}

fn undecided(report: &Report, id: &str) -> bool {
    report.undecided.iter().any(|r| r.path.id == id)
}

#[test]
fn every_path_is_found_in_its_fixture() {
    let mut failures = Vec::new();
    for p in PATHS {
        let report = report_for(p, Variant::Open);
        let expected_open = !matches!(p.gain, Gain::NotInInventory(_));
        let ok = if expected_open {
            open(&report, p.id)
        } else {
            undecided(&report, p.id) && !open(&report, p.id)
        };
        if !ok {
            failures.push(format!("{}: {report:#?}", p.id));
        }
    }
    assert!(
        failures.is_empty(),
        "{} paths not found:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_permissions_boundary_blocks_every_path() {
    for p in PATHS {
        let report = report_for(p, Variant::Boundary);
        assert!(
            !open(&report, p.id) && !undecided(&report, p.id),
            "{}: {report:#?}",
            p.id
        );
    }
}

#[test]
fn an_scp_blocks_every_path() {
    for p in PATHS {
        let report = report_for(p, Variant::Scp);
        assert!(
            !open(&report, p.id) && !undecided(&report, p.id),
            "{}: {report:#?}",
            p.id
        );
    }
}

#[test]
fn an_undecidable_condition_makes_every_path_unknown_not_open() {
    for p in PATHS {
        let report = report_for(p, Variant::Condition);
        assert!(!open(&report, p.id), "{}: {report:#?}", p.id);
        let route = report
            .undecided
            .iter()
            .find(|r| r.path.id == p.id)
            .unwrap_or_else(|| panic!("{}: not undecided: {report:#?}", p.id));
        assert!(
            route
                .unknown
                .iter()
                .any(|u| u.contains("MultiFactorAuthPresent")),
            "{}: {:?}",
            p.id,
            route.unknown
        );
    }
}

#[test]
fn open_routes_name_the_deciding_statement_of_every_step() {
    let p = path("ec2-run-instances-pass-role").expect("in the catalogue");
    let report = report_for(p, Variant::Open);
    let route = report
        .open
        .iter()
        .find(|r| r.path.id == p.id)
        .expect("open");
    assert_eq!(
        route.pivot.as_deref(),
        Some(arn("role", "service-admin").as_str())
    );
    assert_eq!(route.steps.len(), 2);
    for step in &route.steps {
        assert!(step.decision.is_allow());
        let s = step
            .decision
            .statements
            .first()
            .expect("a deciding statement");
        assert_eq!(s.sid.as_deref(), Some("Escalate"));
        assert!(s.policy.name.contains("escalate"), "{:?}", s.policy);
    }
    assert!(route.gain.contains("iam:CreateUser"), "{}", route.gain);
}

/// PassRole to a role that is no more privileged than the principal is no escalation.
#[test]
fn passing_a_role_no_more_privileged_is_not_a_path() {
    let mut inv = Inventory::new();
    inv.account_id = Some(TEST_ACCOUNT.into());
    inv.push(organization(None));
    inv.push(managed(
        "Harmless",
        json!([{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]),
    ));
    inv.push(role(
        "weak",
        trusting(json!({"Service": "ec2.amazonaws.com"})),
        vec![attached("Harmless")],
        vec![],
        None,
    ));
    inv.push(user(
        "mallory",
        &[],
        vec![],
        vec![inline("launch", json!([{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}]))],
        None,
    ));
    let analysis = analyze(&inv);
    let report = analysis.of(MALLORY).expect("mallory");
    assert!(
        report.open.is_empty() && report.undecided.is_empty(),
        "{report:#?}"
    );
    assert!(report.examined >= 30);
}

/// PassRole scoped to another role, or to another service, does not reach the admin role.
#[test]
fn pass_role_scoped_away_from_the_admin_role_is_not_a_path() {
    let base = |statement: Json| {
        let mut inv = Inventory::new();
        inv.account_id = Some(TEST_ACCOUNT.into());
        inv.push(organization(None));
        inv.push(managed(
            "Admin",
            json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
        ));
        inv.push(role(
            "service-admin",
            trusting(json!({"Service": "ec2.amazonaws.com"})),
            vec![attached("Admin")],
            vec![],
            None,
        ));
        inv.push(user(
            "mallory",
            &[],
            vec![],
            vec![inline("launch", statement)],
            None,
        ));
        analyze(&inv).of(MALLORY).cloned().expect("mallory")
    };
    let other_role = base(json!([
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": arn("role", "app")},
        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}
    ]));
    assert!(
        !open(&other_role, "ec2-run-instances-pass-role"),
        "{other_role:#?}"
    );
    let other_service = base(json!([
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
         "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}},
        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}
    ]));
    assert!(
        !open(&other_service, "ec2-run-instances-pass-role"),
        "{other_service:#?}"
    );
    let scoped = base(json!([
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
         "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}},
        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}
    ]));
    assert!(open(&scoped, "ec2-run-instances-pass-role"), "{scoped:#?}");
}

/// A chain of two hops is reported with both hops; a chain longer than the cap is not.
#[test]
fn role_chains_are_followed_up_to_the_depth_cap() {
    let chain = |length: usize| {
        let mut inv = Inventory::new();
        inv.account_id = Some(TEST_ACCOUNT.into());
        inv.push(organization(None));
        inv.push(managed(
            "Admin",
            json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
        ));
        let hop = || {
            vec![inline(
                "hop",
                json!([{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]),
            )]
        };
        let mut previous = MALLORY.to_string();
        for i in 0..length - 1 {
            let name = format!("hop{i}");
            inv.push(role(
                &name,
                trusting(json!({"AWS": previous})),
                vec![],
                hop(),
                None,
            ));
            previous = arn("role", &name);
        }
        inv.push(role(
            "admin",
            trusting(json!({"AWS": previous})),
            vec![attached("Admin")],
            vec![],
            None,
        ));
        inv.push(user("mallory", &[], vec![], hop(), None));
        analyze(&inv).of(MALLORY).cloned().expect("mallory")
    };
    let two = chain(2);
    let route = two
        .open
        .iter()
        .find(|r| r.path.id == "sts-assume-role-chain")
        .expect("open");
    assert_eq!(route.pivot.as_deref(), Some(arn("role", "admin").as_str()));
    let hops: Vec<&str> = route.steps.iter().map(|s| s.principal.as_str()).collect();
    assert_eq!(hops, [MALLORY, arn("role", "hop0").as_str()]);
    let at_cap = chain(cloudward_escalation::limits::MAX_CHAIN_DEPTH);
    assert!(open(&at_cap, "sts-assume-role-chain"));
    let past_cap = chain(cloudward_escalation::limits::MAX_CHAIN_DEPTH + 1);
    assert!(!open(&past_cap, "sts-assume-role-chain"), "{past_cap:#?}");
}

/// Without organization data the SCPs are unknown: nothing is open, the paths are undecided.
#[test]
fn unknown_scps_make_paths_undecided_not_open() {
    let p = path("iam-put-user-policy").expect("in the catalogue");
    let (mut inv, attacker) = fixture(p, Variant::Open);
    inv.resources
        .retain(|r| r.as_organizations_organization().is_none());
    inv.normalize();
    let analysis = analyze(&inv);
    let report = analysis.of(attacker).expect("report");
    assert!(!open(report, p.id));
    let route = report
        .undecided
        .iter()
        .find(|r| r.path.id == p.id)
        .expect("undecided");
    assert!(
        route.unknown.iter().any(|u| u.contains("SCP")),
        "{:?}",
        route.unknown
    );
}

#[test]
fn catalogue_covers_the_issue_and_counts_fixtures() {
    // Every path has the four fixtures above; the issue names these families.
    for family in [
        "iam:CreatePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:AttachUserPolicy",
        "iam:PutGroupPolicy",
        "iam:CreateAccessKey",
        "iam:CreateLoginProfile",
        "iam:UpdateAssumeRolePolicy",
        "ec2:RunInstances",
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
        "cloudformation:CreateStack",
        "glue:CreateDevEndpoint",
        "datapipeline:CreatePipeline",
        "ecs:RunTask",
        "codebuild:CreateProject",
        "sagemaker:CreateNotebookInstance",
        "ssm:SendCommand",
        "sts:AssumeRole",
    ] {
        assert!(
            PATHS
                .iter()
                .any(|p| p.steps.iter().any(|s| s.action == family)),
            "no path uses {family}"
        );
    }
    assert!(PATHS.len() >= 30);
}

/// An administrator is allowed every probe already: no path can give it more.
#[test]
fn an_administrator_has_nothing_to_escalate_to() {
    let p = path("iam-create-access-key").expect("in the catalogue");
    let (mut inv, attacker) = fixture(p, Variant::Open);
    inv.push(managed(
        "Everything",
        json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
    ));
    inv.resources
        .retain(|r| r.as_iam_user().is_none_or(|u| u.arn != attacker));
    inv.push(user(
        "mallory",
        &[],
        vec![attached("Everything")],
        vec![],
        None,
    ));
    let analysis = analyze(&inv);
    let report = analysis.of(attacker).expect("report");
    assert!(
        report.open.is_empty() && report.undecided.is_empty(),
        "{report:#?}"
    );
}

/// The instance paths need to know which role the instance runs as: from the roles' own
/// instance-profile lists. Where those are not known (an older snapshot, code), the path is
/// undecided with the reason, never open or closed.
#[test]
fn an_instance_path_is_undecided_when_the_profiles_roles_are_not_known() {
    let p = path("ssm-send-command").expect("in the catalogue");
    let (mut inv, attacker) = fixture(p, Variant::Open);
    for r in &mut inv.resources {
        if let Attributes::IamRole(role) = &mut r.attributes {
            role.instance_profiles = Value::unknown("not in this snapshot");
        }
    }
    let report = analyze(&inv).of(attacker).cloned().expect("a report");
    assert!(!open(&report, p.id), "{report:#?}");
    let route = report
        .undecided
        .iter()
        .find(|r| r.path.id == p.id)
        .unwrap_or_else(|| panic!("not undecided: {report:#?}"));
    assert!(
        route.unknown.iter().any(
            |u| u.contains("which role instance profile") && u.contains("not in this snapshot")
        ),
        "{:?}",
        route.unknown
    );
    // Known to hold no role: nothing to gain, so the path is closed.
    for r in &mut inv.resources {
        if let Attributes::IamRole(role) = &mut r.attributes {
            role.instance_profiles = Value::Known(vec![]);
        }
    }
    let report = analyze(&inv).of(attacker).cloned().expect("a report");
    assert!(
        !open(&report, p.id) && !undecided(&report, p.id),
        "{report:#?}"
    );
}
