//! How many requests per second the evaluator decides: one user in three groups, each with
//! managed policies of many statements (wildcards, conditions, variables), a boundary, SCPs on
//! three levels and a bucket policy. `cargo run --release -p cloudward-policy --example
//! evaluate_throughput [REQUESTS]` (not `throughput`: detect has an example of that name).
//! Figures go in issue notes, not in tests.

use std::time::Instant;

use cloudward_model::iam::{AttachedPolicy, Group, Policy, User};
use cloudward_model::organizations::{Membership, Organization, Scp, Target};
use cloudward_model::policy::PolicyDocument;
use cloudward_model::s3::Bucket;
use cloudward_model::{Attributes, Inventory, Resource, Source, Value};
use cloudward_policy::{Context, Evaluator, Request, Verdict};
use serde_json::json;

const ACCOUNT: &str = "111122223333";

fn resource(id: &str, name: &str, attributes: Attributes) -> Resource {
    Resource {
        id: id.into(),
        name: name.into(),
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

fn statements(n: usize, service: &str) -> serde_json::Value {
    let list: Vec<_> = (0..n)
        .map(|i| {
            json!({"Sid": format!("S{i}"), "Effect": if i % 7 == 6 { "Deny" } else { "Allow" },
                "Action": [format!("{service}:Get*{i}"), format!("{service}:List?{i}*")],
                "Resource": format!("arn:aws:{service}:*:{ACCOUNT}:thing/${{aws:username}}/{i}/*"),
                "Condition": {"StringEquals": {"aws:RequestedRegion": ["eu-west-1", "us-east-1"]},
                              "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}})
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": list})
}

fn main() {
    let requests: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let mut inv = Inventory::new();
    inv.account_id = Some(ACCOUNT.into());
    let mut group_names = Vec::new();
    for g in 0..3 {
        let mut attached = Vec::new();
        for p in 0..4 {
            let name = format!("p{g}-{p}");
            let arn = format!("arn:aws:iam::{ACCOUNT}:policy/{name}");
            inv.push(resource(
                &arn,
                &name,
                Attributes::IamPolicy(Policy {
                    policy_name: name.clone(),
                    arn: arn.clone(),
                    aws_managed: false,
                    document: Value::Known(PolicyDocument(statements(25, ["s3", "sqs", "ec2"][g]))),
                    attachments: Value::Known(vec![]),
                }),
            ));
            attached.push(AttachedPolicy {
                policy_name: name,
                policy_arn: arn,
            });
        }
        let name = format!("g{g}");
        let arn = format!("arn:aws:iam::{ACCOUNT}:group/{name}");
        inv.push(resource(
            &arn,
            &name,
            Attributes::IamGroup(Group {
                group_name: name.clone(),
                arn: arn.clone(),
                attached_policies: Value::Known(attached),
                inline_policies: Value::Known(vec![]),
            }),
        ));
        group_names.push(name);
    }
    let boundary = format!("arn:aws:iam::{ACCOUNT}:policy/boundary");
    inv.push(resource(&boundary, "boundary", Attributes::IamPolicy(Policy {
        policy_name: "boundary".into(),
        arn: boundary.clone(),
        aws_managed: false,
        document: Value::Known(PolicyDocument(json!({"Statement": [{"Effect": "Allow", "Action": ["s3:*", "sqs:*", "ec2:*"], "Resource": "*"}]}))),
        attachments: Value::Known(vec![]),
    })));
    let alice = format!("arn:aws:iam::{ACCOUNT}:user/alice");
    inv.push(resource(
        &alice,
        "alice",
        Attributes::IamUser(User {
            user_name: "alice".into(),
            arn: alice.clone(),
            attached_policies: Value::Known(vec![]),
            inline_policies: Value::Known(vec![]),
            groups: Value::Known(group_names),
            permissions_boundary: Value::Known(Some(boundary)),
            ..Default::default()
        }),
    ));
    inv.push(resource(
        "arn:aws:s3:::b",
        "b",
        Attributes::S3Bucket(Bucket {
            name: "b".into(),
            policy: Value::Known(Some(PolicyDocument(statements(40, "s3")))),
            ..Default::default()
        }),
    ));
    let target = |id: &str| Target {
        target_id: id.into(),
        name: id.into(),
        r#type: "x".into(),
    };
    inv.push(resource(
        "org",
        ACCOUNT,
        Attributes::OrganizationsOrganization(Organization {
            account_id: ACCOUNT.into(),
            membership: Value::Known(Some(Membership {
                id: "o-1".into(),
                management_account_id: "999999999999".into(),
                ..Default::default()
            })),
            scps: Value::Known(vec![Scp {
                id: "p-FullAWSAccess".into(),
                targets: Value::Known(vec![target("r-1"), target("ou-1"), target(ACCOUNT)]),
                document: Value::Known(PolicyDocument(
                    json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
                )),
                ..Default::default()
            }]),
            parent_path: Value::Known(vec!["r-1".into(), "ou-1".into()]),
            ..Default::default()
        }),
    ));
    inv.normalize();
    let evaluator = Evaluator::new(&inv);
    let mut context = Context::new();
    context
        .insert("aws:RequestedRegion", "eu-west-1")
        .insert("aws:SourceIp", "10.1.2.3");
    let start = Instant::now();
    let mut allowed = 0usize;
    for i in 0..requests {
        // Half the requests go to the bucket (its policy is read), half to EC2 resources
        // of the third group's policies (allowed when the statement number matches).
        let n = i % 25;
        let (action, resource) = if i % 2 == 0 {
            (
                format!("s3:GetObject{n}"),
                format!("arn:aws:s3:::b/thing/alice/{n}/x"),
            )
        } else {
            (
                format!("ec2:GetThing{n}"),
                format!("arn:aws:ec2:eu-west-1:{ACCOUNT}:thing/alice/{n}/x"),
            )
        };
        let request = Request {
            principal: alice.clone(),
            action,
            resource,
            context: context.clone(),
        };
        if evaluator.evaluate(&request).verdict == Verdict::Allow {
            allowed += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{requests} requests in {secs:.2} s: {:.0} per second ({allowed} allowed); {} statements per request",
        requests as f64 / secs,
        12 * 25 + 1 + 40 + 1
    );
}
