//! Benchmark: a synthetic 100,000-resource inventory (10,000 public subnets with their route
//! tables and security groups, 20,000 instances, 200 roles, 20,000 buckets, 10,000 functions,
//! the rest secrets), timed through graph build, path search and the toxic combinations.
//!
//! `cargo run --release -p cloudward-graph --example bench`

use std::time::Instant;

use cloudward_model::ec2::{
    Instance, MetadataOptions, Peer, Route, RouteTable, SecurityGroup, SecurityGroupRule, Subnet,
};
use cloudward_model::iam::{InlinePolicy, Role};
use cloudward_model::lambda::Function;
use cloudward_model::organizations::Organization;
use cloudward_model::policy::PolicyDocument;
use cloudward_model::s3::Bucket;
use cloudward_model::secretsmanager::Secret;
use cloudward_model::test_support::{global, resource, TEST_ACCOUNT};
use cloudward_model::{Attributes, Inventory, Value};
use serde_json::json;

fn main() {
    let mut inv = Inventory::new();
    inv.account_id = Some(TEST_ACCOUNT.into());
    inv.push(global(
        "org",
        Attributes::OrganizationsOrganization(Organization {
            account_id: TEST_ACCOUNT.into(),
            membership: Value::Known(None),
            ..Default::default()
        }),
    ));
    let doc = |s: serde_json::Value| Value::Known(PolicyDocument(json!({"Statement": [s]})));
    for r in 0..200 {
        let statement = if r % 50 == 0 {
            json!({"Effect": "Allow", "Action": "*", "Resource": "*"})
        } else {
            json!({"Effect": "Allow", "Action": ["s3:GetObject", "secretsmanager:GetSecretValue"], "Resource": [format!("arn:aws:s3:::bucket-{r}.*/*"), format!("arn:aws:secretsmanager:us-east-1:{TEST_ACCOUNT}:secret:s-{r}.*")]})
        };
        inv.push(global(&format!("role-{r}"), Attributes::IamRole(Role {
            role_name: format!("role-{r}"),
            arn: format!("arn:aws:iam::{TEST_ACCOUNT}:role/role-{r}"),
            path: "/".into(),
            assume_role_policy: doc(json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}})),
            attached_policies: Value::Known(vec![]),
            inline_policies: Value::Known(vec![InlinePolicy { policy_name: "main".into(), document: doc(statement) }]),
            permissions_boundary: Value::Known(None),
            ..Default::default()
        })));
    }
    for s in 0..10_000 {
        let (subnet, sg) = (format!("subnet-{s}"), format!("sg-{s}"));
        inv.push(resource(
            &subnet,
            Attributes::Ec2Subnet(Subnet {
                subnet_id: subnet.clone(),
                vpc_id: format!("vpc-{}", s / 10),
                ..Default::default()
            }),
        ));
        if s % 10 == 0 {
            let target = if s % 20 == 0 { "igw-1" } else { "nat-1" };
            inv.push(resource(
                &format!("rtb-{s}"),
                Attributes::Ec2RouteTable(RouteTable {
                    route_table_id: format!("rtb-{s}"),
                    vpc_id: format!("vpc-{}", s / 10),
                    is_main: true,
                    associated_subnet_ids: vec![],
                    routes: Value::Known(vec![Route {
                        destination: "0.0.0.0/0".into(),
                        target: target.into(),
                    }]),
                }),
            ));
        }
        let ingress = if s % 3 == 0 {
            Value::unknown("AccessDenied")
        } else {
            Value::Known(vec![SecurityGroupRule {
                ip_protocol: "tcp".into(),
                from_port: Some(443),
                to_port: Some(443),
                peer: Peer::Ipv4("0.0.0.0/0".into()),
                description: None,
            }])
        };
        inv.push(resource(
            &sg,
            Attributes::Ec2SecurityGroup(SecurityGroup {
                group_id: sg.clone(),
                group_name: sg.clone(),
                ingress,
                egress: Value::Known(vec![]),
                ..Default::default()
            }),
        ));
    }
    for i in 0..20_000 {
        let s = i % 10_000;
        inv.push(resource(
            &format!("i-{i}"),
            Attributes::Ec2Instance(Instance {
                instance_id: format!("i-{i}"),
                state: "running".into(),
                public_ip_address: Value::Known((i % 2 == 0).then(|| "203.0.113.1".to_string())),
                subnet_id: Some(format!("subnet-{s}")),
                vpc_id: Some(format!("vpc-{}", s / 10)),
                security_group_ids: Value::Known(vec![format!("sg-{s}")]),
                iam_instance_profile: Value::Known(Some(format!(
                    "arn:aws:iam::{TEST_ACCOUNT}:instance-profile/role-{}",
                    i % 200
                ))),
                metadata_options: Value::Known(MetadataOptions {
                    http_tokens: if i % 4 == 0 { "optional" } else { "required" }.into(),
                    http_endpoint: "enabled".into(),
                }),
                ..Default::default()
            }),
        ));
    }
    for b in 0..20_000 {
        inv.push(global(
            &format!("bucket-{}.{b}", b % 200),
            Attributes::S3Bucket(Bucket {
                name: format!("bucket-{}.{b}", b % 200),
                acl_grants: Value::Known(vec![]),
                policy: Value::Known(None),
                public_access_block: Value::Known(None),
                ..Default::default()
            }),
        ));
    }
    for f in 0..10_000 {
        inv.push(resource(
            &format!("fn-{f}"),
            Attributes::LambdaFunction(Function {
                function_name: format!("fn-{f}"),
                function_arn: format!("arn:aws:lambda:us-east-1:{TEST_ACCOUNT}:function:fn-{f}"),
                url_auth_types: Value::Known(if f % 10 == 0 {
                    vec!["NONE".into()]
                } else {
                    vec![]
                }),
                policy: Value::Known(None),
                role: Value::Known(format!("arn:aws:iam::{TEST_ACCOUNT}:role/role-{}", f % 200)),
                ..Default::default()
            }),
        ));
    }
    let mut n = 0;
    while inv.resources.len() < 100_000 {
        inv.push(resource(
            &format!("s-{}.{n}", n % 200),
            Attributes::SecretsManagerSecret(Secret {
                name: format!("s-{}.{n}", n % 200),
                arn: format!(
                    "arn:aws:secretsmanager:us-east-1:{TEST_ACCOUNT}:secret:s-{}.{n}",
                    n % 200
                ),
                policy: Value::Known(None),
                ..Default::default()
            }),
        ));
        n += 1;
    }
    inv.normalize();
    let started = Instant::now();
    let evaluator = cloudward_policy::Evaluator::new(&inv);
    let graph = cloudward_graph::build(&inv, &evaluator);
    let built = started.elapsed();
    let paths = cloudward_graph::search(&graph, cloudward_graph::Query { to: None });
    let searched = started.elapsed();
    let combos = cloudward_graph::find(&graph, &evaluator);
    let total = started.elapsed();
    println!(
        "{} resources: {} nodes, {} edges; build {:.2?}, search {:.2?} ({} paths), combinations {:.2?} ({} findings); total {:.2?}; truncations {}",
        inv.resources.len(), graph.nodes.len(), graph.edges.len(), built, searched - built, paths.paths.len(), total - searched, combos.findings.len(), total,
        graph.truncations.len() + paths.truncations.len() + combos.truncations.len()
    );
}
