//! How long the escalation search takes on a synthetic account: `cargo run --release -p
//! cloudward-escalation --example throughput -- <users> <roles>`. Each user is in one of ten
//! groups and holds a narrow inline policy; a tenth may pass roles to EC2; roles trust EC2
//! or the account, a tenth are administrators. Figures go in the issue note.

use std::time::Instant;

use cloudward_model::iam::{AttachedPolicy, Group, InlinePolicy, Policy, Role, User};
use cloudward_model::organizations::Organization;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::{Attributes, Inventory, Resource, Source, Value};
use serde_json::json;

const ACCOUNT: &str = "123456789012";

fn resource(id: String, name: String, attributes: Attributes) -> Resource {
    Resource {
        id,
        name,
        account: Some(ACCOUNT.into()),
        region: None,
        tags: Default::default(),
        tags_unknown: None,
        source: Source::Live,
        attribute_locations: Default::default(),
        existence_unknown: None,
        suppressions: Vec::new(),
        attributes,
    }
}

fn doc(v: serde_json::Value) -> Value<PolicyDocument> {
    Value::Known(PolicyDocument(
        json!({"Version": "2012-10-17", "Statement": v}),
    ))
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().unwrap_or(100));
    let users = args.next().unwrap_or(200);
    let roles = args.next().unwrap_or(200);
    let mut inv = Inventory::new();
    inv.account_id = Some(ACCOUNT.into());
    inv.push(resource(
        ACCOUNT.into(),
        ACCOUNT.into(),
        Attributes::OrganizationsOrganization(Organization {
            account_id: ACCOUNT.into(),
            membership: Value::Known(None),
            ..Default::default()
        }),
    ));
    let admin = format!("arn:aws:iam::{ACCOUNT}:policy/Admin");
    inv.push(resource(
        admin.clone(),
        "Admin".into(),
        Attributes::IamPolicy(Policy {
            policy_name: "Admin".into(),
            arn: admin.clone(),
            aws_managed: false,
            document: doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}])),
            attachments: Value::Known(vec![]),
        }),
    ));
    for g in 0..10 {
        let arn = format!("arn:aws:iam::{ACCOUNT}:group/g{g}");
        inv.push(resource(
            arn.clone(),
            format!("g{g}"),
            Attributes::IamGroup(Group {
                group_name: format!("g{g}"),
                arn,
                attached_policies: Value::Known(vec![]),
                inline_policies: Value::Known(vec![InlinePolicy {
                    policy_name: "read".into(),
                    document: doc(json!([{"Effect": "Allow", "Action": ["s3:Get*", "dynamodb:Query"], "Resource": "*"}])),
                }]),
            }),
        ));
    }
    for u in 0..users {
        let arn = format!("arn:aws:iam::{ACCOUNT}:user/u{u}");
        let actions = if u % 10 == 0 {
            json!(["iam:PassRole", "ec2:RunInstances", "sts:AssumeRole"])
        } else {
            json!(["sqs:SendMessage", "sts:AssumeRole"])
        };
        inv.push(resource(
            arn.clone(),
            format!("u{u}"),
            Attributes::IamUser(User {
                user_name: format!("u{u}"),
                arn,
                attached_policies: Value::Known(vec![]),
                inline_policies: Value::Known(vec![InlinePolicy {
                    policy_name: "work".into(),
                    document: doc(json!([{"Effect": "Allow", "Action": actions, "Resource": "*"}])),
                }]),
                groups: Value::Known(vec![format!("g{}", u % 10)]),
                permissions_boundary: Value::Known(None),
                ..Default::default()
            }),
        ));
    }
    for r in 0..roles {
        let arn = format!("arn:aws:iam::{ACCOUNT}:role/r{r}");
        let trust = if r % 2 == 0 {
            json!({"Service": "ec2.amazonaws.com"})
        } else {
            json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:user/u{r}")})
        };
        let attached = if r % 10 == 0 {
            vec![AttachedPolicy {
                policy_name: "Admin".into(),
                policy_arn: admin.clone(),
            }]
        } else {
            vec![]
        };
        inv.push(resource(
            arn.clone(),
            format!("r{r}"),
            Attributes::IamRole(Role {
                role_name: format!("r{r}"),
                arn,
                path: "/".into(),
                assume_role_policy: doc(
                    json!([{"Effect": "Allow", "Principal": trust, "Action": "sts:AssumeRole"}]),
                ),
                attached_policies: Value::Known(attached),
                inline_policies: Value::Known(vec![]),
                permissions_boundary: Value::Known(None),
                ..Default::default()
            }),
        ));
    }
    inv.normalize();
    let start = Instant::now();
    let analysis = cloudward_escalation::analyze(&inv);
    let elapsed = start.elapsed();
    let open = analysis
        .reports()
        .filter(|(_, r)| !r.open.is_empty())
        .count();
    println!(
        "{users} users, {roles} roles: {} principals analysed in {:.2?} ({open} with an open path)",
        analysis.reports().count(),
        elapsed
    );
}
